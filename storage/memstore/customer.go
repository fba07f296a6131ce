package memstore

import (
	"context"
	"fmt"
	"iter"
	"reflect"
	"runtime"
	"strings"
	"time"
	"unsafe"

	"github.com/google/uuid"
	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/metadata"
)

// customerRecord is a stored customer: its encoding (codec.go), the
// fields its indexes and filters read (head, whose strings are spans of
// the encoding), and its times; the keys the indexes sort and search by
// (customer.EmailKey of the email, customer.SearchKey of the name and of
// the description, computed once when it is written) are appended to the
// encoding. A record is immutable once it is in the table: an update
// replaces it, so readers may keep a record (and decode its customer)
// after they release the lock. It holds two pointers, neither to memory
// that holds pointers, so a large store costs the garbage collector
// little.
type customerRecord struct {
	// blob is the customer's encoding followed by the derived keys; when
	// raw holds the customer, only the strings of head's spans.
	blob []byte
	// raw is the customer when encodeCustomer cannot encode it (a value
	// type it does not know); owned by the store, never handed out.
	raw              *customer.Customer
	head             customerHead
	created, updated time.Time
}

// newCustomerRecord returns the record of c, which it neither keeps nor
// changes.
func newCustomerRecord(c *customer.Customer) *customerRecord {
	r := &customerRecord{created: c.CreatedAt, updated: c.UpdatedAt}
	type field struct {
		dst *span
		s   string
	}
	h := &r.head
	keys := []field{
		{&h.emailKey, customer.EmailKey(c.Email)},
		{&h.nameKey, customer.SearchKey(c.Name)}, {&h.descKey, customer.SearchKey(c.Description)},
	}
	b, ok := encodeCustomer(c)
	if ok {
		r.head = readHead(b) // the spans of the fields the encoding holds
	} else {
		r.raw = c.Clone()
		b = make([]byte, 0, 256)
		r.head = customerHead{
			id: c.ULID, parent: c.ParentID, uuid: c.UUID, status: internStatus(c.Status), typ: internType(c.Type),
			version: c.Version,
		}
		keys = append(keys, field{&h.key, c.Key}, field{&h.subdomain, c.Subdomain}, field{&h.hostname, c.Hostname},
			field{&h.externalID, c.ExternalID}, field{&h.country, c.Country})
	}
	for _, f := range keys {
		*f.dst = span{off: int32(len(b)), n: int32(len(f.s))}
		b = append(b, f.s...)
	}
	r.blob = b
	return r
}

// str returns the string at sp of r's bytes, sharing them.
func (r *customerRecord) str(sp span) string {
	if sp.n == 0 {
		return ""
	}
	b := r.blob[sp.off : sp.off+sp.n]
	return unsafe.String(unsafe.SliceData(b), len(b))
}

func (r *customerRecord) key() string        { return r.str(r.head.key) }
func (r *customerRecord) subdomain() string  { return r.str(r.head.subdomain) }
func (r *customerRecord) hostname() string   { return r.str(r.head.hostname) }
func (r *customerRecord) externalID() string { return r.str(r.head.externalID) }
func (r *customerRecord) country() string    { return r.str(r.head.country) }
func (r *customerRecord) emailKey() string   { return r.str(r.head.emailKey) }
func (r *customerRecord) nameKey() string    { return r.str(r.head.nameKey) }
func (r *customerRecord) descKey() string    { return r.str(r.head.descKey) }

// customer returns a deep copy of the record's customer.
func (r *customerRecord) customer() *customer.Customer {
	if r.raw != nil {
		return r.raw.Clone()
	}
	c := &customer.Customer{}
	a := pageArrays{strs: make([]string, r.head.sizes.strs)}
	decodeCustomer(r.blob, c, &a)
	c.CreatedAt, c.UpdatedAt = r.created, r.updated
	return c
}

// compareCreated orders records by (CreatedAt, ULID).
func compareCreated(a, b *customerRecord) int {
	if r := a.created.Compare(b.created); r != 0 {
		return r
	}
	return a.head.id.Compare(b.head.id)
}

