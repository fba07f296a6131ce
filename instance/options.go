package instance

import (
	"io"
	"log/slog"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit/internal/defaults"
)

// Options configures a Service. A nil *Options, and every zero field,
// means the default.
type Options struct {
	// NowFunc returns the current time; default time.Now.
	NowFunc func() time.Time
	// NewIDFunc returns a new ULID; default: a monotonic ULID of NowFunc's
	// time with entropy from RandReader.
	NewIDFunc func() ulid.ULID
	// RandReader is the source of randomness for ULIDs; default
	// crypto/rand.Reader.
	RandReader io.Reader
	// Logger receives debug records; default: discard.
	Logger *slog.Logger
	// MaxInstances is the most instances one customer may have (a quota,
	// marketplace.ReasonQuota); 0 means no quota.
	MaxInstances int
}

// withDefaults returns a copy of o with every default filled in.
func (o *Options) withDefaults() Options {
	var d Options
	if o != nil {
		d = *o
	}
	defaults.Fill(&d.NowFunc, &d.NewIDFunc, &d.RandReader, &d.Logger)
	if d.MaxInstances < 0 {
		d.MaxInstances = 0
	}
	return d
}
