package iso

import (
	"strings"
	"testing"
)

func TestLanguage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string // "" when refused
	}{
		{"language only", "en", "en"},
		{"upper-case language", "EN", "en"},
		{"region case", "en-us", "en-US"},
		{"surrounding spaces", "  de-ch ", "de-CH"},
		{"script case", "zh-hant-tw", "zh-Hant-TW"},
		{"redundant script removed", "EN-latn-us", "en-US"},
		{"needed script kept", "sr-Latn", "sr-Latn"},
		{"deprecated language iw", "iw", "he"},
		{"deprecated language in", "in-ID", "id-ID"},
		{"deprecated region BU", "en-BU", "en-MM"},
		{"grandfathered i-klingon", "i-klingon", "tlh"},
		{"extlang", "zh-yue", "yue"},
		{"UN M.49 region", "es-419", "es-419"},
		{"variant", "de-DE-1901", "de-DE-1901"},
		{"unicode extension", "en-US-u-ca-gregory", "en-US-u-ca-gregory"},
		{"private use suffix", "en-x-acme", "en-x-acme"},
		{"three-letter language", "haw", "haw"},
		{"legacy tl kept", "tl", "tl"},
		{"macrolanguage member kept", "cmn", "cmn"},
		{"underscore accepted", "en_US", "en-US"},
		{"underscore lower", "pt_br", "pt-BR"},

		{"empty", "", ""},
		{"spaces", "  ", ""},
		{"undetermined", "und", ""},
		{"undetermined upper", "UND", ""},
		{"undetermined with region", "und-US", ""},
		{"private use only", "x-acme", ""},
		{"uncoded", "mis", ""},
		{"multiple", "mul", ""},
		{"no linguistic content", "zxx", ""},
		{"malformed", "xx-!!", ""},
		{"trailing hyphen", "en-", ""},
		{"leading hyphen", "-en", ""},
		{"double hyphen", "en--US", ""},
		{"inner space", "en US", ""},
		{"POSIX charset", "en_US.UTF-8", ""},
		{"subtag too long", "abcdefghi", ""},
		{"digits", "123", ""},
		{"non-ASCII", "français", ""},
		{"too long", "en-" + strings.Repeat("x-", 70) + "a", ""},
		{"repeated singleton", "en-u-ca-gregory-u-nu-latn", ""},
		{"repeated singleton other case", "en-a-bbb-A-ccc", ""},
		{"singleton repeated in private use", "en-x-a-a", "en-x-a-a"},
		{"different singletons", "en-a-bbb-b-ccc", "en-a-bbb-b-ccc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := Language(tt.in)
			if ok != (tt.want != "") || got != tt.want {
				t.Errorf("Language(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.want != "")
			}
		})
	}
}

// FuzzLanguage checks that Language never panics and that what it returns
// is canonical: it maps to itself.
//
//	go test -run '^$' -fuzz FuzzLanguage ./customer/internal/iso/
func FuzzLanguage(f *testing.F) {
	for _, s := range []string{
		"en", "en-us", "en_US", "zh-hant-tw", "iw", "i-klingon", "und", "x-a",
		"en-US-u-ca-gregory-x-a", "de-DE-1901-1996", "sgn-BE-FR", "xx-!!", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := Language(s)
		if !ok {
			if got != "" {
				t.Fatalf("Language(%q) = %q, false; want empty", s, got)
			}
			return
		}
		again, ok := Language(got)
		if !ok || again != got {
			t.Fatalf("Language(%q) = %q, but Language(%q) = %q, %v", s, got, got, again, ok)
		}
		if strings.ContainsAny(got, "_ ") {
			t.Fatalf("Language(%q) = %q: not hyphen-separated", s, got)
		}
	})
}

// TestLanguageShortcut checks isCanonicalShort against the parse it
// spares: every two-letter subtag is in languageTable exactly when
// parseLanguage returns it unchanged, and every tag of a listed language
// and an officially assigned country is one parseLanguage returns
// unchanged. Upgrading golang.org/x/text runs it again.
func TestLanguageShortcut(t *testing.T) {
	t.Parallel()
	n := 0
	for a := byte('a'); a <= 'z'; a++ {
		for b := byte('a'); b <= 'z'; b++ {
			ll := string([]byte{a, b})
			got, ok := parseLanguage(ll)
			if want := ok && got == ll; isCanonicalShort(ll) != want {
				t.Errorf("isCanonicalShort(%q) = %v, but parseLanguage gives %q, %v", ll, !want, got, ok)
			}
			if !isCanonicalShort(ll) {
				continue
			}
			n++
			for _, cc := range Countries() {
				tag := ll + "-" + cc
				if !isCanonicalShort(tag) {
					t.Errorf("isCanonicalShort(%q) = false", tag)
				}
				if got, ok := parseLanguage(tag); !ok || got != tag {
					t.Errorf("parseLanguage(%q) = %q, %v; the shortcut says it is canonical", tag, got, ok)
				}
			}
		}
	}
	if want := len(entries(languageTable, 2, 2)); n != want {
		t.Errorf("%d canonical two-letter languages, languageTable lists %d", n, want)
	}
	for _, s := range []string{"en-us", "EN-US", "en_US", " en", "en-UK", "en-XK", "en-419", "iw-IL", "en-Latn", "e", "enUS", "en-USA", "én"} {
		if isCanonicalShort(s) {
			t.Errorf("isCanonicalShort(%q) = true", s)
		}
	}
}

// FuzzLanguageShortcut checks that Language, shortcut included, answers
// as parseLanguage does for any input.
//
//	go test -run '^$' -fuzz FuzzLanguageShortcut ./customer/internal/iso/
func FuzzLanguageShortcut(f *testing.F) {
	for _, s := range []string{"en", "de-DE", "en-us", "iw", "mo", "en-BU", "en-UK", "en-XK", "sh", "zh-Hant-TW", " de", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := Language(s)
		want, wantOK := parseLanguage(s)
		if got != want || ok != wantOK {
			t.Fatalf("Language(%q) = %q, %v; parseLanguage gives %q, %v", s, got, ok, want, wantOK)
		}
	})
}

func BenchmarkLanguage(b *testing.B) {
	for _, in := range []string{"de", "en-US", "en-us", "zh-hant-tw"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Language(in)
			}
		})
	}
}
