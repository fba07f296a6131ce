package national

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestOracleDump is a development aid, skipped unless ORACLE_IN names a
// file of "type<TAB>body" lines: it writes, to ORACLE_OUT, each line
// followed by the Format and Checksum verdicts, for comparison with an
// independent implementation.
func TestOracleDump(t *testing.T) {
	in, out := os.Getenv("ORACLE_IN"), os.Getenv("ORACLE_OUT")
	if in == "" || out == "" {
		t.Skip("ORACLE_IN / ORACLE_OUT not set")
	}
	f, err := os.Open(in)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		typ, b, _ := strings.Cut(sc.Text(), "\t")
		d, ok := defByType(typ)
		if !ok {
			t.Fatalf("unknown type %q", typ)
		}
		ck := d.Checksum == nil || d.Checksum(b)
		fmt.Fprintf(bw, "%s\t%s\t%v\t%v\n", typ, b, d.Format(b), ck)
	}
}
