package marketplace

import (
	"maps"
	"slices"
	"time"

	"github.com/oklog/ulid/v2"
)

// Availability is how a listing appears in the marketplace.
type Availability string

// The availabilities.
const (
	// NotAvailable: the listing is hidden; customers do not see it.
	NotAvailable Availability = "not_available"
	// AvailableNotDeployable: customers see it but must contact the
	// organization ("contact us").
	AvailableNotDeployable Availability = "available_not_deployable"
	// AvailableDeployable: customers see it and may activate it.
	AvailableDeployable Availability = "available_deployable"
)

// Availabilities returns every availability.
func Availabilities() []Availability {
	return []Availability{NotAvailable, AvailableNotDeployable, AvailableDeployable}
}

// Valid reports whether a is a known availability.
func (a Availability) Valid() bool {
	return a == NotAvailable || a == AvailableNotDeployable || a == AvailableDeployable
}

// Listed reports whether customers see a listing of availability a.
func (a Availability) Listed() bool { return a == AvailableNotDeployable || a == AvailableDeployable }

// Listing puts one integration in the marketplace.
type Listing struct {
	// IntegrationID names the integration; one listing per integration.
	IntegrationID ulid.ULID    `json:"integration_id"`
	Availability  Availability `json:"availability"`
	// PinnedVersion is the version presented to customers; 0 presents the
	// latest available version. See PresentedVersion.
	PinnedVersion int `json:"pinned_version,omitempty"`
	// Overview is markdown shown on the listing's page.
	Overview string   `json:"overview,omitempty"`
	Category string   `json:"category,omitempty"`
	Labels   []string `json:"labels,omitempty"`
	// AllowMultiple lets a customer activate more than one instance.
	AllowMultiple bool `json:"allow_multiple"`
	// AllowedCustomers, when not empty, is the only customers that see
	// and may activate the listing (enforced server side).
	AllowedCustomers []ulid.ULID `json:"allowed_customers,omitempty"`
	// OrgValues are organization-supplied values of organization and
	// embedded variables, for every customer, in canonical form.
	OrgValues map[string]string `json:"org_values,omitempty"`

	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Clone returns a deep copy of l.
func (l *Listing) Clone() *Listing {
	if l == nil {
		return nil
	}
	d := *l
	d.Labels = slices.Clone(l.Labels)
	d.AllowedCustomers = slices.Clone(l.AllowedCustomers)
	d.OrgValues = maps.Clone(l.OrgValues)
	return &d
}

// CustomerValues are the values the organization or the host application
// supplies for one customer of one integration (typically embedded
// variables). They win over the listing's OrgValues.
type CustomerValues struct {
	IntegrationID ulid.ULID         `json:"integration_id"`
	CustomerID    ulid.ULID         `json:"customer_id"`
	Values        map[string]string `json:"values"`
	Version       int64             `json:"version"`
	UpdatedAt     time.Time         `json:"updated_at"`
}

// Clone returns a deep copy of cv.
func (cv *CustomerValues) Clone() *CustomerValues {
	if cv == nil {
		return nil
	}
	d := *cv
	d.Values = maps.Clone(cv.Values)
	return &d
}

// ListingBundle is one listing as a customer's marketplace view needs it:
// the listing, its integration, the version it presents (nil when none)
// and the customer's values (nil when none).
type ListingBundle struct {
	Listing        *Listing
	Integration    *Integration
	Version        *IntegrationVersion
	CustomerValues *CustomerValues
}

// PresentedVersion returns the number of the version l presents among
// versions (those of its integration, in any order), and false when it
// presents none. When PinnedVersion is set, it is the pinned version if it
// exists (available or not: an unavailable pinned version makes the
// listing not deployable, with ReasonVersionUnavailable, rather than
// presenting another version) and none otherwise; when nothing is pinned,
// it is the highest available version (none when no version is
// available).
func (l *Listing) PresentedVersion(versions []IntegrationVersion) (int, bool) {
	latest := 0
	for _, v := range versions {
		latest = max(latest, v.Number)
	}
	return PresentNumber(l.PinnedVersion, latest, func(n int) (exists, available bool) {
		for _, v := range versions {
			if v.Number == n {
				return true, v.Available
			}
		}
		return false, false
	})
}

// PresentNumber is the rule of PresentedVersion for a store that looks
// versions up by number: pinned is the listing's PinnedVersion, latest
// the integration's LatestVersion, and version reports whether version n
// exists and is available.
func PresentNumber(pinned, latest int, version func(n int) (exists, available bool)) (int, bool) {
	if pinned > 0 {
		if ok, _ := version(pinned); ok {
			return pinned, true
		}
		return 0, false
	}
	for n := latest; n > 0; n-- {
		if _, avail := version(n); avail {
			return n, true
		}
	}
	return 0, false
}

// VisibleTo reports whether customer customerID sees listing l of
// integration in in the marketplace: the listing is listed (not
// not_available), the integration is for every customer or for this one,
// and the allow-list is empty or names the customer. ListingsForCustomer
// returns exactly these listings.
func (l *Listing) VisibleTo(in *Integration, customerID ulid.ULID) bool {
	if !l.Availability.Listed() {
		return false
	}
	if in.CustomerSpecific() && in.CustomerID != customerID {
		return false
	}
	return len(l.AllowedCustomers) == 0 || slices.Contains(l.AllowedCustomers, customerID)
}
