package customer

import (
	"crypto/rand"
	"io"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit/customer/legaldoc"
	"github.com/customerkit/customerkit/customer/metadata"
)

// DefaultMaxDepth is the deepest a customer hierarchy may go when
// Options.MaxDepth is zero: a root customer is at depth 1.
const DefaultMaxDepth = 5

// Options configures a Service. A nil *Options, and every zero field,
// means the default.
type Options struct {
	// NowFunc returns the current time; default time.Now.
	NowFunc func() time.Time
	// NewIDFunc returns a new ULID; default: a monotonic ULID of NowFunc's
	// time with entropy from RandReader.
	NewIDFunc func() ulid.ULID
	// RandReader is the source of randomness for customer keys, UUIDs and
	// ULIDs; default crypto/rand.Reader. Tests may pass a seeded reader.
	RandReader io.Reader
	// Logger receives debug and warning records; default: discard.
	Logger *slog.Logger

	// Settings declares the customer settings the host keeps. Nil declares
	// none: every settings key is dropped (or refused, never: a nil schema
	// is not strict).
	Settings *SettingsSchema
	// MetadataLimits bounds customer metadata; zero fields mean
	// metadata.DefaultLimits.
	MetadataLimits metadata.Limits
	// LegalDocumentLevel is how strictly legal documents are validated:
	// legaldoc.LevelFormat (the default) or legaldoc.LevelChecksum.
	LegalDocumentLevel legaldoc.Level
	// ReservedSubdomains replaces DefaultReservedSubdomains when not nil.
	ReservedSubdomains []string
	// MaxDepth bounds the customer hierarchy; default DefaultMaxDepth.
	MaxDepth int
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
	if d.RandReader == nil {
		d.RandReader = rand.Reader
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.NewIDFunc == nil {
		entropy := &ulid.LockedMonotonicReader{MonotonicReader: ulid.Monotonic(d.RandReader, 0)}
		now := d.NowFunc
		var mu sync.Mutex
		d.NewIDFunc = func() ulid.ULID {
			mu.Lock()
			defer mu.Unlock()
			return ulid.MustNew(ulid.Timestamp(now()), entropy)
		}
	}
	if d.ReservedSubdomains == nil {
		d.ReservedSubdomains = defaultReservedSubdomains
	} else {
		d.ReservedSubdomains = slices.Clone(d.ReservedSubdomains)
	}
	if d.MaxDepth <= 0 {
		d.MaxDepth = DefaultMaxDepth
	}
	return d
}

// ignoredSettings logs the settings keys a write dropped.
func (o *Options) ignoredSettings(keys []string) {
	if o.Logger != nil {
		o.Logger.Info("customer: settings not declared in the schema were dropped", slog.Any("keys", keys))
	}
}
