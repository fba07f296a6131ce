package marketplace_test

import (
	"testing"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/marketplace"
)

var (
	custA = ulid.MustParse("01HQWP36WVRM00000000000001")
	custB = ulid.MustParse("01HQWP36WVRM00000000000002")
	intID = ulid.MustParse("01HQWP36WVRM000000000000AA")
)

func strp(s string) *string { return &s }

// deployableInput returns an input that is deployable; each case breaks
// one rule.
func deployableInput() marketplace.DeployInput {
	return marketplace.DeployInput{
		Customer:    &customer.Customer{ULID: custA, Status: customer.StatusActive},
		Integration: &marketplace.Integration{ID: intID, Name: "Sync", LatestVersion: 1},
		Listing: &marketplace.Listing{
			IntegrationID: intID,
			Availability:  marketplace.AvailableDeployable,
			OrgValues:     map[string]string{"org_key": "k"},
		},
		Version: &marketplace.IntegrationVersion{
			IntegrationID: intID, Number: 1, Available: true,
			ConfigVars: []marketplace.ConfigVar{
				{Key: "customer_var", Type: marketplace.TypeString, Visibility: marketplace.VisibilityCustomer},
				{Key: "org_key", Type: marketplace.TypeString, Visibility: marketplace.VisibilityOrganization},
				{Key: "org_default", Type: marketplace.TypeString, Visibility: marketplace.VisibilityOrganization, Default: strp("x")},
				{Key: "org_optional", Type: marketplace.TypeString, Visibility: marketplace.VisibilityOrganization, Optional: true},
				{Key: "tenant", Type: marketplace.TypeString, Visibility: marketplace.VisibilityEmbedded},
			},
		},
		CustomerValues: map[string]string{"tenant": "acme"},
		Role:           marketplace.RoleMarketplaceAdmin,
	}
}

func reasons(d marketplace.Deployability) []marketplace.Reason {
	var out []marketplace.Reason
	for _, p := range d.Problems {
		out = append(out, p.Reason)
	}
	return out
}

