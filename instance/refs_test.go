package instance_test

import (
	"context"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/configvar"
	"github.com/customerkit/customerkit/instance"
	"github.com/customerkit/customerkit/marketplace"
)

func TestRefAllowed(t *testing.T) {
	t.Parallel()
	code := func(l marketplace.CodeLanguage) marketplace.ConfigVar {
		return marketplace.ConfigVar{Type: marketplace.TypeCode, Language: l}
	}
	str := marketplace.ConfigVar{Type: marketplace.TypeString}
	tests := []struct {
		name string
		d    marketplace.ConfigVar
		kind configvar.Kind
		want bool
	}{
		{"string takes text", str, configvar.KindText, true},
		{"string takes json", str, configvar.KindJSON, true},
		{"string takes xml", str, configvar.KindXML, true},
		{"string takes html", str, configvar.KindHTML, true},
		{"string refuses an unknown kind", str, "yaml", false},
		{"json code takes json", code(marketplace.LanguageJSON), configvar.KindJSON, true},
		{"json code refuses text", code(marketplace.LanguageJSON), configvar.KindText, false},
		{"json code refuses xml", code(marketplace.LanguageJSON), configvar.KindXML, false},
		{"xml code takes xml", code(marketplace.LanguageXML), configvar.KindXML, true},
		{"xml code refuses html", code(marketplace.LanguageXML), configvar.KindHTML, false},
		{"html code takes html", code(marketplace.LanguageHTML), configvar.KindHTML, true},
		{"html code refuses text", code(marketplace.LanguageHTML), configvar.KindText, false},
	}
	for _, vt := range []marketplace.VarType{marketplace.TypeNumber, marketplace.TypeBoolean, marketplace.TypeDate,
		marketplace.TypeTimestamp, marketplace.TypePicklist, marketplace.TypeSchedule, marketplace.TypeConnection} {
		for _, k := range configvar.Kinds() {
			tests = append(tests, struct {
				name string
				d    marketplace.ConfigVar
				kind configvar.Kind
				want bool
			}{string(vt) + " refuses " + string(k), marketplace.ConfigVar{Type: vt}, k, false})
		}
	}
	for _, tt := range tests {
		if got := instance.RefAllowed(tt.d, tt.kind); got != tt.want {
			t.Errorf("%s: RefAllowed = %v", tt.name, got)
		}
	}
	require.LessOrEqual(t, configvar.MaxValueLength, marketplace.MaxValueLength,
		"every value a customer config variable holds fits a variable that takes it")
}

// refVars is a version whose variables take customer config variables in
// every way: a required customer string, a customer JSON payload, an
// embedded string, a customer number (which cannot take one) and an
// organization HTML template.
func refVars() []marketplace.ConfigVar {
	return []marketplace.ConfigVar{
		{Key: "api_url", Type: marketplace.TypeString, Visibility: marketplace.VisibilityCustomer},
		{Key: "payload", Type: marketplace.TypeCode, Language: marketplace.LanguageJSON, Visibility: marketplace.VisibilityCustomer, Optional: true},
		{Key: "tenant", Type: marketplace.TypeString, Visibility: marketplace.VisibilityEmbedded, Optional: true},
		{Key: "batch", Type: marketplace.TypeNumber, Visibility: marketplace.VisibilityCustomer, Optional: true},
		{Key: "template", Type: marketplace.TypeCode, Language: marketplace.LanguageHTML, Visibility: marketplace.VisibilityOrganization, Optional: true},
	}
}

// configVars stores the config variables of customer id: base (text),
// mapping (json), page (html).
func (f *fixture) configVars(id ulid.ULID) *configvar.Service {
	f.t.Helper()
	svc := configvar.NewService(f.store, nil)
	for _, in := range []configvar.Input{
		{Key: "base", Value: "https://eu.acme.example"},
		{Key: "mapping", Kind: configvar.KindJSON, Value: `{"Account": "company"}`},
		{Key: "page", Kind: configvar.KindHTML, Value: "<p>Hi</p>"},
	} {
		_, err := svc.Create(context.Background(), id, in)
		require.NoError(f.t, err)
	}
	return svc
}