// compareName orders records by (SearchKey(Name), ULID).
func compareName(a, b *customerRecord) int {
	if r := strings.Compare(a.nameKey(), b.nameKey()); r != 0 {
		return r
	}
	return a.head.id.Compare(b.head.id)
}

// customerTable holds the customers and their indexes: one map per unique
// field, the number of children of each parent, and one ordered index per
// sort key (each serves the ascending and the descending order).
type customerTable struct {
	byULID       map[ulid.ULID]*customerRecord
	byUUID       map[uuid.UUID]*customerRecord
	byEmail      *stringIndex // by EmailKey
	byKey        *stringIndex
	bySubdomain  *stringIndex
	byHostname   *stringIndex      // only when not empty
	byExternalID *stringIndex      // only when not empty
	children     map[ulid.ULID]int // parent ULID → number of children
	byCreated    *orderedIndex[*customerRecord]
	byName       *orderedIndex[*customerRecord]
	// byStatus holds the same two orders per status, so that a list of
	// one status (the usual filter) walks only the customers it returns.
	byStatus map[customer.Status]*statusIndexes
}

// statusIndexes are the ordered indexes of the customers of one status.
type statusIndexes struct {
	byCreated *orderedIndex[*customerRecord]
	byName    *orderedIndex[*customerRecord]
}

func newCustomerTable() *customerTable {
	return &customerTable{
		byULID:       make(map[ulid.ULID]*customerRecord),
		byUUID:       make(map[uuid.UUID]*customerRecord),
		byEmail:      newStringIndex((*customerRecord).emailKey),
		byKey:        newStringIndex((*customerRecord).key),
		bySubdomain:  newStringIndex((*customerRecord).subdomain),
		byHostname:   newStringIndex((*customerRecord).hostname),
		byExternalID: newStringIndex((*customerRecord).externalID),
		children:     make(map[ulid.ULID]int),
		byCreated:    newOrderedIndex(compareCreated),
		byName:       newOrderedIndex(compareName),
		byStatus:     make(map[customer.Status]*statusIndexes),
	}
}

// conflict returns the *customerkit.AlreadyExistsError of the first unique
// field of r that another record than self holds (self is nil on create).
func (t *customerTable) conflict(r, self *customerRecord) error {
	taken := func(o *customerRecord, ok bool) bool { return ok && o != self }
	field := ""
	switch h := &r.head; {
	case self == nil && taken(lookup(t.byULID, h.id)):
		field = "ulid"
	case taken(lookup(t.byUUID, h.uuid)):
		field = "uuid"
	case taken(found(t.byEmail.get(r.emailKey()))):
		field = "email"
	case taken(found(t.byKey.get(r.key()))):
		field = "customer_key"
	case taken(found(t.bySubdomain.get(r.subdomain()))):
		field = "subdomain"
	case r.head.hostname.n != 0 && taken(found(t.byHostname.get(r.hostname()))):
		field = "hostname"
	case r.head.externalID.n != 0 && taken(found(t.byExternalID.get(r.externalID()))):
		field = "external_id"
	default:
		return nil
	}
	return &customerkit.AlreadyExistsError{Resource: "customer", Field: field}
}

func lookup[K comparable](m map[K]*customerRecord, k K) (*customerRecord, bool) {
	r, ok := m[k]
	return r, ok
}

// found returns r and whether it is set, as lookup does.
func found(r *customerRecord) (*customerRecord, bool) { return r, r != nil }

// parentMissing returns the ErrNotFound error when parent (zero: none)
// names a customer that is not stored.
func (t *customerTable) parentMissing(parent ulid.ULID) error {
	if parent.IsZero() {
		return nil
	}
	if _, ok := t.byULID[parent]; !ok {
		return fmt.Errorf("memstore: parent customer %s: %w", parent, customerkit.ErrNotFound)
	}
	return nil
}

