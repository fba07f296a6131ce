package legaldoc_test

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"text/tabwriter"

	"github.com/customerkit/customerkit/customer/legaldoc"
)

var update = flag.Bool("update", false, "rewrite the generated table of doc.go")

const (
	docFile   = "doc.go"
	docMarker = "// go test ./customer/legaldoc -run TestDocTable -update):"
	docEnd    = "// # Sources"
)

// checksumCell says whether LevelChecksum verifies the check digits of s.
func checksumCell(s legaldoc.Spec) string {
	n := 0
	for _, v := range s.Variants {
		if v.Checksum {
			n++
		}
	}
	switch {
	case n == 0:
		return "no"
	case n == len(s.Variants):
		return "yes"
	}
	return "partly"
}

// docTable renders the registry as the comment lines of doc.go.
func docTable() string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "type\tcountries\tchecksum\tdescription")
	var multi []legaldoc.Spec
	for _, s := range legaldoc.Types() {
		countries := strings.Join(s.Countries, " ")
		switch {
		case s.Type == legaldoc.Other:
			countries = "any"
		case len(s.Countries) > 3:
			countries = fmt.Sprintf("%d, below", len(s.Countries))
			multi = append(multi, s)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", s.Type, countries, checksumCell(s), s.Description)
	}
	w.Flush()
	for _, s := range multi {
		fmt.Fprintf(&b, "\nThe countries of %s:\n\n", s.Type)
		w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, "country\tprefix\tchecksum\tdescription")
		for _, v := range s.Variants {
			sum := "no"
			if v.Checksum {
				sum = "yes"
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", v.Country, v.Prefix, sum, v.Description)
		}
		w.Flush()
	}
	// indent the tables as code blocks, leave the sentences as text
	var out strings.Builder
	out.WriteString("//\n")
	for l := range strings.SplitSeq(strings.TrimRight(b.String(), "\n"), "\n") {
		l = strings.TrimRight(l, " ")
		switch {
		case l == "":
			out.WriteString("//\n")
		case strings.HasPrefix(l, "The countries of "):
			out.WriteString("// " + l + "\n")
		default:
			out.WriteString("//\t" + l + "\n")
		}
	}
	out.WriteString("//\n")
	return out.String()
}

// TestDocTable checks that the table of types in doc.go is the one the
// registry renders. Regenerate it with -update (or LEGALDOC_UPDATE=1).
func TestDocTable(t *testing.T) {
	src, err := os.ReadFile(docFile)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(src)
	start := strings.Index(doc, docMarker)
	end := strings.Index(doc, docEnd)
	if start < 0 || end < start {
		t.Fatalf("%s lacks the markers %q and %q", docFile, docMarker, docEnd)
	}
	start += len(docMarker) + 1
	want := docTable()
	if doc[start:end] == want {
		return
	}
	if *update || os.Getenv("LEGALDOC_UPDATE") == "1" {
		if err := os.WriteFile(docFile, []byte(doc[:start]+want+doc[end:]), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s updated", docFile)
		return
	}
	t.Errorf("the table of types in %s is out of date; run go test ./customer/legaldoc -run TestDocTable -update\n\nwant:\n%s", docFile, want)
}
