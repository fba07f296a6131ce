package credential_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/credential"
)

// tokenServer is an OAuth2 token endpoint on 127.0.0.1.
type tokenServer struct {
	*httptest.Server
	mu       sync.Mutex
	fail     bool   // answer 400 invalid_grant
	rotate   string // the refresh token to hand out, if any
	requests []map[string]string
	issued   int
}

func newTokenServer(t *testing.T) *tokenServer {
	ts := &tokenServer{}
	ts.Server = httptest.NewServer(http.HandlerFunc(ts.serve))
	t.Cleanup(ts.Close)
	require.True(t, strings.HasPrefix(ts.URL, "http://127.0.0.1:"), ts.URL)
	return ts
}

func (ts *tokenServer) serve(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	req := map[string]string{"path": r.URL.Path}
	for k := range r.PostForm {
		req[k] = r.PostForm.Get(k)
	}
	if id, secret, ok := r.BasicAuth(); ok {
		req["client_id"], req["client_secret"] = id, secret
	}
	ts.requests = append(ts.requests, req)
	w.Header().Set("Content-Type", "application/json")
	if ts.fail || req["client_secret"] != "csecret" {
		w.WriteHeader(http.StatusBadRequest)
		// The body echoes a secret: the recorded error must not.
		_ = json.NewEncoder(w).Encode(map[string]string{"error": "invalid_grant", "error_description": "grant revoked", "debug": "rt=" + req["refresh_token"]})
		return
	}
	ts.issued++
	resp := map[string]any{"access_token": "at-new-" + string(rune('0'+ts.issued)), "token_type": "Bearer", "expires_in": 3600}
	if ts.rotate != "" {
		resp["refresh_token"] = ts.rotate
	}
	_ = json.NewEncoder(w).Encode(resp)
}

func (ts *tokenServer) set(fail bool, rotate string) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.fail, ts.rotate = fail, rotate
}

func (ts *tokenServer) count() int {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return len(ts.requests)
}

func (ts *tokenServer) last() map[string]string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.requests[len(ts.requests)-1]
}

func refreshFixture(t *testing.T, maxFailures int) (*fixture, *tokenServer) {
	ts := newTokenServer(t)
	f := newFixture(t, &credential.Options{
		Refresher:          &credential.OAuth2Refresher{HTTPClient: ts.Client(), AuthStyle: oauth2.AuthStyleInParams},
		MaxRefreshFailures: maxFailures,
	})
	return f, ts
}

func TestRefreshClientCredentials(t *testing.T) {
	t.Parallel()
	f, ts := refreshFixture(t, 0)
	ctx := t.Context()
	v, err := f.svc.Create(ctx, credential.Input{
		CustomerID: f.customer, Name: "ERP", Method: credential.MethodOAuth2ClientCredentials,
		Values: credential.Values{"client_id": "cid", "client_secret": "csecret", "token_url": ts.URL + "/token"},
		Scopes: []string{"read", "write"},
	})
	require.NoError(t, err)
	require.Equal(t, credential.HealthPending, v.Status)
	require.True(t, v.NeedsRefresh)

	before := time.Now()
	v, err = f.svc.Refresh(ctx, v.ID)
	require.NoError(t, err)
	require.Equal(t, credential.HealthActive, v.Status)
	require.False(t, v.NeedsRefresh)
	require.Equal(t, f.clock.Now(), v.Health.LastRefreshAt)
	require.WithinRange(t, v.Health.ExpiresAt, before.Add(3590*time.Second), time.Now().Add(3601*time.Second))
	require.Equal(t, []string{"access_token", "client_secret"}, v.SecretFields)
	req := ts.last()
	require.Equal(t, "/token", req["path"])
	require.Equal(t, "client_credentials", req["grant_type"])
	require.Equal(t, "read write", req["scope"])
	require.Equal(t, "cid", req["client_id"])
	r, err := f.svc.Reveal(ctx, v.ID)
	require.NoError(t, err)
	require.Equal(t, "at-new-1", r.Secrets["access_token"].Reveal())
}

