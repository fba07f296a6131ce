package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/password"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/user"
)

var _ user.Store = (*Store)(nil)

// The user tables (migration 0006).
const (
	userTable       = TablePrefix + "users"
	membershipTable = TablePrefix + "memberships"
	invitationTable = TablePrefix + "invitations"
)

const (
	userColumns       = "id, email, email_key, name, phone, external_id, password_hash, version, created_at, updated_at"
	userReadColumns   = "id, email, name, phone, external_id, password_hash, version, created_at, updated_at"
	membershipColumns = "customer_id, user_id, role, permissions, owner, version, created_at, updated_at"
	invitationColumns = "id, customer_id, email, email_key, role, permissions, activation, token_hash, status, " +
		"invited_by, accepted_by, expires_at, accepted_at, revoked_at, version, created_at, updated_at"
	invitationReadColumns = "id, customer_id, email, role, permissions, activation, token_hash, status, " +
		"invited_by, accepted_by, expires_at, accepted_at, revoked_at, version, created_at, updated_at"
)

// resourceError tags a failed statement with the resource it wrote, so
// that a unique violation names the right one.
type resourceError struct {
	resource string
	err      error
}

func (e *resourceError) Error() string { return e.err.Error() }
func (e *resourceError) Unwrap() error { return e.err }

func tag(resource string, err error) error {
	if err == nil {
		return nil
	}
	return &resourceError{resource: resource, err: err}
}

// translateTagged translates err with the resource its statement tagged,
// or resource.
func (s *Store) translateTagged(ctx context.Context, op, resource string, err error, fk error) error {
	var re *resourceError
	if errors.As(err, &re) {
		return s.translate(ctx, op, re.resource, re.err, fk)
	}
	return s.translate(ctx, op, resource, err, fk)
}

func userNotFound(what any) error {
	return fmt.Errorf("sqlstore: user %v: %w", what, customerkit.ErrNotFound)
}

func membershipNotFound(customerID, userID ulid.ULID) error {
	return fmt.Errorf("sqlstore: no membership of user %s in customer %s: %w", userID, customerID, customerkit.ErrNotFound)
}

func invitationNotFound(what string) error {
	return fmt.Errorf("sqlstore: invitation %s: %w", what, customerkit.ErrNotFound)
}

func invalidWrite(path, code, detail string) error {
	return &customerkit.ValidationError{Subject: "sqlstore", Fields: []customerkit.FieldError{{Path: path, Code: code, Detail: detail}}}
}

// nullText is the value of an optional text column: NULL when empty.
func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (s *Store) userArgs(u *user.User) []any {
	return []any{u.ID.String(), u.Email, customer.EmailKey(u.Email), u.Name, u.Phone, nullText(u.ExternalID),
		u.PasswordHash.Encoded(), u.Version, s.d.timeArg(storedTime(u.CreatedAt)), s.d.timeArg(storedTime(u.UpdatedAt))}
}

func scanUser(sc scanner) (*user.User, error) {
	var (
		u      user.User
		id     sql.NullString
		ext    sql.NullString
		hash   string
		userID ulid.ULID
	)
	if err := sc.Scan(&id, &u.Email, &u.Name, &u.Phone, &ext, &hash, int64Col{&u.Version},
		timeScanner{&u.CreatedAt}, timeScanner{&u.UpdatedAt}); err != nil {
		return nil, err
	}
	userID, err := parseID("user", "id", id)
	if err != nil {
		return nil, err
	}
	u.ID, u.ExternalID, u.PasswordHash = userID, ext.String, password.Hash(hash)
	u.HasPassword = hash != ""
	return &u, nil
}

func (s *Store) membershipArgs(m *user.Membership) ([]any, error) {
	e := jsonEncoder{subject: "membership"}
	args := []any{m.CustomerID.String(), m.UserID.String(), string(m.Role),
		e.enc("permissions", m.Permissions, m.Permissions == nil), m.Owner,
		m.Version, s.d.timeArg(storedTime(m.CreatedAt)), s.d.timeArg(storedTime(m.UpdatedAt))}
	return args, e.err
}

func scanMembership(sc scanner) (*user.Membership, error) {
	var (
		m         user.Membership
		cid, uid  sql.NullString
		role      string
		perms     []byte
		err       error
		ownerFlag bool
	)
	if err := sc.Scan(&cid, &uid, &role, &perms, &ownerFlag, int64Col{&m.Version},
		timeScanner{&m.CreatedAt}, timeScanner{&m.UpdatedAt}); err != nil {
		return nil, err
	}
	if m.CustomerID, err = parseID("membership", "customer_id", cid); err != nil {
		return nil, err
	}
	if m.UserID, err = parseID("membership", "user_id", uid); err != nil {
		return nil, err
	}
	m.Role, m.Owner = marketplace.Role(role), ownerFlag
	d := jsonDecoder{what: "membership"}
	d.dec(perms, &m.Permissions)
	if d.err != nil {
		return nil, d.err
	}
	return &m, nil
}

func (s *Store) invitationArgs(i *user.Invitation) ([]any, error) {
	e := jsonEncoder{subject: "invitation"}
	var hash any
	if !i.TokenHash.IsZero() {
		hash = i.TokenHash[:]
	}
	args := []any{i.ID.String(), i.CustomerID.String(), i.Email, customer.EmailKey(i.Email), string(i.Role),
		e.enc("permissions", i.Permissions, i.Permissions == nil), string(i.Activation), hash, string(i.Status),
		nullID(i.InvitedBy), nullID(i.AcceptedBy), s.d.timeArg(storedTime(i.ExpiresAt)),
		s.nullTimeArg(i.AcceptedAt), s.nullTimeArg(i.RevokedAt),
		i.Version, s.d.timeArg(storedTime(i.CreatedAt)), s.d.timeArg(storedTime(i.UpdatedAt))}
	return args, e.err
}

