// Package configvar holds customers' config variables: key–value pairs
// that belong to one customer and that every instance of that customer
// may take one of its own variables from, so one value serves them all
// (a CRM's base URL, a field mapping, a shared template).
//
// A Variable has a key (a letter or '_' followed by letters, digits and
// '_', at most 64 bytes, case-sensitive, unique within its customer), a
// kind, a value (text up to 64 KiB, as written) and a description. The
// kind says what the value holds and how it is checked:
//
//	kind   the value
//	text   any text
//	json   one JSON value (RFC 8259)
//	xml    a well-formed XML document with one root element
//	html   HTML, not checked
//
// Every value is valid UTF-8 without NUL characters. The kind is fixed
// when the variable is created: to change it, delete the variable and
// create it again.
//
// # References from instances
//
// An instance's variable takes a customer's config variable through a
// reference (Ref: the variable's key and kind), set with
// instance.Service.SetRefs (or Refs in instance.CreateInput and
// instance.ActivateInput). A string variable takes any kind; a code
// variable the kind of its language; no other type takes one
// (instance.RefAllowed). The instance reads the config variable's current
// value whenever its configuration is resolved (instance.Service.Resolve),
// so an update reaches every instance at once, and Update returns the
// variable with UsedBy: the instances that take the new value, read in
// the writing transaction, for the host to tell or redeploy.
//
// Stores keep references intact: an instance cannot be written with a
// reference to a variable its customer does not have (with that kind),
// and a variable that an instance references cannot be deleted
// (*InUseError, ErrFailedPrecondition) until no instance does. Deleting
// the customer deletes its variables with its instances.
//
// # Status rules
//
// Following package customer's status rules:
//
//	operation              Service (organization)       Scope (customer-facing)
//	Create                 active                       active
//	Update, Delete         active, suspended            active, suspended
//	Get, List, All         every status                 active, suspended
//
// Writes check the status inside the store's transaction; Create also
// checks the per-customer limit there (Options.MaxPerCustomer, default
// 200), so concurrent creations cannot together exceed it.
//
// # Scope
//
// Service.ForCustomer returns a Scope bound to one customer: it names
// variables by key within that customer only, so another customer's are
// invisible. Which user may do what is for the code that hands out the
// Scope (package portal: reading needs view_instances or
// manage_config_vars, writing manage_config_vars).
//
// # Errors
//
// Every error matches one sentinel of package customerkit:
//
//   - ErrInvalid: a *customerkit.ValidationError with every problem of
//     the input at "key", "kind", "value" or "description";
//   - ErrNotFound: no such customer, or no such variable (a key that
//     could not exist is not found, not invalid);
//   - ErrAlreadyExists: an *customerkit.AlreadyExistsError (Resource
//     "config_var", Field "key") for a key the customer has already;
//   - ErrConflict: Patch.Version is set and the variable changed since;
//   - ErrFailedPrecondition: the customer's status, the limit, or an
//     *InUseError for a variable instances still use;
//   - ErrPermissionDenied: a Scope bound to no customer.
package configvar
