package storagetest

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/attachment"
)

// AttachmentStore is what the attachment section needs: attachment.Store,
// and customer.Store to create (and delete) the customers attachments
// belong to.
type AttachmentStore interface {
	customer.Store
	attachment.Store
}

// attachmentStores turns Run's factory into the section's: a store that
// does not implement attachment.Store skips the section.
func attachmentStores(newStore func(t *testing.T) customer.Store) func(t *testing.T) AttachmentStore {
	return func(t *testing.T) AttachmentStore {
		s, ok := newStore(t).(AttachmentStore)
		if !ok {
			t.Skip("storagetest: the store does not implement attachment.Store")
		}
		return s
	}
}

// uploaders is how many goroutines upload to one customer at once in the
// quota test.
const uploaders = 20

// RunAttachments runs the section of the suite that checks
// attachment.Store: round trips of every field and of the bytes (every
// byte value, a 1 MiB content), the ID's uniqueness, the customer's
// existence, what CreateAttachment hands its check and that a refusing
// check writes nothing; the quota under 20 concurrent uploads that would
// together exceed it (the total never does, and exactly as many as fit
// are stored); Usage; the updater contract (the fields that describe the
// bytes are immutable, the bytes untouched, concurrent updaters lose
// nothing); the delete check; keyset lists per customer that stay stable
// while attachments come and go, and refuse a foreign or tampered cursor;
// the logo (put, replace, get, delete, its check); isolation of every
// value and byte slice passed in or returned; ErrNotFound everywhere it
// is due; that deleting a customer deletes its attachments and its logo
// and nothing of another's; and a canceled context.
func RunAttachments(t *testing.T, newStore func(t *testing.T) AttachmentStore) {
	tests := []struct {
		name string
		run  func(t *testing.T, newStore func(t *testing.T) AttachmentStore)
	}{
		{"CreateAndGet", testAttachmentCreateAndGet},
		{"CreateCheck", testAttachmentCreateCheck},
		{"NotFound", testAttachmentNotFound},
		{"QuotaConcurrent", testAttachmentQuotaConcurrent},
		{"Usage", testAttachmentUsage},
		{"Update", testAttachmentUpdate},
		{"UpdateConcurrent", testAttachmentUpdateConcurrent},
		{"Delete", testAttachmentDelete},
		{"List", testAttachmentList},
		{"ListStableWhileWriting", testAttachmentListStable},
		{"InvalidCursor", testAttachmentInvalidCursor},
		{"Isolation", testAttachmentIsolation},
		{"Logo", testAttachmentLogo},
		{"DeleteCustomer", testAttachmentDeleteCustomer},
		{"ContextCanceled", testAttachmentContextCanceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, newStore) })
	}
}

// NewAttachment returns fixture attachment i (i ≥ 0) of customer owner and
// its content, as the Service hands them to a Store: Version 1, times UTC
// truncated to microseconds, Size and SHA256 those of the content. Its ID
// derives from i. The content holds every byte value (NUL, 0xff, invalid
// UTF-8 included) and its length varies with i.
func NewAttachment(i int, owner ulid.ULID) (*attachment.Attachment, []byte) {
	created := Epoch.Add(time.Duration(i)*time.Minute + time.Duration(i)*time.Microsecond).Truncate(time.Microsecond)
	var entropy [10]byte
	entropy[0] = 0xA7
	binary.BigEndian.PutUint64(entropy[2:], uint64(i))
	data := make([]byte, 256+i%97)
	for k := range data {
		data[k] = byte(k + i)
	}
	return &attachment.Attachment{
		ID:          ulid.MustNew(ulid.Timestamp(created), bytes.NewReader(entropy[:])),
		CustomerID:  owner,
		Name:        fmt.Sprintf("Zoë's report %d – Q3.bin", i),
		ContentType: "application/octet-stream",
		Size:        int64(len(data)),
		SHA256:      attachment.Sum(data),
		Version:     1,
		CreatedAt:   created,
		UpdatedAt:   created,
	}, data
}

// newLogo returns a logo of customer owner whose bytes derive from i.
func newLogo(i int, owner ulid.ULID) *attachment.Logo {
	data := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{byte(i), 0, 0xff}, 100+i)...)
	return &attachment.Logo{
		CustomerID: owner,
		Size:       int64(len(data)),
		SHA256:     attachment.Sum(data),
		UpdatedAt:  Epoch.Add(time.Duration(i) * time.Second),
		Data:       data,
	}
}

// attachmentCustomers creates n fixture customers and returns them.
func attachmentCustomers(t testing.TB, s customer.Store, n int) []*customer.Customer {
	t.Helper()
	out := make([]*customer.Customer, n)
	for i := range n {
		out[i] = NewCustomer(700 + i)
		create(t, s, out[i])
	}
	return out
}

