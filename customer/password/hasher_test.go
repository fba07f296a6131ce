package password_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer/password"
)

func TestHashVerify(t *testing.T) {
	t.Parallel()
	h := newHasher(t, &password.Options{Params: fast})
	hash, err := h.Hash("correct horse battery staple")
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(hash.Encoded(), "$argon2id$v=19$m=64,t=1,p=1$"), hash.Encoded())
	_, err = password.ParseHash(hash.Encoded())
	require.NoError(t, err)
	p, err := hash.Params()
	require.NoError(t, err)
	require.Equal(t, fast, p)

	ok, rehash, err := h.Verify(hash, "correct horse battery staple")
	require.NoError(t, err)
	require.True(t, ok)
	require.False(t, rehash)

	for _, wrong := range []string{"correct horse battery stapl", "Correct horse battery staple", "correct horse battery staple ", "x"} {
		ok, rehash, err = h.Verify(hash, wrong)
		require.NoError(t, err)
		require.False(t, ok, wrong)
		require.False(t, rehash)
	}
}

func TestSaltsDiffer(t *testing.T) {
	t.Parallel()
	h := newHasher(t, &password.Options{Params: fast})
	seen := map[string]bool{}
	for range 5 {
		hash, err := h.Hash("same password")
		require.NoError(t, err)
		require.False(t, seen[hash.Encoded()], "a hash repeats")
		seen[hash.Encoded()] = true
		ok, _, err := h.Verify(hash, "same password")
		require.NoError(t, err)
		require.True(t, ok)
	}
}

// A Hasher with other parameters still verifies old hashes, and asks for
// a rehash; the new hash no longer does.
func TestNeedsRehash(t *testing.T) {
	t.Parallel()
	old := newHasher(t, &password.Options{Params: fast})
	hash, err := old.Hash("s3cret")
	require.NoError(t, err)

	changes := map[string]password.Params{
		"memory":      {Memory: 128, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32},
		"iterations":  {Memory: 64, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32},
		"parallelism": {Memory: 64, Iterations: 1, Parallelism: 2, SaltLength: 16, KeyLength: 32},
		"salt_length": {Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 24, KeyLength: 32},
		"key_length":  {Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 16},
	}
	for name, p := range changes {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := newHasher(t, &password.Options{Params: p})
			ok, rehash, err := h.Verify(hash, "s3cret")
			require.NoError(t, err)
			require.True(t, ok)
			require.True(t, rehash)

			// Only the right password is ever told to rehash.
			ok, rehash, err = h.Verify(hash, "wrong")
			require.NoError(t, err)
			require.False(t, ok)
			require.False(t, rehash)

			again, err := h.Hash("s3cret")
			require.NoError(t, err)
			got, err := again.Params()
			require.NoError(t, err)
			require.Equal(t, p, got)
			ok, rehash, err = h.Verify(again, "s3cret")
			require.NoError(t, err)
			require.True(t, ok)
			require.False(t, rehash)
		})
	}
}

// Known answers of the reference implementation (phc-winner-argon2,
// src/test.c, argon2id v=19, password "password", salt "somesalt"). With
// the salt fixed through RandReader, Hash must write exactly the
// reference's encoded string, and Verify must accept it.
func TestKnownAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		params  password.Params
		tag     string // hex
		encoded string
		large   bool
	}{
		{
			password.Params{Memory: 256, Iterations: 2, Parallelism: 1, SaltLength: 8, KeyLength: 32},
			"9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe",
			"$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
			false,
		},
		{
			password.Params{Memory: 256, Iterations: 2, Parallelism: 2, SaltLength: 8, KeyLength: 32},
			"6d093c501fd5999645e0ea3bf620d7b8be7fd2db59c20d9fff9539da2bf57037",
			"$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc",
			false,
		},
		{
			password.Params{Memory: 65536, Iterations: 2, Parallelism: 1, SaltLength: 8, KeyLength: 32},
			"09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7",
			"$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
			true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.encoded, func(t *testing.T) {
			if tt.large && testing.Short() {
				t.Skip("64 MiB vector skipped in -short mode")
			}
			h := newHasher(t, &password.Options{Params: tt.params, RandReader: strings.NewReader("somesalt")})
			hash, err := h.Hash("password")
			require.NoError(t, err)
			require.Equal(t, tt.encoded, hash.Encoded())

			tag, err := hex.DecodeString(tt.tag)
			require.NoError(t, err)
			key := hash.Encoded()[strings.LastIndexByte(hash.Encoded(), '$')+1:]
			require.Equal(t, tag, decodeB64(t, key))

			ok, rehash, err := h.Verify(password.Hash(tt.encoded), "password")
			require.NoError(t, err)
			require.True(t, ok)
			require.False(t, rehash)
			ok, _, err = h.Verify(password.Hash(tt.encoded), "differentpassword")
			require.NoError(t, err)
			require.False(t, ok)
		})
	}
}

