package customer_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/metadata"
	"github.com/customerkit/customerkit/storage/memstore"
)

// clock is a deterministic NowFunc that advances one second per call.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func newService(t testing.TB, opts *customer.Options) *customer.Service {
	t.Helper()
	if opts == nil {
		opts = &customer.Options{}
	}
	if opts.NowFunc == nil {
		opts.NowFunc = (&clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}).Now
	}
	return customer.NewService(memstore.New(), opts)
}

func TestCreateFillsGeneratedFields(t *testing.T) {
	t.Parallel()
	svc := newService(t, nil)
	ctx := t.Context()

	in := minimal()
	c, err := svc.Create(ctx, in)
	require.NoError(t, err)
	assert.False(t, c.ULID.IsZero(), "ulid")
	assert.NotEqual(t, [16]byte{}, [16]byte(c.UUID), "uuid")
	assert.Len(t, c.Key, customer.KeyLength, "customer key")
	assert.Equal(t, "analytical-engines-ltd", c.Subdomain)
	assert.Equal(t, "Analytical Engines Ltd", c.Name)
	assert.Equal(t, customer.StatusActive, c.Status)
	assert.Equal(t, int64(1), c.Version)
	assert.Equal(t, time.UTC, c.CreatedAt.Location())
	assert.Equal(t, c.CreatedAt, c.UpdatedAt)
	assert.Empty(t, in.Key, "the input is not changed")

	got, err := svc.Get(ctx, c.ULID)
	require.NoError(t, err)
	assert.Equal(t, c, got)
}

func TestCreatePersonalMinimal(t *testing.T) {
	t.Parallel()
	svc := newService(t, nil)
	c, err := svc.Create(t.Context(), &customer.Customer{
		Type: customer.TypePersonal, FirstName: "José", LastName: "Núñez", Email: "jose@example.es", Country: "ES", Currency: "EUR",
	})
	require.NoError(t, err)
	assert.Equal(t, "José Núñez", c.Name)
	assert.Equal(t, "jose-nunez", c.Subdomain)
}

func TestCreateValidationError(t *testing.T) {
	t.Parallel()
	svc := newService(t, nil)
	_, err := svc.Create(t.Context(), &customer.Customer{Type: customer.TypeBusiness, Email: "x"})
	codes := fieldCodes(t, err)
	assert.Equal(t, customerkit.CodeInvalid, codes["email"])
	assert.Equal(t, customerkit.CodeRequired, codes["company_name"])
	assert.Equal(t, customerkit.CodeRequired, codes["country"])

	c := minimal()
	c.Status = customer.StatusTerminated
	_, err = svc.Create(t.Context(), c)
	assert.Equal(t, customerkit.CodeInvalid, fieldCodes(t, err)["status"])
}

func TestSubdomainCollisionsResolveDeterministically(t *testing.T) {
	t.Parallel()
	svc := newService(t, nil)
	ctx := t.Context()
	var subs []string
	for i := range 4 {
		c := minimal()
		c.CompanyName = "Acme"
		c.Email = fmt.Sprintf("ops%d@acme.test", i)
		got, err := svc.Create(ctx, c)
		require.NoError(t, err)
		subs = append(subs, got.Subdomain)
	}
	assert.Equal(t, []string{"acme", "acme-2", "acme-3", "acme-4"}, subs)

	// A name whose base is reserved skips to the next candidate.
	c := minimal()
	c.CompanyName = "API"
	c.Email = "api@acme.test"
	got, err := svc.Create(ctx, c)
	require.NoError(t, err)
	assert.Equal(t, "api-2", got.Subdomain)

	// A name with no Latin transliteration still gets a subdomain.
	c = minimal()
	c.CompanyName = "株式会社"
	c.Email = "kk@acme.test"
	got, err = svc.Create(ctx, c)
	require.NoError(t, err)
	assert.Equal(t, "customer", got.Subdomain)
}

