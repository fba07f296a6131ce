package memstore

import (
	"context"
	"fmt"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/user"
)

var _ user.Store = (*Store)(nil)

// userRecord is a stored user with its email key, computed once when it
// is written. Records are immutable once in the table: an update replaces
// them, so readers may clone one after they release the lock.
type userRecord struct {
	u        *user.User
	emailKey string // customer.EmailKey(u.Email)
}

func newUserRecord(u *user.User) *userRecord {
	return &userRecord{u: u, emailKey: customer.EmailKey(u.Email)}
}

// memberKey names the membership of a user in a customer.
type memberKey struct{ customer, user ulid.ULID }

func keyOf(m *user.Membership) memberKey { return memberKey{m.CustomerID, m.UserID} }

func compareMemberUser(a, b *user.Membership) int     { return a.UserID.Compare(b.UserID) }
func compareMemberCustomer(a, b *user.Membership) int { return a.CustomerID.Compare(b.CustomerID) }
func compareInvitationID(a, b *user.Invitation) int   { return a.ID.Compare(b.ID) }

// userTable holds users, memberships and invitations: users by ID, email
// key and external ID; memberships by key, per customer in user ID order,
// per user in customer ID order, and each customer's owner; invitations by
// ID, by token hash and per customer in ID order. Stored memberships and
// invitations are immutable like user records.
type userTable struct {
	byID         map[ulid.ULID]*userRecord
	byEmail      map[string]*userRecord
	byExternalID map[string]*userRecord // only when not empty

	members       map[memberKey]*user.Membership
	membersOf     map[ulid.ULID]*orderedIndex[*user.Membership] // customer → by user ID
	membershipsOf map[ulid.ULID]*orderedIndex[*user.Membership] // user → by customer ID
	owners        map[ulid.ULID]*user.Membership                // customer → its owner's membership

	invitations   map[ulid.ULID]*user.Invitation
	byTokenHash   map[user.TokenHash]*user.Invitation           // only when not zero
	invitationsOf map[ulid.ULID]*orderedIndex[*user.Invitation] // customer → by ID
}

func newUserTable() *userTable {
	return &userTable{
		byID:          make(map[ulid.ULID]*userRecord),
		byEmail:       make(map[string]*userRecord),
		byExternalID:  make(map[string]*userRecord),
		members:       make(map[memberKey]*user.Membership),
		membersOf:     make(map[ulid.ULID]*orderedIndex[*user.Membership]),
		membershipsOf: make(map[ulid.ULID]*orderedIndex[*user.Membership]),
		owners:        make(map[ulid.ULID]*user.Membership),
		invitations:   make(map[ulid.ULID]*user.Invitation),
		byTokenHash:   make(map[user.TokenHash]*user.Invitation),
		invitationsOf: make(map[ulid.ULID]*orderedIndex[*user.Invitation]),
	}
}

// addIndexed inserts v into the index of m under key, making the index.
func addIndexed[T any](m map[ulid.ULID]*orderedIndex[T], key ulid.ULID, v T, cmp func(a, b T) int) {
	x := m[key]
	if x == nil {
		x = newOrderedIndex(cmp)
		m[key] = x
	}
	x.Insert(v)
}

// removeIndexed deletes v from the index of m under key, dropping an
// index that becomes empty.
func removeIndexed[T any](m map[ulid.ULID]*orderedIndex[T], key ulid.ULID, v T) {
	if x := m[key]; x != nil {
		x.Delete(v)
		if x.Len() == 0 {
			delete(m, key)
		}
	}
}

// userConflict returns the *customerkit.AlreadyExistsError of the first
// unique field of r another record than self holds (self is nil on
// create).
func (t *userTable) userConflict(r, self *userRecord) error {
	taken := func(o *userRecord) bool { return o != nil && o != self }
	field := ""
	switch u := r.u; {
	case self == nil && t.byID[u.ID] != nil:
		field = "id"
	case taken(t.byEmail[r.emailKey]):
		field = "email"
	case u.ExternalID != "" && taken(t.byExternalID[u.ExternalID]):
		field = "external_id"
	default:
		return nil
	}
	return &customerkit.AlreadyExistsError{Resource: "user", Field: field}
}

