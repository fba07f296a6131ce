package customer

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit/customer/internal/iso"
)

// CanonicalLanguage answers a tag it has seen canonical from a set,
// without parsing; the answer must be the parser's, on the first call and
// on every later one.
//
//	go test ./customer -run '^$' -fuzz '^FuzzCanonicalLanguage$' -fuzztime 60s
func FuzzCanonicalLanguage(f *testing.F) {
	for _, s := range []string{"en", "de-DE", "pt-BR", "en-us", " en ", "en_US", "iw", "en-BU", "und", "mis", "zh-Hant-TW", "en-Latn-US", "sr-Latn", "i-klingon", "x-acme", "en-u-ca-gregory-u-nu-latn", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, wantOK := iso.Language(s)
		for range 2 {
			got, ok := CanonicalLanguage(s)
			require.Equal(t, wantOK, ok, "CanonicalLanguage(%q)", s)
			require.Equal(t, want, got, "CanonicalLanguage(%q)", s)
		}
	})
}

func TestCanonicalLanguageRemembersOnlyCanonicalTags(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"en-us", " fr ", "en_GB", "iw"} {
		_, _ = CanonicalLanguage(s)
		_, ok := canonicalLanguages.m.Load(s)
		require.False(t, ok, "%q is not canonical and must not be remembered", s)
	}
	got, ok := CanonicalLanguage("de-CH")
	require.True(t, ok)
	require.Equal(t, "de-CH", got)
	_, ok = canonicalLanguages.m.Load("de-CH")
	require.True(t, ok, "a canonical tag is remembered")
}

func TestTagSetIsBounded(t *testing.T) {
	t.Parallel()
	var set tagSet
	for i := range 3 * maxRememberedLanguages {
		set.remember("tag" + strconv.Itoa(i))
	}
	n := 0
	set.m.Range(func(any, any) bool { n++; return true })
	require.Equal(t, maxRememberedLanguages, n)
}
