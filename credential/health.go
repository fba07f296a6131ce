package credential

import (
	"strings"
	"time"
	"unicode/utf8"
)

// HealthStatus is the state of a credential's token, as Nango tracks it.
// See the state machine in the package documentation.
type HealthStatus string

// The health statuses.
const (
	// HealthPending: no access token yet; a refresh obtains the first one.
	HealthPending HealthStatus = "pending"
	// HealthActive: usable. A credential without a token (basic, api_key,
	// custom) is always active.
	HealthActive HealthStatus = "active"
	// HealthError: the last refresh failed; the next one may succeed.
	HealthError HealthStatus = "error"
	// HealthExpired: the access token's expiry has passed. It is never
	// stored: Health.StatusAt derives it from an active status and
	// ExpiresAt.
	HealthExpired HealthStatus = "expired"
	// HealthRefreshExhausted: MaxRefreshFailures refreshes failed in a
	// row; no more automatic refreshes until new secrets are written.
	HealthRefreshExhausted HealthStatus = "refresh_exhausted"
)

// HealthStatuses returns every health status.
func HealthStatuses() []HealthStatus {
	return []HealthStatus{HealthPending, HealthActive, HealthError, HealthExpired, HealthRefreshExhausted}
}

// Valid reports whether s is a known health status.
func (s HealthStatus) Valid() bool {
	switch s {
	case HealthPending, HealthActive, HealthError, HealthExpired, HealthRefreshExhausted:
		return true
	}
	return false
}

// Usable reports whether a credential in status s can be used as it is.
func (s HealthStatus) Usable() bool { return s == HealthActive }

// DefaultMaxRefreshFailures is how many refreshes in a row may fail before
// a credential is refresh_exhausted, when Options.MaxRefreshFailures is 0.
const DefaultMaxRefreshFailures = 5

// maxLastError bounds Health.LastError, in bytes.
const maxLastError = 500

// Health is what is known about a credential's token and its refreshes.
type Health struct {
	// Status is the stored status: pending, active, error or
	// refresh_exhausted. Use StatusAt for the status at a given time,
	// which may be expired.
	Status HealthStatus `json:"status"`
	// ExpiresAt is when the access token expires; zero when it does not
	// (or the method has no token).
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	// LastRefreshAt is when a refresh last succeeded.
	LastRefreshAt time.Time `json:"last_refresh_at,omitzero"`
	// LastFailureAt is when a refresh last failed.
	LastFailureAt time.Time `json:"last_failure_at,omitzero"`
	// FailureCount counts the refreshes that failed since the last
	// success (or since new secrets were written).
	FailureCount int `json:"failure_count,omitempty"`
	// LastError describes the last failure; it never holds a secret (the
	// Service records the provider's error code and description only).
	LastError string `json:"last_error,omitempty"`
}

// Expired reports whether the token has an expiry and it has passed at now.
func (h Health) Expired(now time.Time) bool {
	return !h.ExpiresAt.IsZero() && !now.Before(h.ExpiresAt)
}

// StatusAt returns the status at now: HealthExpired when the stored status
// is active and the token has expired, the stored status otherwise.
func (h Health) StatusAt(now time.Time) HealthStatus {
	if h.Status == HealthActive && h.Expired(now) {
		return HealthExpired
	}
	return h.Status
}

// NeedsRefresh reports whether a refresh is due at now: the credential is
// pending or in error, or its token expires within margin (or already
// has). A refresh_exhausted credential never needs one (no more automatic
// attempts); a token with no expiry never does while active.
func (h Health) NeedsRefresh(now time.Time, margin time.Duration) bool {
	switch h.Status {
	case HealthPending, HealthError:
		return true
	case HealthActive:
		return !h.ExpiresAt.IsZero() && !now.Add(margin).Before(h.ExpiresAt)
	}
	return false
}

// Refreshed returns h after a refresh that succeeded at now and brought a
// token expiring at expiresAt (zero: no expiry): active, no failures.
func (h Health) Refreshed(now, expiresAt time.Time) Health {
	h.Status = HealthActive
	h.ExpiresAt = expiresAt.UTC()
	h.LastRefreshAt = now.UTC()
	h.FailureCount = 0
	h.LastError = ""
	return h
}

// RefreshFailed returns h after a refresh that failed at now for reason:
// one more failure; error, or refresh_exhausted once maxFailures
// refreshes in a row have failed (maxFailures ≤ 0 means
// DefaultMaxRefreshFailures). The expiry is kept.
func (h Health) RefreshFailed(now time.Time, reason string, maxFailures int) Health {
	if maxFailures <= 0 {
		maxFailures = DefaultMaxRefreshFailures
	}
	h.FailureCount++
	h.LastFailureAt = now.UTC()
	h.LastError = clip(reason, maxLastError)
	h.Status = HealthError
	if h.FailureCount >= maxFailures {
		h.Status = HealthRefreshExhausted
	}
	return h
}

// Reset returns h after new secrets were written: no failures, and
// active when the credential has a usable token (hasToken) or pending when
// it must obtain one. expiresAt is the new token's expiry (zero: none).
func (h Health) Reset(hasToken bool, expiresAt time.Time) Health {
	h.Status = HealthActive
	if !hasToken {
		h.Status = HealthPending
	}
	h.ExpiresAt = expiresAt.UTC()
	h.FailureCount = 0
	h.LastError = ""
	return h
}

// clip cuts s to at most n bytes on a character boundary, keeping it valid
// UTF-8 and on one line.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "?")
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
