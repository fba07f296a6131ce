package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/instance"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/storage/sqlstore"
	"github.com/customerkit/customerkit/storage/storagetest"
)

// countRows returns how many rows of table match where (with args).
func countRows(t *testing.T, db *sql.DB, d sqlstore.Dialect, table, where string, args ...any) int {
	t.Helper()
	if d == sqlstore.PostgreSQL {
		for i := range args {
			where = replaceFirst(where, "?", "$"+string(rune('1'+i)))
		}
	}
	var n int
	if err := db.QueryRowContext(t.Context(), "SELECT count(*) FROM "+table+" WHERE "+where, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func replaceFirst(s, old, repl string) string {
	for i := 0; i+len(old) <= len(s); i++ {
		if s[i:i+len(old)] == old {
			return s[:i] + repl + s[i+len(old):]
		}
	}
	return s
}

// TestDeleteCustomerCascadeRows checks that deleting a customer removes,
// through the foreign keys' ON DELETE CASCADE, every row that belongs to
// it: instances, credentials, customer values, customer-specific
// integrations with their versions, listing and values, and nothing else.
func TestDeleteCustomerCascadeRows(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			db := b.open(t)
			s := newStore(t, db, b.dialect)
			ctx := t.Context()
			gone, kept := storagetest.NewCustomer(1), storagetest.NewCustomer(2)
			create(t, s, gone, kept)
			shared, own := storagetest.NewIntegration(1), storagetest.NewIntegration(2)
			own.CustomerID = gone.ULID
			for _, in := range []*marketplace.Integration{shared, own} {
				if err := s.CreateIntegration(ctx, in); err != nil {
					t.Fatal(err)
				}
				if _, err := s.PublishVersion(ctx, &marketplace.IntegrationVersion{IntegrationID: in.ID, Available: true, PublishedAt: storagetest.Epoch}); err != nil {
					t.Fatal(err)
				}
				if err := s.CreateListing(ctx, listing(in.ID)); err != nil {
					t.Fatal(err)
				}
				for _, c := range []*customer.Customer{gone, kept} {
					if _, err := s.UpdateCustomerValues(ctx, in.ID, c.ULID, func(v *marketplace.CustomerValues) error {
						v.Values = map[string]string{"k": "v"}
						return nil
					}); err != nil {
						t.Fatal(err)
					}
				}
			}
			for i, inst := range []*instance.Instance{
				storagetest.NewInstance(1, gone.ULID, shared.ID),
				storagetest.NewInstance(2, gone.ULID, own.ID),
				storagetest.NewInstance(3, gone.ULID, own.ID),
				storagetest.NewInstance(4, kept.ULID, shared.ID),
			} {
				if err := s.CreateInstance(ctx, inst, nil); err != nil {
					t.Fatalf("instance %d: %v", i, err)
				}
			}
			for i, owner := range []ulid.ULID{gone.ULID, kept.ULID, {}} {
				if err := s.CreateCredential(ctx, storagetest.NewCredential(i, owner), nil); err != nil {
					t.Fatal(err)
				}
			}

			var seen customer.Dependents
			if err := s.DeleteCustomer(ctx, gone.ULID, func(_ *customer.Customer, d customer.Dependents) error {
				seen = d
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if want := (customer.Dependents{Instances: 3, Credentials: 1}); seen != want {
				t.Fatalf("the check saw %+v, want %+v", seen, want)
			}
			g, k := gone.ULID.String(), kept.ULID.String()
			for _, c := range []struct {
				table, where string
				arg          any
				want         int
			}{
				{"customerkit_instances", "customer_id = ?", g, 0},
				{"customerkit_credentials", "customer_id = ?", g, 0},
				{"customerkit_customer_values", "customer_id = ?", g, 0},
				{"customerkit_integrations", "customer_id = ?", g, 0},
				{"customerkit_integration_versions", "integration_id = ?", own.ID.String(), 0},
				{"customerkit_listings", "integration_id = ?", own.ID.String(), 0},
				{"customerkit_customer_values", "integration_id = ?", own.ID.String(), 0},
				{"customerkit_instances", "customer_id = ?", k, 1},
				{"customerkit_credentials", "customer_id = ?", k, 1},
				{"customerkit_credentials", "customer_id IS NULL OR customer_id = ?", "-", 1},
				{"customerkit_customer_values", "customer_id = ?", k, 1},
				{"customerkit_integration_versions", "integration_id = ?", shared.ID.String(), 1},
				{"customerkit_listings", "integration_id = ?", shared.ID.String(), 1},
			} {
				if n := countRows(t, db, b.dialect, c.table, c.where, c.arg); n != c.want {
					t.Errorf("%s WHERE %s (%v): %d rows, want %d", c.table, c.where, c.arg, n, c.want)
				}
			}
		})
	}
}

// TestDeleteCustomerWhoseIntegrationOthersRun checks that a customer
// whose customer-specific integration another customer has an instance
// of cannot be deleted (the foreign key of instances.integration_id), and
// that the refusal is ErrFailedPrecondition, not a driver error.
func TestDeleteCustomerWhoseIntegrationOthersRun(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		ctx := t.Context()
		owner, other := storagetest.NewCustomer(1), storagetest.NewCustomer(2)
		create(t, s, owner, other)
		own := storagetest.NewIntegration(1)
		own.CustomerID = owner.ULID
		if err := s.CreateIntegration(ctx, own); err != nil {
			t.Fatal(err)
		}
		// The instance Service refuses this; the store takes what it is
		// given.
		inst := storagetest.NewInstance(1, other.ULID, own.ID)
		if err := s.CreateInstance(ctx, inst, nil); err != nil {
			t.Fatal(err)
		}
		err := s.DeleteCustomer(ctx, owner.ULID, nil)
		if !errors.Is(err, customerkit.ErrFailedPrecondition) {
			t.Fatalf("delete: %v, want ErrFailedPrecondition", err)
		}
		noDriverError(t, err)
		if _, err := s.GetIntegration(ctx, own.ID); err != nil {
			t.Fatalf("the refused delete removed the integration: %v", err)
		}
		if _, err := s.GetInstance(ctx, inst.ID); err != nil {
			t.Fatalf("the refused delete removed the instance: %v", err)
		}
	})
}

