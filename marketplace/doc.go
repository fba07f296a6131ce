// Package marketplace owns the integration catalog and the marketplace the
// organization offers its customers:
//
//   - Integration: name (unique, ignoring case: NameKey), description,
//     category, labels, icon; for every customer, or customer-specific
//     (CustomerID set: only that customer sees it);
//   - IntegrationVersion: immutable, numbered 1, 2, 3 ... per integration
//     (PublishVersion numbers atomically: two concurrent publishers get
//     N+1 and N+2), with a comment and its config-variable definitions
//     (ConfigVar); only its Available flag changes after publishing;
//   - Listing: puts one integration in the marketplace (availability,
//     presented version, overview, category, labels, multiple instances,
//     allow-list, organization values); CustomerValues: values the
//     organization or the host application supplies for one customer;
//   - Deployable: a pure function that says whether a customer may
//     activate a listing now, with every reason when not; Role, the
//     customer-side roles.
//
// Service is the organization's API. The customer-facing marketplace
// handle (one customer, one acting role: its view and activation) lives in
// package instance, because it needs the customer's instances; it builds
// on Deployable, Role, CustomerVars and Store.ListingsForCustomer, which
// returns every listing a customer sees with its integration, presented
// version and the customer's values in one query.
//
// # Config variables
//
// Every value is a string in the canonical form of its type;
// ConfigVar.CheckValue checks a value and returns that form, which it
// returns unchanged.
//
//	type        value                                     canonical form
//	string      any text                                  as given
//	number      finite decimal ("-1.5e3"; no hex, Inf)    shortest float64 text: "1500", "0.25", "1e+21", "1e-7"
//	boolean     true / false, any case                    lower case
//	date        YYYY-MM-DD, a real day, years 0001–9999   as given
//	timestamp   RFC 3339 with an offset                   UTC, RFC3339Nano: "2025-01-02T03:04:05.5Z"
//	picklist    exactly one of Options (case matters)     as given
//	schedule    5-field cron, @hourly @daily @weekly      single spaces, no leading zeros;
//	            @monthly @yearly, @every <duration ≥ 1s>  @midnight→@daily, @annually→@yearly, @every 1h30m0s
//	code        json: valid JSON; xml: well formed, one   as given
//	            root element; html: any text (Language)
//	connection  a credential ID (ULID); the instance      upper case
//	            package checks it exists and fits
//	            AuthMethods
//
// Every value is valid UTF-8 of at most MaxValueLength bytes. Definitions
// also carry a label, description, header (group) and order (SortVars), a
// default (nil: none), a visibility and an optional flag. ValidateVars,
// run by PublishVersion, refuses (all problems at once, paths like
// "config_vars[2].default"): a key that is not an identifier or repeats
// one, an unknown type or visibility, a code variable without language, a
// picklist without options or with duplicates, a connection without auth
// methods, options or auth methods on other types, a default that does
// not fit its type (a picklist default not among its options).
//
// # Visibility
//
//	visibility     customer sees it   who sets the value
//	customer       yes                the customer (and the organization)
//	embedded       no                 the host application, per customer (CustomerValues)
//	organization   no                 the organization only (Listing.OrgValues, CustomerValues)
//
// A customer-scoped view shows only customer variables (CustomerVars) and
// never an embedded or organization value or default.
//
// # Availability and the presented version
//
//	availability               customers see it   may activate
//	not_available              no                 no (not_listed)
//	available_not_deployable   yes                no (contact_us)
//	available_deployable       yes                when Deployable says so
//
// AllowedCustomers, when not empty, limits both seeing and activating to
// the customers it names (Listing.VisibleTo, enforced in the store query).
// The presented version is the pinned one when PinnedVersion is set (even
// when it was made unavailable: the listing then reports
// version_unavailable rather than silently presenting another version),
// else the highest available version (Listing.PresentedVersion). Removing
// a listing, or changing its presented version, never touches instances;
// instances on an older version see "update available".
//
// # Deployability
//
// Deployable returns every problem, in this order:
//
//	1 not_listed            no listing, or not_available
//	2 not_entitled          not on the allow-list, or another customer's integration
//	3 contact_us            available_not_deployable
//	4 customer_status       the customer may not create new resources (customer.Status.CanCreate:
//	                        suspended, inactive and terminated customers cannot activate)
//	5 quota                 MaxInstances set and reached by TotalInstances
//	6 already_activated     an instance exists and the listing does not allow multiple
//	7 missing_value         one per organization/embedded variable that is required (not
//	                        optional, no default) and has no value in OrgValues or CustomerValues
//	8 role                  the acting role cannot activate (the zero Role: the organization acts)
//	9 version_unavailable   no presented version, or it is not available
//
// # Roles
//
// The customer-side roles, as Prismatic defines them:
//
//	role                CanView   CanActivate   CanConfigure   meaning
//	admin               yes       yes           yes            manages the customer's users and instances
//	member              yes       no            no             read-only
//	marketplace_admin   yes       yes           yes            deploys and manages instances through the marketplace
//	marketplace_user    yes       no            no             configures only its own user-level
//	                                                           configuration (not modelled here); cannot activate
//
// # Errors
//
// Every error matches one sentinel of package customerkit:
//
//   - ErrInvalid: a *customerkit.ValidationError listing every problem
//     (integration fields, "config_vars[i]...", listing fields,
//     `org_values["key"]`, `values["key"]`, "pinned_version", a cursor);
//   - ErrAlreadyExists: an *customerkit.AlreadyExistsError, Resource
//     "integration" Field "name", or Resource "listing" Field
//     "integration_id";
//   - ErrNotFound: no such integration, version, listing, customer values,
//     or a customer-specific integration's customer;
//   - ErrConflict: a stale version passed to UpdateIntegration or
//     PutListing.
//
// Deployable returns no error: a listing a customer cannot activate is a
// Deployability with Problems; the instance package turns it into
// ErrFailedPrecondition (or ErrPermissionDenied for the role) on
// activation.
package marketplace
