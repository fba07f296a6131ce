package password

import (
	"encoding/base64"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"

	"github.com/customerkit/customerkit"
)

// redacted is what a non-empty Hash prints, marshals and logs as.
const redacted = "[argon2id hash]"

// maxEncodedLen bounds the encoded form a parser looks at; the longest
// valid hash (every bound at its maximum) is 211 bytes.
const maxEncodedLen = 256

// b64 is the base64 of the PHC string format and the reference
// implementation: standard alphabet, no padding. Strict refuses non-zero
// trailing bits, so every salt and key has exactly one encoding and
// parsing then formatting gives back the input.
var b64 = base64.RawStdEncoding.Strict()

// Hash is an argon2id password hash in the PHC string format of the
// reference implementation:
//
//	$argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>
//
// with salt and key in unpadded standard base64. It carries its own salt
// and parameters, so it is all a store keeps for a password.
//
// A Hash never shows itself: String, GoString, every fmt verb (%v, %+v,
// %#v, %s, %q, %x ...), MarshalJSON, MarshalText and LogValue give
// "[argon2id hash]" (the empty string for the zero Hash). A storage
// adapter writes Encoded() and reads back with ParseHash (or Hash(s):
// Verify parses it either way).
//
// Two places no method can reach: fmt cannot call a method of a value in
// an unexported struct field, so keep a Hash in an exported field (or give
// the struct its own String); and encoding/json writes a map key of string
// kind as it is, so never key a map by Hash.
type Hash string

// ParseHash checks that s is a well-formed argon2id hash within the bounds
// of Params.Validate and returns it as a Hash. Anything else — another
// algorithm, another version, parameters out of order, out of bounds or
// unknown, non-canonical numbers or base64 — is refused with a
// *customerkit.ValidationError (subject "password", path "hash", codes
// "required", "invalid" or "not_supported") matching customerkit.ErrInvalid,
// whose detail never quotes s. ParseHash never panics.
func ParseHash(s string) (Hash, error) {
	if _, err := decode(s); err != nil {
		return "", err
	}
	return Hash(s), nil
}

// Encoded returns the hash in its PHC string form, for a storage adapter
// to store. Never log or display it.
func (h Hash) Encoded() string { return string(h) }

// IsZero reports whether h is empty (no password set).
func (h Hash) IsZero() bool { return h == "" }

// Params returns the parameters h was made with, or the error ParseHash
// would return.
func (h Hash) Params() (Params, error) {
	d, err := decode(string(h))
	return d.params, err
}

// String returns "[argon2id hash]", or "" for the zero Hash.
func (h Hash) String() string {
	if h == "" {
		return ""
	}
	return redacted
}

// GoString is String.
func (h Hash) GoString() string { return h.String() }

// Format prints String for every verb and flag.
func (h Hash) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(h.String())) }

// MarshalJSON returns the JSON string "[argon2id hash]" (or "").
func (h Hash) MarshalJSON() ([]byte, error) { return []byte(`"` + h.String() + `"`), nil }

// MarshalText returns "[argon2id hash]" (or nothing).
func (h Hash) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// LogValue logs "[argon2id hash]" (or "").
func (h Hash) LogValue() slog.Value { return slog.StringValue(h.String()) }

// decoded is a parsed hash.
type decoded struct {
	params    Params
	salt, key []byte
}

// encode formats d in the PHC string format.
func (d decoded) encode() string {
	var b strings.Builder
	b.Grow(64 + b64.EncodedLen(len(d.salt)) + b64.EncodedLen(len(d.key)))
	b.WriteString("$argon2id$v=")
	b.WriteString(strconv.Itoa(argon2.Version))
	b.WriteString("$m=")
	b.WriteString(strconv.FormatUint(uint64(d.params.Memory), 10))
	b.WriteString(",t=")
	b.WriteString(strconv.FormatUint(uint64(d.params.Iterations), 10))
	b.WriteString(",p=")
	b.WriteString(strconv.FormatUint(uint64(d.params.Parallelism), 10))
	b.WriteByte('$')
	b.WriteString(b64.EncodeToString(d.salt))
	b.WriteByte('$')
	b.WriteString(b64.EncodeToString(d.key))
	return b.String()
}