func createAttachment(t testing.TB, s attachment.Store, a *attachment.Attachment, data []byte) {
	t.Helper()
	require.NoError(t, s.CreateAttachment(t.Context(), a, data, nil), "create attachment %s", a.Name)
}

// requireAttachment asserts that got holds what want holds: times equal
// as instants and in UTC, every other field equal.
func requireAttachment(t testing.TB, want, got *attachment.Attachment, msgAndArgs ...any) {
	t.Helper()
	require.NotNil(t, got, msgAndArgs...)
	for _, tm := range []struct {
		name      string
		want, got time.Time
	}{{"CreatedAt", want.CreatedAt, got.CreatedAt}, {"UpdatedAt", want.UpdatedAt, got.UpdatedAt}} {
		require.Truef(t, tm.want.Equal(tm.got), "%s: want %s, got %s", tm.name, tm.want.Format(time.RFC3339Nano), tm.got.Format(time.RFC3339Nano))
		require.Equalf(t, time.UTC, tm.got.Location(), "%s is not in UTC", tm.name)
	}
	w, g := *want, *got
	w.CreatedAt, w.UpdatedAt, g.CreatedAt, g.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	require.Equal(t, w, g, msgAndArgs...)
}

// requireStored asserts that attachment want is stored with content data,
// through GetAttachment and GetAttachmentContent.
func requireStored(t testing.TB, s attachment.Store, want *attachment.Attachment, data []byte, msgAndArgs ...any) {
	t.Helper()
	got, err := s.GetAttachment(t.Context(), want.ID)
	require.NoError(t, err, msgAndArgs...)
	requireAttachment(t, want, got, msgAndArgs...)
	got, content, err := s.GetAttachmentContent(t.Context(), want.ID)
	require.NoError(t, err, msgAndArgs...)
	requireAttachment(t, want, got, msgAndArgs...)
	require.True(t, bytes.Equal(data, content), msgAndArgs...)
}

func requireLogo(t testing.TB, want, got *attachment.Logo, msgAndArgs ...any) {
	t.Helper()
	require.NotNil(t, got, msgAndArgs...)
	require.Truef(t, want.UpdatedAt.Equal(got.UpdatedAt), "UpdatedAt: want %s, got %s", want.UpdatedAt, got.UpdatedAt)
	require.Equal(t, time.UTC, got.UpdatedAt.Location(), "UpdatedAt is not in UTC")
	w, g := *want, *got
	w.UpdatedAt, g.UpdatedAt = time.Time{}, time.Time{}
	require.Equal(t, w, g, msgAndArgs...)
}

func usageOf(t testing.TB, s attachment.Store, id ulid.ULID) attachment.Usage {
	t.Helper()
	u, err := s.AttachmentUsage(t.Context(), id)
	require.NoError(t, err)
	return u
}

func attachmentQuery(t testing.TB, q attachment.Query) *attachment.Query {
	t.Helper()
	n, err := q.Normalize()
	require.NoError(t, err)
	return n
}

func attachmentIDs(as []*attachment.Attachment) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.ID.String()
	}
	return out
}

// walkAttachments lists every page of q and returns the items in order,
// checking the page sizes and that Next is zero exactly on the last page.
func walkAttachments(t testing.TB, s attachment.Store, q *attachment.Query) []*attachment.Attachment {
	t.Helper()
	var out []*attachment.Attachment
	var after customerkit.Cursor
	for pages := 0; ; pages++ {
		require.Less(t, pages, 1000, "the pages never end")
		page, err := s.ListAttachments(t.Context(), q, after)
		require.NoError(t, err)
		require.LessOrEqual(t, len(page.Items), q.Limit)
		out = append(out, page.Items...)
		if page.Next.IsZero() {
			return out
		}
		require.Len(t, page.Items, q.Limit, "a page before the last is full")
		after = page.Next
	}
}

func testAttachmentCreateAndGet(t *testing.T, newStore func(t *testing.T) AttachmentStore) {
	s := newStore(t)
	owner := attachmentCustomers(t, s, 1)[0].ULID
	for i := range 3 {
		a, data := NewAttachment(i, owner)
		createAttachment(t, s, a, data)
		requireStored(t, s, a, data, "fixture %d", i)
	}
	// A larger content, past what one page or packet of a driver holds.
	big, bigData := NewAttachment(10, owner)
	bigData = bytes.Repeat(bigData, (1<<20)/len(bigData)+1)[:1<<20]
	big.Size, big.SHA256 = int64(len(bigData)), attachment.Sum(bigData)
	big.Name = "名前 \u00e9\U0001F600.dat"
	createAttachment(t, s, big, bigData)
	requireStored(t, s, big, bigData, "1 MiB")

	// The ID is unique; the duplicate changes nothing.
	dup, dupData := NewAttachment(1, owner)
	dup.Name = "other"
	err := s.CreateAttachment(t.Context(), dup, dupData, nil)
	require.ErrorIs(t, err, customerkit.ErrAlreadyExists, "the ID is taken")
	var ae *customerkit.AlreadyExistsError
	require.True(t, errors.As(err, &ae))
	require.Equal(t, "attachment", ae.Resource)
	require.Equal(t, "id", ae.Field)
	want, wantData := NewAttachment(1, owner)
	requireStored(t, s, want, wantData, "the duplicate changed nothing")

	// Size must be the length of the content.
	bad, badData := NewAttachment(20, owner)
	bad.Size++
	err = s.CreateAttachment(t.Context(), bad, badData, nil)
	require.ErrorIs(t, err, customerkit.ErrInvalid)
	_, err = s.GetAttachment(t.Context(), bad.ID)
	requireNotFound(t, err, "a refused attachment was written")
}

