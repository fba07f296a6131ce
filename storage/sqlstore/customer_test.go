package sqlstore_test

import (
	"database/sql"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/metadata"
	"github.com/customerkit/customerkit/storage/sqlstore"
	"github.com/customerkit/customerkit/storage/storagetest"
)

func create(t *testing.T, s customer.Store, cs ...*customer.Customer) {
	t.Helper()
	for _, c := range cs {
		if err := s.CreateCustomer(t.Context(), c); err != nil {
			t.Fatalf("create %s: %v", c.Email, err)
		}
	}
}

// noDriverError fails t when err still carries a driver error.
func noDriverError(t *testing.T, err error) {
	t.Helper()
	var pg interface{ SQLState() string }
	var lite interface{ Code() int }
	if errors.As(err, &pg) || errors.As(err, &lite) {
		t.Errorf("error %v leaks a driver error", err)
	}
}

// TestDriverErrors checks the translation of real driver errors, through
// the constraints of the schema.
func TestDriverErrors(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		parent, child := storagetest.NewCustomer(1), storagetest.NewCustomer(2)
		child.ParentID = parent.ULID

		err := s.CreateCustomer(t.Context(), child)
		if !errors.Is(err, customerkit.ErrNotFound) {
			t.Fatalf("create with a missing parent: %v, want ErrNotFound", err)
		}
		noDriverError(t, err)

		create(t, s, parent, child)
		dup := storagetest.NewCustomer(3)
		dup.Subdomain = parent.Subdomain
		err = s.CreateCustomer(t.Context(), dup)
		var ae *customerkit.AlreadyExistsError
		if !errors.As(err, &ae) || ae.Field != "subdomain" {
			t.Fatalf("duplicate subdomain: %v", err)
		}
		noDriverError(t, err)

		err = s.DeleteCustomer(t.Context(), parent.ULID, nil)
		if !errors.Is(err, customerkit.ErrFailedPrecondition) {
			t.Fatalf("delete a parent: %v, want ErrFailedPrecondition", err)
		}
		noDriverError(t, err)

		_, err = s.UpdateCustomer(t.Context(), parent.ULID, func(c *customer.Customer) error {
			c.ParentID = storagetest.NewCustomer(99).ULID
			return nil
		})
		if !errors.Is(err, customerkit.ErrNotFound) {
			t.Fatalf("update to a missing parent: %v, want ErrNotFound", err)
		}
		noDriverError(t, err)

		bad := storagetest.NewCustomer(4)
		bad.Status = "frozen"
		err = s.CreateCustomer(t.Context(), bad)
		var ve *customerkit.ValidationError
		if !errors.As(err, &ve) || !ve.Has("status") {
			t.Fatalf("a status the CHECK constraint refuses: %v, want ErrInvalid at status", err)
		}
		noDriverError(t, err)

		bad = storagetest.NewCustomer(5)
		bad.Type = "robot"
		err = s.CreateCustomer(t.Context(), bad)
		if !errors.As(err, &ve) || !ve.Has("customer_type") {
			t.Fatalf("a type the CHECK constraint refuses: %v, want ErrInvalid at customer_type", err)
		}

		// Once the child is gone the parent may go.
		if err := s.DeleteCustomer(t.Context(), child.ULID, nil); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteCustomer(t.Context(), parent.ULID, nil); err != nil {
			t.Fatal(err)
		}
	})
}

