// Package customer owns customer profiles: the Customer type and its rules,
// the Status rule table, the Store a storage adapter implements, and the
// Service that applies the rules on top of a Store.
//
// # Wiring
//
//	store := memstore.New()                  // or sqlstore.New(db, sqlstore.SQLite, nil)
//	svc := customer.NewService(store, nil)   // nil *Options means the defaults
//	c, err := svc.Create(ctx, &customer.Customer{
//		Type: customer.TypeBusiness, CompanyName: "Acme", FirstName: "Ada", LastName: "Lovelace",
//		Email: "ada@acme.example", Country: "GB", Currency: "GBP",
//	})
//
// A customer created with only this minimal profile gets every generated
// field filled: ULID, UUID, customer key, display name, subdomain, status
// (active), version 1 and both timestamps.
//
// # Status rules
//
//	status      access platform  use existing resources  create new  may be deleted
//	active      yes              yes                     yes         no
//	suspended   yes              yes                     no          no
//	inactive    no               no                      no          no
//	terminated  no               no (all data inactive)  no          yes
//
// The methods of Status answer each column (CanAccess, CanUseExisting,
// CanCreate, CanDelete, ResourcesInactive). Transitions:
//
//	active ◀──────▶ suspended
//	   ▲  ╲        ╱   ▲
//	   │   ╲      ╱    │          every status except terminated
//	   ▼    ╲    ╱     ▼          may move to any other;
//	inactive ─▶ terminated ◀─     terminated is final.
//
// CanTransition and Transitions answer them; Service.SetStatus and
// Service.Update refuse an illegal one with ErrFailedPrecondition. Only a
// terminated customer may be deleted, and not while child customers remain.
//
// # Deleting a customer
//
// Service.Delete removes a terminated customer with everything that
// belongs to it (instances, the credentials it owns, customer-specific
// integrations, marketplace values, memberships, invitations, attachments
// and the logo) in one transaction. The host's
// Options.DeletePolicy decides about instances: DeleteCascade (the
// default) deletes them too; DeleteRefuse refuses with
// ErrFailedPrecondition, saying how many, while any remain. The store
// counts them (Dependents) inside the deleting transaction, so an
// activation racing the delete cannot slip through.
//
// # Field rules
//
// Normalize applies them all and reports every problem at once; paths use
// the JSON names.
//
//   - ulid, uuid: generated; immutable. customer_key: 12 random characters
//     of Crockford's base 32 (crypto/rand) when absent, 6–32 letters and
//     digits when given; unique; immutable. customer_prefix: optional, 3–12
//     of A–Z and 0–9, upper-cased, not unique. external_id: unique when set.
//     tenant_id: stored, no rule yet.
//   - email: required, a bare addr-spec of at most 254 characters, Unicode
//     NFC, domain in IDNA ASCII lower case; unique case-insensitively
//     (EmailKey).
//   - first_name, last_name: required, at most 100 characters;
//     company_name: required for business customers; name: derived from the
//     company name, or first and last name, when empty; labels: a set,
//     lower-cased, sorted.
//   - hostname: a domain name in IDNA ASCII lower case, unique when set.
//     subdomain: a DNS label, unique; generated from the display name
//     transliterated to ASCII ("Müller & Söhne" → "muller-and-sohne"),
//     collisions resolved by the first free of name, name-2, name-3, ...;
//     reserved labels (DefaultReservedSubdomains: www, api, admin, ...) are
//     refused.
//   - country: an officially assigned ISO 3166-1 alpha-2 code (UK, EU, XK,
//     alpha-3, numeric and deleted codes are refused); currency: an active
//     ISO 4217 code; language: a canonical BCP 47 tag. The tables, their
//     source and date are in package customer/internal/iso.
//   - allowed_domains_origins: origins (https://app.example.com:8443) or bare
//     host patterns (example.com, *.example.com), canonicalised; see
//     Customer.OriginAllowed. allowed_domains_registration: email domains;
//     see Customer.RegistrationAllowed.
//   - customer_settings: only keys the host's SettingsSchema declares, each
//     converted to its kind; undeclared keys are dropped and reported, or
//     refused in strict mode.
//   - customer_metadata: see package customer/metadata for values, limits and
//     merge semantics. Service.MergeMetadata merges inside the store's
//     read-modify-write, so concurrent merges never lose a key;
//     Service.ReplaceMetadata is guarded by the version the caller read.
//   - addresses: PostalAddress or BillingAddress, a country, address_line1
//     or po_box; at most one default per type, the first of a type becomes
//     the default.
//   - telephones: landline or mobile, parsed and classified once with
//     libphonenumber (github.com/nyaruka/phonenumbers/v2), the customer's
//     country as the default region (the number's type decides its
//     validity too), stored E.164 with the extension apart; an invalid
//     number is refused, and so is a number libphonenumber is certain has
//     the other type. At most one default; the first becomes the default.
//   - legal_documents: validated by package customer/legaldoc at the level
//     Options.LegalDocumentLevel names (format by default), stored compact.
//   - parent_id: the parent must exist, no cycles, at most Options.MaxDepth
//     levels.
//   - version: incremented by the store on every write; created_at and
//     updated_at in UTC.
//
// # Errors
//
// Every error matches one sentinel of package customerkit:
// ErrInvalid (a *customerkit.ValidationError with every field problem),
// ErrAlreadyExists (a *customerkit.AlreadyExistsError naming the field),
// ErrNotFound, ErrConflict (a stale version given to UpdateIfMatch or
// ReplaceMetadata), and ErrFailedPrecondition (an illegal status
// transition, deleting a customer that is not terminated or has children,
// a hierarchy too deep).
//
// # Search
//
// Service.List and Service.All take a Query: name and description substring
// (case- and accent-insensitive, see SearchKey), email, external ID,
// statuses, types, countries, labels, parent, creation range and one
// metadata key = value; sorted by name or creation time in either direction;
// keyset-paginated with opaque cursors (DefaultLimit per page, at most
// MaxLimit). A Query marshals to JSON, so it can be saved as a filter.
package customer
