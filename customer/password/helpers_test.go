package password_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer/password"
)

// fast are parameters small enough for tests: 64 KiB, one pass.
var fast = password.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// newHasher returns a Hasher with opts, failing the test on error.
func newHasher(t testing.TB, opts *password.Options) *password.Hasher {
	t.Helper()
	h, err := password.NewHasher(opts)
	require.NoError(t, err)
	return h
}

// requireField asserts that err is a *customerkit.ValidationError with a
// problem at path with code.
func requireField(t testing.TB, err error, path, code string) {
	t.Helper()
	require.ErrorIs(t, err, customerkit.ErrInvalid)
	var ve *customerkit.ValidationError
	require.ErrorAs(t, err, &ve)
	for _, f := range ve.Fields {
		if f.Path == path && f.Code == code {
			return
		}
	}
	t.Fatalf("no %s problem at %q in %v", code, path, ve.Fields)
}