// cycle returns ErrFailedPrecondition when making parent the parent of
// customer id would make id its own ancestor. The walk is bounded by the
// number of customers, so even a hierarchy with a cycle ends it.
func (t *customerTable) cycle(id, parent ulid.ULID) error {
	for p, n := parent, 0; !p.IsZero() && n <= len(t.byULID); n++ {
		if p == id {
			return fmt.Errorf("memstore: customer %s would be its own ancestor: %w", id, customerkit.ErrFailedPrecondition)
		}
		r := t.byULID[p]
		if r == nil {
			return nil
		}
		p = r.head.parent
	}
	return nil
}

func (t *customerTable) insert(r *customerRecord) {
	h := &r.head
	t.byULID[h.id] = r
	t.byUUID[h.uuid] = r
	t.byEmail.put(r.emailKey(), r)
	t.byKey.put(r.key(), r)
	t.bySubdomain.put(r.subdomain(), r)
	if h.hostname.n != 0 {
		t.byHostname.put(r.hostname(), r)
	}
	if h.externalID.n != 0 {
		t.byExternalID.put(r.externalID(), r)
	}
	if !h.parent.IsZero() {
		t.children[h.parent]++
	}
	t.byCreated.Insert(r)
	t.byName.Insert(r)
	x := t.byStatus[h.status]
	if x == nil {
		x = &statusIndexes{byCreated: newOrderedIndex(compareCreated), byName: newOrderedIndex(compareName)}
		t.byStatus[h.status] = x
	}
	x.byCreated.Insert(r)
	x.byName.Insert(r)
}

func (t *customerTable) remove(r *customerRecord) {
	h := &r.head
	delete(t.byULID, h.id)
	delete(t.byUUID, h.uuid)
	t.byEmail.del(r.emailKey())
	t.byKey.del(r.key())
	t.bySubdomain.del(r.subdomain())
	if h.hostname.n != 0 {
		t.byHostname.del(r.hostname())
	}
	if h.externalID.n != 0 {
		t.byExternalID.del(r.externalID())
	}
	if !h.parent.IsZero() {
		if t.children[h.parent]--; t.children[h.parent] <= 0 {
			delete(t.children, h.parent)
		}
	}
	t.byCreated.Delete(r)
	t.byName.Delete(r)
	if x := t.byStatus[h.status]; x != nil {
		x.byCreated.Delete(r)
		x.byName.Delete(r)
		if x.byCreated.Len() == 0 {
			delete(t.byStatus, h.status)
		}
	}
}

// get returns the record whose field by equals value, or nil.
func (t *customerTable) get(by customer.By, value string) *customerRecord {
	switch by {
	case customer.ByULID:
		if id, ok := parseULID(value); ok {
			return t.byULID[id]
		}
	case customer.ByUUID:
		if id, ok := parseUUID(value); ok {
			return t.byUUID[id]
		}
	case customer.ByEmail:
		return t.byEmail.get(value)
	case customer.ByKey:
		return t.byKey.get(value)
	case customer.BySubdomain:
		return t.bySubdomain.get(value)
	case customer.ByHostname:
		return t.byHostname.get(value)
	case customer.ByExternalID:
		return t.byExternalID.get(value)
	}
	return nil
}

// parseULID parses the canonical (upper-case Crockford base32) form of a
// ULID; any other spelling names no customer, as in a SQL store that keeps
// the text form.
func parseULID(s string) (ulid.ULID, bool) {
	id, err := ulid.ParseStrict(s)
	if err != nil {
		return id, false
	}
	var buf [ulid.EncodedSize]byte
	_ = id.MarshalTextTo(buf[:])
	return id, string(buf[:]) == s
}

// parseUUID parses the canonical (lower-case, hyphenated) form of a UUID.
func parseUUID(s string) (uuid.UUID, bool) {
	if len(s) != 36 || strings.ContainsAny(s, "ABCDEF") {
		return uuid.UUID{}, false
	}
	id, err := uuid.Parse(s)
	return id, err == nil
}