// testAttachmentCreateCheck: the check sees the customer and its usage as
// they are; its error comes back as is and nothing is written.
func testAttachmentCreateCheck(t *testing.T, newStore func(t *testing.T) AttachmentStore) {
	s := newStore(t)
	cs := attachmentCustomers(t, s, 2)
	owner, other := cs[0], cs[1]
	var want attachment.Usage
	for i := range 4 {
		a, data := NewAttachment(i, owner.ULID)
		called := 0
		err := s.CreateAttachment(t.Context(), a, data, func(c *customer.Customer, u attachment.Usage) error {
			called++
			requireCustomer(t, owner, c, "the check sees the stored customer")
			require.Equal(t, want, u, "the check sees the customer's usage before the write")
			return nil
		})
		require.NoError(t, err)
		require.Positive(t, called)
		want.Count++
		want.Bytes += a.Size
	}
	// Another customer's usage is its own.
	a, data := NewAttachment(10, other.ULID)
	require.NoError(t, s.CreateAttachment(t.Context(), a, data, func(_ *customer.Customer, u attachment.Usage) error {
		require.Equal(t, attachment.Usage{}, u)
		return nil
	}))

	sentinel := errors.New("storagetest: check refuses")
	refused, refusedData := NewAttachment(11, owner.ULID)
	err := s.CreateAttachment(t.Context(), refused, refusedData, func(*customer.Customer, attachment.Usage) error { return sentinel })
	require.Same(t, sentinel, err)
	_, err = s.GetAttachment(t.Context(), refused.ID)
	requireNotFound(t, err, "a refused attachment was written")
	require.Equal(t, want, usageOf(t, s, owner.ULID), "a refused attachment counts")
}

func testAttachmentNotFound(t *testing.T, newStore func(t *testing.T) AttachmentStore) {
	ctx := t.Context()
	s := newStore(t)
	owner := attachmentCustomers(t, s, 1)[0].ULID
	ghost := NewCustomer(5).ULID // never created

	a, data := NewAttachment(1, ghost)
	called := false
	err := s.CreateAttachment(ctx, a, data, func(*customer.Customer, attachment.Usage) error { called = true; return nil })
	requireNotFound(t, err, "CreateAttachment for an unknown customer")
	require.False(t, called, "the check of an unknown customer was called")
	_, err = s.GetAttachment(ctx, a.ID)
	requireNotFound(t, err, "nothing was written")

	absent, _ := NewAttachment(2, owner)
	for _, id := range []ulid.ULID{absent.ID, {}} {
		_, err = s.GetAttachment(ctx, id)
		requireNotFound(t, err, "GetAttachment")
		_, _, err = s.GetAttachmentContent(ctx, id)
		requireNotFound(t, err, "GetAttachmentContent")
		_, err = s.UpdateAttachment(ctx, id, func(*attachment.Attachment, *customer.Customer) error { called = true; return nil })
		requireNotFound(t, err, "UpdateAttachment")
		err = s.DeleteAttachment(ctx, id, func(*attachment.Attachment, *customer.Customer) error { called = true; return nil })
		requireNotFound(t, err, "DeleteAttachment")
		require.False(t, called, "a callback of a missing attachment was called")
	}

	_, err = s.AttachmentUsage(ctx, ghost)
	requireNotFound(t, err, "AttachmentUsage of an unknown customer")
	require.Equal(t, attachment.Usage{}, usageOf(t, s, owner), "a customer without attachments")
	page, err := s.ListAttachments(ctx, attachmentQuery(t, attachment.Query{CustomerID: ghost}), customerkit.Cursor{})
	require.NoError(t, err, "ListAttachments of an unknown customer is an empty page")
	require.Empty(t, page.Items)
	require.True(t, page.Next.IsZero())

	err = s.PutLogo(ctx, newLogo(1, ghost), func(*customer.Customer) error { called = true; return nil })
	requireNotFound(t, err, "PutLogo for an unknown customer")
	for _, id := range []ulid.ULID{ghost, owner} {
		_, err = s.GetLogo(ctx, id)
		requireNotFound(t, err, "GetLogo")
		err = s.DeleteLogo(ctx, id, func(*customer.Customer) error { called = true; return nil })
		requireNotFound(t, err, "DeleteLogo")
	}
	require.False(t, called, "a logo callback was called with nothing to act on")
}

