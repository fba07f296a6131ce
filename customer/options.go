package customer

import (
	"io"
	"log/slog"
	"slices"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit/customer/legaldoc"
	"github.com/customerkit/customerkit/customer/metadata"
	"github.com/customerkit/customerkit/internal/defaults"
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
	// DeletePolicy is what Delete does with a customer's instances:
	// DeleteCascade (the default) deletes them with it, DeleteRefuse
	// refuses while any remain. An unknown policy makes Delete fail with
	// ErrInvalid.
	DeletePolicy DeletePolicy
}

// withDefaults returns a copy of o with every default filled in.
func (o *Options) withDefaults() Options {
	var d Options
	if o != nil {
		d = *o
	}
	defaults.Fill(&d.NowFunc, &d.NewIDFunc, &d.RandReader, &d.Logger)
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
