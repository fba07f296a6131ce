package credential

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"maps"
	"slices"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
)

// Service is the organization-side API of credentials: it validates,
// seals secrets before they reach the Store, and refreshes OAuth2 tokens.
// Customer-facing code uses the handle ForCustomer returns. A Service is
// safe for concurrent use.
type Service struct {
	store  Store
	sealer Sealer
	opts   Options
}

// NewService returns a Service over store that seals secrets with sealer
// (a *KeyRing, or the host's own Sealer). opts may be nil.
func NewService(store Store, sealer Sealer, opts *Options) *Service {
	return &Service{store: store, sealer: sealer, opts: opts.withDefaults()}
}

func (s *Service) now() time.Time { return s.opts.NowFunc().UTC() }

func (s *Service) view(c *Credential) *View {
	return newView(c, s.now(), s.opts.RefreshMargin)
}

// tokenField returns the field holding the access token of method m, or "".
func tokenField(m Method) string {
	switch m {
	case MethodBearer:
		return FieldToken
	case MethodOAuth2ClientCredentials, MethodOAuth2AuthorizationCode:
		return FieldAccessToken
	}
	return ""
}

// hasToken reports whether c is usable without a refresh: methods without
// a token always are; the others when they hold their token.
func hasToken(c *Credential) bool {
	f := tokenField(c.Method)
	if f == "" {
		return true
	}
	_, ok := c.Sealed[f]
	return ok
}

// seal seals every non-blank secret value of values for credential id.
func (s *Service) seal(id ulid.ULID, fields []FieldSpec, values Values) (map[string]Sealed, error) {
	out := make(map[string]Sealed)
	for _, f := range fields {
		v, ok := values[f.Name]
		if !f.Secret || !ok || blank(v) {
			continue
		}
		sv, err := s.sealer.Seal([]byte(v), AAD(id, f.Name))
		if err != nil {
			return nil, fmt.Errorf("credential: sealing %s: %w", f.Name, err)
		}
		out[f.Name] = sv
	}
	return out, nil
}

// Create validates in, seals its secret values and stores the credential.
// Health starts active, or pending for an OAuth2 client-credentials
// credential without an access token (a Refresh obtains it).
//
// Errors: a *customerkit.ValidationError (ErrInvalid) listing every
// problem (paths "name", "method", `values["password"]`,
// "custom.fields[0].name", "scopes[1]", "expires_at"); ErrNotFound when
// in.CustomerID names no customer.
func (s *Service) Create(ctx context.Context, in Input) (*View, error) {
	return s.create(ctx, in, nil)
}

// create is Create with check run on the credential's customer inside
// the store's transaction (the customer scope's status rule).
func (s *Service) create(ctx context.Context, in Input, check func(*customer.Customer) error) (*View, error) {
	n, err := in.validate()
	if err != nil {
		return nil, err
	}
	c := &Credential{
		ID:         s.opts.NewIDFunc(),
		CustomerID: n.CustomerID,
		Name:       n.Name,
		Method:     n.Method,
		Scopes:     n.Scopes,
		Version:    1,
	}
	if n.Custom != nil {
		c.Custom, c.CustomFields = n.Custom.Name, n.Custom.Fields
	}
	fields := schema(c.Method, c.CustomFields)
	for _, f := range fields {
		if v, ok := n.Values[f.Name]; ok && !f.Secret && !blank(v) {
			if c.Fields == nil {
				c.Fields = make(map[string]string)
			}
			c.Fields[f.Name] = v
		}
	}
	if c.Sealed, err = s.seal(c.ID, fields, n.Values); err != nil {
		return nil, err
	}
	if len(c.Sealed) == 0 {
		c.Sealed = nil
	}
	c.Health = Health{}.Reset(hasToken(c), n.ExpiresAt)
	now := s.now()
	c.CreatedAt, c.UpdatedAt = now, now
	if err := s.store.CreateCredential(ctx, c, check); err != nil {
		return nil, err
	}
	s.opts.Logger.DebugContext(ctx, "credential: created", slog.String("id", c.ID.String()), slog.String("method", string(c.Method)))
	return s.view(c), nil
}