// TestWithTx checks that the Store's writes join a host transaction.
func TestWithTx(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		ctx := t.Context()
		if _, err := db.ExecContext(ctx, "CREATE TABLE host_orders (id INTEGER PRIMARY KEY, customer TEXT NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		insertOrder := "INSERT INTO host_orders (id, customer) VALUES (1, ?)"
		if s.Dialect() == sqlstore.PostgreSQL {
			insertOrder = "INSERT INTO host_orders (id, customer) VALUES (1, $1)"
		}
		countOrders := func() int {
			var n int
			if err := db.QueryRowContext(ctx, "SELECT count(*) FROM host_orders").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		c := storagetest.NewCustomer(1)

		t.Run("Rollback", func(t *testing.T) {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.ExecContext(ctx, insertOrder, c.ULID.String()); err != nil {
				t.Fatal(err)
			}
			ts := s.WithTx(tx)
			create(t, ts, c)
			// The transaction sees its own customer.
			if _, err := ts.GetCustomer(ctx, customer.ByULID, c.ULID.String()); err != nil {
				t.Fatalf("get inside the transaction: %v", err)
			}
			if err := tx.Rollback(); err != nil {
				t.Fatal(err)
			}
			if n := countOrders(); n != 0 {
				t.Fatalf("%d host rows after rollback", n)
			}
			if _, err := s.GetCustomer(ctx, customer.ByULID, c.ULID.String()); !errors.Is(err, customerkit.ErrNotFound) {
				t.Fatalf("customer after rollback: %v, want ErrNotFound", err)
			}
		})

		t.Run("Commit", func(t *testing.T) {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			ts := s.WithTx(tx)
			if _, err := tx.ExecContext(ctx, insertOrder, c.ULID.String()); err != nil {
				t.Fatal(err)
			}
			create(t, ts, c)
			// A failed write leaves the host's transaction usable and
			// unchanged (it runs in a savepoint).
			dup := storagetest.NewCustomer(2)
			dup.Email = c.Email
			if err := ts.CreateCustomer(ctx, dup); !errors.Is(err, customerkit.ErrAlreadyExists) {
				t.Fatalf("duplicate inside the transaction: %v", err)
			}
			errRefused := errors.New("refused")
			if _, err := ts.UpdateCustomer(ctx, c.ULID, func(c *customer.Customer) error {
				c.Name = "changed"
				return errRefused
			}); !errors.Is(err, errRefused) {
				t.Fatalf("refused update: %v", err)
			}
			got, err := ts.UpdateCustomer(ctx, c.ULID, func(c *customer.Customer) error {
				c.Description = "updated in the host's transaction"
				return nil
			})
			if err != nil {
				t.Fatalf("update inside the transaction: %v", err)
			}
			if got.Version != 2 {
				t.Fatalf("version %d after one update, want 2", got.Version)
			}
			page, err := ts.ListCustomers(ctx, &customer.Query{}, customerkit.Cursor{})
			if err != nil || len(page.Items) != 1 {
				t.Fatalf("list inside the transaction: %d items, %v", len(page.Items), err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			if n := countOrders(); n != 1 {
				t.Fatalf("%d host rows after commit, want 1", n)
			}
			stored, err := s.GetCustomer(ctx, customer.ByULID, c.ULID.String())
			if err != nil {
				t.Fatal(err)
			}
			if stored.Description != "updated in the host's transaction" || stored.Name != c.Name {
				t.Fatalf("stored %q / %q", stored.Name, stored.Description)
			}
			if _, err := s.GetCustomer(ctx, customer.ByULID, dup.ULID.String()); !errors.Is(err, customerkit.ErrNotFound) {
				t.Fatalf("the failed create left a customer: %v", err)
			}
		})
	})
}

// TestListLiteralSearch checks that LIKE wildcards, quotes and backslashes
// in a search are matched as data.
func TestListLiteralSearch(t *testing.T) {
	names := []string{
		"100% Organic", "100 Organic", "1000 Organics",
		"snake_case Ltd", "snakeXcase Ltd",
		`Back\slash Inc`, "Backslash Inc",
		"O'Neil & Sons", "ONeil Sons",
		`Quote "Co"`, "Semi; DROP TABLE customerkit_customers; --",
	}
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		var all []*customer.Customer
		for i, n := range names {
			c := storagetest.NewCustomer(i)
			c.Name, c.Description = n, "about "+n
			all = append(all, c)
		}
		create(t, s, all...)
		for _, search := range []string{"%", "100%", "_", "snake_case", `\`, `back\s`, "'", "o'neil", `"co"`, "; drop", "%%", `\%`, "_case", "Organic"} {
			for _, field := range []string{"name", "description"} {
				q := customer.Query{Order: customer.OrderName, Limit: 100}
				if field == "name" {
					q.Name = search
				} else {
					q.Description = search
				}
				n, err := q.Normalize()
				if err != nil {
					t.Fatal(err)
				}
				var want []string
				for _, c := range all {
					if n.Match(c) {
						want = append(want, c.Name)
					}
				}
				slices.SortFunc(want, func(a, b string) int {
					return compareKeys(customer.SearchKey(a), customer.SearchKey(b))
				})
				page, err := s.ListCustomers(t.Context(), n, customerkit.Cursor{})
				if err != nil {
					t.Fatalf("%s %q: %v", field, search, err)
				}
				var got []string
				for _, c := range page.Items {
					got = append(got, c.Name)
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s search %q: got %q, want %q", field, search, got, want)
				}
			}
		}
		var n int
		if err := db.QueryRowContext(t.Context(), "SELECT count(*) FROM customerkit_customers").Scan(&n); err != nil || n != len(names) {
			t.Fatalf("table has %d rows (%v)", n, err)
		}
	})
}

func compareKeys(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestListOrderMatchesCompare pages through names whose keys differ only
// past ASCII, share a key, or sort differently in a locale than in bytes,
// in every order, and checks the order is Query.Compare's.
func TestListOrderMatchesCompare(t *testing.T) {
	names := []string{
		"Zoë", "zoe", "ZOE", "Zoe", "Ωmega", "omega", "émile", "Emile", "eMILE", "~tilde", "_under",
		"Ärger", "arger", "Ångström", "Straße", "strasse", "ﬁne", "fine", "İstanbul", "istanbul",
		"日本", "Ǆemal", "a b", "a  b", "ab", "a-b", "A", "", "z", "Z", "0", "9 Lives", "[bracket]",
	}
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		var all []*customer.Customer
		for i, n := range names {
			c := storagetest.NewCustomer(i)
			c.Name = n
			// Several customers share a creation time: ULID breaks ties.
			c.CreatedAt = storagetest.Epoch.Add(time.Duration(i/4) * time.Second)
			all = append(all, c)
		}
		create(t, s, all...)
		for _, order := range customer.Orders() {
			q, err := (&customer.Query{Order: order, Limit: 4}).Normalize()
			if err != nil {
				t.Fatal(err)
			}
			want := slices.Clone(all)
			slices.SortFunc(want, q.Compare)
			var got []*customer.Customer
			var after customerkit.Cursor
			for range len(all) + 1 {
				page, err := s.ListCustomers(t.Context(), q, after)
				if err != nil {
					t.Fatalf("%s: %v", order, err)
				}
				got = append(got, page.Items...)
				if page.Next.IsZero() {
					break
				}
				after = page.Next
			}
			if !slices.EqualFunc(got, want, func(a, b *customer.Customer) bool { return a.ULID == b.ULID }) {
				t.Errorf("%s: got %q, want %q", order, namesOf(got), namesOf(want))
			}
		}
	})
}

func namesOf(cs []*customer.Customer) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}

// TestMetadataFilter checks the metadata key = value filter against
// Query.Match for every kind of scalar, on values of every kind.
func TestMetadataFilter(t *testing.T) {
	values := []any{"pro", "1", 1.0, 1.5, 0.0, true, false, nil, []any{1.0, "pro"}, map[string]any{"a": 1.0}, 1e21, -2.0}
	filters := []any{"pro", "1", 1.0, 1, int64(1), 1.5, 0.0, true, false, nil, 1e21, -2, "missing"}
	keys := []string{"plan", `we"ird.key`, "$.x"}
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		var all []*customer.Customer
		i := 0
		for _, k := range keys {
			for _, v := range values {
				c := storagetest.NewCustomer(i)
				c.Metadata = metadata.Metadata{k: v, "other": "pro"}
				all = append(all, c)
				i++
			}
		}
		bare := storagetest.NewCustomer(i)
		bare.Metadata = nil
		all = append(all, bare)
		create(t, s, all...)
		for _, k := range keys {
			for _, f := range filters {
				q, err := (&customer.Query{Metadata: &customer.MetadataMatch{Key: k, Value: f}, Limit: customer.MaxLimit}).Normalize()
				if err != nil {
					t.Fatalf("%q = %v: %v", k, f, err)
				}
				var want []string
				for _, c := range all {
					if q.Match(c) {
						want = append(want, c.ULID.String())
					}
				}
				page, err := s.ListCustomers(t.Context(), q, customerkit.Cursor{})
				if err != nil {
					t.Fatalf("%q = %v: %v", k, f, err)
				}
				var got []string
				for _, c := range page.Items {
					got = append(got, c.ULID.String())
				}
				if !slices.Equal(got, want) {
					t.Errorf("metadata %q = %#v: got %d customers, want %d", k, f, len(got), len(want))
				}
			}
		}
	})
}

// TestLabelsFilter checks that every label of the filter must be present.
func TestLabelsFilter(t *testing.T) {
	labelSets := [][]string{nil, {}, {"eu"}, {"eu", "enterprise"}, {"enterprise"}, {"us", "eu", "vip"}, {`"eu"`}, {"e%"}}
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		var all []*customer.Customer
		for i, ls := range labelSets {
			c := storagetest.NewCustomer(i)
			c.Labels = ls
			all = append(all, c)
		}
		create(t, s, all...)
		for _, f := range [][]string{{"eu"}, {"eu", "enterprise"}, {"eu", "eu"}, {"vip", "us"}, {"e%"}, {"e"}, {`"eu"`}, {"none"}} {
			q, err := (&customer.Query{Labels: f}).Normalize()
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, c := range all {
				if q.Match(c) {
					want = append(want, c.ULID.String())
				}
			}
			page, err := s.ListCustomers(t.Context(), q, customerkit.Cursor{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range page.Items {
				got = append(got, c.ULID.String())
			}
			if !slices.Equal(got, want) {
				t.Errorf("labels %q: got %v, want %v", f, got, want)
			}
		}
	})
}

// TestTimePrecision checks that times come back in UTC, truncated to the
// microsecond, and that the creation-time bounds of a query agree with
// Query.Match on what was stored.
func TestTimePrecision(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		c := storagetest.NewCustomer(1)
		loc := time.FixedZone("UTC+5:30", 5*3600+1800)
		c.CreatedAt = time.Date(2024, 5, 6, 7, 8, 9, 123456789, loc)
		c.UpdatedAt = c.CreatedAt.Add(time.Nanosecond)
		create(t, s, c)
		got, err := s.GetCustomer(t.Context(), customer.ByULID, c.ULID.String())
		if err != nil {
			t.Fatal(err)
		}
		want := c.CreatedAt.UTC().Truncate(time.Microsecond)
		if !got.CreatedAt.Equal(want) || got.CreatedAt.Location() != time.UTC {
			t.Fatalf("CreatedAt %v, want %v in UTC", got.CreatedAt, want)
		}
		if !got.UpdatedAt.Equal(want) {
			t.Fatalf("UpdatedAt %v, want %v", got.UpdatedAt, want)
		}
		stored := got.CreatedAt
		for _, b := range []struct {
			from, to time.Time
		}{
			{stored, time.Time{}},
			{stored.Add(time.Nanosecond), time.Time{}},
			{stored.Add(-time.Nanosecond), time.Time{}},
			{time.Time{}, stored},
			{time.Time{}, stored.Add(time.Nanosecond)},
			{time.Time{}, stored.Add(time.Microsecond)},
			{stored.Add(-time.Nanosecond), stored.Add(time.Nanosecond)},
		} {
			q, err := (&customer.Query{CreatedFrom: b.from, CreatedTo: b.to}).Normalize()
			if err != nil {
				t.Fatal(err)
			}
			page, err := s.ListCustomers(t.Context(), q, customerkit.Cursor{})
			if err != nil {
				t.Fatal(err)
			}
			if want := q.Match(got); (len(page.Items) == 1) != want {
				t.Errorf("from %v to %v: %d items, Match says %v", b.from, b.to, len(page.Items), want)
			}
		}
	})
}

