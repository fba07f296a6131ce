// Command portal shows the customer-scoped handle (package portal), the
// only way customer-facing code reaches a customer's data: a customer's
// owner invites a member, the member sees its customer's data within its
// role, another customer's records are invisible to it (not found, not
// merely forbidden), one config variable serves the customer's
// instances, explicit permissions replace a role's defaults, a suspended
// customer's users read but create nothing, and a removed member's open
// handle stops working.
//
//	go run ./examples/portal
//
// It runs on the in-memory store.
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"github.com/oklog/ulid/v2"

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

func main() {
	if err := run(context.Background(), os.Stdout, memstore.New()); err != nil {
		fmt.Fprintln(os.Stderr, "portal:", err)
		os.Exit(1)
	}
}

// Store is what the example needs: one adapter for every service.
type Store interface {
	customer.Store
	user.Store
	marketplace.Store
	instance.Store
	credential.Store
	attachment.Store
	configvar.Store
}

// run writes the transcript to w, using store. The clock and the random
// source are fixed, so the transcript is the same on every run.
func run(ctx context.Context, w io.Writer, store Store) error {
	clock := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	now := func() time.Time { clock = clock.Add(time.Minute); return clock }
	rnd := rand.NewChaCha8([32]byte{'p', 'o', 'r', 't', 'a', 'l'})
	newID := func() ulid.ULID { return ulid.MustNew(ulid.Timestamp(clock), rnd) }
	key := sha256.Sum256([]byte("example key: keep real keys in a KMS"))
	ring, err := credential.NewKeyRing(credential.Key{ID: "2026-03", Secret: key[:]})
	if err != nil {
		return err
	}
	customers := customer.NewService(store, &customer.Options{NowFunc: now, RandReader: rnd, NewIDFunc: newID})
	users := user.NewService(store, customers, &user.Options{NowFunc: now, RandReader: rnd, NewIDFunc: newID,
		LinkFunc: func(t user.Token) string { return "https://app.example.com/join?token=" + t.Reveal() }})
	market := marketplace.NewService(store, &marketplace.Options{NowFunc: now, NewIDFunc: newID})
	instances := instance.NewService(store, &instance.Options{NowFunc: now, NewIDFunc: newID})
	creds := credential.NewService(store, ring, &credential.Options{NowFunc: now, NewIDFunc: newID})
	files := attachment.NewService(store, &attachment.Options{NowFunc: now, NewIDFunc: newID, RandReader: rnd})
	// The organization keeps the services; customer-facing code gets the
	// portal's handles only.
	vars := configvar.NewService(store, &configvar.Options{NowFunc: now})
	p := &printer{w: w}
	gate, err := portal.New(portal.Services{Customers: customers, Users: users, Instances: instances,
		Credentials: creds, Attachments: files, ConfigVars: vars}, nil)
	if err != nil {
		return err
	}

	p.section("1. The organization: two customers, each with its owner, and a marketplace")
	acme, ada, err := users.CreateCustomer(ctx, &customer.Customer{Type: customer.TypeBusiness, CompanyName: "Acme Ltd",
		FirstName: "Ada", LastName: "Lovelace", Email: "ada@acme.example", Country: "GB", Currency: "GBP"})
	if err != nil {
		return err
	}
	p.printf("customer %s, owner %s\n", acme.Name, ada.User.Email)
	globex, hank, err := users.CreateCustomer(ctx, &customer.Customer{Type: customer.TypeBusiness, CompanyName: "Globex Corp",
		FirstName: "Hank", LastName: "Scorpio", Email: "hank@globex.example", Country: "US", Currency: "USD"})
	if err != nil {
		return err
	}
	p.printf("customer %s, owner %s\n", globex.Name, hank.User.Email)
	crm, err := market.CreateIntegration(ctx, &marketplace.Integration{Name: "Acme CRM", Category: "CRM"})
	if err != nil {
		return err
	}
	if _, err := market.PublishVersion(ctx, crm.ID, "first release", []marketplace.ConfigVar{
		{Key: "api_url", Label: "API URL", Type: marketplace.TypeString, Visibility: marketplace.VisibilityCustomer},
	}); err != nil {
		return err
	}
	if _, err := market.PutListing(ctx, &marketplace.Listing{IntegrationID: crm.ID, Availability: marketplace.AvailableDeployable}, 0); err != nil {
		return err
	}
	p.printf("published %s v1, listed for every customer\n", crm.Name)
	asHank, err := gate.Open(ctx, globex.ULID, hank.User.ID)
	if err != nil {
		return err
	}
	theirs, err := asHank.Marketplace().Activate(ctx, crm.ID, instance.ActivateInput{Values: map[string]string{"api_url": "https://crm.globex.example"}})
	if err != nil {
		return err
	}
	p.printf("Hank activated %s for %s: instance %s\n", theirs.Name, globex.Name, theirs.ID)

	p.section("2. Ada, Acme's owner, sets Acme up and invites Bob as a member")
	asAda, err := gate.Open(ctx, acme.ULID, ada.User.ID)
	if err != nil {
		return err
	}
	ours, err := asAda.Marketplace().Activate(ctx, crm.ID, instance.ActivateInput{Values: map[string]string{"api_url": "https://crm.acme.example"}})
	if err != nil {
		return err
	}
	p.printf("Ada activated %s: state %s\n", ours.Name, ours.State)
	key1, err := asAda.Credentials().Create(ctx, credential.Input{Name: "CRM key", Method: credential.MethodAPIKey,
		Values: credential.Values{"api_key": "sk_live_acme_5bd1"}})
	if err != nil {
		return err
	}
	p.printf("Ada stored credential %q (%s): secret fields %v, their values never come back\n", key1.Name, key1.Method, key1.SecretFields)
	doc, err := asAda.Attachments().Upload(ctx, strings.NewReader("Master services agreement, signed."), "contract.txt", "")
	if err != nil {
		return err
	}
	p.printf("Ada uploaded %s (%s, %d bytes)\n", doc.Name, doc.ContentType, doc.Size)
	inv, err := asAda.Users().Invite(ctx, user.InviteInput{Email: "bob@acme.example", Role: marketplace.RoleMember,
		Activation: user.ActivationDisplayLink})
	if err != nil {
		return err
	}
	p.printf("Ada invited %s as %s; the link is shown to her once\n", inv.Invitation.Email, inv.Invitation.Role)
	bob, err := users.Accept(ctx, user.AcceptInput{Token: inv.Token.Reveal(), Name: "Bob"})
	if err != nil {
		return err
	}
	p.printf("Bob accepted: %s of %s\n", bob.Membership.Role, acme.Name)

	p.section("3. Bob's view of Acme")
	asBob, err := gate.Open(ctx, acme.ULID, bob.User.ID)
	if err != nil {
		return err
	}
	p.printf("Bob acts as %s with %v\n", asBob.Membership().Role, asBob.Membership().Effective())
	if err := p.view(ctx, asBob); err != nil {
		return err
	}
	_, err = asBob.Credentials().List(ctx, nil, customerkit.Cursor{})
	p.outcome("Bob lists credentials", err)
	_, err = asBob.Marketplace().Deploy(ctx, ours.ID)
	p.outcome("Bob deploys Acme CRM", err)
	_, err = asBob.Users().Invite(ctx, user.InviteInput{Email: "carol@acme.example", Role: marketplace.RoleMember, Activation: user.ActivationDisplayLink})
	p.outcome("Bob invites Carol", err)

	p.section("4. Globex is invisible to Acme's users")
	_, err = asBob.Marketplace().Instance(ctx, theirs.ID)
	p.outcome("Bob reads Globex's instance", err)
	_, err = asAda.Marketplace().Deploy(ctx, theirs.ID)
	p.outcome("Ada deploys Globex's instance", err)
	_, err = asAda.Users().Get(ctx, hank.User.ID)
	p.outcome("Ada reads Globex's owner", err)
	_, err = gate.Open(ctx, globex.ULID, bob.User.ID)
	p.outcome("Bob opens Globex's portal", err)

	p.section("5. One config variable serves every instance of Acme")
	base, err := asAda.ConfigVars().Create(ctx, configvar.Input{Key: "crm_base_url", Value: "https://crm.acme.example",
		Description: "Acme's CRM, for every integration"})
	if err != nil {
		return err
	}
	p.printf("Ada set %s = %s (%s)\n", base.Key, base.Value, base.Kind)
	linked, err := asAda.Marketplace().SetRefs(ctx, ours.ID, map[string]string{"api_url": "crm_base_url"})
	if err != nil {
		return err
	}
	p.printf("Ada made %s take api_url from %s: state %s\n", linked.Name, linked.Refs["api_url"], linked.State)
	moved := "https://crm.eu.acme.example"
	base, err = asAda.ConfigVars().Update(ctx, "crm_base_url", configvar.Patch{Value: &moved})
	if err != nil {
		return err
	}
	p.printf("Ada moved crm_base_url to %s: %d instance(s) take it\n", base.Value, len(base.UsedBy))
	cfg, err := instances.Resolve(ctx, ours.ID)
	if err != nil {
		return err
	}
	p.printf("the runtime resolves api_url = %s\n", cfg["api_url"])
	got, err := asBob.ConfigVars().Get(ctx, "crm_base_url")
	p.outcome("Bob reads crm_base_url", err)
	if err == nil {
		p.printf("  %s = %s\n", got.Key, got.Value)
	}
	_, err = asBob.ConfigVars().Update(ctx, "crm_base_url", configvar.Patch{Value: &moved})
	p.outcome("Bob changes crm_base_url", err)
	err = asAda.ConfigVars().Delete(ctx, "crm_base_url")
	p.outcome("Ada deletes crm_base_url", err)
	p.outcome("Bob may view the instances' logs", asBob.Authorize(ctx, user.PermViewLogs))
	if _, err := asAda.Marketplace().Deploy(ctx, ours.ID); err != nil {
		return err
	}

	p.section("6. Explicit permissions replace a role's defaults")
	if _, err := asAda.Users().SetAccess(ctx, bob.User.ID, user.Access{Role: marketplace.RoleMember,
		Permissions: []user.Permission{user.PermViewInstances, user.PermDeployInstances}}); err != nil {
		return err
	}
	p.printf("Ada gave Bob view_instances and deploy_instances only; his open handle follows at once\n")
	dep, err := asBob.Marketplace().Deploy(ctx, ours.ID)
	p.outcome("Bob deploys Acme CRM", err)
	if err == nil {
		p.printf("  %s: state %s, deploys %d\n", dep.Name, dep.State, dep.DeployCount)
	}
	_, err = asBob.Marketplace().Configure(ctx, ours.ID, map[string]string{"api_url": "https://crm2.acme.example"})
	p.outcome("Bob configures Acme CRM", err)
	_, err = asBob.Users().List(ctx, nil, customerkit.Cursor{})
	p.outcome("Bob lists members", err)

	p.section("7. Acme is suspended: its users read and use, and create nothing")
	if _, err := customers.SetStatus(ctx, acme.ULID, customer.StatusSuspended); err != nil {
		return err
	}
	page, err := asBob.Marketplace().Instances(ctx, nil, customerkit.Cursor{})
	p.outcome(fmt.Sprintf("Bob lists instances (%d)", len(page.Items)), err)
	_, err = asAda.Marketplace().Pause(ctx, ours.ID)
	p.outcome("Ada pauses Acme CRM", err)
	_, err = asAda.Attachments().Upload(ctx, bytes.NewReader([]byte("Minutes")), "minutes.txt", "")
	p.outcome("Ada uploads minutes.txt", err)
	_, err = asAda.Users().Invite(ctx, user.InviteInput{Email: "carol@acme.example", Role: marketplace.RoleMember, Activation: user.ActivationDisplayLink})
	p.outcome("Ada invites Carol", err)
	if _, err := customers.SetStatus(ctx, acme.ULID, customer.StatusInactive); err != nil {
		return err
	}
	_, err = asAda.Attachments().List(ctx, nil, customerkit.Cursor{})
	p.outcome("inactive: Ada lists attachments", err)
	_, err = gate.Open(ctx, acme.ULID, ada.User.ID)
	p.outcome("inactive: Ada opens Acme's portal", err)
	if _, err := customers.SetStatus(ctx, acme.ULID, customer.StatusActive); err != nil {
		return err
	}

	p.section("8. Ada removes Bob: his open handle stops working")
	if err := asAda.Users().Remove(ctx, bob.User.ID); err != nil {
		return err
	}
	_, err = asBob.Marketplace().View(ctx)
	p.outcome("Bob views the marketplace", err)
	return p.err
}

