package storagetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/metadata"
)

// listNames are the display names of the list fixtures: several pairs
// share a SearchKey (case, accents, ß), so name order falls back to ULID.
var listNames = []string{
	"Émile Zola SARL", "emile zola sarl", "Müller GmbH", "MULLER AG",
	"Zoë & Co", "zoe und co", "Ångström Labs", "Acme Corp",
	"acme corp", "Björk Studio", "O'Neil Ltd", "100% Organic",
	"Straße Bau GmbH", "STRASSE BAU GMBH", "Łódź Logistics", "Ærø Shipping",
}

var listDescriptions = []string{
	"Priority support, weekly call", "standard account", "PRIORITÄT hoch", "",
	"Reseller in the DACH region", "priority onboarding",
}

// listFixtures returns 48 customers that vary in every field a Query
// filters on or orders by. Customers 2k and 2k+1 share a creation time;
// customers 40 to 47 are children of customers 0 and 1.
func listFixtures() []*customer.Customer {
	countries := []string{"DE", "FR", "US", "BR", "JP"}
	plans := []string{"free", "pro", "enterprise"}
	out := make([]*customer.Customer, 0, 48)
	for i := range 48 {
		c := NewCustomer(i)
		c.Status = customer.Statuses()[i%4]
		if i%3 == 0 {
			c.Type = customer.TypePersonal
		}
		c.Country = countries[i%5]
		c.Labels = nil
		if i%2 == 0 {
			c.Labels = append(c.Labels, "vip")
		}
		if i%3 == 0 {
			c.Labels = append(c.Labels, "beta")
		}
		if i%7 == 0 {
			c.Labels = append(c.Labels, "churn-risk")
		}
		c.CreatedAt = Epoch.Add(time.Duration(i/2) * time.Hour)
		c.UpdatedAt = c.CreatedAt
		c.Name = listNames[i%len(listNames)]
		c.Description = listDescriptions[i%len(listDescriptions)]
		c.Metadata = metadata.Metadata{
			"plan":   plans[i%3],
			"seats":  float64(i % 4 * 5),
			"trial":  i%2 == 0,
			"limits": map[string]any{"api": 100.0},
			"tags":   []any{"a", "b"},
		}
		if i%4 == 1 {
			c.Email = fmt.Sprintf("Billing.%d@example.com", i)
		}
		if i%3 == 2 {
			c.Hostname = ""
		}
		if i%5 == 4 {
			c.ExternalID = ""
		}
		if i >= 40 {
			c.ParentID = out[i%2].ULID
		}
		out = append(out, c)
	}
	return out
}

// seedList stores the list fixtures, parents first and the rest in an
// order unrelated to any sort order, and returns them.
func seedList(t testing.TB, s customer.Store) []*customer.Customer {
	t.Helper()
	fx := listFixtures()
	create(t, s, fx[0], fx[1])
	for k := range len(fx) - 2 {
		create(t, s, fx[2+(k*29)%(len(fx)-2)]) // 29 is prime to 46: a permutation
	}
	return fx
}

type listQuery struct {
	name string
	q    customer.Query
	// empty is set when the query matches no fixture.
	empty bool
}

