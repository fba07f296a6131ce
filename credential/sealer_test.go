package credential_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/credential"
)

func TestNewKeyRing(t *testing.T) {
	t.Parallel()
	k1, k2 := testKey("k1"), testKey("k2")
	tests := []struct {
		name string
		keys []credential.Key
		want []string
	}{
		{"one key", []credential.Key{k1}, nil},
		{"two keys", []credential.Key{k1, k2}, nil},
		{"no key", nil, []string{"keys required"}},
		{"short secret", []credential.Key{{ID: "k1", Secret: make([]byte, 16)}}, []string{"keys[0].secret invalid"}},
		{"long secret", []credential.Key{k1, {ID: "k2", Secret: make([]byte, 33)}}, []string{"keys[1].secret invalid"}},
		{"empty id", []credential.Key{{Secret: k1.Secret}}, []string{"keys[0].id invalid"}},
		{"id with space", []credential.Key{{ID: "k 1", Secret: k1.Secret}}, []string{"keys[0].id invalid"}},
		{"duplicate id", []credential.Key{k1, {ID: "k1", Secret: k2.Secret}}, []string{"keys[1].id duplicate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := credential.NewKeyRing(tt.keys...)
			if tt.want == nil {
				require.NoError(t, err)
				require.Equal(t, tt.keys[len(tt.keys)-1].ID, r.CurrentKeyID())
				return
			}
			requireProblems(t, err, tt.want...)
		})
	}
}

func TestKeyRingWipedKeys(t *testing.T) {
	t.Parallel()
	k := testKey("k1")
	secret := bytes.Clone(k.Secret)
	r, err := credential.NewKeyRing(k)
	require.NoError(t, err)
	s, err := r.Seal([]byte("v"), []byte("aad"))
	require.NoError(t, err)
	clear(k.Secret) // the ring keeps its own copy
	pt, err := r.Open(s, []byte("aad"))
	require.NoError(t, err)
	require.Equal(t, "v", string(pt))
	r2, err := credential.NewKeyRing(credential.Key{ID: "k1", Secret: secret})
	require.NoError(t, err)
	_, err = r2.Open(s, []byte("aad"))
	require.NoError(t, err)
}

func requireCannotOpen(t testing.TB, err error) {
	t.Helper()
	require.ErrorIs(t, err, credential.ErrCannotOpen)
	require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
	for _, other := range []error{customerkit.ErrNotFound, customerkit.ErrInvalid, customerkit.ErrConflict, customerkit.ErrAlreadyExists, customerkit.ErrPermissionDenied} {
		require.False(t, errors.Is(err, other), "matches %v too", other)
	}
}

func TestSealOpen(t *testing.T) {
	t.Parallel()
	r := newRing(t, "k1")
	id := ulid.MustParse("01J9ZQ3V7C2X4N8B6M5K3H1G0F")
	aad := credential.AAD(id, "password")
	for _, pt := range [][]byte{nil, {}, []byte("p"), []byte("correct horse battery staple"), bytes.Repeat([]byte{0, 0xff}, 5000)} {
		s, err := r.Seal(pt, aad)
		require.NoError(t, err)
		require.Equal(t, "k1", s.KeyID)
		require.Len(t, s.Data, 12+len(pt)+16, "nonce‖ciphertext‖tag")
		if len(pt) > 4 {
			require.False(t, bytes.Contains(s.Data, pt), "ciphertext holds the plaintext")
		}
		got, err := r.Open(s, aad)
		require.NoError(t, err)
		require.Equal(t, string(pt), string(got))
	}
	// Two seals of one value differ (fresh nonces).
	a, _ := r.Seal([]byte("same"), aad)
	b, _ := r.Seal([]byte("same"), aad)
	require.NotEqual(t, a.Data, b.Data)
}

