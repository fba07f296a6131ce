package memstore

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/metadata"
	"github.com/customerkit/customerkit/storage/storagetest"
)

// These tests cover what the conformance suite leaves to each adapter.

func TestCursorTampered(t *testing.T) {
	t.Parallel()
	s := New()
	for i := range 5 {
		require.NoError(t, s.CreateCustomer(t.Context(), storagetest.NewCustomer(i)))
	}
	for _, o := range customer.Orders() {
		q := &customer.Query{Order: o, Limit: 2}
		page, err := s.ListCustomers(t.Context(), q, customerkit.Cursor{})
		require.NoError(t, err)
		require.False(t, page.Next.IsZero())
		b := page.Next.Bytes()
		for i := range b {
			for _, bit := range []byte{0x01, 0x80} {
				bad := []byte(string(b))
				bad[i] ^= bit
				_, err := s.ListCustomers(t.Context(), q, customerkit.NewCursor(bad))
				require.ErrorIs(t, err, customerkit.ErrInvalid, "%s: byte %d flipped", o, i)
			}
		}
		// The untouched cursor still works.
		_, err = s.ListCustomers(t.Context(), q, page.Next)
		require.NoError(t, err)
	}
}

func TestUpdateCustomerRefusesULIDChange(t *testing.T) {
	t.Parallel()
	s := New()
	c := storagetest.NewCustomer(1)
	require.NoError(t, s.CreateCustomer(t.Context(), c))
	_, err := s.UpdateCustomer(t.Context(), c.ULID, func(x *customer.Customer) error {
		x.ULID = storagetest.NewCustomer(2).ULID
		return nil
	})
	var ve *customerkit.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Equal(t, []customerkit.FieldError{{Path: "ulid", Code: customerkit.CodeImmutable, Detail: "an update must not change the ULID"}}, ve.Fields)
}

