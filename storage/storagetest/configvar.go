package storagetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
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

// ConfigVarStore is what the config-variable section needs:
// configvar.Store, and the customer, marketplace and instance stores to
// create the customers variables belong to and the instances that
// reference them.
type ConfigVarStore interface {
	customer.Store
	marketplace.Store
	instance.Store
	configvar.Store
}

// configVarStores turns Run's factory into the section's: a store that
// does not implement configvar.Store skips the section.
func configVarStores(newStore func(t *testing.T) customer.Store) func(t *testing.T) ConfigVarStore {
	return func(t *testing.T) ConfigVarStore {
		s, ok := newStore(t).(ConfigVarStore)
		if !ok {
			t.Skip("storagetest: the store does not implement configvar.Store")
		}
		return s
	}
}

// configWriters is how many goroutines write one customer's variables at
// once in the concurrency tests.
const configWriters = 20

// RunConfigVars runs the section of the suite that checks
// configvar.Store: round trips of every field and of values every kind
// may hold; the key's uniqueness per customer (case-sensitive), also
// under 20 concurrent creators; what CreateConfigVar hands its check (the
// customer and its count, which concurrent creations cannot get past
// together); the updater contract (immutable fields, a refusing updater
// writes nothing, concurrent updaters lose nothing); the delete check;
// keyset lists in key order that stay stable while variables come and go
// and refuse a foreign or tampered cursor; the references instances make
// (UsedBy on every read, kept through instance updates and deletes, a
// reference to a missing variable or of another kind refused with
// nothing written, a used variable that cannot be deleted, also when a
// reference races the delete); isolation of values passed in and
// returned; that deleting a customer deletes its variables and nothing
// of another's; and a canceled context.
func RunConfigVars(t *testing.T, newStore func(t *testing.T) ConfigVarStore) {
	tests := []struct {
		name string
		run  func(t *testing.T, newStore func(t *testing.T) ConfigVarStore)
	}{
		{"CreateAndGet", testConfigVarCreateAndGet},
		{"CreateCheck", testConfigVarCreateCheck},
		{"Unique", testConfigVarUnique},
		{"ConcurrentCreate", testConfigVarConcurrentCreate},
		{"CountUnderConcurrency", testConfigVarCount},
		{"Update", testConfigVarUpdate},
		{"ConcurrentUpdate", testConfigVarConcurrentUpdate},
		{"Delete", testConfigVarDelete},
		{"List", testConfigVarList},
		{"ListStableWhileWriting", testConfigVarListStable},
		{"InvalidCursor", testConfigVarInvalidCursor},
		{"References", testConfigVarReferences},
		{"ReferenceRefused", testConfigVarReferenceRefused},
		{"ReferenceRacesDelete", testConfigVarReferenceRace},
		{"Isolation", testConfigVarIsolation},
		{"DeleteCustomer", testConfigVarDeleteCustomer},
		{"ContextCanceled", testConfigVarContextCanceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, newStore) })
	}
}

// NewConfigVar returns fixture variable i (i ≥ 0) of customer owner, as
// the Service hands it to a Store: Version 1, times UTC truncated to
// microseconds, no UsedBy. Its key derives from i; its kind and value
// cycle through every kind, with values that hold accents, quotes, line
// breaks and markup.
func NewConfigVar(i int, owner ulid.ULID) *configvar.Variable {
	created := Epoch.Add(time.Duration(i)*time.Minute + time.Duration(i)*time.Microsecond).Truncate(time.Microsecond)
	kinds := configvar.Kinds()
	kind := kinds[i%len(kinds)]
	var value string
	switch kind {
	case configvar.KindText:
		value = fmt.Sprintf("Zoë's \"value\" %d\nline two\ttabbed", i)
	case configvar.KindJSON:
		value = fmt.Sprintf(`{"n": %d, "name": "Søren", "list": [true, null, 1.5]}`, i)
	case configvar.KindXML:
		value = fmt.Sprintf(`<?xml version="1.0"?><map n="%d"><field name="ü">&amp;</field></map>`, i)
	case configvar.KindHTML:
		value = fmt.Sprintf(`<p class="x">Hello <b>%d</b> &mdash; «ok»</p>`, i)
	}
	return &configvar.Variable{
		CustomerID:  owner,
		Key:         fmt.Sprintf("var_%03d", i),
		Kind:        kind,
		Value:       value,
		Description: fmt.Sprintf("Variable %d – for the CRM mapping", i),
		Version:     1,
		CreatedAt:   created,
		UpdatedAt:   created.Add(time.Second),
	}
}

