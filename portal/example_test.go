package portal_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/credential"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/attachment"
	"github.com/customerkit/customerkit/customer/configvar"
	"github.com/customerkit/customerkit/instance"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/portal"
	"github.com/customerkit/customerkit/storage/memstore"
	"github.com/customerkit/customerkit/user"
)

// An owner invites a member; the member sees its customer's data only,
// within its role; another customer's instance is invisible to it.
func Example() {
	ctx := context.Background()
	store := memstore.New()
	customers := customer.NewService(store, nil)
	users := user.NewService(store, customers, nil)
	market := marketplace.NewService(store, nil)
	instances := instance.NewService(store, nil)
	key := sha256.Sum256([]byte("example key; use a KMS"))
	ring, _ := credential.NewKeyRing(credential.Key{ID: "k1", Secret: key[:]})
	p, err := portal.New(portal.Services{Customers: customers, Users: users, Instances: instances,
		Credentials: credential.NewService(store, ring, nil), Attachments: attachment.NewService(store, nil),
		ConfigVars: configvar.NewService(store, nil)}, nil)
	if err != nil {
		panic(err)
	}

	// The organization: two customers, each with its owner, and an
	// integration in the marketplace that Globex has activated.
	acme, ada, _ := users.CreateCustomer(ctx, &customer.Customer{Type: customer.TypeBusiness, CompanyName: "Acme",
		FirstName: "Ada", LastName: "Lovelace", Email: "ada@acme.example", Country: "GB", Currency: "GBP"})
	globex, _, _ := users.CreateCustomer(ctx, &customer.Customer{Type: customer.TypeBusiness, CompanyName: "Globex",
		FirstName: "Hank", LastName: "Scorpio", Email: "hank@globex.example", Country: "US", Currency: "USD"})
	crm, _ := market.CreateIntegration(ctx, &marketplace.Integration{Name: "Acme CRM"})
	_, _ = market.PublishVersion(ctx, crm.ID, "", nil)
	_, _ = market.PutListing(ctx, &marketplace.Listing{IntegrationID: crm.ID, Availability: marketplace.AvailableDeployable}, 0)
	theirs, _ := instances.Create(ctx, instance.CreateInput{CustomerID: globex.ULID, IntegrationID: crm.ID})

	// Ada, Acme's owner, invites Bob as a member.
	asAda, _ := p.Open(ctx, acme.ULID, ada.User.ID)
	inv, err := asAda.Users().Invite(ctx, user.InviteInput{Email: "bob@acme.example", Role: marketplace.RoleMember,
		Activation: user.ActivationDisplayLink})
	fmt.Println("invite bob:", err)
	bob, _ := users.Accept(ctx, user.AcceptInput{Token: inv.Token.Reveal(), Name: "Bob"})
	_, err = asAda.ConfigVars().Create(ctx, configvar.Input{Key: "crm_region", Value: "eu-west"})
	fmt.Println("ada sets crm_region:", err)

	// Bob's view: Acme's members and marketplace.
	asBob, _ := p.Open(ctx, acme.ULID, bob.User.ID)
	fmt.Println("bob acts as:", asBob.Membership().Role)
	for m, err := range asBob.Users().All(ctx, nil) {
		if err != nil {
			panic(err)
		}
		fmt.Printf("  member %s (%s, owner %t)\n", m.User.Email, m.Membership.Role, m.Membership.Owner)
	}
	view, _ := asBob.Marketplace().View(ctx)
	for _, l := range view.Listings {
		fmt.Printf("  listing %s: %d instance(s), deployable %t\n", l.Name, len(l.Instances), l.Deployability.Deployable)
	}

	// What Bob may not do, and what he cannot even see.
	_, err = asBob.Marketplace().Activate(ctx, crm.ID, instance.ActivateInput{})
	fmt.Println("bob activates:", errors.Is(err, customerkit.ErrPermissionDenied))
	_, err = asBob.Marketplace().Instance(ctx, theirs.ID)
	fmt.Println("bob reads Globex's instance:", errors.Is(err, customerkit.ErrNotFound))
	_, err = p.Open(ctx, globex.ULID, bob.User.ID)
	fmt.Println("bob opens Globex:", errors.Is(err, customerkit.ErrNotFound))
	region, _ := asBob.ConfigVars().Get(ctx, "crm_region")
	fmt.Println("bob reads crm_region:", region.Value)
	eu := "eu-central"
	_, err = asBob.ConfigVars().Update(ctx, "crm_region", configvar.Patch{Value: &eu})
	fmt.Println("bob changes it:", errors.Is(err, customerkit.ErrPermissionDenied))
	fmt.Println("bob may view logs:", asBob.Authorize(ctx, user.PermViewLogs) == nil)

	// Output:
	// invite bob: <nil>
	// ada sets crm_region: <nil>
	// bob acts as: member
	//   member ada@acme.example (admin, owner true)
	//   member bob@acme.example (member, owner false)
	//   listing Acme CRM: 0 instance(s), deployable false
	// bob activates: true
	// bob reads Globex's instance: true
	// bob opens Globex: true
	// bob reads crm_region: eu-west
	// bob changes it: true
	// bob may view logs: true
}