// TestInstanceDriverErrors checks the translation of the driver errors
// the instance table raises.
func TestInstanceDriverErrors(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		ctx := t.Context()
		c := storagetest.NewCustomer(1)
		create(t, s, c)
		in := storagetest.NewIntegration(1)
		if err := s.CreateIntegration(ctx, in); err != nil {
			t.Fatal(err)
		}
		bad := storagetest.NewInstance(1, c.ULID, in.ID)
		bad.VersionNumber = 0
		requireInvalidAt(t, s.CreateInstance(ctx, bad, nil), "version_number")
		bad = storagetest.NewInstance(1, c.ULID, in.ID)
		bad.DeployCount = -1
		requireInvalidAt(t, s.CreateInstance(ctx, bad, nil), "deploy_count")

		i := storagetest.NewInstance(1, c.ULID, in.ID)
		if err := s.CreateInstance(ctx, i, nil); err != nil {
			t.Fatal(err)
		}
		requireExists(t, s.CreateInstance(ctx, storagetest.NewInstance(1, c.ULID, in.ID), nil), "instance", "id")
		_, err := s.UpdateInstance(ctx, i.ID, func(u *instance.Instance, _ *customer.Customer) error {
			u.VersionNumber = -2
			return nil
		})
		requireInvalidAt(t, err, "version_number")

		// A cursor of another list is invalid, and so is an unknown state.
		if err := s.CreateIntegration(ctx, storagetest.NewIntegration(2)); err != nil {
			t.Fatal(err)
		}
		ip, err := s.ListIntegrations(ctx, (&marketplace.Query{Limit: 1}).Normalize(), customerkit.Cursor{})
		if err != nil || ip.Next.IsZero() {
			t.Fatalf("integrations: %v", err)
		}
		if _, err := s.ListInstances(ctx, &instance.Query{Limit: 1}, ip.Next); !errors.Is(err, customerkit.ErrInvalid) {
			t.Fatalf("an integrations cursor listing instances: %v, want ErrInvalid", err)
		}
		if _, err := s.ListInstances(ctx, &instance.Query{States: []instance.State{"asleep"}}, customerkit.Cursor{}); !errors.Is(err, customerkit.ErrInvalid) {
			t.Fatalf("an unknown state: %v, want ErrInvalid", err)
		}
	})
}