func (t *userTable) insertUser(r *userRecord) {
	t.byID[r.u.ID] = r
	t.byEmail[r.emailKey] = r
	if r.u.ExternalID != "" {
		t.byExternalID[r.u.ExternalID] = r
	}
}

func (t *userTable) removeUser(r *userRecord) {
	delete(t.byID, r.u.ID)
	delete(t.byEmail, r.emailKey)
	if r.u.ExternalID != "" {
		delete(t.byExternalID, r.u.ExternalID)
	}
}

// memberConflict returns the *customerkit.AlreadyExistsError m would
// cause once the memberships of replaced are gone: the user is already a
// member, or the customer already has another owner.
func (t *userTable) memberConflict(m *user.Membership, replaced ...*user.Membership) error {
	gone := func(o *user.Membership) bool {
		for _, r := range replaced {
			if r == o {
				return true
			}
		}
		return false
	}
	if o := t.members[keyOf(m)]; o != nil && !gone(o) {
		return &customerkit.AlreadyExistsError{Resource: "membership", Field: "user_id"}
	}
	if o := t.owners[m.CustomerID]; m.Owner && o != nil && !gone(o) {
		return &customerkit.AlreadyExistsError{Resource: "membership", Field: "owner"}
	}
	return nil
}

func (t *userTable) insertMember(m *user.Membership) {
	t.members[keyOf(m)] = m
	addIndexed(t.membersOf, m.CustomerID, m, compareMemberUser)
	addIndexed(t.membershipsOf, m.UserID, m, compareMemberCustomer)
	if m.Owner {
		t.owners[m.CustomerID] = m
	}
}

func (t *userTable) removeMember(m *user.Membership) {
	delete(t.members, keyOf(m))
	removeIndexed(t.membersOf, m.CustomerID, m)
	removeIndexed(t.membershipsOf, m.UserID, m)
	if t.owners[m.CustomerID] == m {
		delete(t.owners, m.CustomerID)
	}
}

// invitationConflict returns the *customerkit.AlreadyExistsError of i's
// ID or token hash, held by another invitation than self.
func (t *userTable) invitationConflict(i, self *user.Invitation) error {
	field := ""
	switch o := t.byTokenHash[i.TokenHash]; {
	case self == nil && t.invitations[i.ID] != nil:
		field = "id"
	case !i.TokenHash.IsZero() && o != nil && o != self:
		field = "token_hash"
	default:
		return nil
	}
	return &customerkit.AlreadyExistsError{Resource: "invitation", Field: field}
}

func (t *userTable) insertInvitation(i *user.Invitation) {
	t.invitations[i.ID] = i
	if !i.TokenHash.IsZero() {
		t.byTokenHash[i.TokenHash] = i
	}
	addIndexed(t.invitationsOf, i.CustomerID, i, compareInvitationID)
}

func (t *userTable) removeInvitation(i *user.Invitation) {
	delete(t.invitations, i.ID)
	if t.byTokenHash[i.TokenHash] == i {
		delete(t.byTokenHash, i.TokenHash)
	}
	removeIndexed(t.invitationsOf, i.CustomerID, i)
}

// deleteByCustomer removes every membership and invitation of customer
// id (its users stay); the customer cascade calls it with the Store
// locked.
func (t *userTable) deleteByCustomer(id ulid.ULID) {
	if x := t.membersOf[id]; x != nil {
		for m := range x.All() {
			delete(t.members, keyOf(m))
			removeIndexed(t.membershipsOf, m.UserID, m)
		}
		delete(t.membersOf, id)
	}
	delete(t.owners, id)
	if x := t.invitationsOf[id]; x != nil {
		for i := range x.All() {
			delete(t.invitations, i.ID)
			if t.byTokenHash[i.TokenHash] == i {
				delete(t.byTokenHash, i.TokenHash)
			}
		}
		delete(t.invitationsOf, id)
	}
}

// membership returns a copy of the membership of user userID in customer
// customerID, or nil; the lock is held.
func (t *userTable) membership(customerID, userID ulid.ULID) *user.Membership {
	if customerID.IsZero() || userID.IsZero() {
		return nil
	}
	return t.members[memberKey{customerID, userID}].Clone()
}

// userCopy returns a copy of the user of r, or nil.
func userCopy(r *userRecord) *user.User {
	if r == nil {
		return nil
	}
	return r.u.Clone()
}