// Get returns the view of credential id (no secret values), or
// ErrNotFound.
func (s *Service) Get(ctx context.Context, id ulid.ULID) (*View, error) {
	c, err := s.store.GetCredential(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.view(c), nil
}

// Reveal returns credential id with its secrets opened, for the host's
// runtime (the code that calls the integration's API). It is the only
// call that returns secret values; no customer-scoped handle offers it.
// A value that does not open (tampered with, moved from another
// credential or field, sealed with a key the Sealer no longer holds) is an
// error matching ErrCannotOpen (and customerkit.ErrFailedPrecondition).
func (s *Service) Reveal(ctx context.Context, id ulid.ULID) (*Revealed, error) {
	c, err := s.store.GetCredential(ctx, id)
	if err != nil {
		return nil, err
	}
	secrets, err := s.open(c)
	if err != nil {
		return nil, err
	}
	return &Revealed{View: *s.view(c), Secrets: secrets}, nil
}

// open opens every sealed value of c.
func (s *Service) open(c *Credential) (map[string]Secret, error) {
	out := make(map[string]Secret, len(c.Sealed))
	for _, name := range slices.Sorted(maps.Keys(c.Sealed)) {
		pt, err := s.sealer.Open(c.Sealed[name], AAD(c.ID, name))
		if err != nil {
			return nil, fmt.Errorf("credential: %s field %s: %w", c.ID, name, err)
		}
		out[name] = NewSecret(string(pt))
	}
	return out, nil
}

// errStale tells an updater's caller that the credential changed since it
// was read.
func staleError(id ulid.ULID, read, now int64) error {
	return fmt.Errorf("credential: %s is at version %d, not %d: %w", id, now, read, customerkit.ErrConflict)
}

// Update applies p to credential id: a partial update, where a field left
// out keeps its value (a secret too) and a blank value clears an optional
// field. Method, owner and custom schema never change. Writing values
// resets the health (see Patch.Values).
//
// Errors: ErrNotFound; a *customerkit.ValidationError; ErrConflict when
// p.Version is set and the credential changed since.
func (s *Service) Update(ctx context.Context, id ulid.ULID, p Patch) (*View, error) {
	return s.update(ctx, id, p, nil, nil)
}

// update is Update with check run on the stored credential, and status on
// its customer (nil for an organization-wide one), inside the store's
// read-modify-write: the customer scope's ownership test and status rule.
func (s *Service) update(ctx context.Context, id ulid.ULID, p Patch, check func(*Credential) error, status func(*customer.Customer) error) (*View, error) {
	cur, err := s.store.GetCredential(ctx, id)
	if err != nil {
		return nil, err
	}
	if check != nil {
		if err := check(cur); err != nil {
			return nil, err
		}
	}
	ve := &customerkit.ValidationError{Subject: "credential"}
	var name string
	if p.Name != nil {
		name = validateName(ve, *p.Name)
	}
	fields := schema(cur.Method, cur.CustomFields)
	validateValues(ve, fields, p.Values, true)
	var scopes []string
	if p.Scopes != nil {
		scopes = validateScopes(ve, cur.Method, *p.Scopes)
	}
	if p.ExpiresAt != nil {
		validateExpiry(ve, cur.Method, *p.ExpiresAt)
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	sealed, err := s.seal(id, fields, p.Values) // outside the store's lock
	if err != nil {
		return nil, err
	}
	now := s.now()
	out, err := s.store.UpdateCredential(ctx, id, func(c *Credential, cust *customer.Customer) error {
		if check != nil {
			if err := check(c); err != nil {
				return err
			}
		}
		if status != nil && cust != nil {
			if err := status(cust); err != nil {
				return err
			}
		}
		if p.Version != 0 && c.Version != p.Version {
			return staleError(id, p.Version, c.Version)
		}
		if p.Name != nil {
			c.Name = name
		}
		if p.Scopes != nil {
			c.Scopes = scopes
		}
		for _, f := range fields {
			v, ok := p.Values[f.Name]
			switch {
			case !ok:
			case blank(v):
				delete(c.Fields, f.Name)
				delete(c.Sealed, f.Name)
			case f.Secret:
				if c.Sealed == nil {
					c.Sealed = make(map[string]Sealed)
				}
				c.Sealed[f.Name] = sealed[f.Name].Clone()
			default:
				if c.Fields == nil {
					c.Fields = make(map[string]string)
				}
				c.Fields[f.Name] = v
			}
		}
		expiry := c.Health.ExpiresAt
		if _, ok := p.Values[tokenField(c.Method)]; ok && tokenField(c.Method) != "" {
			expiry = time.Time{} // a new token: the old expiry does not apply
		}
		if p.ExpiresAt != nil {
			expiry = p.ExpiresAt.UTC()
		}
		if len(p.Values) > 0 {
			c.Health = c.Health.Reset(hasToken(c), expiry)
		} else {
			c.Health.ExpiresAt = expiry
		}
		c.UpdatedAt = now
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.view(out), nil
}

// Delete removes credential id, or returns ErrNotFound.
func (s *Service) Delete(ctx context.Context, id ulid.ULID) error {
	return s.store.DeleteCredential(ctx, id, nil)
}

// List returns one page of the credentials q selects, in ID order, after
// the cursor after. q may be nil (every credential, DefaultLimit a page).
func (s *Service) List(ctx context.Context, q *Query, after customerkit.Cursor) (customerkit.Page[View], error) {
	n, err := q.Normalize()
	if err != nil {
		return customerkit.Page[View]{}, err
	}
	return s.list(ctx, n, after)
}

func (s *Service) list(ctx context.Context, q *Query, after customerkit.Cursor) (customerkit.Page[View], error) {
	page, err := s.store.ListCredentials(ctx, q, after)
	if err != nil {
		return customerkit.Page[View]{}, err
	}
	out := customerkit.Page[View]{Items: make([]*View, len(page.Items)), Next: page.Next}
	for i, c := range page.Items {
		out.Items[i] = s.view(c)
	}
	return out, nil
}

// All iterates over every credential q selects, page by page. An error is
// yielded once and ends the iteration.
func (s *Service) All(ctx context.Context, q *Query) iter.Seq2[*View, error] {
	n, err := q.Normalize()
	return customerkit.Iterate(func(after customerkit.Cursor) (customerkit.Page[View], error) {
		if err != nil {
			return customerkit.Page[View]{}, err
		}
		return s.list(ctx, n, after)
	})
}

// stale reports whether c holds a value sealed with a key other than the
// current one.
func (s *Service) stale(c *Credential) bool {
	cur := s.sealer.CurrentKeyID()
	for _, v := range c.Sealed {
		if v.KeyID != cur {
			return true
		}
	}
	return false
}

// Reseal moves every secret of credential id to the Sealer's current key:
// each value sealed with an older key is opened and sealed again, inside
// the store's read-modify-write. A credential already on the current key
// is not written. A value that does not open is an error matching
// ErrCannotOpen, and nothing is written.
func (s *Service) Reseal(ctx context.Context, id ulid.ULID) (*View, error) {
	c, err := s.store.GetCredential(ctx, id)
	if err != nil {
		return nil, err
	}
	if !s.stale(c) {
		return s.view(c), nil
	}
	c, err = s.reseal(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.view(c), nil
}

func (s *Service) reseal(ctx context.Context, id ulid.ULID) (*Credential, error) {
	return s.store.UpdateCredential(ctx, id, func(c *Credential, _ *customer.Customer) error {
		cur := s.sealer.CurrentKeyID()
		for name, v := range c.Sealed {
			if v.KeyID == cur {
				continue
			}
			aad := AAD(c.ID, name)
			pt, err := s.sealer.Open(v, aad)
			if err != nil {
				return fmt.Errorf("credential: %s field %s: %w", c.ID, name, err)
			}
			nv, err := s.sealer.Seal(pt, aad)
			clear(pt)
			if err != nil {
				return fmt.Errorf("credential: sealing %s: %w", name, err)
			}
			c.Sealed[name] = nv
		}
		return nil
	})
}

// ResealAll reseals every credential that holds a value sealed with an
// older key (see Reseal), walking the store page by page, and returns how
// many it rewrote. It stops at the first error, returning the count so
// far. Once it returns without error, the older keys may leave the ring.
func (s *Service) ResealAll(ctx context.Context) (int, error) {
	n := 0
	var after customerkit.Cursor
	q := &Query{Limit: MaxLimit}
	for {
		page, err := s.store.ListCredentials(ctx, q, after)
		if err != nil {
			return n, err
		}
		for _, c := range page.Items {
			if !s.stale(c) {
				continue
			}
			_, err := s.reseal(ctx, c.ID)
			switch {
			case errors.Is(err, customerkit.ErrNotFound): // deleted meanwhile
			case err != nil:
				return n, err
			default:
				n++
			}
		}
		if page.Next.IsZero() {
			return n, nil
		}
		after = page.Next
	}
}

// Refresh obtains a new access token for OAuth2 credential id through the
// Refresher and records the outcome in its health:
//
//   - success: the new access token (and a rotated refresh token) sealed
//     and stored, health active, the new expiry, FailureCount 0;
//   - failure: health error, FailureCount+1, LastFailureAt and LastError
//     set; refresh_exhausted once Options.MaxRefreshFailures refreshes in
//     a row have failed. The error is a *RefreshError
//     (ErrFailedPrecondition).
//
// A credential that is not OAuth2, an authorization-code credential
// without a refresh token, and a refresh_exhausted credential (write new
// secrets with Update first) are ErrFailedPrecondition, and nothing is
// called. When ctx ends during the refresh, its error is returned and
// nothing is recorded. If the credential changed while the token was
// being obtained, the token is dropped and the error is ErrConflict.
//
// Two concurrent Refresh calls for one credential both call the
// Refresher; a host that refreshes in the background runs one worker per
// credential.
func (s *Service) Refresh(ctx context.Context, id ulid.ULID) (*View, error) {
	c, err := s.store.GetCredential(ctx, id)
	if err != nil {
		return nil, err
	}
	switch {
	case !c.Method.OAuth2():
		return nil, fmt.Errorf("credential: %s is %s; only OAuth2 credentials refresh: %w", id, c.Method, customerkit.ErrFailedPrecondition)
	case !c.Refreshable():
		return nil, fmt.Errorf("credential: %s has no refresh token: %w", id, customerkit.ErrFailedPrecondition)
	case c.Health.Status == HealthRefreshExhausted:
		return nil, fmt.Errorf("credential: %s is refresh_exhausted after %d failures; update its secrets first: %w", id, c.Health.FailureCount, customerkit.ErrFailedPrecondition)
	}
	secrets, err := s.open(c)
	if err != nil {
		return nil, err
	}
	req := &RefreshRequest{
		CredentialID: c.ID,
		Method:       c.Method,
		TokenURL:     c.Fields[FieldTokenURL],
		AuthURL:      c.Fields[FieldAuthURL],
		ClientID:     c.Fields[FieldClientID],
		ClientSecret: secrets[FieldClientSecret],
		RefreshToken: secrets[FieldRefreshToken],
		Scopes:       slices.Clone(c.Scopes),
	}
	log := s.opts.Logger.With(slog.String("credential", id.String()))
	tok, rerr := s.opts.Refresher.Refresh(ctx, req)
	if rerr == nil && (tok == nil || tok.AccessToken.IsZero()) {
		rerr = errors.New("credential: the refresher returned no access token")
	}
	if rerr != nil && ctx.Err() != nil {
		return nil, fmt.Errorf("credential: refresh of %s interrupted: %w", id, ctx.Err())
	}
	now := s.now()
	if rerr != nil {
		var rec Health
		_, err := s.store.UpdateCredential(ctx, id, func(u *Credential, _ *customer.Customer) error {
			if u.Version != c.Version {
				return staleError(id, c.Version, u.Version)
			}
			u.Health = u.Health.RefreshFailed(now, rerr.Error(), s.opts.MaxRefreshFailures)
			u.UpdatedAt = now
			rec = u.Health
			return nil
		})
		if err != nil {
			return nil, err
		}
		log.WarnContext(ctx, "credential: refresh failed", slog.Int("failures", rec.FailureCount), slog.String("status", string(rec.Status)), slog.String("error", rec.LastError))
		return nil, &RefreshError{Failures: rec.FailureCount, Exhausted: rec.Status == HealthRefreshExhausted, Err: rerr}
	}
	values := Values{FieldAccessToken: tok.AccessToken.Reveal()}
	if !tok.RefreshToken.IsZero() && c.Method == MethodOAuth2AuthorizationCode {
		values[FieldRefreshToken] = tok.RefreshToken.Reveal()
	}
	sealed, err := s.seal(id, builtin[c.Method], values)
	if err != nil {
		return nil, err
	}
	out, err := s.store.UpdateCredential(ctx, id, func(u *Credential, _ *customer.Customer) error {
		if u.Version != c.Version {
			return staleError(id, c.Version, u.Version)
		}
		if u.Sealed == nil {
			u.Sealed = make(map[string]Sealed)
		}
		for k, v := range sealed {
			u.Sealed[k] = v.Clone()
		}
		u.Health = u.Health.Refreshed(now, tok.Expiry)
		u.UpdatedAt = now
		return nil
	})
	if err != nil {
		return nil, err
	}
	log.DebugContext(ctx, "credential: refreshed", slog.Time("expires_at", out.Health.ExpiresAt))
	return s.view(out), nil
}