// TestCursorOfAnotherOrder checks that a cursor works only with the order
// it came from.
func TestCursorOfAnotherOrder(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		create(t, s, storagetest.NewCustomer(1), storagetest.NewCustomer(2))
		page, err := s.ListCustomers(t.Context(), &customer.Query{Order: customer.OrderName, Limit: 1}, customerkit.Cursor{})
		if err != nil || page.Next.IsZero() {
			t.Fatalf("first page: %v, next %v", err, page.Next)
		}
		for _, o := range []customer.Order{customer.OrderNameDesc, customer.OrderCreated, customer.OrderCreatedDesc} {
			_, err := s.ListCustomers(t.Context(), &customer.Query{Order: o, Limit: 1}, page.Next)
			if !errors.Is(err, customerkit.ErrInvalid) {
				t.Errorf("cursor of name order used with %s: %v, want ErrInvalid", o, err)
			}
		}
		b := page.Next.Bytes()
		b[len(b)/2] ^= 1
		if _, err := s.ListCustomers(t.Context(), &customer.Query{Order: customer.OrderName, Limit: 1}, customerkit.NewCursor(b)); !errors.Is(err, customerkit.ErrInvalid) {
			t.Errorf("changed cursor: %v, want ErrInvalid", err)
		}
	})
}

