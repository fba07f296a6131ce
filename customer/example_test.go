package customer_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/metadata"
	"github.com/customerkit/customerkit/storage/memstore"
)

// A minimal profile gets every generated field filled.
func ExampleService_Create() {
	ctx := context.Background()
	svc := customer.NewService(memstore.New(), nil)
	c, err := svc.Create(ctx, &customer.Customer{
		Type:        customer.TypeBusiness,
		CompanyName: "Crème Brûlée Café",
		FirstName:   "Ada",
		LastName:    "Lovelace",
		Email:       "Ada@Example.COM",
		Country:     "fr",
		Currency:    "eur",
		Telephones:  []customer.Telephone{{Type: customer.PhoneMobile, Number: "06 12 34 56 78"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Name, "|", c.Subdomain, "|", c.Email, "|", c.Country, c.Currency, "|", c.Status, c.Version)
	fmt.Println(c.Telephones[0].Number, c.Telephones[0].Default, len(c.Key))
	// Output:
	// Crème Brûlée Café | creme-brulee-cafe | Ada@example.com | FR EUR | active 1
	// +33612345678 true 12
}

// Validation reports every problem at once, with field paths and codes.
func ExampleNormalize() {
	_, err := customer.Normalize(&customer.Customer{
		Type:     customer.TypePersonal,
		Email:    "ada(at)example.com",
		Country:  "UK",
		Currency: "GBP",
		Addresses: []customer.Address{
			{Type: customer.AddressPostal, Country: "GB"},
		},
	}, nil)
	var ve *customerkit.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			fmt.Println(f.Path, f.Code)
		}
	}
	// Output:
	// email invalid
	// first_name required
	// last_name required
	// country not_supported
	// addresses[0].address_line1 required
}

// The status rule table as pure functions.
func ExampleStatus() {
	for _, s := range customer.Statuses() {
		fmt.Printf("%-10s access=%v use=%v create=%v delete=%v next=%v\n",
			s, s.CanAccess(), s.CanUseExisting(), s.CanCreate(), s.CanDelete(), customer.Transitions(s))
	}
	// Output:
	// active     access=true use=true create=true delete=false next=[suspended inactive terminated]
	// suspended  access=true use=true create=false delete=false next=[active inactive terminated]
	// inactive   access=false use=false create=false delete=false next=[active suspended terminated]
	// terminated access=false use=false create=false delete=true next=[]
}

// Merges run inside the store's read-modify-write: null deletes a key,
// objects merge one level, arrays replace.
func ExampleService_MergeMetadata() {
	ctx := context.Background()
	svc := customer.NewService(memstore.New(), nil)
	c, _ := svc.Create(ctx, &customer.Customer{
		Type: customer.TypePersonal, FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com", Country: "GB", Currency: "GBP",
		Metadata: metadata.Metadata{"plan": "basic", "limits": map[string]any{"seats": 5, "api": 100}},
	})
	c, err := svc.MergeMetadata(ctx, c.ULID, metadata.Metadata{"plan": nil, "limits": map[string]any{"seats": 10}, "beta": true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Metadata["limits"], c.Metadata["beta"], c.Metadata["plan"] == nil)
	// Output: map[api:100 seats:10] true true
}

// Origins and registration domains answer the questions a web front end asks.
func ExampleCustomer_OriginAllowed() {
	c, _ := customer.Normalize(&customer.Customer{
		Type: customer.TypePersonal, FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com", Country: "GB", Currency: "GBP",
		AllowedOrigins:             []string{"https://app.example.com", "*.example.org"},
		AllowedRegistrationDomains: []string{"example.com"},
	}, nil)
	fmt.Println(c.OriginAllowed("https://APP.example.com:443"), c.OriginAllowed("http://app.example.com"), c.OriginAllowed("https://eu.example.org"))
	fmt.Println(c.RegistrationAllowed("bob@example.com"), c.RegistrationAllowed("eve@example.net"))
	// Output:
	// true false true
	// true false
}

// The host's delete policy decides whether a terminated customer that
// still has instances may be deleted; the store counts them inside the
// deleting transaction.
func ExampleDeletePolicy_Check() {
	deps := customer.Dependents{Instances: 2, Credentials: 1}
	fmt.Println(customer.DeleteCascade.Check(deps))
	err := customer.DeleteRefuse.Check(deps)
	fmt.Println(errors.Is(err, customerkit.ErrFailedPrecondition))
	fmt.Println(err)
	// Output:
	// <nil>
	// true
	// customer: 2 instances must be deactivated before the customer can be deleted: customerkit: failed precondition
}
