package password_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer/password"
)

// FuzzParseHash checks the parser: it never panics on arbitrary input; it
// refuses with a *customerkit.ValidationError naming the hash, not
// quoting it; what it accepts is canonical (every number and base64 field
// has one spelling, so its parameters, salt and key written back give the
// input unchanged), has parameters within bounds, and Verify handles it
// without error.
//
//	go test ./customer/password -run '^$' -fuzz '^FuzzParseHash$' -fuzztime 60s
func FuzzParseHash(f *testing.F) {
	f.Add(ref)
	f.Add("$argon2id$v=19$m=64,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	f.Add("$argon2id$v=19$m=4294967295,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR")
	f.Add("$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4")
	f.Add("$argon2id$m=256,t=2,p=1$c29tZXNhbHQ$x")
	f.Add("$$$$$")
	f.Add("")
	h := newHasher(f, &password.Options{Params: fast})
	f.Fuzz(func(t *testing.T, s string) {
		got, err := password.ParseHash(s)
		if err != nil {
			require.True(t, got.IsZero())
			require.ErrorIs(t, err, customerkit.ErrInvalid)
			var ve *customerkit.ValidationError
			require.True(t, errors.As(err, &ve))
			require.NotEmpty(t, ve.Fields)
			for _, fe := range ve.Fields {
				require.True(t, strings.HasPrefix(fe.Path, "hash"), fe.Path)
			}
			// Details come from a fixed set of rules; with a byte outside
			// any of them, s cannot appear in the message.
			if strings.ContainsAny(s, "\x00\xff~") {
				require.NotContains(t, err.Error(), s)
			}
			_, _, verr := h.Verify(password.Hash(s), "password")
			require.Equal(t, err, verr)
			return
		}
		require.Equal(t, s, got.Encoded())
		p, err := got.Params()
		require.NoError(t, err)
		require.NoError(t, p.Validate())

		// Written back from its parts, the hash is the input.
		i := strings.LastIndexByte(s, '$')
		j := strings.LastIndexByte(s[:i], '$')
		want := "$argon2id$v=19$m=" + itoa(p.Memory) + ",t=" + itoa(p.Iterations) + ",p=" + itoa(uint32(p.Parallelism)) + s[j:]
		require.Equal(t, want, s)
		require.Equal(t, int(p.SaltLength), len(decodeB64(t, s[j+1:i])))
		require.Equal(t, int(p.KeyLength), len(decodeB64(t, s[i+1:])))

		// Verifying costs what the hash says; keep that small here.
		if p.Memory <= 1024 && p.Iterations <= 4 {
			ok, rehash, err := h.Verify(got, "password")
			require.NoError(t, err)
			require.False(t, rehash && !ok)
		}
	})
}

// FuzzHashVerify checks that every password Hash accepts verifies, and its
// hash parses and round-trips.
//
//	go test ./customer/password -run '^$' -fuzz '^FuzzHashVerify$' -fuzztime 60s
func FuzzHashVerify(f *testing.F) {
	f.Add("correct horse", "correct horse ")
	f.Add("cafe\u0301", "caf\u00e9")
	f.Add("\xff", "")
	h := newHasher(f, &password.Options{Params: fast})
	f.Fuzz(func(t *testing.T, pw, other string) {
		hash, err := h.Hash(pw)
		if err != nil {
			require.ErrorIs(t, err, customerkit.ErrInvalid)
			return
		}
		_, err = password.ParseHash(hash.Encoded())
		require.NoError(t, err)
		ok, rehash, err := h.Verify(hash, pw)
		require.NoError(t, err)
		require.True(t, ok)
		require.False(t, rehash)
		if other != pw {
			ok, _, err = h.Verify(hash, other)
			require.NoError(t, err)
			_ = ok // canonically equivalent strings may match; others must not (argon2's job)
		}
	})
}

func itoa(n uint32) string {
	var b [10]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}
