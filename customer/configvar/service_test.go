package configvar_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/configvar"
	"github.com/customerkit/customerkit/instance"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/storage/memstore"
)

// fixedNow is the clock of the service tests: nanoseconds the service
// truncates to microseconds, in a zone it converts to UTC.
var fixedNow = time.Date(2026, 5, 6, 7, 8, 9, 123456789, time.FixedZone("CEST", 2*3600))

// env is a Service over a fresh memstore, with the services that create
// customers and the instances that reference variables.
type env struct {
	store     *memstore.Store
	svc       *configvar.Service
	customers *customer.Service
	market    *marketplace.Service
	instances *instance.Service
}

func newEnv(t testing.TB, opts *configvar.Options) *env {
	t.Helper()
	store := memstore.New()
	if opts == nil {
		opts = &configvar.Options{}
	}
	if opts.NowFunc == nil {
		opts.NowFunc = func() time.Time { return fixedNow }
	}
	return &env{
		store: store, svc: configvar.NewService(store, opts), customers: customer.NewService(store, nil),
		market: marketplace.NewService(store, nil), instances: instance.NewService(store, nil),
	}
}

// customer creates an active customer.
func (e *env) customer(t testing.TB, name string) ulid.ULID {
	t.Helper()
	c, err := e.customers.Create(t.Context(), &customer.Customer{
		Type: customer.TypeBusiness, CompanyName: name, FirstName: "Ada", LastName: "Lovelace",
		Email: strings.ToLower(name) + "@example.com", Country: "GB", Currency: "GBP",
	})
	require.NoError(t, err)
	return c.ULID
}

func (e *env) setStatus(t testing.TB, id ulid.ULID, to customer.Status) {
	t.Helper()
	_, err := e.customers.SetStatus(t.Context(), id, to)
	require.NoError(t, err)
}

// instanceUsing creates an instance of customer cust whose string
// variable "api_url" takes config variable key.
func (e *env) instanceUsing(t testing.TB, cust ulid.ULID, key string) ulid.ULID {
	t.Helper()
	ctx := t.Context()
	in, err := e.market.CreateIntegration(ctx, &marketplace.Integration{Name: "CRM " + key + " " + ulid.Make().String()})
	require.NoError(t, err)
	_, err = e.market.PublishVersion(ctx, in.ID, "", []marketplace.ConfigVar{
		{Key: "api_url", Type: marketplace.TypeString, Visibility: marketplace.VisibilityCustomer},
	})
	require.NoError(t, err)
	i, err := e.instances.Create(ctx, instance.CreateInput{CustomerID: cust, IntegrationID: in.ID,
		Refs: map[string]string{"api_url": key}})
	require.NoError(t, err)
	return i.ID
}

// sentinels are the six errors every error of the library matches exactly
// one of.
var sentinels = []error{
	customerkit.ErrNotFound, customerkit.ErrAlreadyExists, customerkit.ErrConflict,
	customerkit.ErrInvalid, customerkit.ErrFailedPrecondition, customerkit.ErrPermissionDenied,
}

// requireOnly asserts that err matches target and no other sentinel.
func requireOnly(t testing.TB, err, target error, msgAndArgs ...any) {
	t.Helper()
	require.ErrorIs(t, err, target, msgAndArgs...)
	for _, s := range sentinels {
		if s != target {
			require.NotErrorIs(t, err, s, msgAndArgs...)
		}
	}
}

// requireField asserts that err is a *customerkit.ValidationError with a
// problem at path with code.
func requireField(t testing.TB, err error, path, code string) {
	t.Helper()
	requireOnly(t, err, customerkit.ErrInvalid)
	var ve *customerkit.ValidationError
	require.ErrorAs(t, err, &ve)
	for _, f := range ve.Fields {
		if f.Path == path && f.Code == code {
			return
		}
	}
	t.Fatalf("no %s problem at %q in %v", code, path, ve.Fields)
}