func membershipNotFound(customerID, userID ulid.ULID) error {
	return fmt.Errorf("memstore: no membership of user %s in customer %s: %w", userID, customerID, customerkit.ErrNotFound)
}

func invitationNotFound(what string) error {
	return fmt.Errorf("memstore: invitation %s: %w", what, customerkit.ErrNotFound)
}

func customerNotFound(id ulid.ULID) error {
	return fmt.Errorf("memstore: customer %s: %w", id, customerkit.ErrNotFound)
}

func invalidWrite(subject, path, code, detail string) error {
	return &customerkit.ValidationError{Subject: subject, Fields: []customerkit.FieldError{{Path: path, Code: code, Detail: detail}}}
}

// CreateUser stores a copy of u; see user.Store.
func (s *Store) CreateUser(ctx context.Context, u *user.User) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if u == nil {
		return nilInput("user")
	}
	r := newUserRecord(u.Clone()) // copy and fold outside the lock

	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.users.userConflict(r, nil); err != nil {
		return err
	}
	s.users.insertUser(r)
	return nil
}

// GetUser returns a copy of the user whose field by equals value; see
// user.Store.
func (s *Store) GetUser(ctx context.Context, by user.By, value string) (*user.User, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	var r *userRecord
	switch t := s.users; by {
	case user.ByID:
		if id, ok := parseULID(value); ok {
			r = t.byID[id]
		}
	case user.ByEmail:
		r = t.byEmail[value]
	case user.ByExternalID:
		if value != "" {
			r = t.byExternalID[value]
		}
	}
	s.mu.RUnlock()
	if r == nil {
		return nil, fmt.Errorf("memstore: user %s %q: %w", by, value, customerkit.ErrNotFound)
	}
	return r.u.Clone(), nil // records are immutable: clone outside the lock
}

// UpdateUser runs update on a copy of user id under the write lock and
// stores the result with Version incremented; see user.Store. update runs
// while the Store is locked, so it must not call the Store.
func (s *Store) UpdateUser(ctx context.Context, id ulid.ULID, update func(*user.User) error) (*user.User, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.users
	old := t.byID[id]
	if old == nil {
		return nil, fmt.Errorf("memstore: user %s: %w", id, customerkit.ErrNotFound)
	}
	u := old.u.Clone()
	if update != nil {
		if err := update(u); err != nil {
			return nil, err
		}
		ve := &customerkit.ValidationError{Subject: "user"}
		if u.ID != old.u.ID {
			ve.Add("id", customerkit.CodeImmutable, "an update must not change the ID")
		}
		if !u.CreatedAt.Equal(old.u.CreatedAt) {
			ve.Add("created_at", customerkit.CodeImmutable, "an update must not change the creation time")
		}
		if err := ve.Err(); err != nil {
			return nil, err
		}
		u = u.Clone() // update may keep a pointer to the copy it saw
	}
	u.Version = old.u.Version + 1
	r := newUserRecord(u)
	if err := t.userConflict(r, old); err != nil {
		return nil, err
	}
	t.removeUser(old)
	t.insertUser(r)
	return u.Clone(), nil
}

// DeleteUser runs check on copies of user id and its memberships under
// the write lock and, when it passes, deletes the user and the
// memberships; see user.Store.
func (s *Store) DeleteUser(ctx context.Context, id ulid.ULID, check func(*user.User, []*user.Membership) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.users
	r := t.byID[id]
	if r == nil {
		return fmt.Errorf("memstore: user %s: %w", id, customerkit.ErrNotFound)
	}
	var ms []*user.Membership
	if x := t.membershipsOf[id]; x != nil {
		for m := range x.All() {
			ms = append(ms, m)
		}
	}
	if check != nil {
		copies := make([]*user.Membership, len(ms))
		for i, m := range ms {
			copies[i] = m.Clone()
		}
		if err := check(r.u.Clone(), copies); err != nil {
			return err
		}
	}
	for _, m := range ms {
		t.removeMember(m)
	}
	t.removeUser(r)
	return nil
}