// listQueries returns a query for every filter of customer.Query, alone
// and combined.
func listQueries(fx []*customer.Customer) []listQuery {
	return []listQuery{
		{name: "All"},
		{name: "Name", q: customer.Query{Name: "müller"}},
		{name: "NameIgnoresAccentsAndCase", q: customer.Query{Name: "EMILE"}},
		{name: "NameSharpS", q: customer.Query{Name: "straße"}},
		{name: "NameNoMatch", q: customer.Query{Name: "zzz"}, empty: true},
		{name: "Description", q: customer.Query{Description: "priorit"}},
		{name: "Email", q: customer.Query{Email: "billing.5@example.com"}},
		{name: "EmailIgnoresCase", q: customer.Query{Email: "BILLING.9@EXAMPLE.COM"}},
		{name: "EmailNoMatch", q: customer.Query{Email: "nobody@example.com"}, empty: true},
		{name: "ExternalID", q: customer.Query{ExternalID: fx[7].ExternalID}},
		{name: "Status", q: customer.Query{Statuses: []customer.Status{customer.StatusSuspended}}},
		{name: "Statuses", q: customer.Query{Statuses: []customer.Status{customer.StatusActive, customer.StatusTerminated}}},
		{name: "Type", q: customer.Query{Types: []customer.Type{customer.TypePersonal}}},
		{name: "Countries", q: customer.Query{Countries: []string{"fr", "US"}}},
		{name: "Label", q: customer.Query{Labels: []string{"vip"}}},
		{name: "LabelsAll", q: customer.Query{Labels: []string{"VIP", "beta"}}},
		{name: "Parent", q: customer.Query{ParentID: fx[0].ULID}},
		{name: "CreatedFrom", q: customer.Query{CreatedFrom: Epoch.Add(5 * time.Hour)}},
		{name: "CreatedTo", q: customer.Query{CreatedTo: Epoch.Add(5 * time.Hour)}},
		{name: "CreatedRange", q: customer.Query{CreatedFrom: Epoch.Add(3 * time.Hour), CreatedTo: Epoch.Add(15 * time.Hour)}},
		{name: "CreatedRangeOtherZone", q: customer.Query{
			CreatedFrom: Epoch.Add(3 * time.Hour).In(time.FixedZone("UTC+5", 5*3600)),
			CreatedTo:   Epoch.Add(15 * time.Hour).In(time.FixedZone("UTC-3", -3*3600)),
		}},
		{name: "MetadataString", q: customer.Query{Metadata: &customer.MetadataMatch{Key: "plan", Value: "pro"}}},
		{name: "MetadataNumber", q: customer.Query{Metadata: &customer.MetadataMatch{Key: "seats", Value: 10}}},
		{name: "MetadataBool", q: customer.Query{Metadata: &customer.MetadataMatch{Key: "trial", Value: true}}},
		{name: "MetadataMissingKey", q: customer.Query{Metadata: &customer.MetadataMatch{Key: "nope", Value: "x"}}, empty: true},
		{name: "Combined", q: customer.Query{
			Name:      "gmbh",
			Statuses:  []customer.Status{customer.StatusActive, customer.StatusInactive},
			Countries: []string{"DE", "BR"},
			Labels:    []string{"vip"},
		}},
		{name: "CombinedWithParent", q: customer.Query{
			ParentID:    fx[1].ULID,
			Description: "priority",
			Metadata:    &customer.MetadataMatch{Key: "trial", Value: false},
		}},
	}
}

// listAll returns every customer q matches, walking all pages (the page
// size is q.Limit), checking the page rules on the way: no page is larger
// than q.Limit, and a page has a Next cursor exactly when another customer
// follows, so no page after the first is empty. Cursors travel through
// their text form.
func listAll(t testing.TB, s customer.Store, q *customer.Query) []*customer.Customer {
	t.Helper()
	var all []*customer.Customer
	var after customerkit.Cursor
	for pages := 0; ; pages++ {
		require.Less(t, pages, 1000, "the walk does not end")
		page, err := s.ListCustomers(t.Context(), q, after)
		require.NoError(t, err)
		require.LessOrEqual(t, len(page.Items), q.Limit, "page %d is larger than the limit", pages)
		if pages > 0 {
			require.NotEmpty(t, page.Items, "page %d is empty, yet the page before had a Next cursor", pages)
		}
		all = append(all, page.Items...)
		if page.Next.IsZero() {
			return all
		}
		after, err = customerkit.ParseCursor(page.Next.String())
		require.NoError(t, err)
	}
}

func testListFilters(t *testing.T, newStore func(t *testing.T) customer.Store) {
	s := newStore(t)
	fx := seedList(t, s)
	for _, lq := range listQueries(fx) {
		for _, o := range customer.Orders() {
			t.Run(lq.name+"/"+string(o), func(t *testing.T) {
				q := lq.q
				q.Order, q.Limit = o, customer.MaxLimit
				n := normalize(t, q)
				want := expected(n, fx)
				require.Equal(t, lq.empty, len(want) == 0, "test case: the query should match %s", map[bool]string{true: "nothing", false: "something"}[!lq.empty])
				page, err := s.ListCustomers(t.Context(), n, customerkit.Cursor{})
				require.NoError(t, err)
				require.Equal(t, ids(want), ids(page.Items))
				require.True(t, page.Next.IsZero(), "Next is set on the only page")
				for i := range want {
					requireCustomer(t, want[i], page.Items[i])
				}
			})
		}
	}
}

