package credential

import (
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/customerkit/customerkit"
)

// Method is the auth method of a credential. It decides the credential's
// fields (see Fields) and whether it can be refreshed.
type Method string

// The auth methods.
const (
	MethodBasic                   Method = "basic"
	MethodAPIKey                  Method = "api_key"
	MethodBearer                  Method = "bearer"
	MethodOAuth2ClientCredentials Method = "oauth2_client_credentials"
	MethodOAuth2AuthorizationCode Method = "oauth2_authorization_code"
	// MethodCustom is a method whose fields the integration declares in a
	// CustomMethod.
	MethodCustom Method = "custom"
)

// Methods returns every auth method, in the order of the methods table in
// the package documentation.
func Methods() []Method {
	return []Method{MethodBasic, MethodAPIKey, MethodBearer, MethodOAuth2ClientCredentials, MethodOAuth2AuthorizationCode, MethodCustom}
}

// Valid reports whether m is a known method.
func (m Method) Valid() bool {
	switch m {
	case MethodBasic, MethodAPIKey, MethodBearer, MethodOAuth2ClientCredentials, MethodOAuth2AuthorizationCode, MethodCustom:
		return true
	}
	return false
}

// OAuth2 reports whether m is one of the OAuth2 methods, the ones that
// take scopes and can be refreshed.
func (m Method) OAuth2() bool {
	return m == MethodOAuth2ClientCredentials || m == MethodOAuth2AuthorizationCode
}

// HasToken reports whether credentials of method m carry an access token
// that may expire (bearer and the OAuth2 methods), so ExpiresAt means
// something for them.
func (m Method) HasToken() bool { return m == MethodBearer || m.OAuth2() }

// Format is the shape a field value must have.
type Format string

// The field formats. The zero Format is FormatText.
const (
	// FormatText: any valid UTF-8 text without control characters other
	// than tab, line feed and carriage return (a PEM key spans lines).
	FormatText Format = "text"
	// FormatURL: an absolute http or https URL with a host, no user
	// information and no fragment.
	FormatURL Format = "url"
)

// Formats returns every field format.
func Formats() []Format { return []Format{FormatText, FormatURL} }

// Valid reports whether f is a known format; the zero Format is valid
// (it means FormatText).
func (f Format) Valid() bool { return f == "" || f == FormatText || f == FormatURL }

// FieldSpec declares one field of an auth method.
type FieldSpec struct {
	// Name is the field's key in Input.Values: a lower-case identifier
	// (a–z, 0–9 and _, starting with a letter, at most 64 characters).
	Name string `json:"name"`
	// Secret fields are sealed before they reach a store and never shown
	// in a View; only Service.Reveal returns them.
	Secret bool `json:"secret,omitempty"`
	// Required fields must have a non-blank value.
	Required bool `json:"required,omitempty"`
	// Format is the shape of the value; the zero Format is FormatText.
	Format Format `json:"format,omitempty"`
	// Description explains the field to whoever fills it in.
	Description string `json:"description,omitempty"`
}

// Limits of credential inputs.
const (
	// MaxValueLen is the longest field value, in bytes.
	MaxValueLen = 16 << 10
	// MaxNameLen is the longest credential name, in characters.
	MaxNameLen = 200
	// MaxFields is the most fields a custom method may declare.
	MaxFields = 32
	// MaxScopes is the most OAuth2 scopes a credential may hold.
	MaxScopes = 100
	// maxIdentLen is the longest field or custom-method name.
	maxIdentLen = 64
)

// The field names of the built-in methods.
const (
	FieldUsername     = "username"
	FieldPassword     = "password"
	FieldAPIKey       = "api_key"
	FieldToken        = "token"
	FieldClientID     = "client_id"
	FieldClientSecret = "client_secret"
	FieldAuthURL      = "auth_url"
	FieldTokenURL     = "token_url"
	FieldAccessToken  = "access_token"
	FieldRefreshToken = "refresh_token"
)

// builtin holds the field schemas of the built-in methods. It is never
// handed out: Fields returns a copy.
var builtin = map[Method][]FieldSpec{
	MethodBasic: {
		{Name: FieldUsername, Required: true, Description: "the user name"},
		{Name: FieldPassword, Secret: true, Required: true, Description: "the password"},
	},
	MethodAPIKey: {
		{Name: FieldAPIKey, Secret: true, Required: true, Description: "the API key"},
	},
	MethodBearer: {
		{Name: FieldToken, Secret: true, Required: true, Description: "the bearer token"},
	},
	MethodOAuth2ClientCredentials: {
		{Name: FieldClientID, Required: true, Description: "the OAuth2 client ID"},
		{Name: FieldClientSecret, Secret: true, Required: true, Description: "the OAuth2 client secret"},
		{Name: FieldTokenURL, Required: true, Format: FormatURL, Description: "the token endpoint"},
		{Name: FieldAccessToken, Secret: true, Description: "the current access token; obtained by a refresh when absent"},
	},
	MethodOAuth2AuthorizationCode: {
		{Name: FieldClientID, Required: true, Description: "the OAuth2 client ID"},
		{Name: FieldClientSecret, Secret: true, Description: "the OAuth2 client secret (absent for a public client)"},
		{Name: FieldAuthURL, Format: FormatURL, Description: "the authorization endpoint"},
		{Name: FieldTokenURL, Required: true, Format: FormatURL, Description: "the token endpoint"},
		{Name: FieldAccessToken, Secret: true, Required: true, Description: "the access token the authorization code was exchanged for"},
		{Name: FieldRefreshToken, Secret: true, Description: "the refresh token; without it the credential cannot be refreshed"},
	},
}