func TestUpdateCustomerVersionFromStore(t *testing.T) {
	t.Parallel()
	s := New()
	c := storagetest.NewCustomer(1)
	require.NoError(t, s.CreateCustomer(t.Context(), c))
	got, err := s.UpdateCustomer(t.Context(), c.ULID, func(x *customer.Customer) error {
		x.Version = 42
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, int64(2), got.Version)

	got, err = s.UpdateCustomer(t.Context(), c.ULID, nil)
	require.NoError(t, err)
	require.Equal(t, int64(3), got.Version, "a nil update only bumps the version")
}

func TestGetCustomerLookups(t *testing.T) {
	t.Parallel()
	s := New()
	c := storagetest.NewCustomer(1)
	require.NoError(t, s.CreateCustomer(t.Context(), c))

	_, err := s.GetCustomer(t.Context(), customer.By("name"), c.Name)
	require.ErrorIs(t, err, customerkit.ErrInvalid)

	// Only the canonical forms of the identifiers find the customer, as in
	// a SQL store that keeps them as text.
	for _, tt := range []struct {
		by    customer.By
		value string
	}{
		{customer.ByULID, strings.ToLower(c.ULID.String())},
		{customer.ByUUID, strings.ToUpper(c.UUID.String())},
		{customer.ByUUID, "urn:uuid:" + c.UUID.String()},
		{customer.ByEmail, strings.ToUpper(c.Email)}, // not an EmailKey
		{customer.ByULID, "not a ulid"},
	} {
		_, err := s.GetCustomer(t.Context(), tt.by, tt.value)
		require.ErrorIs(t, err, customerkit.ErrNotFound, "%s %q", tt.by, tt.value)
	}
}

func TestListCustomersNormalizesQuery(t *testing.T) {
	t.Parallel()
	s := New()
	for i := range 3 {
		require.NoError(t, s.CreateCustomer(t.Context(), storagetest.NewCustomer(i)))
	}
	for _, q := range []*customer.Query{nil, {}, {Order: customer.OrderName}} {
		page, err := s.ListCustomers(t.Context(), q, customerkit.Cursor{})
		require.NoError(t, err)
		require.Len(t, page.Items, 3)
	}
	_, err := s.ListCustomers(t.Context(), &customer.Query{Order: "size"}, customerkit.Cursor{})
	require.ErrorIs(t, err, customerkit.ErrInvalid)
}

func TestCreateCustomerNil(t *testing.T) {
	t.Parallel()
	require.ErrorIs(t, New().CreateCustomer(t.Context(), nil), customerkit.ErrInvalid)
}

func TestDeleteCustomerNilCheck(t *testing.T) {
	t.Parallel()
	s := New()
	c := storagetest.NewCustomer(1)
	require.NoError(t, s.CreateCustomer(t.Context(), c))
	require.NoError(t, s.DeleteCustomer(t.Context(), c.ULID, nil))
	_, err := s.GetCustomer(t.Context(), customer.ByULID, c.ULID.String())
	require.True(t, errors.Is(err, customerkit.ErrNotFound))
}

// TestIndexesFollowWrites checks that every index drops a customer's old
// values when it changes or goes, through the children count as well.
func TestIndexesFollowWrites(t *testing.T) {
	t.Parallel()
	s := New()
	p := storagetest.NewCustomer(0)
	require.NoError(t, s.CreateCustomer(t.Context(), p))
	for i := 1; i <= 20; i++ {
		c := storagetest.NewCustomer(i)
		c.ParentID = p.ULID
		require.NoError(t, s.CreateCustomer(t.Context(), c))
		_, err := s.UpdateCustomer(t.Context(), c.ULID, func(x *customer.Customer) error {
			x.Name = strings.Repeat("z", i)
			x.Hostname = ""
			x.Status = customer.StatusSuspended
			return nil
		})
		require.NoError(t, err)
		require.NoError(t, s.DeleteCustomer(t.Context(), c.ULID, nil))
	}
	tbl := s.customers
	require.Len(t, tbl.byULID, 1)
	require.Len(t, tbl.byUUID, 1)
	for _, x := range []*stringIndex{tbl.byEmail, tbl.byKey, tbl.bySubdomain, tbl.byHostname, tbl.byExternalID} {
		require.Equal(t, 1, x.len())
	}
	require.Empty(t, tbl.children)
	require.Equal(t, 1, tbl.byCreated.Len())
	require.Equal(t, 1, tbl.byName.Len())
	require.Len(t, tbl.byStatus, 1, "a status no customer has keeps no index")
	require.Equal(t, 1, tbl.byStatus[p.Status].byCreated.Len())
	require.Equal(t, 1, tbl.byStatus[p.Status].byName.Len())
	require.NoError(t, s.DeleteCustomer(t.Context(), p.ULID, nil))
	require.Empty(t, tbl.byStatus)
}

// TestListCustomersFollowsStatusChanges checks that a list of one status,
// answered from that status's index, sees a customer move in and out.
func TestListCustomersFollowsStatusChanges(t *testing.T) {
	t.Parallel()
	s := New()
	c := storagetest.NewCustomer(0)
	require.NoError(t, s.CreateCustomer(t.Context(), c))
	list := func(st customer.Status, o customer.Order) []*customer.Customer {
		page, err := s.ListCustomers(t.Context(), &customer.Query{Statuses: []customer.Status{st}, Order: o, Limit: 10}, customerkit.Cursor{})
		require.NoError(t, err)
		return page.Items
	}
	for _, o := range customer.Orders() {
		require.Len(t, list(customer.StatusActive, o), 1, "%s", o)
		require.Empty(t, list(customer.StatusSuspended, o), "%s", o)
	}
	_, err := s.UpdateCustomer(t.Context(), c.ULID, func(x *customer.Customer) error {
		x.Status = customer.StatusSuspended
		return nil
	})
	require.NoError(t, err)
	for _, o := range customer.Orders() {
		require.Empty(t, list(customer.StatusActive, o), "%s", o)
		require.Len(t, list(customer.StatusSuspended, o), 1, "%s", o)
	}
}

// TestListCustomersUniqueFilterAfterCursor checks that a list answered from
// a unique index (Email, ExternalID) still starts after the cursor.
func TestListCustomersUniqueFilterAfterCursor(t *testing.T) {
	t.Parallel()
	s := New()
	var cs []*customer.Customer
	for i := range 4 {
		cs = append(cs, storagetest.NewCustomer(i))
		require.NoError(t, s.CreateCustomer(t.Context(), cs[i]))
	}
	for _, o := range []customer.Order{customer.OrderCreated, customer.OrderCreatedDesc} {
		page, err := s.ListCustomers(t.Context(), &customer.Query{Order: o, Limit: 2}, customerkit.Cursor{})
		require.NoError(t, err)
		require.Len(t, page.Items, 2)
		// The first page holds the two newest or the two oldest; the
		// oldest or the newest is on the next page.
		seen, unseen := page.Items[0], cs[3]
		if o.Desc() {
			unseen = cs[0]
		}
		for _, tt := range []struct {
			c    *customer.Customer
			want int
		}{{seen, 0}, {unseen, 1}} {
			for _, q := range []*customer.Query{
				{Order: o, Limit: 2, Email: tt.c.Email},
				{Order: o, Limit: 2, ExternalID: tt.c.ExternalID},
			} {
				got, err := s.ListCustomers(t.Context(), q, page.Next)
				require.NoError(t, err)
				require.Len(t, got.Items, tt.want, "%s after the first page, %+v", o, q)
			}
		}
	}
}

// TestListCustomersWalkInBatches checks pages whose walk ends inside a
// batch of candidates, at its edges and across several batches, against
// the same pages walked one customer at a time by Query.Match, and that a
// long walk checks its context.
func TestListCustomersWalkInBatches(t *testing.T) {
	t.Parallel()
	s := New()
	var all []*customer.Customer
	for i := range 100 {
		c := storagetest.NewCustomer(i)
		if i%3 == 0 {
			c.Labels = append(c.Labels, "third")
		}
		all = append(all, c)
		require.NoError(t, s.CreateCustomer(t.Context(), c))
	}
	for _, limit := range []int{1, 5, 15, 16, 17, 31, 32, 33, 50} {
		for _, labels := range [][]string{nil, {"third"}} {
			q := &customer.Query{Order: customer.OrderCreated, Limit: limit, Labels: labels}
			var want, got []string
			for _, c := range all {
				if q.Match(c) {
					want = append(want, c.ExternalID)
				}
			}
			var after customerkit.Cursor
			for {
				page, err := s.ListCustomers(t.Context(), q, after)
				require.NoError(t, err)
				require.LessOrEqual(t, len(page.Items), limit)
				for _, c := range page.Items {
					got = append(got, c.ExternalID)
				}
				if page.Next.IsZero() {
					break
				}
				after = page.Next
			}
			require.Equal(t, want, got, "limit %d, labels %v", limit, labels)
		}
	}

	// A walk over more than scanCheckEvery customers that match nothing
	// sees its context end.
	big := New()
	for i := range scanCheckEvery + 100 {
		require.NoError(t, big.CreateCustomer(t.Context(), storagetest.NewCustomer(i)))
	}
	ctx := &cancelAfter{Context: t.Context(), calls: 1}
	_, err := big.ListCustomers(ctx, &customer.Query{Labels: []string{"nobody"}, Limit: 10}, customerkit.Cursor{})
	require.ErrorIs(t, err, context.Canceled)
}

// cancelAfter is a context that reports itself canceled after its Err
// method has been called calls times.
type cancelAfter struct {
	context.Context
	calls int
}

func (c *cancelAfter) Err() error {
	if c.calls > 0 {
		c.calls--
		return nil
	}
	return context.Canceled
}

// TestClonePage checks that the copies of a page equal the customers that
// were stored and share no slice or map with another copy of the same
// customers or with each other, for every slice and map field of
// customer.Customer: a field added to the type must be encoded and
// decoded too.
func TestClonePage(t *testing.T) {
	t.Parallel()
	var (
		found []*customerRecord
		orig  []*customer.Customer
	)
	for i := range 4 {
		c := storagetest.NewCustomer(i)
		switch i {
		case 1: // nil lists and maps
			c.Labels, c.AllowedOrigins, c.Addresses, c.Settings, c.Metadata = nil, nil, nil, nil, nil
		case 2: // empty ones
			c.Labels, c.AllowedRegistrationDomains, c.Telephones, c.LegalDocuments = []string{}, []string{}, []customer.Telephone{}, []customer.LegalDocument{}
			c.Settings, c.Metadata = customer.Settings{}, metadata.Metadata{}
		}
		found = append(found, newCustomerRecord(c))
		orig = append(orig, c.Clone())
	}
	page := clonePage(found)
	require.Len(t, page, len(found))

	fields := 0
	for i, r := range found {
		require.Equal(t, orig[i], page[i], "customer %d", i)
		other := r.customer()
		require.Equal(t, orig[i], other, "customer %d", i)
		src, dst := reflect.ValueOf(other).Elem(), reflect.ValueOf(page[i]).Elem()
		for f := range src.NumField() {
			switch src.Field(f).Kind() {
			case reflect.Slice, reflect.Map:
				if i == 0 {
					fields++
				}
				if src.Field(f).Len() > 0 {
					require.NotEqual(t, src.Field(f).UnsafePointer(), dst.Field(f).UnsafePointer(), "customer %d shares %s", i, src.Type().Field(f).Name)
				}
			}
		}
	}
	require.Equal(t, 8, fields, "customer.Customer has another slice or map field: encode it, then count it here")

	// The lists of the page share arrays: an append must not write over
	// the next list or the next customer.
	first := page[0]
	first.Labels = append(first.Labels, "appended")
	first.AllowedOrigins = append(first.AllowedOrigins, "appended")
	first.AllowedRegistrationDomains = append(first.AllowedRegistrationDomains, "appended")
	first.Addresses = append(first.Addresses, customer.Address{City: "appended"})
	first.Telephones = append(first.Telephones, customer.Telephone{Number: "appended"})
	first.LegalDocuments = append(first.LegalDocuments, customer.LegalDocument{Value: "appended"})
	first.Labels[0], first.Addresses[0].City, first.Settings["theme"], first.Metadata["plan"] = "changed", "changed", "changed", "changed"
	first.Metadata["limits"].(map[string]any)["api"] = -1.0
	require.Equal(t, orig[0], found[0].customer(), "the stored customer changed")
	for i := 1; i < len(found); i++ {
		require.Equal(t, orig[i], page[i], "customer %d changed", i)
	}
}
