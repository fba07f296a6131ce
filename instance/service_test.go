package instance_test

import (
	"context"
	"errors"
	"testing"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/credential"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/instance"
	"github.com/customerkit/customerkit/marketplace"
)

func TestCreateStartsUnconfigured(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, nil)
	c := f.customer(customer.StatusActive)
	in := f.integration("CRM", deployable(), crmVars())

	i, err := f.svc.Create(ctx, instance.CreateInput{CustomerID: c.ULID, IntegrationID: in.ID})
	require.NoError(t, err)
	require.Equal(t, "CRM", i.Name)
	require.Equal(t, 1, i.VersionNumber)
	require.False(t, i.ConfigComplete)
	require.Equal(t, instance.StateUnconfigured, i.State(c.Status))
	_, err = f.svc.Deploy(ctx, i.ID)
	require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
	require.ErrorContains(t, err, `"api_url"`)

	// The organization sets every kind of variable.
	i, err = f.svc.Configure(ctx, i.ID, map[string]string{"api_url": "https://x.example", "region": "us", "tenant": "t1"})
	require.NoError(t, err)
	require.Equal(t, map[string]string{"api_url": "https://x.example"}, i.Values)
	require.Equal(t, map[string]string{"region": "us", "tenant": "t1"}, i.PrivateValues)
	require.Equal(t, instance.StatePendingChanges, i.State(c.Status))

	i, err = f.svc.Deploy(ctx, i.ID)
	require.NoError(t, err)
	require.True(t, i.Enabled, "the first deploy enables")
	require.Equal(t, 1, i.DeployCount)
	require.False(t, i.LastDeployedAt.IsZero())
	require.Equal(t, instance.StateActive, i.State(c.Status))
}

func TestCreateErrors(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, &instance.Options{MaxInstances: 2})
	c := f.customer(customer.StatusActive)
	other := f.customer(customer.StatusActive)
	in := f.integration("CRM", deployable(), crmVars())
	special, err := f.market.CreateIntegration(ctx, &marketplace.Integration{Name: "Special", CustomerID: other.ULID})
	require.NoError(t, err)
	_, err = f.market.PublishVersion(ctx, special.ID, "", crmVars())
	require.NoError(t, err)

	_, err = f.svc.Create(ctx, instance.CreateInput{})
	requireCode(t, err, "customer_id", customerkit.CodeRequired)
	requireCode(t, err, "integration_id", customerkit.CodeRequired)
	_, err = f.svc.Create(ctx, instance.CreateInput{CustomerID: c.ULID, IntegrationID: ulid.Make()})
	require.ErrorIs(t, err, customerkit.ErrNotFound)
	_, err = f.svc.Create(ctx, instance.CreateInput{CustomerID: ulid.Make(), IntegrationID: in.ID})
	require.ErrorIs(t, err, customerkit.ErrNotFound)
	_, err = f.svc.Create(ctx, instance.CreateInput{CustomerID: c.ULID, IntegrationID: in.ID, VersionNumber: 9})
	require.ErrorIs(t, err, customerkit.ErrNotFound)
	_, err = f.svc.Create(ctx, instance.CreateInput{CustomerID: c.ULID, IntegrationID: special.ID})
	require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
	_, err = f.svc.Create(ctx, instance.CreateInput{CustomerID: c.ULID, IntegrationID: in.ID, Values: map[string]string{"batch": "many", "nope": "x"}, Name: "a\x00b"})
	requireCode(t, err, `values["batch"]`, customerkit.CodeInvalid)
	requireCode(t, err, `values["nope"]`, customerkit.CodeNotSupported)
	requireCode(t, err, "name", customerkit.CodeInvalid)

	// The organization may create several instances, up to the quota.
	for range 2 {
		_, err = f.svc.Create(ctx, instance.CreateInput{CustomerID: c.ULID, IntegrationID: in.ID})
		require.NoError(t, err)
	}
	_, err = f.svc.Create(ctx, instance.CreateInput{CustomerID: c.ULID, IntegrationID: in.ID})
	require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
}

