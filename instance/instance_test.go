package instance_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/instance"
)

// TestState checks the precedence table of the package documentation.
func TestState(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		status   customer.Status
		complete bool
		enabled  bool
		needs    bool
		deploys  int
		want     instance.State
	}{
		{"inactive customer beats everything", customer.StatusInactive, true, true, false, 3, instance.StateInactive},
		{"terminated customer beats everything", customer.StatusTerminated, false, false, true, 0, instance.StateInactive},
		{"unconfigured beats paused", customer.StatusActive, false, false, true, 2, instance.StateUnconfigured},
		{"unconfigured before the first deploy", customer.StatusActive, false, false, true, 0, instance.StateUnconfigured},
		{"paused beats pending changes", customer.StatusActive, true, false, true, 2, instance.StatePaused},
		{"paused", customer.StatusSuspended, true, false, false, 1, instance.StatePaused},
		{"never deployed is pending", customer.StatusActive, true, false, true, 0, instance.StatePendingChanges},
		{"changed since deploy is pending", customer.StatusActive, true, true, true, 1, instance.StatePendingChanges},
		{"active", customer.StatusActive, true, true, false, 1, instance.StateActive},
		{"a suspended customer's instance runs", customer.StatusSuspended, true, true, false, 4, instance.StateActive},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := &instance.Instance{ConfigComplete: tt.complete, Enabled: tt.enabled, NeedsDeploy: tt.needs, DeployCount: tt.deploys}
			require.Equal(t, tt.want, i.State(tt.status))
		})
	}
	for _, s := range instance.States() {
		require.True(t, s.Valid(), s)
	}
	require.False(t, instance.State("running").Valid())
}

func TestUpdateAvailable(t *testing.T) {
	t.Parallel()
	i := &instance.Instance{VersionNumber: 2}
	require.False(t, instance.UpdateAvailable(i, 0), "no presented version")
	require.False(t, instance.UpdateAvailable(i, 2))
	require.True(t, instance.UpdateAvailable(i, 3))
	require.True(t, instance.UpdateAvailable(i, 1), "pinned back: the organization's choice")
}

func TestQueryNormalize(t *testing.T) {
	t.Parallel()
	q, err := (*instance.Query)(nil).Normalize()
	require.NoError(t, err)
	require.Equal(t, instance.DefaultLimit, q.Limit)
	q, err = (&instance.Query{Limit: 10_000}).Normalize()
	require.NoError(t, err)
	require.Equal(t, instance.MaxLimit, q.Limit)
	_, err = (&instance.Query{Limit: -1, States: []instance.State{"bogus"}}).Normalize()
	requireCode(t, err, "limit", customerkit.CodeInvalid)
	requireCode(t, err, "states[0]", customerkit.CodeNotSupported)
}

func TestAggregateAndCount(t *testing.T) {
	t.Parallel()
	active := &instance.Instance{ConfigComplete: true, Enabled: true, DeployCount: 1}
	paused := &instance.Instance{ConfigComplete: true, DeployCount: 1}
	unconf := &instance.Instance{NeedsDeploy: true}
	s := customer.StatusActive
	require.Equal(t, instance.ListingNone, instance.Aggregate(nil, s))
	require.Equal(t, instance.ListingActivated, instance.Aggregate([]*instance.Instance{active}, s))
	require.Equal(t, instance.ListingPaused, instance.Aggregate([]*instance.Instance{active, paused}, s))
	require.Equal(t, instance.ListingUnconfigured, instance.Aggregate([]*instance.Instance{paused, unconf, active}, s))
	require.Equal(t, instance.CountZero, instance.CountOf(0))
	require.Equal(t, instance.CountOne, instance.CountOf(1))
	require.Equal(t, instance.CountMultiple, instance.CountOf(2))
}