func TestCreateAndGet(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := t.Context()
	cust := e.customer(t, "Acme")
	v, err := e.svc.Create(ctx, cust, configvar.Input{Key: "crm_mapping", Kind: configvar.KindJSON,
		Value: `{"Account": "company"}`, Description: "  Field mapping  "})
	require.NoError(t, err)
	now := fixedNow.UTC().Truncate(time.Microsecond)
	want := &configvar.Variable{CustomerID: cust, Key: "crm_mapping", Kind: configvar.KindJSON,
		Value: `{"Account": "company"}`, Description: "Field mapping", Version: 1, CreatedAt: now, UpdatedAt: now}
	require.Equal(t, want, v)
	got, err := e.svc.Get(ctx, cust, "crm_mapping")
	require.NoError(t, err)
	require.Equal(t, want, got)

	text, err := e.svc.Create(ctx, cust, configvar.Input{Key: "greeting", Value: ""})
	require.NoError(t, err)
	require.Equal(t, configvar.KindText, text.Kind, "the default kind")

	_, err = e.svc.Create(ctx, cust, configvar.Input{Key: "crm_mapping", Value: "x"})
	requireOnly(t, err, customerkit.ErrAlreadyExists)
	_, err = e.svc.Create(ctx, ulid.Make(), configvar.Input{Key: "k", Value: "x"})
	requireOnly(t, err, customerkit.ErrNotFound)
	_, err = e.svc.Get(ctx, cust, "missing")
	requireOnly(t, err, customerkit.ErrNotFound)
	_, err = e.svc.Get(ctx, cust, "not a key!")
	requireOnly(t, err, customerkit.ErrNotFound, "a key that cannot exist is not found, not invalid")
}

func TestCreateRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	cust := e.customer(t, "Acme")
	_, err := e.svc.Create(t.Context(), cust, configvar.Input{Key: "2fast", Kind: configvar.KindXML, Value: "<a>", Description: "bell\a"})
	requireField(t, err, "key", customerkit.CodeInvalid)
	requireField(t, err, "value", customerkit.CodeInvalid)
	requireField(t, err, "description", customerkit.CodeInvalid)
	_, err = e.svc.Create(t.Context(), cust, configvar.Input{Key: "k", Kind: "yaml"})
	requireField(t, err, "kind", customerkit.CodeNotSupported)
	page, err := e.svc.List(t.Context(), &configvar.Query{CustomerID: cust}, customerkit.Cursor{})
	require.NoError(t, err)
	require.Empty(t, page.Items, "nothing was written")
}

func TestLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t, &configvar.Options{MaxPerCustomer: 2})
	ctx := t.Context()
	a, b := e.customer(t, "Acme"), e.customer(t, "Globex")
	for _, k := range []string{"one", "two"} {
		_, err := e.svc.Create(ctx, a, configvar.Input{Key: k})
		require.NoError(t, err)
	}
	_, err := e.svc.Create(ctx, a, configvar.Input{Key: "three"})
	requireOnly(t, err, customerkit.ErrFailedPrecondition)
	_, err = e.svc.Create(ctx, b, configvar.Input{Key: "three"})
	require.NoError(t, err, "the limit is per customer")
	require.NoError(t, e.svc.Delete(ctx, a, "one"))
	_, err = e.svc.Create(ctx, a, configvar.Input{Key: "three"})
	require.NoError(t, err, "room again after a delete")

	unlimited := newEnv(t, &configvar.Options{MaxPerCustomer: -1})
	c := unlimited.customer(t, "Initech")
	for i := range configvar.DefaultMaxPerCustomer + 1 {
		_, err := unlimited.svc.Create(ctx, c, configvar.Input{Key: fmt.Sprintf("k%d", i)})
		require.NoError(t, err)
	}
	limited := newEnv(t, nil)
	d := limited.customer(t, "Umbrella")
	for i := range configvar.DefaultMaxPerCustomer {
		_, err := limited.svc.Create(ctx, d, configvar.Input{Key: fmt.Sprintf("k%d", i)})
		require.NoError(t, err)
	}
	_, err = limited.svc.Create(ctx, d, configvar.Input{Key: "over"})
	requireOnly(t, err, customerkit.ErrFailedPrecondition, "the default limit")
}

func TestUpdate(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := t.Context()
	cust := e.customer(t, "Acme")
	_, err := e.svc.Create(ctx, cust, configvar.Input{Key: "mapping", Kind: configvar.KindXML, Value: "<a/>", Description: "old"})
	require.NoError(t, err)

	value := `<map><f name="x"/></map>`
	v, err := e.svc.Update(ctx, cust, "mapping", configvar.Patch{Value: &value, Version: 1})
	require.NoError(t, err)
	require.Equal(t, value, v.Value)
	require.Equal(t, "old", v.Description, "a field left nil keeps its value")
	require.Equal(t, int64(2), v.Version)

	desc := "new"
	_, err = e.svc.Update(ctx, cust, "mapping", configvar.Patch{Description: &desc, Version: 1})
	requireOnly(t, err, customerkit.ErrConflict, "a stale version")
	bad := "<unclosed>"
	_, err = e.svc.Update(ctx, cust, "mapping", configvar.Patch{Value: &bad, Description: &desc})
	requireField(t, err, "value", customerkit.CodeInvalid)
	got, err := e.svc.Get(ctx, cust, "mapping")
	require.NoError(t, err)
	require.Equal(t, v, got, "refused updates change nothing")

	_, err = e.svc.Update(ctx, cust, "missing", configvar.Patch{Value: &value})
	requireOnly(t, err, customerkit.ErrNotFound)
}

