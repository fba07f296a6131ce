package sqlstore_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/storage/sqlstore"
	"github.com/customerkit/customerkit/storage/storagetest"
)

// cacheFixture is a customer and three listed integrations, the second
// listed for the customer alone.
type cacheFixture struct {
	customer ulid.ULID
	ins      []*marketplace.Integration
}

func newCacheFixture(t *testing.T, s *sqlstore.Store) *cacheFixture {
	t.Helper()
	ctx := t.Context()
	c := storagetest.NewCustomer(1)
	create(t, s, c)
	f := &cacheFixture{customer: c.ULID}
	for i := range 3 {
		in := storagetest.NewIntegration(i)
		if err := s.CreateIntegration(ctx, in); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PublishVersion(ctx, &marketplace.IntegrationVersion{IntegrationID: in.ID, Available: true, PublishedAt: storagetest.Epoch}); err != nil {
			t.Fatal(err)
		}
		l := listing(in.ID)
		l.Overview = "first"
		if i == 1 {
			l.AllowedCustomers = []ulid.ULID{c.ULID}
		}
		if err := s.CreateListing(ctx, l); err != nil {
			t.Fatal(err)
		}
		f.ins = append(f.ins, in)
	}
	return f
}

// overviews returns the overview of each listing customer sees, through
// the shared read and through ListingsForCustomer, which must agree.
func overviews(t *testing.T, s *sqlstore.Store, customer ulid.ULID) []string {
	t.Helper()
	shared, err := s.SharedListingsForCustomer(t.Context(), customer)
	if err != nil {
		t.Fatal(err)
	}
	copies, err := s.ListingsForCustomer(t.Context(), customer)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i, b := range shared {
		if b.Listing.Overview != copies[i].Listing.Overview || b.Listing.IntegrationID != copies[i].Listing.IntegrationID {
			t.Fatalf("shared and copied reads differ: %+v, %+v", b.Listing, copies[i].Listing)
		}
		out = append(out, b.Listing.Overview)
	}
	if len(copies) != len(shared) {
		t.Fatalf("%d shared bundles, %d copies", len(shared), len(copies))
	}
	return out
}

func requireOverviews(t *testing.T, s *sqlstore.Store, customer ulid.ULID, want ...string) {
	t.Helper()
	got := overviews(t, s, customer)
	if len(got) != len(want) {
		t.Fatalf("overviews %q, want %q", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("overviews %q, want %q", got, want)
		}
	}
}