// TestOperationsByCustomerStatus checks every operation in every customer
// status, as the table in the package documentation draws it.
func TestOperationsByCustomerStatus(t *testing.T) {
	t.Parallel()
	type env struct {
		f       *fixture
		c       *customer.Customer
		in      *marketplace.Integration
		running *instance.Instance // deployed and active
		paused  *instance.Instance // deployed and paused
	}
	ok, fp := error(nil), customerkit.ErrFailedPrecondition
	ops := []struct {
		name string
		run  func(ctx context.Context, e *env) error
		want map[customer.Status]error // missing: ok
	}{
		{"create (organization)", func(ctx context.Context, e *env) error {
			_, err := e.f.svc.Create(ctx, instance.CreateInput{CustomerID: e.c.ULID, IntegrationID: e.in.ID})
			return err
		}, map[customer.Status]error{customer.StatusSuspended: fp, customer.StatusInactive: fp, customer.StatusTerminated: fp}},
		{"activate (customer)", func(ctx context.Context, e *env) error {
			_, err := e.f.svc.Marketplace(e.c.ULID, marketplace.RoleAdmin).Activate(ctx, e.in.ID, instance.ActivateInput{Name: "second", Values: completeValues()})
			return err
		}, map[customer.Status]error{customer.StatusSuspended: fp, customer.StatusInactive: fp, customer.StatusTerminated: fp}},
		{"configure (organization)", func(ctx context.Context, e *env) error {
			_, err := e.f.svc.Configure(ctx, e.running.ID, map[string]string{"mode": "fast"})
			return err
		}, map[customer.Status]error{customer.StatusInactive: fp, customer.StatusTerminated: fp}},
		{"configure (customer)", func(ctx context.Context, e *env) error {
			_, err := e.f.svc.Marketplace(e.c.ULID, marketplace.RoleMarketplaceAdmin).Configure(ctx, e.running.ID, map[string]string{"mode": "fast"})
			return err
		}, map[customer.Status]error{customer.StatusInactive: fp, customer.StatusTerminated: fp}},
		{"deploy", func(ctx context.Context, e *env) error {
			_, err := e.f.svc.Deploy(ctx, e.running.ID)
			return err
		}, map[customer.Status]error{customer.StatusInactive: fp, customer.StatusTerminated: fp}},
		{"pause", func(ctx context.Context, e *env) error {
			_, err := e.f.svc.Pause(ctx, e.running.ID)
			return err
		}, nil},
		{"resume", func(ctx context.Context, e *env) error {
			_, err := e.f.svc.Resume(ctx, e.paused.ID)
			return err
		}, map[customer.Status]error{customer.StatusInactive: fp, customer.StatusTerminated: fp}},
		{"upgrade", func(ctx context.Context, e *env) error {
			_, err := e.f.svc.Upgrade(ctx, e.running.ID, 2, nil)
			return err
		}, map[customer.Status]error{customer.StatusInactive: fp, customer.StatusTerminated: fp}},
		{"view (customer)", func(ctx context.Context, e *env) error {
			_, err := e.f.svc.Marketplace(e.c.ULID, marketplace.RoleMember).View(ctx)
			return err
		}, map[customer.Status]error{customer.StatusInactive: fp, customer.StatusTerminated: fp}},
		{"deactivate (customer)", func(ctx context.Context, e *env) error {
			return e.f.svc.Marketplace(e.c.ULID, marketplace.RoleAdmin).Deactivate(ctx, e.running.ID)
		}, map[customer.Status]error{customer.StatusInactive: fp, customer.StatusTerminated: fp}},
		{"delete (organization)", func(ctx context.Context, e *env) error {
			return e.f.svc.Delete(ctx, e.running.ID)
		}, nil},
	}
	for _, op := range ops {
		for _, status := range customer.Statuses() {
			t.Run(op.name+"/"+string(status), func(t *testing.T) {
				t.Parallel()
				ctx := t.Context()
				f := newFixture(t, nil)
				l := deployable()
				l.AllowMultiple = true
				l.PinnedVersion = 1
				e := &env{f: f, c: f.customer(customer.StatusActive)}
				e.in = f.integration("CRM", l, crmVars(), crmVars())
				h := f.svc.Marketplace(e.c.ULID, marketplace.RoleAdmin)
				run, err := h.Activate(ctx, e.in.ID, instance.ActivateInput{Values: completeValues()})
				require.NoError(t, err)
				require.Equal(t, instance.StateActive, run.State)
				pau, err := h.Activate(ctx, e.in.ID, instance.ActivateInput{Name: "paused", Values: completeValues()})
				require.NoError(t, err)
				_, err = h.Pause(ctx, pau.ID)
				require.NoError(t, err)
				e.running, _ = f.svc.Get(ctx, run.ID)
				e.paused, _ = f.svc.Get(ctx, pau.ID)
				f.setStatus(e.c.ULID, status)

				err = op.run(ctx, e)
				if want := op.want[status]; want != nil {
					require.ErrorIs(t, err, want)
				} else {
					require.NoError(t, err, ok)
				}
			})
		}
	}
}

