// Package storage documents the adapter contract of customerkit.
//
// Each domain package declares the Store its Service consumes
// (customer.Store, marketplace.Store, credential.Store, instance.Store,
// user.Store, attachment.Store, configvar.Store), with the contract in
// its interface comments: which
// sentinel error each method returns, what is atomic, the order of lists
// and what is safe for concurrent use. An adapter is one value that
// satisfies every such Store:
//
//   - storage/memstore keeps everything in memory; it is complete and safe
//     for concurrent use, and it is the fake to test business rules with.
//   - storage/sqlstore keeps everything in a database/sql database, SQLite or
//     PostgreSQL, with embedded migrations.
//   - storage/storagetest is the conformance suite both run; a third-party
//     adapter runs it too: storagetest.Run(t, func(t *testing.T) customer.Store {...}).
//
// Adapters store, index, enforce uniqueness and make writes atomic; they
// decide no business rule. They translate their backend's errors into the
// sentinels of package customerkit at their boundary.
package storage
