package customer_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/customerkit/customerkit/customer"
)

// TestStatusRules checks the rule table of the package documentation, row by row.
func TestStatusRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status                                 customer.Status
		access, useExisting, create, deletable bool
		inactive                               bool
	}{
		{customer.StatusActive, true, true, true, false, false},
		{customer.StatusSuspended, true, true, false, false, false},
		{customer.StatusInactive, false, false, false, false, true},
		{customer.StatusTerminated, false, false, false, true, true},
	}
	for _, tc := range tests {
		t.Run(string(tc.status), func(t *testing.T) {
			assert.True(t, tc.status.Valid())
			assert.Equal(t, tc.access, tc.status.CanAccess(), "access")
			assert.Equal(t, tc.useExisting, tc.status.CanUseExisting(), "use existing")
			assert.Equal(t, tc.create, tc.status.CanCreate(), "create")
			assert.Equal(t, tc.deletable, tc.status.CanDelete(), "delete")
			assert.Equal(t, tc.inactive, tc.status.ResourcesInactive(), "resources inactive")
		})
	}
	assert.False(t, customer.Status("deleted").Valid())
	assert.False(t, customer.Status("").CanAccess())
	assert.Len(t, customer.Statuses(), 4)
}

func TestTransitions(t *testing.T) {
	t.Parallel()
	s := customer.Statuses()
	for _, from := range s {
		for _, to := range s {
			want := from != to && from != customer.StatusTerminated
			assert.Equal(t, want, customer.CanTransition(from, to), "%s -> %s", from, to)
		}
	}
	assert.False(t, customer.CanTransition(customer.StatusActive, "deleted"))
	assert.False(t, customer.CanTransition("deleted", customer.StatusActive))
	assert.Empty(t, customer.Transitions(customer.StatusTerminated), "terminated is final")
	assert.True(t, customer.StatusTerminated.Final())
	assert.ElementsMatch(t, []customer.Status{customer.StatusSuspended, customer.StatusInactive, customer.StatusTerminated},
		customer.Transitions(customer.StatusActive))
}
