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
func Language(s string) (tag string, ok bool) {
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
