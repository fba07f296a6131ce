package portal_test

import (
	"bytes"
	"crypto/sha256"
	"image"
	"image/color"
	"image/png"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

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

// The acting users of each customer, by the name the tests use.
const (
	owner        = "owner"
	admin        = "admin"
	member       = "member"
	mpAdmin      = "marketplace_admin"
	mpUser       = "marketplace_user"
	explicitUp   = "explicit_up"   // marketplace_user with permissions beyond its role's
	explicitDown = "explicit_down" // admin with fewer permissions than its role's
)

// actors lists every acting user, in table order.
var actors = []string{owner, admin, member, mpAdmin, mpUser, explicitUp, explicitDown}

// access gives each acting user (but the owner) its access.
var access = map[string]user.Access{
	admin:   {Role: marketplace.RoleAdmin},
	member:  {Role: marketplace.RoleMember},
	mpAdmin: {Role: marketplace.RoleMarketplaceAdmin},
	mpUser:  {Role: marketplace.RoleMarketplaceUser},
	explicitUp: {Role: marketplace.RoleMarketplaceUser, Permissions: []user.Permission{
		user.PermViewInstances, user.PermConfigureInstances, user.PermDeployInstances, user.PermManageAttachments,
	}},
	explicitDown: {Role: marketplace.RoleAdmin, Permissions: []user.Permission{user.PermViewUsers, user.PermViewInstances}},
}

// clock is a NowFunc that moves one second per call.
type clock struct{ n atomic.Int64 }

func (c *clock) Now() time.Time {
	return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC).Add(time.Duration(c.n.Add(1)) * time.Second)
}

// world is the organization's services over one memstore, the portal,
// and two customers (a, b) with the same cast and records.
type world struct {
	store     *memstore.Store
	customers *customer.Service
	users     *user.Service
	market    *marketplace.Service
	instances *instance.Service
	creds     *credential.Service
	files     *attachment.Service
	vars      *configvar.Service
	portal    *portal.Portal

	crm     *marketplace.Integration // listed for every customer, several instances allowed; v1 and v2
	orgCred ulid.ULID                // an organization-wide credential
	a, b    *tenant
}

// tenant is one customer and its records.
type tenant struct {
	c          *customer.Customer
	members    map[string]*user.Member // actors, and "target" (a member to act on)
	invitation ulid.ULID               // pending
	exclusive  ulid.ULID               // an integration listed for this customer only
	instance   ulid.ULID               // of crm, at v1, deployed
	credential ulid.ULID
	attachment *attachment.Attachment
	// configVar is a config variable only this customer has (its key is
	// the customer's domain + "_only"); both also have "base_url" and
	// "spare", used by no instance.
	configVar string
}

// id returns the user ID of member name.
func (tn *tenant) id(name string) ulid.ULID { return tn.members[name].User.ID }

func newWorld(t testing.TB) *world {
	t.Helper()
	ctx := t.Context()
	c := &clock{}
	w := &world{store: memstore.New()}
	w.customers = customer.NewService(w.store, &customer.Options{NowFunc: c.Now})
	w.users = user.NewService(w.store, w.customers, &user.Options{NowFunc: c.Now})
	w.market = marketplace.NewService(w.store, &marketplace.Options{NowFunc: c.Now})
	w.instances = instance.NewService(w.store, &instance.Options{NowFunc: c.Now})
	sum := sha256.Sum256([]byte("portal test key"))
	ring, err := credential.NewKeyRing(credential.Key{ID: "k1", Secret: sum[:]})
	require.NoError(t, err)
	w.creds = credential.NewService(w.store, ring, &credential.Options{NowFunc: c.Now})
	w.files = attachment.NewService(w.store, &attachment.Options{NowFunc: c.Now, Logo: attachment.LogoOptions{Size: 8}}) // small logos: fast tests
	w.vars = configvar.NewService(w.store, &configvar.Options{NowFunc: c.Now})
	w.portal, err = portal.New(portal.Services{Customers: w.customers, Users: w.users, Instances: w.instances,
		Credentials: w.creds, Attachments: w.files, ConfigVars: w.vars}, nil)
	require.NoError(t, err)

	w.crm = w.integration(t, "Acme CRM", nil, crmV1(), crmV2())
	org, err := w.creds.Create(ctx, credential.Input{Name: "Shared key", Method: credential.MethodAPIKey,
		Values: credential.Values{"api_key": "org-secret-0000"}})
	require.NoError(t, err)
	w.orgCred = org.ID
	w.a = w.tenant(t, "Acme", "acme")
	w.b = w.tenant(t, "Globex", "globex")
	return w
}

func crmV1() []marketplace.ConfigVar {
	return []marketplace.ConfigVar{
		{Key: "api_url", Label: "API URL", Type: marketplace.TypeString, Visibility: marketplace.VisibilityCustomer},
	}
}

func crmV2() []marketplace.ConfigVar {
	def := "100"
	return append(crmV1(), marketplace.ConfigVar{Key: "batch", Type: marketplace.TypeNumber, Default: &def,
		Visibility: marketplace.VisibilityCustomer, Optional: true})
}