// requireConfigVar asserts that got holds what want holds: the same
// times, as instants in UTC, and every other field equal; usedBy is the
// UsedBy got must have.
func requireConfigVar(t testing.TB, want, got *configvar.Variable, usedBy ...ulid.ULID) {
	t.Helper()
	require.NotNil(t, got)
	requireSameTimes(t, want.CreatedAt, got.CreatedAt, want.UpdatedAt, got.UpdatedAt)
	require.Equal(t, time.UTC, got.CreatedAt.Location())
	require.Equal(t, time.UTC, got.UpdatedAt.Location())
	w, g := want.Clone(), got.Clone()
	w.CreatedAt, w.UpdatedAt, g.CreatedAt, g.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	w.UsedBy = usedBy
	if len(w.UsedBy) == 0 {
		w.UsedBy = nil
	}
	if len(g.UsedBy) == 0 {
		g.UsedBy = nil
	}
	require.Equal(t, w, g)
}

func createConfigVars(t testing.TB, s configvar.Store, vs ...*configvar.Variable) {
	t.Helper()
	for _, v := range vs {
		require.NoError(t, s.CreateConfigVar(t.Context(), v, nil), "create config variable %s", v.Key)
	}
}

func getConfigVar(t testing.TB, s configvar.Store, v *configvar.Variable) *configvar.Variable {
	t.Helper()
	got, err := s.GetConfigVar(t.Context(), v.CustomerID, v.Key)
	require.NoError(t, err, "get config variable %s", v.Key)
	return got
}

// refWorld is a customer, an integration and the customer's variables.
type refWorld struct {
	c     *customer.Customer
	other *customer.Customer
	integ *marketplace.Integration
	vars  []*configvar.Variable
}

// seedRefWorld stores two customers, one integration and n variables of
// the first customer (NewConfigVar 0..n-1).
func seedRefWorld(t testing.TB, s ConfigVarStore, n int) refWorld {
	t.Helper()
	w := refWorld{c: NewCustomer(950), other: NewCustomer(951), integ: NewIntegration(950)}
	create(t, s, w.c, w.other)
	createIntegrations(t, s, w.integ)
	for i := range n {
		v := NewConfigVar(i, w.c.ULID)
		createConfigVars(t, s, v)
		w.vars = append(w.vars, v)
	}
	return w
}

// refOf returns the reference to v.
func refOf(v *configvar.Variable) configvar.Ref { return configvar.Ref{Key: v.Key, Kind: v.Kind} }

func testConfigVarCreateAndGet(t *testing.T, newStore func(t *testing.T) ConfigVarStore) {
	s := newStore(t)
	c := NewCustomer(1)
	create(t, s, c)
	var vs []*configvar.Variable
	for i := range 8 {
		vs = append(vs, NewConfigVar(i, c.ULID))
	}
	long := NewConfigVar(8, c.ULID)
	long.Kind, long.Description = configvar.KindText, ""
	long.Value = strings.Repeat("é-", configvar.MaxValueLength/3) + strings.Repeat("x", configvar.MaxValueLength%3)
	empty := NewConfigVar(9, c.ULID)
	empty.Kind, empty.Value, empty.Description = configvar.KindText, "", ""
	vs = append(vs, long, empty)
	createConfigVars(t, s, vs...)
	for _, want := range vs {
		requireConfigVar(t, want, getConfigVar(t, s, want))
	}

	_, err := s.GetConfigVar(t.Context(), c.ULID, "nope")
	requireNotFound(t, err)
	_, err = s.GetConfigVar(t.Context(), ulid.Make(), vs[0].Key)
	requireNotFound(t, err, "another customer's key")
	_, err = s.UpdateConfigVar(t.Context(), c.ULID, "nope", nil)
	requireNotFound(t, err)
	requireNotFound(t, s.DeleteConfigVar(t.Context(), c.ULID, "nope", nil))
}

func testConfigVarCreateCheck(t *testing.T, newStore func(t *testing.T) ConfigVarStore) {
	s := newStore(t)
	c := NewCustomer(1)
	create(t, s, c)
	createConfigVars(t, s, NewConfigVar(0, c.ULID), NewConfigVar(1, c.ULID))

	var seen *customer.Customer
	count := -1
	err := s.CreateConfigVar(t.Context(), NewConfigVar(2, c.ULID), func(cu *customer.Customer, n int) error {
		seen, count = cu, n
		return nil
	})
	require.NoError(t, err)
	requireCustomer(t, c, seen)
	require.Equal(t, 2, count, "the check sees how many variables the customer has")

	refused := errors.New("refused")
	v := NewConfigVar(3, c.ULID)
	err = s.CreateConfigVar(t.Context(), v, func(*customer.Customer, int) error { return refused })
	require.ErrorIs(t, err, refused, "check's error comes back as is")
	_, err = s.GetConfigVar(t.Context(), c.ULID, v.Key)
	requireNotFound(t, err, "a refused create writes nothing")

	called := false
	err = s.CreateConfigVar(t.Context(), NewConfigVar(4, ulid.Make()), func(*customer.Customer, int) error { called = true; return nil })
	requireNotFound(t, err, "no such customer")
	require.False(t, called, "check is not called without a customer")
}