func TestCreateUniqueness(t *testing.T) {
	t.Parallel()
	svc := newService(t, nil)
	ctx := t.Context()
	first := complete()
	first.Subdomain = "engines"
	_, err := svc.Create(ctx, first)
	require.NoError(t, err)

	tests := []struct {
		field  string
		change func(c *customer.Customer)
	}{
		{"email", func(c *customer.Customer) { c.Email = "ADA@EXAMPLE.COM" }},
		{"subdomain", func(c *customer.Customer) { c.Subdomain = "Engines" }},
		{"hostname", func(c *customer.Customer) { c.Hostname = "ENGINES.example.com" }},
		{"external_id", func(c *customer.Customer) { c.ExternalID = "CRM-0042" }},
	}
	for _, tc := range tests {
		c := minimal()
		c.Email = "other-" + tc.field + "@example.com"
		tc.change(c)
		_, err := svc.Create(ctx, c)
		require.ErrorIs(t, err, customerkit.ErrAlreadyExists, tc.field)
		var ae *customerkit.AlreadyExistsError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, tc.field, ae.Field)
	}
}

func TestGetBy(t *testing.T) {
	t.Parallel()
	svc := newService(t, nil)
	ctx := t.Context()
	in := complete()
	in.Subdomain = "engines"
	c, err := svc.Create(ctx, in)
	require.NoError(t, err)
	lookups := map[customer.By]string{
		customer.ByULID:       c.ULID.String(),
		customer.ByUUID:       c.UUID.String(),
		customer.ByEmail:      "  ADA@Example.com ",
		customer.ByExternalID: "CRM-0042",
		customer.ByKey:        c.Key,
		customer.BySubdomain:  "ENGINES",
		customer.ByHostname:   "Engines.Example.com.",
	}
	for by, v := range lookups {
		got, err := svc.GetBy(ctx, by, v)
		require.NoError(t, err, by)
		assert.Equal(t, c.ULID, got.ULID, by)
	}
	_, err = svc.GetBy(ctx, customer.ByEmail, "nobody@example.com")
	assert.ErrorIs(t, err, customerkit.ErrNotFound)
	_, err = svc.GetBy(ctx, customer.ByHostname, "")
	assert.ErrorIs(t, err, customerkit.ErrNotFound)
	_, err = svc.GetBy(ctx, customer.ByULID, "not-a-ulid")
	assert.ErrorIs(t, err, customerkit.ErrInvalid)
	_, err = svc.GetBy(ctx, "phone", "1")
	assert.ErrorIs(t, err, customerkit.ErrInvalid)
	_, err = svc.Get(ctx, ulid.Make())
	assert.ErrorIs(t, err, customerkit.ErrNotFound)
}