func setOverview(t *testing.T, s *sqlstore.Store, id ulid.ULID, overview string) {
	t.Helper()
	if _, err := s.UpdateListing(t.Context(), id, func(l *marketplace.Listing) error {
		l.Overview = overview
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// TestMarketCacheSharedDatabase checks that a Store's copy of the listed
// marketplace follows the writes of another Store over the same database
// (as another process would write) and of the host's own SQL, which the
// generation triggers (migration 0008) see.
func TestMarketCacheSharedDatabase(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		ctx := t.Context()
		f := newCacheFixture(t, s)
		other := newStore(t, db, s.Dialect())
		requireOverviews(t, s, f.customer, "first", "first", "first")
		requireOverviews(t, other, f.customer, "first", "first", "first")
		if !sqlstore.MarketCacheHeld(s) || !sqlstore.MarketCacheHeld(other) {
			t.Fatal("a marketplace this small is kept")
		}

		setOverview(t, other, f.ins[0].ID, "by the other store")
		requireOverviews(t, s, f.customer, "by the other store", "first", "first")

		if _, err := other.SetVersionAvailable(ctx, f.ins[2].ID, 1, false); err != nil {
			t.Fatal(err)
		}
		bs, err := s.SharedListingsForCustomer(ctx, f.customer)
		if err != nil {
			t.Fatal(err)
		}
		if bs[2].Version != nil {
			t.Fatalf("integration 2 presents version %d, unavailable in the other store", bs[2].Version.Number)
		}

		update := "UPDATE customerkit_listings SET overview = 'by the host' WHERE integration_id = ?"
		if s.Dialect() == sqlstore.PostgreSQL {
			update = "UPDATE customerkit_listings SET overview = 'by the host' WHERE integration_id = $1"
		}
		if _, err := db.ExecContext(ctx, update, f.ins[1].ID.String()); err != nil {
			t.Fatal(err)
		}
		requireOverviews(t, s, f.customer, "by the other store", "by the host", "first")
		requireOverviews(t, other, f.customer, "by the other store", "by the host", "first")
		// Another customer does not see the allow-listed listing, from
		// the same copy.
		requireOverviews(t, s, storagetest.NewCustomer(2).ULID, "by the other store", "first")

		// Every listing deleted at once: TRUNCATE on PostgreSQL, a DELETE
		// without WHERE (which SQLite would otherwise truncate) on SQLite.
		clear := "DELETE FROM customerkit_listings"
		if s.Dialect() == sqlstore.PostgreSQL {
			clear = "TRUNCATE customerkit_listings"
		}
		if _, err := db.ExecContext(ctx, clear); err != nil {
			t.Fatal(err)
		}
		requireOverviews(t, s, f.customer)
		requireOverviews(t, other, f.customer)
	})
}

// TestMarketCacheWithTx checks that what a host transaction wrote and read
// is forgotten when it rolls back, and kept when it commits.
func TestMarketCacheWithTx(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		ctx := t.Context()
		f := newCacheFixture(t, s)
		requireOverviews(t, s, f.customer, "first", "first", "first")
		for _, commit := range []bool{false, true} {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			ts := s.WithTx(tx)
			setOverview(t, ts, f.ins[0].ID, "in the transaction")
			requireOverviews(t, ts, f.customer, "in the transaction", "first", "first")
			if commit {
				err = tx.Commit()
			} else {
				err = tx.Rollback()
			}
			if err != nil {
				t.Fatal(err)
			}
			if commit {
				requireOverviews(t, s, f.customer, "in the transaction", "first", "first")
			} else {
				requireOverviews(t, s, f.customer, "first", "first", "first")
			}
		}
	})
}

// TestMarketCacheTooLarge checks that a marketplace larger than the
// Store's bound is read by customer on every view, correctly, and kept
// again once it fits.
func TestMarketCacheTooLarge(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		f := newCacheFixture(t, s)
		sqlstore.SetMarketCacheLimit(s, 1)
		for range 3 {
			requireOverviews(t, s, f.customer, "first", "first", "first")
			requireOverviews(t, s, storagetest.NewCustomer(2).ULID, "first", "first")
			if sqlstore.MarketCacheHeld(s) {
				t.Fatal("a marketplace over the bound is kept")
			}
		}
		setOverview(t, s, f.ins[2].ID, "changed")
		requireOverviews(t, s, f.customer, "first", "first", "changed")
		sqlstore.SetMarketCacheLimit(s, 1<<20)
		setOverview(t, s, f.ins[2].ID, "changed again")
		requireOverviews(t, s, f.customer, "first", "first", "changed again")
		requireOverviews(t, s, f.customer, "first", "first", "changed again")
		if !sqlstore.MarketCacheHeld(s) {
			t.Fatal("the marketplace fits again but is not kept")
		}
	})
}

// TestMarketCacheConcurrent reads the marketplace from many goroutines
// while another writes it, for the race detector, and checks that every
// read after the last write sees it.
func TestMarketCacheConcurrent(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		f := newCacheFixture(t, s)
		done := make(chan error, 4)
		for range 4 {
			go func() {
				for ctx.Err() == nil {
					if _, err := s.SharedListingsForCustomer(ctx, f.customer); err != nil && ctx.Err() == nil {
						done <- err
						return
					}
				}
				done <- nil
			}()
		}
		for i := range 10 {
			setOverview(t, s, f.ins[i%3].ID, "write")
		}
		setOverview(t, s, f.ins[0].ID, "last")
		cancel()
		for range 4 {
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		}
		requireOverviews(t, s, f.customer, "last", "write", "write")
	})
}
