package customer

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// DefaultReservedSubdomains are the labels no customer may take: they name
// the host's own services. Options.ReservedSubdomains replaces the list.
var defaultReservedSubdomains = []string{
	"about", "account", "accounts", "admin", "administrator", "api", "app", "apps", "assets",
	"auth", "billing", "blog", "cdn", "console", "dashboard", "dev", "docs", "email", "files",
	"ftp", "git", "help", "imap", "internal", "localhost", "login", "mail", "marketplace", "mx",
	"ns", "ns1", "ns2", "oauth", "pop", "pop3", "portal", "root", "smtp", "sso", "staging",
	"static", "status", "support", "test", "webmail", "www",
}

// DefaultReservedSubdomains returns the labels refused as a subdomain when
// Options.ReservedSubdomains is nil.
func DefaultReservedSubdomains() []string { return slices.Clone(defaultReservedSubdomains) }

// NormalizeSubdomain returns the canonical form of a subdomain (a single DNS
// label, lower case) or the rule it breaks.
func NormalizeSubdomain(s string) (label string, detail string) {
	l := lower(strings.TrimSpace(s))
	if !isLDHLabel(l) {
		return "", "must be 1-63 letters, digits or hyphens, not starting or ending with a hyphen"
	}
	if len(l) >= 4 && l[2:4] == "--" {
		return "", "hyphens in the third and fourth positions are reserved (xn--)"
	}
	return l, ""
}

// subdomainBase derives the label a subdomain is generated from:
// transliterated to ASCII, lower case, runs of anything else turned into
// one hyphen, at most 40 octets. It returns "" when nothing usable is left
// (a name written only in a script with no Latin transliteration).
func subdomainBase(name string) string {
	t := transform.Chain(norm.NFKD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	s, _, err := transform.String(t, name)
	if err != nil {
		s = name
	}
	var b strings.Builder
	hyphen := false
	for _, r := range s {
		if rep, ok := latinFold[r]; ok {
			b.WriteString(rep)
			hyphen = false
			continue
		}
		r = unicode.ToLower(r)
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			hyphen = false
		default:
			if !hyphen && b.Len() > 0 {
				b.WriteByte('-')
				hyphen = true
			}
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > 40 {
		out = strings.TrimRight(out[:40], "-")
	}
	if len(out) >= 4 && out[2:4] == "--" {
		out = out[:2] + out[3:]
	}
	return out
}

// latinFold transliterates the Latin letters that have no decomposition.
var latinFold = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o",
	'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d", 'þ': "th", 'Þ': "th",
	'ı': "i", 'ħ': "h", 'Ħ': "h", 'ŋ': "n", 'Ŋ': "n", '&': "and",
}

// subdomainCandidate returns the n-th candidate (n from 0) for a generated
// subdomain: the base itself, then base-2, base-3, ... Candidates that are
// reserved or too short are skipped by the caller. The sequence depends
// only on the name, so collisions resolve the same way every time.
func subdomainCandidate(base string, n int) string {
	if n == 0 {
		return base
	}
	suffix := "-" + strconv.Itoa(n+1)
	if len(base)+len(suffix) > 63 {
		base = strings.TrimRight(base[:63-len(suffix)], "-")
	}
	return base + suffix
}
