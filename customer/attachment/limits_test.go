package attachment_test

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer/attachment"
)

func TestCheckQuota(t *testing.T) {
	t.Parallel()
	const MiB = 1 << 20
	small := &attachment.Limits{Quota: 100}
	tests := []struct {
		name       string
		used, size int64
		limits     *attachment.Limits
		over       bool
	}{
		{"default empty", 0, 10 * MiB, nil, false},
		{"default to the byte", 90 * MiB, 10 * MiB, nil, false},
		{"default one byte over", 90*MiB + 1, 10 * MiB, nil, true},
		{"small fits", 60, 40, small, false},
		{"small over", 60, 41, small, true},
		{"already over", 101, 0, small, true},
		{"zero size at quota", 100, 0, small, false},
		{"no overflow", math.MaxInt64, math.MaxInt64, &attachment.Limits{Quota: math.MaxInt64}, true},
		{"unlimited", math.MaxInt64 - 10, 10, &attachment.Limits{Quota: math.MaxInt64}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := attachment.CheckQuota(tt.used, tt.size, tt.limits)
			if !tt.over {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
			require.NotErrorIs(t, err, customerkit.ErrInvalid)
			var qe *attachment.QuotaError
			require.True(t, errors.As(err, &qe))
			require.Equal(t, tt.used, qe.Used)
			require.Equal(t, tt.size, qe.Size)
		})
	}
	err := attachment.CheckQuota(-1, -1, nil)
	requireField(t, err, "used", "invalid")
	requireField(t, err, "size", "invalid")
	require.Equal(t, "attachment: 41 bytes more would exceed the quota: 60 of 100 bytes used",
		attachment.CheckQuota(60, 41, small).Error())
}
