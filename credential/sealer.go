package credential

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/customerkit/customerkit"
)

// Sealer seals and opens secret values. The Service seals every secret
// field with AAD(credential ID, field name) before a Store sees it.
//
// Implementations must be safe for concurrent use and must:
//   - return from Seal a Sealed whose KeyID is CurrentKeyID();
//   - open in Open every value they sealed, with any key they still hold;
//   - fail in Open, with an error matching ErrCannotOpen, when the value
//     was changed in any way, was sealed with other aad, or names a key
//     they do not hold. Open never returns bytes it could not
//     authenticate.
type Sealer interface {
	Seal(plaintext, aad []byte) (Sealed, error)
	Open(s Sealed, aad []byte) ([]byte, error)
	// CurrentKeyID is the id of the key Seal uses now. A value sealed
	// with another key is moved forward by Service.Reseal.
	CurrentKeyID() string
}

// ErrCannotOpen is the error a Sealer returns for a value it cannot open:
// tampered with, sealed for another credential or field, or sealed with a
// key it does not hold. It matches customerkit.ErrFailedPrecondition: the
// stored value, not the request, is at fault.
var ErrCannotOpen = fmt.Errorf("credential: sealed value cannot be opened: %w", customerkit.ErrFailedPrecondition)

// KeySize is the size of an AES-256 key, in bytes.
const KeySize = 32

// Key is one key of a KeyRing. Its Secret never prints: String, %v, %+v,
// %#v, JSON and slog show the ID only.
type Key struct {
	// ID names the key in every value it seals: 1 to 64 printable ASCII
	// characters, unique in the ring. Never reuse an id for another key.
	ID string
	// Secret is the AES-256 key: KeySize random bytes.
	Secret []byte
}

// String returns "credential.Key(id)".
func (k Key) String() string { return "credential.Key(" + k.ID + ")" }

// GoString is String, so %#v shows no secret.
func (k Key) GoString() string { return k.String() }

// Format prints String for every verb.
func (k Key) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(k.String())) }

// MarshalJSON writes the id only: {"id":"k1","secret":"[REDACTED]"}.
func (k Key) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID     string `json:"id"`
		Secret string `json:"secret"`
	}{k.ID, redacted})
}

// LogValue logs the id only.
func (k Key) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", k.ID), slog.String("secret", redacted))
}

// KeyRing is the AES-256-GCM Sealer. It holds every key that may still
// open stored values; the last key is the current one, which Seal uses.
// Rotating keys is appending a new key (and, once Service.ResealAll has
// moved every value forward, dropping the old ones).
//
// Each value is sealed with a fresh random 96-bit nonce; Data is
// nonce‖ciphertext‖tag (12 + len(plaintext) + 16 bytes). A KeyRing is
// safe for concurrent use and prints no key material. The zero KeyRing
// holds no key: it seals nothing and opens nothing; call NewKeyRing.
type KeyRing struct {
	keys    map[string]cipher.AEAD
	ids     []string // in the order given; the last is current
	current cipher.AEAD
}

var _ Sealer = (*KeyRing)(nil)

// NewKeyRing returns a KeyRing over keys, the last one current. At least
// one key is needed; ids must be 1 to 64 printable ASCII characters and
// unique, secrets KeySize bytes. Problems come as a
// *customerkit.ValidationError ("keys[1].secret"). The ring copies what it
// needs: keys may be wiped after the call.
func NewKeyRing(keys ...Key) (*KeyRing, error) {
	ve := &customerkit.ValidationError{Subject: "credential key ring"}
	if len(keys) == 0 {
		ve.Add("keys", customerkit.CodeRequired, "at least one key")
	}
	r := &KeyRing{keys: make(map[string]cipher.AEAD, len(keys))}
	for i, k := range keys {
		p := customerkit.IndexPath("keys", i)
		switch {
		case !keyIDValid(k.ID):
			ve.Add(p+".id", customerkit.CodeInvalid, "1 to 64 printable ASCII characters")
		case r.keys[k.ID] != nil:
			ve.Add(p+".id", customerkit.CodeDuplicate, "key ids are unique")
		}
		if len(k.Secret) != KeySize {
			ve.Add(p+".secret", customerkit.CodeInvalid, "an AES-256 key: 32 bytes")
			continue
		}
		if r.keys[k.ID] != nil || !keyIDValid(k.ID) {
			continue
		}
		block, err := aes.NewCipher(k.Secret)
		if err != nil {
			ve.Add(p+".secret", customerkit.CodeInvalid, "not an AES key")
			continue
		}
		aead, err := cipher.NewGCMWithRandomNonce(block)
		if err != nil {
			ve.Add(p+".secret", customerkit.CodeInvalid, "GCM unavailable")
			continue
		}
		r.keys[k.ID] = aead
		r.ids = append(r.ids, k.ID)
		r.current = aead
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	return r, nil
}

func keyIDValid(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] <= 0x20 || id[i] >= 0x7f {
			return false
		}
	}
	return true
}

