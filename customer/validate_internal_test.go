package customer

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit/customer/legaldoc"
)

// cleanStats and textStats do in one pass what cleanText,
// utf8.RuneCountInString and hasControl do in three.
//
//	go test ./customer -run '^$' -fuzz '^FuzzTextStats$' -fuzztime 60s
func FuzzTextStats(f *testing.F) {
	for _, s := range []string{"", "  Ada  ", "Friedrichstraße 2", "e\u0301", "a\x00b", "a\tb\nc", "a\x7fb", "\xff", "\u0085", "\ufffd", " Ünïcödé\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, control := textStats(s)
		require.Equal(t, utf8.RuneCountInString(s), n)
		require.Equal(t, hasControl(s), control)

		c, n, control := cleanStats(s)
		want := cleanText(s)
		require.Equal(t, want, c)
		require.Equal(t, utf8.RuneCountInString(want), n)
		require.Equal(t, hasControl(want), control)
	})
}

// At LevelFormat the rules call legaldoc.Normalize alone, on the promise
// that it fails exactly when legaldoc.Validate does at that level and with
// the same error.
//
//	go test ./customer -run '^$' -fuzz '^FuzzLegalDocumentOnePass$' -fuzztime 60s
func FuzzLegalDocumentOnePass(f *testing.F) {
	types := legaldoc.Types()
	for i, s := range types {
		f.Add(uint16(i), "", s.Example)
		for _, v := range s.Variants {
			f.Add(uint16(i), v.Country, v.Example)
			f.Add(uint16(i), v.Country, v.Example+"9")
		}
	}
	f.Add(uint16(len(types)), "", "1")
	f.Add(uint16(0), "", "")
	f.Fuzz(func(t *testing.T, i uint16, country, value string) {
		typ := legaldoc.Type("zz_unknown")
		if int(i) < len(types) {
			typ = types[i].Type
		}
		errV := legaldoc.Validate(typ, country, value, legaldoc.LevelFormat)
		_, errN := legaldoc.Normalize(typ, country, value)
		if errV == nil {
			require.NoError(t, errN, "Normalize(%s, %q, %q)", typ, country, value)
			return
		}
		require.Error(t, errN, "Normalize(%s, %q, %q)", typ, country, value)
		require.Equal(t, errV.Error(), errN.Error())
		for _, sentinel := range []error{legaldoc.ErrUnknownType, legaldoc.ErrCountry, legaldoc.ErrFormat, legaldoc.ErrChecksum} {
			require.Equal(t, errors.Is(errV, sentinel), errors.Is(errN, sentinel), "%v", sentinel)
		}
	})
}