// Fields returns the field schema of a built-in method, in a fixed order.
// It returns nil for MethodCustom, whose fields a CustomMethod declares,
// and for an unknown method.
func (m Method) Fields() []FieldSpec {
	return slices.Clone(builtin[m])
}

// CustomMethod is an auth method an integration declares: its name and
// its fields. A credential of MethodCustom keeps both (Credential.Custom
// and Credential.CustomFields), so its values are checked against the
// schema it was created with.
type CustomMethod struct {
	// Name is a lower-case identifier, like a field name.
	Name string `json:"name"`
	// Fields are the declared fields: 1 to MaxFields, names unique.
	Fields []FieldSpec `json:"fields"`
}

// Validate reports every problem of m as a *customerkit.ValidationError
// with paths relative to m ("name", "fields[1].name").
func (m *CustomMethod) Validate() error {
	ve := &customerkit.ValidationError{Subject: "credential"}
	if m == nil {
		ve.Add("", customerkit.CodeRequired, "a custom method declares its name and fields")
		return ve
	}
	if d := identProblem(m.Name); d != "" {
		code := customerkit.CodeInvalid
		if m.Name == "" {
			code = customerkit.CodeRequired
		}
		ve.Add("name", code, d)
	}
	switch {
	case len(m.Fields) == 0:
		ve.Add("fields", customerkit.CodeRequired, "a custom method declares at least one field")
	case len(m.Fields) > MaxFields:
		ve.Add("fields", customerkit.CodeTooMany, "at most 32 fields")
	}
	seen := make(map[string]bool, len(m.Fields))
	for i, f := range m.Fields {
		p := customerkit.IndexPath("fields", i)
		switch d := identProblem(f.Name); {
		case f.Name == "":
			ve.Add(p+".name", customerkit.CodeRequired, d)
		case d != "":
			ve.Add(p+".name", customerkit.CodeInvalid, d)
		case seen[f.Name]:
			ve.Add(p+".name", customerkit.CodeDuplicate, "field names are unique")
		}
		seen[f.Name] = true
		if !f.Format.Valid() {
			ve.Add(p+".format", customerkit.CodeNotSupported, "one of text, url")
		}
		if utf8.RuneCountInString(f.Description) > 1000 || !utf8.ValidString(f.Description) {
			ve.Add(p+".description", customerkit.CodeInvalid, "valid UTF-8, at most 1000 characters")
		}
	}
	return ve.Err()
}

// Clone returns a deep copy of m.
func (m *CustomMethod) Clone() *CustomMethod {
	if m == nil {
		return nil
	}
	return &CustomMethod{Name: m.Name, Fields: slices.Clone(m.Fields)}
}

// identProblem describes why s is not a field or method name, or returns "".
func identProblem(s string) string {
	const detail = "a lower-case identifier: a letter, then letters, digits or _, at most 64"
	if s == "" || len(s) > maxIdentLen || s[0] < 'a' || s[0] > 'z' {
		return detail
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return detail
		}
	}
	return ""
}

// schema returns the fields of a credential of method m; custom is the
// declared schema of a custom method.
func schema(m Method, custom []FieldSpec) []FieldSpec {
	if m == MethodCustom {
		return custom
	}
	return builtin[m]
}

// spec returns the field called name in fields.
func spec(fields []FieldSpec, name string) (FieldSpec, bool) {
	for _, f := range fields {
		if f.Name == name {
			return f, true
		}
	}
	return FieldSpec{}, false
}

// blank reports whether v holds nothing but white space.
func blank(v string) bool { return strings.TrimSpace(v) == "" }

// valueProblem returns the code and detail of what is wrong with value v
// of field f, or "" when v is fine. It never quotes v, which may be secret.
func valueProblem(f FieldSpec, v string) (code, detail string) {
	if len(v) > MaxValueLen {
		return customerkit.CodeTooLong, "at most 16384 bytes"
	}
	if !utf8.ValidString(v) {
		return customerkit.CodeInvalid, "not valid UTF-8"
	}
	for _, r := range v {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f {
			return customerkit.CodeInvalid, "control characters are not allowed"
		}
	}
	if f.Format == FormatURL {
		if d := urlProblem(v); d != "" {
			return customerkit.CodeInvalid, d
		}
	}
	return "", ""
}

// urlProblem describes why v is not an acceptable endpoint URL, or returns "".
func urlProblem(v string) string {
	u, err := url.Parse(v)
	switch {
	case err != nil || strings.ContainsAny(v, " \t\r\n"):
		return "not a URL"
	case u.Scheme != "https" && u.Scheme != "http":
		return "an absolute http or https URL"
	case u.Host == "" || u.Hostname() == "":
		return "the URL has no host"
	case u.User != nil:
		return "the URL must not carry user information (put secrets in secret fields)"
	case u.Fragment != "" || strings.Contains(v, "#"):
		return "the URL must not have a fragment"
	}
	return ""
}

// scopeProblem describes why s is not an OAuth2 scope token (RFC 6749
// section 3.3: printable ASCII except space, " and \), or returns "".
func scopeProblem(s string) string {
	if s == "" {
		return "empty scope"
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return "a scope is printable ASCII without spaces, quotes or backslashes"
		}
	}
	return ""
}
