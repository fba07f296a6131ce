package credential

import (
	"io"
	"log/slog"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit/internal/defaults"
)

// DefaultRefreshMargin is how long before its expiry a token counts as
// needing a refresh, when Options.RefreshMargin is zero.
const DefaultRefreshMargin = 5 * time.Minute

// Options configures a Service. A nil *Options, and every zero field,
// means the default.
type Options struct {
	// NowFunc returns the current time; default time.Now.
	NowFunc func() time.Time
	// NewIDFunc returns a new ULID; default: a monotonic ULID of NowFunc's
	// time with entropy from RandReader.
	NewIDFunc func() ulid.ULID
	// RandReader is the source of randomness for ULIDs; default
	// crypto/rand.Reader. (Sealing draws its nonces from crypto/rand in
	// the Sealer, never from here.)
	RandReader io.Reader
	// Logger receives debug and warning records; default: discard. No
	// record carries a secret.
	Logger *slog.Logger

	// Refresher obtains new OAuth2 tokens; default an OAuth2Refresher
	// with http.DefaultClient.
	Refresher Refresher
	// MaxRefreshFailures is how many refreshes in a row may fail before a
	// credential is refresh_exhausted; default DefaultMaxRefreshFailures.
	MaxRefreshFailures int
	// RefreshMargin is how long before its expiry a token needs a refresh
	// (View.NeedsRefresh); default DefaultRefreshMargin.
	RefreshMargin time.Duration
}

// withDefaults returns a copy of o with every default filled in.
func (o *Options) withDefaults() Options {
	var d Options
	if o != nil {
		d = *o
	}
	defaults.Fill(&d.NowFunc, &d.NewIDFunc, &d.RandReader, &d.Logger)
	if d.Refresher == nil {
		d.Refresher = &OAuth2Refresher{}
	}
	if d.MaxRefreshFailures <= 0 {
		d.MaxRefreshFailures = DefaultMaxRefreshFailures
	}
	if d.RefreshMargin <= 0 {
		d.RefreshMargin = DefaultRefreshMargin
	}
	return d
}
