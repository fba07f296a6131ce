package customer

import (
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit/customer/metadata"
)

// Customer is the profile of one customer of the host company: who it is,
// its status, how to reach it, where it lives and what it carries.
//
// The Service fills the generated fields (ULID, UUID, Key, Name, Subdomain,
// Version, CreatedAt, UpdatedAt) and stores every other field in its
// canonical form; see the package documentation for each field's rule.
type Customer struct {
	// ULID is the primary identifier: time-sortable, generated on create.
	ULID ulid.ULID `json:"ulid"`
	// UUID is a second identifier for systems that want a UUID.
	UUID uuid.UUID `json:"uuid"`
	// ExternalID is the reference a CRM or billing system assigns; unique when set.
	ExternalID string `json:"external_id,omitempty"`
	// TenantID is stored and returned but has no rule yet (reserved).
	TenantID string `json:"tenant_id,omitempty"`
	// Key is short, random and unique; generated when absent; immutable.
	Key string `json:"customer_key"`
	// Prefix is an optional short code (3–12 of A–Z and 0–9), upper-cased; not unique.
	Prefix string `json:"customer_prefix,omitempty"`

	// Status governs what the customer may do; see Status.
	Status Status `json:"status"`
	// Type is business or personal.
	Type Type `json:"customer_type"`

	// Email is the primary contact and identifier: unique case-insensitively.
	Email       string `json:"email"`
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name"`
	CompanyName string `json:"company_name,omitempty"`
	// Name is the display name; derived from CompanyName, or FirstName and
	// LastName, when not given.
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Labels      []string `json:"labels,omitempty"`

	// Hostname is a custom domain of the customer (IDNA ASCII, lower case); unique when set.
	Hostname string `json:"hostname,omitempty"`
	// Subdomain is a DNS label, unique; generated when absent.
	Subdomain string `json:"subdomain"`

	// Country is an ISO 3166-1 alpha-2 code.
	Country string `json:"country,omitempty"`
	// Currency is an active ISO 4217 code.
	Currency string `json:"currency,omitempty"`
	// Language is a canonical BCP 47 tag.
	Language string `json:"language,omitempty"`

	// Delinquent marks a customer behind on payments. It changes no rule by
	// itself; hosts read it.
	Delinquent bool `json:"delinquent"`

	// AllowedOrigins lists the web origins (scheme://host[:port]) or bare
	// hosts the customer's front ends may call from; see OriginAllowed.
	AllowedOrigins []string `json:"allowed_domains_origins,omitempty"`
	// AllowedRegistrationDomains lists the email domains whose users may
	// register with this customer; empty allows every domain. See
	// RegistrationAllowed.
	AllowedRegistrationDomains []string `json:"allowed_domains_registration,omitempty"`

	// Settings holds only the keys the host declared in its SettingsSchema.
	Settings Settings `json:"customer_settings,omitempty"`
	// Metadata is free-form data within the limits of package metadata.
	Metadata metadata.Metadata `json:"customer_metadata,omitempty"`

	Addresses      []Address       `json:"addresses,omitempty"`
	Telephones     []Telephone     `json:"telephones,omitempty"`
	LegalDocuments []LegalDocument `json:"legal_documents,omitempty"`

	// ParentID names the parent customer in a hierarchy; zero for a root customer.
	ParentID ulid.ULID `json:"parent_id,omitzero"`

	// Version increments on every write; pass it back to guard an update.
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Clone returns a deep copy of c: changing the copy never changes c.
func (c *Customer) Clone() *Customer {
	if c == nil {
		return nil
	}
	d := *c
	d.Labels, d.AllowedOrigins, d.AllowedRegistrationDomains = cloneStringLists(c.Labels, c.AllowedOrigins, c.AllowedRegistrationDomains)
	d.Settings = c.Settings.Clone()
	d.Metadata = c.Metadata.Clone()
	d.Addresses = slices.Clone(c.Addresses)
	d.Telephones = slices.Clone(c.Telephones)
	d.LegalDocuments = slices.Clone(c.LegalDocuments)
	return &d
}

// cloneStringLists copies the lists a, b and c into one backing array: one
// allocation instead of three. Each copy's capacity is its length, so an
// append to one moves it rather than overwrite the next. A nil list stays
// nil and an empty one empty.
func cloneStringLists(a, b, c []string) (a2, b2, c2 []string) {
	if a == nil && b == nil && c == nil {
		return nil, nil, nil
	}
	buf := make([]string, len(a)+len(b)+len(c))
	a2, buf = takeCopy(buf, a)
	b2, buf = takeCopy(buf, b)
	c2, _ = takeCopy(buf, c)
	return a2, b2, c2
}

// takeCopy copies s to the head of buf and returns the copy (nil when s is
// nil) and the rest of buf.
func takeCopy(buf, s []string) (dst, rest []string) {
	if s == nil {
		return nil, buf
	}
	n := copy(buf, s)
	return buf[:n:n], buf[n:]
}

// HasParent reports whether c belongs to a parent customer.
func (c *Customer) HasParent() bool { return !c.ParentID.IsZero() }

// Type tells a business customer from a personal one.
type Type string

// The customer types.
const (
	TypeBusiness Type = "business"
	TypePersonal Type = "personal"
)

// Types returns every customer type.
func Types() []Type { return []Type{TypeBusiness, TypePersonal} }

// Valid reports whether t is a known customer type.
func (t Type) Valid() bool { return t == TypeBusiness || t == TypePersonal }

// LegalDocument is an identification document of the customer: a tax ID, a
// company registration, or (type "other") a contract or service order.
// Type and Value follow package legaldoc; Value is stored in its compact
// canonical form.
type LegalDocument struct {
	Type    string `json:"type"`
	Country string `json:"country,omitempty"`
	Value   string `json:"value"`
	// Issued is the date the document was issued, when known.
	Issued Date `json:"issued_date,omitzero"`
}