func TestUsedBy(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := t.Context()
	cust := e.customer(t, "Acme")
	_, err := e.svc.Create(ctx, cust, configvar.Input{Key: "base_url", Value: "https://eu.acme.example"})
	require.NoError(t, err)
	one := e.instanceUsing(t, cust, "base_url")
	two := e.instanceUsing(t, cust, "base_url")

	value := "https://us.acme.example"
	v, err := e.svc.Update(ctx, cust, "base_url", configvar.Patch{Value: &value})
	require.NoError(t, err)
	require.Equal(t, []ulid.ULID{one, two}, v.UsedBy, "the update tells which instances take the new value")
	for _, id := range []ulid.ULID{one, two} {
		cfg, err := e.instances.Resolve(ctx, id)
		require.NoError(t, err)
		require.Equal(t, value, cfg["api_url"], "every instance takes the one value")
	}

	err = e.svc.Delete(ctx, cust, "base_url")
	requireOnly(t, err, customerkit.ErrFailedPrecondition)
	var inUse *configvar.InUseError
	require.ErrorAs(t, err, &inUse)
	require.Equal(t, []ulid.ULID{one, two}, inUse.UsedBy)
	require.Contains(t, err.Error(), "2 instances")

	require.NoError(t, e.instances.Delete(ctx, one))
	_, err = e.instances.SetRefs(ctx, two, map[string]string{"api_url": ""})
	require.NoError(t, err)
	require.NoError(t, e.svc.Delete(ctx, cust, "base_url"), "no instance uses it any more")
}

// TestStatusRules checks every operation in every customer status against
// the table in the Service documentation, and the Scope's reads, which
// need a customer that may access the platform.
func TestStatusRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status                  customer.Status
		create, change, scopeRd bool
	}{
		{customer.StatusActive, true, true, true},
		{customer.StatusSuspended, false, true, true},
		{customer.StatusInactive, false, false, false},
		{customer.StatusTerminated, false, false, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.status), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, nil)
			ctx := t.Context()
			cust := e.customer(t, "Acme")
			_, err := e.svc.Create(ctx, cust, configvar.Input{Key: "kept", Value: "v"})
			require.NoError(t, err)
			_, err = e.svc.Create(ctx, cust, configvar.Input{Key: "gone", Value: "v"})
			require.NoError(t, err)
			if tt.status != customer.StatusActive {
				e.setStatus(t, cust, tt.status)
			}
			allowed := func(ok bool, err error, what string) {
				t.Helper()
				if ok {
					require.NoError(t, err, what)
				} else {
					requireOnly(t, err, customerkit.ErrFailedPrecondition, what)
				}
			}
			_, err = e.svc.Create(ctx, cust, configvar.Input{Key: "new", Value: "v"})
			allowed(tt.create, err, "create")
			value := "changed"
			_, err = e.svc.Update(ctx, cust, "kept", configvar.Patch{Value: &value})
			allowed(tt.change, err, "update")
			allowed(tt.change, e.svc.Delete(ctx, cust, "gone"), "delete")

			// The organization reads in every status.
			_, err = e.svc.Get(ctx, cust, "kept")
			require.NoError(t, err)
			_, err = e.svc.List(ctx, &configvar.Query{CustomerID: cust}, customerkit.Cursor{})
			require.NoError(t, err)

			s := e.svc.ForCustomer(cust)
			_, err = s.Get(ctx, "kept")
			allowed(tt.scopeRd, err, "scope get")
			_, err = s.List(ctx, nil, customerkit.Cursor{})
			allowed(tt.scopeRd, err, "scope list")
			_, err = s.Create(ctx, configvar.Input{Key: "scoped", Value: "v"})
			allowed(tt.create, err, "scope create")
			_, err = s.Update(ctx, "kept", configvar.Patch{Value: &value})
			allowed(tt.change, err, "scope update")
		})
	}
}