// Changing any part of a hash makes it fail to verify: a changed key or
// salt gives ok == false; a broken shape gives ErrInvalid.
func TestTamperedHash(t *testing.T) {
	t.Parallel()
	h := newHasher(t, &password.Options{Params: fast, RandReader: bytes.NewReader(bytes.Repeat([]byte{7}, 16))})
	hash, err := h.Hash("hunter2")
	require.NoError(t, err)
	enc := hash.Encoded()
	i := strings.LastIndexByte(enc, '$')
	j := strings.LastIndexByte(enc[:i], '$')

	flip := func(s string, at int) string {
		b := []byte(s)
		if b[at] == 'A' {
			b[at] = 'B'
		} else {
			b[at] = 'A'
		}
		return string(b)
	}
	for name, tampered := range map[string]string{
		"key first char":  flip(enc, i+1),
		"key middle char": flip(enc, i+20),
		"salt first char": flip(enc, j+1),
		"iterations":      strings.Replace(enc, "t=1", "t=2", 1),
		"memory":          strings.Replace(enc, "m=64", "m=72", 1),
	} {
		ok, _, err := h.Verify(password.Hash(tampered), "hunter2")
		require.NoError(t, err, name)
		require.False(t, ok, name)
	}
	for name, tampered := range map[string]string{
		"algorithm":      strings.Replace(enc, "argon2id", "argon2i", 1),
		"truncated":      enc[:i+5],
		"key dropped":    enc[:i],
		"salt too short": enc[:j+1] + "AAAA" + enc[i:],
		"padding":        enc + "=",
		"zero lanes":     strings.Replace(enc, "p=1", "p=0", 1),
	} {
		ok, rehash, err := h.Verify(password.Hash(tampered), "hunter2")
		require.ErrorIs(t, err, customerkit.ErrInvalid, name)
		require.False(t, ok)
		require.False(t, rehash)
	}
}

func TestPasswordPolicy(t *testing.T) {
	t.Parallel()
	h := newHasher(t, &password.Options{Params: fast, MinLength: 4})
	tests := []struct {
		name     string
		password string
		code     string // "" when accepted
	}{
		{"empty", "", "required"},
		{"too short", "abc", password.CodeTooShort},
		{"short by characters, long in bytes", "ééé", password.CodeTooShort},
		{"four characters", "ab c", ""},
		{"spaces only", "    ", ""},
		{"at the limit", strings.Repeat("a", password.MaxLength), ""},
		{"over the limit", strings.Repeat("a", password.MaxLength+1), "too_long"},
		{"multi-byte over the limit", strings.Repeat("€", password.MaxLength/3+1), "too_long"},
		{"invalid UTF-8", "abcd\xff", "invalid"},
		{"control characters are characters", "a\tb\x00c", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			hash, err := h.Hash(tt.password)
			if tt.code != "" {
				requireField(t, err, "password", tt.code)
				require.True(t, hash.IsZero())
				if tt.password != "" {
					require.NotContains(t, err.Error(), tt.password)
				}
				return
			}
			require.NoError(t, err)
			ok, _, err := h.Verify(hash, tt.password)
			require.NoError(t, err)
			require.True(t, ok)
		})
	}
}

// Verify answers false, without an error, for a password Hash would have
// refused, and does not apply MinLength to existing hashes.
func TestVerifyPolicy(t *testing.T) {
	t.Parallel()
	short, err := newHasher(t, &password.Options{Params: fast}).Hash("ab")
	require.NoError(t, err)
	strict := newHasher(t, &password.Options{Params: fast, MinLength: 12})
	ok, _, err := strict.Verify(short, "ab")
	require.NoError(t, err)
	require.True(t, ok, "MinLength locks out an existing password")

	for _, pw := range []string{"", strings.Repeat("a", password.MaxLength+1), "\xff"} {
		ok, rehash, err := strict.Verify(short, pw)
		require.NoError(t, err)
		require.False(t, ok)
		require.False(t, rehash)
	}
}

// Canonically equivalent passwords (composed and decomposed) verify
// against each other.
func TestNFC(t *testing.T) {
	t.Parallel()
	h := newHasher(t, &password.Options{Params: fast})
	composed, decomposed := "caf\u00e9 \u00c5ngstr\u00f6m", "cafe\u0301 A\u030angstro\u0308m"
	require.NotEqual(t, composed, decomposed)
	hash, err := h.Hash(decomposed)
	require.NoError(t, err)
	ok, _, err := h.Verify(hash, composed)
	require.NoError(t, err)
	require.True(t, ok)

	// Compatibility forms stay distinct (NFC, not NFKC).
	hash, err = h.Hash("\ufb01sh") // "ﬁsh" with the fi ligature
	require.NoError(t, err)
	ok, _, err = h.Verify(hash, "fish")
	require.NoError(t, err)
	require.False(t, ok)
}

func TestRandReaderFails(t *testing.T) {
	t.Parallel()
	boom := errors.New("entropy source down")
	h := newHasher(t, &password.Options{Params: fast, RandReader: iotest.ErrReader(boom)})
	_, err := h.Hash("pw")
	require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
	require.ErrorIs(t, err, boom)
	require.NotErrorIs(t, err, customerkit.ErrInvalid)

	short := newHasher(t, &password.Options{Params: fast, RandReader: strings.NewReader("tooshort")})
	_, err = short.Hash("pw")
	require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
}
