package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/storage/sqlstore"
	"github.com/customerkit/customerkit/storage/storagetest"
)

// requireExists fails t unless err is the *customerkit.AlreadyExistsError
// of resource and field, with no driver error inside.
func requireExists(t *testing.T, err error, resource, field string) {
	t.Helper()
	var ae *customerkit.AlreadyExistsError
	if !errors.As(err, &ae) || ae.Resource != resource || ae.Field != field {
		t.Fatalf("got %v, want an AlreadyExistsError of %s %s", err, resource, field)
	}
	noDriverError(t, err)
}

// requireInvalidAt fails t unless err is a *customerkit.ValidationError
// with a problem at path, with no driver error inside.
func requireInvalidAt(t *testing.T, err error, path string) {
	t.Helper()
	var ve *customerkit.ValidationError
	if !errors.As(err, &ve) || !ve.Has(path) {
		t.Fatalf("got %v, want a ValidationError at %q", err, path)
	}
	noDriverError(t, err)
}

func listing(id ulid.ULID) *marketplace.Listing {
	return &marketplace.Listing{
		IntegrationID: id, Availability: marketplace.AvailableDeployable, Version: 1,
		CreatedAt: storagetest.Epoch, UpdatedAt: storagetest.Epoch,
	}
}

// TestMarketplaceDriverErrors checks the translation of the driver errors
// the marketplace tables raise, through their constraints.
func TestMarketplaceDriverErrors(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		ctx := t.Context()
		a := storagetest.NewIntegration(1)
		if err := s.CreateIntegration(ctx, a); err != nil {
			t.Fatal(err)
		}
		dup := storagetest.NewIntegration(2)
		dup.Name = a.Name
		requireExists(t, s.CreateIntegration(ctx, dup), "integration", "name")
		same := storagetest.NewIntegration(1)
		same.Name = "another"
		requireExists(t, s.CreateIntegration(ctx, same), "integration", "id")

		owned := storagetest.NewIntegration(3)
		owned.CustomerID = storagetest.NewCustomer(3).ULID
		err := s.CreateIntegration(ctx, owned)
		if !errors.Is(err, customerkit.ErrNotFound) {
			t.Fatalf("an integration of a missing customer: %v, want ErrNotFound", err)
		}
		noDriverError(t, err)

		err = s.CreateListing(ctx, listing(storagetest.NewIntegration(9).ID))
		if !errors.Is(err, customerkit.ErrNotFound) {
			t.Fatalf("a listing of a missing integration: %v, want ErrNotFound", err)
		}
		noDriverError(t, err)
		bad := listing(a.ID)
		bad.Availability = "sometimes"
		requireInvalidAt(t, s.CreateListing(ctx, bad), "availability")
		bad = listing(a.ID)
		bad.PinnedVersion = -1
		requireInvalidAt(t, s.CreateListing(ctx, bad), "pinned_version")
		if err := s.CreateListing(ctx, listing(a.ID)); err != nil {
			t.Fatal(err)
		}
		requireExists(t, s.CreateListing(ctx, listing(a.ID)), "listing", "integration_id")
		_, err = s.UpdateListing(ctx, a.ID, func(l *marketplace.Listing) error {
			l.Availability = "sometimes"
			return nil
		})
		requireInvalidAt(t, err, "availability")

		// Text PostgreSQL cannot store is refused as invalid, on both
		// dialects never as a driver error; as a filter it matches
		// nothing.
		nul := storagetest.NewIntegration(4)
		nul.Description = "a\x00b"
		if err := s.CreateIntegration(ctx, nul); err != nil {
			if !errors.Is(err, customerkit.ErrInvalid) {
				t.Fatalf("a NUL character: %v, want nil or ErrInvalid", err)
			}
			noDriverError(t, err)
		}
		for _, q := range []marketplace.Query{{Category: "crm\x00"}, {Label: "sync\x00"}} {
			page, err := s.ListIntegrations(ctx, q.Normalize(), customerkit.Cursor{})
			if err != nil || len(page.Items) != 0 {
				t.Fatalf("filter %+v: %d items, %v", q, len(page.Items), err)
			}
		}

		// Nil records are invalid.
		for name, err := range map[string]error{
			"integration": s.CreateIntegration(ctx, nil),
			"listing":     s.CreateListing(ctx, nil),
			"instance":    s.CreateInstance(ctx, nil, nil),
		} {
			if !errors.Is(err, customerkit.ErrInvalid) {
				t.Errorf("nil %s: %v, want ErrInvalid", name, err)
			}
		}
		if _, err := s.PublishVersion(ctx, nil); !errors.Is(err, customerkit.ErrInvalid) {
			t.Errorf("nil version: %v, want ErrInvalid", err)
		}
	})
}

