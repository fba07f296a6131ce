// Package defaults fills the options every customerkit service shares
// (NowFunc, NewIDFunc, RandReader, Logger) with their defaults, so each
// package's Options means the same thing.
package defaults

import (
	"crypto/rand"
	"io"
	"log/slog"
	"time"

	"github.com/oklog/ulid/v2"
)

// Fill sets each nil option to its default: time.Now, a monotonic ULID
// generator over *now and *rnd, crypto/rand.Reader and a discarding
// logger.
func Fill(now *func() time.Time, newID *func() ulid.ULID, rnd *io.Reader, logger **slog.Logger) {
	if *now == nil {
		*now = time.Now
	}
	if *rnd == nil {
		*rnd = rand.Reader
	}
	if *logger == nil {
		*logger = slog.New(slog.DiscardHandler)
	}
	if *newID == nil {
		*newID = NewULIDFunc(*now, *rnd)
	}
}

// NewULIDFunc returns a function that makes ULIDs with the time now gives
// and entropy from rnd, monotonic within a millisecond, safe for
// concurrent use. It never panics: should rnd fail, the ULID draws its
// entropy from crypto/rand instead.
func NewULIDFunc(now func() time.Time, rnd io.Reader) func() ulid.ULID {
	entropy := &ulid.LockedMonotonicReader{MonotonicReader: ulid.Monotonic(rnd, 0)}
	return func() ulid.ULID {
		ms := ulid.Timestamp(now())
		if ms > ulid.MaxTime() {
			ms = ulid.MaxTime()
		}
		id, err := ulid.New(ms, entropy)
		if err != nil {
			id, err = ulid.New(ms, rand.Reader)
		}
		if err != nil {
			id = ulid.Make()
		}
		return id
	}
}