func TestDeployable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(in *marketplace.DeployInput)
		want   []marketplace.Reason
		keys   []string // keys of the missing_value problems
	}{
		{"deployable", func(*marketplace.DeployInput) {}, nil, nil},
		{"admin", func(in *marketplace.DeployInput) { in.Role = marketplace.RoleAdmin }, nil, nil},
		{"organization acting (zero role)", func(in *marketplace.DeployInput) { in.Role = "" }, nil, nil},
		{"second instance when multiple allowed", func(in *marketplace.DeployInput) { in.Instances, in.Listing.AllowMultiple = 1, true }, nil, nil},
		{"on the allow-list", func(in *marketplace.DeployInput) { in.Listing.AllowedCustomers = []ulid.ULID{custB, custA} }, nil, nil},
		{"own customer-specific integration", func(in *marketplace.DeployInput) { in.Integration.CustomerID = custA }, nil, nil},
		{"quota not reached", func(in *marketplace.DeployInput) { in.MaxInstances, in.TotalInstances = 3, 2 }, nil, nil},
		{"org value from the customer values", func(in *marketplace.DeployInput) {
			in.Listing.OrgValues = nil
			in.CustomerValues = map[string]string{"tenant": "acme", "org_key": "k"}
		}, nil, nil},

		{"not listed: no listing", func(in *marketplace.DeployInput) { in.Listing = nil }, []marketplace.Reason{marketplace.ReasonNotListed, marketplace.ReasonMissingValue}, []string{"org_key"}},
		{"not listed: not_available", func(in *marketplace.DeployInput) { in.Listing.Availability = marketplace.NotAvailable }, []marketplace.Reason{marketplace.ReasonNotListed}, nil},
		{"not entitled: allow-list", func(in *marketplace.DeployInput) { in.Listing.AllowedCustomers = []ulid.ULID{custB} }, []marketplace.Reason{marketplace.ReasonNotEntitled}, nil},
		{"not entitled: another customer's integration", func(in *marketplace.DeployInput) { in.Integration.CustomerID = custB }, []marketplace.Reason{marketplace.ReasonNotEntitled}, nil},
		{"contact us", func(in *marketplace.DeployInput) { in.Listing.Availability = marketplace.AvailableNotDeployable }, []marketplace.Reason{marketplace.ReasonContactUs}, nil},
		{"customer status: suspended", func(in *marketplace.DeployInput) { in.Customer.Status = customer.StatusSuspended }, []marketplace.Reason{marketplace.ReasonCustomerStatus}, nil},
		{"customer status: inactive", func(in *marketplace.DeployInput) { in.Customer.Status = customer.StatusInactive }, []marketplace.Reason{marketplace.ReasonCustomerStatus}, nil},
		{"customer status: terminated", func(in *marketplace.DeployInput) { in.Customer.Status = customer.StatusTerminated }, []marketplace.Reason{marketplace.ReasonCustomerStatus}, nil},
		{"customer status: no customer", func(in *marketplace.DeployInput) { in.Customer = nil }, []marketplace.Reason{marketplace.ReasonCustomerStatus}, nil},
		{"quota reached", func(in *marketplace.DeployInput) { in.MaxInstances, in.TotalInstances = 3, 3 }, []marketplace.Reason{marketplace.ReasonQuota}, nil},
		{"quota exceeded", func(in *marketplace.DeployInput) { in.MaxInstances, in.TotalInstances = 1, 5 }, []marketplace.Reason{marketplace.ReasonQuota}, nil},
		{"already activated", func(in *marketplace.DeployInput) { in.Instances = 1 }, []marketplace.Reason{marketplace.ReasonAlreadyActivated}, nil},
		{"missing organization value", func(in *marketplace.DeployInput) { in.Listing.OrgValues = nil }, []marketplace.Reason{marketplace.ReasonMissingValue}, []string{"org_key"}},
		{"missing embedded value", func(in *marketplace.DeployInput) { in.CustomerValues = nil }, []marketplace.Reason{marketplace.ReasonMissingValue}, []string{"tenant"}},
		{"one problem per missing key, in definition order", func(in *marketplace.DeployInput) { in.Listing.OrgValues, in.CustomerValues = nil, nil },
			[]marketplace.Reason{marketplace.ReasonMissingValue, marketplace.ReasonMissingValue}, []string{"org_key", "tenant"}},
		{"role: member", func(in *marketplace.DeployInput) { in.Role = marketplace.RoleMember }, []marketplace.Reason{marketplace.ReasonRole}, nil},
		{"role: marketplace_user", func(in *marketplace.DeployInput) { in.Role = marketplace.RoleMarketplaceUser }, []marketplace.Reason{marketplace.ReasonRole}, nil},
		{"role: unknown", func(in *marketplace.DeployInput) { in.Role = "owner" }, []marketplace.Reason{marketplace.ReasonRole}, nil},
		{"version unavailable", func(in *marketplace.DeployInput) { in.Version.Available = false }, []marketplace.Reason{marketplace.ReasonVersionUnavailable}, nil},
		{"no version", func(in *marketplace.DeployInput) { in.Version = nil }, []marketplace.Reason{marketplace.ReasonVersionUnavailable}, nil},
		{"every reason at once", func(in *marketplace.DeployInput) {
			in.Listing.Availability = marketplace.NotAvailable
			in.Integration.CustomerID = custB
			in.Customer.Status = customer.StatusSuspended
			in.MaxInstances, in.TotalInstances, in.Instances = 1, 1, 1
			in.Listing.OrgValues, in.CustomerValues = nil, nil
			in.Role = marketplace.RoleMember
			in.Version.Available = false
		}, []marketplace.Reason{marketplace.ReasonNotListed, marketplace.ReasonNotEntitled, marketplace.ReasonCustomerStatus,
			marketplace.ReasonQuota, marketplace.ReasonAlreadyActivated, marketplace.ReasonMissingValue, marketplace.ReasonMissingValue,
			marketplace.ReasonRole, marketplace.ReasonVersionUnavailable}, []string{"org_key", "tenant"}},
		{"every reason at once, contact us", func(in *marketplace.DeployInput) {
			in.Listing.Availability = marketplace.AvailableNotDeployable
			in.Listing.AllowedCustomers = []ulid.ULID{custB}
			in.Customer.Status = customer.StatusInactive
			in.MaxInstances, in.TotalInstances, in.Instances = 2, 2, 2
			in.CustomerValues = nil
			in.Role = marketplace.RoleMarketplaceUser
			in.Version = nil
		}, []marketplace.Reason{marketplace.ReasonNotEntitled, marketplace.ReasonContactUs, marketplace.ReasonCustomerStatus,
			marketplace.ReasonQuota, marketplace.ReasonAlreadyActivated, marketplace.ReasonRole, marketplace.ReasonVersionUnavailable}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := deployableInput()
			tt.change(&in)
			d := marketplace.Deployable(in)
			require.Equal(t, tt.want, reasons(d))
			require.Equal(t, len(tt.want) == 0, d.Deployable)
			var keys []string
			for _, p := range d.Problems {
				require.NotEmpty(t, p.Detail)
				require.True(t, p.Reason.Valid())
				if p.Reason == marketplace.ReasonMissingValue {
					keys = append(keys, p.Key)
				} else {
					require.Empty(t, p.Key)
				}
			}
			require.Equal(t, tt.keys, keys)
		})
	}
}

