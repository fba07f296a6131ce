package customer

// Status is the account status of a customer. It decides what the customer
// may do, following the rule table in the package documentation.
type Status string

// The customer statuses.
const (
	StatusActive     Status = "active"
	StatusSuspended  Status = "suspended"
	StatusInactive   Status = "inactive"
	StatusTerminated Status = "terminated"
)

// Statuses returns every status, in the order of the rule table.
func Statuses() []Status {
	return []Status{StatusActive, StatusSuspended, StatusInactive, StatusTerminated}
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	switch s {
	case StatusActive, StatusSuspended, StatusInactive, StatusTerminated:
		return true
	}
	return false
}

// CanAccess reports whether a customer in status s may access the platform
// (sign in, read).
func (s Status) CanAccess() bool { return s == StatusActive || s == StatusSuspended }

// CanUseExisting reports whether a customer in status s may use the
// resources it already has (run its instances, use its credentials).
func (s Status) CanUseExisting() bool { return s == StatusActive || s == StatusSuspended }

// CanCreate reports whether a customer in status s may create or allocate
// new resources (activate an integration, add a credential, invite a user).
func (s Status) CanCreate() bool { return s == StatusActive }

// CanDelete reports whether a customer in status s may be deleted. Only a
// terminated customer may; deletion removes everything that belongs to it.
func (s Status) CanDelete() bool { return s == StatusTerminated }

// ResourcesInactive reports whether everything that belongs to a customer
// in status s counts as inactive (its instances do not run).
func (s Status) ResourcesInactive() bool { return s == StatusInactive || s == StatusTerminated }

// Final reports whether no transition leaves s.
func (s Status) Final() bool { return s == StatusTerminated }

// CanTransition reports whether a customer may move from status from to
// status to. Active, suspended and inactive reach each other and
// terminated; terminated is final. Staying in the same status is not a
// transition and reports false.
func CanTransition(from, to Status) bool {
	if !from.Valid() || !to.Valid() || from == to {
		return false
	}
	return from != StatusTerminated
}

// Transitions returns the statuses reachable from s in one step.
func Transitions(s Status) []Status {
	var out []Status
	for _, t := range Statuses() {
		if CanTransition(s, t) {
			out = append(out, t)
		}
	}
	return out
}
