package marketplace

import (
	"slices"
	"time"

	"github.com/oklog/ulid/v2"
)

// Integration is an entry of the organization's integration catalog. Its
// behaviour lives in its versions (IntegrationVersion); a Listing puts it
// in the marketplace.
type Integration struct {
	// ID is generated on create.
	ID ulid.ULID `json:"id"`
	// Name is unique among integrations, ignoring case (see NameKey).
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Category    string   `json:"category,omitempty"`
	Labels      []string `json:"labels,omitempty"`
	// Icon is the URL (http or https) of the integration's icon.
	Icon string `json:"icon,omitempty"`
	// CustomerID is zero for an integration every customer may see, and
	// names the one customer that sees a customer-specific integration.
	// It cannot change once set.
	CustomerID ulid.ULID `json:"customer_id,omitzero"`
	// LatestVersion is the highest version number published (0: none).
	// Only PublishVersion moves it.
	LatestVersion int `json:"latest_version"`

	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Clone returns a deep copy of in.
func (in *Integration) Clone() *Integration {
	if in == nil {
		return nil
	}
	d := *in
	d.Labels = slices.Clone(in.Labels)
	return &d
}

// CustomerSpecific reports whether only one customer sees in.
func (in *Integration) CustomerSpecific() bool { return !in.CustomerID.IsZero() }

// IntegrationVersion is one published version of an integration. It is
// immutable once published, except for Available.
type IntegrationVersion struct {
	IntegrationID ulid.ULID `json:"integration_id"`
	// Number is 1 for the first version and one more for each next one.
	Number  int    `json:"number"`
	Comment string `json:"comment,omitempty"`
	// Available tells whether the version may be presented and deployed;
	// the only field that changes after publishing.
	Available bool `json:"available"`
	// ConfigVars are the config-variable definitions, in display order
	// within their header (see SortVars).
	ConfigVars  []ConfigVar `json:"config_vars"`
	PublishedAt time.Time   `json:"published_at"`
}

// Clone returns a deep copy of v.
func (v *IntegrationVersion) Clone() *IntegrationVersion {
	if v == nil {
		return nil
	}
	d := *v
	if v.ConfigVars != nil {
		d.ConfigVars = make([]ConfigVar, len(v.ConfigVars))
		for i := range v.ConfigVars {
			d.ConfigVars[i] = v.ConfigVars[i].Clone()
		}
	}
	return &d
}

// Var returns the definition of key, and whether v declares it.
func (v *IntegrationVersion) Var(key string) (ConfigVar, bool) {
	for _, cv := range v.ConfigVars {
		if cv.Key == key {
			return cv, true
		}
	}
	return ConfigVar{}, false
}
