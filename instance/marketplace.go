package instance

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/marketplace"
)

// Marketplace is the customer-facing handle of the marketplace, bound to
// one customer and the role of the user acting for it. It cannot name
// another customer's instances (they are ErrNotFound), refuses what the
// role does not allow with ErrPermissionDenied, refuses everything while
// the customer may not access the platform (inactive, terminated:
// ErrFailedPrecondition), and never returns organization or embedded
// values or defaults. It is safe for concurrent use.
type Marketplace struct {
	svc        *Service
	customerID ulid.ULID
	role       marketplace.Role
}

// Marketplace returns the handle of customer customerID acting with role.
// An unknown role is refused by every method (ErrPermissionDenied).
func (s *Service) Marketplace(customerID ulid.ULID, role marketplace.Role) *Marketplace {
	return &Marketplace{svc: s, customerID: customerID, role: role}
}

// CustomerID returns the customer the handle is bound to.
func (h *Marketplace) CustomerID() ulid.ULID { return h.customerID }

// Role returns the acting role.
func (h *Marketplace) Role() marketplace.Role { return h.role }

// View returns the customer's marketplace: every listing it sees with its
// deployability for the handle's role, the aggregate state and count of
// the customer's instances of it, whether an update is available, and the
// presented version's customer variables. It makes two store queries
// whatever the number of listings: CustomerInstances, and
// SharedListingsForCustomer when the store has it
// (marketplace.SharedListingsReader), ListingsForCustomer otherwise. The
// View is the caller's own: it shares nothing it could change with the
// store or with another View.
//
// Errors: ErrPermissionDenied (unknown role); ErrNotFound (no such
// customer); ErrFailedPrecondition (inactive or terminated customer).
func (h *Marketplace) View(ctx context.Context) (*View, error) {
	if !h.role.CanView() {
		return nil, roleError(h.role, "view the marketplace")
	}
	c, insts, err := h.svc.store.CustomerInstances(ctx, h.customerID)
	if err != nil {
		return nil, err
	}
	if !c.Status.CanAccess() {
		return nil, statusError(c, "use the marketplace")
	}
	var bundles []*marketplace.ListingBundle
	if sr, ok := h.svc.store.(marketplace.SharedListingsReader); ok {
		bundles, err = sr.SharedListingsForCustomer(ctx, h.customerID)
	} else {
		bundles, err = h.svc.store.ListingsForCustomer(ctx, h.customerID)
	}
	if err != nil {
		return nil, err
	}
	return h.view(bundles, c, insts), nil
}

// view builds the View of bundles, which it reads and never changes (they
// may be shared with the store), for customer c and its instances insts
// (which are the View's own: the store returned them for this view
// alone). The records it hands out are copies, made together: one array
// of listing views, one of instance views, one of variable definitions
// and one of the strings of labels, options, auth methods and defaults.
func (h *Marketplace) view(bundles []*marketplace.ListingBundle, c *customer.Customer, insts []*Instance) *View {
	// The instances sorted by integration, stably (each integration's
	// stay in ID order): each listing finds its run by binary search.
	byIntegration := slices.Clone(insts)
	slices.SortStableFunc(byIntegration, func(a, b *Instance) int { return a.IntegrationID.Compare(b.IntegrationID) })
	var nvars, nstrs int
	for _, b := range bundles {
		nstrs += len(listingLabels(b))
		if b.Version != nil {
			for k := range b.Version.ConfigVars {
				if cv := &b.Version.ConfigVars[k]; cv.Visibility.CustomerVisible() {
					nvars++
					nstrs += varStrings(cv)
				}
			}
		}
	}
	a := &viewArena{
		vars:  make([]marketplace.ConfigVar, 0, nvars),
		strs:  make([]string, 0, nstrs),
		insts: make([]InstanceView, 0, len(insts)),
		ptrs:  make([]*InstanceView, 0, len(insts)),
	}
	v := &View{CustomerID: h.customerID, Role: h.role, Listings: make([]*ListingView, len(bundles))}
	views := make([]ListingView, len(bundles))
	for k, b := range bundles {
		id := b.Integration.ID
		i, _ := slices.BinarySearchFunc(byIntegration, id, func(x *Instance, id ulid.ULID) int { return x.IntegrationID.Compare(id) })
		j := i
		for j < len(byIntegration) && byIntegration[j].IntegrationID == id {
			j++
		}
		v.Listings[k] = &views[k]
		h.listingView(&views[k], b, c, byIntegration[i:j:j], len(insts), a)
	}
	return v
}