func testConfigVarUnique(t *testing.T, newStore func(t *testing.T) ConfigVarStore) {
	s := newStore(t)
	a, b := NewCustomer(1), NewCustomer(2)
	create(t, s, a, b)
	v := NewConfigVar(0, a.ULID)
	createConfigVars(t, s, v)

	dup := NewConfigVar(5, a.ULID)
	dup.Key = v.Key
	requireAlreadyExistsOf(t, s.CreateConfigVar(t.Context(), dup, nil), "config_var", "key")
	requireConfigVar(t, v, getConfigVar(t, s, v), nil...)

	other := NewConfigVar(0, b.ULID) // the same key, another customer
	createConfigVars(t, s, other)
	upper := NewConfigVar(1, a.ULID)
	upper.Key = "VAR_000" // keys are case-sensitive
	createConfigVars(t, s, upper)
	requireConfigVar(t, upper, getConfigVar(t, s, upper))
	requireConfigVar(t, v, getConfigVar(t, s, v))
}

func testConfigVarConcurrentCreate(t *testing.T, newStore func(t *testing.T) ConfigVarStore) {
	s := newStore(t)
	c := NewCustomer(1)
	create(t, s, c)
	var (
		wg      sync.WaitGroup
		won     atomic.Int32
		errs    = make([]error, configWriters)
		winners = make([]*configvar.Variable, configWriters)
	)
	for i := range configWriters {
		wg.Go(func() {
			v := NewConfigVar(i, c.ULID)
			v.Key = "shared"
			if errs[i] = s.CreateConfigVar(t.Context(), v, nil); errs[i] == nil {
				won.Add(1)
				winners[i] = v
			}
		})
	}
	wg.Wait()
	require.Equal(t, int32(1), won.Load(), "exactly one creator wins")
	for i, err := range errs {
		if err != nil {
			requireAlreadyExistsOf(t, err, "config_var", "key")
			continue
		}
		got, err := s.GetConfigVar(t.Context(), c.ULID, "shared")
		require.NoError(t, err)
		requireConfigVar(t, winners[i], got)
	}
}

func testConfigVarCount(t *testing.T, newStore func(t *testing.T) ConfigVarStore) {
	s := newStore(t)
	c := NewCustomer(1)
	create(t, s, c)
	const limit = 5
	var wg sync.WaitGroup
	errs := make([]error, configWriters)
	for i := range configWriters {
		wg.Go(func() {
			errs[i] = s.CreateConfigVar(t.Context(), NewConfigVar(i, c.ULID), func(_ *customer.Customer, n int) error {
				if n >= limit {
					return customerkit.ErrFailedPrecondition
				}
				return nil
			})
		})
	}
	wg.Wait()
	stored := 0
	for _, err := range errs {
		if err == nil {
			stored++
			continue
		}
		require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
	}
	require.Equal(t, limit, stored, "concurrent creations cannot together pass a count check")
	page, err := s.ListConfigVars(t.Context(), &configvar.Query{CustomerID: c.ULID, Limit: 100}, customerkit.Cursor{})
	require.NoError(t, err)
	require.Len(t, page.Items, limit)
}