func TestInactiveCustomerInstancesCountAsInactive(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, nil)
	c := f.customer(customer.StatusActive)
	in := f.integration("CRM", deployable(), crmVars())
	v, err := f.svc.Marketplace(c.ULID, marketplace.RoleAdmin).Activate(ctx, in.ID, instance.ActivateInput{Values: completeValues()})
	require.NoError(t, err)
	f.setStatus(c.ULID, customer.StatusInactive)
	page, err := f.svc.List(ctx, &instance.Query{States: []instance.State{instance.StateInactive}}, customerkit.Cursor{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	require.Equal(t, v.ID, page.Items[0].ID)
	f.setStatus(c.ULID, customer.StatusSuspended)
	page, err = f.svc.List(ctx, &instance.Query{States: []instance.State{instance.StateActive}}, customerkit.Cursor{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1, "a suspended customer keeps its running instances")
}

func TestLifecycle(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, nil)
	c := f.customer(customer.StatusActive)
	in := f.integration("CRM", deployable(), crmVars())
	h := f.svc.Marketplace(c.ULID, marketplace.RoleMarketplaceAdmin)

	v, err := h.Activate(ctx, in.ID, instance.ActivateInput{Values: completeValues()})
	require.NoError(t, err)
	require.Equal(t, instance.StateActive, v.State, "a complete activation deploys")
	require.Equal(t, 1, v.DeployCount)

	steps := []struct {
		name  string
		run   func() (*instance.InstanceView, error)
		state instance.State
		count int
	}{
		{"configure", func() (*instance.InstanceView, error) {
			return h.Configure(ctx, v.ID, map[string]string{"mode": "fast"})
		}, instance.StatePendingChanges, 1},
		{"deploy", func() (*instance.InstanceView, error) { return h.Deploy(ctx, v.ID) }, instance.StateActive, 2},
		{"same value changes nothing", func() (*instance.InstanceView, error) {
			return h.Configure(ctx, v.ID, map[string]string{"mode": "fast"})
		}, instance.StateActive, 2},
		{"pause", func() (*instance.InstanceView, error) { return h.Pause(ctx, v.ID) }, instance.StatePaused, 2},
		{"configure while paused", func() (*instance.InstanceView, error) {
			return h.Configure(ctx, v.ID, map[string]string{"batch": "5e2"})
		}, instance.StatePaused, 2},
		{"deploy while paused stays paused", func() (*instance.InstanceView, error) { return h.Deploy(ctx, v.ID) }, instance.StatePaused, 3},
		{"resume", func() (*instance.InstanceView, error) { return h.Resume(ctx, v.ID) }, instance.StateActive, 3},
	}
	for _, s := range steps {
		got, err := s.run()
		require.NoError(t, err, s.name)
		require.Equal(t, s.state, got.State, s.name)
		require.Equal(t, s.count, got.DeployCount, s.name)
	}
	got, err := h.Instance(ctx, v.ID)
	require.NoError(t, err)
	require.Equal(t, map[string]string{"api_url": "https://crm.example.com", "mode": "fast", "batch": "500"}, got.Values, "partial updates keep every key; numbers are canonical")

	// Never deployed: neither paused nor resumed.
	i, err := f.svc.Create(ctx, instance.CreateInput{CustomerID: c.ULID, IntegrationID: in.ID})
	require.NoError(t, err)
	_, err = f.svc.Pause(ctx, i.ID)
	require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
	_, err = f.svc.Resume(ctx, i.ID)
	require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
}

func TestConfigureVisibility(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, nil)
	c := f.customer(customer.StatusActive)
	in := f.integration("CRM", deployable(), crmVars())
	h := f.svc.Marketplace(c.ULID, marketplace.RoleAdmin)
	v, err := h.Activate(ctx, in.ID, instance.ActivateInput{Values: completeValues()})
	require.NoError(t, err)

	tests := []struct {
		name   string
		values map[string]string
		path   string
		code   string
	}{
		{"organization variable is hidden", map[string]string{"region": "us"}, `values["region"]`, customerkit.CodeNotSupported},
		{"embedded variable is hidden", map[string]string{"tenant": "t"}, `values["tenant"]`, customerkit.CodeNotSupported},
		{"unknown variable", map[string]string{"nope": "x"}, `values["nope"]`, customerkit.CodeNotSupported},
		{"number", map[string]string{"batch": "many"}, `values["batch"]`, customerkit.CodeInvalid},
		{"picklist", map[string]string{"mode": "turbo"}, `values["mode"]`, customerkit.CodeNotSupported},
		{"connection shape", map[string]string{"conn": "not-a-ulid"}, `values["conn"]`, customerkit.CodeInvalid},
		{"invalid UTF-8", map[string]string{"api_url": "\xff"}, `values["api_url"]`, customerkit.CodeInvalid},
	}
	for _, tt := range tests {
		_, err := h.Configure(ctx, v.ID, tt.values)
		requireCode(t, err, tt.path, tt.code)
	}
	// Every problem at once.
	_, err = h.Configure(ctx, v.ID, map[string]string{"region": "x", "batch": "y", "mode": "z"})
	var ve *customerkit.ValidationError
	require.True(t, errors.As(err, &ve))
	require.Len(t, ve.Fields, 3)

	// Nothing was written; the organization sets what the customer may not.
	i, err := f.svc.Configure(ctx, v.ID, map[string]string{"region": "us", "tenant": "t9"})
	require.NoError(t, err)
	require.Equal(t, int64(2), i.Version)
	got, err := h.Instance(ctx, v.ID)
	require.NoError(t, err)
	require.NotContains(t, got.Values, "region")
	require.NotContains(t, got.Values, "tenant")
}

