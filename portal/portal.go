package portal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/credential"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/attachment"
	"github.com/customerkit/customerkit/customer/configvar"
	"github.com/customerkit/customerkit/instance"
	"github.com/customerkit/customerkit/user"
)

// Options configures a Portal. A nil *Options, and every zero field,
// means the default.
type Options struct {
	// Logger receives a debug record for every refused call (customer,
	// user, action, sentinel); default: discard. No record carries a
	// value the call was given.
	Logger *slog.Logger
}

// Services are the organization's services a Portal delegates to. Every
// one is required, and all must be built over the same storage.
type Services struct {
	Customers   *customer.Service
	Users       *user.Service
	Instances   *instance.Service
	Credentials *credential.Service
	Attachments *attachment.Service
	ConfigVars  *configvar.Service
}

// Portal opens customer-scoped handles over the organization's services.
// It holds the unscoped services, which organization code keeps using
// directly; customer-facing code receives only Handles. A Portal is safe
// for concurrent use.
type Portal struct {
	customers   *customer.Service
	users       *user.Service
	instances   *instance.Service
	credentials *credential.Service
	attachments *attachment.Service
	configVars  *configvar.Service
	log         *slog.Logger
}

// New returns a Portal over the organization's services. opts may be nil.
// A service left nil is a *customerkit.ValidationError naming it.
func New(s Services, opts *Options) (*Portal, error) {
	ve := &customerkit.ValidationError{Subject: "portal services"}
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"customers", s.Customers != nil}, {"users", s.Users != nil}, {"instances", s.Instances != nil},
		{"credentials", s.Credentials != nil}, {"attachments", s.Attachments != nil}, {"config_vars", s.ConfigVars != nil},
	} {
		if !f.set {
			ve.Add(f.name, customerkit.CodeRequired, "a portal delegates to every service")
		}
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	p := &Portal{
		customers: s.Customers, users: s.Users, instances: s.Instances,
		credentials: s.Credentials, attachments: s.Attachments, configVars: s.ConfigVars,
	}
	if opts != nil {
		p.log = opts.Logger
	}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	return p, nil
}

// Open returns the handle of user userID acting in customer customerID.
// It reads the user, its membership and the customer: when the user is
// not a member of the customer, or either does not exist, the customer
// is invisible to it (ErrNotFound, the same error whichever is missing);
// when the customer's status forbids access to the platform (inactive,
// terminated), ErrFailedPrecondition.
//
// A handle is cheap and may be kept (for a session, say): every call
// reads the membership and the customer again, so a removed member's
// handle stops working and a changed role takes effect at once.
func (p *Portal) Open(ctx context.Context, customerID, userID ulid.ULID) (*Handle, error) {
	h := &Handle{p: p, customerID: customerID, userID: userID}
	m, c, err := h.current(ctx)
	if err != nil {
		return nil, err
	}
	if !c.Status.CanAccess() {
		return nil, h.refuse(ctx, "open the portal", statusError(c, "use the portal"))
	}
	u, err := p.users.GetUser(ctx, userID)
	if err != nil {
		if errors.Is(err, customerkit.ErrNotFound) {
			return nil, h.invisible()
		}
		return nil, err
	}
	h.user, h.membership = u, m
	h.users.h, h.market.h, h.creds.h, h.files.h, h.vars.h = h, h, h, h, h
	return h, nil
}

// Handle is one customer's user acting in that customer: the only way
// customer-facing code reaches the customer's data. Its operations come
// in five groups, each bound to the handle's customer:
//
//	h.Users()        the customer's members and invitations
//	h.Marketplace()  the customer's marketplace and instances
//	h.Credentials()  the customer's credentials (write-only secrets)
//	h.Attachments()  the customer's attachments and logo
//	h.ConfigVars()   the customer's config variables
//
// Another customer's records are ErrNotFound through a handle (invisible,
// not merely forbidden); its own customer's, beyond what the membership
// allows, ErrPermissionDenied. See the package documentation for the
// permission each operation needs and the status rules. A Handle is safe
// for concurrent use.
type Handle struct {
	p          *Portal
	customerID ulid.ULID
	userID     ulid.ULID
	user       *user.User       // as Open read it
	membership *user.Membership // as Open read it

	users  Users
	market Marketplace
	creds  Credentials
	files  Attachments
	vars   ConfigVars
}

// CustomerID returns the customer the handle is bound to.
func (h *Handle) CustomerID() ulid.ULID { return h.customerID }

// UserID returns the acting user.
func (h *Handle) UserID() ulid.ULID { return h.userID }

// User returns a copy of the acting user (without its password hash), as
// Open read it.
func (h *Handle) User() *user.User { return h.user.Clone() }

// Membership returns a copy of the acting user's membership of the
// customer, as Open read it. The handle's checks do not use this copy:
// each call reads the membership again.
func (h *Handle) Membership() *user.Membership { return h.membership.Clone() }

// Users returns the operations on the customer's members and invitations.
func (h *Handle) Users() *Users { return &h.users }

// Marketplace returns the operations on the customer's marketplace and
// instances.
func (h *Handle) Marketplace() *Marketplace { return &h.market }

