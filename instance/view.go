package instance

import (
	"maps"
	"slices"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/configvar"
	"github.com/customerkit/customerkit/marketplace"
)

// ListingState is the aggregate state of a customer's instances of one
// listed integration, as the marketplace shows it.
type ListingState string

// The listing states. With several instances the first that applies
// wins: unconfigured (some instance is), paused (some instance is),
// activated.
const (
	// ListingNone: the customer has no instance of the integration.
	ListingNone ListingState = "none"
	// ListingUnconfigured: some instance lacks a required value.
	ListingUnconfigured ListingState = "unconfigured"
	// ListingPaused: some instance is paused.
	ListingPaused ListingState = "paused"
	// ListingActivated: every instance is active or pending changes.
	ListingActivated ListingState = "activated"
)

// ListingStates returns every listing state.
func ListingStates() []ListingState {
	return []ListingState{ListingNone, ListingUnconfigured, ListingPaused, ListingActivated}
}

// Valid reports whether s is a known listing state.
func (s ListingState) Valid() bool { return slices.Contains(ListingStates(), s) }

// Aggregate returns the listing state of the instances is of one
// integration, whose customer is in status customerStatus.
func Aggregate(is []*Instance, customerStatus customer.Status) ListingState {
	if len(is) == 0 {
		return ListingNone
	}
	out := ListingActivated
	for _, i := range is {
		switch i.State(customerStatus) {
		case StateUnconfigured:
			return ListingUnconfigured
		case StatePaused:
			out = ListingPaused
		}
	}
	return out
}

// Count says how many instances of a listed integration a customer has.
type Count string

// The counts.
const (
	CountZero     Count = "zero"
	CountOne      Count = "one"
	CountMultiple Count = "multiple"
)

// Counts returns every count.
func Counts() []Count { return []Count{CountZero, CountOne, CountMultiple} }

// Valid reports whether c is a known count.
func (c Count) Valid() bool { return c == CountZero || c == CountOne || c == CountMultiple }

// CountOf returns the Count of n instances.
func CountOf(n int) Count {
	switch {
	case n <= 0:
		return CountZero
	case n == 1:
		return CountOne
	}
	return CountMultiple
}

// View is a customer's marketplace: every listing the customer sees, as
// the acting role sees it. It holds nothing of organization or embedded
// variables: no definitions, no values, no defaults.
type View struct {
	CustomerID ulid.ULID        `json:"customer_id"`
	Role       marketplace.Role `json:"role"`
	// Listings are ordered by integration ID.
	Listings []*ListingView `json:"listings"`
}

// Listing returns the listing of integration id in v, or nil.
func (v *View) Listing(id ulid.ULID) *ListingView {
	for _, l := range v.Listings {
		if l.IntegrationID == id {
			return l
		}
	}
	return nil
}

// ListingView is one listing of a customer's marketplace.
type ListingView struct {
	IntegrationID ulid.ULID `json:"integration_id"`
	Name          string    `json:"name"`
	Description   string    `json:"description,omitempty"`
	// Category and Labels are the listing's, or the integration's when
	// the listing has none.
	Category     string                   `json:"category,omitempty"`
	Labels       []string                 `json:"labels,omitempty"`
	Icon         string                   `json:"icon,omitempty"`
	Overview     string                   `json:"overview,omitempty"`
	Availability marketplace.Availability `json:"availability"`
	// AllowMultiple tells whether the customer may activate more than one
	// instance.
	AllowMultiple bool `json:"allow_multiple"`
	// Version is the number of the presented version; 0 when none.
	Version int `json:"version"`
	// ConfigVars are the presented version's customer variables, in
	// display order (marketplace.CustomerVars), defaults included.
	ConfigVars []marketplace.ConfigVar `json:"config_vars,omitempty"`
	// Deployability tells whether the customer, acting with the handle's
	// role, may activate it now, and why not. A missing organization or
	// embedded value is one missing_value problem naming no variable.
	Deployability marketplace.Deployability `json:"deployability"`
	State         ListingState              `json:"state"`
	Count         Count                     `json:"count"`
	// Instances are the customer's instances of the integration.
	Instances []*InstanceView `json:"instances,omitempty"`
	// UpdateAvailable is true when some instance runs another version
	// than the presented one.
	UpdateAvailable bool `json:"update_available"`
}

// InstanceView is an instance as its customer sees it: no organization or
// embedded value.
type InstanceView struct {
	ID            ulid.ULID `json:"id"`
	IntegrationID ulid.ULID `json:"integration_id"`
	Name          string    `json:"name"`
	VersionNumber int       `json:"version_number"`
	State         State     `json:"state"`
	// Values are the values of the customer variables.
	Values map[string]string `json:"values,omitempty"`
	// Refs are the customer config variables customer variables take
	// their values from, by variable key.
	Refs           map[string]configvar.Ref `json:"refs,omitempty"`
	LastDeployedAt time.Time                `json:"last_deployed_at,omitzero"`
	DeployCount    int                      `json:"deploy_count"`
	Version        int64                    `json:"version"`
	CreatedAt      time.Time                `json:"created_at"`
	UpdatedAt      time.Time                `json:"updated_at"`
}

// NewInstanceView returns the customer's view of i, whose customer is in
// status customerStatus.
func NewInstanceView(i *Instance, customerStatus customer.Status) *InstanceView {
	v := instanceView(i, customerStatus)
	v.Values = maps.Clone(v.Values)
	v.Refs = maps.Clone(v.Refs)
	return &v
}

// instanceView returns the customer's view of i, sharing i's Values and
// Refs.
func instanceView(i *Instance, customerStatus customer.Status) InstanceView {
	return InstanceView{
		ID:             i.ID,
		IntegrationID:  i.IntegrationID,
		Name:           i.Name,
		VersionNumber:  i.VersionNumber,
		State:          i.State(customerStatus),
		Values:         i.Values,
		Refs:           i.Refs,
		LastDeployedAt: i.LastDeployedAt,
		DeployCount:    i.DeployCount,
		Version:        i.Version,
		CreatedAt:      i.CreatedAt,
		UpdatedAt:      i.UpdatedAt,
	}
}

// customerProblems returns ps as a customer may see them: the
// missing_value problems, which name organization and embedded variables,
// become one that names none.
func customerProblems(ps []marketplace.Problem) []marketplace.Problem {
	if !slices.ContainsFunc(ps, func(p marketplace.Problem) bool { return p.Reason == marketplace.ReasonMissingValue }) {
		return ps
	}
	var out []marketplace.Problem
	seen := false
	for _, p := range ps {
		if p.Reason == marketplace.ReasonMissingValue {
			if seen {
				continue
			}
			seen = true
			p = marketplace.Problem{Reason: p.Reason, Detail: "the organization has not finished setting up this integration"}
		}
		out = append(out, p)
	}
	return out
}