func TestOpenRefuses(t *testing.T) {
	t.Parallel()
	r := newRing(t, "k1")
	id := ulid.MustParse("01J9ZQ3V7C2X4N8B6M5K3H1G0F")
	other := ulid.MustParse("01J9ZQ3V7C2X4N8B6M5K3H1G0G")
	aad := credential.AAD(id, "password")
	s, err := r.Seal([]byte("hunter2"), aad)
	require.NoError(t, err)
	tests := []struct {
		name string
		s    credential.Sealed
		aad  []byte
	}{
		{"another credential", s, credential.AAD(other, "password")},
		{"another field", s, credential.AAD(id, "client_secret")},
		{"no aad", s, nil},
		{"unknown key", credential.Sealed{KeyID: "k9", Data: s.Data}, aad},
		{"empty key id", credential.Sealed{Data: s.Data}, aad},
		{"empty data", credential.Sealed{KeyID: "k1"}, aad},
		{"short data", credential.Sealed{KeyID: "k1", Data: s.Data[:27]}, aad},
		{"truncated tag", credential.Sealed{KeyID: "k1", Data: s.Data[:len(s.Data)-1]}, aad},
		{"extended", credential.Sealed{KeyID: "k1", Data: append(bytes.Clone(s.Data), 0)}, aad},
		{"key of another ring", s, aad}, // opened by r2 below
	}
	r2 := newRing(t, "k0", "k1x")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opener := r
			if tt.name == "key of another ring" {
				opener = newRingWithID(t, "k1", "different secret")
			}
			pt, err := opener.Open(tt.s, tt.aad)
			require.Nil(t, pt)
			requireCannotOpen(t, err)
		})
	}
	_, err = r2.Open(s, aad)
	requireCannotOpen(t, err)

	// Flipping any bit of any byte fails.
	for i := range s.Data {
		for bit := range 8 {
			d := bytes.Clone(s.Data)
			d[i] ^= 1 << bit
			pt, err := r.Open(credential.Sealed{KeyID: "k1", Data: d}, aad)
			require.Nil(t, pt)
			requireCannotOpen(t, err)
		}
	}
}

// newRingWithID returns a ring of one key called id whose secret derives
// from seed.
func newRingWithID(t testing.TB, id, seed string) *credential.KeyRing {
	t.Helper()
	k := testKey(seed)
	k.ID = id
	r, err := credential.NewKeyRing(k)
	require.NoError(t, err)
	return r
}

func TestKeyRotation(t *testing.T) {
	t.Parallel()
	old := newRing(t, "k1")
	aad := []byte("aad")
	s1, err := old.Seal([]byte("v1"), aad)
	require.NoError(t, err)

	rotated := newRing(t, "k1", "k2")
	require.Equal(t, "k2", rotated.CurrentKeyID())
	require.Equal(t, []string{"k1", "k2"}, rotated.KeyIDs())
	s2, err := rotated.Seal([]byte("v2"), aad)
	require.NoError(t, err)
	require.Equal(t, "k2", s2.KeyID, "new writes use the newest key")
	pt, err := rotated.Open(s1, aad)
	require.NoError(t, err, "old ciphertext still opens")
	require.Equal(t, "v1", string(pt))

	_, err = old.Open(s2, aad)
	requireCannotOpen(t, err) // the old ring does not know k2

	retired := newRing(t, "k2")
	_, err = retired.Open(s1, aad)
	requireCannotOpen(t, err) // k1 retired
}

func TestAAD(t *testing.T) {
	t.Parallel()
	id := ulid.MustParse("01J9ZQ3V7C2X4N8B6M5K3H1G0F")
	require.Equal(t, "customerkit/credential/v1\x0001J9ZQ3V7C2X4N8B6M5K3H1G0F\x00password", string(credential.AAD(id, "password")))
	// No two (id, field) pairs share an AAD: the ULID has a fixed length
	// and a NUL separates it from the field.
	require.NotEqual(t, credential.AAD(id, "a\x00b"), credential.AAD(id, "a"))
}

func TestSealedString(t *testing.T) {
	t.Parallel()
	s := credential.Sealed{KeyID: "k2", Data: make([]byte, 45)}
	require.Equal(t, "sealed(k2, 45 bytes)", s.String())
	c := s.Clone()
	c.Data[0] = 1
	require.Zero(t, s.Data[0])
}

func TestZeroKeyRing(t *testing.T) {
	t.Parallel()
	var r credential.KeyRing
	_, err := r.Seal([]byte("x"), nil)
	require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
	_, err = r.Open(credential.Sealed{KeyID: "k1", Data: make([]byte, 40)}, nil)
	requireCannotOpen(t, err)
	require.Empty(t, r.CurrentKeyID())
	require.Equal(t, "credential.KeyRing(empty)", r.String())
}