// Credentials returns the operations on the customer's credentials.
func (h *Handle) Credentials() *Credentials { return &h.creds }

// Attachments returns the operations on the customer's attachments and
// logo.
func (h *Handle) Attachments() *Attachments { return &h.files }

// ConfigVars returns the operations on the customer's config variables.
func (h *Handle) ConfigVars() *ConfigVars { return &h.vars }

// Authorize checks, as every operation of the handle does, that the
// acting user is still a member of the customer (ErrNotFound otherwise),
// that its membership holds permission p (ErrPermissionDenied) and that
// the customer may access the platform (ErrFailedPrecondition): it is
// how a host guards what the library does not hold by the same rules.
// The instances' logs, for one, live in the host's runtime: a log viewer
// calls h.Authorize(ctx, user.PermViewLogs) before it shows them. An
// unknown permission is ErrPermissionDenied.
func (h *Handle) Authorize(ctx context.Context, p user.Permission) error {
	action := "use " + string(p)
	if !p.Valid() {
		return h.refuse(ctx, action, permissionError(action, p))
	}
	_, err := h.check(ctx, action, read, p)
	return err
}

// actor returns the user.Actor of the handle.
func (h *Handle) actor() user.Actor { return user.Actor{CustomerID: h.customerID, UserID: h.userID} }

// kind is what an operation does, for the customer's status rules.
type kind int

const (
	// read needs access to the platform (active, suspended).
	read kind = iota
	// use changes or uses what exists (active, suspended).
	use
	// create creates or allocates something new (active only).
	create
)

// allows reports whether status s allows an operation of kind k.
func (k kind) allows(s customer.Status) bool {
	switch k {
	case read:
		return s.CanAccess()
	case use:
		return s.CanUseExisting()
	}
	return s.CanCreate()
}

// current reads the acting user's membership and the customer as they
// are now. A missing membership or customer is the same ErrNotFound: the
// customer is invisible to a user who is not (or no longer) its member.
func (h *Handle) current(ctx context.Context) (*user.Membership, *customer.Customer, error) {
	if h.customerID.IsZero() || h.userID.IsZero() {
		return nil, nil, h.invisible()
	}
	m, err := h.p.users.Membership(ctx, h.customerID, h.userID)
	if err != nil {
		if errors.Is(err, customerkit.ErrNotFound) {
			return nil, nil, h.refuse(ctx, "act", h.invisible())
		}
		return nil, nil, err
	}
	c, err := h.p.customers.Get(ctx, h.customerID)
	if err != nil {
		if errors.Is(err, customerkit.ErrNotFound) {
			return nil, nil, h.refuse(ctx, "act", h.invisible())
		}
		return nil, nil, err
	}
	return m, c, nil
}

// check is the gate of every operation. It reads the membership and the
// customer again (current), then checks, in this order: that the
// membership holds one of anyOf (none: any member may;
// ErrPermissionDenied), and that the customer's status allows an
// operation of kind k (ErrFailedPrecondition). It returns the membership
// it checked.
func (h *Handle) check(ctx context.Context, action string, k kind, anyOf ...user.Permission) (*user.Membership, error) {
	m, c, err := h.current(ctx)
	if err != nil {
		return nil, err
	}
	if !can(m, anyOf...) {
		return nil, h.refuse(ctx, action, permissionError(action, anyOf...))
	}
	if !k.allows(c.Status) {
		return nil, h.refuse(ctx, action, statusError(c, action))
	}
	return m, nil
}

// can reports whether m holds one of anyOf, or any member may (anyOf
// empty).
func can(m *user.Membership, anyOf ...user.Permission) bool {
	if len(anyOf) == 0 {
		return true
	}
	for _, p := range anyOf {
		if m.Can(p) {
			return true
		}
	}
	return false
}

// refuse logs a refused call and returns err.
func (h *Handle) refuse(ctx context.Context, action string, err error) error {
	h.p.log.DebugContext(ctx, "portal: refused",
		slog.String("customer", h.customerID.String()), slog.String("user", h.userID.String()),
		slog.String("action", action), slog.String("error", err.Error()))
	return err
}

// invisible is the error of a customer the acting user does not see.
func (h *Handle) invisible() error {
	return fmt.Errorf("portal: customer %s: %w", h.customerID, customerkit.ErrNotFound)
}

// permissionError is the error of an action the membership does not
// allow.
func permissionError(action string, anyOf ...user.Permission) error {
	names := make([]string, len(anyOf))
	for i, p := range anyOf {
		names[i] = string(p)
	}
	return fmt.Errorf("portal: the acting user may not %s (needs %s): %w", action, strings.Join(names, " or "), customerkit.ErrPermissionDenied)
}

// statusError is the error of an action the customer's status forbids.
func statusError(c *customer.Customer, action string) error {
	return fmt.Errorf("portal: customer %s is %s: its users cannot %s: %w", c.ULID, c.Status, action, customerkit.ErrFailedPrecondition)
}

// ownerOnly is the error of an action only the owner may take.
func ownerOnly(action string) error {
	return fmt.Errorf("portal: only the owner may %s: %w", action, customerkit.ErrPermissionDenied)
}