// hashError returns the error for a malformed hash.
func hashError(code, detail string) error {
	return &customerkit.ValidationError{Subject: "password", Fields: []customerkit.FieldError{{Path: "hash", Code: code, Detail: detail}}}
}

// decode parses s strictly: exactly the form encode writes.
func decode(s string) (decoded, error) {
	var d decoded
	switch {
	case s == "":
		return d, hashError(customerkit.CodeRequired, "no hash")
	case len(s) > maxEncodedLen:
		return d, hashError(customerkit.CodeInvalid, "longer than any argon2id hash this package accepts")
	}
	parts := strings.Split(s, "$")
	if len(parts) < 2 || parts[0] != "" {
		return d, hashError(customerkit.CodeInvalid, "not a PHC string ($algorithm$...)")
	}
	if parts[1] != "argon2id" {
		return d, hashError(customerkit.CodeNotSupported, "only argon2id hashes are supported")
	}
	if len(parts) == 5 && strings.HasPrefix(parts[2], "m=") {
		return d, hashError(customerkit.CodeNotSupported, "only argon2 version 19 (v=19) is supported")
	}
	if len(parts) != 6 {
		return d, hashError(customerkit.CodeInvalid, "want $argon2id$v=19$m=<m>,t=<t>,p=<p>$<salt>$<key>")
	}
	v, ok := strings.CutPrefix(parts[2], "v=")
	if !ok {
		return d, hashError(customerkit.CodeInvalid, "want the version as v=19")
	}
	if n, ok := parseDecimal(v); !ok || n != argon2.Version {
		return d, hashError(customerkit.CodeNotSupported, "only argon2 version 19 (v=19) is supported")
	}
	fields := strings.Split(parts[3], ",")
	if len(fields) != 3 {
		return d, hashError(customerkit.CodeInvalid, "want exactly the parameters m, t and p, in that order")
	}
	var nums [3]uint64
	for i, name := range [3]string{"m=", "t=", "p="} {
		digits, ok := strings.CutPrefix(fields[i], name)
		if !ok {
			return d, hashError(customerkit.CodeInvalid, "want exactly the parameters m, t and p, in that order")
		}
		if nums[i], ok = parseDecimal(digits); !ok {
			return d, hashError(customerkit.CodeInvalid, "parameter "+name[:1]+" is not a canonical decimal number")
		}
	}
	if nums[2] > 255 {
		return d, hashError(customerkit.CodeNotSupported, "at most 255 lanes (p)")
	}
	var err error
	if !isB64(parts[4]) {
		return decoded{}, hashError(customerkit.CodeInvalid, "the salt is not unpadded standard base64")
	}
	if d.salt, err = b64.DecodeString(parts[4]); err != nil {
		return decoded{}, hashError(customerkit.CodeInvalid, "the salt is not unpadded standard base64")
	}
	if !isB64(parts[5]) {
		return decoded{}, hashError(customerkit.CodeInvalid, "the key is not unpadded standard base64")
	}
	if d.key, err = b64.DecodeString(parts[5]); err != nil {
		return decoded{}, hashError(customerkit.CodeInvalid, "the key is not unpadded standard base64")
	}
	d.params = Params{
		Memory:      uint32(nums[0]),
		Iterations:  uint32(nums[1]),
		Parallelism: uint8(nums[2]),
		SaltLength:  uint32(len(d.salt)),
		KeyLength:   uint32(len(d.key)),
	}
	ve := &customerkit.ValidationError{Subject: "password"}
	d.params.check(ve, "hash")
	if err := ve.Err(); err != nil {
		return decoded{}, err
	}
	return d, nil
}

// isB64 reports whether s holds only characters of the standard base64
// alphabet: the decoder itself skips line breaks, which would let two
// strings decode to one hash.
func isB64(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/') {
			return false
		}
	}
	return true
}

// parseDecimal parses a PHC decimal: digits only, no sign, no leading zero
// (but "0"), at most 10 digits and within uint32.
func parseDecimal(s string) (uint64, bool) {
	if s == "" || len(s) > 10 || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, n <= 1<<32-1
}
