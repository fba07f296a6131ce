package password

import (
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"

	"github.com/customerkit/customerkit"
)

// MaxLength is the longest password Hash accepts, in bytes of UTF-8. It
// bounds the work one request can cause (normalisation and the initial
// BLAKE2b pass grow with the length; argon2's own cost does not) while
// leaving room for any passphrase or password manager output; NIST SP
// 800-63B asks for at least 64 characters.
const MaxLength = 1024

// CodeTooShort is the code of a password shorter than Options.MinLength.
const CodeTooShort = "too_short"

// Options configures a Hasher. A nil *Options, and every zero field, means
// the default.
type Options struct {
	// Params are the argon2id parameters of new hashes; each zero field
	// takes its value from DefaultParams. Verify reports needsRehash for
	// a hash made with any other parameters.
	Params Params
	// RandReader is the source of salts; default crypto/rand.Reader.
	RandReader io.Reader
	// MinLength is the fewest characters (Unicode code points, after
	// normalisation) Hash accepts; default 1, that is non-empty. Verify
	// does not apply it, so raising it does not lock out existing users.
	MinLength int
}

// Hasher hashes and verifies passwords with argon2id. It is safe for
// concurrent use when its RandReader is (crypto/rand is). Each call holds
// Params.Memory KiB while it runs: a host that expects bursts of logins
// bounds how many run at once.
type Hasher struct {
	params    Params
	rand      io.Reader
	minLength int
}

// NewHasher returns a Hasher with opts (nil: the defaults). Parameters out
// of the bounds of Params.Validate are refused with a
// *customerkit.ValidationError (subject "password params") matching
// customerkit.ErrInvalid.
func NewHasher(opts *Options) (*Hasher, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	h := &Hasher{params: o.Params.withDefaults(), rand: o.RandReader, minLength: max(o.MinLength, 1)}
	if h.rand == nil {
		h.rand = rand.Reader
	}
	if err := h.params.Validate(); err != nil {
		return nil, err
	}
	return h, nil
}

// Params returns the parameters of the hashes h makes.
func (h *Hasher) Params() Params { return h.params }

// Hash checks password against the policy, normalises it to NFC and
// returns its argon2id hash under a fresh random salt.
//
// The policy: non-empty (at least Options.MinLength characters), at most
// MaxLength bytes, valid UTF-8. Any other character is accepted, spaces
// included and untrimmed. A password that breaks it is refused with a
// *customerkit.ValidationError (subject "password", path "password", code
// "required", "too_short", "too_long" or "invalid") matching
// customerkit.ErrInvalid; no error ever quotes the password. Should the
// RandReader fail, the error matches customerkit.ErrFailedPrecondition and
// wraps the reader's error.
func (h *Hasher) Hash(password string) (Hash, error) {
	if err := h.check(password); err != nil {
		return "", err
	}
	d := decoded{params: h.params, salt: make([]byte, h.params.SaltLength)}
	if _, err := io.ReadFull(h.rand, d.salt); err != nil {
		return "", fmt.Errorf("password: reading a salt: %w: %w", customerkit.ErrFailedPrecondition, err)
	}
	d.key = derive(password, d.salt, d.params)
	return Hash(d.encode()), nil
}

// Verify reports whether password is the one hash was made from, comparing
// the keys in constant time (crypto/subtle), and, when it is, whether hash
// should be replaced by h.Hash(password) because it was made with other
// parameters than h's (needsRehash). needsRehash is never true when ok is
// false: only the right password can be rehashed.
//
// A wrong password is ok == false with a nil error; so is a password Hash
// would never have accepted (empty, over MaxLength bytes, invalid UTF-8),
// which is refused without spending the hashing cost. A malformed hash is
// the error ParseHash returns, matching customerkit.ErrInvalid.
func (h *Hasher) Verify(hash Hash, password string) (ok, needsRehash bool, err error) {
	d, err := decode(string(hash))
	if err != nil {
		return false, false, err
	}
	if password == "" || len(password) > MaxLength || !utf8.ValidString(password) {
		return false, false, nil
	}
	key := derive(password, d.salt, d.params)
	if subtle.ConstantTimeCompare(key, d.key) != 1 {
		return false, false, nil
	}
	return true, d.params != h.params, nil
}

// check applies the password policy of Hash.
func (h *Hasher) check(password string) error {
	ve := &customerkit.ValidationError{Subject: "password"}
	switch {
	case password == "":
		ve.Add("password", customerkit.CodeRequired, "")
	case len(password) > MaxLength:
		ve.Add("password", customerkit.CodeTooLong, "at most "+strconv.Itoa(MaxLength)+" bytes")
	case !utf8.ValidString(password):
		ve.Add("password", customerkit.CodeInvalid, "not valid UTF-8")
	case h.minLength > 1 && utf8.RuneCountInString(norm.NFC.String(password)) < h.minLength:
		ve.Add("password", CodeTooShort, "at least "+strconv.Itoa(h.minLength)+" characters")
	}
	return ve.Err()
}

// derive computes the argon2id key of password, normalised to NFC, under
// salt and p. The normalised copy is cleared once used (the caller's
// string, immutable, cannot be).
func derive(password string, salt []byte, p Params) []byte {
	pw := norm.NFC.AppendString(make([]byte, 0, len(password)+8), password)
	key := argon2.IDKey(pw, salt, p.Iterations, p.Memory, p.Parallelism, p.KeyLength)
	clear(pw)
	return key
}
