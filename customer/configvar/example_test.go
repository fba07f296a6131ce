package configvar_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/configvar"
	"github.com/customerkit/customerkit/instance"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/storage/memstore"
)

// One value serves every instance of a customer: two instances take their
// "endpoint" from the customer's config variable, and an update reaches
// both and says so.
func Example() {
	ctx := context.Background()
	store := memstore.New()
	customers := customer.NewService(store, nil)
	vars := configvar.NewService(store, nil)
	market := marketplace.NewService(store, nil)
	instances := instance.NewService(store, nil)

	c, _ := customers.Create(ctx, &customer.Customer{Type: customer.TypePersonal, FirstName: "Ada",
		LastName: "Lovelace", Email: "ada@example.com", Country: "GB", Currency: "GBP"})
	_, err := vars.Create(ctx, c.ULID, configvar.Input{Key: "endpoint", Value: "https://eu.example.com"})
	if err != nil {
		panic(err)
	}
	crm, _ := market.CreateIntegration(ctx, &marketplace.Integration{Name: "CRM"})
	_, _ = market.PublishVersion(ctx, crm.ID, "", []marketplace.ConfigVar{
		{Key: "base_url", Type: marketplace.TypeString, Visibility: marketplace.VisibilityCustomer},
	})
	for range 2 {
		_, err := instances.Create(ctx, instance.CreateInput{CustomerID: c.ULID, IntegrationID: crm.ID,
			Refs: map[string]string{"base_url": "endpoint"}})
		if err != nil {
			panic(err)
		}
	}

	us := "https://us.example.com"
	v, _ := vars.Update(ctx, c.ULID, "endpoint", configvar.Patch{Value: &us})
	fmt.Println("instances that take the new value:", len(v.UsedBy))
	cfg, _ := instances.Resolve(ctx, v.UsedBy[0])
	fmt.Println("base_url:", cfg["base_url"])

	err = vars.Delete(ctx, c.ULID, "endpoint")
	fmt.Println(errors.Is(err, customerkit.ErrFailedPrecondition), err)
	// Output:
	// instances that take the new value: 2
	// base_url: https://us.example.com
	// true configvar: "endpoint" is used by 2 instances; change them first
}

// A declared kind checks the value: JSON must parse, XML must be
// well-formed; every problem comes with its field.
func ExampleService_Create() {
	ctx := context.Background()
	store := memstore.New()
	c, _ := customer.NewService(store, nil).Create(ctx, &customer.Customer{Type: customer.TypePersonal,
		FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com", Country: "GB", Currency: "GBP"})
	vars := configvar.NewService(store, nil)

	_, err := vars.Create(ctx, c.ULID, configvar.Input{Key: "2mapping", Kind: configvar.KindXML, Value: "<map><field></map>"})
	var ve *customerkit.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			fmt.Println(f.Path, f.Code, f.Detail)
		}
	}
	v, _ := vars.Create(ctx, c.ULID, configvar.Input{Key: "mapping", Kind: configvar.KindJSON, Value: `{"Account": "company"}`})
	fmt.Println(v.Key, v.Kind, v.Value, v.Version)
	// Output:
	// key invalid a letter or '_' followed by letters, digits and '_'
	// value invalid not well-formed XML
	// mapping json {"Account": "company"} 1
}
