package customer

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit/customer/internal/iso"
)

// CanonicalLanguage must answer as the iso package does, on the first call
// and on every later one.
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