func TestScope(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := t.Context()
	a, b := e.customer(t, "Acme"), e.customer(t, "Globex")
	_, err := e.svc.Create(ctx, b, configvar.Input{Key: "secret_plan", Value: "b's"})
	require.NoError(t, err)
	s := e.svc.ForCustomer(a)
	require.Equal(t, a, s.CustomerID())

	v, err := s.Create(ctx, configvar.Input{Key: "plan", Value: "a's"})
	require.NoError(t, err)
	require.Equal(t, a, v.CustomerID)
	_, err = s.Get(ctx, "secret_plan")
	requireOnly(t, err, customerkit.ErrNotFound, "another customer's key is invisible")
	value := "taken over"
	_, err = s.Update(ctx, "secret_plan", configvar.Patch{Value: &value})
	requireOnly(t, err, customerkit.ErrNotFound)
	requireOnly(t, s.Delete(ctx, "secret_plan"), customerkit.ErrNotFound)
	page, err := s.List(ctx, &configvar.Query{CustomerID: b}, customerkit.Cursor{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1, "the query's customer is ignored")
	require.Equal(t, "plan", page.Items[0].Key)
	var all []string
	for v, err := range s.All(ctx, &configvar.Query{Limit: 1}) {
		require.NoError(t, err)
		all = append(all, v.Key)
	}
	require.Equal(t, []string{"plan"}, all)
	got, err := e.svc.Get(ctx, b, "secret_plan")
	require.NoError(t, err)
	require.Equal(t, "b's", got.Value)

	unbound := e.svc.ForCustomer(ulid.ULID{})
	_, err = unbound.Get(ctx, "plan")
	requireOnly(t, err, customerkit.ErrPermissionDenied)
	_, err = e.svc.ForCustomer(ulid.Make()).Get(ctx, "plan")
	requireOnly(t, err, customerkit.ErrNotFound, "no such customer")
}

func TestListAndAll(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := t.Context()
	cust := e.customer(t, "Acme")
	keys := []string{"zeta", "Alpha", "beta", "_private", "alpha"}
	for _, k := range keys {
		_, err := e.svc.Create(ctx, cust, configvar.Input{Key: k})
		require.NoError(t, err)
	}
	var got []string
	for v, err := range e.svc.All(ctx, &configvar.Query{CustomerID: cust, Limit: 2}) {
		require.NoError(t, err)
		got = append(got, v.Key)
	}
	require.Equal(t, []string{"Alpha", "_private", "alpha", "beta", "zeta"}, got, "byte order of the keys")

	_, err := e.svc.List(ctx, nil, customerkit.Cursor{})
	requireField(t, err, "customer_id", customerkit.CodeRequired)
	_, err = e.svc.List(ctx, &configvar.Query{CustomerID: cust, Limit: -1}, customerkit.Cursor{})
	requireField(t, err, "limit", customerkit.CodeInvalid)
	for _, err := range e.svc.All(ctx, nil) {
		requireField(t, err, "customer_id", customerkit.CodeRequired)
	}
}

func TestQueryNormalize(t *testing.T) {
	t.Parallel()
	id := ulid.Make()
	q, err := (&configvar.Query{CustomerID: id}).Normalize()
	require.NoError(t, err)
	require.Equal(t, configvar.DefaultLimit, q.Limit)
	q, err = (&configvar.Query{CustomerID: id, Limit: configvar.MaxLimit + 1}).Normalize()
	require.NoError(t, err)
	require.Equal(t, configvar.MaxLimit, q.Limit)
}

func TestLogsNoValues(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	e := newEnv(t, &configvar.Options{Logger: slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	ctx := t.Context()
	cust := e.customer(t, "Acme")
	_, err := e.svc.Create(ctx, cust, configvar.Input{Key: "token_hint", Value: "created-value-1234"})
	require.NoError(t, err)
	value := "updated-value-5678"
	_, err = e.svc.Update(ctx, cust, "token_hint", configvar.Patch{Value: &value})
	require.NoError(t, err)
	require.NoError(t, e.svc.Delete(ctx, cust, "token_hint"))
	out := buf.String()
	require.Contains(t, out, "token_hint")
	require.NotContains(t, out, "created-value-1234")
	require.NotContains(t, out, "updated-value-5678")
}

func TestDeleteCustomer(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := t.Context()
	a, b := e.customer(t, "Acme"), e.customer(t, "Globex")
	for _, c := range []ulid.ULID{a, b} {
		_, err := e.svc.Create(ctx, c, configvar.Input{Key: "plan", Value: "pro"})
		require.NoError(t, err)
	}
	e.instanceUsing(t, a, "plan")
	e.setStatus(t, a, customer.StatusTerminated)
	require.NoError(t, e.customers.Delete(ctx, a), "a customer goes with its variables and the references to them")
	_, err := e.svc.Get(ctx, a, "plan")
	requireOnly(t, err, customerkit.ErrNotFound)
	_, err = e.svc.Get(ctx, b, "plan")
	require.NoError(t, err)
}
