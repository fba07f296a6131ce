package customer

import (
	"io"
	"strings"
)

// keyAlphabet is Crockford's base 32 in lower case: no i, l, o or u, so a
// key read aloud or typed by hand is hard to get wrong.
const keyAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// KeyLength is the length of a generated customer key (60 random bits).
const KeyLength = 12

// newKey returns a random customer key read from r.
func newKey(r io.Reader) (string, error) {
	var b [KeyLength]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", err
	}
	for i := range b {
		b[i] = keyAlphabet[b[i]&31]
	}
	return string(b[:]), nil
}

// normalizeKey checks a customer key given by the host: 6 to 32 letters
// and digits, stored in lower case.
func normalizeKey(s string) (string, bool) {
	k := lower(strings.TrimSpace(s))
	if len(k) < 6 || len(k) > 32 {
		return "", false
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return "", false
		}
	}
	return k, true
}