// integration creates and lists an integration (for the customers
// allowed, or every customer), several instances allowed.
func (w *world) integration(t testing.TB, name string, allowed []ulid.ULID, versions ...[]marketplace.ConfigVar) *marketplace.Integration {
	t.Helper()
	ctx := t.Context()
	in, err := w.market.CreateIntegration(ctx, &marketplace.Integration{Name: name, Category: "CRM"})
	require.NoError(t, err)
	for _, vars := range versions {
		_, err := w.market.PublishVersion(ctx, in.ID, "", vars)
		require.NoError(t, err)
	}
	_, err = w.market.PutListing(ctx, &marketplace.Listing{
		IntegrationID: in.ID, Availability: marketplace.AvailableDeployable, AllowMultiple: true, AllowedCustomers: allowed,
	}, 0)
	require.NoError(t, err)
	return in
}

// tenant creates a customer with the whole cast and one record of each
// kind.
func (w *world) tenant(t testing.TB, company, domain string) *tenant {
	t.Helper()
	ctx := t.Context()
	c, own, err := w.users.CreateCustomer(ctx, &customer.Customer{
		Type: customer.TypeBusiness, CompanyName: company, FirstName: "Olive", LastName: "Owner",
		Email: "owner@" + domain + ".example", Country: "GB", Currency: "GBP",
	})
	require.NoError(t, err)
	tn := &tenant{c: c, members: map[string]*user.Member{owner: own}}
	for _, name := range append(actors[1:], "target") {
		a, ok := access[name]
		if !ok {
			a = user.Access{Role: marketplace.RoleMember}
		}
		tn.members[name] = w.addMember(t, c, name+"@"+domain+".example", a)
	}
	inv, err := w.users.Invite(ctx, c.ULID, user.InviteInput{Email: "invitee@" + domain + ".example",
		Role: marketplace.RoleMember, Activation: user.ActivationDisplayLink})
	require.NoError(t, err)
	tn.invitation = inv.Invitation.ID
	tn.exclusive = w.integration(t, company+" only", []ulid.ULID{c.ULID}, crmV1()).ID

	inst, err := w.instances.Create(ctx, instance.CreateInput{CustomerID: c.ULID, IntegrationID: w.crm.ID,
		VersionNumber: 1, Values: map[string]string{"api_url": "https://crm." + domain + ".example"}})
	require.NoError(t, err)
	_, err = w.instances.Deploy(ctx, inst.ID)
	require.NoError(t, err)
	tn.instance = inst.ID

	cred, err := w.creds.Create(ctx, credential.Input{CustomerID: c.ULID, Name: company + " key",
		Method: credential.MethodAPIKey, Values: credential.Values{"api_key": domain + "-secret-1234"}})
	require.NoError(t, err)
	tn.credential = cred.ID

	tn.configVar = domain + "_only"
	for _, in := range []configvar.Input{
		{Key: "base_url", Value: "https://crm." + domain + ".example"},
		{Key: "spare", Kind: configvar.KindJSON, Value: `{"spare": true}`},
		{Key: tn.configVar, Value: company + "'s own"},
	} {
		_, err = w.vars.Create(ctx, c.ULID, in)
		require.NoError(t, err)
	}

	tn.attachment, err = w.files.Upload(ctx, c.ULID, strings.NewReader(company+" contract"), "contract.txt", "text/plain")
	require.NoError(t, err)
	_, err = w.files.SetLogo(ctx, c.ULID, bytes.NewReader(logoPNG(t)))
	require.NoError(t, err)
	return tn
}

// addMember creates a user with email and makes it a member of c.
func (w *world) addMember(t testing.TB, c *customer.Customer, email string, a user.Access) *user.Member {
	t.Helper()
	u, err := w.users.CreateUser(t.Context(), &user.User{Email: email, Name: strings.SplitN(email, "@", 2)[0]})
	require.NoError(t, err)
	m, err := w.users.AddMember(t.Context(), c.ULID, u.ID, a)
	require.NoError(t, err)
	return m
}

// open opens the handle of tn's member name.
func (w *world) open(t testing.TB, tn *tenant, name string) *portal.Handle {
	t.Helper()
	h, err := w.portal.Open(t.Context(), tn.c.ULID, tn.id(name))
	require.NoError(t, err)
	return h
}

// setStatus moves customer tn to status s.
func (w *world) setStatus(t testing.TB, tn *tenant, s customer.Status) {
	t.Helper()
	_, err := w.customers.SetStatus(t.Context(), tn.c.ULID, s)
	require.NoError(t, err)
}

// logoPNG returns a small PNG.
func logoPNG(t testing.TB) []byte {
	t.Helper()
	b, err := smallPNG()
	require.NoError(t, err)
	return b
}

var smallPNG = sync.OnceValues(func() ([]byte, error) {
	m := image.NewNRGBA(image.Rect(0, 0, 4, 2))
	for x := range 4 {
		for y := range 2 {
			m.SetNRGBA(x, y, color.NRGBA{uint8(60 * x), 0, 200, 255})
		}
	}
	var b bytes.Buffer
	err := png.Encode(&b, m)
	return b.Bytes(), err
})

// sentinels are the six shared errors.
var sentinels = []error{
	customerkit.ErrNotFound, customerkit.ErrAlreadyExists, customerkit.ErrConflict,
	customerkit.ErrInvalid, customerkit.ErrFailedPrecondition, customerkit.ErrPermissionDenied,
}

// requireOutcome asserts that err is nil when want is, and otherwise
// matches want and no other sentinel.
func requireOutcome(t testing.TB, err, want error, msgAndArgs ...any) {
	t.Helper()
	if want == nil {
		require.NoError(t, err, msgAndArgs...)
		return
	}
	require.ErrorIs(t, err, want, msgAndArgs...)
	for _, s := range sentinels {
		if s != want {
			require.NotErrorIs(t, err, s, msgAndArgs...)
		}
	}
}