// applyJoin checks the records j would write for a user joining customer
// customerID (the existing user, or j.User) and returns them as the
// store keeps them: copies, the membership's user checked. The lock is
// held.
func (t *userTable) applyJoin(j *user.Join, customerID ulid.ULID, existing *userRecord) (*userRecord, *user.Membership, error) {
	if j == nil || j.Membership == nil {
		return nil, nil, invalidWrite("memstore", "membership", customerkit.CodeRequired, "the join names no membership")
	}
	var fresh *userRecord
	userID := ulid.ULID{}
	if existing != nil {
		userID = existing.u.ID
	}
	if j.User != nil {
		fresh = newUserRecord(j.User.Clone())
		if err := t.userConflict(fresh, nil); err != nil {
			return nil, nil, err
		}
		userID = fresh.u.ID
	}
	m := j.Membership.Clone()
	switch {
	case userID.IsZero():
		return nil, nil, invalidWrite("memstore", "user", customerkit.CodeRequired, "the join names no user")
	case m.CustomerID != customerID || m.UserID != userID:
		return nil, nil, invalidWrite("memstore", "membership", customerkit.CodeInvalid, "the membership must bind the joining user to the customer")
	}
	if err := t.memberConflict(m); err != nil {
		return nil, nil, err
	}
	return fresh, m, nil
}

// CreateCustomerWithOwner stores a copy of c with its owner under the
// write lock; see user.Store. plan runs while the Store is locked, so it
// must not call the Store.
func (s *Store) CreateCustomerWithOwner(ctx context.Context, c *customer.Customer, plan func(*user.Snapshot) (*user.Join, error)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c == nil {
		return nilInput("customer")
	}
	r := newCustomerRecord(c) // encode and fold outside the lock
	emailKey := customer.EmailKey(c.Email)

	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.customers.conflict(r, nil); err != nil {
		return err
	}
	if err := s.customers.parentMissing(r.head.parent); err != nil {
		return err
	}
	t := s.users
	existing := t.byEmail[emailKey]
	j, err := plan(&user.Snapshot{Customer: r.customer(), User: userCopy(existing)})
	if err != nil {
		return err
	}
	fresh, m, err := t.applyJoin(j, r.head.id, existing)
	if err != nil {
		return err
	}
	s.customers.insert(r)
	if fresh != nil {
		t.insertUser(fresh)
	}
	t.insertMember(m)
	return nil
}

// AddMembership runs plan on a snapshot under the write lock and stores
// the membership it returns; see user.Store.
func (s *Store) AddMembership(ctx context.Context, customerID, userID, actor ulid.ULID, plan func(*user.Snapshot) (*user.Join, error)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cust := s.customerOf(customerID)
	if cust == nil {
		return customerNotFound(customerID)
	}
	t := s.users
	r := t.byID[userID]
	if r == nil {
		return fmt.Errorf("memstore: user %s: %w", userID, customerkit.ErrNotFound)
	}
	j, err := plan(&user.Snapshot{
		Customer: cust, User: r.u.Clone(),
		Membership: t.membership(customerID, userID), Actor: t.membership(customerID, actor),
	})
	if err != nil {
		return err
	}
	if j != nil && j.User != nil {
		return invalidWrite("memstore", "user", customerkit.CodeInvalid, "AddMembership creates no user")
	}
	_, m, err := t.applyJoin(j, customerID, r)
	if err != nil {
		return err
	}
	t.insertMember(m)
	return nil
}

// GetMembership returns a copy of the membership of user userID in
// customer customerID; see user.Store.
func (s *Store) GetMembership(ctx context.Context, customerID, userID ulid.ULID) (*user.Membership, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	m := s.users.members[memberKey{customerID, userID}]
	s.mu.RUnlock()
	if m == nil {
		return nil, membershipNotFound(customerID, userID)
	}
	return m.Clone(), nil
}

// checkMembershipUpdate reports the immutable fields of old that m
// changed.
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

// memberSnapshot returns the snapshot of a write to membership m: its
// customer, its user and the actor's membership. The lock is held.
func (s *Store) memberSnapshot(m *user.Membership, actor ulid.ULID) *user.Snapshot {
	return &user.Snapshot{
		Customer: s.customerOf(m.CustomerID),
		User:     userCopy(s.users.byID[m.UserID]),
		Actor:    s.users.membership(m.CustomerID, actor),
	}
}