func scanInvitation(sc scanner) (*user.Invitation, error) {
	var (
		i                         user.Invitation
		id, cid, invitedBy, accBy sql.NullString
		role, activation, status  string
		perms, hash               []byte
		err                       error
	)
	if err := sc.Scan(&id, &cid, &i.Email, &role, &perms, &activation, &hash, &status, &invitedBy, &accBy,
		timeScanner{&i.ExpiresAt}, nullTime{&i.AcceptedAt}, nullTime{&i.RevokedAt}, int64Col{&i.Version},
		timeScanner{&i.CreatedAt}, timeScanner{&i.UpdatedAt}); err != nil {
		return nil, err
	}
	if i.ID, err = parseID("invitation", "id", id); err != nil {
		return nil, err
	}
	if i.CustomerID, err = parseID("invitation", "customer_id", cid); err != nil {
		return nil, err
	}
	if i.InvitedBy, err = parseID("invitation", "invited_by", invitedBy); err != nil {
		return nil, err
	}
	if i.AcceptedBy, err = parseID("invitation", "accepted_by", accBy); err != nil {
		return nil, err
	}
	if hash != nil {
		if len(hash) != len(i.TokenHash) {
			return nil, fmt.Errorf("sqlstore: stored invitation %s token_hash is not %d bytes", id.String, len(i.TokenHash))
		}
		copy(i.TokenHash[:], hash)
	}
	i.Role, i.Activation, i.Status = marketplace.Role(role), user.Activation(activation), user.InvitationState(status)
	d := jsonDecoder{what: "invitation " + id.String}
	d.dec(perms, &i.Permissions)
	if d.err != nil {
		return nil, d.err
	}
	return &i, nil
}

// --- reads inside a write transaction ---

// userBy reads the user whose column is value, locked with lock on
// PostgreSQL; nil when there is none.
func (s *Store) userBy(ctx context.Context, q querier, column, value, lock string) (*user.User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, s.d.rebind("SELECT "+userReadColumns+" FROM "+userTable+
		" WHERE "+column+" = ?"+s.rowLock(lock)), value))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return u, err
}

