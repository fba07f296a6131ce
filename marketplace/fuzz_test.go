package marketplace_test

import (
	"testing"

	"github.com/customerkit/customerkit/marketplace"
)

// FuzzCheckValue checks that ConfigVar.CheckValue never panics, whatever
// the type and the text, and that its canonical form is a fixed point:
// CheckValue(canonical) succeeds and returns canonical.
//
// Run it with:
//
//	go test ./marketplace/ -run '^$' -fuzz '^FuzzCheckValue$' -fuzztime 60s
func FuzzCheckValue(f *testing.F) {
	seeds := []struct {
		typ uint8
		s   string
	}{
		{0, "héllo"}, {1, "-1.50e3"}, {1, "1e21"}, {1, "0.0000001"}, {1, "-0"}, {2, "TRUE"},
		{3, "2024-02-29"}, {4, "2024-12-31T23:30:00.5-01:00"}, {4, "0001-01-01T00:30:00+01:00"},
		{5, "safe"}, {6, "*/15 9-17 * * 1-5"}, {6, "@every 90m"}, {6, "@Annually"}, {6, "05 07 01 01 7"},
		{7, `{"a":[1,2]}`}, {8, `<?xml version="1.0"?><a><b/></a>`}, {9, "<p>x"},
		{10, "01hqwp36wvrm000000000000aa"},
	}
	for _, s := range seeds {
		f.Add(s.typ, s.s)
	}
	vars := []marketplace.ConfigVar{
		{Type: marketplace.TypeString},
		{Type: marketplace.TypeNumber},
		{Type: marketplace.TypeBoolean},
		{Type: marketplace.TypeDate},
		{Type: marketplace.TypeTimestamp},
		{Type: marketplace.TypePicklist, Options: []string{"fast", "safe"}},
		{Type: marketplace.TypeSchedule},
		{Type: marketplace.TypeCode, Language: marketplace.LanguageJSON},
		{Type: marketplace.TypeCode, Language: marketplace.LanguageXML},
		{Type: marketplace.TypeCode, Language: marketplace.LanguageHTML},
		{Type: marketplace.TypeConnection, AuthMethods: []string{"api_key"}},
	}
	f.Fuzz(func(t *testing.T, typ uint8, s string) {
		v := vars[int(typ)%len(vars)]
		c, err := v.CheckValue(s)
		if err != nil {
			if c != "" {
				t.Fatalf("%s %q: refused but returned %q", v.Type, s, c)
			}
			return
		}
		again, err := v.CheckValue(c)
		if err != nil {
			t.Fatalf("%s %q: canonical %q refused: %v", v.Type, s, c, err)
		}
		if again != c {
			t.Fatalf("%s %q: canonical %q is not a fixed point: %q", v.Type, s, c, again)
		}
	})
}
