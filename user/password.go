package user

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer/password"
)

// SetPassword hashes pw with the Service's Hasher (argon2id; see package
// customer/password for the policy) and stores the hash as user id's
// password, replacing any other. The password is never stored, returned
// or logged. Errors: a *customerkit.ValidationError (subject "password")
// for a password the policy refuses; ErrNotFound.
func (s *Service) SetPassword(ctx context.Context, id ulid.ULID, pw string) (*User, error) {
	h, err := s.hasher.Hash(pw) // outside the store's lock: it is slow on purpose
	if err != nil {
		return nil, err
	}
	return s.writeHash(ctx, id, h, "user: password set")
}

// ClearPassword removes user id's password: Authenticate then fails for
// the user until SetPassword gives it another. ErrNotFound.
func (s *Service) ClearPassword(ctx context.Context, id ulid.ULID) (*User, error) {
	return s.writeHash(ctx, id, "", "user: password cleared")
}

func (s *Service) writeHash(ctx context.Context, id ulid.ULID, h password.Hash, msg string) (*User, error) {
	now := s.now()
	u, err := s.store.UpdateUser(ctx, id, func(u *User) error {
		u.PasswordHash, u.UpdatedAt = h, now
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.opts.Logger.InfoContext(ctx, msg, slog.String("user", id.String()))
	return view(u), nil
}

// dummyHash returns a hash of a random password made with the Service's
// Hasher, which Authenticate verifies against when it has no hash to
// verify, so that an unknown email address costs what a known one does.
func (s *Service) dummyHash() password.Hash {
	s.dummyOnce.Do(func() {
		pw := rand.Text()
		if h, err := s.hasher.Hash(pw); err == nil {
			s.dummy = h
		}
	})
	return s.dummy
}

// Authenticate returns the user whose email is email (compared
// case-insensitively) when pw is its password. An unknown email, a user
// without a password and a wrong password all return ErrBadCredentials
// (ErrPermissionDenied), and all cost one verification: with no hash to
// verify, a dummy hash is verified instead. The comparison is constant
// time (see package customer/password).
//
// When the stored hash was made with other parameters than the Hasher's,
// a new hash of pw replaces it (unless the password changed meanwhile);
// a failure to store it is logged and does not fail the sign-in.
func (s *Service) Authenticate(ctx context.Context, email, pw string) (*User, error) {
	var u *User
	key := emailKey(email)
	if key != "" {
		found, err := s.store.GetUser(ctx, ByEmail, key)
		switch {
		case err == nil:
			u = found
		case !errors.Is(err, customerkit.ErrNotFound):
			return nil, err
		}
	}
	hash := s.dummyHash()
	if u != nil && !u.PasswordHash.IsZero() {
		hash = u.PasswordHash
	}
	ok, rehash, err := s.hasher.Verify(hash, pw)
	if err != nil {
		// A stored hash that does not parse: nobody can sign in with it.
		if u != nil && hash == u.PasswordHash {
			s.opts.Logger.WarnContext(ctx, "user: the stored password hash is malformed", slog.String("user", u.ID.String()))
		}
		return nil, ErrBadCredentials
	}
	if !ok || u == nil || u.PasswordHash.IsZero() {
		return nil, ErrBadCredentials
	}
	if rehash {
		s.rehash(ctx, u, pw)
	}
	s.opts.Logger.DebugContext(ctx, "user: authenticated", slog.String("user", u.ID.String()))
	return view(u), nil
}

// rehash stores a hash of pw made with the Hasher's parameters in place
// of u's, unless u's password changed since it was read.
func (s *Service) rehash(ctx context.Context, u *User, pw string) {
	h, err := s.hasher.Hash(pw)
	if err == nil {
		old := u.PasswordHash
		_, err = s.store.UpdateUser(ctx, u.ID, func(x *User) error {
			if x.PasswordHash != old {
				return errSkip
			}
			x.PasswordHash = h
			return nil
		})
	}
	switch {
	case err == nil:
		s.opts.Logger.InfoContext(ctx, "user: password rehashed with the current parameters", slog.String("user", u.ID.String()))
	case !errors.Is(err, errSkip):
		s.opts.Logger.WarnContext(ctx, "user: storing a rehashed password failed", slog.String("user", u.ID.String()), slog.String("error", err.Error()))
	}
}
