package instance

import (
	"maps"
	"slices"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/configvar"
)

// Instance is the configured, versioned copy of an integration deployed to
// one customer. It stores raw facts only; its lifecycle State is derived
// from them (and from the customer's status) with the precedence drawn in
// the package documentation.
type Instance struct {
	// ID is generated on create.
	ID ulid.ULID `json:"id"`
	// CustomerID names the customer the instance belongs to; immutable.
	CustomerID ulid.ULID `json:"customer_id"`
	// IntegrationID names the integration it is a copy of; immutable.
	IntegrationID ulid.ULID `json:"integration_id"`
	// Name tells the customer's instances of one integration apart.
	Name string `json:"name"`
	// VersionNumber is the integration version the instance runs.
	VersionNumber int `json:"version_number"`
	// Values holds the values of the version's customer variables, in
	// canonical form (marketplace.ConfigVar.CheckValue). A customer sees
	// and sets only these.
	Values map[string]string `json:"values,omitempty"`
	// PrivateValues holds the values the organization set on this
	// instance for organization and embedded variables, in canonical
	// form. They are never shown to the customer.
	PrivateValues map[string]string `json:"private_values,omitempty"`
	// Refs holds, by variable key, the customer config variables
	// (package customer/configvar) that customer variables of the
	// version take their values from, so one value serves every instance
	// of the customer. A variable has a value or a reference, never both.
	// A store refuses a reference that names a variable the customer
	// does not have, with that kind.
	Refs map[string]configvar.Ref `json:"refs,omitempty"`
	// PrivateRefs holds the same for organization and embedded
	// variables; they are never shown to the customer.
	PrivateRefs map[string]configvar.Ref `json:"private_refs,omitempty"`
	// Enabled is true once the instance was first deployed and while it
	// is not paused.
	Enabled bool `json:"enabled"`
	// ConfigComplete is true when every required variable of the version
	// has a value (on the instance, or supplied by the organization) as
	// of the last configuration change.
	ConfigComplete bool `json:"config_complete"`
	// NeedsDeploy is true when the configuration or version changed since
	// the last deploy (and before the first one).
	NeedsDeploy bool `json:"needs_deploy"`
	// LastDeployedAt is the time of the last deploy; zero before the first.
	LastDeployedAt time.Time `json:"last_deployed_at,omitzero"`
	// DeployCount counts the deploys.
	DeployCount int `json:"deploy_count"`

	// Version increments on every write.
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Clone returns a deep copy of i: changing the copy never changes i.
func (i *Instance) Clone() *Instance {
	if i == nil {
		return nil
	}
	d := *i
	d.Values = maps.Clone(i.Values)
	d.PrivateValues = maps.Clone(i.PrivateValues)
	d.Refs = maps.Clone(i.Refs)
	d.PrivateRefs = maps.Clone(i.PrivateRefs)
	return &d
}

// RefKeys returns the keys of the customer config variables i references
// (Refs and PrivateRefs), each once, sorted.
func (i *Instance) RefKeys() []string {
	if len(i.Refs)+len(i.PrivateRefs) == 0 {
		return nil
	}
	keys := make([]string, 0, len(i.Refs)+len(i.PrivateRefs))
	for _, r := range i.Refs {
		keys = append(keys, r.Key)
	}
	for _, r := range i.PrivateRefs {
		keys = append(keys, r.Key)
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// AllRefs returns every reference of i (Refs and PrivateRefs), by
// variable key, in a new map; nil when there is none.
func (i *Instance) AllRefs() map[string]configvar.Ref {
	if len(i.Refs)+len(i.PrivateRefs) == 0 {
		return nil
	}
	out := make(map[string]configvar.Ref, len(i.Refs)+len(i.PrivateRefs))
	maps.Copy(out, i.PrivateRefs)
	maps.Copy(out, i.Refs)
	return out
}

// Deployed reports whether the instance was deployed at least once.
func (i *Instance) Deployed() bool { return i.DeployCount > 0 }

// State is the lifecycle state of an instance, derived from its facts and
// its customer's status; see Instance.State.
type State string

// The lifecycle states, in the order of their precedence.
const (
	// StateInactive: the customer is inactive or terminated, so its
	// instances do not run, whatever their facts.
	StateInactive State = "inactive"
	// StateUnconfigured: a required variable has no value.
	StateUnconfigured State = "unconfigured"
	// StatePaused: deployed once, then paused.
	StatePaused State = "paused"
	// StatePendingChanges: configured, but the configuration or version
	// changed since the last deploy, or it was never deployed.
	StatePendingChanges State = "pending_changes"
	// StateActive: configured, deployed as configured, running.
	StateActive State = "active"
)

// States returns every state, in order of precedence.
func States() []State {
	return []State{StateInactive, StateUnconfigured, StatePaused, StatePendingChanges, StateActive}
}

// Valid reports whether s is a known state.
func (s State) Valid() bool {
	switch s {
	case StateInactive, StateUnconfigured, StatePaused, StatePendingChanges, StateActive:
		return true
	}
	return false
}

// State derives the lifecycle state of i for a customer in status
// customerStatus, taking the first rule that holds:
//
//  1. inactive: the customer's resources are inactive (inactive or
//     terminated customer; customer.Status.ResourcesInactive);
//  2. unconfigured: !ConfigComplete;
//  3. paused: !Enabled and deployed at least once (DeployCount > 0);
//  4. pending_changes: NeedsDeploy, or never deployed;
//  5. active.
func (i *Instance) State(customerStatus customer.Status) State {
	switch {
	case customerStatus.ResourcesInactive():
		return StateInactive
	case !i.ConfigComplete:
		return StateUnconfigured
	case !i.Enabled && i.DeployCount > 0:
		return StatePaused
	case i.NeedsDeploy || !i.Enabled:
		return StatePendingChanges
	}
	return StateActive
}

// UpdateAvailable reports whether the listing of i's integration presents
// another version than the one i runs: presented is the number of the
// presented version (0: none, never an update). A listing pinned to an
// older version also offers it: the organization chooses what customers
// run.
func UpdateAvailable(i *Instance, presented int) bool {
	return presented > 0 && i.VersionNumber != presented
}