// TestCategoryFilter checks that the category filter, on the
// category_key column, matches exactly what marketplace.Query matches
// (strings.EqualFold), for integrations and listings.
func TestCategoryFilter(t *testing.T) {
	categories := []string{"CRM", "crm", "Crm", "ＣＲＭ", "ｃｒｍ", "Kelvin", "\u212aelvin", "kelvin", "Straße", "STRASSE", "ÉRP", "érp", "ERP", ""}
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		ctx := t.Context()
		var all []*marketplace.Integration
		for i, c := range categories {
			in := storagetest.NewIntegration(i)
			in.Category = c
			if err := s.CreateIntegration(ctx, in); err != nil {
				t.Fatal(err)
			}
			l := listing(in.ID)
			l.Category = c
			if err := s.CreateListing(ctx, l); err != nil {
				t.Fatal(err)
			}
			all = append(all, in)
		}
		for _, c := range categories {
			q := (&marketplace.Query{Category: c, Limit: marketplace.MaxLimit}).Normalize()
			var want []ulid.ULID
			for _, in := range all {
				if q.MatchIntegration(in) {
					want = append(want, in.ID)
				}
			}
			slices.SortFunc(want, ulid.ULID.Compare)
			ip, err := s.ListIntegrations(ctx, q, customerkit.Cursor{})
			if err != nil {
				t.Fatal(err)
			}
			lp, err := s.ListListings(ctx, q, customerkit.Cursor{})
			if err != nil {
				t.Fatal(err)
			}
			var gotI, gotL []ulid.ULID
			for _, in := range ip.Items {
				gotI = append(gotI, in.ID)
			}
			for _, l := range lp.Items {
				gotL = append(gotL, l.IntegrationID)
			}
			if !slices.Equal(gotI, want) || !slices.Equal(gotL, want) {
				t.Errorf("category %q: integrations %v, listings %v, want %v", c, gotI, gotL, want)
			}
		}
	})
}

// TestVersionCursorOfAnotherIntegration checks that a cursor of one
// integration's versions is refused for another's.
func TestVersionCursorOfAnotherIntegration(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		ctx := t.Context()
		a, b := storagetest.NewIntegration(1), storagetest.NewIntegration(2)
		for _, in := range []*marketplace.Integration{a, b} {
			if err := s.CreateIntegration(ctx, in); err != nil {
				t.Fatal(err)
			}
			for range 3 {
				if _, err := s.PublishVersion(ctx, &marketplace.IntegrationVersion{IntegrationID: in.ID, PublishedAt: time.Now()}); err != nil {
					t.Fatal(err)
				}
			}
		}
		page, err := s.ListVersions(ctx, a.ID, 1, customerkit.Cursor{})
		if err != nil || page.Next.IsZero() {
			t.Fatalf("first page: %v, next %v", err, page.Next)
		}
		if _, err := s.ListVersions(ctx, b.ID, 1, page.Next); !errors.Is(err, customerkit.ErrInvalid) {
			t.Fatalf("a cursor of another integration: %v, want ErrInvalid", err)
		}
		next, err := s.ListVersions(ctx, a.ID, 5, page.Next)
		if err != nil || len(next.Items) != 2 || next.Items[0].Number != 2 || !next.Next.IsZero() {
			t.Fatalf("second page: %v, %+v", err, next)
		}
	})
}

// TestPresentedVersionManyVersions checks the presented version of a
// listing whose integration has many versions, the newest unavailable:
// the highest available one, and a pinned one whatever its availability.
func TestPresentedVersionManyVersions(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		ctx := t.Context()
		in := storagetest.NewIntegration(1)
		if err := s.CreateIntegration(ctx, in); err != nil {
			t.Fatal(err)
		}
		for n := 1; n <= 30; n++ {
			if _, err := s.PublishVersion(ctx, &marketplace.IntegrationVersion{IntegrationID: in.ID, Available: n <= 17 && n != 3, PublishedAt: time.Now()}); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.CreateListing(ctx, listing(in.ID)); err != nil {
			t.Fatal(err)
		}
		presented := func() int {
			t.Helper()
			bs, err := s.ListingsForCustomer(ctx, ulid.Make())
			if err != nil || len(bs) != 1 {
				t.Fatalf("%d bundles, %v", len(bs), err)
			}
			if bs[0].Version == nil {
				return 0
			}
			return bs[0].Version.Number
		}
		if n := presented(); n != 17 {
			t.Fatalf("presented %d, want 17 (the highest available)", n)
		}
		for _, pin := range []int{3, 30, 31} {
			if _, err := s.UpdateListing(ctx, in.ID, func(l *marketplace.Listing) error { l.PinnedVersion = pin; return nil }); err != nil {
				t.Fatal(err)
			}
			want := pin
			if pin == 31 {
				want = 0 // pinned to a version that does not exist: none
			}
			if n := presented(); n != want {
				t.Fatalf("pinned %d: presented %d, want %d", pin, n, want)
			}
		}
	})
}

// TestConcurrentCustomerValues checks that concurrent updaters of values
// that do not exist yet lose no update: the first creates the row, the
// others (whose INSERT ... ON CONFLICT DO NOTHING did nothing) run again
// and update it.
func TestConcurrentCustomerValues(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		ctx := t.Context()
		c := storagetest.NewCustomer(1)
		create(t, s, c)
		in := storagetest.NewIntegration(1)
		if err := s.CreateIntegration(ctx, in); err != nil {
			t.Fatal(err)
		}
		const writers = 20
		var wg sync.WaitGroup
		errs := make([]error, writers)
		for k := range writers {
			wg.Go(func() {
				_, errs[k] = s.UpdateCustomerValues(context.WithoutCancel(ctx), in.ID, c.ULID, func(v *marketplace.CustomerValues) error {
					if v.Values == nil {
						v.Values = map[string]string{}
					}
					v.Values[fmt.Sprintf("k%02d", k)] = "v"
					return nil
				})
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetCustomerValues(ctx, in.ID, c.ULID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Values) != writers || got.Version != writers {
			t.Fatalf("%d values at version %d, want %d and %d", len(got.Values), got.Version, writers, writers)
		}
	})
}