// TestNULCharacter checks text with a NUL character, which PostgreSQL
// cannot store: a write is ErrInvalid, a lookup or filter matches nothing.
func TestNULCharacter(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		plain := storagetest.NewCustomer(1)
		create(t, s, plain)
		c := storagetest.NewCustomer(2)
		c.Name = "Nul\x00Byte"
		err := s.CreateCustomer(t.Context(), c)
		if s.Dialect() == sqlstore.PostgreSQL {
			if !errors.Is(err, customerkit.ErrInvalid) {
				t.Fatalf("create with a NUL: %v, want ErrInvalid", err)
			}
			noDriverError(t, err)
		} else if err != nil {
			t.Fatalf("create with a NUL: %v", err)
		}
		if _, err := s.GetCustomer(t.Context(), customer.ByEmail, "a\x00b@example.com"); !errors.Is(err, customerkit.ErrNotFound) {
			t.Fatalf("get by an email with a NUL: %v, want ErrNotFound", err)
		}
		for _, q := range []customer.Query{{Name: "\x00"}, {Email: "x\x00@example.com"}, {Labels: []string{"e\x00"}},
			{Metadata: &customer.MetadataMatch{Key: "plan", Value: "p\x00"}}} {
			n, err := q.Normalize()
			if err != nil {
				t.Fatal(err)
			}
			page, err := s.ListCustomers(t.Context(), n, customerkit.Cursor{})
			if err != nil {
				t.Fatalf("list %+v: %v", q, err)
			}
			for _, got := range page.Items {
				if !n.Match(got) {
					t.Errorf("list %+v returned %q, which it does not match", q, got.Name)
				}
			}
		}
	})
}
