package defaults

import (
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
)

func TestFill(t *testing.T) {
	var (
		now    func() time.Time
		newID  func() ulid.ULID
		rnd    io.Reader
		logger *slog.Logger
	)
	Fill(&now, &newID, &rnd, &logger)
	if now == nil || newID == nil || rnd == nil || logger == nil {
		t.Fatal("every option must be filled")
	}
	fixed := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	now2 := func() time.Time { return fixed }
	var id2 func() ulid.ULID
	Fill(&now2, &id2, &rnd, &logger)
	if got := id2().Timestamp(); !got.Equal(fixed) {
		t.Fatalf("the ULID must carry NowFunc's time, got %v", got)
	}
}

func TestNewULIDFuncMonotonicAndConcurrent(t *testing.T) {
	fixed := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	gen := NewULIDFunc(func() time.Time { return fixed }, ulidEntropy{})
	var mu sync.Mutex
	seen := map[ulid.ULID]bool{}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			prev := ulid.ULID{}
			for range 100 {
				id := gen()
				if id.Compare(prev) <= 0 {
					t.Error("ULIDs of one goroutine must increase")
				}
				prev = id
				mu.Lock()
				seen[id] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != 800 {
		t.Fatalf("got %d distinct ULIDs, want 800", len(seen))
	}
}

func TestNewULIDFuncFailingReader(t *testing.T) {
	gen := NewULIDFunc(time.Now, failing{})
	if gen().IsZero() {
		t.Fatal("a failing reader must not give a zero ULID")
	}
}

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errors.New("no entropy") }

// ulidEntropy is a deterministic reader.
type ulidEntropy struct{}

func (ulidEntropy) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(i * 7)
	}
	return len(p), nil
}