func testListPaging(t *testing.T, newStore func(t *testing.T) customer.Store) {
	s := newStore(t)
	fx := seedList(t, s)
	queries := listQueries(fx)
	for _, size := range []int{1, 2, 3, 7, 12, 47, 48, 49} {
		for _, lq := range queries {
			for _, o := range customer.Orders() {
				t.Run(fmt.Sprintf("%d/%s/%s", size, lq.name, o), func(t *testing.T) {
					q := lq.q
					q.Order, q.Limit = o, size
					n := normalize(t, q)
					require.Equal(t, ids(expected(n, fx)), ids(listAll(t, s, n)))
				})
			}
		}
	}
	t.Run("DefaultLimit", func(t *testing.T) {
		n := normalize(t, customer.Query{})
		page, err := s.ListCustomers(t.Context(), n, customerkit.Cursor{})
		require.NoError(t, err)
		require.Len(t, page.Items, min(len(fx), customer.DefaultLimit))
	})
}

func testListStable(t *testing.T, newStore func(t *testing.T) customer.Store) {
	// Between two pages, customers are inserted (before and after the
	// cursor) and deleted (the cursor's own customer among them). Every
	// customer present throughout appears exactly once, and the whole walk
	// is in order.
	for _, o := range customer.Orders() {
		t.Run(string(o), func(t *testing.T) {
			s := newStore(t)
			fx := listFixtures()[:40]
			kept, doomed := fx[:28], fx[28:]
			create(t, s, fx...)
			inserts := make([]*customer.Customer, 12)
			for k := range inserts {
				c := NewCustomer(500 + k)
				c.Name = listNames[(k*5)%len(listNames)]
				c.CreatedAt = Epoch.Add(time.Duration(k)*100*time.Minute + 30*time.Second)
				c.UpdatedAt = c.CreatedAt
				inserts[k] = c
			}
			deleted := map[ulid.ULID]bool{}
			deleteOne := func(last *customer.Customer) {
				victim := (*customer.Customer)(nil)
				for _, c := range doomed {
					if c.ULID == last.ULID && !deleted[c.ULID] {
						victim = c // the customer the cursor points at
					}
				}
				for _, c := range doomed {
					if victim == nil && !deleted[c.ULID] {
						victim = c
					}
				}
				if victim != nil {
					require.NoError(t, s.DeleteCustomer(t.Context(), victim.ULID, func(*customer.Customer, customer.Dependents) error { return nil }))
					deleted[victim.ULID] = true
				}
			}

			q := normalize(t, customer.Query{Order: o, Limit: 3})
			var got []*customer.Customer
			var after customerkit.Cursor
			for step := 0; ; step++ {
				require.Less(t, step, 100, "the walk does not end")
				page, err := s.ListCustomers(t.Context(), q, after)
				require.NoError(t, err)
				got = append(got, page.Items...)
				if page.Next.IsZero() {
					break
				}
				after = page.Next
				deleteOne(page.Items[len(page.Items)-1])
				if step < len(inserts) {
					create(t, s, inserts[step])
				}
			}

			seen := map[ulid.ULID]int{}
			for i, c := range got {
				seen[c.ULID]++
				require.Equal(t, 1, seen[c.ULID], "%s appears twice", c.ULID)
				if i > 0 {
					require.Negative(t, q.Compare(got[i-1], c), "items %d and %d are out of order", i-1, i)
				}
			}
			for _, c := range kept {
				require.Equal(t, 1, seen[c.ULID], "%s (%s), present throughout, appears %d times", c.ULID, c.Name, seen[c.ULID])
			}
		})
	}
}

