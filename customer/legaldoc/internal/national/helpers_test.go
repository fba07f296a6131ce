package national

import (
	"strings"

	"github.com/customerkit/customerkit/customer/legaldoc/internal/rule"
)

// clean mimics, in a simple way, the framework's cleaning of what a person
// typed: separators removed, ASCII letters upper-cased.
func clean(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case ' ', '.', '-', '/', ',', '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212', '\t':
			continue
		}
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// body cleans s and strips d's prefix; ok is false when the prefix is
// required and missing.
func body(d rule.Def, s string) (string, bool) {
	c := clean(s)
	if d.Prefix != "" {
		if strings.HasPrefix(c, d.Prefix) {
			return c[len(d.Prefix):], true
		}
		return c, d.PrefixOptional
	}
	return c, true
}

func defByType(t string) (rule.Def, bool) {
	for _, d := range Defs() {
		if d.Type == t {
			return d, true
		}
	}
	return rule.Def{}, false
}

// verdict classifies input for d the way the shared vectors do: valid,
// bad_checksum or bad_format.
func verdict(d rule.Def, input string) string {
	b, ok := body(d, input)
	if !ok || !d.Format(b) {
		return "bad_format"
	}
	if d.Checksum != nil && !d.Checksum(b) {
		return "bad_checksum"
	}
	return "valid"
}