func TestConnectionReferences(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, nil)
	c := f.customer(customer.StatusActive)
	other := f.customer(customer.StatusActive)
	in := f.integration("CRM", deployable(), crmVars())
	h := f.svc.Marketplace(c.ULID, marketplace.RoleAdmin)
	v, err := h.Activate(ctx, in.ID, instance.ActivateInput{Values: completeValues()})
	require.NoError(t, err)

	tests := []struct {
		name string
		id   ulid.ULID
		code string // "" accepted
	}{
		{"own credential", f.credential(c.ULID, credential.MethodAPIKey, ""), ""},
		{"organization-wide credential", f.credential(ulid.ULID{}, credential.MethodAPIKey, ""), ""},
		{"custom method named by the variable", f.credential(c.ULID, credential.MethodCustom, "acme_token"), ""},
		{"another customer's credential", f.credential(other.ULID, credential.MethodAPIKey, ""), customerkit.CodeInvalid},
		{"no such credential", ulid.Make(), customerkit.CodeInvalid},
		{"method not allowed", f.credential(c.ULID, credential.MethodBasic, ""), customerkit.CodeNotSupported},
		{"another custom method", f.credential(c.ULID, credential.MethodCustom, "other"), customerkit.CodeNotSupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := h.Configure(ctx, v.ID, map[string]string{"conn": tt.id.String()})
			if tt.code == "" {
				require.NoError(t, err)
				require.Equal(t, tt.id.String(), got.Values["conn"])
				return
			}
			requireCode(t, err, `values["conn"]`, tt.code)
		})
	}
}