// CurrentKeyID returns the id of the newest key, the one Seal uses ("" for
// the unusable zero KeyRing).
func (r *KeyRing) CurrentKeyID() string {
	if len(r.ids) == 0 {
		return ""
	}
	return r.ids[len(r.ids)-1]
}

// KeyIDs returns the ids of every key, oldest first.
func (r *KeyRing) KeyIDs() []string { return append([]string(nil), r.ids...) }

// Seal encrypts plaintext with the current key, authenticating aad too.
func (r *KeyRing) Seal(plaintext, aad []byte) (Sealed, error) {
	if r.current == nil {
		return Sealed{}, fmt.Errorf("credential: the key ring has no key (use NewKeyRing): %w", customerkit.ErrFailedPrecondition)
	}
	return Sealed{KeyID: r.CurrentKeyID(), Data: r.current.Seal(nil, nil, plaintext, aad)}, nil
}

// errUnknownKey and errAuth are the causes of ErrCannotOpen.
var (
	errUnknownKey = errors.New("no key with this id in the ring")
	errAuth       = errors.New("message authentication failed: tampered with, or sealed for another credential or field")
)

// Open decrypts s with the key it names and checks it against aad. Any
// change to s.Data, another aad, or an unknown s.KeyID is an error
// matching ErrCannotOpen; Open never returns unauthenticated bytes.
func (r *KeyRing) Open(s Sealed, aad []byte) ([]byte, error) {
	aead := r.keys[s.KeyID]
	if aead == nil {
		return nil, &openError{keyID: s.KeyID, cause: errUnknownKey}
	}
	if len(s.Data) < aead.NonceSize()+aead.Overhead() {
		return nil, &openError{keyID: s.KeyID, cause: errAuth}
	}
	pt, err := aead.Open(nil, nil, s.Data, aad)
	if err != nil {
		return nil, &openError{keyID: s.KeyID, cause: errAuth}
	}
	return pt, nil
}

// openError is ErrCannotOpen with its cause and the key id.
type openError struct {
	keyID string
	cause error
}

func (e *openError) Error() string {
	id := e.keyID
	if !utf8.ValidString(id) || len(id) > 64 {
		id = "?"
	}
	return "credential: sealed value (key " + strings.ToValidUTF8(id, "?") + ") cannot be opened: " + e.cause.Error()
}

// Is reports whether target is ErrCannotOpen or
// customerkit.ErrFailedPrecondition.
func (e *openError) Is(target error) bool {
	return target == ErrCannotOpen || target == customerkit.ErrFailedPrecondition
}

// String describes the ring without key material: "credential.KeyRing[k1 k2*]",
// the current key starred.
func (r *KeyRing) String() string {
	if r == nil || len(r.ids) == 0 {
		return "credential.KeyRing(empty)"
	}
	return "credential.KeyRing[" + strings.Join(r.ids[:len(r.ids)-1], " ") + sep(len(r.ids) > 1) + r.CurrentKeyID() + "*]"
}

func sep(b bool) string {
	if b {
		return " "
	}
	return ""
}

// GoString is String.
func (r *KeyRing) GoString() string { return r.String() }

// Format prints String for every verb.
func (r *KeyRing) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(r.String())) }

// LogValue logs the key ids only.
func (r *KeyRing) LogValue() slog.Value { return slog.StringValue(r.String()) }

// MarshalJSON writes the key ids only.
func (r *KeyRing) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		KeyIDs  []string `json:"key_ids"`
		Current string   `json:"current"`
	}{r.ids, r.CurrentKeyID()})
}
