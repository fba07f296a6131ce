package memstore_test

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/storage/memstore"
)

// The Store keeps what it is given and hands back copies; a Service in
// front of it fills and checks the customer first. Here the customer is
// built by hand, as the Service would hand it over.
func Example() {
	ctx := context.Background()
	s := memstore.New()

	created := time.Date(2024, time.March, 1, 9, 30, 0, 0, time.UTC)
	c := &customer.Customer{
		ULID:      ulid.MustParse("01HQVZ4K7M0000000000000001"),
		UUID:      uuid.MustParse("0e7b6c1a-3f1e-4b6a-9b7e-2f4d5c6b7a81"),
		Key:       "ck7hq2m4",
		Subdomain: "acme",
		Status:    customer.StatusActive,
		Type:      customer.TypeBusiness,
		Email:     "Billing@acme.example",
		Name:      "Acme GmbH",
		Country:   "DE",
		Version:   1,
		CreatedAt: created,
		UpdatedAt: created,
	}
	if err := s.CreateCustomer(ctx, c); err != nil {
		fmt.Println(err)
		return
	}

	// Email lookups take the EmailKey: case does not matter.
	got, err := s.GetCustomer(ctx, customer.ByEmail, customer.EmailKey("BILLING@acme.example"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(got.Name, got.Subdomain, got.Version)

	// A second customer with the same email (in any case) is refused.
	dup := c.Clone()
	dup.ULID = ulid.MustParse("01HQVZ4K7M0000000000000002")
	dup.UUID = uuid.MustParse("5a0c9d7e-1b2f-4c3d-8e9f-0a1b2c3d4e5f")
	dup.Key, dup.Subdomain = "ck9xk3p1", "acme-2"
	dup.Email = "BILLING@acme.example"
	fmt.Println(s.CreateCustomer(ctx, dup))

	// Updates are read-modify-write; the version goes up by one.
	got, err = s.UpdateCustomer(ctx, c.ULID, func(c *customer.Customer) error {
		c.Status = customer.StatusSuspended
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(got.Status, got.Version)

	q, _ := (&customer.Query{Statuses: []customer.Status{customer.StatusSuspended}}).Normalize()
	page, _ := s.ListCustomers(ctx, q, customerkit.Cursor{})
	fmt.Println(len(page.Items), page.Next.IsZero())
	// Output:
	// Acme GmbH acme 1
	// customer: email already exists
	// suspended 2
	// 1 true
}