func TestSetRefs(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, nil)
	c := f.customer(customer.StatusActive)
	vars := f.configVars(c.ULID)
	in := f.integration("CRM", deployable(), refVars())
	i, err := f.svc.Create(ctx, instance.CreateInput{CustomerID: c.ULID, IntegrationID: in.ID,
		Values: map[string]string{"api_url": "https://own.example"}})
	require.NoError(t, err)
	i, err = f.svc.Deploy(ctx, i.ID)
	require.NoError(t, err)
	require.False(t, i.NeedsDeploy)

	// Every problem at once, each at its reference.
	_, err = f.svc.SetRefs(ctx, i.ID, map[string]string{
		"batch":   "base",        // a number takes no config variable
		"payload": "base",        // JSON code does not take text
		"nope":    "base",        // no such variable
		"api_url": "missing",     // no such config variable
		"tenant":  "not a key!?", // not a key
	})
	requireCode(t, err, `refs["batch"]`, customerkit.CodeNotSupported)
	requireCode(t, err, `refs["payload"]`, customerkit.CodeNotSupported)
	requireCode(t, err, `refs["nope"]`, customerkit.CodeNotSupported)
	requireCode(t, err, `refs["api_url"]`, customerkit.CodeInvalid)
	requireCode(t, err, `refs["tenant"]`, customerkit.CodeInvalid)
	got, err := f.svc.Get(ctx, i.ID)
	require.NoError(t, err)
	require.Equal(t, i, got, "a refused change writes nothing")

	// The organization may reference from customer and private variables.
	i, err = f.svc.SetRefs(ctx, i.ID, map[string]string{"api_url": "base", "payload": "mapping", "tenant": "base", "template": "page"})
	require.NoError(t, err)
	require.Equal(t, map[string]configvar.Ref{
		"api_url": {Key: "base", Kind: configvar.KindText},
		"payload": {Key: "mapping", Kind: configvar.KindJSON},
	}, i.Refs)
	require.Equal(t, map[string]configvar.Ref{
		"tenant":   {Key: "base", Kind: configvar.KindText},
		"template": {Key: "page", Kind: configvar.KindHTML},
	}, i.PrivateRefs)
	require.Empty(t, i.Values, "a reference replaces the variable's value")
	require.True(t, i.ConfigComplete, "a reference counts as a value")
	require.True(t, i.NeedsDeploy, "a change needs a deploy")
	require.Equal(t, instance.StatePendingChanges, i.State(c.Status))

	cfg, err := f.svc.Resolve(ctx, i.ID)
	require.NoError(t, err)
	require.Equal(t, map[string]string{
		"api_url": "https://eu.acme.example", "payload": `{"Account": "company"}`,
		"tenant": "https://eu.acme.example", "template": "<p>Hi</p>",
	}, cfg)

	// One value serves every instance: an update reaches Resolve at once
	// and names the instances.
	us := "https://us.acme.example"
	v, err := vars.Update(ctx, c.ULID, "base", configvar.Patch{Value: &us})
	require.NoError(t, err)
	require.Equal(t, []ulid.ULID{i.ID}, v.UsedBy)
	cfg, err = f.svc.Resolve(ctx, i.ID)
	require.NoError(t, err)
	require.Equal(t, us, cfg["api_url"])
	require.Equal(t, us, cfg["tenant"])

	// A value replaces a reference, and "" removes one.
	i, err = f.svc.Configure(ctx, i.ID, map[string]string{"api_url": "https://own.example"})
	require.NoError(t, err)
	require.Equal(t, "https://own.example", i.Values["api_url"])
	require.NotContains(t, i.Refs, "api_url")
	i, err = f.svc.SetRefs(ctx, i.ID, map[string]string{"payload": "", "tenant": ""})
	require.NoError(t, err)
	require.Empty(t, i.Refs)
	require.Equal(t, map[string]configvar.Ref{"template": {Key: "page", Kind: configvar.KindHTML}}, i.PrivateRefs)
	v, err = vars.Get(ctx, c.ULID, "base")
	require.NoError(t, err)
	require.Empty(t, v.UsedBy, "no instance takes base any more")
	require.NoError(t, vars.Delete(ctx, c.ULID, "base"))

	// A required variable whose reference goes is missing again.
	i, err = f.svc.SetRefs(ctx, i.ID, map[string]string{"api_url": "mapping"})
	require.NoError(t, err)
	require.True(t, i.ConfigComplete)
	i, err = f.svc.SetRefs(ctx, i.ID, map[string]string{"api_url": ""})
	require.NoError(t, err)
	require.False(t, i.ConfigComplete)
	require.Equal(t, instance.StateUnconfigured, i.State(c.Status))
}

