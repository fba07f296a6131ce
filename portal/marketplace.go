package portal

import (
	"context"
	"iter"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/instance"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/user"
)

// Marketplace are the operations of a Handle on its customer's
// marketplace and instances, delegated to instance.Marketplace, which
// checks the customer's status inside the store's transaction for
// writes. Another customer's instance, and an integration the customer
// does not see, are ErrNotFound. Views carry customer variables only:
// never an organization or embedded variable, value or default.
//
// instance.Marketplace decides by role; the handle decides by the
// membership's permissions (an explicit list replaces the role's
// defaults), checks them itself, and then hands instance.Marketplace a
// role that allows what the permissions allow (see marketRole).
type Marketplace struct{ h *Handle }

// marketRole returns the role to view the marketplace with for m: m's
// role when it agrees with m's configure_instances permission about
// activating, else marketplace_admin (m may activate though its role may
// not) or marketplace_user (m may not though its role may). So a view's
// deployability says "role" exactly when m may not activate.
func marketRole(m *user.Membership) marketplace.Role {
	mayActivate := m.Can(user.PermConfigureInstances)
	switch {
	case mayActivate == m.Role.CanActivate():
		return m.Role
	case mayActivate:
		return marketplace.RoleMarketplaceAdmin
	}
	return marketplace.RoleMarketplaceUser
}

// writeRole returns the role to change instances with, once the handle
// checked m's permission for the change: m's role when it may configure,
// else marketplace_admin.
func writeRole(m *user.Membership) marketplace.Role {
	if m.Role.CanConfigure() {
		return m.Role
	}
	return marketplace.RoleMarketplaceAdmin
}

// scope checks the handle and returns the instance handle to delegate to.
func (mk *Marketplace) scope(ctx context.Context, action string, k kind, need user.Permission, role func(*user.Membership) marketplace.Role) (*instance.Marketplace, error) {
	h := mk.h
	m, err := h.check(ctx, action, k, need)
	if err != nil {
		return nil, err
	}
	return h.p.instances.Marketplace(h.customerID, role(m)), nil
}

// View returns the customer's marketplace: every listing it sees with its
// deployability for the acting user, and the customer's instances of each
// (see instance.Marketplace.View). The view's Role is the membership's
// role. Needs view_instances.
func (mk *Marketplace) View(ctx context.Context) (*instance.View, error) {
	h := mk.h
	m, err := h.check(ctx, "view the marketplace", read, user.PermViewInstances)
	if err != nil {
		return nil, err
	}
	v, err := h.p.instances.Marketplace(h.customerID, marketRole(m)).View(ctx)
	if err != nil {
		return nil, err
	}
	v.Role = m.Role
	return v, nil
}

// Instance returns the customer's instance id. Needs view_instances.
func (mk *Marketplace) Instance(ctx context.Context, id ulid.ULID) (*instance.InstanceView, error) {
	s, err := mk.scope(ctx, "view instances", read, user.PermViewInstances, marketRole)
	if err != nil {
		return nil, err
	}
	return s.Instance(ctx, id)
}

// Instances returns one page of the customer's instances q selects, in
// ID order; q.CustomerID is ignored and q may be nil. Needs
// view_instances.
func (mk *Marketplace) Instances(ctx context.Context, q *instance.Query, after customerkit.Cursor) (customerkit.Page[instance.InstanceView], error) {
	s, err := mk.scope(ctx, "view instances", read, user.PermViewInstances, marketRole)
	if err != nil {
		return customerkit.Page[instance.InstanceView]{}, err
	}
	return s.Instances(ctx, q, after)
}

// All iterates over every instance of the customer q selects, page by
// page, checking the handle before each page.
func (mk *Marketplace) All(ctx context.Context, q *instance.Query) iter.Seq2[*instance.InstanceView, error] {
	return customerkit.Iterate(func(after customerkit.Cursor) (customerkit.Page[instance.InstanceView], error) {
		return mk.Instances(ctx, q, after)
	})
}

// Activate creates an instance of integration id for the customer (see
// instance.Marketplace.Activate): needs configure_instances and an active
// customer (activating creates).
func (mk *Marketplace) Activate(ctx context.Context, id ulid.ULID, in instance.ActivateInput) (*instance.InstanceView, error) {
	s, err := mk.scope(ctx, "activate integrations", create, user.PermConfigureInstances, writeRole)
	if err != nil {
		return nil, err
	}
	return s.Activate(ctx, id, in)
}

// Configure sets customer variables of instance id (a partial update).
// Needs configure_instances.
func (mk *Marketplace) Configure(ctx context.Context, id ulid.ULID, values map[string]string) (*instance.InstanceView, error) {
	s, err := mk.scope(ctx, "configure instances", use, user.PermConfigureInstances, writeRole)
	if err != nil {
		return nil, err
	}
	return s.Configure(ctx, id, values)
}

// SetRefs makes customer variables of instance id take their values from
// the customer's config variables (a partial update; "" removes a
// reference; see instance.Marketplace.SetRefs). Needs
// configure_instances.
func (mk *Marketplace) SetRefs(ctx context.Context, id ulid.ULID, refs map[string]string) (*instance.InstanceView, error) {
	s, err := mk.scope(ctx, "configure instances", use, user.PermConfigureInstances, writeRole)
	if err != nil {
		return nil, err
	}
	return s.SetRefs(ctx, id, refs)
}

// Upgrade moves instance id to the version its listing presents, with
// values set on top. Needs configure_instances.
func (mk *Marketplace) Upgrade(ctx context.Context, id ulid.ULID, values map[string]string) (*instance.InstanceView, error) {
	s, err := mk.scope(ctx, "upgrade instances", use, user.PermConfigureInstances, writeRole)
	if err != nil {
		return nil, err
	}
	return s.Upgrade(ctx, id, values)
}

// Deactivate deletes the customer's instance id. Needs
// configure_instances (who may activate may deactivate).
func (mk *Marketplace) Deactivate(ctx context.Context, id ulid.ULID) error {
	s, err := mk.scope(ctx, "deactivate instances", use, user.PermConfigureInstances, writeRole)
	if err != nil {
		return err
	}
	return s.Deactivate(ctx, id)
}

// Deploy deploys instance id. Needs deploy_instances.
func (mk *Marketplace) Deploy(ctx context.Context, id ulid.ULID) (*instance.InstanceView, error) {
	s, err := mk.scope(ctx, "deploy instances", use, user.PermDeployInstances, writeRole)
	if err != nil {
		return nil, err
	}
	return s.Deploy(ctx, id)
}

// Pause pauses instance id. Needs deploy_instances.
func (mk *Marketplace) Pause(ctx context.Context, id ulid.ULID) (*instance.InstanceView, error) {
	s, err := mk.scope(ctx, "pause instances", use, user.PermDeployInstances, writeRole)
	if err != nil {
		return nil, err
	}
	return s.Pause(ctx, id)
}

// Resume resumes instance id. Needs deploy_instances.
func (mk *Marketplace) Resume(ctx context.Context, id ulid.ULID) (*instance.InstanceView, error) {
	s, err := mk.scope(ctx, "resume instances", use, user.PermDeployInstances, writeRole)
	if err != nil {
		return nil, err
	}
	return s.Resume(ctx, id)
}