// printer writes the transcript and keeps the first write error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) section(title string) {
	p.printf("\n== %s\n", title)
}

// view prints what the handle's user sees of its customer.
func (p *printer) view(ctx context.Context, h *portal.Handle) error {
	var emails []string
	for m, err := range h.Users().All(ctx, nil) {
		if err != nil {
			return err
		}
		e := m.User.Email + " (" + string(m.Membership.Role)
		if m.Membership.Owner {
			e += ", owner"
		}
		emails = append(emails, e+")")
	}
	p.printf("  members: %s\n", strings.Join(emails, ", "))
	v, err := h.Marketplace().View(ctx)
	if err != nil {
		return err
	}
	for _, l := range v.Listings {
		p.printf("  listing %s v%d: state %s, %s\n", l.Name, l.Version, l.State, deployability(l.Deployability))
		for _, i := range l.Instances {
			p.printf("    instance %q %s\n", i.Name, i.State)
		}
	}
	var names []string
	for a, err := range h.Attachments().All(ctx, nil) {
		if err != nil {
			return err
		}
		names = append(names, a.Name)
	}
	p.printf("  attachments: %s\n", strings.Join(names, ", "))
	return nil
}

func deployability(d marketplace.Deployability) string {
	if d.Deployable {
		return "deployable"
	}
	var rs []string
	for _, pr := range d.Problems {
		rs = append(rs, string(pr.Reason))
	}
	return "not deployable: " + strings.Join(rs, ", ")
}

func (p *printer) outcome(what string, err error) {
	p.printf("%s: %s\n", what, errText(err))
}

// errText names the sentinel an error matches, and its message.
func errText(err error) string {
	if err == nil {
		return "ok"
	}
	for _, s := range []error{customerkit.ErrInvalid, customerkit.ErrNotFound, customerkit.ErrFailedPrecondition,
		customerkit.ErrPermissionDenied, customerkit.ErrConflict, customerkit.ErrAlreadyExists} {
		if errors.Is(err, s) {
			return strings.TrimPrefix(s.Error(), "customerkit: ") + " — " + err.Error()
		}
	}
	return err.Error()
}