func TestRefsByCustomer(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, nil)
	c := f.customer(customer.StatusActive)
	other := f.customer(customer.StatusActive)
	f.configVars(c.ULID)
	otherVars := configvar.NewService(f.store, nil)
	_, err := otherVars.Create(ctx, other.ULID, configvar.Input{Key: "theirs", Value: "b"})
	require.NoError(t, err)
	in := f.integration("CRM", deployable(), refVars())
	h := f.svc.Marketplace(c.ULID, marketplace.RoleAdmin)

	// Activation takes references: the required variable is set by one,
	// so the instance deploys at once.
	_, err = h.Activate(ctx, in.ID, instance.ActivateInput{Values: map[string]string{"api_url": "x"}, Refs: map[string]string{"api_url": "base"}})
	requireCode(t, err, `refs["api_url"]`, customerkit.CodeDuplicate)
	v, err := h.Activate(ctx, in.ID, instance.ActivateInput{Refs: map[string]string{"api_url": "base"}})
	require.NoError(t, err)
	require.Equal(t, instance.StateActive, v.State)
	require.Equal(t, map[string]configvar.Ref{"api_url": {Key: "base", Kind: configvar.KindText}}, v.Refs)

	// A customer references from its own variables only, and only its own
	// customer's config variables.
	_, err = h.SetRefs(ctx, v.ID, map[string]string{"tenant": "base"})
	requireCode(t, err, `refs["tenant"]`, customerkit.CodeNotSupported)
	_, err = h.SetRefs(ctx, v.ID, map[string]string{"template": "page"})
	requireCode(t, err, `refs["template"]`, customerkit.CodeNotSupported)
	_, err = h.SetRefs(ctx, v.ID, map[string]string{"payload": "theirs"})
	requireCode(t, err, `refs["payload"]`, customerkit.CodeInvalid)
	v, err = h.SetRefs(ctx, v.ID, map[string]string{"payload": "mapping"})
	require.NoError(t, err)
	require.Equal(t, instance.StatePendingChanges, v.State)

	// The organization's references stay out of the customer's view.
	_, err = f.svc.SetRefs(ctx, v.ID, map[string]string{"tenant": "base"})
	require.NoError(t, err)
	v, err = h.Instance(ctx, v.ID)
	require.NoError(t, err)
	require.Equal(t, map[string]configvar.Ref{
		"api_url": {Key: "base", Kind: configvar.KindText},
		"payload": {Key: "mapping", Kind: configvar.KindJSON},
	}, v.Refs)

	// Another customer's instance is invisible; a role that cannot
	// configure is refused.
	oi, err := f.svc.Create(ctx, instance.CreateInput{CustomerID: other.ULID, IntegrationID: in.ID})
	require.NoError(t, err)
	_, err = h.SetRefs(ctx, oi.ID, map[string]string{"api_url": "base"})
	require.ErrorIs(t, err, customerkit.ErrNotFound)
	_, err = f.svc.Marketplace(c.ULID, marketplace.RoleMember).SetRefs(ctx, v.ID, map[string]string{"api_url": "base"})
	require.ErrorIs(t, err, customerkit.ErrPermissionDenied)

	// A suspended customer may change references; an inactive one may not.
	f.setStatus(c.ULID, customer.StatusSuspended)
	_, err = h.SetRefs(ctx, v.ID, map[string]string{"payload": ""})
	require.NoError(t, err)
	f.setStatus(c.ULID, customer.StatusInactive)
	_, err = h.SetRefs(ctx, v.ID, map[string]string{"payload": "mapping"})
	require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
	_, err = f.svc.SetRefs(ctx, v.ID, map[string]string{"payload": "mapping"})
	require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
}

