package credential

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
)

// Input is a new credential as a caller describes it, secrets in clear.
// Values never print (see Values), so logging an Input leaks nothing.
type Input struct {
	// CustomerID names the owning customer; zero for an
	// organization-wide credential.
	CustomerID ulid.ULID `json:"customer_id,omitzero"`
	Name       string    `json:"name"`
	Method     Method    `json:"method"`
	// Custom declares the method when Method is MethodCustom; it must be
	// nil otherwise.
	Custom *CustomMethod `json:"custom,omitempty"`
	// Values holds every field value in clear, secret or not. A blank
	// value counts as absent.
	Values Values `json:"values"`
	// Scopes are OAuth2 scopes (OAuth2 methods only).
	Scopes []string `json:"scopes,omitempty"`
	// ExpiresAt is when the access token expires (bearer and OAuth2 only).
	ExpiresAt time.Time `json:"expires_at,omitzero"`
}

// Patch is a partial update: a nil or absent field keeps its value.
type Patch struct {
	// Name, when set, renames the credential.
	Name *string `json:"name,omitempty"`
	// Values sets the fields it names; a field left out keeps its value
	// (a secret too), and a blank value clears an optional field. Writing
	// any value resets the credential's health (a refresh_exhausted
	// credential becomes usable again).
	Values Values `json:"values,omitempty"`
	// Scopes, when not nil, replaces the scopes (OAuth2 methods only).
	Scopes *[]string `json:"scopes,omitempty"`
	// ExpiresAt, when set, replaces the token's expiry (the zero time
	// clears it). Writing a new access token without it clears the expiry.
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	// Version, when not zero, is the version the caller read: the update
	// fails with ErrConflict if the credential changed since.
	Version int64 `json:"version,omitempty"`
}

// validateName checks a credential name and returns it trimmed.
func validateName(ve *customerkit.ValidationError, name string) string {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		ve.Add("name", customerkit.CodeRequired, "a credential has a name")
	case !utf8.ValidString(name) || strings.IndexFunc(name, unicode.IsControl) >= 0:
		ve.Add("name", customerkit.CodeInvalid, "valid UTF-8 text on one line")
	case utf8.RuneCountInString(name) > MaxNameLen:
		ve.Add("name", customerkit.CodeTooLong, "at most 200 characters")
	}
	return name
}

// validateValues checks values against fields. With partial set (an
// update) a required field may be left out but not blanked; otherwise
// every required field needs a value. Problems go to ve at
// values["field"], in schema order, then unknown fields in key order.
func validateValues(ve *customerkit.ValidationError, fields []FieldSpec, values Values, partial bool) {
	for _, f := range fields {
		p := customerkit.KeyPath("values", f.Name)
		v, given := values[f.Name]
		switch {
		case blank(v) && f.Required && (given || !partial):
			ve.Add(p, customerkit.CodeRequired, "a value is required")
		case blank(v):
		default:
			if code, detail := valueProblem(f, v); code != "" {
				ve.Add(p, code, detail)
			}
		}
	}
	for _, k := range values.keys() {
		if _, ok := spec(fields, k); !ok {
			ve.Add(customerkit.KeyPath("values", k), customerkit.CodeNotSupported, "not a field of this method")
		}
	}
}

// validateScopes checks the scopes of a credential of method m and
// returns them without surrounding spaces.
func validateScopes(ve *customerkit.ValidationError, m Method, scopes []string) []string {
	if len(scopes) == 0 {
		return nil
	}
	if !m.OAuth2() {
		ve.Add("scopes", customerkit.CodeNotSupported, "only OAuth2 credentials have scopes")
		return nil
	}
	if len(scopes) > MaxScopes {
		ve.Add("scopes", customerkit.CodeTooMany, "at most 100 scopes")
	}
	out := make([]string, len(scopes))
	for i, s := range scopes {
		s = strings.TrimSpace(s)
		out[i] = s
		p := customerkit.IndexPath("scopes", i)
		if d := scopeProblem(s); d != "" {
			ve.Add(p, customerkit.CodeInvalid, d)
		} else if slices.Contains(out[:i], s) {
			ve.Add(p, customerkit.CodeDuplicate, "scopes are unique")
		}
	}
	return out
}

// validateExpiry checks that a credential of method m may have an expiry.
func validateExpiry(ve *customerkit.ValidationError, m Method, t time.Time) {
	if !t.IsZero() && !m.HasToken() {
		ve.Add("expires_at", customerkit.CodeNotSupported, "only bearer and OAuth2 credentials expire")
	}
}

// validate checks in and returns its canonical form: name trimmed, custom
// method copied, scopes trimmed.
func (in *Input) validate() (*Input, error) {
	ve := &customerkit.ValidationError{Subject: "credential"}
	n := *in
	n.Name = validateName(ve, in.Name)
	switch {
	case in.Method == "":
		ve.Add("method", customerkit.CodeRequired, "an auth method")
	case !in.Method.Valid():
		ve.Add("method", customerkit.CodeNotSupported, "one of basic, api_key, bearer, oauth2_client_credentials, oauth2_authorization_code, custom")
	}
	var fields []FieldSpec
	switch {
	case in.Method == MethodCustom:
		if err := in.Custom.Validate(); err != nil {
			ve.Merge("custom", err)
		} else {
			n.Custom = in.Custom.Clone()
			fields = n.Custom.Fields
		}
	case in.Custom != nil:
		ve.Add("custom", customerkit.CodeNotSupported, "only a custom method declares its fields")
	default:
		fields = builtin[in.Method]
	}
	if fields != nil {
		validateValues(ve, fields, in.Values, false)
	}
	if in.Method.Valid() {
		n.Scopes = validateScopes(ve, in.Method, in.Scopes)
		validateExpiry(ve, in.Method, in.ExpiresAt)
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	n.ExpiresAt = in.ExpiresAt.UTC()
	return &n, nil
}