// CreateCustomer stores a copy of c; see customer.Store.
func (s *Store) CreateCustomer(ctx context.Context, c *customer.Customer) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c == nil {
		return &customerkit.ValidationError{Subject: "memstore", Fields: []customerkit.FieldError{
			{Path: "customer", Code: customerkit.CodeRequired, Detail: "nil customer"},
		}}
	}
	r := newCustomerRecord(c) // encode and fold outside the lock

	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.customers
	if err := t.conflict(r, nil); err != nil {
		return err
	}
	if err := t.parentMissing(r.head.parent); err != nil {
		return err
	}
	t.insert(r)
	return nil
}

// GetCustomer returns a copy of the customer whose field by equals value;
// see customer.Store. ByULID and ByUUID take the canonical string form only.
func (s *Store) GetCustomer(ctx context.Context, by customer.By, value string) (*customer.Customer, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !by.Valid() {
		return nil, &customerkit.ValidationError{Subject: "memstore", Fields: []customerkit.FieldError{
			{Path: "by", Code: customerkit.CodeNotSupported, Detail: fmt.Sprintf("unknown lookup field %q", by)},
		}}
	}
	s.mu.RLock()
	r := s.customers.get(by, value)
	s.mu.RUnlock()
	if r == nil {
		return nil, fmt.Errorf("memstore: customer %s %q: %w", by, value, customerkit.ErrNotFound)
	}
	return r.customer(), nil // records are immutable: decode outside the lock
}

// UpdateCustomer runs update on a copy of customer id under the write lock
// and stores the result with Version incremented; see customer.Store.
// update runs while the Store is locked, so it must not call the Store.
// Changing the ULID is a *customerkit.ValidationError (CodeImmutable on
// "ulid") and writes nothing.
func (s *Store) UpdateCustomer(ctx context.Context, id ulid.ULID, update func(*customer.Customer) error) (*customer.Customer, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.customers
	old := t.byULID[id]
	if old == nil {
		return nil, fmt.Errorf("memstore: customer %s: %w", id, customerkit.ErrNotFound)
	}
	c := old.customer()
	if update != nil {
		if err := update(c); err != nil {
			return nil, err
		}
		if c.ULID != id {
			return nil, &customerkit.ValidationError{Subject: "customer", Fields: []customerkit.FieldError{
				{Path: "ulid", Code: customerkit.CodeImmutable, Detail: "an update must not change the ULID"},
			}}
		}
	}
	c.Version = old.head.version + 1
	r := newCustomerRecord(c) // update may keep a pointer to c: the record keeps none
	if err := t.conflict(r, old); err != nil {
		return nil, err
	}
	if err := t.parentMissing(c.ParentID); err != nil {
		return nil, err
	}
	if c.ParentID != old.head.parent {
		if err := t.cycle(id, c.ParentID); err != nil {
			return nil, err
		}
	}
	t.remove(old)
	t.insert(r)
	return r.customer(), nil
}

// DeleteCustomer runs check on a copy of customer id and the counts of its
// instances and credentials under the write lock and, when it returns nil
// and no customer names id as its parent, deletes it with everything that
// belongs to it; see customer.Store. A nil check deletes unconditionally.
// check runs while the Store is locked, so it must not call the Store.
func (s *Store) DeleteCustomer(ctx context.Context, id ulid.ULID, check func(*customer.Customer, customer.Dependents) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.customers
	r := t.byULID[id]
	if r == nil {
		return fmt.Errorf("memstore: customer %s: %w", id, customerkit.ErrNotFound)
	}
	if check != nil {
		d := customer.Dependents{
			Instances:   s.instances.countByCustomer(id),
			Credentials: s.credentials.countByCustomer(id),
		}
		if err := check(r.customer(), d); err != nil {
			return err
		}
	}
	if n := t.children[id]; n > 0 {
		return fmt.Errorf("memstore: customer %s has %d child customers: %w", id, n, customerkit.ErrFailedPrecondition)
	}
	// Everything that belongs to the customer goes with it, under the
	// same lock.
	s.instances.deleteByCustomer(id)
	s.credentials.deleteByCustomer(id)
	s.marketplace.deleteByCustomer(id)
	s.users.deleteByCustomer(id)
	s.attachments.deleteByCustomer(id)
	s.configVars.deleteByCustomer(id)
	t.remove(r)
	return nil
}