// testAttachmentQuotaConcurrent: 20 uploads race for a quota that holds
// 7 of them; the check is the domain's CheckQuota. Exactly 7 are stored,
// the others fail with the check's error, and the total never exceeds
// the quota.
func testAttachmentQuotaConcurrent(t *testing.T, newStore func(t *testing.T) AttachmentStore) {
	s := newStore(t)
	cs := attachmentCustomers(t, s, 2)
	owner, other := cs[0].ULID, cs[1].ULID
	const size, fit = 1000, 7
	limits := &attachment.Limits{Quota: size*fit + size/2}
	// Another customer's attachments do not count.
	a, data := NewAttachment(100, other)
	createAttachment(t, s, a, data)

	var wg sync.WaitGroup
	errs := make(chan error, uploaders)
	for i := range uploaders {
		wg.Go(func() {
			a, _ := NewAttachment(i, owner)
			data := bytes.Repeat([]byte{byte(i)}, size)
			a.Size, a.SHA256 = size, attachment.Sum(data)
			errs <- s.CreateAttachment(t.Context(), a, data, func(_ *customer.Customer, u attachment.Usage) error {
				return attachment.CheckQuota(u.Bytes, size, limits)
			})
		})
	}
	wg.Wait()
	close(errs)
	stored := 0
	for err := range errs {
		if err == nil {
			stored++
			continue
		}
		require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
		var qe *attachment.QuotaError
		require.True(t, errors.As(err, &qe), "the check's error comes back as is: %v", err)
	}
	require.Equal(t, fit, stored, "exactly as many uploads as fit are stored")
	u := usageOf(t, s, owner)
	require.Equal(t, attachment.Usage{Count: fit, Bytes: fit * size}, u)
	require.LessOrEqual(t, u.Bytes, limits.Quota)
	listed := walkAttachments(t, s, attachmentQuery(t, attachment.Query{CustomerID: owner}))
	require.Len(t, listed, fit)
}

