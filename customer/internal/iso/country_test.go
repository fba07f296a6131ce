package iso

import (
	"slices"
	"testing"

	"golang.org/x/text/language"
)

func TestCountry(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string // "" when refused
	}{
		{"canonical", "DE", "DE"},
		{"lower case", "de", "DE"},
		{"mixed case", "gB", "GB"},
		{"surrounding spaces", "  us\t\n", "US"},
		{"first code", "AD", "AD"},
		{"last code", "ZW", "ZW"},
		{"Aland", "ax", "AX"},
		{"Bonaire Sint Eustatius Saba", "BQ", "BQ"},
		{"Curacao", "CW", "CW"},
		{"Sint Maarten", "SX", "SX"},
		{"South Sudan", "SS", "SS"},
		{"Antarctica", "AQ", "AQ"},
		{"Palestine", "PS", "PS"},
		{"Taiwan", "TW", "TW"},
		{"Western Sahara", "EH", "EH"},
		{"Mayotte", "YT", "YT"},

		{"UK is reserved", "UK", ""},
		{"uk lower case", "uk", ""},
		{"EU is reserved", "EU", ""},
		{"EZ is reserved", "EZ", ""},
		{"UN is reserved", "UN", ""},
		{"XK Kosovo is user-assigned", "XK", ""},
		{"YU deleted", "YU", ""},
		{"AN deleted", "AN", ""},
		{"CS deleted", "CS", ""},
		{"ZR deleted", "ZR", ""},
		{"TP deleted", "TP", ""},
		{"BU deleted", "BU", ""},
		{"DD deleted", "DD", ""},
		{"SU reserved", "SU", ""},
		{"FX reserved", "FX", ""},
		{"AC reserved", "AC", ""},
		{"CP reserved", "CP", ""},
		{"CQ reserved", "CQ", ""},
		{"DG reserved", "DG", ""},
		{"EA reserved", "EA", ""},
		{"IC reserved", "IC", ""},
		{"TA reserved", "TA", ""},
		{"AA user-assigned", "AA", ""},
		{"QM user-assigned", "QM", ""},
		{"QZ user-assigned", "QZ", ""},
		{"XA user-assigned", "XA", ""},
		{"XZ user-assigned", "XZ", ""},
		{"ZZ user-assigned", "ZZ", ""},
		{"alpha-3", "USA", ""},
		{"alpha-3 lower", "deu", ""},
		{"numeric", "840", ""},
		{"numeric two digits", "40", ""},
		{"empty", "", ""},
		{"spaces only", "   ", ""},
		{"one letter", "D", ""},
		{"inner space", "D E", ""},
		{"hyphen", "D-", ""},
		{"non-ASCII", "DÉ", ""},
		{"full-width", "ＤＥ", ""},
		{"NUL", "D\x00", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := Country(tt.in)
			if ok != (tt.want != "") || got != tt.want {
				t.Errorf("Country(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.want != "")
			}
		})
	}
}

func TestCountries(t *testing.T) {
	t.Parallel()
	all := Countries()
	if len(all) != 249 {
		t.Fatalf("len(Countries()) = %d, want 249", len(all))
	}
	if !slices.IsSorted(all) {
		t.Error("Countries() is not sorted")
	}
	if len(slices.Compact(slices.Clone(all))) != len(all) {
		t.Error("Countries() has duplicates")
	}
	for _, c := range all {
		if got, ok := Country(c); !ok || got != c {
			t.Errorf("Country(%q) = %q, %v; want itself", c, got, ok)
		}
	}
	all[0] = "XX" // the caller owns the slice
	if Countries()[0] != "AD" {
		t.Error("Countries() shares its slice")
	}
}

// TestCountryTableFormat keeps the table usable by find: fixed-width
// upper-case entries, one space after each.
func TestCountryTableFormat(t *testing.T) {
	t.Parallel()
	checkTableFormat(t, countryTable, 2, 2)
}