// viewArena holds the copies a View is made of. Each copy is a part of one
// array, capped at its own length, so that appending to one never writes
// into another.
type viewArena struct {
	vars  []marketplace.ConfigVar
	strs  []string
	insts []InstanceView
	ptrs  []*InstanceView
}

// copyStrings returns a copy of ss (nil for nil).
func (a *viewArena) copyStrings(ss []string) []string {
	if ss == nil {
		return nil
	}
	start := len(a.strs)
	a.strs = append(a.strs, ss...)
	return a.strs[start:len(a.strs):len(a.strs)]
}

// listingLabels returns the labels a listing view shows: the listing's, or
// the integration's when the listing has none.
func listingLabels(b *marketplace.ListingBundle) []string {
	if len(b.Listing.Labels) > 0 {
		return b.Listing.Labels
	}
	return b.Integration.Labels
}

// varStrings counts the strings of a definition that a copy of it holds.
func varStrings(cv *marketplace.ConfigVar) int {
	n := len(cv.Options) + len(cv.AuthMethods)
	if cv.Default != nil {
		n++
	}
	return n
}

// listingView fills lv with the view of one listing.
func (h *Marketplace) listingView(lv *ListingView, b *marketplace.ListingBundle, c *customer.Customer, is []*Instance, total int, a *viewArena) {
	in, l := b.Integration, b.Listing
	*lv = ListingView{
		IntegrationID: in.ID,
		Name:          in.Name,
		Description:   in.Description,
		Category:      l.Category,
		Labels:        a.copyStrings(listingLabels(b)),
		Icon:          in.Icon,
		Overview:      l.Overview,
		Availability:  l.Availability,
		AllowMultiple: l.AllowMultiple,
		State:         Aggregate(is, c.Status),
		Count:         CountOf(len(is)),
	}
	if lv.Category == "" {
		lv.Category = in.Category
	}
	if len(lv.Labels) == 0 {
		lv.Labels = nil
	}
	var cv map[string]string
	if b.CustomerValues != nil {
		cv = b.CustomerValues.Values
	}
	d := marketplace.Deployable(marketplace.DeployInput{
		Customer: c, Integration: in, Listing: l, Version: b.Version, CustomerValues: cv,
		Instances: len(is), TotalInstances: total, MaxInstances: h.svc.opts.MaxInstances, Role: h.role,
	})
	d.Problems = customerProblems(d.Problems)
	lv.Deployability = d
	if b.Version != nil {
		lv.Version = b.Version.Number
		lv.ConfigVars = a.customerVars(b.Version.ConfigVars)
	}
	if len(is) > 0 {
		start := len(a.ptrs)
		for _, i := range is {
			a.insts = append(a.insts, instanceView(i, c.Status))
			a.ptrs = append(a.ptrs, &a.insts[len(a.insts)-1])
			if UpdateAvailable(i, lv.Version) {
				lv.UpdateAvailable = true
			}
		}
		lv.Instances = a.ptrs[start:len(a.ptrs):len(a.ptrs)]
	}
}

// customerVars returns copies of the customer variables of vars in display
// order, as marketplace.CustomerVars does.
func (a *viewArena) customerVars(vars []marketplace.ConfigVar) []marketplace.ConfigVar {
	start := len(a.vars)
	for k := range vars {
		if !vars[k].Visibility.CustomerVisible() {
			continue
		}
		a.vars = append(a.vars, vars[k])
		v := &a.vars[len(a.vars)-1]
		v.Options, v.AuthMethods = a.copyStrings(v.Options), a.copyStrings(v.AuthMethods)
		if v.Default != nil {
			a.strs = append(a.strs, *v.Default)
			v.Default = &a.strs[len(a.strs)-1]
		}
	}
	if len(a.vars) == start {
		return nil
	}
	out := a.vars[start:len(a.vars):len(a.vars)]
	marketplace.SortVars(out)
	return out
}

// ActivateInput is what a customer gives to activate an integration.
type ActivateInput struct {
	// Name defaults to the integration's name.
	Name string `json:"name,omitempty"`
	// Values sets customer variables of the presented version.
	Values map[string]string `json:"values,omitempty"`
	// Refs makes customer variables take their values from the
	// customer's config variables (see Service.SetRefs).
	Refs map[string]string `json:"refs,omitempty"`
}

