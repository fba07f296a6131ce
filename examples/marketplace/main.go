// Command marketplace shows the integration marketplace end to end: the
// organization publishes two integrations (one needs a value only the
// organization can give and has none, so customers must "contact us"),
// and a customer browses its marketplace, activates an integration,
// reconfigures it, is offered an upgrade and takes it, pauses it and
// deactivates it. Every step prints the customer's view.
//
//	go run ./examples/marketplace
//
// It runs on the in-memory store.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/instance"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/storage/memstore"
)

func main() {
	if err := run(context.Background(), os.Stdout, memstore.New()); err != nil {
		fmt.Fprintln(os.Stderr, "marketplace:", err)
		os.Exit(1)
	}
}

// Store is what the example needs: one adapter for every service.
type Store interface {
	customer.Store
	marketplace.Store
	instance.Store
}

func def(s string) *string { return &s }

// run writes the transcript to w, using store. The clock and the random
// source are fixed, so the transcript is the same on every run.
func run(ctx context.Context, w io.Writer, store Store) error {
	clock := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	now := func() time.Time { clock = clock.Add(time.Minute); return clock }
	rnd := rand.NewChaCha8([32]byte{'m', 'a', 'r', 'k', 'e', 't'})
	newID := func() ulid.ULID { return ulid.MustNew(ulid.Timestamp(clock), rnd) }
	customers := customer.NewService(store, &customer.Options{NowFunc: now, RandReader: rnd, NewIDFunc: newID})
	market := marketplace.NewService(store, &marketplace.Options{NowFunc: now, NewIDFunc: newID})
	instances := instance.NewService(store, &instance.Options{NowFunc: now, NewIDFunc: newID})
	p := &printer{w: w}

	p.section("1. The organization publishes two integrations")
	crm, err := market.CreateIntegration(ctx, &marketplace.Integration{
		Name: "Acme CRM", Description: "Syncs contacts and deals", Category: "CRM", Labels: []string{"sync"},
	})
	if err != nil {
		return err
	}
	crmV1 := []marketplace.ConfigVar{
		{Key: "api_url", Label: "API URL", Type: marketplace.TypeString, Visibility: marketplace.VisibilityCustomer},
		{Key: "sync_mode", Label: "Sync mode", Type: marketplace.TypePicklist, Options: []string{"full", "incremental"}, Default: def("full"), Visibility: marketplace.VisibilityCustomer},
		{Key: "batch_size", Label: "Batch size", Type: marketplace.TypeNumber, Default: def("100"), Visibility: marketplace.VisibilityCustomer, Optional: true},
		{Key: "region", Type: marketplace.TypeString, Default: def("eu-central-1"), Visibility: marketplace.VisibilityOrganization},
		{Key: "tenant", Type: marketplace.TypeString, Visibility: marketplace.VisibilityEmbedded},
	}
	if _, err := market.PublishVersion(ctx, crm.ID, "first release", crmV1); err != nil {
		return err
	}
	if _, err := market.PutListing(ctx, &marketplace.Listing{
		IntegrationID: crm.ID, Availability: marketplace.AvailableDeployable,
		Overview:  "Keep **contacts** and deals in step.",
		OrgValues: map[string]string{"tenant": "acme-prod-7731"},
	}, 0); err != nil {
		return err
	}
	p.printf("published %s v1 and listed it as available_deployable\n", crm.Name)

	erp, err := market.CreateIntegration(ctx, &marketplace.Integration{Name: "Ledger ERP", Description: "Posts invoices to the ledger", Category: "ERP"})
	if err != nil {
		return err
	}
	if _, err := market.PublishVersion(ctx, erp.ID, "first release", []marketplace.ConfigVar{
		{Key: "company_code", Label: "Company code", Type: marketplace.TypeString, Visibility: marketplace.VisibilityCustomer},
		{Key: "license_key", Type: marketplace.TypeString, Visibility: marketplace.VisibilityOrganization}, // no default, no value
	}); err != nil {
		return err
	}
	if _, err := market.PutListing(ctx, &marketplace.Listing{IntegrationID: erp.ID, Availability: marketplace.AvailableNotDeployable, Overview: "Talk to us first."}, 0); err != nil {
		return err
	}
	p.printf("published %s v1 and listed it as available_not_deployable (its license_key is the organization's to set)\n", erp.Name)

	p.section("2. A customer browses its marketplace")
	acme, err := customers.Create(ctx, &customer.Customer{
		Type: customer.TypeBusiness, CompanyName: "Müller & Söhne GmbH", FirstName: "Jana", LastName: "Müller",
		Email: "jana@mueller-soehne.example", Country: "DE", Currency: "EUR",
	})
	if err != nil {
		return err
	}
	admin := instances.Marketplace(acme.ULID, marketplace.RoleMarketplaceAdmin)
	if err := p.view(ctx, admin); err != nil {
		return err
	}

	p.section("3. A marketplace_user may look but not activate")
	_, err = instances.Marketplace(acme.ULID, marketplace.RoleMarketplaceUser).Activate(ctx, crm.ID, instance.ActivateInput{})
	p.outcome("activate as marketplace_user", err)
	_, err = admin.Activate(ctx, erp.ID, instance.ActivateInput{Values: map[string]string{"company_code": "MS01"}})
	p.outcome("activate Ledger ERP", err)
	_, err = admin.Activate(ctx, crm.ID, instance.ActivateInput{Values: map[string]string{"api_url": "https://crm.mueller.example", "region": "us-east-1"}})
	p.outcome("activate Acme CRM setting the organization's region", err)

	p.section("4. The marketplace_admin activates Acme CRM")
	inst, err := admin.Activate(ctx, crm.ID, instance.ActivateInput{Values: map[string]string{"api_url": "https://crm.mueller.example"}})
	if err != nil {
		return err
	}
	p.instance(inst)
	_, err = admin.Activate(ctx, crm.ID, instance.ActivateInput{Name: "second"})
	p.outcome("activate Acme CRM again", err)
	if err := p.view(ctx, admin); err != nil {
		return err
	}

	p.section("5. The customer reconfigures (partial update), then deploys")
	if inst, err = admin.Configure(ctx, inst.ID, map[string]string{"sync_mode": "incremental", "batch_size": "2.5e2"}); err != nil {
		return err
	}
	p.instance(inst)
	_, err = admin.Configure(ctx, inst.ID, map[string]string{"batch_size": "lots", "sync_mode": "hourly"})
	p.outcome("configure with bad values", err)
	if inst, err = admin.Deploy(ctx, inst.ID); err != nil {
		return err
	}
	p.instance(inst)

	p.section("6. The organization publishes v2; the customer is offered an upgrade")
	crmV2 := append(slices.Clone(crmV1), marketplace.ConfigVar{
		Key: "webhook_url", Label: "Webhook URL", Type: marketplace.TypeString, Visibility: marketplace.VisibilityCustomer,
	})
	if _, err := market.PublishVersion(ctx, crm.ID, "webhooks", crmV2); err != nil {
		return err
	}
	if err := p.view(ctx, admin); err != nil {
		return err
	}

	p.section("7. The customer upgrades: the new required variable leaves it unconfigured")
	if inst, err = admin.Upgrade(ctx, inst.ID, nil); err != nil {
		return err
	}
	p.instance(inst)
	_, err = admin.Deploy(ctx, inst.ID)
	p.outcome("deploy", err)
	if inst, err = admin.Configure(ctx, inst.ID, map[string]string{"webhook_url": "https://hooks.mueller.example/crm"}); err != nil {
		return err
	}
	p.instance(inst)
	if inst, err = admin.Deploy(ctx, inst.ID); err != nil {
		return err
	}
	p.instance(inst)
	if err := p.view(ctx, admin); err != nil {
		return err
	}

	p.section("8. The customer pauses it")
	if inst, err = admin.Pause(ctx, inst.ID); err != nil {
		return err
	}
	p.instance(inst)
	if err := p.view(ctx, admin); err != nil {
		return err
	}

	p.section("9. Suspended: running instances stay, nothing new")
	if _, err := customers.SetStatus(ctx, acme.ULID, customer.StatusSuspended); err != nil {
		return err
	}
	if inst, err = admin.Resume(ctx, inst.ID); err != nil {
		return err
	}
	p.instance(inst)
	_, err = admin.Activate(ctx, erp.ID, instance.ActivateInput{})
	p.outcome("activate while suspended", err)
	if _, err := customers.SetStatus(ctx, acme.ULID, customer.StatusActive); err != nil {
		return err
	}

	p.section("10. The customer deactivates it")
	if err := admin.Deactivate(ctx, inst.ID); err != nil {
		return err
	}
	p.printf("deactivated %s\n", inst.Name)
	if err := p.view(ctx, admin); err != nil {
		return err
	}

	p.section("11. Deleting the customer under the host's refuse policy")
	again, err := admin.Activate(ctx, crm.ID, instance.ActivateInput{Values: map[string]string{
		"api_url": "https://crm.mueller.example", "webhook_url": "https://hooks.mueller.example/crm",
	}})
	if err != nil {
		return err
	}
	p.printf("activated %s again\n", again.Name)
	if _, err := customers.SetStatus(ctx, acme.ULID, customer.StatusTerminated); err != nil {
		return err
	}
	strict := customer.NewService(store, &customer.Options{NowFunc: now, RandReader: rnd, NewIDFunc: newID, DeletePolicy: customer.DeleteRefuse})
	p.outcome("delete the terminated customer", strict.Delete(ctx, acme.ULID))
	if err := instances.Delete(ctx, again.ID); err != nil {
		return err
	}
	p.printf("the organization deleted %s\n", again.Name)
	p.outcome("delete the terminated customer", strict.Delete(ctx, acme.ULID))
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

func (p *printer) view(ctx context.Context, h *instance.Marketplace) error {
	v, err := h.View(ctx)
	if err != nil {
		return err
	}
	p.printf("marketplace view (role %s):\n", v.Role)
	for _, l := range v.Listings {
		p.printf("  %-10s v%d  %-24s state=%-12s count=%-8s update=%-5t %s\n",
			l.Name, l.Version, l.Availability, l.State, l.Count, l.UpdateAvailable, deployability(l.Deployability))
		var vars []string
		for _, cv := range l.ConfigVars {
			s := cv.Key + " (" + string(cv.Type)
			switch {
			case cv.Default != nil:
				s += ", default " + *cv.Default
			case !cv.Optional:
				s += ", required"
			}
			vars = append(vars, s+")")
		}
		p.printf("      variables: %s\n", strings.Join(vars, ", "))
		for _, i := range l.Instances {
			p.printf("      instance %q v%d %s\n", i.Name, i.VersionNumber, i.State)
		}
	}
	return nil
}

func deployability(d marketplace.Deployability) string {
	if d.Deployable {
		return "deployable"
	}
	var rs []string
	for _, pr := range d.Problems {
		if pr.Reason == marketplace.ReasonContactUs {
			rs = append(rs, "contact us")
			continue
		}
		rs = append(rs, string(pr.Reason))
	}
	return "not deployable: " + strings.Join(rs, ", ")
}

func (p *printer) instance(i *instance.InstanceView) {
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range i.Values {
			if !yield(k) {
				return
			}
		}
	})
	var vals []string
	for _, k := range keys {
		vals = append(vals, k+"="+i.Values[k])
	}
	p.printf("instance %q v%d state=%s deploys=%d values: %s\n", i.Name, i.VersionNumber, i.State, i.DeployCount, strings.Join(vals, " "))
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
