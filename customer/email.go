package customer

import (
	"net/mail"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// MaxEmailLength is the longest email address accepted, in characters (RFC 5321 path limit).
const MaxEmailLength = 254

// NormalizeEmail returns the canonical form of an email address: a bare
// addr-spec ("Ana <ana@x.io>" is refused), Unicode NFC, the domain in IDNA
// ASCII and lower case; the local part keeps its case. The detail says
// which rule failed.
func NormalizeEmail(s string) (email string, detail string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ""
	}
	if isASCII(s) {
		// Valid UTF-8 and in NFC already, one character a byte.
		if len(s) > MaxEmailLength {
			return "", "longer than 254 characters"
		}
	} else {
		if !utf8.ValidString(s) {
			return "", "not valid UTF-8"
		}
		s = norm.NFC.String(s)
		if utf8.RuneCountInString(s) > MaxEmailLength {
			return "", "longer than 254 characters"
		}
	}
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return "", "not an email address (local@domain)"
	}
	local, domain := s[:at], s[at+1:]
	if len(local) > 64 {
		return "", "local part longer than 64 octets"
	}
	host, detail := NormalizeHostname(domain)
	if detail != "" {
		return "", "the domain is not a valid host name"
	}
	if isDotAtom(local) {
		if host == domain {
			return s, "" // already canonical: no new string
		}
		return local + "@" + host, ""
	}
	// net/mail checks the rest of the addr-spec grammar (quoted strings,
	// Unicode); it must be a bare address, not a display name or a group.
	a, err := mail.ParseAddress(local + "@" + host)
	if err != nil || a.Name != "" || a.Address != local+"@"+host {
		return "", "not a bare addr-spec"
	}
	return local + "@" + host, ""
}

// EmailKey returns the form of an email address that uniqueness compares:
// the whole address, Unicode case-folded. Two addresses with the same key
// belong to the same customer. Storage adapters index this key.
func EmailKey(email string) string {
	for i := 0; i < len(email); i++ {
		c := email[i]
		if c >= 0x80 {
			// A Caser keeps state, so each call makes its own.
			return cases.Fold().String(norm.NFC.String(email))
		}
	}
	return lower(email)
}

// isDotAtom reports whether local is an RFC 5322 dot-atom of ASCII atext:
// the common case, checked without net/mail.
func isDotAtom(local string) bool {
	if local == "" || local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return false
	}
	for i := 0; i < len(local); i++ {
		c := local[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.':
		case strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// isASCII reports whether s holds only ASCII characters.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
