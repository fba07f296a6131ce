package configvar

import (
	"log/slog"
	"time"
)

// Options configures a Service. A nil *Options, and every zero field,
// means the default.
type Options struct {
	// NowFunc returns the current time; default time.Now. The service
	// keeps it in UTC, truncated to the microsecond every store keeps.
	NowFunc func() time.Time
	// Logger receives debug records of writes (customer and key, never a
	// value); default: discard.
	Logger *slog.Logger
	// MaxPerCustomer is how many config variables one customer may have;
	// zero means DefaultMaxPerCustomer, a negative value no limit.
	MaxPerCustomer int
}

// withDefaults returns a copy of o with every default filled in.
func (o *Options) withDefaults() Options {
	var d Options
	if o != nil {
		d = *o
	}
	if d.NowFunc == nil {
		d.NowFunc = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.MaxPerCustomer == 0 {
		d.MaxPerCustomer = DefaultMaxPerCustomer
	}
	return d
}
