package password_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit/customer/password"
)

// ref is the reference implementation's argon2id vector (m=256, t=2, p=1,
// "password", "somesalt").
const ref = "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"

func decodeB64(t testing.TB, s string) []byte {
	t.Helper()
	b, err := base64.RawStdEncoding.DecodeString(s)
	require.NoError(t, err)
	return b
}

func TestParseHash(t *testing.T) {
	t.Parallel()
	const salt, key = "c29tZXNhbHQ", "nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"
	tests := []struct {
		name string
		in   string
		path string
		code string // "" when valid
	}{
		{"reference", ref, "", ""},
		{"bounds high", "$argon2id$v=19$m=2097152,t=1024,p=255$" + strings.Repeat("A", 86) + "$" + strings.Repeat("A", 86), "", ""},
		{"empty", "", "hash", "required"},
		{"not PHC", "password", "hash", "invalid"},
		{"bcrypt", "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW", "hash", "not_supported"},
		{"argon2i", strings.Replace(ref, "argon2id", "argon2i", 1), "hash", "not_supported"},
		{"argon2d", strings.Replace(ref, "argon2id", "argon2d", 1), "hash", "not_supported"},
		{"scrypt", "$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E", "hash", "not_supported"},
		{"version 16 without v", "$argon2id$m=256,t=2,p=1$" + salt + "$" + key, "hash", "not_supported"},
		{"version 16", strings.Replace(ref, "v=19", "v=16", 1), "hash", "not_supported"},
		{"version leading zero", strings.Replace(ref, "v=19", "v=019", 1), "hash", "not_supported"},
		{"version missing =", strings.Replace(ref, "v=19", "v19", 1), "hash", "invalid"},
		{"parameters reordered", "$argon2id$v=19$t=2,m=256,p=1$" + salt + "$" + key, "hash", "invalid"},
		{"parameter missing", "$argon2id$v=19$m=256,t=2$" + salt + "$" + key, "hash", "invalid"},
		{"keyid parameter", "$argon2id$v=19$m=256,t=2,p=1,keyid=AAAA$" + salt + "$" + key, "hash", "invalid"},
		{"data parameter", "$argon2id$v=19$m=256,t=2,p=1,data=AAAA$" + salt + "$" + key, "hash", "invalid"},
		{"leading zero", strings.Replace(ref, "m=256", "m=0256", 1), "hash", "invalid"},
		{"sign", strings.Replace(ref, "t=2", "t=+2", 1), "hash", "invalid"},
		{"negative", strings.Replace(ref, "t=2", "t=-2", 1), "hash", "invalid"},
		{"empty number", strings.Replace(ref, "p=1", "p=", 1), "hash", "invalid"},
		{"space", strings.Replace(ref, "p=1", "p= 1", 1), "hash", "invalid"},
		{"over uint32", strings.Replace(ref, "m=256", "m=4294967296", 1), "hash", "invalid"},
		{"eleven digits", strings.Replace(ref, "m=256", "m=10000000000", 1), "hash", "invalid"},
		{"memory over bound", strings.Replace(ref, "m=256", "m=4294967295", 1), "hash.memory", "invalid"},
		{"memory under lanes", strings.Replace(strings.Replace(ref, "m=256", "m=16", 1), "p=1", "p=4", 1), "hash.memory", "invalid"},
		{"zero iterations", strings.Replace(ref, "t=2", "t=0", 1), "hash.iterations", "invalid"},
		{"zero lanes", strings.Replace(ref, "p=1", "p=0", 1), "hash.parallelism", "invalid"},
		{"lanes over uint8", strings.Replace(ref, "p=1", "p=256", 1), "hash", "not_supported"},
		{"salt too short", "$argon2id$v=19$m=256,t=2,p=1$c29tZXNh$" + key, "hash.salt_length", "invalid"},
		{"key too short", "$argon2id$v=19$m=256,t=2,p=1$" + salt + "$nf65EOgLrQMR", "hash.key_length", "invalid"},
		{"empty salt", "$argon2id$v=19$m=256,t=2,p=1$$" + key, "hash.salt_length", "invalid"},
		{"padded salt", "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ=$" + key, "hash", "invalid"},
		{"padded key", ref + "=", "hash", "invalid"},
		{"url alphabet", strings.Replace(ref, "/", "_", 1), "hash", "invalid"},
		{"non-canonical trailing bits", "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHR$" + key, "hash", "invalid"},
		{"trailing segment", ref + "$", "hash", "invalid"},
		{"leading text", "x" + ref, "hash", "invalid"},
		{"trailing newline", ref + "\n", "hash", "invalid"},
		{"newline in key", ref[:len(ref)-10] + "\n" + ref[len(ref)-10:], "hash", "invalid"},
		{"carriage return in salt", strings.Replace(ref, "c29t", "c2\r9t", 1), "hash", "invalid"},
		{"too long", ref + strings.Repeat("A", 300), "hash", "invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h, err := password.ParseHash(tt.in)
			if tt.code == "" {
				require.NoError(t, err)
				require.Equal(t, tt.in, h.Encoded())
				return
			}
			requireField(t, err, tt.path, tt.code)
			require.True(t, h.IsZero())
			if len(tt.in) > 8 {
				require.NotContains(t, err.Error(), tt.in, "the error quotes the hash")
			}
			_, perr := password.Hash(tt.in).Params()
			require.Equal(t, err, perr)
		})
	}

	p, err := password.Hash(ref).Params()
	require.NoError(t, err)
	require.Equal(t, password.Params{Memory: 256, Iterations: 2, Parallelism: 1, SaltLength: 8, KeyLength: 32}, p)
}

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

