// Package storagetest is the conformance suite every storage adapter of
// customerkit runs: it checks an implementation of customer.Store against
// the contract written in that interface's comments, the same way for the
// in-memory and the SQL adapters, and the same for marketplace.Store,
// credential.Store and instance.Store.
//
// An adapter runs it from an ordinary test, with a function that returns a
// new, empty store for each subtest:
//
//	func TestConformance(t *testing.T) {
//		storagetest.Run(t, func(t *testing.T) customer.Store {
//			return memstore.New()
//		})
//	}
//
// A SQL adapter opens a fresh database (or schema) in the factory, migrates
// it, and registers its cleanup with t.Cleanup.
//
// Run calls one section per entity (RunCustomers, RunMarketplace,
// RunCredentials, RunInstances, RunUsers, RunAttachments) and RunCascade,
// which checks what deleting a customer removes across them. A section
// whose store the adapter does not implement is skipped, and an adapter
// may call the sections it supports directly. Subtests do not call
// t.Parallel, so a factory may hand out stores that share a
// database server; each store must start empty. The concurrency tests run
// 50 goroutines against one store, and the suite passes under -race.
//
// # What it covers
//
//   - round trips of every field of a canonical customer (NewCustomer),
//     times in UTC at microsecond precision, metadata values (numbers as
//     float64, nested objects, arrays, booleans), settings, Unicode text,
//     a customer with every optional field empty (an empty slice or map
//     counts as equal to a nil one);
//   - GetCustomer by every lookup field, and ErrNotFound for every lookup,
//     for empty values, and for updates and deletes of a missing customer
//     (whose callbacks are then never called);
//   - every uniqueness rule, on create and on update, as an
//     *customerkit.AlreadyExistsError naming the field: the email
//     compared by customer.EmailKey (case-insensitive, Unicode folding),
//     hostname and external ID only when set, a customer's own values
//     (and its own email in another case) never conflicting with itself,
//     values freed by an update or a delete usable at once; 50 concurrent
//     creators, and 50 concurrent updaters, racing for one value: exactly
//     one wins;
//   - UpdateCustomer: the updater sees the stored customer, Version goes up
//     by one, the stored customer is returned; an updater's error comes back
//     as is (the same value) with nothing written; changing the ULID fails
//     with nothing written; 50 concurrent updates that each add a metadata
//     key lose none (the read-modify-write is atomic);
//   - DeleteCustomer: the check sees the stored customer, its error comes
//     back as is with nothing deleted; a deleted customer is gone by every
//     lookup; the check's Dependents count the customer's own instances and
//     credentials, and the delete removes them, its marketplace values and
//     its customer-specific integrations, and nothing of anyone else's
//     (the Cascade section, on stores that implement every store);
//   - the hierarchy: an unknown ParentID on create or update is
//     ErrNotFound; a customer with children cannot be deleted
//     (ErrFailedPrecondition, nothing deleted) until they are deleted or
//     moved; creating or moving a child while its parent is deleted never
//     leaves an orphan;
//   - ListCustomers: every filter of customer.Query alone and combined, in
//     every Order, against the list Query.Match and Query.Compare give over
//     the fixtures (ties in creation time and in SearchKey(Name) included);
//     walking every page with several page sizes returns that list exactly,
//     a page is never larger than the limit and Next is zero exactly when
//     no customer follows; customers created and deleted between pages
//     (the cursor's own customer among them) never make a customer present
//     throughout repeat or go missing; a cursor of another order, garbage,
//     or one cut or extended is ErrInvalid (a *customerkit.ValidationError);
//     `%`, `_`, `'` and `\` in a Name or Description search match only
//     themselves;
//   - a canceled context: every method returns an error matching
//     context.Canceled and writes nothing;
//   - isolation: changing a customer after Create, one returned by Get,
//     Update or List, or the copy an updater or check received (strings,
//     slices, maps, nested metadata) never changes what is stored.
//
// Tests assert with errors.Is and errors.As, never with message text.
package storagetest
