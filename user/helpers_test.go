package user_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/password"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/storage/memstore"
	"github.com/customerkit/customerkit/user"
)

// clock is a settable NowFunc, safe for concurrent use.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// mailbox is a Mailer that keeps what it is given, or fails with err.
type mailbox struct {
	mu   sync.Mutex
	sent []*user.InvitationMail
	err  error
}

func (m *mailbox) SendInvitation(_ context.Context, mail *user.InvitationMail) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return m.err
	}
	m.sent = append(m.sent, mail)
	return nil
}

// last returns the last mail sent.
func (m *mailbox) last(t testing.TB) *user.InvitationMail {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	require.NotEmpty(t, m.sent, "no mail was sent")
	return m.sent[len(m.sent)-1]
}

// linkPrefix starts every invitation link of the tests.
const linkPrefix = "https://app.example.com/join?token="

// tokenOf returns the token a test link carries.
func tokenOf(t testing.TB, link string) string {
	t.Helper()
	tok, ok := strings.CutPrefix(link, linkPrefix)
	require.True(t, ok, "not a test link")
	return tok
}

// cheapHasher returns a Hasher with the cheapest parameters argon2id
// allows, so tests run fast.
func cheapHasher(t testing.TB, iterations uint32) *password.Hasher {
	t.Helper()
	h, err := password.NewHasher(&password.Options{Params: password.Params{Memory: 64, Iterations: iterations, Parallelism: 1}})
	require.NoError(t, err)
	return h
}

// fixture is a user.Service over a memstore, with a clock, a mailbox and
// one customer (acme) whose owner is ada.
type fixture struct {
	store     *memstore.Store
	customers *customer.Service
	svc       *user.Service
	clock     *clock
	mail      *mailbox
	acme      *customer.Customer
	ada       *user.Member // acme's owner
}

func newFixture(t testing.TB, opts *user.Options) *fixture {
	t.Helper()
	f := &fixture{store: memstore.New(), clock: newClock(), mail: &mailbox{}}
	f.customers = customer.NewService(f.store, &customer.Options{NowFunc: f.clock.Now})
	o := user.Options{}
	if opts != nil {
		o = *opts
	}
	if o.NowFunc == nil {
		o.NowFunc = f.clock.Now
	}
	if o.Hasher == nil {
		o.Hasher = cheapHasher(t, 1)
	}
	if o.Mailer == nil {
		o.Mailer = f.mail
	}
	if o.LinkFunc == nil {
		o.LinkFunc = func(tok user.Token) string { return linkPrefix + tok.Reveal() }
	}
	f.svc = user.NewService(f.store, f.customers, &o)
	f.acme, f.ada = f.newCustomer(t, "Acme", "Ada", "Lovelace", "ada@acme.example")
	return f
}

// newCustomer creates a business customer with its owner.
func (f *fixture) newCustomer(t testing.TB, company, first, last, email string) (*customer.Customer, *user.Member) {
	t.Helper()
	c, owner, err := f.svc.CreateCustomer(t.Context(), &customer.Customer{
		Type: customer.TypeBusiness, CompanyName: company, FirstName: first, LastName: last,
		Email: email, Country: "GB", Currency: "GBP",
	})
	require.NoError(t, err)
	return c, owner
}

// newUser creates a user with email.
func (f *fixture) newUser(t testing.TB, email string) *user.User {
	t.Helper()
	u, err := f.svc.CreateUser(t.Context(), &user.User{Email: email, Name: strings.SplitN(email, "@", 2)[0]})
	require.NoError(t, err)
	return u
}

// addMember creates a user with email and makes it a member of c with
// role r.
func (f *fixture) addMember(t testing.TB, c *customer.Customer, email string, r marketplace.Role, perms ...user.Permission) *user.Member {
	t.Helper()
	u := f.newUser(t, email)
	a := user.Access{Role: r}
	if perms != nil {
		a.Permissions = perms
	}
	m, err := f.svc.AddMember(t.Context(), c.ULID, u.ID, a)
	require.NoError(t, err)
	return m
}

// setStatus moves customer c to status s.
func (f *fixture) setStatus(t testing.TB, c *customer.Customer, s customer.Status) {
	t.Helper()
	_, err := f.customers.SetStatus(t.Context(), c.ULID, s)
	require.NoError(t, err)
}

// actor returns the Actor of member m.
func actor(m *user.Member) user.Actor {
	return user.Actor{CustomerID: m.Membership.CustomerID, UserID: m.User.ID}
}

// invite makes a display-link invitation of email into c by the
// organization and returns it with its token.
func (f *fixture) invite(t testing.TB, c *customer.Customer, email string, r marketplace.Role) (*user.Invitation, string) {
	t.Helper()
	in, err := f.svc.Invite(t.Context(), c.ULID, user.InviteInput{Email: email, Role: r, Activation: user.ActivationDisplayLink})
	require.NoError(t, err)
	require.False(t, in.Token.IsZero())
	return in.Invitation, in.Token.Reveal()
}

// sentinels are the six shared errors.
var sentinels = []error{
	customerkit.ErrNotFound, customerkit.ErrAlreadyExists, customerkit.ErrConflict,
	customerkit.ErrInvalid, customerkit.ErrFailedPrecondition, customerkit.ErrPermissionDenied,
}

// requireOneSentinel asserts that err matches want and no other sentinel.
func requireOneSentinel(t testing.TB, err, want error, msgAndArgs ...any) {
	t.Helper()
	require.ErrorIs(t, err, want, msgAndArgs...)
	for _, s := range sentinels {
		if s != want {
			require.NotErrorIs(t, err, s, msgAndArgs...)
		}
	}
}

// requireProblems asserts that err is a *customerkit.ValidationError
// holding exactly the problems want, as "path code".
func requireProblems(t testing.TB, err error, want ...string) {
	t.Helper()
	require.ErrorIs(t, err, customerkit.ErrInvalid)
	var ve *customerkit.ValidationError
	require.True(t, errors.As(err, &ve), "%v is not a *ValidationError", err)
	var got []string
	for _, f := range ve.Fields {
		got = append(got, f.Path+" "+f.Code)
	}
	require.Equal(t, want, got)
}

// requireAlreadyExists asserts that err is an *AlreadyExistsError of
// resource and field.
func requireAlreadyExists(t testing.TB, err error, resource, field string) {
	t.Helper()
	requireOneSentinel(t, err, customerkit.ErrAlreadyExists)
	var ae *customerkit.AlreadyExistsError
	require.True(t, errors.As(err, &ae))
	require.Equal(t, resource, ae.Resource)
	require.Equal(t, field, ae.Field)
}

// memberIDs lists the user IDs of every member of customer id.
func (f *fixture) memberIDs(t testing.TB, id ulid.ULID) []ulid.ULID {
	t.Helper()
	var out []ulid.ULID
	for m, err := range f.svc.AllMembers(t.Context(), &user.MemberQuery{CustomerID: id, Limit: 2}) {
		require.NoError(t, err)
		out = append(out, m.User.ID)
	}
	return out
}