// membershipOf reads the membership of user userID in customer customerID,
// locked with lock on PostgreSQL; nil when there is none (or either ID is
// zero).
func (s *Store) membershipOf(ctx context.Context, q querier, customerID, userID ulid.ULID, lock string) (*user.Membership, error) {
	if customerID.IsZero() || userID.IsZero() {
		return nil, nil
	}
	m, err := scanMembership(q.QueryRowContext(ctx, s.d.rebind("SELECT "+membershipColumns+" FROM "+membershipTable+
		" WHERE customer_id = ? AND user_id = ?"+s.rowLock(lock)), customerID.String(), userID.String()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return m, err
}

// ownerOf reads the owner's membership of customer customerID (FOR UPDATE
// on PostgreSQL); nil when it has none.
func (s *Store) ownerOf(ctx context.Context, q querier, customerID ulid.ULID) (*user.Membership, error) {
	m, err := scanMembership(q.QueryRowContext(ctx, s.d.rebind("SELECT "+membershipColumns+" FROM "+membershipTable+
		" WHERE customer_id = ? AND owner = ?"+s.rowLock(" FOR UPDATE")), customerID.String(), true))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return m, err
}

// lockCustomer reads customer id FOR UPDATE on PostgreSQL (every write of
// a customer's memberships and invitations does, so they run one after
// the other); nil when there is none.
func (s *Store) lockCustomer(ctx context.Context, q querier, id ulid.ULID) (*customer.Customer, error) {
	c, err := newCustomerRow().scan(q.QueryRowContext(ctx, s.cs.selectForUpdate, id.String()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return c, err
}

// snapshot reads the Snapshot of a write on membership m's customer,
// which the caller has locked: the customer c, m's user and the actor's
// membership.
func (s *Store) memberSnapshot(ctx context.Context, q querier, c *customer.Customer, m *user.Membership, actor ulid.ULID) (*user.Snapshot, error) {
	u, err := s.userBy(ctx, q, "id", m.UserID.String(), " FOR SHARE")
	if err != nil {
		return nil, err
	}
	a, err := s.membershipOf(ctx, q, m.CustomerID, actor, "")
	if err != nil {
		return nil, err
	}
	return &user.Snapshot{Customer: c, User: u, Actor: a}, nil
}

func (s *Store) insertUser(ctx context.Context, q querier, u *user.User) error {
	args := s.userArgs(u)
	_, err := q.ExecContext(ctx, s.d.rebind("INSERT INTO "+userTable+" ("+userColumns+") VALUES "+valuesList(1, len(args))), args...)
	return tag("user", err)
}

// insertMembership checks the membership rules against what is stored
// (the customer is locked) and inserts m.
func (s *Store) insertMembership(ctx context.Context, q querier, m *user.Membership) error {
	if old, err := s.membershipOf(ctx, q, m.CustomerID, m.UserID, ""); err != nil {
		return err
	} else if old != nil {
		return &customerkit.AlreadyExistsError{Resource: "membership", Field: "user_id"}
	}
	if m.Owner {
		if o, err := s.ownerOf(ctx, q, m.CustomerID); err != nil {
			return err
		} else if o != nil {
			return &customerkit.AlreadyExistsError{Resource: "membership", Field: "owner"}
		}
	}
	args, err := s.membershipArgs(m)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, s.d.rebind("INSERT INTO "+membershipTable+" ("+membershipColumns+") VALUES "+valuesList(1, len(args))), args...)
	return tag("membership", err)
}

// writeMembership writes m over the stored membership of version old.
func (s *Store) writeMembership(ctx context.Context, q querier, m *user.Membership, oldVersion int64) error {
	args, err := s.membershipArgs(m)
	if err != nil {
		return err
	}
	res, err := q.ExecContext(ctx, s.d.rebind("UPDATE "+membershipTable+" SET role = ?, permissions = ?, owner = ?, version = ?, updated_at = ?"+
		" WHERE customer_id = ? AND user_id = ? AND version = ?"), args[2], args[3], args[4], args[5], args[7],
		m.CustomerID.String(), m.UserID.String(), oldVersion)
	if err != nil {
		return tag("membership", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return errRetry
	}
	return nil
}

// writeInvitation writes i over the stored invitation of version old.
func (s *Store) writeInvitation(ctx context.Context, q querier, i *user.Invitation, oldVersion int64) error {
	args, err := s.invitationArgs(i)
	if err != nil {
		return err
	}
	res, err := q.ExecContext(ctx, s.d.rebind("UPDATE "+invitationTable+" SET "+setList(invitationColumns)+" WHERE id = ? AND version = ?"),
		append(args, i.ID.String(), oldVersion)...)
	if err != nil {
		return tag("invitation", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return errRetry
	}
	return nil
}

// joinOf checks the Join of a plan: a membership binding the joining user
// (existing, or j.User) to customerID.
func joinOf(j *user.Join, customerID ulid.ULID, existing *user.User) (*user.User, *user.Membership, error) {
	if j == nil || j.Membership == nil {
		return nil, nil, invalidWrite("membership", customerkit.CodeRequired, "the join names no membership")
	}
	var userID ulid.ULID
	if existing != nil {
		userID = existing.ID
	}
	var fresh *user.User
	if j.User != nil {
		fresh = j.User.Clone()
		userID = fresh.ID
	}
	m := j.Membership.Clone()
	switch {
	case userID.IsZero():
		return nil, nil, invalidWrite("user", customerkit.CodeRequired, "the join names no user")
	case m.CustomerID != customerID || m.UserID != userID:
		return nil, nil, invalidWrite("membership", customerkit.CodeInvalid, "the membership must bind the joining user to the customer")
	}
	return fresh, m, nil
}

// --- users ---

// CreateUser stores u with one INSERT. See user.Store.
func (s *Store) CreateUser(ctx context.Context, u *user.User) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if u == nil {
		return nilRecord("user")
	}
	c := u.Clone()
	err := s.write(ctx, false, func(q querier) error { return s.insertUser(ctx, q, c) })
	return s.translateTagged(ctx, "create user", "user", err, nil)
}

// GetUser reads one user by a unique field. See user.Store.
func (s *Store) GetUser(ctx context.Context, by user.By, value string) (*user.User, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var column string
	switch by {
	case user.ByID:
		id, err := ulid.ParseStrict(value)
		if err != nil || id.String() != value {
			return nil, userNotFound(fmt.Sprintf("%s %q", by, value))
		}
		column = "id"
	case user.ByEmail:
		column = "email_key"
	case user.ByExternalID:
		column = "external_id"
	default:
		return nil, userNotFound(fmt.Sprintf("%s %q", by, value))
	}
	if value == "" || (s.d.noNUL && hasNUL(value)) {
		return nil, userNotFound(fmt.Sprintf("%s %q", by, value))
	}
	u, err := s.userBy(ctx, s.reader(), column, value, "")
	if err != nil {
		return nil, s.translate(ctx, "get user", "user", err, nil)
	}
	if u == nil {
		return nil, userNotFound(fmt.Sprintf("%s %q", by, value))
	}
	return u, nil
}

// UpdateUser is a read-modify-write in one transaction: the user is read
// FOR UPDATE (PostgreSQL) or under the write lock (SQLite) and written
// back guarded by its version. See user.Store.
func (s *Store) UpdateUser(ctx context.Context, id ulid.ULID, update func(*user.User) error) (*user.User, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	upd := s.d.rebind("UPDATE " + userTable + " SET " + setList(userColumns) + " WHERE id = ? AND version = ?")
	var (
		out       *user.User
		updateErr error
	)
	err := s.write(ctx, true, func(q querier) error {
		updateErr = nil
		old, err := s.userBy(ctx, q, "id", id.String(), " FOR UPDATE")
		if err != nil {
			return err
		}
		if old == nil {
			return userNotFound(id)
		}
		u := old.Clone()
		if update != nil {
			if err := update(u); err != nil {
				updateErr = err
				return err
			}
			ve := &customerkit.ValidationError{Subject: "user"}
			if u.ID != old.ID {
				ve.Add("id", customerkit.CodeImmutable, "an update must not change the ID")
			}
			if !u.CreatedAt.Equal(old.CreatedAt) {
				ve.Add("created_at", customerkit.CodeImmutable, "an update must not change the creation time")
			}
			if err := ve.Err(); err != nil {
				updateErr = err
				return err
			}
			u = u.Clone()
		}
		u.Version = old.Version + 1
		u.UpdatedAt = storedTime(u.UpdatedAt)
		res, err := q.ExecContext(ctx, upd, append(s.userArgs(u), id.String(), old.Version)...)
		if err != nil {
			return tag("user", err)
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return errRetry
		}
		out = u
		return nil
	})
	switch {
	case updateErr != nil:
		return nil, updateErr
	case errors.Is(err, customerkit.ErrNotFound):
		return nil, err
	case err != nil:
		return nil, s.translateTagged(ctx, "update user", "user", err, nil)
	}
	out.HasPassword = !out.PasswordHash.IsZero()
	return out.Clone(), nil
}

// DeleteUser reads the user FOR UPDATE and its memberships, runs check and
// deletes both, in one transaction. See user.Store.
func (s *Store) DeleteUser(ctx context.Context, id ulid.ULID, check func(*user.User, []*user.Membership) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var checkErr error
	err := s.write(ctx, true, func(q querier) error {
		checkErr = nil
		u, err := s.userBy(ctx, q, "id", id.String(), " FOR UPDATE")
		if err != nil {
			return err
		}
		if u == nil {
			return userNotFound(id)
		}
		if check != nil {
			rows, err := q.QueryContext(ctx, s.d.rebind("SELECT "+membershipColumns+" FROM "+membershipTable+
				" WHERE user_id = ? ORDER BY customer_id"+s.rowLock(" FOR UPDATE")), id.String())
			if err != nil {
				return err
			}
			var ms []*user.Membership
			for rows.Next() {
				m, err := scanMembership(rows)
				if err != nil {
					rows.Close()
					return err
				}
				ms = append(ms, m)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if err := check(u, ms); err != nil {
				checkErr = err
				return err
			}
		}
		if _, err := q.ExecContext(ctx, s.d.rebind("DELETE FROM "+membershipTable+" WHERE user_id = ?"), id.String()); err != nil {
			return err
		}
		res, err := q.ExecContext(ctx, s.d.rebind("DELETE FROM "+userTable+" WHERE id = ?"), id.String())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return errRetry
		}
		return nil
	})
	switch {
	case checkErr != nil:
		return checkErr
	case errors.Is(err, customerkit.ErrNotFound):
		return err
	}
	return s.translate(ctx, "delete user", "user", err, nil)
}

// --- memberships ---

// CreateCustomerWithOwner inserts the customer, reads the user of its
// email (FOR SHARE on PostgreSQL), runs plan and inserts the new user and
// the membership, in one transaction. See user.Store.
func (s *Store) CreateCustomerWithOwner(ctx context.Context, c *customer.Customer, plan func(*user.Snapshot) (*user.Join, error)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c == nil {
		return nilRecord("customer")
	}
	args, err := s.customerArgs(c)
	if err != nil {
		return err
	}
	cust := c.Clone()
	emailKey := customer.EmailKey(c.Email)
	var planErr error
	err = s.write(ctx, true, func(q querier) error {
		planErr = nil
		if _, err := q.ExecContext(ctx, s.cs.insert, args...); err != nil {
			return tag("customer", err)
		}
		existing, err := s.userBy(ctx, q, "email_key", emailKey, " FOR SHARE")
		if err != nil {
			return err
		}
		j, err := plan(&user.Snapshot{Customer: cust.Clone(), User: existing})
		if err != nil {
			planErr = err
			return err
		}
		fresh, m, err := joinOf(j, cust.ULID, existing)
		if err != nil {
			planErr = err
			return err
		}
		if fresh != nil {
			if err := s.insertUser(ctx, q, fresh); err != nil {
				return err
			}
		}
		return s.insertMembership(ctx, q, m)
	})
	if planErr != nil {
		return planErr
	}
	var ae *customerkit.AlreadyExistsError
	if errors.As(err, &ae) {
		return err
	}
	return s.translateTagged(ctx, "create customer with owner", "customer", err, parentMissing(c.ParentID))
}

// AddMembership locks the customer (FOR UPDATE on PostgreSQL), reads the
// user (FOR SHARE), its membership and the actor's, runs plan and inserts
// the membership, in one transaction. See user.Store.
func (s *Store) AddMembership(ctx context.Context, customerID, userID, actor ulid.ULID, plan func(*user.Snapshot) (*user.Join, error)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var planErr error
	err := s.write(ctx, true, func(q querier) error {
		planErr = nil
		c, err := s.lockCustomer(ctx, q, customerID)
		if err != nil {
			return err
		}
		if c == nil {
			return customerNotFound(customerID.String())
		}
		u, err := s.userBy(ctx, q, "id", userID.String(), " FOR SHARE")
		if err != nil {
			return err
		}
		if u == nil {
			return userNotFound(userID)
		}
		m, err := s.membershipOf(ctx, q, customerID, userID, "")
		if err != nil {
			return err
		}
		a, err := s.membershipOf(ctx, q, customerID, actor, "")
		if err != nil {
			return err
		}
		j, err := plan(&user.Snapshot{Customer: c, User: u, Membership: m, Actor: a})
		if err != nil {
			planErr = err
			return err
		}
		if j != nil && j.User != nil {
			planErr = invalidWrite("user", customerkit.CodeInvalid, "AddMembership creates no user")
			return planErr
		}
		_, nm, err := joinOf(j, customerID, u)
		if err != nil {
			planErr = err
			return err
		}
		return s.insertMembership(ctx, q, nm)
	})
	return s.finish(ctx, "add membership", "membership", err, planErr)
}

// finish returns the error of a write: the callback's as is, a sentinel
// error the transaction returned, or the translated driver error.
func (s *Store) finish(ctx context.Context, op, resource string, err, callbackErr error) error {
	if callbackErr != nil {
		return callbackErr
	}
	var ae *customerkit.AlreadyExistsError
	if errors.Is(err, customerkit.ErrNotFound) || errors.As(err, &ae) {
		return err
	}
	return s.translateTagged(ctx, op, resource, err, nil)
}

// GetMembership reads one membership. See user.Store.
func (s *Store) GetMembership(ctx context.Context, customerID, userID ulid.ULID) (*user.Membership, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m, err := s.membershipOf(ctx, s.reader(), customerID, userID, "")
	if err != nil {
		return nil, s.translate(ctx, "get membership", "membership", err, nil)
	}
	if m == nil {
		return nil, membershipNotFound(customerID, userID)
	}
	return m, nil
}

func checkMembershipUpdate(m, old *user.Membership, ownerFixed bool) error {
	ve := &customerkit.ValidationError{Subject: "membership"}
	if m.CustomerID != old.CustomerID {
		ve.Add("customer_id", customerkit.CodeImmutable, "an update must not change the customer")
	}
	if m.UserID != old.UserID {
		ve.Add("user_id", customerkit.CodeImmutable, "an update must not change the user")
	}
	if !m.CreatedAt.Equal(old.CreatedAt) {
		ve.Add("created_at", customerkit.CodeImmutable, "an update must not change the creation time")
	}
	if ownerFixed && m.Owner != old.Owner {
		ve.Add("owner", customerkit.CodeImmutable, "the owner changes only through TransferOwnership")
	}
	return ve.Err()
}

// UpdateMembership locks the customer, reads the membership and its
// snapshot, runs update and writes the membership back, in one
// transaction. See user.Store.
func (s *Store) UpdateMembership(ctx context.Context, customerID, userID, actor ulid.ULID, update func(*user.Membership, *user.Snapshot) error) (*user.Membership, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var (
		out       *user.Membership
		updateErr error
	)
	err := s.write(ctx, true, func(q querier) error {
		updateErr = nil
		c, err := s.lockCustomer(ctx, q, customerID)
		if err != nil {
			return err
		}
		old, err := s.membershipOf(ctx, q, customerID, userID, " FOR UPDATE")
		if err != nil {
			return err
		}
		if c == nil || old == nil {
			return membershipNotFound(customerID, userID)
		}
		m := old.Clone()
		if update != nil {
			snap, err := s.memberSnapshot(ctx, q, c, old, actor)
			if err != nil {
				return err
			}
			if err := update(m, snap); err != nil {
				updateErr = err
				return err
			}
			if err := checkMembershipUpdate(m, old, true); err != nil {
				updateErr = err
				return err
			}
			m = m.Clone()
		}
		m.Version = old.Version + 1
		m.UpdatedAt = storedTime(m.UpdatedAt)
		if err := s.writeMembership(ctx, q, m, old.Version); err != nil {
			return err
		}
		out = m
		return nil
	})
	if err := s.finish(ctx, "update membership", "membership", err, updateErr); err != nil {
		return nil, err
	}
	return out.Clone(), nil
}

// TransferOwnership locks the customer, reads its owner's membership and
// to's, runs update and writes both (the former owner's first, so the
// one-owner index holds at every statement), in one transaction. See
// user.Store.
func (s *Store) TransferOwnership(ctx context.Context, customerID, to, actor ulid.ULID, update func(from, to *user.Membership, s *user.Snapshot) error) (*user.Membership, *user.Membership, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	var (
		outFrom, outTo *user.Membership
		updateErr      error
	)
	err := s.write(ctx, true, func(q querier) error {
		updateErr, outFrom, outTo = nil, nil, nil
		c, err := s.lockCustomer(ctx, q, customerID)
		if err != nil {
			return err
		}
		if c == nil {
			return customerNotFound(customerID.String())
		}
		oldTo, err := s.membershipOf(ctx, q, customerID, to, " FOR UPDATE")
		if err != nil {
			return err
		}
		if oldTo == nil {
			return membershipNotFound(customerID, to)
		}
		oldFrom, err := s.ownerOf(ctx, q, customerID)
		if err != nil {
			return err
		}
		snap, err := s.memberSnapshot(ctx, q, c, oldTo, actor)
		if err != nil {
			return err
		}
		from, m := oldFrom.Clone(), oldTo.Clone()
		if err := update(from, m, snap); err != nil {
			updateErr = err
			return err
		}
		if err := checkMembershipUpdate(m, oldTo, false); err != nil {
			updateErr = err
			return err
		}
		m = m.Clone()
		m.Version = oldTo.Version + 1
		m.UpdatedAt = storedTime(m.UpdatedAt)
		if oldFrom == nil || oldFrom.UserID == oldTo.UserID {
			if m.Owner && oldFrom == nil {
				if o, err := s.ownerOf(ctx, q, customerID); err != nil {
					return err
				} else if o != nil {
					return &customerkit.AlreadyExistsError{Resource: "membership", Field: "owner"}
				}
			}
			if err := s.writeMembership(ctx, q, m, oldTo.Version); err != nil {
				return err
			}
			outTo = m
			return nil
		}
		if err := checkMembershipUpdate(from, oldFrom, false); err != nil {
			updateErr = err
			return err
		}
		from = from.Clone()
		from.Version = oldFrom.Version + 1
		from.UpdatedAt = storedTime(from.UpdatedAt)
		if from.Owner && m.Owner {
			return &customerkit.AlreadyExistsError{Resource: "membership", Field: "owner"}
		}
		// The membership that ends without ownership is written first, so
		// the one-owner index holds after every statement.
		first, second := from, m
		firstOld, secondOld := oldFrom.Version, oldTo.Version
		if from.Owner {
			first, second, firstOld, secondOld = m, from, oldTo.Version, oldFrom.Version
		}
		if err := s.writeMembership(ctx, q, first, firstOld); err != nil {
			return err
		}
		if err := s.writeMembership(ctx, q, second, secondOld); err != nil {
			return err
		}
		outFrom, outTo = from, m
		return nil
	})
	if err := s.finish(ctx, "transfer ownership", "membership", err, updateErr); err != nil {
		return nil, nil, err
	}
	return outFrom.Clone(), outTo.Clone(), nil
}

// DeleteMembership locks the customer, reads the membership and its
// snapshot, runs check and deletes it, in one transaction. See
// user.Store.
func (s *Store) DeleteMembership(ctx context.Context, customerID, userID, actor ulid.ULID, check func(*user.Membership, *user.Snapshot) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var checkErr error
	err := s.write(ctx, true, func(q querier) error {
		checkErr = nil
		c, err := s.lockCustomer(ctx, q, customerID)
		if err != nil {
			return err
		}
		old, err := s.membershipOf(ctx, q, customerID, userID, " FOR UPDATE")
		if err != nil {
			return err
		}
		if c == nil || old == nil {
			return membershipNotFound(customerID, userID)
		}
		if check != nil {
			snap, err := s.memberSnapshot(ctx, q, c, old, actor)
			if err != nil {
				return err
			}
			if err := check(old, snap); err != nil {
				checkErr = err
				return err
			}
		}
		res, err := q.ExecContext(ctx, s.d.rebind("DELETE FROM "+membershipTable+" WHERE customer_id = ? AND user_id = ?"),
			customerID.String(), userID.String())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return errRetry
		}
		return nil
	})
	return s.finish(ctx, "delete membership", "membership", err, checkErr)
}

func membersList(customerID ulid.ULID) string { return "members/" + customerID.String() }
func membershipsList(userID ulid.ULID) string { return "memberships/" + userID.String() }
func invitationsList(customerID ulid.ULID) string {
	return "invitations/" + customerID.String()
}

// cursorID decodes the ID of a key cursor of list; nil for the zero cursor.
func cursorID(after customerkit.Cursor, list string) (*ulid.ULID, error) {
	if after.IsZero() {
		return nil, nil
	}
	_, id, err := decodeKeyCursor(after, list)
	if err != nil {
		return nil, err
	}
	return &id, nil
}

// ListMembers returns one keyset page of the customer's memberships
// joined with their users, in user ID order. See user.Store.
func (s *Store) ListMembers(ctx context.Context, q *user.MemberQuery, after customerkit.Cursor) (customerkit.Page[user.Member], error) {
	var page customerkit.Page[user.Member]
	if err := ctx.Err(); err != nil {
		return page, err
	}
	q, err := q.Normalize()
	if err != nil {
		return page, err
	}
	list := membersList(q.CustomerID)
	from, err := cursorID(after, list)
	if err != nil {
		return page, err
	}
	w := newWhere(s.d)
	w.add("m.customer_id = " + w.p(q.CustomerID.String()))
	if q.Role != "" {
		w.add("m.role = " + w.p(string(q.Role)))
	}
	if from != nil {
		w.add("m.user_id > " + w.p(from.String()))
	}
	query := "SELECT " + prefixed("m", membershipColumns) + ", " + prefixed("u", userReadColumns) + " FROM " + membershipTable +
		" m JOIN " + userTable + " u ON u.id = m.user_id" + w.String() + " ORDER BY m.user_id LIMIT " + w.p(int64(q.Limit+1))
	items, more, err := queryPage(ctx, s.reader(), query, w.args, q.Limit, func(sc scanner) (*user.Member, error) {
		var mr, ur []any
		var row memberRow
		mr, ur = row.dests()
		if err := sc.Scan(append(mr, ur...)...); err != nil {
			return nil, err
		}
		return row.member()
	})
	if err != nil {
		return page, s.translate(ctx, "list members", "membership", err, nil)
	}
	page.Items = items
	if more {
		page.Next = encodeKeyCursor(list, 0, items[len(items)-1].Membership.UserID)
	}
	return page, nil
}

// memberRow receives a membership and its user from one row.
type memberRow struct {
	mvals [8]any
	uvals [9]any
}

type anyScanner []any

func (a anyScanner) Scan(dest ...any) error {
	for i := range dest {
		if err := convertInto(dest[i], a[i]); err != nil {
			return err
		}
	}
	return nil
}

func (r *memberRow) dests() ([]any, []any) {
	m := make([]any, len(r.mvals))
	for i := range r.mvals {
		m[i] = &r.mvals[i]
	}
	u := make([]any, len(r.uvals))
	for i := range r.uvals {
		u[i] = &r.uvals[i]
	}
	return m, u
}

func (r *memberRow) member() (*user.Member, error) {
	m, err := scanMembership(anyScanner(r.mvals[:]))
	if err != nil {
		return nil, err
	}
	u, err := scanUser(anyScanner(r.uvals[:]))
	if err != nil {
		return nil, err
	}
	return &user.Member{User: *u, Membership: *m}, nil
}

// convertInto stores the raw column value v into dest, as database/sql
// would.
func convertInto(dest, v any) error {
	if sc, ok := dest.(sql.Scanner); ok {
		return sc.Scan(v)
	}
	switch d := dest.(type) {
	case *sql.NullString:
		return d.Scan(v)
	case *string:
		var n sql.NullString
		if err := n.Scan(v); err != nil {
			return err
		}
		*d = n.String
		return nil
	case *[]byte:
		switch x := v.(type) {
		case nil:
			*d = nil
		case []byte:
			*d = append([]byte(nil), x...)
		case string:
			*d = []byte(x)
		default:
			return fmt.Errorf("sqlstore: cannot read %T as bytes", v)
		}
		return nil
	case *bool:
		var n sql.NullBool
		if err := n.Scan(v); err != nil {
			return err
		}
		*d = n.Bool
		return nil
	}
	return fmt.Errorf("sqlstore: cannot scan into %T", dest)
}

// ListMemberships returns one keyset page of the user's memberships in
// customer ID order, on the (user_id, customer_id) index. See user.Store.
func (s *Store) ListMemberships(ctx context.Context, q *user.MembershipQuery, after customerkit.Cursor) (customerkit.Page[user.Membership], error) {
	var page customerkit.Page[user.Membership]
	if err := ctx.Err(); err != nil {
		return page, err
	}
	q, err := q.Normalize()
	if err != nil {
		return page, err
	}
	list := membershipsList(q.UserID)
	from, err := cursorID(after, list)
	if err != nil {
		return page, err
	}
	w := newWhere(s.d)
	w.add("user_id = " + w.p(q.UserID.String()))
	if from != nil {
		w.add("customer_id > " + w.p(from.String()))
	}
	query := "SELECT " + membershipColumns + " FROM " + membershipTable + w.String() + " ORDER BY customer_id LIMIT " + w.p(int64(q.Limit+1))
	items, more, err := queryPage(ctx, s.reader(), query, w.args, q.Limit, scanMembership)
	if err != nil {
		return page, s.translate(ctx, "list memberships", "membership", err, nil)
	}
	page.Items = items
	if more {
		page.Next = encodeKeyCursor(list, 0, items[len(items)-1].CustomerID)
	}
	return page, nil
}

// --- invitations ---

// CreateInvitation locks the customer, reads the user of the invited
// email, its membership and the actor's, runs check and inserts the
// invitation, in one transaction. See user.Store.
func (s *Store) CreateInvitation(ctx context.Context, inv *user.Invitation, actor ulid.ULID, check func(*user.Snapshot) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if inv == nil {
		return nilRecord("invitation")
	}
	args, err := s.invitationArgs(inv)
	if err != nil {
		return err
	}
	customerID, emailKey := inv.CustomerID, customer.EmailKey(inv.Email)
	var checkErr error
	err = s.write(ctx, true, func(q querier) error {
		checkErr = nil
		c, err := s.lockCustomer(ctx, q, customerID)
		if err != nil {
			return err
		}
		if c == nil {
			return customerNotFound(customerID.String())
		}
		if check != nil {
			snap := &user.Snapshot{Customer: c}
			if snap.Actor, err = s.membershipOf(ctx, q, customerID, actor, ""); err != nil {
				return err
			}
			if snap.User, err = s.userBy(ctx, q, "email_key", emailKey, " FOR SHARE"); err != nil {
				return err
			}
			if snap.User != nil {
				if snap.Membership, err = s.membershipOf(ctx, q, customerID, snap.User.ID, ""); err != nil {
					return err
				}
			}
			if err := check(snap); err != nil {
				checkErr = err
				return err
			}
		}
		_, err = q.ExecContext(ctx, s.d.rebind("INSERT INTO "+invitationTable+" ("+invitationColumns+") VALUES "+valuesList(1, len(args))), args...)
		return tag("invitation", err)
	})
	return s.finish(ctx, "create invitation", "invitation", err, checkErr)
}

func (s *Store) invitationBy(ctx context.Context, q querier, column string, value any, lock string) (*user.Invitation, error) {
	i, err := scanInvitation(q.QueryRowContext(ctx, s.d.rebind("SELECT "+invitationReadColumns+" FROM "+invitationTable+
		" WHERE "+column+" = ?"+s.rowLock(lock)), value))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return i, err
}

// GetInvitation reads invitation id. See user.Store.
func (s *Store) GetInvitation(ctx context.Context, id ulid.ULID) (*user.Invitation, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	i, err := s.invitationBy(ctx, s.reader(), "id", id.String(), "")
	if err != nil {
		return nil, s.translate(ctx, "get invitation", "invitation", err, nil)
	}
	if i == nil {
		return nil, invitationNotFound(id.String())
	}
	return i, nil
}

// GetInvitationByToken reads the invitation of a token hash. See
// user.Store.
func (s *Store) GetInvitationByToken(ctx context.Context, hash user.TokenHash) (*user.Invitation, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if hash.IsZero() {
		return nil, invitationNotFound("of the zero token hash")
	}
	i, err := s.invitationBy(ctx, s.reader(), "token_hash", hash[:], "")
	if err != nil {
		return nil, s.translate(ctx, "get invitation", "invitation", err, nil)
	}
	if i == nil {
		return nil, invitationNotFound("of this token")
	}
	return i, nil
}

func checkInvitationUpdate(i, old *user.Invitation) error {
	ve := &customerkit.ValidationError{Subject: "invitation"}
	if i.ID != old.ID {
		ve.Add("id", customerkit.CodeImmutable, "an update must not change the ID")
	}
	if i.CustomerID != old.CustomerID {
		ve.Add("customer_id", customerkit.CodeImmutable, "an update must not change the customer")
	}
	if i.TokenHash != old.TokenHash {
		ve.Add("token_hash", customerkit.CodeImmutable, "an update must not change the token")
	}
	if !i.CreatedAt.Equal(old.CreatedAt) {
		ve.Add("created_at", customerkit.CodeImmutable, "an update must not change the creation time")
	}
	return ve.Err()
}

// lockInvitation reads invitation by column, then locks its customer and
// reads the invitation again FOR UPDATE (every write of a customer's
// invitations locks the customer first); nil when there is none.
func (s *Store) lockInvitation(ctx context.Context, q querier, column string, value any) (*user.Invitation, *customer.Customer, error) {
	i, err := s.invitationBy(ctx, q, column, value, "")
	if err != nil || i == nil {
		return nil, nil, err
	}
	c, err := s.lockCustomer(ctx, q, i.CustomerID)
	if err != nil || c == nil {
		return nil, nil, err
	}
	i, err = s.invitationBy(ctx, q, column, value, " FOR UPDATE")
	if err != nil || i == nil {
		return nil, nil, err
	}
	return i, c, nil
}

// UpdateInvitation locks the customer and the invitation, runs update and
// writes the invitation back, in one transaction. See user.Store.
func (s *Store) UpdateInvitation(ctx context.Context, id, actor ulid.ULID, update func(*user.Invitation, *user.Snapshot) error) (*user.Invitation, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var (
		out       *user.Invitation
		updateErr error
	)
	err := s.write(ctx, true, func(q querier) error {
		updateErr = nil
		old, c, err := s.lockInvitation(ctx, q, "id", id.String())
		if err != nil {
			return err
		}
		if old == nil {
			return invitationNotFound(id.String())
		}
		i := old.Clone()
		if update != nil {
			a, err := s.membershipOf(ctx, q, old.CustomerID, actor, "")
			if err != nil {
				return err
			}
			if err := update(i, &user.Snapshot{Customer: c, Actor: a}); err != nil {
				updateErr = err
				return err
			}
			if err := checkInvitationUpdate(i, old); err != nil {
				updateErr = err
				return err
			}
			i = i.Clone()
		}
		i.Version = old.Version + 1
		normalizeInvitationTimes(i)
		if err := s.writeInvitation(ctx, q, i, old.Version); err != nil {
			return err
		}
		out = i
		return nil
	})
	if err := s.finish(ctx, "update invitation", "invitation", err, updateErr); err != nil {
		return nil, err
	}
	return out.Clone(), nil
}

func normalizeInvitationTimes(i *user.Invitation) {
	i.UpdatedAt, i.ExpiresAt = storedTime(i.UpdatedAt), storedTime(i.ExpiresAt)
	if !i.AcceptedAt.IsZero() {
		i.AcceptedAt = storedTime(i.AcceptedAt)
	}
	if !i.RevokedAt.IsZero() {
		i.RevokedAt = storedTime(i.RevokedAt)
	}
}

// AcceptInvitation locks the invitation's customer and the invitation,
// reads the user of its email and that user's membership, runs plan and
// writes the new user, the membership and the invitation, in one
// transaction. Concurrent acceptances of one invitation run one after the
// other, each seeing what the one before stored. See user.Store.
func (s *Store) AcceptInvitation(ctx context.Context, hash user.TokenHash, plan func(*user.Snapshot) (*user.Join, error)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if hash.IsZero() {
		return invitationNotFound("of the zero token hash")
	}
	var planErr error
	err := s.write(ctx, true, func(q querier) error {
		planErr = nil
		old, c, err := s.lockInvitation(ctx, q, "token_hash", hash[:])
		if err != nil {
			return err
		}
		if old == nil {
			return invitationNotFound("of this token")
		}
		existing, err := s.userBy(ctx, q, "email_key", customer.EmailKey(old.Email), " FOR SHARE")
		if err != nil {
			return err
		}
		snap := &user.Snapshot{Invitation: old.Clone(), Customer: c, User: existing.Clone()}
		if existing != nil {
			if snap.Membership, err = s.membershipOf(ctx, q, old.CustomerID, existing.ID, ""); err != nil {
				return err
			}
		}
		j, err := plan(snap)
		if err != nil {
			planErr = err
			return err
		}
		fresh, m, err := joinOf(j, old.CustomerID, existing)
		if err != nil {
			planErr = err
			return err
		}
		var inv *user.Invitation
		if j.Invitation != nil {
			inv = j.Invitation.Clone()
			if err := checkInvitationUpdate(inv, old); err != nil {
				planErr = err
				return err
			}
			inv.Version = old.Version + 1
			normalizeInvitationTimes(inv)
		}
		if fresh != nil {
			if err := s.insertUser(ctx, q, fresh); err != nil {
				return err
			}
		}
		if err := s.insertMembership(ctx, q, m); err != nil {
			return err
		}
		if inv != nil {
			return s.writeInvitation(ctx, q, inv, old.Version)
		}
		return nil
	})
	return s.finish(ctx, "accept invitation", "invitation", err, planErr)
}

// ListInvitations returns one keyset page of the customer's invitations
// in ID order, on the (customer_id, id) index. See user.Store.
func (s *Store) ListInvitations(ctx context.Context, q *user.InvitationQuery, after customerkit.Cursor) (customerkit.Page[user.Invitation], error) {
	var page customerkit.Page[user.Invitation]
	if err := ctx.Err(); err != nil {
		return page, err
	}
	q, err := q.Normalize()
	if err != nil {
		return page, err
	}
	list := invitationsList(q.CustomerID)
	from, err := cursorID(after, list)
	if err != nil {
		return page, err
	}
	w := newWhere(s.d)
	w.add("customer_id = " + w.p(q.CustomerID.String()))
	if q.Status != "" {
		w.add("status = " + w.p(string(q.Status)))
	}
	if from != nil {
		w.add("id > " + w.p(from.String()))
	}
	query := "SELECT " + invitationReadColumns + " FROM " + invitationTable + w.String() + " ORDER BY id LIMIT " + w.p(int64(q.Limit+1))
	items, more, err := queryPage(ctx, s.reader(), query, w.args, q.Limit, scanInvitation)
	if err != nil {
		return page, s.translate(ctx, "list invitations", "invitation", err, nil)
	}
	page.Items = items
	if more {
		page.Next = encodeKeyCursor(list, 0, items[len(items)-1].ID)
	}
	return page, nil
}