// TestListInstancesSparseStates checks the keyset paging of a state
// filter when the matching instances are few and far apart, so that one
// page needs several batches: every page but the last is full, and the
// walk returns exactly the matching instances in ID order.
func TestListInstancesSparseStates(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		ctx := t.Context()
		active, inactive := storagetest.NewCustomer(1), storagetest.NewCustomer(2)
		inactive.Status = customer.StatusInactive
		create(t, s, active, inactive)
		in := storagetest.NewIntegration(1)
		if err := s.CreateIntegration(ctx, in); err != nil {
			t.Fatal(err)
		}
		// 700 instances in one host transaction; every 97th is the
		// inactive customer's.
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		var want []ulid.ULID
		for k := range 700 {
			owner := active.ULID
			if k%97 == 50 {
				owner = inactive.ULID
			}
			i := storagetest.NewInstance(k, owner, in.ID)
			if err := s.WithTx(tx).CreateInstance(ctx, i, nil); err != nil {
				t.Fatal(err)
			}
			if owner == inactive.ULID {
				want = append(want, i.ID)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		for _, limit := range []int{1, 2, 3, 7} {
			q := &instance.Query{States: []instance.State{instance.StateInactive}, Limit: limit}
			var got []ulid.ULID
			var after customerkit.Cursor
			for pages := 0; ; pages++ {
				if pages > len(want)+1 {
					t.Fatal("the walk does not end")
				}
				page, err := s.ListInstances(ctx, q, after)
				if err != nil {
					t.Fatal(err)
				}
				for _, i := range page.Items {
					got = append(got, i.ID)
				}
				if page.Next.IsZero() {
					break
				}
				if len(page.Items) != limit {
					t.Fatalf("limit %d: page %d has %d items and a next page", limit, pages, len(page.Items))
				}
				after = page.Next
			}
			if len(got) != len(want) {
				t.Fatalf("limit %d: %d instances, want %d", limit, len(got), len(want))
			}
			for k := range got {
				if got[k] != want[k] {
					t.Fatalf("limit %d: instance %d is %s, want %s", limit, k, got[k], want[k])
				}
			}
		}
	})
}

// TestInstanceWithTx checks that an activation bound to the host's
// transaction commits and rolls back with it.
func TestInstanceWithTx(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		ctx := t.Context()
		c := storagetest.NewCustomer(1)
		create(t, s, c)
		in := storagetest.NewIntegration(1)
		if err := s.CreateIntegration(ctx, in); err != nil {
			t.Fatal(err)
		}
		for _, commit := range []bool{false, true} {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			i := storagetest.NewInstance(1, c.ULID, in.ID)
			refused := errors.New("refused")
			err = s.WithTx(tx).CreateInstance(ctx, storagetest.NewInstance(2, c.ULID, in.ID), func(*instance.Snapshot) error { return refused })
			if err != refused {
				t.Fatalf("a refused activation: %v", err)
			}
			// The refused write left the transaction usable.
			if err := s.WithTx(tx).CreateInstance(ctx, i, func(sn *instance.Snapshot) error {
				if sn.Customer.ULID != c.ULID || sn.Listing != nil || len(sn.Instances) != 0 {
					t.Errorf("snapshot %+v", sn)
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if commit {
				err = tx.Commit()
			} else {
				err = tx.Rollback()
			}
			if err != nil {
				t.Fatal(err)
			}
			_, err = s.GetInstance(ctx, i.ID)
			if commit && err != nil {
				t.Fatalf("after commit: %v", err)
			}
			if !commit && !errors.Is(err, customerkit.ErrNotFound) {
				t.Fatalf("after rollback: %v, want ErrNotFound", err)
			}
		}
	})
}

// TestCustomerInstancesCanceled checks that a canceled context stops the
// view's reads with the context's error.
func TestCustomerInstancesCanceled(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if _, _, err := s.CustomerInstances(ctx, ulid.Make()); !errors.Is(err, context.Canceled) {
			t.Fatalf("CustomerInstances: %v", err)
		}
		if _, err := s.ListingsForCustomer(ctx, ulid.Make()); !errors.Is(err, context.Canceled) {
			t.Fatalf("ListingsForCustomer: %v", err)
		}
	})
}
