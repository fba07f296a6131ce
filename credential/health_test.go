package credential_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit/credential"
)

func TestHealthStatuses(t *testing.T) {
	t.Parallel()
	for _, s := range credential.HealthStatuses() {
		require.True(t, s.Valid(), s)
	}
	require.False(t, credential.HealthStatus("ok").Valid())
	require.True(t, credential.HealthActive.Usable())
	require.False(t, credential.HealthExpired.Usable())
}

func TestHealthStatusAtAndNeedsRefresh(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	margin := 5 * time.Minute
	tests := []struct {
		name         string
		h            credential.Health
		status       credential.HealthStatus
		needsRefresh bool
	}{
		{"active, no expiry", credential.Health{Status: credential.HealthActive}, credential.HealthActive, false},
		{"active, expires later", credential.Health{Status: credential.HealthActive, ExpiresAt: now.Add(time.Hour)}, credential.HealthActive, false},
		{"active, expires within the margin", credential.Health{Status: credential.HealthActive, ExpiresAt: now.Add(4 * time.Minute)}, credential.HealthActive, true},
		{"active, expires at the margin", credential.Health{Status: credential.HealthActive, ExpiresAt: now.Add(margin)}, credential.HealthActive, true},
		{"active, expires now", credential.Health{Status: credential.HealthActive, ExpiresAt: now}, credential.HealthExpired, true},
		{"active, expired", credential.Health{Status: credential.HealthActive, ExpiresAt: now.Add(-time.Second)}, credential.HealthExpired, true},
		{"pending", credential.Health{Status: credential.HealthPending}, credential.HealthPending, true},
		{"error", credential.Health{Status: credential.HealthError, FailureCount: 2, ExpiresAt: now.Add(-time.Hour)}, credential.HealthError, true},
		{"refresh exhausted", credential.Health{Status: credential.HealthRefreshExhausted, FailureCount: 5}, credential.HealthRefreshExhausted, false},
		{"refresh exhausted and expired", credential.Health{Status: credential.HealthRefreshExhausted, ExpiresAt: now.Add(-time.Hour)}, credential.HealthRefreshExhausted, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.status, tt.h.StatusAt(now))
			require.Equal(t, tt.needsRefresh, tt.h.NeedsRefresh(now, margin))
		})
	}
}

func TestHealthTransitions(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2025, 6, 1, 12, 0, 0, 0, time.FixedZone("CEST", 7200))
	exp := t0.Add(time.Hour)

	h := credential.Health{}.Reset(false, time.Time{})
	require.Equal(t, credential.Health{Status: credential.HealthPending}, h)

	// Failures count up to the maximum, then the credential is exhausted.
	for i := 1; i <= 3; i++ {
		h = h.RefreshFailed(t0.Add(time.Duration(i)*time.Minute), "token endpoint: HTTP 400: invalid_client", 3)
		require.Equal(t, i, h.FailureCount)
		require.Equal(t, t0.Add(time.Duration(i)*time.Minute).UTC(), h.LastFailureAt)
		require.Equal(t, time.UTC, h.LastFailureAt.Location())
		want := credential.HealthError
		if i == 3 {
			want = credential.HealthRefreshExhausted
		}
		require.Equal(t, want, h.Status, "after %d failures", i)
	}
	require.Equal(t, "token endpoint: HTTP 400: invalid_client", h.LastError)

	// New secrets reset the count.
	h = h.Reset(true, exp)
	require.Equal(t, credential.HealthActive, h.Status)
	require.Zero(t, h.FailureCount)
	require.Empty(t, h.LastError)
	require.Equal(t, exp.UTC(), h.ExpiresAt)
	require.False(t, h.LastFailureAt.IsZero(), "the last failure stays on record")

	// A failure then a success.
	h = h.RefreshFailed(t0, "timeout", 0)
	require.Equal(t, credential.HealthError, h.Status)
	require.Equal(t, exp.UTC(), h.ExpiresAt, "a failure keeps the expiry")
	h = h.Refreshed(t0.Add(time.Minute), exp.Add(time.Hour))
	require.Equal(t, credential.Health{
		Status: credential.HealthActive, ExpiresAt: exp.Add(time.Hour).UTC(),
		LastRefreshAt: t0.Add(time.Minute).UTC(), LastFailureAt: t0.UTC(),
	}, h)

	// The default maximum.
	h = credential.Health{Status: credential.HealthActive}
	for range credential.DefaultMaxRefreshFailures - 1 {
		h = h.RefreshFailed(t0, "x", 0)
	}
	require.Equal(t, credential.HealthError, h.Status)
	h = h.RefreshFailed(t0, "x", 0)
	require.Equal(t, credential.HealthRefreshExhausted, h.Status)
}

func TestHealthLastErrorClipped(t *testing.T) {
	t.Parallel()
	h := credential.Health{}.RefreshFailed(time.Now(), strings.Repeat("é", 600)+"\n\xff", 5)
	require.LessOrEqual(t, len(h.LastError), 500)
	require.NotContains(t, h.LastError, "\n")
	require.True(t, strings.HasPrefix(h.LastError, "éé"))
	require.True(t, strings.HasSuffix(h.LastError, "é"), "cut on a character boundary")
}