// A Hash never shows its encoded form, however it is printed, marshalled
// or logged, alone or inside other values.
func TestRedaction(t *testing.T) {
	t.Parallel()
	h := password.Hash(ref)
	type user struct {
		Email        string         `json:"email"`
		PasswordHash password.Hash  `json:"password_hash"`
		Ptr          *password.Hash `json:"ptr"`
	}
	u := user{Email: "ana@example.com", PasswordHash: h, Ptr: &h}
	for name, v := range map[string]any{
		"Hash":          h,
		"*Hash":         &h,
		"[]Hash":        []password.Hash{h},
		"map of Hash":   map[string]password.Hash{"k": h},
		"struct":        u,
		"*struct":       &u,
		"any in struct": struct{ V any }{h},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for how, s := range renderings(t, v) {
				for _, part := range []string{"c29tZXNhbHQ", "nf65EOgLrQMR", "m=256", "$argon2id$"} {
					require.NotContains(t, s, part, "%s shows the hash: %s", how, s)
				}
				require.NotContains(t, s, fmt.Sprintf("%x", ref[:12]), "%s shows the hash in hex", how)
			}
		})
	}
	require.Equal(t, "[argon2id hash]", h.String())
	require.Equal(t, "[argon2id hash]", h.GoString())
	require.Equal(t, "[argon2id hash]", fmt.Sprintf("%+v", h))
	require.Equal(t, `"[argon2id hash]"`, mustJSON(t, h))
	require.Equal(t, `{"email":"ana@example.com","password_hash":"[argon2id hash]","ptr":"[argon2id hash]"}`, mustJSON(t, u))
	text, err := h.MarshalText()
	require.NoError(t, err)
	require.Equal(t, "[argon2id hash]", string(text))
	require.Equal(t, ref, h.Encoded())

	// The zero Hash prints as nothing, so "no password" reads as such.
	var zero password.Hash
	require.True(t, zero.IsZero())
	require.Equal(t, "", zero.String())
	require.Equal(t, `""`, mustJSON(t, zero))
	require.Equal(t, "[]", fmt.Sprintf("[%v]", zero))
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
