package marketplace_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/storage/memstore"
)

// The organization publishes an integration, lists it, and a customer's
// view of it says whether it may be activated and why not.
func Example() {
	ctx := context.Background()
	store := memstore.New()
	now := func() time.Time { return time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC) }
	svc := marketplace.NewService(store, &marketplace.Options{NowFunc: now})
	acme, err := customer.NewService(store, &customer.Options{NowFunc: now}).Create(ctx, &customer.Customer{
		Email: "ops@acme.example", FirstName: "Ada", LastName: "Ops", CompanyName: "Acme",
		Type: customer.TypeBusiness, Country: "US", Currency: "USD",
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	in, _ := svc.CreateIntegration(ctx, &marketplace.Integration{Name: "Salesforce", Category: "CRM"})
	def := "safe"
	_, _ = svc.PublishVersion(ctx, in.ID, "first release", []marketplace.ConfigVar{
		{Key: "mode", Label: "Mode", Type: marketplace.TypePicklist, Options: []string{"fast", "safe"}, Default: &def, Visibility: marketplace.VisibilityCustomer},
		{Key: "partner_key", Type: marketplace.TypeString, Visibility: marketplace.VisibilityOrganization},
	})
	_, _ = svc.PutListing(ctx, &marketplace.Listing{IntegrationID: in.ID, Availability: marketplace.AvailableDeployable}, 0)

	show := func() {
		bundles, _ := svc.ListingsForCustomer(ctx, acme.ULID)
		for _, b := range bundles {
			d := marketplace.Deployable(marketplace.DeployInput{
				Customer: acme, Integration: b.Integration, Listing: b.Listing, Version: b.Version,
				Role: marketplace.RoleMarketplaceAdmin,
			})
			fmt.Printf("%s v%d deployable=%t", b.Integration.Name, b.Version.Number, d.Deployable)
			for _, p := range d.Problems {
				fmt.Printf(" %s(%s)", p.Reason, p.Key)
			}
			fmt.Println()
		}
	}
	show()
	// The organization supplies the missing value.
	_, _ = svc.PutListing(ctx, &marketplace.Listing{IntegrationID: in.ID, Availability: marketplace.AvailableDeployable,
		OrgValues: map[string]string{"partner_key": "pk-123"}}, 0)
	show()
	// Output:
	// Salesforce v1 deployable=false missing_value(partner_key)
	// Salesforce v1 deployable=true
}

func ExampleDeployable() {
	d := marketplace.Deployable(marketplace.DeployInput{
		Customer:    &customer.Customer{Status: customer.StatusSuspended},
		Integration: &marketplace.Integration{Name: "Sync"},
		Listing:     &marketplace.Listing{Availability: marketplace.AvailableNotDeployable},
		Instances:   1,
		Role:        marketplace.RoleMember,
	})
	fmt.Println("deployable:", d.Deployable)
	for _, p := range d.Problems {
		fmt.Println(p.Reason)
	}
	// Output:
	// deployable: false
	// contact_us
	// customer_status
	// already_activated
	// role
	// version_unavailable
}

func ExampleConfigVar_CheckValue() {
	for _, c := range []struct {
		v marketplace.ConfigVar
		s string
	}{
		{marketplace.ConfigVar{Type: marketplace.TypeNumber}, "1.50e3"},
		{marketplace.ConfigVar{Type: marketplace.TypeTimestamp}, "2025-01-01T01:30:00+02:00"},
		{marketplace.ConfigVar{Type: marketplace.TypeSchedule}, "@every 90m"},
		{marketplace.ConfigVar{Type: marketplace.TypeSchedule}, "0  9 * * 1-5"},
		{marketplace.ConfigVar{Type: marketplace.TypeBoolean}, "yes"},
	} {
		canonical, err := c.v.CheckValue(c.s)
		if err != nil {
			fmt.Printf("%s %q: %v\n", c.v.Type, c.s, err)
			continue
		}
		fmt.Printf("%s %q → %q\n", c.v.Type, c.s, canonical)
	}
	// Output:
	// number "1.50e3" → "1500"
	// timestamp "2025-01-01T01:30:00+02:00" → "2024-12-31T23:30:00Z"
	// schedule "@every 90m" → "@every 1h30m0s"
	// schedule "0  9 * * 1-5" → "0 9 * * 1-5"
	// boolean "yes": marketplace: invalid input: invalid: not true or false
}

func ExampleValidateVars() {
	def, pick := "ten", "slow"
	err := marketplace.ValidateVars([]marketplace.ConfigVar{
		{Key: "retries", Type: marketplace.TypeNumber, Default: &def, Visibility: marketplace.VisibilityCustomer},
		{Key: "mode", Type: marketplace.TypePicklist, Options: []string{"fast", "safe"}, Default: &pick, Visibility: marketplace.VisibilityCustomer},
		{Key: "mode", Type: marketplace.TypeString, Visibility: marketplace.VisibilityEmbedded},
		{Key: "crm", Type: marketplace.TypeConnection, Visibility: marketplace.VisibilityCustomer},
	})
	var ve *customerkit.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			fmt.Println(f.Path, f.Code)
		}
	}
	// Output:
	// config_vars[0].default invalid
	// config_vars[1].default not_supported
	// config_vars[2].key duplicate
	// config_vars[3].auth_methods required
}
