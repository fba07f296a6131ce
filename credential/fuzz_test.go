package credential_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit/credential"
)

// FuzzOpen checks the sealer: Open never panics on arbitrary sealed values
// and AAD, and never returns bytes for a value it did not seal; Seal then
// Open round-trips; flipping any byte of a sealed value, or changing its
// AAD, makes Open fail.
//
//	go test ./credential -run '^$' -fuzz '^FuzzOpen$' -fuzztime 60s
func FuzzOpen(f *testing.F) {
	ring := newRing(f, "k1", "k2")
	seed, err := ring.Seal([]byte("hunter2"), []byte("aad"))
	require.NoError(f, err)
	f.Add("k2", seed.Data, []byte("aad"), []byte("hunter2"), uint16(0))
	f.Add("k1", []byte{}, []byte{}, []byte{}, uint16(5))
	f.Add("", bytes.Repeat([]byte{0}, 28), []byte("x"), []byte("\x00\xff"), uint16(40))
	f.Add("k9", seed.Data[:20], []byte(nil), bytes.Repeat([]byte("p"), 300), uint16(7))
	f.Fuzz(func(t *testing.T, keyID string, data, aad, plaintext []byte, flip uint16) {
		// Arbitrary input: an error (matching ErrCannotOpen) or, only
		// for a value this ring sealed, the plaintext.
		pt, err := ring.Open(credential.Sealed{KeyID: keyID, Data: data}, aad)
		if err != nil {
			require.Nil(t, pt)
			require.ErrorIs(t, err, credential.ErrCannotOpen)
		}

		// Round trip.
		s, err := ring.Seal(plaintext, aad)
		require.NoError(t, err)
		require.Equal(t, "k2", s.KeyID)
		got, err := ring.Open(s, aad)
		require.NoError(t, err)
		require.Equal(t, string(plaintext), string(got))

		// Any flipped byte fails.
		d := bytes.Clone(s.Data)
		i := int(flip) % len(d)
		d[i] ^= byte(1 + flip>>8%255)
		_, err = ring.Open(credential.Sealed{KeyID: s.KeyID, Data: d}, aad)
		require.ErrorIs(t, err, credential.ErrCannotOpen, "byte %d flipped", i)

		// Other AAD fails.
		_, err = ring.Open(s, append(bytes.Clone(aad), 0))
		require.ErrorIs(t, err, credential.ErrCannotOpen)
	})
}