func TestUpgrade(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, nil)
	c := f.customer(customer.StatusActive)
	v1 := crmVars()
	v2 := crmVars()
	v2[1].Options = []string{"fast", "balanced"} // "safe" no longer fits
	v2[1].Default = def("balanced")
	v2 = append(v2[:2], v2[3:]...) // batch is gone
	v2 = append(v2, marketplace.ConfigVar{Key: "webhook", Type: marketplace.TypeString, Visibility: marketplace.VisibilityCustomer})
	l := deployable()
	l.PinnedVersion = 1
	in := f.integration("CRM", l, v1, v2)
	h := f.svc.Marketplace(c.ULID, marketplace.RoleAdmin)
	v, err := h.Activate(ctx, in.ID, instance.ActivateInput{Values: map[string]string{"api_url": "https://a.example", "mode": "safe", "batch": "7"}})
	require.NoError(t, err)
	require.Equal(t, instance.StateActive, v.State)

	// Pinned to version 1: no update to offer yet.
	_, err = h.Upgrade(ctx, v.ID, nil)
	require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
	view, err := h.View(ctx)
	require.NoError(t, err)
	require.False(t, view.Listing(in.ID).UpdateAvailable)

	_, err = f.market.PinVersion(ctx, in.ID, 0)
	require.NoError(t, err)
	view, err = h.View(ctx)
	require.NoError(t, err)
	require.True(t, view.Listing(in.ID).UpdateAvailable)
	require.Equal(t, 2, view.Listing(in.ID).Version)

	// A bad new value refuses the upgrade; nothing moves.
	_, err = h.Upgrade(ctx, v.ID, map[string]string{"webhook": "\xff"})
	requireCode(t, err, `values["webhook"]`, customerkit.CodeInvalid)

	got, err := h.Upgrade(ctx, v.ID, nil)
	require.NoError(t, err)
	require.Equal(t, 2, got.VersionNumber)
	require.Equal(t, instance.StateUnconfigured, got.State, "a new required variable without a value")
	require.Equal(t, map[string]string{"api_url": "https://a.example"}, got.Values, "values that no longer fit are dropped")
	_, err = h.Deploy(ctx, v.ID)
	require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
	require.ErrorContains(t, err, `"webhook"`)

	got, err = h.Configure(ctx, v.ID, map[string]string{"webhook": "https://hook.example"})
	require.NoError(t, err)
	require.Equal(t, instance.StatePendingChanges, got.State)
	got, err = h.Deploy(ctx, v.ID)
	require.NoError(t, err)
	require.Equal(t, instance.StateActive, got.State)
	view, err = h.View(ctx)
	require.NoError(t, err)
	require.False(t, view.Listing(in.ID).UpdateAvailable)

	// The organization may move to any version, with values.
	i, err := f.svc.Upgrade(ctx, v.ID, 1, map[string]string{"mode": "safe"})
	require.NoError(t, err)
	require.Equal(t, 1, i.VersionNumber)
	require.True(t, i.ConfigComplete)
	_, err = f.svc.Upgrade(ctx, v.ID, 1, nil)
	require.ErrorIs(t, err, customerkit.ErrFailedPrecondition, "runs it already")
	_, err = f.svc.Upgrade(ctx, v.ID, 7, nil)
	requireCode(t, err, "version_number", customerkit.CodeInvalid)
}

func TestListByCustomerIntegrationState(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, nil)
	a, b := f.customer(customer.StatusActive), f.customer(customer.StatusActive)
	l := deployable()
	l.AllowMultiple = true
	crm := f.integration("CRM", l, crmVars())
	erp := f.integration("ERP", l, crmVars())
	var want []ulid.ULID
	for k := range 7 {
		cust, in := a, crm
		if k%3 == 2 {
			in = erp
		}
		if k == 6 {
			cust = b
		}
		i, err := f.svc.Create(ctx, instance.CreateInput{CustomerID: cust.ULID, IntegrationID: in.ID, Values: completeValues()})
		require.NoError(t, err)
		if cust == a && in == crm {
			want = append(want, i.ID)
		}
		if k%2 == 0 {
			_, err = f.svc.Deploy(ctx, i.ID)
			require.NoError(t, err)
		}
	}
	var got []ulid.ULID
	for i, err := range f.svc.All(ctx, &instance.Query{CustomerID: a.ULID, IntegrationID: crm.ID, Limit: 2}) {
		require.NoError(t, err)
		got = append(got, i.ID)
	}
	require.Equal(t, want, got)

	count := func(q *instance.Query) int {
		n := 0
		for _, err := range f.svc.All(ctx, q) {
			require.NoError(t, err)
			n++
		}
		return n
	}
	require.Equal(t, 4, count(&instance.Query{States: []instance.State{instance.StateActive}}))
	require.Equal(t, 3, count(&instance.Query{States: []instance.State{instance.StatePendingChanges}}))
	require.Equal(t, 2, count(&instance.Query{IntegrationID: erp.ID}))
	page, err := f.svc.Marketplace(b.ULID, marketplace.RoleMember).Instances(ctx, &instance.Query{CustomerID: a.ULID}, customerkit.Cursor{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1, "the handle lists its own customer's instances only")
	_, err = f.svc.List(ctx, nil, customerkit.NewCursor([]byte("garbage")))
	require.ErrorIs(t, err, customerkit.ErrInvalid)
}