func TestDeployableIsPure(t *testing.T) {
	t.Parallel()
	in := deployableInput()
	in.Listing.OrgValues = nil
	before := deployableInput()
	before.Listing.OrgValues = nil
	a, b := marketplace.Deployable(in), marketplace.Deployable(in)
	require.Equal(t, a, b)
	require.Equal(t, before, in, "Deployable changes nothing")
}

func TestReasonsOrder(t *testing.T) {
	t.Parallel()
	require.Equal(t, []marketplace.Reason{"not_listed", "not_entitled", "contact_us", "customer_status", "quota",
		"already_activated", "missing_value", "role", "version_unavailable"}, marketplace.Reasons())
	require.False(t, marketplace.Reason("nope").Valid())
}

func TestRoles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		role                             marketplace.Role
		view, activate, configure, valid bool
	}{
		{marketplace.RoleAdmin, true, true, true, true},
		{marketplace.RoleMember, true, false, false, true},
		{marketplace.RoleMarketplaceAdmin, true, true, true, true},
		{marketplace.RoleMarketplaceUser, true, false, false, true},
		{"", false, false, false, false},
		{"owner", false, false, false, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.role), func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.valid, tt.role.Valid())
			require.Equal(t, tt.view, tt.role.CanView())
			require.Equal(t, tt.activate, tt.role.CanActivate())
			require.Equal(t, tt.configure, tt.role.CanConfigure())
		})
	}
	require.Len(t, marketplace.Roles(), 4)
}

func TestPresentedVersion(t *testing.T) {
	t.Parallel()
	vs := []marketplace.IntegrationVersion{{Number: 1, Available: true}, {Number: 3, Available: false}, {Number: 2, Available: true}}
	tests := []struct {
		name   string
		pinned int
		vs     []marketplace.IntegrationVersion
		want   int
		ok     bool
	}{
		{"latest available", 0, vs, 2, true},
		{"pinned", 1, vs, 1, true},
		{"pinned unavailable stays pinned", 3, vs, 3, true},
		{"pinned missing", 7, vs, 0, false},
		{"none available", 0, []marketplace.IntegrationVersion{{Number: 1}}, 0, false},
		{"no versions", 0, nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l := &marketplace.Listing{PinnedVersion: tt.pinned}
			n, ok := l.PresentedVersion(tt.vs)
			require.Equal(t, tt.want, n)
			require.Equal(t, tt.ok, ok)
		})
	}
}

func TestVisibleTo(t *testing.T) {
	t.Parallel()
	public := &marketplace.Integration{ID: intID}
	own := &marketplace.Integration{ID: intID, CustomerID: custA}
	tests := []struct {
		name string
		l    marketplace.Listing
		in   *marketplace.Integration
		cust ulid.ULID
		want bool
	}{
		{"deployable", marketplace.Listing{Availability: marketplace.AvailableDeployable}, public, custA, true},
		{"contact us is visible", marketplace.Listing{Availability: marketplace.AvailableNotDeployable}, public, custA, true},
		{"not available", marketplace.Listing{Availability: marketplace.NotAvailable}, public, custA, false},
		{"allow-list names it", marketplace.Listing{Availability: marketplace.AvailableDeployable, AllowedCustomers: []ulid.ULID{custA}}, public, custA, true},
		{"allow-list without it", marketplace.Listing{Availability: marketplace.AvailableDeployable, AllowedCustomers: []ulid.ULID{custA}}, public, custB, false},
		{"own customer-specific", marketplace.Listing{Availability: marketplace.AvailableDeployable}, own, custA, true},
		{"another's customer-specific", marketplace.Listing{Availability: marketplace.AvailableDeployable}, own, custB, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, tt.l.VisibleTo(tt.in, tt.cust))
		})
	}
}