// Activate creates an instance of integration id for the customer, running
// the version its listing presents, with in.Values (customer variables
// only, checked as Configure checks them), and deploys it when every
// required variable has a value; otherwise it starts unconfigured.
// Deployability (marketplace.Deployable) is checked inside the creating
// transaction, with the customer, its listing and the customer's
// instances as they are then: of concurrent activations of a listing that
// allows one instance, exactly one succeeds.
//
// Errors: ErrPermissionDenied when the role cannot activate; ErrNotFound
// when the customer does not see the integration; a
// *customerkit.ValidationError for bad values; a *NotDeployableError
// (ErrFailedPrecondition) with every reason otherwise refused.
func (h *Marketplace) Activate(ctx context.Context, id ulid.ULID, in ActivateInput) (*InstanceView, error) {
	if !h.role.CanActivate() {
		return nil, roleError(h.role, "activate integrations")
	}
	s := h.svc
	for attempt := 1; ; attempt++ {
		integ, err := s.store.GetIntegration(ctx, id)
		if err != nil {
			return nil, err
		}
		l, cv, err := s.listingAndValues(ctx, id, h.customerID)
		if err != nil {
			return nil, err
		}
		if l == nil || !l.VisibleTo(integ, h.customerID) {
			return nil, fmt.Errorf("instance: integration %s is not in the customer's marketplace: %w", id, customerkit.ErrNotFound)
		}
		v, err := s.presented(ctx, integ, l)
		if err != nil {
			return nil, err
		}
		ve := &customerkit.ValidationError{Subject: "instance"}
		name := normalizeName(ve, in.Name, integ.Name)
		var sp split
		if v != nil {
			sp, err = s.checkInput(ctx, v, h.customerID, in.Values, in.Refs, byCustomer)
			if err != nil && !isInvalid(err) {
				return nil, err
			}
			ve.Merge("", err)
		} else if len(in.Refs) > 0 {
			ve.Add("refs", customerkit.CodeNotSupported, "the integration presents no version")
		}
		if err := ve.Err(); err != nil {
			return nil, err
		}
		now := s.now()
		inst := &Instance{
			ID: s.opts.NewIDFunc(), CustomerID: h.customerID, IntegrationID: id, Name: name,
			NeedsDeploy: true, Version: 1, CreatedAt: now, UpdatedAt: now,
		}
		if v != nil {
			inst.VersionNumber = v.Number
			sp.merge(inst)
			inst.ConfigComplete = complete(v, l, cv, inst)
		}
		if inst.ConfigComplete { // activation deploys
			inst.Enabled, inst.DeployCount, inst.LastDeployedAt, inst.NeedsDeploy = true, 1, now, false
		}
		var values map[string]string
		if cv != nil {
			values = cv.Values
		}
		var status customer.Status
		err = s.store.CreateInstance(ctx, inst, func(snap *Snapshot) error {
			if snap.Listing != nil && snap.Listing.Version != l.Version {
				return errMoved // the presented version or the values may have changed
			}
			d := marketplace.Deployable(marketplace.DeployInput{
				Customer: snap.Customer, Integration: integ, Listing: snap.Listing, Version: v, CustomerValues: values,
				Instances: snap.Count(id), TotalInstances: len(snap.Instances), MaxInstances: s.opts.MaxInstances, Role: h.role,
			})
			if !d.Deployable {
				return &NotDeployableError{IntegrationID: id, Problems: customerProblems(d.Problems)}
			}
			status = snap.Customer.Status
			return nil
		})
		switch {
		case errors.Is(err, errMoved) && attempt < maxAttempts:
			continue
		case errors.Is(err, errMoved):
			return nil, movedError(id)
		case err != nil:
			return nil, err
		}
		return NewInstanceView(inst, status), nil
	}
}

// Instance returns the customer's instance id.
//
// Errors: ErrPermissionDenied; ErrNotFound (no such instance, or another
// customer's); ErrFailedPrecondition (inactive or terminated customer).
func (h *Marketplace) Instance(ctx context.Context, id ulid.ULID) (*InstanceView, error) {
	c, err := h.customer(ctx, "view instances", marketplace.Role.CanView)
	if err != nil {
		return nil, err
	}
	i, err := h.svc.store.GetInstance(ctx, id)
	if err != nil {
		return nil, err
	}
	if i.CustomerID != h.customerID {
		return nil, notFound(id)
	}
	return NewInstanceView(i, c.Status), nil
}

