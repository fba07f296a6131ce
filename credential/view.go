package credential

import (
	"maps"
	"slices"
	"time"

	"github.com/oklog/ulid/v2"
)

// View is a credential as callers see it: every non-secret fact, and the
// names of its secret fields but never their values (secrets are
// write-only). It is what Create, Get, Update, List and every
// customer-scoped call return.
type View struct {
	ID         ulid.ULID `json:"id"`
	CustomerID ulid.ULID `json:"customer_id,omitzero"`
	Name       string    `json:"name"`
	Method     Method    `json:"method"`
	// Custom is the custom method's name (MethodCustom only).
	Custom string `json:"custom,omitempty"`
	// Schema is the credential's field schema: its method's fields, or
	// the custom method's.
	Schema []FieldSpec `json:"schema"`
	// Fields holds the non-secret values.
	Fields map[string]string `json:"fields,omitempty"`
	// SecretFields names the secret fields that hold a value, sorted.
	SecretFields []string `json:"secret_fields,omitempty"`
	Scopes       []string `json:"scopes,omitempty"`
	Health       Health   `json:"health"`
	// Status is the health status when the view was made
	// (Health.StatusAt): it may be expired.
	Status HealthStatus `json:"status"`
	// NeedsRefresh reports whether the credential is refreshable and due
	// for a refresh when the view was made.
	NeedsRefresh bool      `json:"needs_refresh"`
	Version      int64     `json:"version"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// newView returns the view of c at now.
func newView(c *Credential, now time.Time, margin time.Duration) *View {
	return &View{
		ID:           c.ID,
		CustomerID:   c.CustomerID,
		Name:         c.Name,
		Method:       c.Method,
		Custom:       c.Custom,
		Schema:       c.Schema(),
		Fields:       maps.Clone(c.Fields),
		SecretFields: slices.Sorted(maps.Keys(c.Sealed)),
		Scopes:       slices.Clone(c.Scopes),
		Health:       c.Health,
		Status:       c.Health.StatusAt(now),
		NeedsRefresh: c.NeedsRefresh(now, margin),
		Version:      c.Version,
		CreatedAt:    c.CreatedAt,
		UpdatedAt:    c.UpdatedAt,
	}
}

// Revealed is a credential with its secrets opened, for the host's
// runtime only (Service.Reveal); no customer-scoped call returns one.
// Every Secret still prints as "[REDACTED]", so logging a Revealed leaks
// nothing: call Secret.Reveal where the value is used.
type Revealed struct {
	View
	// Secrets holds every secret field that has a value.
	Secrets map[string]Secret `json:"secrets"`
}

// Secret returns the secret field name, and whether it has a value.
func (r *Revealed) Secret(name string) (Secret, bool) {
	s, ok := r.Secrets[name]
	return s, ok
}
