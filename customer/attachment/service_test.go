package attachment_test

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/attachment"
	"github.com/customerkit/customerkit/storage/memstore"
)

// fixedNow is the clock of the service tests: nanoseconds the service
// truncates to microseconds.
var fixedNow = time.Date(2026, 5, 6, 7, 8, 9, 123456789, time.FixedZone("CEST", 2*3600))

// env is a Service over a fresh memstore, with the customer service that
// creates and changes the customers.
type env struct {
	store     *memstore.Store
	svc       *attachment.Service
	customers *customer.Service
}

func newEnv(t testing.TB, opts *attachment.Options) *env {
	t.Helper()
	store := memstore.New()
	if opts == nil {
		opts = &attachment.Options{}
	}
	if opts.NowFunc == nil {
		opts.NowFunc = func() time.Time { return fixedNow }
	}
	if opts.Logo.Size == 0 {
		opts.Logo.Size = 32 // small logos keep the tests fast under -race
	}
	return &env{store: store, svc: attachment.NewService(store, opts), customers: customer.NewService(store, nil)}
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

func (e *env) upload(t testing.TB, id ulid.ULID, name, content string) *attachment.Attachment {
	t.Helper()
	a, err := e.svc.Upload(t.Context(), id, strings.NewReader(content), name, "")
	require.NoError(t, err)
	return a
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

// unread is a reader that fails the test when it is read.
type unread struct{ t testing.TB }

func (u unread) Read([]byte) (int, error) {
	u.t.Error("the reader was read")
	return 0, io.EOF
}

func TestUpload(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := t.Context()
	cust := e.customer(t, "Acme")
	content := "name,amount\nacme,10\n"
	a, err := e.svc.Upload(ctx, cust, strings.NewReader(content), "  Re\u0301sume\u0301.csv ", "text/csv")
	require.NoError(t, err)
	want := fixedNow.UTC().Truncate(time.Microsecond)
	require.Equal(t, &attachment.Attachment{
		ID: a.ID, CustomerID: cust, Name: "Résumé.csv", ContentType: "text/plain; charset=utf-8",
		Size: int64(len(content)), SHA256: attachment.Sum([]byte(content)), Version: 1, CreatedAt: want, UpdatedAt: want,
	}, a)
	require.Equal(t, ulid.Timestamp(fixedNow), a.ID.Time(), "the ID carries NowFunc's time")

	got, err := e.svc.Get(ctx, a.ID)
	require.NoError(t, err)
	require.Equal(t, a, got)
	got, data, err := e.svc.Content(ctx, a.ID)
	require.NoError(t, err)
	require.Equal(t, a, got)
	require.Equal(t, content, string(data))
	u, err := e.svc.Usage(ctx, cust)
	require.NoError(t, err)
	require.Equal(t, attachment.Usage{Count: 1, Bytes: int64(len(content))}, u)
}

func TestUploadRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t, &attachment.Options{Limits: attachment.Limits{MaxSize: 16}})
	ctx := t.Context()
	cust := e.customer(t, "Acme")

	_, err := e.svc.Upload(ctx, cust, strings.NewReader(strings.Repeat("x", 17)), "../a.txt", "image/png")
	requireOnly(t, err, customerkit.ErrInvalid)
	requireField(t, err, "content", "too_long")
	requireField(t, err, "name", "invalid")

	_, err = e.svc.Upload(ctx, ulid.Make(), unread{t}, "a.txt", "")
	requireOnly(t, err, customerkit.ErrNotFound, "an unknown customer, refused before reading")

	boom := errors.New("client gone")
	_, err = e.svc.Upload(ctx, cust, io.MultiReader(strings.NewReader("abc"), errReader{boom}), "a.txt", "")
	require.ErrorIs(t, err, boom)

	u, err := e.svc.Usage(ctx, cust)
	require.NoError(t, err)
	require.Equal(t, attachment.Usage{}, u, "nothing was stored")
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

func TestQuota(t *testing.T) {
	t.Parallel()
	e := newEnv(t, &attachment.Options{Limits: attachment.Limits{MaxSize: 60, Quota: 100}})
	ctx := t.Context()
	cust, other := e.customer(t, "Acme"), e.customer(t, "Other")
	first := e.upload(t, cust, "a", strings.Repeat("a", 60))
	_, err := e.svc.Upload(ctx, cust, strings.NewReader(strings.Repeat("b", 41)), "b", "")
	requireOnly(t, err, customerkit.ErrFailedPrecondition)
	var qe *attachment.QuotaError
	require.ErrorAs(t, err, &qe)
	require.Equal(t, attachment.QuotaError{Used: 60, Size: 41, Quota: 100}, *qe)
	e.upload(t, cust, "b", strings.Repeat("b", 40))
	e.upload(t, other, "o", strings.Repeat("o", 60)) // each customer has its own quota
	u, err := e.svc.Usage(ctx, cust)
	require.NoError(t, err)
	require.Equal(t, attachment.Usage{Count: 2, Bytes: 100}, u)

	require.NoError(t, e.svc.Delete(ctx, first.ID))
	e.upload(t, cust, "c", strings.Repeat("c", 60)) // room again
	require.Equal(t, int64(100), e.svc.Limits().Quota)
	require.Equal(t, int64(60), e.svc.Limits().MaxSize)
	require.Equal(t, attachment.DefaultMaxNameLength, e.svc.Limits().MaxNameLength)
}

// Concurrent uploads through the service never take a customer over its
// quota: the check runs in the store's transaction.
func TestQuotaConcurrent(t *testing.T) {
	t.Parallel()
	const n, size, quota = 20, 100, 750
	e := newEnv(t, &attachment.Options{Limits: attachment.Limits{Quota: quota}})
	cust := e.customer(t, "Acme")
	var wg sync.WaitGroup
	var mu sync.Mutex
	var ok, over int
	for i := range n {
		wg.Go(func() {
			_, err := e.svc.Upload(t.Context(), cust, bytes.NewReader(bytes.Repeat([]byte{byte('a' + i)}, size)), fmt.Sprint("f", i), "")
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok++
			case errors.Is(err, customerkit.ErrFailedPrecondition):
				over++
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	require.Equal(t, quota/size, ok)
	require.Equal(t, n-quota/size, over)
	u, err := e.svc.Usage(t.Context(), cust)
	require.NoError(t, err)
	require.LessOrEqual(t, u.Bytes, int64(quota))
	require.Equal(t, int64(ok*size), u.Bytes)
}

// suspending reads like r, and suspends the customer while it is read:
// the status changes between the service's first check and the store's
// transaction.
type suspending struct {
	r    io.Reader
	once sync.Once
	do   func()
}

func (s *suspending) Read(p []byte) (int, error) {
	s.once.Do(s.do)
	return s.r.Read(p)
}

// The status is checked again inside the store's transaction.
func TestStatusRecheckedInTransaction(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := t.Context()
	cust := e.customer(t, "Acme")
	r := &suspending{r: strings.NewReader("hello"), do: func() { e.setStatus(t, cust, customer.StatusSuspended) }}
	_, err := e.svc.Upload(ctx, cust, r, "a.txt", "")
	requireOnly(t, err, customerkit.ErrFailedPrecondition)

	e.setStatus(t, cust, customer.StatusActive)
	r = &suspending{r: bytes.NewReader(pngOf(t, 10, 10)), do: func() { e.setStatus(t, cust, customer.StatusSuspended) }}
	_, err = e.svc.SetLogo(ctx, cust, r)
	requireOnly(t, err, customerkit.ErrFailedPrecondition)

	u, err := e.svc.Usage(ctx, cust)
	require.NoError(t, err)
	require.Equal(t, attachment.Usage{}, u)
	_, err = e.svc.Logo(ctx, cust)
	requireOnly(t, err, customerkit.ErrNotFound)
}

func pngOf(t testing.TB, w, h int) []byte {
	t.Helper()
	return encodePNG(t, solid(w, h, blue))
}

// TestStatusRules checks every operation in every customer status against
// the table in the Service documentation; TestScope checks the Scope's
// reads.
func TestStatusRules(t *testing.T) {
	t.Parallel()
	type op struct {
		name   string
		create bool // needs CanCreate; otherwise CanUseExisting
		read   bool // the organization reads in every status
		run    func(t *testing.T, e *env, cust ulid.ULID, a *attachment.Attachment) error
	}
	ops := []op{
		{"Upload", true, false, func(t *testing.T, e *env, cust ulid.ULID, _ *attachment.Attachment) error {
			_, err := e.svc.Upload(t.Context(), cust, strings.NewReader("x"), "x.txt", "")
			return err
		}},
		{"SetLogo", true, false, func(t *testing.T, e *env, cust ulid.ULID, _ *attachment.Attachment) error {
			_, err := e.svc.SetLogo(t.Context(), cust, bytes.NewReader(pngOf(t, 4, 4)))
			return err
		}},
		{"Get", false, true, func(t *testing.T, e *env, _ ulid.ULID, a *attachment.Attachment) error {
			_, err := e.svc.Get(t.Context(), a.ID)
			return err
		}},
		{"Content", false, true, func(t *testing.T, e *env, _ ulid.ULID, a *attachment.Attachment) error {
			_, _, err := e.svc.Content(t.Context(), a.ID)
			return err
		}},
		{"List", false, true, func(t *testing.T, e *env, cust ulid.ULID, _ *attachment.Attachment) error {
			_, err := e.svc.List(t.Context(), &attachment.Query{CustomerID: cust}, customerkit.Cursor{})
			return err
		}},
		{"All", false, true, func(t *testing.T, e *env, cust ulid.ULID, _ *attachment.Attachment) error {
			for _, err := range e.svc.All(t.Context(), &attachment.Query{CustomerID: cust}) {
				if err != nil {
					return err
				}
			}
			return nil
		}},
		{"Usage", false, true, func(t *testing.T, e *env, cust ulid.ULID, _ *attachment.Attachment) error {
			_, err := e.svc.Usage(t.Context(), cust)
			return err
		}},
		{"Logo", false, true, func(t *testing.T, e *env, cust ulid.ULID, _ *attachment.Attachment) error {
			_, err := e.svc.Logo(t.Context(), cust)
			return err
		}},
		{"Rename", false, false, func(t *testing.T, e *env, _ ulid.ULID, a *attachment.Attachment) error {
			_, err := e.svc.Rename(t.Context(), a.ID, 0, "renamed.txt")
			return err
		}},
		{"Delete", false, false, func(t *testing.T, e *env, _ ulid.ULID, a *attachment.Attachment) error {
			return e.svc.Delete(t.Context(), a.ID)
		}},
		{"DeleteLogo", false, false, func(t *testing.T, e *env, cust ulid.ULID, _ *attachment.Attachment) error {
			return e.svc.DeleteLogo(t.Context(), cust)
		}},
	}
	for _, status := range customer.Statuses() {
		for _, o := range ops {
			t.Run(string(status)+"/"+o.name, func(t *testing.T) {
				t.Parallel()
				e := newEnv(t, nil)
				cust := e.customer(t, "Acme")
				a := e.upload(t, cust, "a.txt", "hello")
				_, err := e.svc.SetLogo(t.Context(), cust, bytes.NewReader(pngOf(t, 4, 4)))
				require.NoError(t, err)
				if status != customer.StatusActive {
					e.setStatus(t, cust, status)
				}
				allowed := status.CanUseExisting()
				switch {
				case o.create:
					allowed = status.CanCreate()
				case o.read:
					allowed = true
				}
				err = o.run(t, e, cust, a)
				if allowed {
					require.NoError(t, err)
					return
				}
				requireOnly(t, err, customerkit.ErrFailedPrecondition)
			})
		}
	}
}

func TestServiceRename(t *testing.T) {
	t.Parallel()
	later := fixedNow.Add(time.Hour)
	now := fixedNow
	e := newEnv(t, &attachment.Options{NowFunc: func() time.Time { return now }})
	ctx := t.Context()
	cust := e.customer(t, "Acme")
	a := e.upload(t, cust, "a.txt", "hello")
	now = later

	got, err := e.svc.Rename(ctx, a.ID, a.Version, "  Cafe\u0301.txt ")
	require.NoError(t, err)
	want := *a
	want.Name, want.Version, want.UpdatedAt = "Café.txt", 2, later.UTC().Truncate(time.Microsecond)
	require.Equal(t, &want, got)

	_, err = e.svc.Rename(ctx, a.ID, a.Version, "stale.txt")
	requireOnly(t, err, customerkit.ErrConflict, "the version read is stale")
	_, err = e.svc.Rename(ctx, a.ID, 0, "a/b")
	requireField(t, err, "name", "invalid")
	_, err = e.svc.Rename(ctx, a.ID, -1, "")
	requireField(t, err, "name", "required")
	requireField(t, err, "version", "invalid")
	_, err = e.svc.Rename(ctx, ulid.Make(), 0, "x")
	requireOnly(t, err, customerkit.ErrNotFound)

	stored, data, err := e.svc.Content(ctx, a.ID)
	require.NoError(t, err)
	require.Equal(t, &want, stored, "refused renames changed nothing")
	require.Equal(t, "hello", string(data), "a rename keeps the content")
}

func TestDelete(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := t.Context()
	cust := e.customer(t, "Acme")
	a, b := e.upload(t, cust, "a", "aaa"), e.upload(t, cust, "b", "bb")
	require.NoError(t, e.svc.Delete(ctx, a.ID))
	_, err := e.svc.Get(ctx, a.ID)
	requireOnly(t, err, customerkit.ErrNotFound)
	_, _, err = e.svc.Content(ctx, a.ID)
	requireOnly(t, err, customerkit.ErrNotFound)
	requireOnly(t, e.svc.Delete(ctx, a.ID), customerkit.ErrNotFound)
	u, err := e.svc.Usage(ctx, cust)
	require.NoError(t, err)
	require.Equal(t, attachment.Usage{Count: 1, Bytes: b.Size}, u)
}

func TestList(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil) // the default ID generator: monotonic, so IDs follow upload order
	ctx := t.Context()
	cust, other := e.customer(t, "Acme"), e.customer(t, "Other")
	var want []string
	for i := range 7 {
		want = append(want, e.upload(t, cust, fmt.Sprintf("f%d.txt", i), "x").Name)
		e.upload(t, other, "other.txt", "y")
	}
	var got []string
	var after customerkit.Cursor
	for {
		page, err := e.svc.List(ctx, &attachment.Query{CustomerID: cust, Limit: 3}, after)
		require.NoError(t, err)
		for _, a := range page.Items {
			got = append(got, a.Name)
		}
		if page.Next.IsZero() {
			break
		}
		after = page.Next
	}
	require.Equal(t, want, got)

	got = nil
	for a, err := range e.svc.All(ctx, &attachment.Query{CustomerID: cust, Limit: 2}) {
		require.NoError(t, err)
		got = append(got, a.Name)
	}
	require.Equal(t, want, got)

	_, err := e.svc.List(ctx, nil, customerkit.Cursor{})
	requireField(t, err, "customer_id", "required")
	_, err = e.svc.List(ctx, &attachment.Query{CustomerID: cust, Limit: -1}, customerkit.Cursor{})
	requireField(t, err, "limit", "invalid")
	_, err = e.svc.List(ctx, &attachment.Query{CustomerID: ulid.Make()}, customerkit.Cursor{})
	requireOnly(t, err, customerkit.ErrNotFound)
	_, err = e.svc.List(ctx, &attachment.Query{CustomerID: cust}, customerkit.NewCursor([]byte("forged")))
	requireOnly(t, err, customerkit.ErrInvalid)
	// A cursor of another customer's list is refused, not followed.
	page, err := e.svc.List(ctx, &attachment.Query{CustomerID: other, Limit: 1}, customerkit.Cursor{})
	require.NoError(t, err)
	_, err = e.svc.List(ctx, &attachment.Query{CustomerID: cust}, page.Next)
	requireOnly(t, err, customerkit.ErrInvalid)

	var errs int
	for a, err := range e.svc.All(ctx, nil) {
		require.Nil(t, a)
		requireField(t, err, "customer_id", "required")
		errs++
	}
	require.Equal(t, 1, errs, "an error is yielded once")
}

func TestLogo(t *testing.T) {
	t.Parallel()
	e := newEnv(t, &attachment.Options{Logo: attachment.LogoOptions{Size: 64}})
	ctx := t.Context()
	cust, other := e.customer(t, "Acme"), e.customer(t, "Other")
	_, err := e.svc.Logo(ctx, cust)
	requireOnly(t, err, customerkit.ErrNotFound, "no logo yet")

	l, err := e.svc.SetLogo(ctx, cust, bytes.NewReader(encodeJPEG(t, solid(300, 100, red))))
	require.NoError(t, err)
	require.Equal(t, cust, l.CustomerID)
	require.Equal(t, int64(len(l.Data)), l.Size)
	require.Equal(t, attachment.Sum(l.Data), l.SHA256)
	require.Equal(t, fixedNow.UTC().Truncate(time.Microsecond), l.UpdatedAt)
	cfg, err := png.DecodeConfig(bytes.NewReader(l.Data))
	require.NoError(t, err)
	require.Equal(t, 64, cfg.Width, "Options.Logo.Size applies")
	require.Equal(t, 64, cfg.Height)

	got, err := e.svc.Logo(ctx, cust)
	require.NoError(t, err)
	require.Equal(t, l, got)

	second, err := e.svc.SetLogo(ctx, cust, bytes.NewReader(encodePNG(t, solid(10, 10, green))))
	require.NoError(t, err)
	got, err = e.svc.Logo(ctx, cust)
	require.NoError(t, err)
	require.Equal(t, second, got, "a logo replaces the previous one")
	require.NotEqual(t, l.SHA256, got.SHA256)

	_, err = e.svc.SetLogo(ctx, cust, strings.NewReader("<svg/>"))
	requireOnly(t, err, customerkit.ErrInvalid)
	requireField(t, err, "logo", "not_supported")
	_, err = e.svc.SetLogo(ctx, ulid.Make(), unread{t})
	requireOnly(t, err, customerkit.ErrNotFound, "an unknown customer, refused before reading")
	got, err = e.svc.Logo(ctx, cust)
	require.NoError(t, err)
	require.Equal(t, second, got, "a refused logo changed nothing")

	requireOnly(t, e.svc.DeleteLogo(ctx, other), customerkit.ErrNotFound, "another customer has none")
	require.NoError(t, e.svc.DeleteLogo(ctx, cust))
	_, err = e.svc.Logo(ctx, cust)
	requireOnly(t, err, customerkit.ErrNotFound)
	requireOnly(t, e.svc.DeleteLogo(ctx, cust), customerkit.ErrNotFound)
	u, err := e.svc.Usage(ctx, cust)
	require.NoError(t, err)
	require.Equal(t, attachment.Usage{}, u, "a logo is no attachment")
}

// A customer scope sees only its customer's attachments: another's are
// ErrNotFound, whatever the operation.
func TestScope(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := t.Context()
	acme, other := e.customer(t, "Acme"), e.customer(t, "Other")
	h := e.svc.ForCustomer(acme)
	require.Equal(t, acme, h.CustomerID())

	mine, err := h.Upload(ctx, strings.NewReader("mine"), "mine.txt", "")
	require.NoError(t, err)
	require.Equal(t, acme, mine.CustomerID)
	theirs := e.upload(t, other, "theirs.txt", "theirs")
	_, err = e.svc.SetLogo(ctx, other, bytes.NewReader(pngOf(t, 3, 3)))
	require.NoError(t, err)

	_, err = h.Get(ctx, theirs.ID)
	requireOnly(t, err, customerkit.ErrNotFound)
	_, _, err = h.Content(ctx, theirs.ID)
	requireOnly(t, err, customerkit.ErrNotFound)
	_, err = h.Rename(ctx, theirs.ID, 0, "mine now.txt")
	requireOnly(t, err, customerkit.ErrNotFound)
	requireOnly(t, h.Delete(ctx, theirs.ID), customerkit.ErrNotFound)
	stored, data, err := e.svc.Content(ctx, theirs.ID)
	require.NoError(t, err)
	require.Equal(t, theirs, stored, "another customer's attachment is untouched")
	require.Equal(t, "theirs", string(data))
	_, err = h.Logo(ctx)
	requireOnly(t, err, customerkit.ErrNotFound, "the scope's customer has no logo; another's is not reachable")

	page, err := h.List(ctx, &attachment.Query{CustomerID: other}, customerkit.Cursor{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1, "q.CustomerID is ignored")
	require.Equal(t, mine, page.Items[0])
	var n int
	for a, err := range h.All(ctx, nil) {
		require.NoError(t, err)
		require.Equal(t, acme, a.CustomerID)
		n++
	}
	require.Equal(t, 1, n)

	got, err := h.Get(ctx, mine.ID)
	require.NoError(t, err)
	require.Equal(t, mine, got)
	_, data, err = h.Content(ctx, mine.ID)
	require.NoError(t, err)
	require.Equal(t, "mine", string(data))
	renamed, err := h.Rename(ctx, mine.ID, mine.Version, "renamed.txt")
	require.NoError(t, err)
	require.Equal(t, "renamed.txt", renamed.Name)
	u, err := h.Usage(ctx)
	require.NoError(t, err)
	require.Equal(t, attachment.Usage{Count: 1, Bytes: 4}, u)
	_, err = h.SetLogo(ctx, bytes.NewReader(pngOf(t, 3, 3)))
	require.NoError(t, err)
	_, err = h.Logo(ctx)
	require.NoError(t, err)
	require.NoError(t, h.DeleteLogo(ctx))
	require.NoError(t, h.Delete(ctx, mine.ID))

	// A scope without a customer can do nothing.
	z := e.svc.ForCustomer(ulid.ULID{})
	checks := map[string]error{}
	_, checks["Upload"] = z.Upload(ctx, unread{t}, "a", "")
	_, checks["Get"] = z.Get(ctx, theirs.ID)
	_, _, checks["Content"] = z.Content(ctx, theirs.ID)
	_, checks["List"] = z.List(ctx, nil, customerkit.Cursor{})
	_, checks["Usage"] = z.Usage(ctx)
	_, checks["Rename"] = z.Rename(ctx, theirs.ID, 0, "x")
	checks["Delete"] = z.Delete(ctx, theirs.ID)
	_, checks["SetLogo"] = z.SetLogo(ctx, unread{t})
	_, checks["Logo"] = z.Logo(ctx)
	checks["DeleteLogo"] = z.DeleteLogo(ctx)
	for _, err := range z.All(ctx, nil) {
		checks["All"] = err
	}
	for _, name := range slices.Sorted(maps.Keys(checks)) {
		requireOnly(t, checks[name], customerkit.ErrPermissionDenied, name)
	}
}

// Deleting a customer deletes its attachments and its logo.
func TestDeleteCustomer(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := t.Context()
	gone, kept := e.customer(t, "Gone"), e.customer(t, "Kept")
	a := e.upload(t, gone, "a.txt", "a")
	b := e.upload(t, kept, "b.txt", "b")
	for _, c := range []ulid.ULID{gone, kept} {
		_, err := e.svc.SetLogo(ctx, c, bytes.NewReader(pngOf(t, 2, 2)))
		require.NoError(t, err)
	}
	e.setStatus(t, gone, customer.StatusTerminated)
	require.NoError(t, e.customers.Delete(ctx, gone))

	_, err := e.store.GetAttachment(ctx, a.ID)
	requireOnly(t, err, customerkit.ErrNotFound)
	_, err = e.store.GetLogo(ctx, gone)
	requireOnly(t, err, customerkit.ErrNotFound)
	_, err = e.svc.Get(ctx, b.ID)
	require.NoError(t, err)
	_, err = e.svc.Logo(ctx, kept)
	require.NoError(t, err)
}

// The service's records and bytes are the caller's: changing them changes
// nothing stored.
func TestServiceIsolation(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := t.Context()
	cust := e.customer(t, "Acme")
	a := e.upload(t, cust, "a.txt", "hello")
	want := *a
	a.Name = "changed"
	_, data, err := e.svc.Content(ctx, a.ID)
	require.NoError(t, err)
	data[0] = 'J'
	got, data, err := e.svc.Content(ctx, a.ID)
	require.NoError(t, err)
	require.Equal(t, &want, got)
	require.Equal(t, "hello", string(data))

	l, err := e.svc.SetLogo(ctx, cust, bytes.NewReader(pngOf(t, 2, 2)))
	require.NoError(t, err)
	wantLogo := l.Clone()
	l.Data[0] = 0
	got2, err := e.svc.Logo(ctx, cust)
	require.NoError(t, err)
	require.Equal(t, wantLogo, got2)
	got2.Data[1] = 0
	got3, err := e.svc.Logo(ctx, cust)
	require.NoError(t, err)
	require.Equal(t, wantLogo, got3)
}

func TestQueryNormalize(t *testing.T) {
	t.Parallel()
	id := ulid.Make()
	for _, tt := range []struct {
		name  string
		in    *attachment.Query
		limit int
		path  string
	}{
		{"nil", nil, 0, "customer_id"},
		{"default", &attachment.Query{CustomerID: id}, attachment.DefaultLimit, ""},
		{"kept", &attachment.Query{CustomerID: id, Limit: 7}, 7, ""},
		{"capped", &attachment.Query{CustomerID: id, Limit: attachment.MaxLimit + 1}, attachment.MaxLimit, ""},
		{"negative", &attachment.Query{CustomerID: id, Limit: -1}, 0, "limit"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n, err := tt.in.Normalize()
			if tt.path != "" {
				requireOnly(t, err, customerkit.ErrInvalid)
				var ve *customerkit.ValidationError
				require.ErrorAs(t, err, &ve)
				require.True(t, ve.Has(tt.path))
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.limit, n.Limit)
			require.Equal(t, id, n.CustomerID)
			if tt.in.Limit == 0 {
				require.Zero(t, tt.in.Limit, "Normalize returns a copy")
			}
		})
	}
}

func TestLogoClone(t *testing.T) {
	t.Parallel()
	require.Nil(t, (*attachment.Logo)(nil).Clone())
	l := &attachment.Logo{CustomerID: ulid.Make(), Size: 3, Data: []byte{1, 2, 3}}
	c := l.Clone()
	require.Equal(t, l, c)
	c.Data[0] = 9
	require.Equal(t, byte(1), l.Data[0])
}

// TestScopeReadsByStatus: through a Scope, reads need a customer that may
// use what it has; the organization reads in every status
// (TestStatusRules).
func TestScopeReadsByStatus(t *testing.T) {
	t.Parallel()
	for _, status := range customer.Statuses() {
		t.Run(string(status), func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, nil)
			ctx := t.Context()
			cust := e.customer(t, "Acme")
			a := e.upload(t, cust, "a.txt", "hello")
			_, err := e.svc.SetLogo(ctx, cust, bytes.NewReader(pngOf(t, 4, 4)))
			require.NoError(t, err)
			if status != customer.StatusActive {
				e.setStatus(t, cust, status)
			}
			s := e.svc.ForCustomer(cust)
			reads := map[string]error{}
			_, reads["Get"] = s.Get(ctx, a.ID)
			_, _, reads["Content"] = s.Content(ctx, a.ID)
			_, reads["List"] = s.List(ctx, nil, customerkit.Cursor{})
			for _, err := range s.All(ctx, nil) {
				reads["All"] = err
			}
			_, reads["Usage"] = s.Usage(ctx)
			_, reads["Logo"] = s.Logo(ctx)
			for name, err := range reads {
				if status.CanUseExisting() {
					require.NoError(t, err, name)
				} else {
					requireOnly(t, err, customerkit.ErrFailedPrecondition, name)
				}
			}
		})
	}
}
