package iso

import (
	"strings"

	"golang.org/x/text/language"
)

// LanguageDetail explains the language rule, for a FieldError detail.
const LanguageDetail = "must be a well-formed BCP 47 language tag naming a language, such as en, de-CH or zh-Hant-TW"

// maxLanguageLen bounds the input Language parses, in bytes (after trimming
// white space). Real tags, extensions included, are far shorter.
const maxLanguageLen = 128

// Language returns the canonical form of the BCP 47 language tag s.
//
// It trims surrounding white space, parses s with golang.org/x/text/language
// and canonicalises it as BCP 47 recommends (language.BCP47): letter case
// normalised ("en-us" is "en-US"), deprecated subtags replaced by their
// preferred values ("iw" is "he", "en-BU" is "en-MM") and redundant scripts
// removed ("en-Latn-US" is "en-US"). Legacy and macrolanguage mappings that
// lose information ("tl" to "fil", "cmn" to "zh") are not applied. The
// underscore separator of POSIX and Java locale names is accepted ("en_US"
// is "en-US"); the result always uses hyphens.
//
// ok is false for malformed tags (a repeated extension singleton included),
// for unknown subtags, for input longer than 128 bytes, and for tags that
// name no language: any tag whose language is undetermined ("und",
// "und-US", "x-private"), "mis" (uncoded), "mul" (multiple) and "zxx" (no
// linguistic content).
//
// A tag that is already canonical and as short as most are, a two-letter
// language alone or with an officially assigned country ("de", "de-CH"),
// is recognised from the tables without parsing, so validating a stored
// customer's language again costs a table look-up, not a parse.
func Language(s string) (tag string, ok bool) {
	if isCanonicalShort(s) {
		return s, true
	}
	return parseLanguage(s)
}

// languageTable lists the 185 two-letter (ISO 639-1) language subtags that
// parseLanguage returns unchanged: every one golang.org/x/text knows, but
// the deprecated in, iw, ji, jw and mo, which it replaces (id, he, yi,
// jv, ro-MD). TestLanguageShortcut pins it against x/text.
const languageTable = "" +
	"aa ab ae af ak am an ar as av ay az " +
	"ba be bg bh bi bm bn bo br bs " +
	"ca ce ch co cr cs cu cv cy " +
	"da de dv dz " +
	"ee el en eo es et eu " +
	"fa ff fi fj fo fr fy " +
	"ga gd gl gn gu gv " +
	"ha he hi ho hr ht hu hy hz " +
	"ia id ie ig ii ik io is it iu " +
	"ja jv " +
	"ka kg ki kj kk kl km kn ko kr ks ku kv kw ky " +
	"la lb lg li ln lo lt lu lv " +
	"mg mh mi mk ml mn mr ms mt my " +
	"na nb nd ne ng nl nn no nr nv ny " +
	"oc oj om or os " +
	"pa pi pl ps pt " +
	"qu " +
	"rm rn ro ru rw " +
	"sa sc sd se sg sh si sk sl sm sn so sq sr ss st su sv sw " +
	"ta te tg th ti tk tl tn to tr ts tt tw ty " +
	"ug uk ur uz " +
	"ve vi vo " +
	"wa wo " +
	"xh " +
	"yi yo " +
	"za zh zu "

// isCanonicalShort reports whether s is a canonical two-letter language
// subtag in lower case (languageTable), alone or followed by "-" and an
// officially assigned country code in upper case (countryTable): a tag
// parseLanguage returns unchanged, as TestLanguageShortcut checks for
// every one of them. It never allocates.
func isCanonicalShort(s string) bool {
	if len(s) != 2 && (len(s) != 5 || s[2] != '-') {
		return false
	}
	var k [2]byte
	for i := range 2 {
		if c := s[i]; 'a' <= c && c <= 'z' {
			k[i] = c
		} else {
			return false
		}
	}
	if _, ok := find(languageTable, 2, k[:]); !ok {
		return false
	}
	if len(s) == 2 {
		return true
	}
	for i := range 2 {
		if c := s[3+i]; 'A' <= c && c <= 'Z' {
			k[i] = c
		} else {
			return false
		}
	}
	_, ok := find(countryTable, 2, k[:])
	return ok
}

// parseLanguage is Language for every tag: it parses s with x/text.
func parseLanguage(s string) (tag string, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxLanguageLen {
		return "", false
	}
	if repeatsSingleton(s) {
		return "", false
	}
	t, err := language.BCP47.Parse(s)
	if err != nil {
		return "", false
	}
	base, conf := t.Base()
	if conf != language.Exact {
		return "", false // "und", "und-US", "x-private": no language named
	}
	switch base.String() {
	case "mis", "mul", "zxx":
		return "", false
	}
	tag = t.String()
	// The stored form must parse back to itself. x/text does so for every
	// tag the fuzz test has found, once repeated singletons are refused;
	// this keeps the promise if a new x/text version breaks it.
	if again, err := language.BCP47.Parse(tag); err != nil || again.String() != tag {
		return "", false
	}
	return tag, true
}

// repeatsSingleton reports whether an extension singleton (a one-character
// subtag other than the private-use "x") appears twice in s, which RFC 5646
// section 2.2.6 forbids and x/text does not check. Subtags after "x" are
// private use and not checked.
func repeatsSingleton(s string) bool {
	var seen [36]bool
	for len(s) > 0 {
		sub := s
		if i := strings.IndexAny(s, "-_"); i >= 0 {
			sub, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		if len(sub) != 1 {
			continue
		}
		c := sub[0] | 0x20 // ASCII lower case; other bytes fail to parse later
		var i int
		switch {
		case c == 'x':
			return false
		case 'a' <= c && c <= 'z':
			i = int(c-'a') + 10
		case '0' <= sub[0] && sub[0] <= '9':
			i = int(sub[0] - '0')
		default:
			continue
		}
		if seen[i] {
			return true
		}
		seen[i] = true
	}
	return false
}