func TestRefreshAuthorizationCode(t *testing.T) {
	t.Parallel()
	f, ts := refreshFixture(t, 0)
	ctx := t.Context()
	v, err := f.svc.Create(ctx, credential.Input{
		Name: "Mailbox", Method: credential.MethodOAuth2AuthorizationCode,
		Values:    credential.Values{"client_id": "cid", "client_secret": "csecret", "token_url": ts.URL + "/token", "access_token": "at-0", "refresh_token": "rt-1"},
		ExpiresAt: f.clock.Now().Add(time.Minute),
	})
	require.NoError(t, err)
	require.True(t, v.NeedsRefresh, "expires within the margin")

	// The provider does not rotate the refresh token: it is kept.
	v, err = f.svc.Refresh(ctx, v.ID)
	require.NoError(t, err)
	require.Equal(t, "refresh_token", ts.last()["grant_type"])
	require.Equal(t, "rt-1", ts.last()["refresh_token"])
	r, err := f.svc.Reveal(ctx, v.ID)
	require.NoError(t, err)
	require.Equal(t, "at-new-1", r.Secrets["access_token"].Reveal())
	require.Equal(t, "rt-1", r.Secrets["refresh_token"].Reveal())

	// The provider rotates it: the new one is sealed and used next.
	ts.set(false, "rt-2")
	_, err = f.svc.Refresh(ctx, v.ID)
	require.NoError(t, err)
	r, err = f.svc.Reveal(ctx, v.ID)
	require.NoError(t, err)
	require.Equal(t, "rt-2", r.Secrets["refresh_token"].Reveal())
	_, err = f.svc.Refresh(ctx, v.ID)
	require.NoError(t, err)
	require.Equal(t, "rt-2", ts.last()["refresh_token"])
}

// Repeated failures end in refresh_exhausted; new secrets bring the
// credential back.
func TestRefreshFailureAndExhaustion(t *testing.T) {
	t.Parallel()
	f, ts := refreshFixture(t, 3)
	ctx := t.Context()
	v, err := f.svc.Create(ctx, credential.Input{
		Name: "Mailbox", Method: credential.MethodOAuth2AuthorizationCode,
		Values: credential.Values{"client_id": "cid", "client_secret": "csecret", "token_url": ts.URL + "/token", "access_token": "at-0", "refresh_token": "rt-secret-1"},
	})
	require.NoError(t, err)
	ts.set(true, "")
	for i := 1; i <= 3; i++ {
		f.clock.Advance(time.Minute)
		_, err := f.svc.Refresh(ctx, v.ID)
		require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
		var re *credential.RefreshError
		require.True(t, errors.As(err, &re))
		require.Equal(t, i, re.Failures)
		require.Equal(t, i == 3, re.Exhausted)
		require.NotContains(t, err.Error(), "rt-secret-1")

		got, err := f.svc.Get(ctx, v.ID)
		require.NoError(t, err)
		require.Equal(t, i, got.Health.FailureCount)
		require.Equal(t, f.clock.Now(), got.Health.LastFailureAt)
		require.Contains(t, got.Health.LastError, "invalid_grant")
		require.Contains(t, got.Health.LastError, "HTTP 400")
		require.NotContains(t, got.Health.LastError, "rt-secret-1", "the response body is not recorded")
		if i < 3 {
			require.Equal(t, credential.HealthError, got.Status)
			require.True(t, got.NeedsRefresh)
		} else {
			require.Equal(t, credential.HealthRefreshExhausted, got.Status)
			require.False(t, got.NeedsRefresh)
		}
	}
	// Exhausted: refused without calling the provider.
	n := ts.count()
	_, err = f.svc.Refresh(ctx, v.ID)
	require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
	var re *credential.RefreshError
	require.False(t, errors.As(err, &re))
	require.Equal(t, n, ts.count())

	// New secrets reset the health; the next refresh succeeds.
	ts.set(false, "")
	v, err = f.svc.Update(ctx, v.ID, credential.Patch{Values: credential.Values{"refresh_token": "rt-2"}})
	require.NoError(t, err)
	require.Equal(t, credential.HealthActive, v.Status)
	require.Zero(t, v.Health.FailureCount)
	v, err = f.svc.Refresh(ctx, v.ID)
	require.NoError(t, err)
	require.Equal(t, credential.HealthActive, v.Status)
	require.Equal(t, "rt-2", ts.last()["refresh_token"])
	require.False(t, v.Health.LastFailureAt.IsZero())
}

func TestRefreshRefused(t *testing.T) {
	t.Parallel()
	f, ts := refreshFixture(t, 0)
	ctx := t.Context()
	basic, err := f.svc.Create(ctx, basicInput(f.customer))
	require.NoError(t, err)
	noRefresh, err := f.svc.Create(ctx, credential.Input{
		Name: "m", Method: credential.MethodOAuth2AuthorizationCode,
		Values: credential.Values{"client_id": "cid", "token_url": ts.URL + "/token", "access_token": "at"},
	})
	require.NoError(t, err)
	for _, id := range []ulid.ULID{basic.ID, noRefresh.ID} {
		_, err = f.svc.Refresh(ctx, id)
		require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
	}
	_, err = f.svc.Refresh(ctx, ulid.Make())
	require.ErrorIs(t, err, customerkit.ErrNotFound)
	require.Zero(t, ts.count())
}

// refresherFunc is a Refresher a host (or a test) supplies.
type refresherFunc func(ctx context.Context, req *credential.RefreshRequest) (*credential.Token, error)