func testConfigVarUpdate(t *testing.T, newStore func(t *testing.T) ConfigVarStore) {
	s := newStore(t)
	c := NewCustomer(1)
	create(t, s, c)
	v := NewConfigVar(1, c.ULID) // json
	createConfigVars(t, s, v)

	later := v.UpdatedAt.Add(time.Hour)
	var seen *customer.Customer
	got, err := s.UpdateConfigVar(t.Context(), c.ULID, v.Key, func(u *configvar.Variable, cu *customer.Customer) error {
		requireConfigVar(t, v, u)
		seen = cu
		u.Value, u.Description, u.UpdatedAt = `{"n": 2}`, "changed", later
		u.UsedBy = []ulid.ULID{ulid.Make()} // ignored: the store fills it
		return nil
	})
	require.NoError(t, err)
	requireCustomer(t, c, seen)
	want := v.Clone()
	want.Value, want.Description, want.UpdatedAt, want.Version = `{"n": 2}`, "changed", later, 2
	requireConfigVar(t, want, got)
	requireConfigVar(t, want, getConfigVar(t, s, v))

	// A refusing updater writes nothing and its error comes back as is.
	refused := errors.New("refused")
	_, err = s.UpdateConfigVar(t.Context(), c.ULID, v.Key, func(u *configvar.Variable, _ *customer.Customer) error {
		u.Value = "[]"
		return refused
	})
	require.ErrorIs(t, err, refused)
	requireConfigVar(t, want, getConfigVar(t, s, v))

	// The fields that name the variable and its kind are immutable.
	for name, change := range map[string]func(*configvar.Variable){
		"customer_id": func(u *configvar.Variable) { u.CustomerID = ulid.Make() },
		"key":         func(u *configvar.Variable) { u.Key = "renamed" },
		"kind":        func(u *configvar.Variable) { u.Kind = configvar.KindText },
		"created_at":  func(u *configvar.Variable) { u.CreatedAt = u.CreatedAt.Add(time.Minute) },
	} {
		_, err := s.UpdateConfigVar(t.Context(), c.ULID, v.Key, func(u *configvar.Variable, _ *customer.Customer) error {
			change(u)
			return nil
		})
		var ve *customerkit.ValidationError
		require.ErrorAs(t, err, &ve, name)
		require.Len(t, ve.Fields, 1, name)
		require.Equal(t, name, ve.Fields[0].Path)
		require.Equal(t, customerkit.CodeImmutable, ve.Fields[0].Code)
	}
	requireConfigVar(t, want, getConfigVar(t, s, v))
}

func testConfigVarConcurrentUpdate(t *testing.T, newStore func(t *testing.T) ConfigVarStore) {
	s := newStore(t)
	c := NewCustomer(1)
	create(t, s, c)
	v := NewConfigVar(0, c.ULID)
	v.Kind, v.Value = configvar.KindText, ""
	createConfigVars(t, s, v)
	var wg sync.WaitGroup
	errs := make([]error, configWriters)
	for i := range configWriters {
		wg.Go(func() {
			_, errs[i] = s.UpdateConfigVar(t.Context(), c.ULID, v.Key, func(u *configvar.Variable, _ *customer.Customer) error {
				u.Value += fmt.Sprintf("[%02d]", i)
				return nil
			})
		})
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	got := getConfigVar(t, s, v)
	require.Equal(t, int64(1+configWriters), got.Version)
	for i := range configWriters {
		require.Contains(t, got.Value, fmt.Sprintf("[%02d]", i), "no update is lost")
	}
	require.Len(t, got.Value, 4*configWriters)
}

func testConfigVarDelete(t *testing.T, newStore func(t *testing.T) ConfigVarStore) {
	s := newStore(t)
	c := NewCustomer(1)
	create(t, s, c)
	a, b := NewConfigVar(0, c.ULID), NewConfigVar(1, c.ULID)
	createConfigVars(t, s, a, b)

	refused := errors.New("refused")
	var seenVar *configvar.Variable
	var seenCustomer *customer.Customer
	err := s.DeleteConfigVar(t.Context(), c.ULID, a.Key, func(v *configvar.Variable, cu *customer.Customer) error {
		seenVar, seenCustomer = v, cu
		return refused
	})
	require.ErrorIs(t, err, refused)
	requireConfigVar(t, a, seenVar)
	requireCustomer(t, c, seenCustomer)
	requireConfigVar(t, a, getConfigVar(t, s, a))

	require.NoError(t, s.DeleteConfigVar(t.Context(), c.ULID, a.Key, nil))
	_, err = s.GetConfigVar(t.Context(), c.ULID, a.Key)
	requireNotFound(t, err)
	requireNotFound(t, s.DeleteConfigVar(t.Context(), c.ULID, a.Key, nil), "deleted already")
	requireConfigVar(t, b, getConfigVar(t, s, b))

	// The key may be used again, with another kind.
	again := NewConfigVar(2, c.ULID)
	again.Key = a.Key
	createConfigVars(t, s, again)
	requireConfigVar(t, again, getConfigVar(t, s, again))
}

// walkConfigVars lists every variable of customerID, limit at a time.
func walkConfigVars(t testing.TB, s configvar.Store, customerID ulid.ULID, limit int) []*configvar.Variable {
	t.Helper()
	var (
		out   []*configvar.Variable
		after customerkit.Cursor
	)
	for range 1000 {
		page, err := s.ListConfigVars(t.Context(), &configvar.Query{CustomerID: customerID, Limit: limit}, after)
		require.NoError(t, err)
		require.LessOrEqual(t, len(page.Items), limit)
		out = append(out, page.Items...)
		if page.Next.IsZero() {
			return out
		}
		require.NotEmpty(t, page.Items, "a page with a next cursor has items")
		after = page.Next
	}
	t.Fatal("the list does not end")
	return nil
}

func configVarKeys(vs []*configvar.Variable) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Key
	}
	return out
}