// ListCustomers returns a keyset page of the customers that match q; see
// customer.Store. It walks the ordered index of q.Order from the cursor
// (backward for a descending order) and stops at the first customer past
// the page, so a page costs the rows it skips, not the size of the table.
// An Email or ExternalID filter is answered from its unique index. A q that
// was not normalised is normalised first.
func (s *Store) ListCustomers(ctx context.Context, q *customer.Query, after customerkit.Cursor) (customerkit.Page[customer.Customer], error) {
	var page customerkit.Page[customer.Customer]
	if err := ctx.Err(); err != nil {
		return page, err
	}
	if q == nil || !q.Order.Valid() || q.Limit < 1 || q.Limit > customer.MaxLimit {
		n, err := q.Normalize()
		if err != nil {
			return page, err
		}
		q = n
	}
	found, next, err := s.listCustomers(ctx, q, after)
	if err != nil {
		return page, err
	}
	page.Next = next
	// Records are immutable: read and copy them outside the lock.
	runtime.KeepAlive(preload(found))
	page.Items = clonePage(found)
	return page, nil
}

// clonePage returns deep copies of the customers of found, decoded from
// their encodings: the customer structs in one array, and the elements of
// each kind of list (strings, addresses, telephones, legal documents) in
// one array per kind, every copy's lists capped at their length so that
// an append moves them: five allocations for the page besides the maps
// each customer needs, the copies one after another in memory. A customer
// kept from a page keeps these arrays, and so the structs and lists of
// the page's other customers, from being freed, and the encodings its
// strings share. TestClonePage checks that every slice and map field is
// copied.
func clonePage(found []*customerRecord) []*customer.Customer {
	var total listSizes
	for _, r := range found {
		z := r.head.sizes
		total.strs += z.strs
		total.addrs += z.addrs
		total.tels += z.tels
		total.docs += z.docs
	}
	out := make([]*customer.Customer, len(found))
	cs := make([]customer.Customer, len(found))
	a := newPageArrays(total)
	for i, r := range found {
		d := &cs[i]
		if r.raw != nil {
			*d = *r.raw.Clone()
		} else {
			decodeCustomer(r.blob, d, &a)
			d.CreatedAt, d.UpdatedAt = r.created, r.updated
		}
		out[i] = d
	}
	return out
}

// preload reads the encodings of the customers of a page, level by level
// across the whole page (first the records, then the head, the middle and
// the end of each encoding), and returns a value that depends on every
// read.
//
// In a large store the customers of a page lie far apart in memory, and
// decoding them one after another waits for each cache miss in turn. Here
// the reads of one level are independent of each other, so their misses
// overlap, and the decoding that follows finds each encoding in the cache
// (or streams the rest of it). The caller passes the result to
// runtime.KeepAlive so that the compiler keeps the reads.
func preload(found []*customerRecord) int {
	n := 0
	for _, r := range found { // the records
		n += len(r.blob) + int(r.head.version)
	}
	for _, r := range found { // the encodings
		if b := r.blob; len(b) > 0 {
			n += int(b[0]) + int(b[len(b)/2]) + int(b[len(b)-1])
		}
	}
	return n
}

