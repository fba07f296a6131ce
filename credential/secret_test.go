package credential_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit/credential"
)

const plain = "pa55-PLAIN-s3cret"

// renderings returns every way v may be printed or logged.
func renderings(t *testing.T, v any) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%10.3v", "%T %v"} {
		out[verb] = fmt.Sprintf(verb, v)
	}
	out["Sprint"] = fmt.Sprint(v)
	out["Sprintln"] = fmt.Sprintln(v)
	if s, ok := v.(fmt.Stringer); ok {
		out["String"] = s.String()
	}
	j, err := json.Marshal(v)
	require.NoError(t, err)
	out["json"] = string(j)
	for name, h := range map[string]func(*bytes.Buffer) slog.Handler{
		"slog text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		"slog json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
	} {
		var b bytes.Buffer
		slog.New(h(&b)).Info("msg", "v", v, slog.Any("any", v), slog.Group("g", "v", v))
		out[name] = b.String()
	}
	return out
}

// Redaction everywhere: no way of printing, marshalling or logging a value
// that holds a secret shows the secret.
func TestRedaction(t *testing.T) {
	t.Parallel()
	key := credential.Key{ID: "k1", Secret: []byte(plain + "-0123456789abcd")}
	ring, err := credential.NewKeyRing(key)
	require.NoError(t, err)
	secret := credential.NewSecret(plain)
	values := credential.Values{"username": plain, "password": plain}
	in := credential.Input{Name: "n", Method: credential.MethodBasic, Values: values}
	tok := credential.Token{AccessToken: secret, RefreshToken: secret, TokenType: "Bearer"}
	req := credential.RefreshRequest{ClientSecret: secret, RefreshToken: secret}
	rev := credential.Revealed{Secrets: map[string]credential.Secret{"password": secret}}
	tests := []struct {
		name string
		v    any
	}{
		{"Secret", secret},
		{"*Secret", &secret},
		{"[]Secret", []credential.Secret{secret}},
		{"map of Secret", map[string]credential.Secret{"k": secret}},
		{"Values", values},
		{"Input", in},
		{"*Input", &in},
		{"Token", tok},
		{"*Token", &tok},
		{"RefreshRequest", &req},
		{"Revealed", rev},
		{"*Revealed", &rev},
		{"Key", key},
		{"*Key", &key},
		{"KeyRing", ring},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for how, s := range renderings(t, tt.v) {
				require.NotContains(t, s, plain, "%s shows the secret: %s", how, s)
				require.NotContains(t, s, fmt.Sprintf("%x", plain), "%s shows the secret in hex", how)
			}
		})
	}
	require.Equal(t, plain, secret.Reveal())
	require.Equal(t, "[REDACTED]", secret.String())
	require.Equal(t, "[REDACTED]", fmt.Sprintf("%+v", secret))
	require.Equal(t, "map[password:[REDACTED] username:[REDACTED]]", fmt.Sprint(values))
	require.Equal(t, `{"password":"[REDACTED]","username":"[REDACTED]"}`, mustJSON(t, values))
	require.Equal(t, "credential.KeyRing[k1*]", fmt.Sprint(ring))
	require.True(t, credential.NewSecret("").IsZero())
	text, err := secret.MarshalText()
	require.NoError(t, err)
	require.Equal(t, "[REDACTED]", string(text))
	require.Equal(t, "[REDACTED]", secret.GoString())
	require.Equal(t, "credential.Key(k1)", key.GoString())
	require.Equal(t, values.String(), values.GoString())
}

// Decoding JSON into Values works as for any map; only output is redacted.
func TestValuesDecode(t *testing.T) {
	t.Parallel()
	var in credential.Input
	require.NoError(t, json.Unmarshal([]byte(`{"name":"n","method":"basic","values":{"username":"u","password":"p"}}`), &in))
	require.Equal(t, "p", in.Values["password"])
	require.Equal(t, "null", mustJSON(t, credential.Values(nil)))
	require.Equal(t, `{"a\u0000b":"[REDACTED]"}`, mustJSON(t, credential.Values{"a\x00b": "x"}))
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return strings.TrimSpace(string(b))
}