func TestCreateWithRefs(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, nil)
	c := f.customer(customer.StatusActive)
	f.configVars(c.ULID)
	in := f.integration("CRM", nil, refVars())
	i, err := f.svc.Create(ctx, instance.CreateInput{CustomerID: c.ULID, IntegrationID: in.ID,
		Values: map[string]string{"batch": "5"}, Refs: map[string]string{"api_url": "base", "template": "page"}})
	require.NoError(t, err)
	require.True(t, i.ConfigComplete)
	require.Equal(t, map[string]configvar.Ref{"api_url": {Key: "base", Kind: configvar.KindText}}, i.Refs)
	require.Equal(t, map[string]configvar.Ref{"template": {Key: "page", Kind: configvar.KindHTML}}, i.PrivateRefs)

	// Bad values and bad references are reported together.
	_, err = f.svc.Create(ctx, instance.CreateInput{CustomerID: c.ULID, IntegrationID: in.ID,
		Values: map[string]string{"batch": "many"}, Refs: map[string]string{"payload": "page"}})
	requireCode(t, err, `values["batch"]`, customerkit.CodeInvalid)
	requireCode(t, err, `refs["payload"]`, customerkit.CodeNotSupported)
}

func TestUpgradeCarriesRefs(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, nil)
	c := f.customer(customer.StatusActive)
	f.configVars(c.ULID)
	v2 := refVars()
	v2[1].Language = marketplace.LanguageXML // payload: JSON code becomes XML code
	v2[2].Visibility = marketplace.VisibilityCustomer
	in := f.integration("CRM", nil, refVars(), v2)
	i, err := f.svc.Create(ctx, instance.CreateInput{CustomerID: c.ULID, IntegrationID: in.ID, VersionNumber: 1,
		Refs: map[string]string{"api_url": "base", "payload": "mapping", "tenant": "base"}})
	require.NoError(t, err)
	i, err = f.svc.Upgrade(ctx, i.ID, 2, nil)
	require.NoError(t, err)
	require.Equal(t, 2, i.VersionNumber)
	require.Equal(t, map[string]configvar.Ref{
		"api_url": {Key: "base", Kind: configvar.KindText},
		"tenant":  {Key: "base", Kind: configvar.KindText}, // now a customer variable
	}, i.Refs, "a reference the new variable cannot take is dropped")
	require.Empty(t, i.PrivateRefs)
	require.True(t, i.ConfigComplete)
}

// deletingStore deletes a config variable right after the service read
// it, as a concurrent delete would, before the instance is written.
type deletingStore struct {
	instance.Store
	vars *configvar.Service
}

func (s *deletingStore) GetConfigVar(ctx context.Context, customerID ulid.ULID, key string) (*configvar.Variable, error) {
	v, err := s.Store.GetConfigVar(ctx, customerID, key)
	if err == nil {
		if err := s.vars.Delete(ctx, customerID, key); err != nil {
			return nil, err
		}
	}
	return v, err
}

func TestRefDeletedBeforeWrite(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, nil)
	c := f.customer(customer.StatusActive)
	vars := f.configVars(c.ULID)
	in := f.integration("CRM", nil, refVars())
	i, err := f.svc.Create(ctx, instance.CreateInput{CustomerID: c.ULID, IntegrationID: in.ID})
	require.NoError(t, err)
	svc := instance.NewService(&deletingStore{Store: f.store, vars: vars}, &instance.Options{NowFunc: func() time.Time { return time.Now() }})
	_, err = svc.SetRefs(ctx, i.ID, map[string]string{"api_url": "base"})
	require.ErrorIs(t, err, customerkit.ErrFailedPrecondition, "the store refuses a reference to a variable that went")
	got, err := f.svc.Get(ctx, i.ID)
	require.NoError(t, err)
	require.Empty(t, got.Refs)
	_, err = vars.Get(ctx, c.ULID, "base")
	require.ErrorIs(t, err, customerkit.ErrNotFound)
}

func TestResolveFunction(t *testing.T) {
	t.Parallel()
	v := &marketplace.IntegrationVersion{Number: 1, ConfigVars: refVars()}
	i := &instance.Instance{
		Values:      map[string]string{"batch": "5"},
		Refs:        map[string]configvar.Ref{"api_url": {Key: "base", Kind: configvar.KindText}, "payload": {Key: "gone", Kind: configvar.KindJSON}},
		PrivateRefs: map[string]configvar.Ref{"tenant": {Key: "base", Kind: configvar.KindText}},
	}
	got := instance.Resolve(v, nil, nil, i, map[string]string{"base": "B"})
	require.Equal(t, map[string]string{"batch": "5", "api_url": "B", "tenant": "B"}, got,
		"a reference to a key vars lacks is left out")
	require.Equal(t, map[string]string{"batch": "5"}, instance.Resolve(v, nil, nil, i, nil))
}