// UpdateMembership runs update on a copy of a membership under the write
// lock and stores the result with Version incremented; see user.Store.
func (s *Store) UpdateMembership(ctx context.Context, customerID, userID, actor ulid.ULID, update func(*user.Membership, *user.Snapshot) error) (*user.Membership, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.users
	old := t.members[memberKey{customerID, userID}]
	if old == nil {
		return nil, membershipNotFound(customerID, userID)
	}
	m := old.Clone()
	if update != nil {
		if err := update(m, s.memberSnapshot(old, actor)); err != nil {
			return nil, err
		}
		if err := checkMembershipUpdate(m, old, true); err != nil {
			return nil, err
		}
		m = m.Clone() // update may keep a pointer to the copy it saw
	}
	m.Version = old.Version + 1
	t.removeMember(old)
	t.insertMember(m)
	return m.Clone(), nil
}

// TransferOwnership runs update on copies of the owner's and the new
// owner's memberships under the write lock and stores both; see
// user.Store.
func (s *Store) TransferOwnership(ctx context.Context, customerID, to, actor ulid.ULID, update func(from, to *user.Membership, s *user.Snapshot) error) (*user.Membership, *user.Membership, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.users
	if s.customers.byULID[customerID] == nil {
		return nil, nil, customerNotFound(customerID)
	}
	oldTo := t.members[memberKey{customerID, to}]
	if oldTo == nil {
		return nil, nil, membershipNotFound(customerID, to)
	}
	oldFrom := t.owners[customerID]
	from, m := oldFrom.Clone(), oldTo.Clone()
	if err := update(from, m, s.memberSnapshot(oldTo, actor)); err != nil {
		return nil, nil, err
	}
	if err := checkMembershipUpdate(m, oldTo, false); err != nil {
		return nil, nil, err
	}
	m = m.Clone()
	m.Version = oldTo.Version + 1
	if oldFrom == nil || oldFrom == oldTo {
		if err := t.memberConflict(m, oldTo); err != nil {
			return nil, nil, err
		}
		t.removeMember(oldTo)
		t.insertMember(m)
		return nil, m.Clone(), nil
	}
	if err := checkMembershipUpdate(from, oldFrom, false); err != nil {
		return nil, nil, err
	}
	from = from.Clone()
	from.Version = oldFrom.Version + 1
	if from.Owner && m.Owner {
		return nil, nil, &customerkit.AlreadyExistsError{Resource: "membership", Field: "owner"}
	}
	t.removeMember(oldFrom)
	t.removeMember(oldTo)
	t.insertMember(from)
	t.insertMember(m)
	return from.Clone(), m.Clone(), nil
}

// DeleteMembership runs check on a copy of a membership under the write
// lock and, when it passes, deletes it; see user.Store.
func (s *Store) DeleteMembership(ctx context.Context, customerID, userID, actor ulid.ULID, check func(*user.Membership, *user.Snapshot) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.users
	old := t.members[memberKey{customerID, userID}]
	if old == nil {
		return membershipNotFound(customerID, userID)
	}
	if check != nil {
		if err := check(old.Clone(), s.memberSnapshot(old, actor)); err != nil {
			return err
		}
	}
	t.removeMember(old)
	return nil
}

// The lists of memstore user cursors.
const (
	memberList     = "user:members"
	membershipList = "user:memberships"
	invitationList = "user:invitations"
)

// walkAfter collects, from the index x (ordered by key) under the read
// lock the caller holds, up to limit+1 records whose key follows from
// (all of them when from is nil) and that match. It checks ctx now and
// then; a nil x has no records.
func walkAfter[T any](ctx context.Context, x *orderedIndex[T], key func(T) ulid.ULID, from *ulid.ULID, limit int, match func(T) bool) ([]T, error) {
	if x == nil {
		return nil, nil
	}
	found := make([]T, 0, min(limit+1, 64))
	scanned := 0
	for r := range x.Ascend(func(r T) bool { return from == nil || key(r).Compare(*from) > 0 }) {
		if scanned++; scanned%scanCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if match != nil && !match(r) {
			continue
		}
		found = append(found, r)
		if len(found) > limit {
			break
		}
	}
	return found, nil
}

// cursorFrom decodes after, a cursor of list, into the key it follows
// (nil for the zero cursor).
func cursorFrom(after customerkit.Cursor, list string) (*ulid.ULID, error) {
	if after.IsZero() {
		return nil, nil
	}
	p, err := decodeCursor(after, list, true)
	if err != nil {
		return nil, err
	}
	return &p.id, nil
}

