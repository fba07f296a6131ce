package credential

import (
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/oklog/ulid/v2"
)

// Credential is a stored credential: who owns it, its auth method, its
// non-secret field values in clear and its secret field values sealed.
// It never holds a plaintext secret, so it is what a Store keeps; the
// Service hands callers a View (no secrets) or, through Reveal, a Revealed.
type Credential struct {
	// ID is generated on create; it is part of every secret's AAD.
	ID ulid.ULID `json:"id"`
	// CustomerID names the owning customer; zero for an
	// organization-wide credential.
	CustomerID ulid.ULID `json:"customer_id,omitzero"`
	// Name is what people call it: 1 to MaxNameLen characters.
	Name string `json:"name"`
	// Method is the auth method; it decides the fields.
	Method Method `json:"method"`
	// Custom is the name of the custom method when Method is MethodCustom.
	Custom string `json:"custom,omitempty"`
	// CustomFields is the field schema of the custom method when Method is
	// MethodCustom, as the integration declared it when the credential was
	// created.
	CustomFields []FieldSpec `json:"custom_fields,omitempty"`
	// Fields holds the non-secret field values, in clear.
	Fields map[string]string `json:"fields,omitempty"`
	// Sealed holds the secret field values, each sealed by a Sealer with
	// AAD(ID, field name). A Store never sees them in clear.
	Sealed map[string]Sealed `json:"sealed,omitempty"`
	// Scopes are the OAuth2 scopes (OAuth2 methods only).
	Scopes []string `json:"scopes,omitempty"`
	// Health tracks expiry and refreshes.
	Health Health `json:"health"`
	// Version increments on every write.
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Clone returns a deep copy of c: changing the copy never changes c.
func (c *Credential) Clone() *Credential {
	if c == nil {
		return nil
	}
	d := *c
	d.CustomFields = slices.Clone(c.CustomFields)
	d.Fields = maps.Clone(c.Fields)
	if c.Sealed != nil {
		d.Sealed = make(map[string]Sealed, len(c.Sealed))
		for k, v := range c.Sealed {
			d.Sealed[k] = v.Clone()
		}
	}
	d.Scopes = slices.Clone(c.Scopes)
	return &d
}

// OrgWide reports whether c belongs to the organization rather than to one
// customer.
func (c *Credential) OrgWide() bool { return c.CustomerID.IsZero() }

// Schema returns the field schema of c: its method's built-in fields, or
// the declared fields of its custom method.
func (c *Credential) Schema() []FieldSpec {
	return slices.Clone(schema(c.Method, c.CustomFields))
}

// Refreshable reports whether c can be refreshed: an OAuth2 client
// credentials credential always, an authorization-code one when it holds
// a refresh token.
func (c *Credential) Refreshable() bool {
	switch c.Method {
	case MethodOAuth2ClientCredentials:
		return true
	case MethodOAuth2AuthorizationCode:
		_, ok := c.Sealed[FieldRefreshToken]
		return ok
	}
	return false
}

// NeedsRefresh reports whether c is refreshable and its health asks for a
// refresh at now (see Health.NeedsRefresh).
func (c *Credential) NeedsRefresh(now time.Time, margin time.Duration) bool {
	return c.Refreshable() && c.Health.NeedsRefresh(now, margin)
}

// Sealed is a sealed secret value: the id of the key that sealed it and
// the AES-GCM output nonce‖ciphertext‖tag.
type Sealed struct {
	KeyID string `json:"key_id"`
	Data  []byte `json:"data"`
}

// Clone returns a copy of s that shares no memory with it.
func (s Sealed) Clone() Sealed { return Sealed{KeyID: s.KeyID, Data: slices.Clone(s.Data)} }

// String describes s without its bytes: "sealed(k2, 45 bytes)".
func (s Sealed) String() string {
	return "sealed(" + s.KeyID + ", " + strconv.Itoa(len(s.Data)) + " bytes)"
}

// aadPrefix starts every AAD, so a value sealed for a credential field
// cannot be opened as anything else the same keys seal.
const aadPrefix = "customerkit/credential/v1\x00"

// AAD returns the additional authenticated data that binds a sealed value
// to credential id and field: "customerkit/credential/v1\x00" + the ULID
// in its canonical text form + "\x00" + field. A value sealed with it
// opens only with the same id and field, so a ciphertext copied to another
// credential or another field fails to open.
func AAD(id ulid.ULID, field string) []byte {
	b := make([]byte, 0, len(aadPrefix)+ulid.EncodedSize+1+len(field))
	b = append(b, aadPrefix...)
	b = append(b, id.String()...)
	b = append(b, 0)
	return append(b, field...)
}
