package credential_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit/credential"
)

func TestMethods(t *testing.T) {
	t.Parallel()
	for _, m := range credential.Methods() {
		require.True(t, m.Valid(), m)
		if m == credential.MethodCustom {
			require.Nil(t, m.Fields())
			continue
		}
		fields := m.Fields()
		require.NotEmpty(t, fields, m)
		secret := 0
		for _, f := range fields {
			if f.Secret {
				secret++
			}
		}
		require.Positive(t, secret, "%s has a secret field", m)
		fields[0].Name = "changed" // Fields returns a copy
		require.NotEqual(t, "changed", m.Fields()[0].Name)
	}
	require.False(t, credential.Method("oauth1").Valid())
	require.False(t, credential.Method("").Valid())
	require.Nil(t, credential.Method("nope").Fields())
	require.True(t, credential.MethodOAuth2AuthorizationCode.OAuth2())
	require.False(t, credential.MethodBearer.OAuth2())
	require.True(t, credential.MethodBearer.HasToken())
	require.False(t, credential.MethodAPIKey.HasToken())
	for _, f := range credential.Formats() {
		require.True(t, f.Valid())
	}
	require.True(t, credential.Format("").Valid())
	require.False(t, credential.Format("email").Valid())
}

func TestMethodSchemas(t *testing.T) {
	t.Parallel()
	type field struct {
		name             string
		secret, required bool
	}
	tests := []struct {
		method credential.Method
		want   []field
	}{
		{credential.MethodBasic, []field{{"username", false, true}, {"password", true, true}}},
		{credential.MethodAPIKey, []field{{"api_key", true, true}}},
		{credential.MethodBearer, []field{{"token", true, true}}},
		{credential.MethodOAuth2ClientCredentials, []field{{"client_id", false, true}, {"client_secret", true, true}, {"token_url", false, true}, {"access_token", true, false}}},
		{credential.MethodOAuth2AuthorizationCode, []field{{"client_id", false, true}, {"client_secret", true, false}, {"auth_url", false, false}, {"token_url", false, true}, {"access_token", true, true}, {"refresh_token", true, false}}},
	}
	for _, tt := range tests {
		t.Run(string(tt.method), func(t *testing.T) {
			t.Parallel()
			var got []field
			for _, f := range tt.method.Fields() {
				got = append(got, field{f.Name, f.Secret, f.Required})
				require.NotEmpty(t, f.Description)
			}
			require.Equal(t, tt.want, got)
		})
	}
}

func TestCustomMethodValidate(t *testing.T) {
	t.Parallel()
	many := make([]credential.FieldSpec, credential.MaxFields+1)
	for i := range many {
		many[i] = credential.FieldSpec{Name: "f" + strings.Repeat("x", i%60) + string(rune('a'+i%26))}
	}
	tests := []struct {
		name string
		m    *credential.CustomMethod
		want []string
	}{
		{"valid", &credential.CustomMethod{Name: "hmac_v2", Fields: []credential.FieldSpec{{Name: "key_id"}, {Name: "signing_key", Secret: true, Required: true}, {Name: "endpoint", Format: credential.FormatURL}}}, nil},
		{"nil", nil, []string{" required"}},
		{"no name, no fields", &credential.CustomMethod{}, []string{"name required", "fields required"}},
		{"bad name", &credential.CustomMethod{Name: "HMAC", Fields: []credential.FieldSpec{{Name: "k"}}}, []string{"name invalid"}},
		{"name starts with digit", &credential.CustomMethod{Name: "2fa", Fields: []credential.FieldSpec{{Name: "k"}}}, []string{"name invalid"}},
		{"name too long", &credential.CustomMethod{Name: strings.Repeat("a", 65), Fields: []credential.FieldSpec{{Name: "k"}}}, []string{"name invalid"}},
		{"field problems", &credential.CustomMethod{Name: "x", Fields: []credential.FieldSpec{
			{Name: ""}, {Name: "has-dash"}, {Name: "ok"}, {Name: "ok"}, {Name: "fmt", Format: "email"}, {Name: "d", Description: "\xff"},
		}}, []string{"fields[0].name required", "fields[1].name invalid", "fields[3].name duplicate", "fields[4].format not_supported", "fields[5].description invalid"}},
		{"too many fields", &credential.CustomMethod{Name: "x", Fields: many}, []string{"fields too_many"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.m.Validate()
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			requireProblems(t, err, tt.want...)
		})
	}
}