// ListMembers returns a keyset page of a customer's members in user ID
// order; see user.Store. It walks the customer's index from the cursor
// on, so a page costs the rows it skips, not the size of the table.
func (s *Store) ListMembers(ctx context.Context, q *user.MemberQuery, after customerkit.Cursor) (customerkit.Page[user.Member], error) {
	var page customerkit.Page[user.Member]
	if err := ctx.Err(); err != nil {
		return page, err
	}
	if q == nil || q.Limit < 1 || q.Limit > user.MaxLimit {
		n, err := q.Normalize()
		if err != nil {
			return page, err
		}
		q = n
	}
	from, err := cursorFrom(after, memberList)
	if err != nil {
		return page, err
	}
	s.mu.RLock()
	found, err := walkAfter(ctx, s.users.membersOf[q.CustomerID], func(m *user.Membership) ulid.ULID { return m.UserID }, from, q.Limit, q.Match)
	users := make([]*userRecord, len(found))
	for i, m := range found {
		users[i] = s.users.byID[m.UserID]
	}
	s.mu.RUnlock()
	if err != nil {
		return page, err
	}
	if len(found) > q.Limit {
		found = found[:q.Limit]
		page.Next = encodeCursor(position{list: memberList, id: found[len(found)-1].UserID}, true)
	}
	page.Items = make([]*user.Member, len(found))
	for i, m := range found { // records are immutable: clone outside the lock
		page.Items[i] = &user.Member{User: *users[i].u.Clone(), Membership: *m.Clone()}
	}
	return page, nil
}

// ListMemberships returns a keyset page of a user's memberships in
// customer ID order; see user.Store.
func (s *Store) ListMemberships(ctx context.Context, q *user.MembershipQuery, after customerkit.Cursor) (customerkit.Page[user.Membership], error) {
	var page customerkit.Page[user.Membership]
	if err := ctx.Err(); err != nil {
		return page, err
	}
	if q == nil || q.Limit < 1 || q.Limit > user.MaxLimit {
		n, err := q.Normalize()
		if err != nil {
			return page, err
		}
		q = n
	}
	from, err := cursorFrom(after, membershipList)
	if err != nil {
		return page, err
	}
	s.mu.RLock()
	found, err := walkAfter(ctx, s.users.membershipsOf[q.UserID], func(m *user.Membership) ulid.ULID { return m.CustomerID }, from, q.Limit, nil)
	s.mu.RUnlock()
	if err != nil {
		return page, err
	}
	if len(found) > q.Limit {
		found = found[:q.Limit]
		page.Next = encodeCursor(position{list: membershipList, id: found[len(found)-1].CustomerID}, true)
	}
	page.Items = make([]*user.Membership, len(found))
	for i, m := range found {
		page.Items[i] = m.Clone()
	}
	return page, nil
}

// CreateInvitation runs check on a snapshot under the write lock and,
// when it passes, stores a copy of inv; see user.Store.
func (s *Store) CreateInvitation(ctx context.Context, inv *user.Invitation, actor ulid.ULID, check func(*user.Snapshot) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if inv == nil {
		return nilInput("invitation")
	}
	i := inv.Clone()
	emailKey := customer.EmailKey(i.Email)

	s.mu.Lock()
	defer s.mu.Unlock()
	cust := s.customerOf(i.CustomerID)
	if cust == nil {
		return customerNotFound(i.CustomerID)
	}
	t := s.users
	if check != nil {
		snap := &user.Snapshot{Customer: cust, Actor: t.membership(i.CustomerID, actor)}
		if r := t.byEmail[emailKey]; r != nil {
			snap.User = r.u.Clone()
			snap.Membership = t.membership(i.CustomerID, r.u.ID)
		}
		if err := check(snap); err != nil {
			return err
		}
	}
	if err := t.invitationConflict(i, nil); err != nil {
		return err
	}
	t.insertInvitation(i)
	return nil
}

// GetInvitation returns a copy of invitation id; see user.Store.
func (s *Store) GetInvitation(ctx context.Context, id ulid.ULID) (*user.Invitation, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	i := s.users.invitations[id]
	s.mu.RUnlock()
	if i == nil {
		return nil, invitationNotFound(id.String())
	}
	return i.Clone(), nil
}