func (f refresherFunc) Refresh(ctx context.Context, req *credential.RefreshRequest) (*credential.Token, error) {
	return f(ctx, req)
}

func TestRefreshWithHostRefresher(t *testing.T) {
	t.Parallel()
	var f *fixture
	var hook func(ctx context.Context, req *credential.RefreshRequest) (*credential.Token, error)
	f = newFixture(t, &credential.Options{Refresher: refresherFunc(func(ctx context.Context, req *credential.RefreshRequest) (*credential.Token, error) {
		return hook(ctx, req)
	})})
	ctx := t.Context()
	v, err := f.svc.Create(ctx, credential.Input{
		Name: "c", Method: credential.MethodOAuth2ClientCredentials,
		Values: credential.Values{"client_id": "cid", "client_secret": "cs", "token_url": "https://auth.example/token"},
		Scopes: []string{"a"},
	})
	require.NoError(t, err)

	// The request carries the opened secrets.
	hook = func(_ context.Context, req *credential.RefreshRequest) (*credential.Token, error) {
		require.Equal(t, v.ID, req.CredentialID)
		require.Equal(t, "cs", req.ClientSecret.Reveal())
		require.Equal(t, "https://auth.example/token", req.TokenURL)
		require.Equal(t, []string{"a"}, req.Scopes)
		return &credential.Token{AccessToken: credential.NewSecret("at"), Expiry: f.clock.Now().Add(time.Hour)}, nil
	}
	got, err := f.svc.Refresh(ctx, v.ID)
	require.NoError(t, err)
	require.Equal(t, f.clock.Now().Add(time.Hour), got.Health.ExpiresAt)

	// A canceled refresh is not recorded.
	cctx, cancel := context.WithCancel(ctx)
	hook = func(ctx context.Context, _ *credential.RefreshRequest) (*credential.Token, error) {
		cancel()
		return nil, ctx.Err()
	}
	_, err = f.svc.Refresh(cctx, v.ID)
	require.ErrorIs(t, err, context.Canceled)
	after, err := f.svc.Get(ctx, v.ID)
	require.NoError(t, err)
	require.Equal(t, got.Version, after.Version)

	// An empty token is a failure.
	hook = func(context.Context, *credential.RefreshRequest) (*credential.Token, error) {
		return &credential.Token{}, nil
	}
	_, err = f.svc.Refresh(ctx, v.ID)
	var re *credential.RefreshError
	require.True(t, errors.As(err, &re))

	// A credential changed while the token was obtained: the token is
	// dropped.
	hook = func(context.Context, *credential.RefreshRequest) (*credential.Token, error) {
		name := "renamed"
		_, err := f.svc.Update(ctx, v.ID, credential.Patch{Name: &name})
		require.NoError(t, err)
		return &credential.Token{AccessToken: credential.NewSecret("late")}, nil
	}
	_, err = f.svc.Refresh(ctx, v.ID)
	require.ErrorIs(t, err, customerkit.ErrConflict)
	r, err := f.svc.Reveal(ctx, v.ID)
	require.NoError(t, err)
	require.Equal(t, "at", r.Secrets["access_token"].Reveal())
}

// The default Refresher against the token server, directly.
func TestOAuth2Refresher(t *testing.T) {
	t.Parallel()
	ts := newTokenServer(t)
	r := &credential.OAuth2Refresher{HTTPClient: ts.Client()} // auto-detected auth style
	tok, err := r.Refresh(t.Context(), &credential.RefreshRequest{
		Method: credential.MethodOAuth2ClientCredentials, TokenURL: ts.URL + "/token",
		ClientID: "cid", ClientSecret: credential.NewSecret("csecret"),
	})
	require.NoError(t, err)
	require.Equal(t, "at-new-1", tok.AccessToken.Reveal())
	require.Equal(t, "Bearer", tok.TokenType)
	require.True(t, tok.RefreshToken.IsZero())

	_, err = r.Refresh(t.Context(), &credential.RefreshRequest{Method: credential.MethodOAuth2AuthorizationCode, TokenURL: ts.URL})
	require.ErrorIs(t, err, customerkit.ErrFailedPrecondition, "no refresh token")
	_, err = r.Refresh(t.Context(), &credential.RefreshRequest{Method: credential.MethodBasic})
	require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
	_, err = r.Refresh(t.Context(), &credential.RefreshRequest{
		Method: credential.MethodOAuth2ClientCredentials, TokenURL: ts.URL + "/token",
		ClientID: "cid", ClientSecret: credential.NewSecret("wrong"),
	})
	require.Error(t, err)
	require.Contains(t, err.Error(), "invalid_grant")
	require.NotContains(t, err.Error(), "debug")
}