// listCustomers finds the records of the page ListCustomers returns, and
// the cursor of the next page. q is normalised.
func (s *Store) listCustomers(ctx context.Context, q *customer.Query, after customerkit.Cursor) ([]*customerRecord, customerkit.Cursor, error) {
	var next customerkit.Cursor
	list := "customer:" + string(q.Order)
	byName, desc := q.Order.ByName(), q.Order.Desc()
	cmp := compareCreated
	if byName {
		cmp = compareName
	}
	var from *customerRecord // the last item of the previous page, as a probe
	if !after.IsZero() {
		p, err := decodeCursor(after, list, byName)
		if err != nil {
			return nil, next, err
		}
		from = &customerRecord{blob: []byte(p.text), head: customerHead{id: p.id, nameKey: span{n: int32(len(p.text))}}, created: p.time}
	}
	m := newCustomerMatcher(q)
	// past reports whether r comes after the cursor in list order.
	past := func(r *customerRecord) bool {
		switch {
		case from == nil:
			return true
		case desc:
			return cmp(r, from) < 0
		default:
			return cmp(r, from) > 0
		}
	}

	// Collect one record more than the page holds, to know whether a next
	// page exists.
	w := &pageWalk{m: m, limit: q.Limit}
	w.found = w.buf[:0:min(q.Limit+1, len(w.buf))]
	s.mu.RLock()
	t := s.customers
	var candidates iter.Seq[*customerRecord]
	switch {
	case q.Email != "":
		candidates = single(t.byEmail.get(m.emailKey), past)
	case q.ExternalID != "":
		candidates = single(t.byExternalID.get(q.ExternalID), past)
	case desc:
		// The records before the cursor, from the last one backward.
		candidates = indexFor(t, q, byName).Descend(func(r *customerRecord) bool { return !past(r) })
	default:
		// The records after the cursor, from the first one on.
		candidates = indexFor(t, q, byName).Ascend(past)
	}
	for r := range candidates {
		if w.add(ctx, r) {
			break
		}
	}
	w.flush()
	s.mu.RUnlock()
	if w.err != nil {
		return nil, next, w.err
	}
	found := w.found
	if len(found) > q.Limit {
		found = found[:q.Limit]
		last := found[len(found)-1]
		next = encodeCursor(position{list: list, text: last.nameKey(), time: last.created, id: last.head.id}, byName)
	}
	return found, next, nil
}

// pageWalk collects the records of a page from the candidates of a walk,
// matching them a batch at a time: the records of a batch, and then their
// customers, are read across the whole batch before the first is
// matched. In a large store the candidates lie far apart in memory, and
// matching them one after another waits for each cache miss in turn; read
// level by level, the misses of a batch overlap. A walk reads at most a
// batch past the record that ends it, and none when every candidate
// matches.
type pageWalk struct {
	m       *customerMatcher
	limit   int
	found   []*customerRecord // the matches, at most limit+1
	buf     [64]*customerRecord
	batch   [16]*customerRecord
	n       int // candidates in batch
	scanned int
	err     error // ctx.Err(), when the walk stopped for it
	done    bool  // found holds limit+1, or err is set
}

// add takes the next candidate of the walk and reports whether the walk
// is over: the page and one more record found, or ctx done.
func (w *pageWalk) add(ctx context.Context, r *customerRecord) bool {
	if w.scanned++; w.scanned%scanCheckEvery == 0 {
		if w.err = ctx.Err(); w.err != nil {
			w.done = true
			return true
		}
	}
	w.batch[w.n] = r
	// A batch holds no more candidates than the page still needs, should
	// they all match: a walk whose candidates match reads none past its
	// end.
	if w.n++; w.n == len(w.batch) || w.n >= w.limit+1-len(w.found) {
		w.flush()
	}
	return w.done
}

// flush matches the candidates of the batch, unless the walk is over,
// and empties it.
func (w *pageWalk) flush() {
	rs := w.batch[:w.n]
	w.n = 0
	if w.done {
		return
	}
	sum := 0
	for _, r := range rs { // the records
		sum += len(r.head.status) + int(r.head.nameKey.n)
	}
	if w.m.readsEncoding {
		for _, r := range rs { // the encodings the filters read
			if len(r.blob) > 0 {
				sum += int(r.blob[0])
			}
		}
	}
	runtime.KeepAlive(sum)
	for _, r := range rs {
		if !w.m.match(r) {
			continue
		}
		if w.found = append(w.found, r); len(w.found) > w.limit {
			w.done = true
			return
		}
	}
}

