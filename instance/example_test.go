package instance_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/instance"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/storage/memstore"
	"github.com/customerkit/customerkit/storage/storagetest"
)

// The lifecycle state is derived from the facts, with a fixed precedence.
func ExampleInstance_State() {
	i := &instance.Instance{ConfigComplete: true, Enabled: true, DeployCount: 1}
	fmt.Println(i.State(customer.StatusActive))
	i.NeedsDeploy = true // reconfigured since the last deploy
	fmt.Println(i.State(customer.StatusActive))
	i.Enabled = false // paused beats pending changes
	fmt.Println(i.State(customer.StatusSuspended))
	fmt.Println(i.State(customer.StatusInactive))
	// Output:
	// active
	// pending_changes
	// paused
	// inactive
}

// A customer browses its marketplace and activates an integration through
// a handle bound to it and to the acting role.
func ExampleMarketplace_Activate() {
	ctx := context.Background()
	store := memstore.New()
	acme := storagetest.NewCustomer(1)
	if err := store.CreateCustomer(ctx, acme); err != nil {
		fmt.Println(err)
		return
	}
	market := marketplace.NewService(store, nil)
	crm, _ := market.CreateIntegration(ctx, &marketplace.Integration{Name: "CRM"})
	_, err := market.PublishVersion(ctx, crm.ID, "first", []marketplace.ConfigVar{
		{Key: "api_url", Type: marketplace.TypeString, Visibility: marketplace.VisibilityCustomer},
		{Key: "region", Type: marketplace.TypeString, Default: ptr("eu"), Visibility: marketplace.VisibilityOrganization},
	})
	if err == nil {
		_, err = market.PutListing(ctx, &marketplace.Listing{IntegrationID: crm.ID, Availability: marketplace.AvailableDeployable}, 0)
	}
	if err != nil {
		fmt.Println(err)
		return
	}

	svc := instance.NewService(store, nil)
	member := svc.Marketplace(acme.ULID, marketplace.RoleMember)
	_, err = member.Activate(ctx, crm.ID, instance.ActivateInput{})
	fmt.Println(errors.Is(err, customerkit.ErrPermissionDenied))

	admin := svc.Marketplace(acme.ULID, marketplace.RoleMarketplaceAdmin)
	_, err = admin.Activate(ctx, crm.ID, instance.ActivateInput{Values: map[string]string{"region": "us"}})
	fmt.Println(err)

	i, err := admin.Activate(ctx, crm.ID, instance.ActivateInput{Values: map[string]string{"api_url": "https://crm.example"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(i.Name, i.VersionNumber, i.State, i.DeployCount)

	view, _ := admin.View(ctx)
	l := view.Listings[0]
	fmt.Println(l.Name, l.State, l.Count, l.Deployability.Deployable, l.Deployability.Problems[0].Reason, len(l.ConfigVars))
	// Output:
	// true
	// instance: invalid input: values["region"]: not_supported: no such variable
	// CRM 1 active 1
	// CRM activated one false already_activated 1
}

func ptr(s string) *string { return &s }
