package marketplace

import (
	"crypto/rand"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
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
	return d
}