func testConfigVarList(t *testing.T, newStore func(t *testing.T) ConfigVarStore) {
	s := newStore(t)
	a, b := NewCustomer(1), NewCustomer(2)
	create(t, s, a, b)
	// Keys whose byte order differs from a case-insensitive or
	// locale-aware one.
	keys := []string{"b", "B", "_x", "a1", "a10", "a2", "Z", "z", "A_b", "ab"}
	var want []*configvar.Variable
	for i, k := range keys {
		v := NewConfigVar(i, a.ULID)
		v.Key = k
		createConfigVars(t, s, v)
		want = append(want, v)
	}
	createConfigVars(t, s, NewConfigVar(0, b.ULID), NewConfigVar(1, b.ULID))
	slices.SortFunc(want, func(x, y *configvar.Variable) int {
		switch {
		case x.Key < y.Key:
			return -1
		case x.Key > y.Key:
			return 1
		}
		return 0
	})
	for _, limit := range []int{1, 3, len(keys), 100} {
		got := walkConfigVars(t, s, a.ULID, limit)
		require.Equal(t, configVarKeys(want), configVarKeys(got), "limit %d", limit)
		for i := range got {
			requireConfigVar(t, want[i], got[i])
		}
	}
	require.Empty(t, walkConfigVars(t, s, ulid.Make(), 10), "no such customer: an empty list")
	page, err := s.ListConfigVars(t.Context(), &configvar.Query{CustomerID: a.ULID, Limit: len(keys)}, customerkit.Cursor{})
	require.NoError(t, err)
	require.Len(t, page.Items, len(keys))
	require.True(t, page.Next.IsZero(), "a full last page has no next cursor")
}

func testConfigVarListStable(t *testing.T, newStore func(t *testing.T) ConfigVarStore) {
	s := newStore(t)
	c := NewCustomer(1)
	create(t, s, c)
	var all []*configvar.Variable
	for i := range 30 {
		v := NewConfigVar(i*2, c.ULID) // var_000, var_002, ...
		createConfigVars(t, s, v)
		all = append(all, v)
	}
	var (
		seen  []string
		after customerkit.Cursor
		n     = 1000
	)
	for {
		page, err := s.ListConfigVars(t.Context(), &configvar.Query{CustomerID: c.ULID, Limit: 4}, after)
		require.NoError(t, err)
		seen = append(seen, configVarKeys(page.Items)...)
		// Between pages: new keys before and after the position, and the
		// deletion of one that was already seen.
		createConfigVars(t, s, NewConfigVar(n, c.ULID), NewConfigVar(1+2*len(seen), c.ULID))
		n++
		if len(page.Items) > 0 {
			require.NoError(t, s.DeleteConfigVar(t.Context(), c.ULID, page.Items[0].Key, nil))
		}
		if page.Next.IsZero() {
			break
		}
		after = page.Next
	}
	for _, v := range all {
		require.Contains(t, seen, v.Key, "a variable there all along is listed")
	}
	require.True(t, slices.IsSorted(seen), "keyset pages keep key order")
	require.Len(t, seen, len(slices.Compact(slices.Clone(seen))), "no variable is listed twice")
}

func testConfigVarInvalidCursor(t *testing.T, newStore func(t *testing.T) ConfigVarStore) {
	s := newStore(t)
	a, b := NewCustomer(1), NewCustomer(2)
	create(t, s, a, b)
	for i := range 3 {
		createConfigVars(t, s, NewConfigVar(i, a.ULID), NewConfigVar(i, b.ULID))
	}
	page, err := s.ListConfigVars(t.Context(), &configvar.Query{CustomerID: a.ULID, Limit: 1}, customerkit.Cursor{})
	require.NoError(t, err)
	require.False(t, page.Next.IsZero())
	_, err = s.ListConfigVars(t.Context(), &configvar.Query{CustomerID: b.ULID, Limit: 1}, page.Next)
	require.ErrorIs(t, err, customerkit.ErrInvalid, "another customer's cursor")
	raw := page.Next.Bytes()
	raw[len(raw)/2] ^= 0x20
	_, err = s.ListConfigVars(t.Context(), &configvar.Query{CustomerID: a.ULID, Limit: 1}, customerkit.NewCursor(raw))
	require.ErrorIs(t, err, customerkit.ErrInvalid, "a tampered cursor")
	_, err = s.ListConfigVars(t.Context(), &configvar.Query{CustomerID: a.ULID, Limit: 1}, customerkit.NewCursor([]byte("nope")))
	require.ErrorIs(t, err, customerkit.ErrInvalid)
}

