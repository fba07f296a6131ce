package user

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/customerkit/customerkit"
)

// TokenSize is the number of random bytes of an invitation token (256 bits).
const TokenSize = 32

// tokenLen is the length of a token's text: TokenSize bytes in unpadded
// base64url.
const tokenLen = 43

// tokenEncoding is unpadded base64url, strict about trailing bits so that
// every token has exactly one text form.
var tokenEncoding = base64.RawURLEncoding.Strict()

// redactedToken is what a Token prints, marshals and logs as.
const redactedToken = "[invitation token]"

// Token is the secret of an invitation: TokenSize random bytes in
// unpadded base64url (43 characters). Whoever holds it may accept the
// invitation, so it is shown once (handed to the Mailer inside a link, or
// returned to the inviter for a display link) and never stored: stores
// keep its TokenHash only.
//
// A Token never shows itself: String, GoString, every fmt verb,
// MarshalJSON, MarshalText and LogValue give "[invitation token]" (the
// empty string for the zero Token). Reveal returns the text, to build a
// link with.
type Token string

// ParseToken checks that s (surrounding white space aside) is the text of
// a token and returns it. Anything else is a *customerkit.ValidationError
// (subject "invitation", path "token") that never quotes s. ParseToken
// never panics.
func ParseToken(s string) (Token, error) {
	s = strings.TrimSpace(s)
	bad := func(code, detail string) (Token, error) {
		return "", &customerkit.ValidationError{Subject: "invitation", Fields: []customerkit.FieldError{{Path: "token", Code: code, Detail: detail}}}
	}
	switch {
	case s == "":
		return bad(customerkit.CodeRequired, "no invitation token")
	case len(s) != tokenLen:
		return bad(customerkit.CodeInvalid, "not an invitation token")
	}
	// The decoder skips line breaks, so the alphabet is checked first: a
	// token is exactly 43 characters of it.
	for i := 0; i < len(s); i++ {
		if !isTokenChar(s[i]) {
			return bad(customerkit.CodeInvalid, "not an invitation token")
		}
	}
	if b, err := tokenEncoding.DecodeString(s); err != nil || len(b) != TokenSize {
		return bad(customerkit.CodeInvalid, "not an invitation token")
	}
	return Token(s), nil
}

// isTokenChar reports whether c is in the base64url alphabet.
func isTokenChar(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// newToken draws a token from r.
func newToken(r io.Reader) (Token, error) {
	var b [TokenSize]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("user: reading an invitation token: %w: %w", customerkit.ErrFailedPrecondition, err)
	}
	return Token(tokenEncoding.EncodeToString(b[:])), nil
}

// Hash returns the SHA-256 of the token's random bytes, what a store
// keeps and looks the invitation up by. t must come from ParseToken or
// the Service: anything else (the zero Token included) hashes to the zero
// TokenHash, which no invitation has.
func (t Token) Hash() TokenHash {
	if p, err := ParseToken(string(t)); err != nil || p != t {
		return TokenHash{}
	}
	b, _ := tokenEncoding.DecodeString(string(t))
	return sha256.Sum256(b)
}

// Reveal returns the token's text, to build a link with. Never log it.
func (t Token) Reveal() string { return string(t) }

// IsZero reports whether t is empty.
func (t Token) IsZero() bool { return t == "" }

// String returns "[invitation token]", or "" for the zero Token.
func (t Token) String() string {
	if t == "" {
		return ""
	}
	return redactedToken
}

// GoString is String.
func (t Token) GoString() string { return t.String() }

// Format prints String for every verb and flag.
func (t Token) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(t.String())) }

// MarshalJSON returns the JSON string "[invitation token]" (or "").
func (t Token) MarshalJSON() ([]byte, error) { return []byte(`"` + t.String() + `"`), nil }

// MarshalText returns "[invitation token]" (or nothing).
func (t Token) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// LogValue logs "[invitation token]" (or "").
func (t Token) LogValue() slog.Value { return slog.StringValue(t.String()) }

// TokenHash is the SHA-256 of an invitation token's random bytes. It
// reveals nothing of the token, so a store may keep and index it.
type TokenHash [sha256.Size]byte

// IsZero reports whether h is the zero hash (no token).
func (h TokenHash) IsZero() bool { return h == TokenHash{} }
