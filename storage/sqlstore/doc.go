// Package sqlstore keeps customerkit's records in a SQL database: SQLite
// for an embedded store, PostgreSQL for scale. A *Store satisfies
// customer.Store, marketplace.Store, credential.Store, instance.Store,
// attachment.Store, user.Store and configvar.Store, so one value wires
// every Service.
//
// The host opens the *sql.DB with the driver it likes and names the
// dialect; this package imports no driver.
//
// # SQLite
//
// With modernc.org/sqlite (pure Go, no cgo):
//
//	import _ "modernc.org/sqlite"
//
//	db, err := sql.Open("sqlite", "file:app.db?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_txlock=immediate")
//	store, err := sqlstore.New(db, sqlstore.SQLite, nil)
//	err = store.Migrate(ctx)
//
// The DSN parameters matter:
//
//   - _pragma=foreign_keys(1) is required: SQLite enforces foreign keys only
//     when asked, on every connection. Without it a customer could name a
//     missing parent, or a parent with children could be deleted. Migrate
//     refuses to run on a connection without it (ErrFailedPrecondition).
//   - _pragma=busy_timeout(5000) makes a writer wait for the write lock
//     instead of failing at once with "database is locked". The Store
//     retries such failures (Options.MaxRetries) but waiting is cheaper.
//   - _pragma=journal_mode(WAL) lets readers run beside the writer.
//   - _txlock=immediate makes the host's own transactions (db.BeginTx) take
//     the write lock when they begin. The Store's own write transactions
//     always do (they run "BEGIN IMMEDIATE" on a connection of their own);
//     set it when the host passes its transactions to WithTx.
//
// For an in-memory database use "file:NAME?mode=memory&cache=shared&..."
// and db.SetMaxOpenConns(1): a shared cache answers a second writer with
// "locked" without waiting, and the database vanishes with its last
// connection.
//
// # PostgreSQL
//
// With github.com/jackc/pgx/v5/stdlib:
//
//	import _ "github.com/jackc/pgx/v5/stdlib"
//
//	db, err := sql.Open("pgx", "postgres://app@db:5432/app?sslmode=verify-full")
//	store, err := sqlstore.New(db, sqlstore.PostgreSQL, nil)
//	err = store.Migrate(ctx)
//
// The tables go to the first schema of the connection's search_path (set
// search_path in the DSN to choose one). The first migration runs CREATE
// EXTENSION IF NOT EXISTS pg_trgm, which a database owner may run (pg_trgm
// is a trusted extension); where it is already installed, in a schema on the
// search_path, nothing happens.
//
// # Migrations
//
// Migrate applies the embedded migrations of the Store's dialect that are
// not yet recorded in customerkit_schema_migrations, in one transaction. It
// may run at every start of every process: concurrent runs wait for each
// other (pg_advisory_xact_lock on PostgreSQL, the write lock of BEGIN
// IMMEDIATE on SQLite). Hosts that run their own migration tool call
// Migrations(dialect) instead, which returns the same files
// (0001_customers.up.sql, ...) as an fs.FS, and never call Migrate. Both
// dialects have the same versions, kept in step by a test.
//
// # Transactions
//
// Every write is atomic. A create (CreateCustomer, CreateIntegration,
// CreateListing, CreateCredential) is one INSERT, a plain delete one
// DELETE. Every UpdateX reads the row and writes it back in one
// transaction: on PostgreSQL the read is SELECT ... FOR UPDATE, on SQLite
// the transaction holds the write lock from its start; the write is also
// guarded by the version read (UPDATE ... WHERE id = ? AND version = ?),
// and when it finds the row changed the whole transaction runs again,
// calling the updater again. Serialization failures and deadlocks
// (PostgreSQL) and a busy or locked database (SQLite) are retried
// likewise, up to Options.MaxRetries times, then reported as ErrConflict.
// No update is ever lost.
//
// The writes that span several rows:
//
//   - DeleteCustomer locks the customer, counts its instances and
//     credentials for its check, and deletes it; the foreign keys' ON
//     DELETE CASCADE remove in the same statement its instances,
//     credentials, customer values, attachments (records and bytes), logo,
//     memberships, invitations, config variables (with the instances'
//     references to them) and customer-specific integrations (with their
//     versions, listing and values); no user is deleted.
//   - PublishVersion increments the integration's latest_version with
//     "UPDATE ... RETURNING" (which locks the row until the commit) and
//     inserts the version under the number it returned: concurrent
//     publishers get consecutive numbers.
//   - UpdateCustomerValues creates the row when there is none with INSERT
//     ... ON CONFLICT DO NOTHING; a concurrent creator that won makes the
//     transaction run again, so the updater sees its values.
//   - CreateInstance reads the customer (FOR UPDATE), the listing (FOR
//     SHARE) and the customer's instances, runs its check and inserts, in
//     one transaction; UpdateInstance and DeleteInstance read the instance
//     FOR UPDATE and its customer FOR SHARE. So concurrent activations of
//     one customer run one after the other, each seeing the instances the
//     ones before it stored, and a customer's status cannot change under
//     an instance write. (On SQLite every write transaction holds the
//     database's write lock, which orders them all.)
//   - CreateAttachment reads the customer (FOR UPDATE) and its usage
//     (COUNT and SUM of the sizes), runs its check and inserts the record
//     and its bytes, in one transaction; UpdateAttachment and
//     DeleteAttachment read the attachment FOR UPDATE and its customer FOR
//     SHARE. So concurrent uploads of one customer run one after the
//     other, each seeing the usage the ones before it left, and uploads
//     that would together exceed a quota cannot all pass. PutLogo and
//     DeleteLogo read the customer FOR SHARE; PutLogo writes with INSERT
//     ... ON CONFLICT DO UPDATE.
//   - Every write of a customer's memberships and invitations
//     (AddMembership, UpdateMembership, TransferOwnership,
//     DeleteMembership, CreateInvitation, UpdateInvitation,
//     AcceptInvitation) first reads the customer FOR UPDATE, then what its
//     Snapshot holds (the membership or invitation written FOR UPDATE, the
//     user FOR SHARE, the actor's membership), runs the Service's function
//     and writes, in one transaction. So concurrent joins, acceptances and
//     transfers of one customer run one after the other, each seeing what
//     the one before stored: of 50 concurrent owner joins or acceptances
//     of one invitation exactly one wins. The membership rules (one per
//     user and customer, one owner per customer) are checked against the
//     rows read and kept by the primary key and a partial unique index.
//     CreateCustomerWithOwner inserts the customer, the new user and the
//     membership in one transaction. DeleteUser reads the user FOR UPDATE
//     and deletes its memberships and the user together.
//   - CreateConfigVar reads the customer FOR UPDATE and counts its
//     variables for its check; UpdateConfigVar and DeleteConfigVar read the
//     variable FOR UPDATE and its customer FOR SHARE, then the instances
//     that reference it. CreateInstance and UpdateInstance check every
//     reference of the instance against its customer's variables (FOR KEY
//     SHARE, so none can go before the commit) and write the instance's
//     reference rows with it; a variable's row lock makes a concurrent
//     reference wait, so a delete and a new reference of one variable
//     cannot both pass, and the foreign key of the reference rows keeps it
//     so even without the check.
//
// WithTx binds a Store to the host's *sql.Tx, so the host's rows and
// customerkit's commit or roll back together:
//
//	tx, err := db.BeginTx(ctx, nil)
//	defer tx.Rollback()
//	_, err = tx.ExecContext(ctx, "INSERT INTO signups ...")
//	err = store.WithTx(tx).CreateCustomer(ctx, c)
//	err = tx.Commit()
//
// Each write runs in a savepoint of tx, so a refused write (an email
// already taken) leaves tx usable. The bound Store never commits, rolls
// back or retries.
//
// # Errors
//
// Driver errors never leave the Store; they are translated at its boundary:
//
//	unique violation (23505; SQLITE_CONSTRAINT_UNIQUE)      *customerkit.AlreadyExistsError{Resource: r, Field: f},
//	                                                        f named by the constraint: customer ulid, uuid, email,
//	                                                        customer_key, subdomain, hostname, external_id;
//	                                                        integration id, name; listing integration_id;
//	                                                        credential id; instance id; attachment id;
//	                                                        user id, email, external_id; membership
//	                                                        user_id, owner; invitation id, token_hash;
//	                                                        config_var key
//	foreign key on create, update (23503; ..._FOREIGNKEY)   ErrNotFound (the customer, parent or integration is missing)
//	foreign key on a customer's delete                      ErrFailedPrecondition (child customers remain, or another
//	                                                        customer has instances of its customer-specific integration)
//	CHECK, NOT NULL (23514, 23502; ..._CHECK, ..._NOTNULL)  *customerkit.ValidationError (ErrInvalid) at the column
//	text PostgreSQL cannot hold (a NUL: 22021, 22P05)       *customerkit.ValidationError (ErrInvalid); as a lookup or
//	                                                        filter value it matches nothing (no error)
//	retries exhausted (40001, 40P01; SQLITE_BUSY, _LOCKED)  ErrConflict
//	no row                                                  ErrNotFound
//	a bad cursor                                            customerkit.InvalidCursor (ErrInvalid)
//
// Unique and foreign-key violations are recognised without importing a
// driver: PostgreSQL errors by their SQLState() method (pgx's
// *pgconn.PgError, lib/pq's Error) and constraint name, SQLite errors by
// their Code() method (modernc.org/sqlite's *Error) and message. When ctx
// ends, the error matches ctx.Err(). Any other failure (I/O, a closed pool,
// an unmigrated schema) is returned wrapped, "sqlstore: <operation>: ...",
// and matches none of the sentinels.
//
// # Schema
//
// Every table, index and constraint name starts with TablePrefix
// ("customerkit_"). Migration 0001 creates customerkit_customers, one row
// per customer:
//
//   - identifiers: ulid (primary key; 26-character Crockford text, whose
//     byte order is ULID order), uuid (uuid on PostgreSQL), external_id and
//     hostname (NULL when empty, so unique only when set), customer_key,
//     subdomain — each with a unique index;
//   - email, and email_key = customer.EmailKey(email) with a unique index;
//   - name and name_key = customer.SearchKey(name); description and
//     description_key likewise (PostgreSQL: COLLATE "C", so byte order, the
//     order of Go's string comparison; SQLite: BINARY);
//   - status and customer_type with CHECK constraints; the other scalar
//     fields in columns of their own;
//   - labels, allowed origins and registration domains, settings, metadata,
//     addresses, telephones and legal documents as JSON (jsonb on
//     PostgreSQL): a customer is written with one statement and read with
//     one round trip (BENCHMARKS.md compares this with child tables);
//   - parent_id, a foreign key to ulid, ON DELETE RESTRICT;
//   - version, created_at, updated_at.
//
// Keyset pagination walks the indexes (created_at, ulid), (name_key, ulid),
// (status, created_at, ulid), (status, name_key, ulid) and (parent_id,
// created_at, ulid) with row-value comparisons ("(name_key, ulid) > (?,
// ?)"), so a page costs the same on the first page and the thousandth, and
// its order is exactly customer.Query.Compare's. On PostgreSQL a trigram
// index (pg_trgm, gin_trgm_ops) serves the name search, and GIN
// jsonb_path_ops indexes serve the metadata and label filters (jsonb @>).
// On SQLite those three filters read the rows the other conditions leave:
// correct, but a full scan when nothing else narrows the list (the SQLite
// creation-order indexes carry name_key, so a name search scans index
// entries and reads only the matching rows). A search is
// always matched literally: LIKE wildcards, quotes and backslashes in it
// are data (PostgreSQL escapes them, SQLite uses instr).
//
// Migration 0002 creates the marketplace: customerkit_integrations
// (name_key = marketplace.NameKey(name) with a unique index; category_key,
// the simple case folding of the category, for the category filter;
// customer_id, a foreign key for a customer-specific integration),
// customerkit_integration_versions (primary key (integration_id, number);
// config_vars, the variable definitions, as JSON), customerkit_listings
// (one per integration; allowed_customers, a JSON array, NULL when every
// customer may see it) and customerkit_customer_values (primary key
// (integration_id, customer_id)). Labels, allow-lists and values are JSON.
// On SQLite the four tables are WITHOUT ROWID: each is stored in the order
// of its primary key. Migration 0003 creates customerkit_credentials, one
// row per credential, its sealed secrets and other structured fields as
// JSON. Migration 0004 creates customerkit_instances: an instance's facts
// in columns (enabled, config_complete, needs_deploy, last_deployed_at —
// NULL before the first deploy —, deploy_count, version_number, with CHECK
// constraints), its customer and organization values as two JSON objects;
// foreign keys to its customer (ON DELETE CASCADE) and its integration (no
// action: an integration with instances stays); indexes on (customer_id,
// id) and (integration_id, id). No column holds an instance's lifecycle
// state: it derives from the facts and the customer's current status.
// Migration 0005 creates the attachments: customerkit_attachments, one
// row per record (name, content_type, size, sha256 — the 32-byte digest,
// BLOB on SQLite and bytea on PostgreSQL —, version, times; an index on
// (customer_id, id)); customerkit_attachment_contents, the bytes, one row
// per attachment (primary key and foreign key attachment_id, ON DELETE
// CASCADE), so that lists and usage never read content; and
// customerkit_logos, one row per customer that has a logo (primary key
// customer_id), bytes included. All go with their customer (ON DELETE
// CASCADE). Migration 0006 creates customerkit_users (email_key =
// customer.EmailKey(email) with a unique index; external_id NULL when
// empty, unique when set; password_hash, the PHC string, "" for none),
// customerkit_memberships (primary key (customer_id, user_id); role with a
// CHECK; permissions a JSON array, NULL for the role's defaults and
// distinct from [], none; owner with a partial unique index, one owner per
// customer; an index on (user_id, customer_id)) and
// customerkit_invitations (token_hash, the SHA-256 of the token, unique;
// status pending, accepted or revoked — expiry is derived from expires_at;
// invited_by and accepted_by, no foreign key, so invitations outlive their
// users; an index on (customer_id, id)). Memberships and invitations go
// with their customer (ON DELETE CASCADE), memberships with their user.
// Migration 0007 creates customerkit_config_vars (primary key
// (customer_id, key), key in byte order — COLLATE "C" on PostgreSQL —,
// kind with a CHECK and a unique (customer_id, key, kind) for the
// references to name; ON DELETE CASCADE with the customer) and
// customerkit_config_var_refs, one row per instance variable that takes a
// config variable (primary key (instance_id, var_key); a foreign key to
// the instance, ON DELETE CASCADE, and one to (customer_id,
// config_var_key, kind) of the variables, no action, so a referenced
// variable cannot go; an index on (customer_id, config_var_key,
// instance_id) answers UsedBy), and adds config_refs and private_refs,
// JSON objects, to customerkit_instances, so an instance reads its
// references with its row. Every read of a variable fills UsedBy from the
// reference rows in the same statement (a correlated aggregate), a
// customer's list included.
//
// Lists of integrations, listings, versions, credentials, instances,
// attachments, members, memberships and invitations are keyset pages in ID
// (or version number) order on those primary keys and indexes; a
// customer's config variables, in key order on their primary key.
// ListInstances with a state filter joins the customers for their status
// and matches each row with instance.Query.Match (the state rule
// lives in package instance only); it reads further rows, in batches
// growing to 1000, until the page is full, so a page is short only at the
// end of the list, and its cost grows with the rows the filter skips.
//
// # The marketplace view
//
// A customer's view is two statements. CustomerInstances reads the
// customer and its instances in one SELECT (a UNION ALL of the customer's
// row and the instances', so the customer's columns are sent once).
// SharedListingsForCustomer (and ListingsForCustomer, which copies its
// answer) reads the listings in one SELECT too, but most of the time only
// a generation and the customer's values.
//
// The Store keeps a copy of the listed marketplace: every listing that is
// not not_available, with its integration and the version it presents (the
// rule of marketplace.PresentNumber, in a CASE with a correlated subquery),
// decoded, and the marketplace generation read with them. Migration 0008
// creates customerkit_marketplace_generation, one row whose generation
// takes a new random value, by triggers, with every row written to or
// deleted from customerkit_integrations, customerkit_integration_versions
// and customerkit_listings (and with a TRUNCATE of them on PostgreSQL), in
// the writing transaction: the Store's own writes, another process's, the
// host's own SQL, and a customer's deletion that cascades to its
// customer-specific integrations all change it. (On PostgreSQL the row is
// locked from a transaction's first marketplace write until it ends, so
// marketplace writes run one after the other; a customer's values and
// instances never touch it.) The view's statement is a UNION ALL of two
// parts: the generation with the customer's values, read only while the
// generation is the one the copy was read with; and the listings with their
// integrations, presented versions and the customer's values, read only
// when it is not. So while nothing changed, a view reads one row and the
// customer's values; after a change, the first view reads every listed
// listing (of every customer: the visibility rule is applied to the copy,
// as Listing.VisibleTo) and the copy is replaced as a whole. The copy is
// correct with any number of processes over one database: a generation is
// only read together with the rows it goes with, in one statement, and
// being random (about 63 bits), one that a rolled-back transaction or a
// restored backup left behind does not come back with other rows. It is
// bounded: a marketplace whose text (names, overviews, labels, allow-lists,
// values, definitions, plus 512 bytes a listing) exceeds 8 MiB is not kept,
// and each view then reads its customer's listings (the WHERE clause keeps
// those Listing.VisibleTo accepts: availability, owner, allow-list through
// json_each on SQLite and jsonb @> on PostgreSQL) until the generation
// moves. The copy's records are shared by every view and never changed
// (marketplace.SharedListingsReader); ListingsForCustomer returns copies of
// them. The copy is held by the Store value (and the Stores WithTx returns
// from it), safe for concurrent use, and gone with it.
//
// The SQLite driver parses every statement anew, so on SQLite the Store
// prepares its marketplace and instance reads once (a *sql.Stmt per
// statement text, kept for the Store's life and closed with the *sql.DB).
// The decoded config-variable definitions are kept by their JSON text, at
// most 8 MiB of it: a version never changes them, and every customer's
// view reads the same few versions, so each is decoded once (GetVersion
// and ListVersions return copies). JSON arrays of strings and objects of
// strings (labels, values) are read by a small parser and fall back to
// encoding/json for anything it does not expect.
//
// # Times
//
// Times are stored in UTC with microsecond precision: timestamptz on
// PostgreSQL, an integer of microseconds since the Unix epoch on SQLite;
// an optional time (an instance's last deploy) is NULL when zero.
// A time with nanoseconds is truncated to the microsecond when stored, so
// a customer read back may differ from the one written by less than a
// microsecond; CreatedFrom and CreatedTo of a Query compare as they would
// on the stored values.
package sqlstore
