package sqlstore_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/google/uuid"
	"github.com/oklog/ulid/v2"

	_ "modernc.org/sqlite"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/storage/sqlstore"
)

// newCustomer returns customer n as a customer.Service would hand it to a
// store.
func newCustomer(n int, name string) *customer.Customer {
	now := time.Date(2025, time.January, 2, 3, 4, 5, 0, time.UTC).Add(time.Duration(n) * time.Minute)
	return &customer.Customer{
		ULID:      ulid.MustNew(ulid.Timestamp(now), bytes.NewReader(make([]byte, 16))),
		UUID:      uuid.NewSHA1(uuid.NameSpaceURL, []byte(fmt.Sprint("customer-", n))),
		Key:       fmt.Sprintf("key%05d", n),
		Status:    customer.StatusActive,
		Type:      customer.TypeBusiness,
		Email:     fmt.Sprintf("billing.%d@example.com", n),
		Name:      name,
		Subdomain: fmt.Sprintf("acme-%d", n),
		Country:   "DE",
		Labels:    []string{"eu"},
		Addresses: []customer.Address{{Type: customer.AddressPostal, Country: "DE", City: "Berlin", Default: true}},
		Version:   1,
		CreatedAt: now,
		UpdatedAt: now,
	}
}

// The host opens the database with the driver it likes (here the pure-Go
// modernc.org/sqlite, in memory) and hands it to sqlstore.
func Example() {
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:example?mode=memory&cache=shared&_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one in-memory database, one connection

	store, err := sqlstore.New(db, sqlstore.SQLite, nil)
	if err != nil {
		log.Fatal(err)
	}
	if err := store.Migrate(ctx); err != nil {
		log.Fatal(err)
	}

	// A customer.Service validates a customer and fills its generated
	// fields before it reaches the store; here they are written out.
	c := newCustomer(1, "Zola AG")
	if err := store.CreateCustomer(ctx, c); err != nil {
		log.Fatal(err)
	}
	got, err := store.GetCustomer(ctx, customer.ByEmail, customer.EmailKey("Billing.1@Example.com"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(got.Name, got.Version, got.Addresses[0].City)

	// Uniqueness is kept by the database and reported in the library's
	// words.
	dup := newCustomer(2, "Other GmbH")
	dup.Email = c.Email
	err = store.CreateCustomer(ctx, dup)
	var ae *customerkit.AlreadyExistsError
	fmt.Println(errors.As(err, &ae), ae.Field)

	updated, err := store.UpdateCustomer(ctx, c.ULID, func(c *customer.Customer) error {
		c.Status = customer.StatusSuspended
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(updated.Status, updated.Version)

	page, err := store.ListCustomers(ctx, &customer.Query{Statuses: []customer.Status{customer.StatusSuspended}, Order: customer.OrderName}, customerkit.Cursor{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(page.Items), page.Next.IsZero())
	// Output:
	// Zola AG 1 Berlin
	// true email
	// suspended 2
	// 1 true
}

// A host writes its own rows and customerkit's in one transaction.
func ExampleStore_WithTx() {
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:example_withtx?mode=memory&cache=shared&_pragma=foreign_keys(1)&_txlock=immediate")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	store, err := sqlstore.New(db, sqlstore.SQLite, nil)
	if err != nil {
		log.Fatal(err)
	}
	if err := store.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "CREATE TABLE signups (email TEXT PRIMARY KEY)"); err != nil {
		log.Fatal(err)
	}

	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer tx.Rollback()
	c := newCustomer(1, "Zola AG")
	if _, err := tx.ExecContext(ctx, "INSERT INTO signups (email) VALUES (?)", c.Email); err != nil {
		log.Fatal(err)
	}
	if err := store.WithTx(tx).CreateCustomer(ctx, c); err != nil {
		log.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		log.Fatal(err)
	}

	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM signups").Scan(&n); err != nil {
		log.Fatal(err)
	}
	_, err = store.GetCustomer(ctx, customer.ByULID, c.ULID.String())
	fmt.Println(n, err)
	// Output:
	// 1 <nil>
}
