package password_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit/customer/password"
)

func TestDefaultParams(t *testing.T) {
	t.Parallel()
	p := password.DefaultParams()
	require.NoError(t, p.Validate())
	require.Equal(t, password.Params{Memory: 19456, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}, p)

	// nil options and zero fields take the defaults.
	require.Equal(t, p, newHasher(t, nil).Params())
	got := newHasher(t, &password.Options{Params: password.Params{Memory: 64, Iterations: 1}}).Params()
	require.Equal(t, password.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}, got)
}

func TestParamsValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		params password.Params
		path   string // "" when valid
	}{
		{"fast", fast, ""},
		{"bounds low", password.Params{Memory: 8, Iterations: 1, Parallelism: 1, SaltLength: 8, KeyLength: 16}, ""},
		{"bounds high", password.Params{Memory: 2 << 20, Iterations: 1024, Parallelism: 255, SaltLength: 64, KeyLength: 64}, ""},
		{"memory below 8 KiB", password.Params{Memory: 7, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}, "memory"},
		{"memory below 8 KiB per lane", password.Params{Memory: 31, Iterations: 1, Parallelism: 4, SaltLength: 16, KeyLength: 32}, "memory"},
		{"memory over 2 GiB", password.Params{Memory: 2<<20 + 1, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}, "memory"},
		{"no iterations", password.Params{Memory: 64, Parallelism: 1, SaltLength: 16, KeyLength: 32}, "iterations"},
		{"too many iterations", password.Params{Memory: 64, Iterations: 1025, Parallelism: 1, SaltLength: 16, KeyLength: 32}, "iterations"},
		{"no lanes", password.Params{Memory: 64, Iterations: 1, SaltLength: 16, KeyLength: 32}, "parallelism"},
		{"short salt", password.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 7, KeyLength: 32}, "salt_length"},
		{"long salt", password.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 65, KeyLength: 32}, "salt_length"},
		{"short key", password.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 15}, "key_length"},
		{"long key", password.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 65}, "key_length"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.params.Validate()
			if tt.path == "" {
				require.NoError(t, err)
				return
			}
			requireField(t, err, tt.path, "invalid")
		})
	}

	// Every problem at once.
	err := password.Params{Memory: 1, Iterations: 5000, SaltLength: 1, KeyLength: 1}.Validate()
	for _, path := range []string{"memory", "iterations", "parallelism", "salt_length", "key_length"} {
		requireField(t, err, path, "invalid")
	}
}

func TestNewHasherRefusesParams(t *testing.T) {
	t.Parallel()
	_, err := password.NewHasher(&password.Options{Params: password.Params{Memory: 4}})
	requireField(t, err, "memory", "invalid")
}