// GetInvitationByToken returns a copy of the invitation whose token hash
// is hash; see user.Store.
func (s *Store) GetInvitationByToken(ctx context.Context, hash user.TokenHash) (*user.Invitation, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if hash.IsZero() {
		return nil, invitationNotFound("of the zero token hash")
	}
	s.mu.RLock()
	i := s.users.byTokenHash[hash]
	s.mu.RUnlock()
	if i == nil {
		return nil, invitationNotFound("of this token")
	}
	return i.Clone(), nil
}

// checkInvitationUpdate reports the immutable fields of old that i
// changed.
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

// UpdateInvitation runs update on a copy of invitation id under the write
// lock and stores the result with Version incremented; see user.Store.
func (s *Store) UpdateInvitation(ctx context.Context, id, actor ulid.ULID, update func(*user.Invitation, *user.Snapshot) error) (*user.Invitation, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.users
	old := t.invitations[id]
	if old == nil {
		return nil, invitationNotFound(id.String())
	}
	i := old.Clone()
	if update != nil {
		snap := &user.Snapshot{Customer: s.customerOf(old.CustomerID), Actor: t.membership(old.CustomerID, actor)}
		if err := update(i, snap); err != nil {
			return nil, err
		}
		if err := checkInvitationUpdate(i, old); err != nil {
			return nil, err
		}
		i = i.Clone()
	}
	i.Version = old.Version + 1
	t.removeInvitation(old)
	t.insertInvitation(i)
	return i.Clone(), nil
}

// AcceptInvitation runs plan on a snapshot of the invitation whose token
// hash is hash under the write lock and stores what it returns; see
// user.Store.
func (s *Store) AcceptInvitation(ctx context.Context, hash user.TokenHash, plan func(*user.Snapshot) (*user.Join, error)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if hash.IsZero() {
		return invitationNotFound("of the zero token hash")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.users
	old := t.byTokenHash[hash]
	if old == nil {
		return invitationNotFound("of this token")
	}
	cust := s.customerOf(old.CustomerID)
	if cust == nil {
		return customerNotFound(old.CustomerID)
	}
	existing := t.byEmail[customer.EmailKey(old.Email)]
	snap := &user.Snapshot{Invitation: old.Clone(), Customer: cust, User: userCopy(existing)}
	if existing != nil {
		snap.Membership = t.membership(old.CustomerID, existing.u.ID)
	}
	j, err := plan(snap)
	if err != nil {
		return err
	}
	fresh, m, err := t.applyJoin(j, old.CustomerID, existing)
	if err != nil {
		return err
	}
	var inv *user.Invitation
	if j.Invitation != nil {
		inv = j.Invitation.Clone()
		if err := checkInvitationUpdate(inv, old); err != nil {
			return err
		}
		inv.Version = old.Version + 1
	}
	if fresh != nil {
		t.insertUser(fresh)
	}
	t.insertMember(m)
	if inv != nil {
		t.removeInvitation(old)
		t.insertInvitation(inv)
	}
	return nil
}

// ListInvitations returns a keyset page of a customer's invitations in ID
// order; see user.Store.
func (s *Store) ListInvitations(ctx context.Context, q *user.InvitationQuery, after customerkit.Cursor) (customerkit.Page[user.Invitation], error) {
	var page customerkit.Page[user.Invitation]
	if err := ctx.Err(); err != nil {
		return page, err
	}
	if q == nil || q.Limit < 1 || q.Limit > user.MaxLimit {
		n, err := q.Normalize()
		if err != nil {
			return page, err
		}
		q = n
	}
	from, err := cursorFrom(after, invitationList)
	if err != nil {
		return page, err
	}
	s.mu.RLock()
	found, err := walkAfter(ctx, s.users.invitationsOf[q.CustomerID], func(i *user.Invitation) ulid.ULID { return i.ID }, from, q.Limit, q.Match)
	s.mu.RUnlock()
	if err != nil {
		return page, err
	}
	if len(found) > q.Limit {
		found = found[:q.Limit]
		page.Next = encodeCursor(position{list: invitationList, id: found[len(found)-1].ID}, true)
	}
	page.Items = make([]*user.Invitation, len(found))
	for i, inv := range found {
		page.Items[i] = inv.Clone()
	}
	return page, nil
}
