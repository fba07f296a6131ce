// Package customerkit is the root of an embeddable library for the back end
// of a B2B software company's customers and its integration marketplace.
// This package holds only what every other package shares: the error
// vocabulary, validation errors with field paths, and keyset pagination
// (Cursor, Page, Iterate). It imports the standard library only.
//
// # The map of the module
//
//	customerkit            errors (ErrNotFound ... ErrPermissionDenied), ValidationError,
//	                       AlreadyExistsError, Cursor, Page, Iterate
//	customer               Customer profiles and their rules, Status, Address, Telephone,
//	                       SettingsSchema, hierarchy; customer.Store; customer.Service
//	customer/legaldoc      legal-document (tax ID) types: Validate, Normalize, Format
//	customer/metadata      metadata values, limits, Merge (RFC 7396), Replace
//	customer/password      argon2id password hashes: Hasher, Hash (PHC string, redacted)
//	customer/attachment    attachments (sniffed type, SHA-256, size limit, quota) and the
//	                       customer logo (500×500 PNG); attachment.Store; attachment.Service
//	customer/configvar     customers' config variables (text, JSON, XML, HTML) that their
//	                       instances take values from; configvar.Store; configvar.Service
//	marketplace            integrations, immutable versions, config-variable definitions,
//	                       listings, deployability, acting roles; marketplace.Service
//	instance               instances and their lifecycle, references to customer config
//	                       variables, the customer's marketplace view and activation
//	                       (Service.Marketplace); instance.Service
//	credential             credentials, auth methods, the AES-256-GCM Sealer over a key
//	                       ring, redaction, health and OAuth2 refresh; credential.Service
//	user                   users, memberships with roles and permissions, the one owner of
//	                       each customer, invitations, passwords; user.Store; user.Service
//	portal                 the customer-scoped handle: Portal.Open(customer, user) gives a
//	                       member its own customer's users, instances, credentials,
//	                       config variables and attachments, as far as its permissions
//	                       and the status allow
//	storage                the adapter contract
//	storage/memstore       the in-memory adapter, also the fake for tests
//	storage/sqlstore       the database/sql adapter: SQLite and PostgreSQL
//	storage/storagetest    the conformance suite every adapter runs
//	examples/...           runnable programs; examples/quickstart is the main one
//
// Dependencies point one way: customerkit ← customer (and subpackages) ←
// marketplace, credential ← instance; marketplace ← user (acting roles are
// the marketplace's); every domain package ← portal; storage packages
// import the domain packages, never the reverse. No library package imports a SQL driver.
//
// # Wiring a store to the services
//
// Each domain package declares the Store its Service needs, in the
// package that consumes it (customer.Store, marketplace.Store,
// credential.Store, instance.Store, user.Store, attachment.Store,
// configvar.Store). One adapter value satisfies every Store, so a host
// opens one and hands it to each service:
//
//	store := memstore.New()                      // tests, demos
//	// or: store, err := sqlstore.New(db, sqlstore.SQLite, nil); err = store.Migrate(ctx)
//	customers := customer.NewService(store, nil) // nil options: the defaults
//	market := marketplace.NewService(store, nil)
//	instances := instance.NewService(store, nil)
//	creds := credential.NewService(store, keyRing, nil)
//	vars := configvar.NewService(store, nil)
//
// # Options
//
// Constructors take their required arguments, then a pointer to an Options
// struct of their package; a nil *Options, and every zero field, means the
// default. Function-typed fields end in Func (NowFunc, NewIDFunc,
// ValidateFunc); a *slog.Logger field receives logs. There is no global
// state: no init registration, no package-level clocks or configuration.
//
// # Errors
//
// Every error the library returns matches exactly one of the six sentinels
// below with errors.Is. Input problems come as a *ValidationError listing
// every FieldError at once, each with a path that uses the JSON names
// ("telephones[1].number", `customer_metadata["plan"]`) and a stable code
// (CodeRequired, CodeInvalid, CodeTooLong, CodeNotSupported, ...).
//
// # Lists
//
// Store methods return one keyset page and an opaque Cursor; services also
// offer iter.Seq2 iterators built with Iterate, which fetches a whole page
// before yielding its items, so nothing (rows, transactions) is held open
// across a yield.
package customerkit
