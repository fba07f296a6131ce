package attachment

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
	// NowFunc returns the current time; default time.Now. The service
	// keeps it in UTC, truncated to the microsecond every store keeps.
	NowFunc func() time.Time
	// NewIDFunc returns a new ULID; default: a monotonic ULID of NowFunc's
	// time with entropy from RandReader.
	NewIDFunc func() ulid.ULID
	// RandReader is the source of randomness for ULIDs; default
	// crypto/rand.Reader.
	RandReader io.Reader
	// Logger receives debug records; default: discard. No record carries
	// an attachment's content.
	Logger *slog.Logger

	// Limits bound attachments: the size of one, the quota of a
	// customer's total, the length of a name. Every zero field means its
	// default (DefaultMaxSize, DefaultQuota, DefaultMaxNameLength).
	Limits Limits
	// Logo bounds the logos SetLogo accepts and sets the side of the PNG
	// it keeps; every zero field means its default (see LogoOptions).
	Logo LogoOptions
}

// withDefaults returns a copy of o with every default filled in.
func (o *Options) withDefaults() Options {
	var d Options
	if o != nil {
		d = *o
	}
	defaults.Fill(&d.NowFunc, &d.NewIDFunc, &d.RandReader, &d.Logger)
	d.Limits = d.Limits.withDefaults()
	d.Logo = d.Logo.withDefaults()
	return d
}