func testConfigVarReferences(t *testing.T, newStore func(t *testing.T) ConfigVarStore) {
	ctx := t.Context()
	s := newStore(t)
	w := seedRefWorld(t, s, 3)
	v0, v1, v2 := w.vars[0], w.vars[1], w.vars[2]

	i1 := NewInstance(1, w.c.ULID, w.integ.ID)
	i1.Refs = map[string]configvar.Ref{"api_url": refOf(v0), "body": refOf(v1)}
	i1.PrivateRefs = map[string]configvar.Ref{"tenant": refOf(v0)} // the same variable twice
	i2 := NewInstance(2, w.c.ULID, w.integ.ID)
	i2.PrivateRefs = map[string]configvar.Ref{"mapping": refOf(v1)}
	createInstances(t, s, i1, i2)

	got, err := s.GetInstance(ctx, i1.ID)
	require.NoError(t, err)
	requireInstance(t, i1, got)
	requireConfigVar(t, v0, getConfigVar(t, s, v0), i1.ID)
	requireConfigVar(t, v1, getConfigVar(t, s, v1), i1.ID, i2.ID)
	requireConfigVar(t, v2, getConfigVar(t, s, v2))
	list := walkConfigVars(t, s, w.c.ULID, 2)
	require.Equal(t, []ulid.ULID{i1.ID}, list[0].UsedBy)
	require.Equal(t, []ulid.ULID{i1.ID, i2.ID}, list[1].UsedBy)
	require.Empty(t, list[2].UsedBy)
	_, is, err := s.CustomerInstances(ctx, w.c.ULID)
	require.NoError(t, err)
	requireInstance(t, i1, is[0], "CustomerInstances reads the references")

	// An update of the variable returns who uses it; one that keeps the
	// references changes nothing of them.
	up, err := s.UpdateConfigVar(ctx, w.c.ULID, v1.Key, func(u *configvar.Variable, _ *customer.Customer) error {
		u.Value = `{"n": 99}`
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, []ulid.ULID{i1.ID, i2.ID}, up.UsedBy)
	_, err = s.UpdateInstance(ctx, i2.ID, func(u *instance.Instance, _ *customer.Customer) error { u.Name = "renamed"; return nil })
	require.NoError(t, err)
	require.Equal(t, []ulid.ULID{i1.ID, i2.ID}, getConfigVar(t, s, v1).UsedBy)

	// A used variable cannot be deleted, whatever check says, and check
	// is not called.
	called := false
	err = s.DeleteConfigVar(ctx, w.c.ULID, v1.Key, func(*configvar.Variable, *customer.Customer) error { called = true; return nil })
	require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
	var inUse *configvar.InUseError
	require.ErrorAs(t, err, &inUse)
	require.Equal(t, v1.Key, inUse.Key)
	require.Equal(t, []ulid.ULID{i1.ID, i2.ID}, inUse.UsedBy)
	require.False(t, called)
	_, err = s.GetConfigVar(ctx, w.c.ULID, v1.Key)
	require.NoError(t, err, "still there")

	// References move with the instance's updates: i1 drops v1 and takes
	// v2; i2 is deleted.
	_, err = s.UpdateInstance(ctx, i1.ID, func(u *instance.Instance, _ *customer.Customer) error {
		delete(u.Refs, "body")
		u.Refs["extra"] = refOf(v2)
		return nil
	})
	require.NoError(t, err)
	require.NoError(t, s.DeleteInstance(ctx, i2.ID, nil))
	require.Empty(t, getConfigVar(t, s, v1).UsedBy)
	require.Equal(t, []ulid.ULID{i1.ID}, getConfigVar(t, s, v2).UsedBy)
	require.Equal(t, []ulid.ULID{i1.ID}, getConfigVar(t, s, v0).UsedBy)
	require.NoError(t, s.DeleteConfigVar(ctx, w.c.ULID, v1.Key, nil), "unused now")

	// Deleting with a check drops the references too.
	require.NoError(t, s.DeleteInstance(ctx, i1.ID, func(*instance.Instance, *customer.Customer) error { return nil }))
	require.Empty(t, getConfigVar(t, s, v0).UsedBy)
	require.NoError(t, s.DeleteConfigVar(ctx, w.c.ULID, v0.Key, nil))
}

func testConfigVarReferenceRefused(t *testing.T, newStore func(t *testing.T) ConfigVarStore) {
	ctx := t.Context()
	s := newStore(t)
	w := seedRefWorld(t, s, 2)
	v0 := w.vars[0] // text
	otherVar := NewConfigVar(5, w.other.ULID)
	createConfigVars(t, s, otherVar)

	bad := map[string]configvar.Ref{
		"missing":          {Key: "no_such_var", Kind: configvar.KindText},
		"wrong kind":       {Key: v0.Key, Kind: configvar.KindJSON},
		"another customer": refOf(otherVar),
	}
	for name, r := range bad {
		for _, private := range []bool{false, true} {
			i := NewInstance(10, w.c.ULID, w.integ.ID)
			if private {
				i.PrivateRefs = map[string]configvar.Ref{"x": r}
			} else {
				i.Refs = map[string]configvar.Ref{"x": r}
			}
			err := s.CreateInstance(ctx, i, nil)
			require.ErrorIs(t, err, customerkit.ErrFailedPrecondition, "create: %s", name)
			_, err = s.GetInstance(ctx, i.ID)
			requireNotFound(t, err, "create: %s: nothing written", name)
		}
	}

	ok := NewInstance(11, w.c.ULID, w.integ.ID)
	ok.Refs = map[string]configvar.Ref{"api_url": refOf(v0)}
	createInstances(t, s, ok)
	for name, r := range bad {
		_, err := s.UpdateInstance(ctx, ok.ID, func(u *instance.Instance, _ *customer.Customer) error {
			u.Name = "changed"
			u.PrivateRefs = map[string]configvar.Ref{"y": r}
			return nil
		})
		require.ErrorIs(t, err, customerkit.ErrFailedPrecondition, "update: %s", name)
		got, err := s.GetInstance(ctx, ok.ID)
		require.NoError(t, err)
		requireInstance(t, ok, got, "update: %s: nothing written", name)
	}
	require.Equal(t, []ulid.ULID{ok.ID}, getConfigVar(t, s, v0).UsedBy)
	require.Empty(t, getConfigVar(t, s, otherVar).UsedBy)
}

func testConfigVarReferenceRace(t *testing.T, newStore func(t *testing.T) ConfigVarStore) {
	ctx := t.Context()
	s := newStore(t)
	w := seedRefWorld(t, s, 0)
	for round := range 10 {
		v := NewConfigVar(round, w.c.ULID)
		createConfigVars(t, s, v)
		i := NewInstance(20+round, w.c.ULID, w.integ.ID)
		createInstances(t, s, i)
		var (
			wg                sync.WaitGroup
			delErr, updateErr error
		)
		start := make(chan struct{})
		wg.Go(func() {
			<-start
			delErr = s.DeleteConfigVar(ctx, w.c.ULID, v.Key, nil)
		})
		wg.Go(func() {
			<-start
			_, updateErr = s.UpdateInstance(ctx, i.ID, func(u *instance.Instance, _ *customer.Customer) error {
				u.Refs = map[string]configvar.Ref{"api_url": refOf(v)}
				return nil
			})
		})
		close(start)
		wg.Wait()
		got, err := s.GetInstance(ctx, i.ID)
		require.NoError(t, err)
		cur, getErr := s.GetConfigVar(ctx, w.c.ULID, v.Key)
		switch {
		case delErr == nil:
			// The variable went first: the reference was refused.
			require.ErrorIs(t, updateErr, customerkit.ErrFailedPrecondition, "round %d", round)
			require.Empty(t, got.Refs, "round %d", round)
			requireNotFound(t, getErr, "round %d", round)
		default:
			// The reference came first: the variable stays, used.
			require.ErrorIs(t, delErr, customerkit.ErrFailedPrecondition, "round %d", round)
			require.NoError(t, updateErr, "round %d", round)
			require.NoError(t, getErr, "round %d", round)
			require.Equal(t, []ulid.ULID{i.ID}, cur.UsedBy, "round %d", round)
			require.Equal(t, refOf(v), got.Refs["api_url"], "round %d", round)
		}
	}
}

func testConfigVarIsolation(t *testing.T, newStore func(t *testing.T) ConfigVarStore) {
	ctx := t.Context()
	s := newStore(t)
	w := seedRefWorld(t, s, 0)
	v := NewConfigVar(0, w.c.ULID)
	want := v.Clone()
	createConfigVars(t, s, v)
	i := NewInstance(1, w.c.ULID, w.integ.ID)
	i.Refs = map[string]configvar.Ref{"api_url": refOf(v)}
	createInstances(t, s, i)
	mutate := func(x *configvar.Variable) {
		x.Value, x.Description = "changed", "changed"
		if len(x.UsedBy) > 0 {
			x.UsedBy[0] = ulid.Make()
		}
		x.UsedBy = append(x.UsedBy, ulid.Make())
	}
	mutate(v)
	got := getConfigVar(t, s, want)
	mutate(got)
	page, err := s.ListConfigVars(ctx, &configvar.Query{CustomerID: w.c.ULID, Limit: 10}, customerkit.Cursor{})
	require.NoError(t, err)
	mutate(page.Items[0])
	_, err = s.UpdateConfigVar(ctx, w.c.ULID, want.Key, func(u *configvar.Variable, c *customer.Customer) error {
		mutate(u)
		c.Name = "changed"
		return errors.New("refused")
	})
	require.Error(t, err)
	unused := NewConfigVar(1, w.c.ULID)
	require.NoError(t, s.CreateConfigVar(ctx, unused, func(c *customer.Customer, _ int) error {
		c.Name = "changed"
		return nil
	}))
	err = s.DeleteConfigVar(ctx, w.c.ULID, unused.Key, func(u *configvar.Variable, c *customer.Customer) error {
		mutate(u)
		c.Name = "changed"
		return errors.New("refused")
	})
	require.Error(t, err)
	requireConfigVar(t, want, getConfigVar(t, s, want), i.ID)
	requireConfigVar(t, unused, getConfigVar(t, s, unused))
	requireCustomer(t, w.c, get(t, s, w.c))

	// A reference map changed after the write changes nothing stored.
	i.Refs["api_url"] = configvar.Ref{Key: "other", Kind: configvar.KindXML}
	got2, err := s.GetInstance(ctx, i.ID)
	require.NoError(t, err)
	require.Equal(t, refOf(want), got2.Refs["api_url"])
	got2.Refs["api_url"] = configvar.Ref{Key: "other"}
	got3, err := s.GetInstance(ctx, i.ID)
	require.NoError(t, err)
	require.Equal(t, refOf(want), got3.Refs["api_url"])
}

func testConfigVarDeleteCustomer(t *testing.T, newStore func(t *testing.T) ConfigVarStore) {
	ctx := t.Context()
	s := newStore(t)
	w := seedRefWorld(t, s, 3)
	kept := NewConfigVar(0, w.other.ULID)
	createConfigVars(t, s, kept)
	i := NewInstance(1, w.c.ULID, w.integ.ID)
	i.Refs = map[string]configvar.Ref{"api_url": refOf(w.vars[0])}
	j := NewInstance(2, w.other.ULID, w.integ.ID)
	j.Refs = map[string]configvar.Ref{"api_url": refOf(kept)}
	createInstances(t, s, i, j)

	require.NoError(t, s.DeleteCustomer(ctx, w.c.ULID, nil))
	for _, v := range w.vars {
		_, err := s.GetConfigVar(ctx, w.c.ULID, v.Key)
		requireNotFound(t, err, "the customer's variables go with it")
	}
	require.Empty(t, walkConfigVars(t, s, w.c.ULID, 10))
	requireConfigVar(t, kept, getConfigVar(t, s, kept), j.ID)

	// A new customer with the same keys starts with nothing of the old.
	c := NewCustomer(952)
	create(t, s, c)
	fresh := NewConfigVar(0, c.ULID)
	createConfigVars(t, s, fresh)
	requireConfigVar(t, fresh, getConfigVar(t, s, fresh))
}

func testConfigVarContextCanceled(t *testing.T, newStore func(t *testing.T) ConfigVarStore) {
	s := newStore(t)
	c := NewCustomer(1)
	create(t, s, c)
	v := NewConfigVar(0, c.ULID)
	createConfigVars(t, s, v)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	require.ErrorIs(t, s.CreateConfigVar(ctx, NewConfigVar(1, c.ULID), nil), context.Canceled)
	_, err := s.GetConfigVar(ctx, c.ULID, v.Key)
	require.ErrorIs(t, err, context.Canceled)
	_, err = s.UpdateConfigVar(ctx, c.ULID, v.Key, func(u *configvar.Variable, _ *customer.Customer) error { u.Value = "x"; return nil })
	require.ErrorIs(t, err, context.Canceled)
	require.ErrorIs(t, s.DeleteConfigVar(ctx, c.ULID, v.Key, nil), context.Canceled)
	_, err = s.ListConfigVars(ctx, &configvar.Query{CustomerID: c.ULID, Limit: 10}, customerkit.Cursor{})
	require.ErrorIs(t, err, context.Canceled)
	requireConfigVar(t, v, getConfigVar(t, s, v), nil...)
	require.Len(t, walkConfigVars(t, s, c.ULID, 10), 1, "nothing was written")
}