func TestUpdate(t *testing.T) {
	t.Parallel()
	svc := newService(t, nil)
	ctx := t.Context()
	c, err := svc.Create(ctx, minimal())
	require.NoError(t, err)

	got, err := svc.Update(ctx, c.ULID, func(c *customer.Customer) error {
		c.Description = "  Engines  "
		c.Telephones = []customer.Telephone{{Type: customer.PhoneMobile, Number: "07400 123456"}}
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, "Engines", got.Description)
	assert.Equal(t, "+447400123456", got.Telephones[0].Number, "parsed with the customer's country")
	assert.Equal(t, int64(2), got.Version)
	assert.True(t, got.UpdatedAt.After(c.UpdatedAt))
	assert.Equal(t, c.CreatedAt, got.CreatedAt)

	// Immutable fields.
	_, err = svc.Update(ctx, c.ULID, func(c *customer.Customer) error { c.Key = "otherkey1"; c.Version = 9; return nil })
	codes := fieldCodes(t, err)
	assert.Equal(t, customerkit.CodeImmutable, codes["customer_key"])
	assert.Equal(t, customerkit.CodeImmutable, codes["version"])

	// Invalid result: nothing written.
	_, err = svc.Update(ctx, c.ULID, func(c *customer.Customer) error { c.Email = "broken"; return nil })
	assert.ErrorIs(t, err, customerkit.ErrInvalid)

	// The updater's own error comes back as is.
	boom := errors.New("boom")
	_, err = svc.Update(ctx, c.ULID, func(*customer.Customer) error { return boom })
	assert.Same(t, boom, err)

	after, err := svc.Get(ctx, c.ULID)
	require.NoError(t, err)
	assert.Equal(t, got, after, "failed updates wrote nothing")

	_, err = svc.Update(ctx, ulid.Make(), func(*customer.Customer) error { return nil })
	assert.ErrorIs(t, err, customerkit.ErrNotFound)
}

func TestUpdateIfMatch(t *testing.T) {
	t.Parallel()
	svc := newService(t, nil)
	ctx := t.Context()
	c, err := svc.Create(ctx, minimal())
	require.NoError(t, err)
	_, err = svc.UpdateIfMatch(ctx, c.ULID, c.Version, func(c *customer.Customer) error { c.Description = "v2"; return nil })
	require.NoError(t, err)
	_, err = svc.UpdateIfMatch(ctx, c.ULID, c.Version, func(c *customer.Customer) error { c.Description = "stale"; return nil })
	assert.ErrorIs(t, err, customerkit.ErrConflict)
	got, _ := svc.Get(ctx, c.ULID)
	assert.Equal(t, "v2", got.Description)
	_, err = svc.UpdateIfMatch(ctx, c.ULID, 0, func(*customer.Customer) error { return nil })
	assert.ErrorIs(t, err, customerkit.ErrInvalid)
}

func TestStatusChangesAndDelete(t *testing.T) {
	t.Parallel()
	svc := newService(t, nil)
	ctx := t.Context()
	c, err := svc.Create(ctx, minimal())
	require.NoError(t, err)

	err = svc.Delete(ctx, c.ULID)
	assert.ErrorIs(t, err, customerkit.ErrFailedPrecondition, "an active customer cannot be deleted")

	for _, to := range []customer.Status{customer.StatusSuspended, customer.StatusInactive, customer.StatusActive, customer.StatusTerminated} {
		got, err := svc.SetStatus(ctx, c.ULID, to)
		require.NoError(t, err, to)
		assert.Equal(t, to, got.Status)
	}
	_, err = svc.SetStatus(ctx, c.ULID, customer.StatusActive)
	assert.ErrorIs(t, err, customerkit.ErrFailedPrecondition, "terminated is final")
	_, err = svc.Update(ctx, c.ULID, func(c *customer.Customer) error { c.Status = customer.StatusActive; return nil })
	assert.ErrorIs(t, err, customerkit.ErrFailedPrecondition, "updates obey the transitions too")
	_, err = svc.SetStatus(ctx, c.ULID, "gone")
	assert.ErrorIs(t, err, customerkit.ErrInvalid)

	require.NoError(t, svc.Delete(ctx, c.ULID))
	_, err = svc.Get(ctx, c.ULID)
	assert.ErrorIs(t, err, customerkit.ErrNotFound)
	assert.ErrorIs(t, svc.Delete(ctx, c.ULID), customerkit.ErrNotFound)
}

func TestMetadataMergeAndReplace(t *testing.T) {
	t.Parallel()
	svc := newService(t, nil)
	ctx := t.Context()
	in := minimal()
	in.Metadata = metadata.Metadata{"plan": "basic", "limits": map[string]any{"api": 10, "seats": 5}, "tags": []any{"a"}}
	c, err := svc.Create(ctx, in)
	require.NoError(t, err)

	got, err := svc.MergeMetadata(ctx, c.ULID, metadata.Metadata{"plan": nil, "limits": map[string]any{"api": 20, "seats": nil}, "tags": []any{"b"}, "new": true})
	require.NoError(t, err)
	assert.Equal(t, metadata.Metadata{"limits": map[string]any{"api": 20.0}, "tags": []any{"b"}, "new": true}, got.Metadata)

	_, err = svc.MergeMetadata(ctx, c.ULID, metadata.Metadata{"bad": map[string]any{"deep": map[string]any{"x": 1}}})
	assert.ErrorIs(t, err, customerkit.ErrInvalid)

	_, err = svc.ReplaceMetadata(ctx, c.ULID, c.Version, metadata.Metadata{"x": 1})
	assert.ErrorIs(t, err, customerkit.ErrConflict, "replace is guarded by the version")
	got, err = svc.ReplaceMetadata(ctx, c.ULID, got.Version, metadata.Metadata{"x": 1})
	require.NoError(t, err)
	assert.Equal(t, metadata.Metadata{"x": 1.0}, got.Metadata)
}

func TestConcurrentMetadataMergesLoseNothing(t *testing.T) {
	t.Parallel()
	svc := newService(t, nil)
	ctx := t.Context()
	c, err := svc.Create(ctx, minimal())
	require.NoError(t, err)
	const n = 40
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, err := svc.MergeMetadata(ctx, c.ULID, metadata.Metadata{fmt.Sprintf("k%02d", i): i})
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	got, err := svc.Get(ctx, c.ULID)
	require.NoError(t, err)
	assert.Len(t, got.Metadata, n)
	assert.Equal(t, int64(1+n), got.Version)
}

func TestMergeSettings(t *testing.T) {
	t.Parallel()
	schema := &customer.SettingsSchema{Settings: []customer.Setting{{Name: "seats", Kind: customer.KindNumber}, {Name: "sso", Kind: customer.KindBool}}}
	svc := newService(t, &customer.Options{Settings: schema})
	ctx := t.Context()
	c, err := svc.Create(ctx, minimal())
	require.NoError(t, err)
	got, ignored, err := svc.MergeSettings(ctx, c.ULID, customer.Settings{"seats": 3, "colour": "red"})
	require.NoError(t, err)
	assert.Equal(t, []string{"colour"}, ignored)
	assert.Equal(t, customer.Settings{"seats": 3.0}, got.Settings)
	got, _, err = svc.MergeSettings(ctx, c.ULID, customer.Settings{"seats": nil, "sso": true})
	require.NoError(t, err)
	assert.Equal(t, customer.Settings{"sso": true}, got.Settings)
	_, _, err = svc.MergeSettings(ctx, c.ULID, customer.Settings{"sso": "yes"})
	assert.ErrorIs(t, err, customerkit.ErrInvalid)

	strict := newService(t, &customer.Options{Settings: &customer.SettingsSchema{Settings: schema.Settings, Strict: true}})
	c, err = strict.Create(ctx, minimal())
	require.NoError(t, err)
	_, _, err = strict.MergeSettings(ctx, c.ULID, customer.Settings{"colour": "red"})
	assert.ErrorIs(t, err, customerkit.ErrInvalid)
}

func TestHierarchy(t *testing.T) {
	t.Parallel()
	svc := newService(t, &customer.Options{MaxDepth: 3})
	ctx := t.Context()
	mk := func(name string, parent ulid.ULID) (*customer.Customer, error) {
		c := minimal()
		c.CompanyName = name
		c.Email = name + "@example.com"
		c.ParentID = parent
		return svc.Create(ctx, c)
	}
	root, err := mk("root", ulid.ULID{})
	require.NoError(t, err)
	child, err := mk("child", root.ULID)
	require.NoError(t, err)
	grand, err := mk("grand", child.ULID)
	require.NoError(t, err)
	_, err = mk("too-deep", grand.ULID)
	assert.ErrorIs(t, err, customerkit.ErrFailedPrecondition, "depth limit")
	_, err = mk("orphan", ulid.Make())
	assert.ErrorIs(t, err, customerkit.ErrNotFound, "unknown parent")

	page, err := svc.Children(ctx, root.ULID, customerkit.Cursor{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.Equal(t, child.ULID, page.Items[0].ULID)

	// Cycles are refused.
	_, err = svc.Update(ctx, root.ULID, func(c *customer.Customer) error { c.ParentID = grand.ULID; return nil })
	assert.ErrorIs(t, err, customerkit.ErrInvalid)
	_, err = svc.Update(ctx, root.ULID, func(c *customer.Customer) error { c.ParentID = root.ULID; return nil })
	assert.ErrorIs(t, err, customerkit.ErrInvalid)

	// Moving a subtree under another keeps the depth limit.
	other, err := mk("other", ulid.ULID{})
	require.NoError(t, err)
	_, err = svc.Update(ctx, child.ULID, func(c *customer.Customer) error { c.ParentID = other.ULID; return nil })
	require.NoError(t, err, "child+grand under other is 3 levels")
	otherChild, err := mk("other-child", other.ULID)
	require.NoError(t, err)
	_, err = svc.Update(ctx, child.ULID, func(c *customer.Customer) error { c.ParentID = otherChild.ULID; return nil })
	assert.ErrorIs(t, err, customerkit.ErrFailedPrecondition, "child+grand under other-child would be 4 levels")

	// A parent with children cannot be deleted.
	_, err = svc.SetStatus(ctx, other.ULID, customer.StatusTerminated)
	require.NoError(t, err)
	assert.ErrorIs(t, svc.Delete(ctx, other.ULID), customerkit.ErrFailedPrecondition)
}

func TestListAndSearch(t *testing.T) {
	t.Parallel()
	svc := newService(t, nil)
	ctx := t.Context()
	names := []string{"Émile Zola SARL", "zeta corp", "Alpha GmbH", "alpine tools", "Beta Ltd", "ÅNGSTRÖM AB"}
	for i, n := range names {
		c := minimal()
		c.CompanyName = n
		c.Email = fmt.Sprintf("c%d@example.com", i)
		c.Labels = []string{"all"}
		if i%2 == 0 {
			c.Labels = append(c.Labels, "even")
			c.Metadata = metadata.Metadata{"plan": "pro"}
		}
		created, err := svc.Create(ctx, c)
		require.NoError(t, err)
		if i == 4 {
			_, err = svc.SetStatus(ctx, created.ULID, customer.StatusSuspended)
			require.NoError(t, err)
		}
	}
	collect := func(q *customer.Query) []string {
		var out []string
		for c, err := range svc.All(ctx, q) {
			require.NoError(t, err)
			out = append(out, c.Name)
		}
		return out
	}
	assert.Equal(t, []string{"Alpha GmbH", "alpine tools", "ÅNGSTRÖM AB", "Beta Ltd", "Émile Zola SARL", "zeta corp"},
		collect(&customer.Query{Order: customer.OrderName, Limit: 2}), "name order ignores case and accents")
	assert.Equal(t, []string{"zeta corp", "Émile Zola SARL", "Beta Ltd", "ÅNGSTRÖM AB", "alpine tools", "Alpha GmbH"},
		collect(&customer.Query{Order: customer.OrderNameDesc, Limit: 4}))
	assert.Equal(t, names, collect(&customer.Query{Limit: 1}), "creation order by default")
	assert.Equal(t, []string{"Émile Zola SARL"}, collect(&customer.Query{Name: "EMILE"}), "accent-insensitive search")
	assert.Equal(t, []string{"Alpha GmbH", "alpine tools"}, collect(&customer.Query{Name: "alp", Order: customer.OrderName}))
	assert.Equal(t, []string{"Beta Ltd"}, collect(&customer.Query{Statuses: []customer.Status{customer.StatusSuspended}}))
	assert.Equal(t, []string{"Émile Zola SARL", "Alpha GmbH", "Beta Ltd"}, collect(&customer.Query{Labels: []string{"EVEN", "all"}}))
	assert.Equal(t, []string{"Émile Zola SARL", "Alpha GmbH", "Beta Ltd"}, collect(&customer.Query{Metadata: &customer.MetadataMatch{Key: "plan", Value: "pro"}}))
	assert.Equal(t, []string{"zeta corp"}, collect(&customer.Query{Email: "C1@EXAMPLE.COM"}))

	_, err := svc.List(ctx, &customer.Query{Order: "size"}, customerkit.Cursor{})
	assert.ErrorIs(t, err, customerkit.ErrInvalid)
	_, err = svc.List(ctx, &customer.Query{Countries: []string{"UK"}}, customerkit.Cursor{})
	assert.ErrorIs(t, err, customerkit.ErrInvalid)
}

func TestQueryIsASavedFilter(t *testing.T) {
	t.Parallel()
	q := &customer.Query{Name: "acme", Statuses: []customer.Status{customer.StatusActive}, Countries: []string{"de"}, Order: customer.OrderNameDesc,
		Metadata: &customer.MetadataMatch{Key: "plan", Value: "pro"}, CreatedFrom: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Limit: 20}
	n, err := q.Normalize()
	require.NoError(t, err)
	b, err := jsonRoundTrip(n)
	require.NoError(t, err)
	assert.Equal(t, n, b)
	assert.Equal(t, []string{"DE"}, n.Countries)
}

func TestContextCancelled(t *testing.T) {
	t.Parallel()
	svc := newService(t, nil)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := svc.Create(ctx, minimal())
	assert.ErrorIs(t, err, context.Canceled)
}

func TestCreateIsSafeUnderConcurrency(t *testing.T) {
	t.Parallel()
	svc := newService(t, &customer.Options{NowFunc: time.Now})
	ctx := t.Context()
	var wg sync.WaitGroup
	var mu sync.Mutex
	subs := map[string]bool{}
	for i := range 20 {
		wg.Go(func() {
			c := minimal()
			c.CompanyName = "Same Name"
			c.Email = fmt.Sprintf("p%d-%d@example.com", i, rand.IntN(1000))
			got, err := svc.Create(ctx, c)
			if assert.NoError(t, err) {
				mu.Lock()
				subs[got.Subdomain] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	assert.Len(t, subs, 20, "every concurrent creator got its own subdomain")
	assert.True(t, subs["same-name"])
}

func jsonRoundTrip(q *customer.Query) (*customer.Query, error) {
	b, err := json.Marshal(q)
	if err != nil {
		return nil, err
	}
	var out customer.Query
	err = json.Unmarshal(b, &out)
	return &out, err
}
