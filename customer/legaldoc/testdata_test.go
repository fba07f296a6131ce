package legaldoc_test

import (
	"bufio"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/customerkit/customerkit/customer/legaldoc"
)

// sharedVectors is the shared table of legal-document vectors; the shared
// folder sits beside the repository.
const sharedVectors = "../../../shared/testdata/legaldocs.tsv"

// TestSharedVectors runs every row of the shared table at both levels: at
// LevelFormat, valid and bad_checksum rows pass and bad_format rows fail
// with ErrFormat; at LevelChecksum only valid rows pass and bad_checksum
// rows fail with ErrChecksum.
func TestSharedVectors(t *testing.T) {
	t.Parallel()
	f, err := os.Open(sharedVectors)
	if err != nil {
		t.Skipf("shared vectors %s not available (the shared folder sits beside the repository): %v", sharedVectors, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	line, rows := 0, 0
	for sc.Scan() {
		line++
		cols := strings.Split(sc.Text(), "\t")
		if line == 1 {
			continue
		}
		if len(cols) < 4 {
			t.Errorf("line %d: %d columns", line, len(cols))
			continue
		}
		rows++
		typ, country, input, expect := legaldoc.Type(cols[0]), cols[1], cols[2], cols[3]
		fmtErr := legaldoc.Validate(typ, country, input, legaldoc.LevelFormat)
		sumErr := legaldoc.Validate(typ, country, input, legaldoc.LevelChecksum)
		var ok bool
		switch expect {
		case "valid":
			ok = fmtErr == nil && sumErr == nil
		case "bad_checksum":
			ok = fmtErr == nil && errors.Is(sumErr, legaldoc.ErrChecksum)
		case "bad_format":
			ok = errors.Is(fmtErr, legaldoc.ErrFormat) && errors.Is(sumErr, legaldoc.ErrFormat)
		default:
			t.Errorf("line %d: unknown expectation %q", line, expect)
			continue
		}
		if ok {
			continue
		}
		t.Errorf("line %d: %s %s %q: want %s; format level: %v; checksum level: %v",
			line, typ, country, input, expect, fmtErr, sumErr)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if rows == 0 {
		t.Fatal("the shared table has no rows")
	}
}