// TestCountryTableAgainstXText documents why the table is not x/text's
// region table. x/text knows every assigned code, but also accepts codes
// that are not officially assigned alpha-2 codes; each must stay refused.
func TestCountryTableAgainstXText(t *testing.T) {
	t.Parallel()
	for _, c := range Countries() {
		r, err := language.ParseRegion(c)
		if err != nil || r.String() != c || !r.IsCountry() {
			t.Errorf("x/text region %q = %v, %v (country %v); want the same country", c, r, err, r.IsCountry())
		}
	}

	// Accepted by x/text as a country, refused here.
	xtextOnly := []string{
		// exceptionally reserved
		"AC", "CP", "CQ", "DG", "EA", "EZ", "FX", "IC", "SU", "TA", "UK", "UN",
		// user-assigned, used by CLDR for Kosovo
		"XK",
		// deleted (ISO 3166-3), transitionally or indeterminately reserved
		"AN", "BU", "CS", "CT", "DD", "DY", "FQ", "HV", "JT", "MI", "NH", "NQ",
		"NT", "PC", "PU", "PZ", "RH", "TP", "VD", "WK", "YD", "YU", "ZR",
	}
	for _, s := range xtextOnly {
		r, err := language.ParseRegion(s)
		if err != nil || !r.IsCountry() {
			t.Errorf("x/text ParseRegion(%q) = %v, %v (country %v); the difference this test documents is gone", s, r, err, r.IsCountry())
		}
		if got, ok := Country(s); ok {
			t.Errorf("Country(%q) = %q, true; want refused", s, got)
		}
	}
	// Accepted by x/text as a region group or user-assigned code.
	for _, s := range []string{"EU", "QO", "AA", "ZZ", "XA"} {
		if _, err := language.ParseRegion(s); err != nil {
			t.Errorf("x/text ParseRegion(%q): %v; the difference this test documents is gone", s, err)
		}
		if got, ok := Country(s); ok {
			t.Errorf("Country(%q) = %q, true; want refused", s, got)
		}
	}
	// Alpha-3 and numeric codes: x/text maps them to the alpha-2 code.
	for _, s := range []string{"USA", "840", "deu", "276"} {
		if _, err := language.ParseRegion(s); err != nil {
			t.Errorf("x/text ParseRegion(%q): %v; the difference this test documents is gone", s, err)
		}
		if got, ok := Country(s); ok {
			t.Errorf("Country(%q) = %q, true; want refused", s, got)
		}
	}

	// Every two-letter code x/text calls a country and keeps as it is, but
	// that the table lacks, must be in the documented list: a new x/text
	// that knows a new code fails here, and someone checks ISO.
	known := map[string]bool{}
	for _, s := range xtextOnly {
		known[s] = true
	}
	var b [2]byte
	for b[0] = 'A'; b[0] <= 'Z'; b[0]++ {
		for b[1] = 'A'; b[1] <= 'Z'; b[1]++ {
			s := string(b[:])
			r, err := language.ParseRegion(s)
			if err != nil || !r.IsCountry() || r.String() != s {
				continue
			}
			if _, ok := Country(s); !ok && !known[s] {
				t.Errorf("x/text accepts %q as a country; check the ISO 3166 OBP and update countryTable or this list", s)
			}
		}
	}
}

func TestCountryAllocs(t *testing.T) {
	for _, in := range []string{"DE", "de", " fr ", "UK", "USA"} {
		if n := testing.AllocsPerRun(100, func() { Country(in) }); n != 0 {
			t.Errorf("Country(%q) allocates %v times", in, n)
		}
	}
}

// FuzzCountry checks that Country never panics and that what it returns is
// canonical: an assigned code that maps to itself.
//
//	go test -run '^$' -fuzz FuzzCountry ./customer/internal/iso/
func FuzzCountry(f *testing.F) {
	for _, s := range []string{"DE", "de", " us ", "UK", "XK", "USA", "840", "", "é", "D\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := Country(s)
		if !ok {
			if got != "" {
				t.Fatalf("Country(%q) = %q, false; want empty", s, got)
			}
			return
		}
		if again, ok := Country(got); !ok || again != got {
			t.Fatalf("Country(%q) = %q, but Country(%q) = %q, %v", s, got, got, again, ok)
		}
		if _, found := slices.BinarySearch(Countries(), got); !found {
			t.Fatalf("Country(%q) = %q, not in Countries()", s, got)
		}
	})
}

func BenchmarkCountry(b *testing.B) {
	for _, in := range []string{"DE", "de", "ZZ"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Country(in)
			}
		})
	}
}

// checkTableFormat checks a code table: entries of width w whose first n
// bytes are upper-case letters and the rest digits, each followed by one
// space, sorted by code and without duplicates.
func checkTableFormat(t testing.TB, table string, w, n int) {
	t.Helper()
	if len(table)%(w+1) != 0 {
		t.Fatalf("table length %d is not a multiple of %d", len(table), w+1)
	}
	prev := ""
	for i := 0; i < len(table); i += w + 1 {
		e := table[i : i+w]
		if table[i+w] != ' ' {
			t.Errorf("entry %q at %d: not followed by a space", e, i)
		}
		for j := 0; j < w; j++ {
			c := e[j]
			if j < n && (c < 'A' || c > 'Z') || j >= n && (c < '0' || c > '9') {
				t.Errorf("entry %q at %d: bad byte %q", e, i, c)
			}
		}
		if code := e[:n]; code <= prev {
			t.Errorf("entry %q at %d: not after %q", e, i, prev)
		} else {
			prev = code
		}
	}
}