// Instances returns one page of the customer's instances that q selects
// (q.CustomerID is ignored: it is the handle's customer), ordered by ID.
func (h *Marketplace) Instances(ctx context.Context, q *Query, after customerkit.Cursor) (customerkit.Page[InstanceView], error) {
	var page customerkit.Page[InstanceView]
	c, err := h.customer(ctx, "view instances", marketplace.Role.CanView)
	if err != nil {
		return page, err
	}
	n, err := q.Normalize()
	if err != nil {
		return page, err
	}
	n.CustomerID = h.customerID
	p, err := h.svc.store.ListInstances(ctx, n, after)
	if err != nil {
		return page, err
	}
	page.Next = p.Next
	page.Items = make([]*InstanceView, len(p.Items))
	for k, i := range p.Items {
		page.Items[k] = NewInstanceView(i, c.Status)
	}
	return page, nil
}

// customer checks the role with can and returns the handle's customer,
// refusing one that cannot access the platform.
func (h *Marketplace) customer(ctx context.Context, action string, can func(marketplace.Role) bool) (*customer.Customer, error) {
	if !can(h.role) {
		return nil, roleError(h.role, action)
	}
	c, err := h.svc.store.GetCustomer(ctx, customer.ByULID, h.customerID.String())
	if err != nil {
		return nil, err
	}
	if !c.Status.CanAccess() {
		return nil, statusError(c, "use the marketplace")
	}
	return c, nil
}

// Configure sets values of the customer variables of instance id: a
// partial update, as Service.Configure, except that an organization or
// embedded variable is refused like an unknown one (not_supported).
// A suspended customer may reconfigure.
func (h *Marketplace) Configure(ctx context.Context, id ulid.ULID, values map[string]string) (*InstanceView, error) {
	if !h.role.CanConfigure() {
		return nil, roleError(h.role, "configure instances")
	}
	return h.result(h.svc.configure(ctx, id, h.customerID, values, byCustomer))
}

// SetRefs makes customer variables of instance id take their values from
// the customer's config variables, as Service.SetRefs, except that an
// organization or embedded variable is refused like an unknown one
// (not_supported). A suspended customer may change them.
func (h *Marketplace) SetRefs(ctx context.Context, id ulid.ULID, refs map[string]string) (*InstanceView, error) {
	if !h.role.CanConfigure() {
		return nil, roleError(h.role, "configure instances")
	}
	return h.result(h.svc.setRefs(ctx, id, h.customerID, refs, byCustomer))
}

// Deploy deploys instance id, as Service.Deploy; the error names only
// missing customer variables.
func (h *Marketplace) Deploy(ctx context.Context, id ulid.ULID) (*InstanceView, error) {
	if !h.role.CanConfigure() {
		return nil, roleError(h.role, "deploy instances")
	}
	return h.result(h.svc.deploy(ctx, id, h.customerID, byCustomer))
}

// Pause pauses instance id, as Service.Pause.
func (h *Marketplace) Pause(ctx context.Context, id ulid.ULID) (*InstanceView, error) {
	if !h.role.CanConfigure() {
		return nil, roleError(h.role, "pause instances")
	}
	return h.result(h.svc.setEnabled(ctx, id, h.customerID, false))
}

// Resume resumes instance id, as Service.Resume.
func (h *Marketplace) Resume(ctx context.Context, id ulid.ULID) (*InstanceView, error) {
	if !h.role.CanConfigure() {
		return nil, roleError(h.role, "resume instances")
	}
	return h.result(h.svc.setEnabled(ctx, id, h.customerID, true))
}

// Upgrade moves instance id to the version its listing presents (which
// must be available), with values set on top, as Service.Upgrade.
func (h *Marketplace) Upgrade(ctx context.Context, id ulid.ULID, values map[string]string) (*InstanceView, error) {
	if !h.role.CanConfigure() {
		return nil, roleError(h.role, "upgrade instances")
	}
	return h.result(h.svc.upgrade(ctx, id, h.customerID, 0, values, byCustomer))
}

// Deactivate deletes the customer's instance id.
//
// Errors: ErrPermissionDenied when the role cannot activate (and so
// cannot deactivate); ErrNotFound; ErrFailedPrecondition (inactive or
// terminated customer).
func (h *Marketplace) Deactivate(ctx context.Context, id ulid.ULID) error {
	if !h.role.CanActivate() {
		return roleError(h.role, "deactivate instances")
	}
	return h.svc.store.DeleteInstance(ctx, id, func(i *Instance, c *customer.Customer) error {
		if i.CustomerID != h.customerID {
			return notFound(id)
		}
		if !c.Status.CanAccess() {
			return statusError(c, "use the marketplace")
		}
		return nil
	})
}

func (h *Marketplace) result(i *Instance, status customer.Status, err error) (*InstanceView, error) {
	if err != nil {
		return nil, err
	}
	return NewInstanceView(i, status), nil
}