func testListInvalidCursor(t *testing.T, newStore func(t *testing.T) customer.Store) {
	s := newStore(t)
	create(t, s, listFixtures()[:10]...)
	cursors := map[customer.Order]customerkit.Cursor{}
	for _, o := range customer.Orders() {
		page, err := s.ListCustomers(t.Context(), normalize(t, customer.Query{Order: o, Limit: 2}), customerkit.Cursor{})
		require.NoError(t, err)
		require.False(t, page.Next.IsZero())
		cursors[o] = page.Next
	}
	requireInvalid := func(t *testing.T, o customer.Order, c customerkit.Cursor, what string) {
		t.Helper()
		_, err := s.ListCustomers(t.Context(), normalize(t, customer.Query{Order: o, Limit: 2}), c)
		require.ErrorIs(t, err, customerkit.ErrInvalid, what)
		var ve *customerkit.ValidationError
		require.ErrorAs(t, err, &ve, what)
	}

	t.Run("OtherOrder", func(t *testing.T) {
		for _, from := range customer.Orders() {
			for _, to := range customer.Orders() {
				if from != to {
					requireInvalid(t, to, cursors[from], fmt.Sprintf("a %s cursor used with %s", from, to))
				}
			}
		}
	})
	t.Run("Garbage", func(t *testing.T) {
		for _, b := range [][]byte{
			[]byte("not a cursor"),
			{0},
			{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
			[]byte(`{"order":"name"}`),
		} {
			for _, o := range customer.Orders() {
				requireInvalid(t, o, customerkit.NewCursor(b), fmt.Sprintf("cursor %q", b))
			}
		}
	})
	t.Run("Truncated", func(t *testing.T) {
		for o, c := range cursors {
			b := c.Bytes()
			requireInvalid(t, o, customerkit.NewCursor(b[:len(b)-1]), "cursor without its last byte")
			requireInvalid(t, o, customerkit.NewCursor(b[:len(b)/2]), "half a cursor")
		}
	})
	t.Run("Extended", func(t *testing.T) {
		for o, c := range cursors {
			requireInvalid(t, o, customerkit.NewCursor(append(c.Bytes(), 'x')), "cursor with a byte appended")
		}
	})
}

func testListLiteralSearch(t *testing.T, newStore func(t *testing.T) customer.Store) {
	// SQL LIKE wildcards, quotes and escapes in a search are plain text.
	names := []string{
		"100% Organic", "100 Organic", "1000 Organic",
		"a_b Trading", "axb Trading", "ab Trading",
		"O'Brien Ltd", "OBrien Ltd", "O''Hara Ltd",
		`Back\slash Inc`, "Backslash Inc",
		"50%_off Store", "Percent Sign Co",
	}
	s := newStore(t)
	var fx []*customer.Customer
	for i, name := range names {
		c := NewCustomer(i)
		c.Name = name
		c.Description = "About " + name
		fx = append(fx, c)
	}
	create(t, s, fx...)

	tests := []struct {
		search string
		want   []string // names, in name order
	}{
		{"%", []string{"100% Organic", "50%_off Store"}},
		{"100%", []string{"100% Organic"}},
		{"0%", []string{"100% Organic", "50%_off Store"}},
		{"_", []string{"50%_off Store", "a_b Trading"}},
		{"a_b", []string{"a_b Trading"}},
		{"%_", []string{"50%_off Store"}},
		{"'", []string{"O''Hara Ltd", "O'Brien Ltd"}},
		{"o'b", []string{"O'Brien Ltd"}},
		{"''", []string{"O''Hara Ltd"}},
		{`\`, []string{`Back\slash Inc`}},
		{`k\s`, []string{`Back\slash Inc`}},
		{`\%`, nil},
		{`%%`, nil},
		{`' OR '1'='1`, nil},
	}
	for _, tt := range tests {
		for _, field := range []string{"Name", "Description"} {
			t.Run(field+"/"+tt.search, func(t *testing.T) {
				q := customer.Query{Order: customer.OrderName, Limit: customer.MaxLimit}
				if field == "Name" {
					q.Name = tt.search
				} else {
					q.Description = tt.search
				}
				n := normalize(t, q)
				want := expected(n, fx)
				var wantNames []string
				for _, c := range want {
					wantNames = append(wantNames, c.Name)
				}
				require.Equal(t, tt.want, wantNames, "test case: Query.Match disagrees")
				page, err := s.ListCustomers(t.Context(), n, customerkit.Cursor{})
				require.NoError(t, err)
				require.Equal(t, ids(want), ids(page.Items))
			})
		}
	}
}