// Every rule of an input, field by field, through Service.Create.
func TestCreateValidation(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	custom := &credential.CustomMethod{Name: "signed", Fields: []credential.FieldSpec{
		{Name: "key_id", Required: true}, {Name: "signing_key", Secret: true, Required: true}, {Name: "callback", Format: credential.FormatURL},
	}}
	expiry := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		in   credential.Input
		want []string // nil: valid
	}{
		{"basic", credential.Input{Name: "x", Method: "basic", Values: credential.Values{"username": "u", "password": "p"}}, nil},
		{"api key", credential.Input{Name: "x", Method: "api_key", Values: credential.Values{"api_key": "k"}}, nil},
		{"bearer with expiry", credential.Input{Name: "x", Method: "bearer", Values: credential.Values{"token": "t"}, ExpiresAt: expiry}, nil},
		{"client credentials without token", credential.Input{Name: "x", Method: "oauth2_client_credentials", Values: credential.Values{"client_id": "c", "client_secret": "s", "token_url": "https://auth.example.com/token"}, Scopes: []string{"read", "write"}}, nil},
		{"authorization code", credential.Input{Name: "x", Method: "oauth2_authorization_code", Values: credential.Values{"client_id": "c", "token_url": "https://auth.example.com/token", "auth_url": "https://auth.example.com/authorize", "access_token": "a", "refresh_token": "r"}, ExpiresAt: expiry}, nil},
		{"custom", credential.Input{Name: "x", Method: "custom", Custom: custom, Values: credential.Values{"key_id": "k1", "signing_key": "-----BEGIN KEY-----\nabc\n-----END KEY-----\n"}}, nil},

		{"nothing", credential.Input{}, []string{"name required", "method required"}},
		{"unknown method", credential.Input{Name: "x", Method: "oauth1"}, []string{"method not_supported"}},
		{"name too long", credential.Input{Name: strings.Repeat("é", credential.MaxNameLen+1), Method: "api_key", Values: credential.Values{"api_key": "k"}}, []string{"name too_long"}},
		{"name on two lines", credential.Input{Name: "a\nb", Method: "api_key", Values: credential.Values{"api_key": "k"}}, []string{"name invalid"}},
		{"basic missing both", credential.Input{Name: "x", Method: "basic"}, []string{`values["username"] required`, `values["password"] required`}},
		{"blank counts as missing", credential.Input{Name: "x", Method: "basic", Values: credential.Values{"username": "  ", "password": "\t"}}, []string{`values["username"] required`, `values["password"] required`}},
		{"unknown fields", credential.Input{Name: "x", Method: "api_key", Values: credential.Values{"api_key": "k", "zeta": "1", "alpha": "2"}}, []string{`values["alpha"] not_supported`, `values["zeta"] not_supported`}},
		{"control character", credential.Input{Name: "x", Method: "api_key", Values: credential.Values{"api_key": "k\x00ey"}}, []string{`values["api_key"] invalid`}},
		{"invalid utf-8", credential.Input{Name: "x", Method: "bearer", Values: credential.Values{"token": "\xff\xfe"}}, []string{`values["token"] invalid`}},
		{"too long", credential.Input{Name: "x", Method: "bearer", Values: credential.Values{"token": strings.Repeat("t", credential.MaxValueLen+1)}}, []string{`values["token"] too_long`}},
		{"bad urls", credential.Input{Name: "x", Method: "oauth2_authorization_code", Values: credential.Values{
			"client_id": "c", "token_url": "ftp://auth.example.com/token", "auth_url": "https://user:pw@auth.example.com/", "access_token": "a",
		}}, []string{`values["auth_url"] invalid`, `values["token_url"] invalid`}},
		{"relative url", credential.Input{Name: "x", Method: "oauth2_client_credentials", Values: credential.Values{"client_id": "c", "client_secret": "s", "token_url": "/token"}}, []string{`values["token_url"] invalid`}},
		{"url with fragment", credential.Input{Name: "x", Method: "oauth2_client_credentials", Values: credential.Values{"client_id": "c", "client_secret": "s", "token_url": "https://a.example/t#x"}}, []string{`values["token_url"] invalid`}},
		{"client credentials missing secret", credential.Input{Name: "x", Method: "oauth2_client_credentials", Values: credential.Values{"client_id": "c", "token_url": "https://a.example/t"}}, []string{`values["client_secret"] required`}},
		{"authorization code missing token", credential.Input{Name: "x", Method: "oauth2_authorization_code", Values: credential.Values{"client_id": "c", "token_url": "https://a.example/t"}}, []string{`values["access_token"] required`}},
		{"scopes on basic", credential.Input{Name: "x", Method: "basic", Values: credential.Values{"username": "u", "password": "p"}, Scopes: []string{"read"}}, []string{"scopes not_supported"}},
		{"bad scopes", credential.Input{Name: "x", Method: "oauth2_client_credentials", Values: credential.Values{"client_id": "c", "client_secret": "s", "token_url": "https://a.example/t"}, Scopes: []string{"read", "", "a b", "read", `q"`}}, []string{"scopes[1] invalid", "scopes[2] invalid", "scopes[3] duplicate", "scopes[4] invalid"}},
		{"expiry on api key", credential.Input{Name: "x", Method: "api_key", Values: credential.Values{"api_key": "k"}, ExpiresAt: expiry}, []string{"expires_at not_supported"}},
		{"custom without declaration", credential.Input{Name: "x", Method: "custom", Values: credential.Values{"k": "v"}}, []string{"custom required"}},
		{"declaration on a built-in method", credential.Input{Name: "x", Method: "api_key", Custom: custom, Values: credential.Values{"api_key": "k"}}, []string{"custom not_supported"}},
		{"custom bad declaration", credential.Input{Name: "x", Method: "custom", Custom: &credential.CustomMethod{Name: "Bad"}}, []string{"custom.name invalid", "custom.fields required"}},
		{"custom fields checked", credential.Input{Name: "x", Method: "custom", Custom: custom, Values: credential.Values{"key_id": "k1", "callback": "nope", "other": "1"}}, []string{`values["signing_key"] required`, `values["callback"] invalid`, `values["other"] not_supported`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v, err := f.svc.Create(t.Context(), tt.in)
			if tt.want == nil {
				require.NoError(t, err)
				require.Equal(t, tt.in.Method, v.Method)
				return
			}
			requireProblems(t, err, tt.want...)
		})
	}
}
