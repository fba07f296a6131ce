package national

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// sharedVectors is the shared test-vector file, relative to this package
// in a checkout that has shared/ beside the repository.
const sharedVectors = "../../../../../shared/testdata/legaldocs.tsv"

// knownDeviations lists the shared rows this package deliberately does not
// follow, with the reason (none at present). The framework runs the same
// rows: see the package report.
var knownDeviations = map[string]string{}

// TestSharedVectors checks every row of the shared vectors whose type is
// one of this package's against Format and Checksum.
func TestSharedVectors(t *testing.T) {
	f, err := os.Open(sharedVectors)
	if err != nil {
		t.Skipf("shared vectors not available: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	line, checked := 0, 0
	for sc.Scan() {
		line++
		cols := strings.Split(sc.Text(), "\t")
		if line == 1 || len(cols) < 4 {
			continue
		}
		typ, country, input, expect := cols[0], cols[1], cols[2], cols[3]
		d, ok := defByType(typ)
		if !ok {
			continue
		}
		checked++
		if d.Country != country {
			t.Errorf("line %d: %s: country %s, want %s", line, typ, country, d.Country)
		}
		got := verdict(d, input)
		if why, ok := knownDeviations[typ+"\t"+input]; ok {
			t.Logf("line %d: %s %q: expected %s, got %s (known deviation: %s)", line, typ, input, expect, got, why)
			continue
		}
		if got != expect {
			t.Errorf("line %d: %s %q: got %s, want %s", line, typ, input, got, expect)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Fatal("no row of this package's types in the shared vectors")
	}
	t.Logf("%d rows checked", checked)
}