// indexFor returns the ordered index, by name or by creation, that holds
// every customer q may match: the one of q's status when q filters on a
// single status, the one of every customer otherwise.
func indexFor(t *customerTable, q *customer.Query, byName bool) *orderedIndex[*customerRecord] {
	if len(q.Statuses) == 1 {
		x := t.byStatus[q.Statuses[0]]
		switch {
		case x == nil: // no customer has the status
			return newOrderedIndex(compareCreated)
		case byName:
			return x.byName
		default:
			return x.byCreated
		}
	}
	if byName {
		return t.byName
	}
	return t.byCreated
}

// single returns a sequence of r alone when r is set and past(r), and an
// empty one otherwise.
func single(r *customerRecord, past func(*customerRecord) bool) iter.Seq[*customerRecord] {
	return func(yield func(*customerRecord) bool) {
		if r != nil && past(r) {
			yield(r)
		}
	}
}

// customerMatcher is Query.Match with the text keys of the query folded
// once and the record's stored keys used in place of folding each
// customer, and the other filters applied to a stand-in customer that
// holds only what they read (from the record's head, and from its
// encoding the labels and the one metadata value a filter names), so
// that a walk decodes no customer. The filters run through Query.Match
// itself (on a copy of the query without the text filters), so the rules
// live in package customer only; should Query gain a filter this matcher
// does not know, each candidate is decoded whole and matched as it is.
type customerMatcher struct {
	rest     *customer.Query // q without Name, Description and Email
	emailKey string
	nameKey  string
	descKey  string
	// whole: rest filters on a field the stand-in does not hold.
	whole bool
	// readsEncoding: rest filters on labels or metadata.
	readsEncoding bool
	stand         customer.Customer // the stand-in, reused
	labels        []string          // its labels' array
	meta          metadata.Metadata // its metadata, reused
}

func newCustomerMatcher(q *customer.Query) *customerMatcher {
	rest := *q
	rest.Name, rest.Description, rest.Email = "", "", ""
	m := &customerMatcher{rest: &rest}
	if q.Email != "" {
		m.emailKey = customer.EmailKey(q.Email)
	}
	if q.Name != "" {
		m.nameKey = customer.SearchKey(q.Name)
	}
	if q.Description != "" {
		m.descKey = customer.SearchKey(q.Description)
	}
	// The fields the stand-in serves, and those that are no filter.
	known := rest
	known.Statuses, known.Types, known.Countries, known.Labels = nil, nil, nil, nil
	known.ParentID, known.CreatedFrom, known.CreatedTo = ulid.ULID{}, time.Time{}, time.Time{}
	known.ExternalID, known.Metadata, known.Order, known.Limit = "", nil, "", 0
	m.whole = !reflect.ValueOf(known).IsZero()
	m.readsEncoding = len(rest.Labels) > 0 || rest.Metadata != nil
	if rest.Metadata != nil {
		m.meta = metadata.Metadata{}
	}
	return m
}

func (m *customerMatcher) match(r *customerRecord) bool {
	if m.emailKey != "" && r.emailKey() != m.emailKey {
		return false
	}
	if !m.matchRest(r) {
		return false
	}
	if m.nameKey != "" && !strings.Contains(r.nameKey(), m.nameKey) {
		return false
	}
	if m.descKey != "" && !strings.Contains(r.descKey(), m.descKey) {
		return false
	}
	return true
}

// matchRest applies the filters of rest to r.
func (m *customerMatcher) matchRest(r *customerRecord) bool {
	switch {
	case r.raw != nil:
		return m.rest.Match(r.raw)
	case m.whole:
		return m.rest.Match(r.customer())
	}
	h := &r.head
	c := &m.stand
	c.Status, c.Type, c.Country, c.ParentID, c.CreatedAt, c.ExternalID = h.status, h.typ, r.country(), h.parent, r.created, r.externalID()
	if len(m.rest.Labels) > 0 {
		c.Labels = labelsOf(r.blob, h, &m.labels)
	}
	if m.rest.Metadata != nil {
		clear(m.meta)
		if v, ok := metadataValue(r.blob, h, m.rest.Metadata.Key); ok {
			m.meta[m.rest.Metadata.Key] = v
		}
		c.Metadata = m.meta
	}
	return m.rest.Match(c)
}