func testAttachmentUsage(t *testing.T, newStore func(t *testing.T) AttachmentStore) {
	s := newStore(t)
	cs := attachmentCustomers(t, s, 2)
	owner, other := cs[0].ULID, cs[1].ULID
	var all []*attachment.Attachment
	var want attachment.Usage
	for i := range 5 {
		a, data := NewAttachment(i, owner)
		createAttachment(t, s, a, data)
		all = append(all, a)
		want.Count++
		want.Bytes += a.Size
		require.Equal(t, want, usageOf(t, s, owner))
	}
	o, oData := NewAttachment(50, other)
	createAttachment(t, s, o, oData)
	require.Equal(t, attachment.Usage{Count: 1, Bytes: o.Size}, usageOf(t, s, other))
	require.NoError(t, s.PutLogo(t.Context(), newLogo(1, owner), nil))
	require.Equal(t, want, usageOf(t, s, owner), "the logo does not count")

	_, err := s.UpdateAttachment(t.Context(), all[0].ID, func(a *attachment.Attachment, _ *customer.Customer) error {
		a.Name = "renamed"
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, want, usageOf(t, s, owner), "a rename changes no usage")
	for _, a := range all {
		require.NoError(t, s.DeleteAttachment(t.Context(), a.ID, nil))
		want.Count--
		want.Bytes -= a.Size
		require.Equal(t, want, usageOf(t, s, owner))
	}
	require.Equal(t, attachment.Usage{}, want)
}

func testAttachmentUpdate(t *testing.T, newStore func(t *testing.T) AttachmentStore) {
	s := newStore(t)
	owner := attachmentCustomers(t, s, 1)[0]
	a, data := NewAttachment(1, owner.ULID)
	createAttachment(t, s, a, data)
	later := a.UpdatedAt.Add(time.Hour)
	res, err := s.UpdateAttachment(t.Context(), a.ID, func(x *attachment.Attachment, c *customer.Customer) error {
		requireAttachment(t, a, x, "the updater sees the stored attachment")
		requireCustomer(t, owner, c, "the updater sees the attachment's customer")
		x.Name = "Renamed – é.pdf"
		x.UpdatedAt = later
		return nil
	})
	require.NoError(t, err)
	want := *a
	want.Name, want.UpdatedAt, want.Version = "Renamed – é.pdf", later, 2
	requireAttachment(t, &want, res, "UpdateAttachment returns the stored attachment")
	requireStored(t, s, &want, data, "the bytes are untouched")

	// An updater's error comes back as is; nothing is written.
	sentinel := errors.New("storagetest: updater refuses")
	_, err = s.UpdateAttachment(t.Context(), a.ID, func(x *attachment.Attachment, _ *customer.Customer) error {
		x.Name = "Not written"
		return sentinel
	})
	require.Same(t, sentinel, err)
	requireStored(t, s, &want, data)

	// The fields that describe the bytes are immutable.
	other := NewCustomer(1)
	create(t, s, other)
	for name, change := range map[string]func(*attachment.Attachment){
		"ID":          func(x *attachment.Attachment) { x.ID = ulid.Make() },
		"CustomerID":  func(x *attachment.Attachment) { x.CustomerID = other.ULID },
		"ContentType": func(x *attachment.Attachment) { x.ContentType = "text/html" },
		"Size":        func(x *attachment.Attachment) { x.Size++ },
		"SHA256":      func(x *attachment.Attachment) { x.SHA256[0] ^= 1 },
		"CreatedAt":   func(x *attachment.Attachment) { x.CreatedAt = x.CreatedAt.Add(time.Second) },
	} {
		_, err = s.UpdateAttachment(t.Context(), a.ID, func(x *attachment.Attachment, _ *customer.Customer) error {
			change(x)
			x.Name = "Not written"
			return nil
		})
		require.ErrorIs(t, err, customerkit.ErrInvalid, "changing %s", name)
		var ve *customerkit.ValidationError
		require.True(t, errors.As(err, &ve), "changing %s", name)
		require.Equal(t, customerkit.CodeImmutable, ve.Fields[0].Code, "changing %s", name)
		requireStored(t, s, &want, data, "changing %s wrote something", name)
	}
}

// testAttachmentUpdateConcurrent: 20 updaters each append to the name;
// none is lost and the version counts every write.
func testAttachmentUpdateConcurrent(t *testing.T, newStore func(t *testing.T) AttachmentStore) {
	const n = 20
	s := newStore(t)
	owner := attachmentCustomers(t, s, 1)[0].ULID
	a, data := NewAttachment(1, owner)
	a.Name = ""
	createAttachment(t, s, a, data)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			_, err := s.UpdateAttachment(context.Background(), a.ID, func(x *attachment.Attachment, _ *customer.Customer) error {
				x.Name += "x"
				return nil
			})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	got, err := s.GetAttachment(t.Context(), a.ID)
	require.NoError(t, err)
	require.Len(t, got.Name, n)
	require.Equal(t, int64(n+1), got.Version)
}

func testAttachmentDelete(t *testing.T, newStore func(t *testing.T) AttachmentStore) {
	s := newStore(t)
	owner := attachmentCustomers(t, s, 1)[0]
	a, aData := NewAttachment(1, owner.ULID)
	b, bData := NewAttachment(2, owner.ULID)
	createAttachment(t, s, a, aData)
	createAttachment(t, s, b, bData)

	sentinel := errors.New("storagetest: check refuses")
	err := s.DeleteAttachment(t.Context(), a.ID, func(x *attachment.Attachment, c *customer.Customer) error {
		requireAttachment(t, a, x, "the check sees the stored attachment")
		requireCustomer(t, owner, c, "the check sees the attachment's customer")
		return sentinel
	})
	require.Same(t, sentinel, err)
	requireStored(t, s, a, aData, "a refused delete deleted")

	require.NoError(t, s.DeleteAttachment(t.Context(), a.ID, func(*attachment.Attachment, *customer.Customer) error { return nil }))
	_, err = s.GetAttachment(t.Context(), a.ID)
	requireNotFound(t, err)
	_, _, err = s.GetAttachmentContent(t.Context(), a.ID)
	requireNotFound(t, err, "the bytes went with the record")
	requireNotFound(t, s.DeleteAttachment(t.Context(), a.ID, nil), "a second delete")
	requireStored(t, s, b, bData, "the other attachment stays")
	require.Equal(t, attachment.Usage{Count: 1, Bytes: b.Size}, usageOf(t, s, owner.ULID))
	createAttachment(t, s, a, aData) // the ID is free again
}

func testAttachmentList(t *testing.T, newStore func(t *testing.T) AttachmentStore) {
	s := newStore(t)
	cs := attachmentCustomers(t, s, 2)
	owners := []ulid.ULID{cs[0].ULID, cs[1].ULID}
	byOwner := map[ulid.ULID][]*attachment.Attachment{}
	var all []*attachment.Attachment
	var contents [][]byte
	for i := range 23 {
		owner := owners[i%3%2] // 0, 1, 0, 0, 1, 0, ...
		a, data := NewAttachment(i, owner)
		all = append(all, a)
		contents = append(contents, data)
		byOwner[owner] = append(byOwner[owner], a)
	}
	// Create out of ID order: lists are in ID order whatever the order of
	// writes.
	order := []int{5, 0, 22, 13}
	for _, i := range order {
		createAttachment(t, s, all[i], contents[i])
	}
	for i, a := range all {
		if !slices.Contains(order, i) {
			createAttachment(t, s, a, contents[i])
		}
	}
	for _, owner := range owners {
		want := byOwner[owner]
		for _, limit := range []int{1, 2, 3, 7, 50} {
			got := walkAttachments(t, s, attachmentQuery(t, attachment.Query{CustomerID: owner, Limit: limit}))
			require.Equal(t, attachmentIDs(want), attachmentIDs(got), "customer %s, limit %d", owner, limit)
			for i := range got {
				requireAttachment(t, want[i], got[i])
			}
		}
	}
}

// testAttachmentListStable: attachments created and deleted between pages
// (the cursor's own among them) never make one present throughout repeat
// or go missing.
func testAttachmentListStable(t *testing.T, newStore func(t *testing.T) AttachmentStore) {
	for _, limit := range []int{3, 4, 5} {
		s := newStore(t)
		cs := attachmentCustomers(t, s, 2)
		owner, other := cs[0].ULID, cs[1].ULID
		index := map[ulid.ULID]int{}
		var stay []string
		for i := range 20 {
			a, data := NewAttachment(2*i, owner) // even: present throughout, unless deleted as a cursor
			createAttachment(t, s, a, data)
			index[a.ID] = 2 * i
			stay = append(stay, a.ID.String())
		}
		q := attachmentQuery(t, attachment.Query{CustomerID: owner, Limit: limit})
		var seen []string
		var after customerkit.Cursor
		for {
			page, err := s.ListAttachments(t.Context(), q, after)
			require.NoError(t, err)
			for _, a := range page.Items {
				require.Equal(t, owner, a.CustomerID)
				seen = append(seen, a.ID.String())
			}
			if page.Next.IsZero() {
				break
			}
			// Delete the cursor's own attachment; create one just before
			// it (another customer's) and one just after it.
			last := page.Items[len(page.Items)-1]
			j := index[last.ID]
			require.NoError(t, s.DeleteAttachment(t.Context(), last.ID, nil))
			before, beforeData := NewAttachment(j-1, other)
			if j == 0 {
				before, beforeData = NewAttachment(1001, other)
			}
			next, nextData := NewAttachment(j+1, owner)
			createAttachment(t, s, before, beforeData)
			createAttachment(t, s, next, nextData)
			index[before.ID], index[next.ID] = j-1, j+1
			after = page.Next
		}
		require.True(t, slices.IsSorted(seen), "a page went backwards")
		require.Len(t, slices.Compact(slices.Clone(seen)), len(seen), "an attachment repeated")
		for _, id := range stay {
			if _, err := s.GetAttachment(t.Context(), ulid.MustParse(id)); err == nil {
				require.Contains(t, seen, id, "an attachment present throughout went missing")
			}
		}
	}
}

func testAttachmentInvalidCursor(t *testing.T, newStore func(t *testing.T) AttachmentStore) {
	s := newStore(t)
	cs := attachmentCustomers(t, s, 2)
	owner := cs[0].ULID
	for i := range 3 {
		a, data := NewAttachment(i, owner)
		createAttachment(t, s, a, data)
	}
	q := attachmentQuery(t, attachment.Query{CustomerID: owner, Limit: 1})
	page, err := s.ListAttachments(t.Context(), q, customerkit.Cursor{})
	require.NoError(t, err)
	require.False(t, page.Next.IsZero())
	good := page.Next.Bytes()
	customers, err := s.ListCustomers(t.Context(), normalize(t, customer.Query{Limit: 1}), customerkit.Cursor{})
	require.NoError(t, err)
	require.False(t, customers.Next.IsZero())
	for name, b := range map[string][]byte{
		"garbage":               []byte("not a cursor at all"),
		"cut":                   good[:len(good)-1],
		"extended":              append(slices.Clone(good), 0),
		"flipped":               func() []byte { x := slices.Clone(good); x[len(x)/2] ^= 0x40; return x }(),
		"a customer list's":     customers.Next.Bytes(),
		"a customer list's cut": customers.Next.Bytes()[:len(customers.Next.Bytes())-2],
	} {
		_, err := s.ListAttachments(t.Context(), q, customerkit.NewCursor(b))
		require.ErrorIs(t, err, customerkit.ErrInvalid, name)
		var ve *customerkit.ValidationError
		require.True(t, errors.As(err, &ve), name)
	}
}

func testAttachmentIsolation(t *testing.T, newStore func(t *testing.T) AttachmentStore) {
	s := newStore(t)
	owner := attachmentCustomers(t, s, 1)[0].ULID
	in, data := NewAttachment(1, owner)
	createAttachment(t, s, in, data)
	mutate := func(a *attachment.Attachment, b []byte) {
		if a != nil {
			a.Name, a.Size, a.SHA256[0] = "Mutated", 1, a.SHA256[0]^0xff
		}
		for i := range b {
			b[i] ^= 0xff
		}
	}
	want, wantData := NewAttachment(1, owner)
	mutate(in, data)
	requireStored(t, s, want, wantData, "changing the created value or bytes changed the store")

	got, err := s.GetAttachment(t.Context(), want.ID)
	require.NoError(t, err)
	mutate(got, nil)
	got, content, err := s.GetAttachmentContent(t.Context(), want.ID)
	require.NoError(t, err)
	mutate(got, content)
	requireStored(t, s, want, wantData, "changing a returned value or bytes changed the store")

	page, err := s.ListAttachments(t.Context(), attachmentQuery(t, attachment.Query{CustomerID: owner}), customerkit.Cursor{})
	require.NoError(t, err)
	mutate(page.Items[0], nil)
	requireStored(t, s, want, wantData, "changing a listed value changed the store")

	var kept *attachment.Attachment
	res, err := s.UpdateAttachment(t.Context(), want.ID, func(x *attachment.Attachment, c *customer.Customer) error {
		kept = x
		x.Name = "Updated"
		c.Status = customer.StatusTerminated // the customer copy is the updater's own
		return nil
	})
	require.NoError(t, err)
	want.Name, want.Version = "Updated", 2
	mutate(kept, nil)
	mutate(res, nil)
	requireStored(t, s, want, wantData, "changing the updater's copy or the result changed the store")
	c, err := s.GetCustomer(t.Context(), customer.ByULID, owner.String())
	require.NoError(t, err)
	require.Equal(t, customer.StatusActive, c.Status, "changing the updater's customer changed the store")

	// The logo: the bytes put and the bytes got are never the store's.
	logo := newLogo(3, owner)
	require.NoError(t, s.PutLogo(t.Context(), logo, nil))
	mutate(nil, logo.Data)
	logo.Size = 1
	got1, err := s.GetLogo(t.Context(), owner)
	require.NoError(t, err)
	requireLogo(t, newLogo(3, owner), got1, "changing the put logo changed the store")
	mutate(nil, got1.Data)
	got2, err := s.GetLogo(t.Context(), owner)
	require.NoError(t, err)
	requireLogo(t, newLogo(3, owner), got2, "changing a returned logo changed the store")
}

func testAttachmentLogo(t *testing.T, newStore func(t *testing.T) AttachmentStore) {
	ctx := t.Context()
	s := newStore(t)
	cs := attachmentCustomers(t, s, 2)
	owner, other := cs[0], cs[1]

	first := newLogo(1, owner.ULID)
	called := 0
	require.NoError(t, s.PutLogo(ctx, first, func(c *customer.Customer) error {
		called++
		requireCustomer(t, owner, c, "the check sees the stored customer")
		return nil
	}))
	require.Positive(t, called)
	got, err := s.GetLogo(ctx, owner.ULID)
	require.NoError(t, err)
	requireLogo(t, first, got)
	_, err = s.GetLogo(ctx, other.ULID)
	requireNotFound(t, err, "another customer has no logo")

	// Put replaces.
	second := newLogo(2, owner.ULID)
	require.NoError(t, s.PutLogo(ctx, second, nil))
	got, err = s.GetLogo(ctx, owner.ULID)
	require.NoError(t, err)
	requireLogo(t, second, got, "the second logo replaced the first")
	otherLogo := newLogo(3, other.ULID)
	require.NoError(t, s.PutLogo(ctx, otherLogo, nil))

	// A refusing check writes nothing.
	sentinel := errors.New("storagetest: check refuses")
	require.Same(t, sentinel, s.PutLogo(ctx, newLogo(4, owner.ULID), func(*customer.Customer) error { return sentinel }))
	require.Same(t, sentinel, s.DeleteLogo(ctx, owner.ULID, func(c *customer.Customer) error {
		requireCustomer(t, owner, c, "the delete check sees the stored customer")
		return sentinel
	}))
	got, err = s.GetLogo(ctx, owner.ULID)
	require.NoError(t, err)
	requireLogo(t, second, got, "a refused put or delete changed the logo")

	bad := newLogo(5, owner.ULID)
	bad.Size--
	require.ErrorIs(t, s.PutLogo(ctx, bad, nil), customerkit.ErrInvalid, "Size must be len(Data)")

	require.NoError(t, s.DeleteLogo(ctx, owner.ULID, nil))
	_, err = s.GetLogo(ctx, owner.ULID)
	requireNotFound(t, err, "a deleted logo")
	requireNotFound(t, s.DeleteLogo(ctx, owner.ULID, nil), "a second delete")
	got, err = s.GetLogo(ctx, other.ULID)
	require.NoError(t, err)
	requireLogo(t, otherLogo, got, "another customer's logo stays")
	require.NoError(t, s.PutLogo(ctx, first, nil), "a logo may be set again")
}

// testAttachmentDeleteCustomer: deleting a customer deletes its
// attachments (records and bytes) and its logo in the same operation, and
// nothing of another customer's.
func testAttachmentDeleteCustomer(t *testing.T, newStore func(t *testing.T) AttachmentStore) {
	ctx := t.Context()
	s := newStore(t)
	cs := attachmentCustomers(t, s, 2)
	gone, kept := cs[0].ULID, cs[1].ULID
	var goneIDs []ulid.ULID
	var keptAs []*attachment.Attachment
	var keptData [][]byte
	for i := range 6 {
		owner := []ulid.ULID{gone, kept}[i%2]
		a, data := NewAttachment(i, owner)
		createAttachment(t, s, a, data)
		if owner == gone {
			goneIDs = append(goneIDs, a.ID)
		} else {
			keptAs, keptData = append(keptAs, a), append(keptData, data)
		}
	}
	require.NoError(t, s.PutLogo(ctx, newLogo(1, gone), nil))
	require.NoError(t, s.PutLogo(ctx, newLogo(2, kept), nil))

	require.NoError(t, s.DeleteCustomer(ctx, gone, nil))
	for _, id := range goneIDs {
		_, err := s.GetAttachment(ctx, id)
		requireNotFound(t, err, "an attachment of the deleted customer")
		_, _, err = s.GetAttachmentContent(ctx, id)
		requireNotFound(t, err, "the bytes of the deleted customer")
	}
	_, err := s.GetLogo(ctx, gone)
	requireNotFound(t, err, "the logo of the deleted customer")
	_, err = s.AttachmentUsage(ctx, gone)
	requireNotFound(t, err)
	page, err := s.ListAttachments(ctx, attachmentQuery(t, attachment.Query{CustomerID: gone}), customerkit.Cursor{})
	require.NoError(t, err)
	require.Empty(t, page.Items)

	for i, a := range keptAs {
		requireStored(t, s, a, keptData[i], "another customer's attachment")
	}
	got, err := s.GetLogo(ctx, kept)
	require.NoError(t, err)
	requireLogo(t, newLogo(2, kept), got)

	// A customer created again with the same ULID starts empty.
	create(t, s, NewCustomer(700))
	require.Equal(t, attachment.Usage{}, usageOf(t, s, gone))
}

func testAttachmentContextCanceled(t *testing.T, newStore func(t *testing.T) AttachmentStore) {
	s := newStore(t)
	owner := attachmentCustomers(t, s, 1)[0].ULID
	a, data := NewAttachment(1, owner)
	createAttachment(t, s, a, data)
	require.NoError(t, s.PutLogo(t.Context(), newLogo(1, owner), nil))
	absent, absentData := NewAttachment(2, owner)

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	require.ErrorIs(t, s.CreateAttachment(ctx, absent, absentData, nil), context.Canceled, "CreateAttachment")
	_, err := s.GetAttachment(t.Context(), absent.ID)
	requireNotFound(t, err, "a create with a canceled context was written")
	_, err = s.GetAttachment(ctx, a.ID)
	require.ErrorIs(t, err, context.Canceled, "GetAttachment")
	_, _, err = s.GetAttachmentContent(ctx, a.ID)
	require.ErrorIs(t, err, context.Canceled, "GetAttachmentContent")
	_, err = s.UpdateAttachment(ctx, a.ID, func(x *attachment.Attachment, _ *customer.Customer) error { x.Name = "Changed"; return nil })
	require.ErrorIs(t, err, context.Canceled, "UpdateAttachment")
	require.ErrorIs(t, s.DeleteAttachment(ctx, a.ID, nil), context.Canceled, "DeleteAttachment")
	_, err = s.ListAttachments(ctx, attachmentQuery(t, attachment.Query{CustomerID: owner}), customerkit.Cursor{})
	require.ErrorIs(t, err, context.Canceled, "ListAttachments")
	_, err = s.AttachmentUsage(ctx, owner)
	require.ErrorIs(t, err, context.Canceled, "AttachmentUsage")
	require.ErrorIs(t, s.PutLogo(ctx, newLogo(2, owner), nil), context.Canceled, "PutLogo")
	_, err = s.GetLogo(ctx, owner)
	require.ErrorIs(t, err, context.Canceled, "GetLogo")
	require.ErrorIs(t, s.DeleteLogo(ctx, owner, nil), context.Canceled, "DeleteLogo")

	requireStored(t, s, a, data, "a write with a canceled context was written")
	got, err := s.GetLogo(t.Context(), owner)
	require.NoError(t, err)
	requireLogo(t, newLogo(1, owner), got, "a logo write with a canceled context was written")
}
