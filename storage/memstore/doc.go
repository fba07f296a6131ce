// Package memstore is the in-memory storage adapter of customerkit. It
// satisfies every Store of the module (customer, marketplace, credential,
// instance, user, attachment and configvar), keeps nothing on disk, and is the fake a host
// tests its own rules with: a Service over memstore.New() behaves as it
// does over the SQL adapter, and both pass the same conformance suite
// (package storage/storagetest).
//
//	s := memstore.New()
//	svc := customer.NewService(s, nil) // or any code that takes a customer.Store
//
// # Concurrency and copies
//
// A Store is safe for concurrent use. One sync.RWMutex guards every table
// (so deleting a customer removes its instances, credentials, marketplace
// values, memberships, invitations, attachments, logo and config
// variables under one lock): reads share it, writes hold it alone, so a
// write is atomic and a read-modify-write (UpdateCustomer,
// DeleteCustomer) sees no other write between its read and its write. The update and check callbacks run while
// the lock is held: they must not call the Store.
//
// A stored customer is not a *customer.Customer but its encoding: one
// byte slice that holds every field (its times apart), beside a small
// record of the fields the indexes and filters read. The encoding holds
// no pointer, so the garbage collector marks one object per customer and
// never scans it (a store of 100 000 customers costs a collection little),
// and a customer's fields lie together in memory, so copying one out of a
// large store reads neighbouring cache lines instead of chasing a pointer
// per string, list and map. The unique indexes are keyed by a hash of
// their string (with a map of the strings for the rare collision), so
// they hold no pointer to a key either. A customer whose Settings or
// Metadata hold a value of a type the encoding does not know (the library
// stores only strings, float64, booleans, nil, []string, []any and
// map[string]any there) is kept as a clone instead, and behaves the same.
//
// Values are copied in and out: a customer is encoded when it is written
// and decoded into fresh structs, lists and maps when it is read, its
// strings sharing the encoding's bytes (both are immutable), so changing a
// customer after passing it to the Store, or one the Store returned, never
// changes what is stored. Stored records are immutable (an update
// replaces the record), so a read decodes its result after releasing the
// lock. The customers of a page are decoded together: their structs, and
// the elements of each kind of list, share one array, so a customer kept
// from a page keeps those of the whole page in memory.
//
// # Indexes and cost
//
// Each customer is indexed by every unique field (ULID, UUID, EmailKey of
// the email, customer key, subdomain, hostname and external ID when set),
// so a lookup or a uniqueness check is one map access, and parents count
// their children, so a delete checks for children in O(1). The search keys
// of the name and description (customer.SearchKey) and the email key are
// computed once, when a customer is written.
//
// Two ordered indexes, by (CreatedAt, ULID) and by (SearchKey(Name), ULID),
// serve the four orders of ListCustomers (a descending order walks its
// index backward). They are sorted lists of blocks of at most 512 records:
// finding a position is two binary searches and a write shifts one block,
// O(log n + 512). A page finds the cursor's position and walks from there,
// applying the query's cheap filters before the text filters, until it
// holds Limit matches and knows whether one more follows: its cost is the
// records it passes over (about Limit divided by the share of customers
// that match), not the size of the table. Each status has the same two
// indexes over its own customers, so a list of one status (the usual
// filter) walks only customers of that status. A filter on Email or
// ExternalID is answered from its unique index. Another filter that few
// customers match still walks far; that is the price of having no index
// per filter.
//
// The records of a walk, and the encodings of a page, are read once,
// level by level, before they are matched or decoded, so that the cache
// misses of a large store overlap instead of coming one after another.
// Filters read the record (status, type, country, parent, creation time,
// external ID, the keys of the name, description and email) and, for
// labels and a metadata value, the encoding in place: a walk decodes no
// customer.
//
// Instances are also indexed by the customer config variables they
// reference, so a variable's UsedBy is read from one index under the lock
// that reads the variable, and an instance write checks its references
// against the variables under the lock that writes it.
//
// # Cursors
//
// A cursor holds the list and order it belongs to, the sort key and ULID
// of the last customer of its page, and a checksum. The next page starts
// strictly after that (key, ULID), so customers created or deleted between
// two pages never make a page repeat or skip a customer that was there all
// along. A cursor of another order, of another adapter or changed in any
// byte is refused with customerkit.InvalidCursor (ErrInvalid).
//
// # Errors
//
//   - customerkit.ErrNotFound: no customer with that ULID or field value, or
//     a ParentID that names no customer;
//   - *customerkit.AlreadyExistsError (ErrAlreadyExists), Resource
//     "customer", Field "ulid", "uuid", "email", "customer_key",
//     "subdomain", "hostname" or "external_id";
//   - customerkit.ErrFailedPrecondition: deleting a customer that has
//     children;
//   - *customerkit.ValidationError (ErrInvalid): a bad cursor, an unknown
//     lookup field, an update that changes the ULID;
//   - the error of an update or check callback, as is;
//   - ctx.Err() when the context is done.
package memstore
