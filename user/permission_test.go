package user_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/user"
)

func TestPermissions(t *testing.T) {
	t.Parallel()
	all := user.Permissions()
	require.Len(t, all, 9)
	for _, p := range all {
		require.True(t, p.Valid(), p)
	}
	require.False(t, user.Permission("delete_customer").Valid())
	require.False(t, user.Permission("").Valid())
	require.Equal(t, all, user.DefaultPermissions(marketplace.RoleAdmin), "an admin holds every permission")
	for _, r := range marketplace.Roles() {
		d := user.DefaultPermissions(r)
		require.NotEmpty(t, d, r)
		require.True(t, slices.IsSortedFunc(d, func(a, b user.Permission) int { return slices.Index(all, a) - slices.Index(all, b) }), "%s: canonical order", r)
		if r.CanConfigure() {
			require.Contains(t, d, user.PermConfigureInstances, r)
			require.Contains(t, d, user.PermDeployInstances, r)
		} else {
			require.NotContains(t, d, user.PermConfigureInstances, r)
		}
		require.Contains(t, d, user.PermViewInstances, "%s: every role views instances (Role.CanView)", r)
	}
	require.Nil(t, user.DefaultPermissions("owner"))
}

// The role table in the package documentation is DefaultPermissions.
func TestDocTable(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	roles := []marketplace.Role{marketplace.RoleAdmin, marketplace.RoleMarketplaceAdmin, marketplace.RoleMember, marketplace.RoleMarketplaceUser}
	got := map[marketplace.Role][]user.Permission{}
	rows := 0
	for _, line := range strings.Split(string(b), "\n") {
		fields := strings.Fields(strings.TrimPrefix(line, "//"))
		if len(fields) != 5 || !user.Permission(fields[0]).Valid() {
			continue
		}
		rows++
		for i, r := range roles {
			switch fields[i+1] {
			case "yes":
				got[r] = append(got[r], user.Permission(fields[0]))
			case "-":
			default:
				t.Fatalf("doc.go: %q", line)
			}
		}
	}
	require.Equal(t, len(user.Permissions()), rows, "one row per permission")
	for _, r := range roles {
		require.Equal(t, user.DefaultPermissions(r), got[r], "the doc's column of %s", r)
	}
}

func TestMembershipCan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		m    *user.Membership
		want []user.Permission
	}{
		{"nil", nil, nil},
		{"admin", &user.Membership{Role: marketplace.RoleAdmin}, user.Permissions()},
		{"member", &user.Membership{Role: marketplace.RoleMember}, []user.Permission{user.PermViewUsers, user.PermViewInstances, user.PermViewLogs}},
		{"marketplace_user", &user.Membership{Role: marketplace.RoleMarketplaceUser}, []user.Permission{user.PermViewInstances}},
		{"explicit replaces the defaults", &user.Membership{Role: marketplace.RoleMember, Permissions: []user.Permission{user.PermManageCredentials}}, []user.Permission{user.PermManageCredentials}},
		{"explicit none", &user.Membership{Role: marketplace.RoleAdmin, Permissions: []user.Permission{}}, nil},
		{"owner holds everything", &user.Membership{Role: marketplace.RoleMember, Owner: true, Permissions: []user.Permission{}}, user.Permissions()},
		{"unknown role", &user.Membership{Role: "guest"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, p := range user.Permissions() {
				require.Equal(t, slices.Contains(tt.want, p), tt.m.Can(p), p)
			}
			require.False(t, tt.m.Can("unknown"))
			require.Equal(t, len(tt.want), len(tt.m.Effective()))
		})
	}
}

func TestAccessNormalize(t *testing.T) {
	t.Parallel()
	a, err := user.Access{Role: marketplace.RoleMember, Permissions: []user.Permission{user.PermViewLogs, user.PermViewUsers}}.Normalize()
	require.NoError(t, err)
	require.Equal(t, []user.Permission{user.PermViewUsers, user.PermViewLogs}, a.Permissions, "canonical order")

	a, err = user.Access{Role: marketplace.RoleMember}.Normalize()
	require.NoError(t, err)
	require.Nil(t, a.Permissions, "nil stays nil: the role's defaults")
	a, err = user.Access{Role: marketplace.RoleMember, Permissions: []user.Permission{}}.Normalize()
	require.NoError(t, err)
	require.NotNil(t, a.Permissions, "empty stays empty: no permission")
	require.Empty(t, a.Permissions)

	_, err = user.Access{}.Normalize()
	requireProblems(t, err, "role required")
	_, err = user.Access{Role: "owner", Permissions: []user.Permission{"fly", user.PermViewLogs, user.PermViewLogs}}.Normalize()
	requireProblems(t, err, "role not_supported", "permissions[0] not_supported", "permissions[2] duplicate")
}

// A nil permission list and an empty one survive JSON.
func TestMembershipJSON(t *testing.T) {
	t.Parallel()
	for _, perms := range [][]user.Permission{nil, {}, {user.PermViewLogs}} {
		b, err := json.Marshal(&user.Membership{Role: marketplace.RoleMember, Permissions: perms})
		require.NoError(t, err)
		var back user.Membership
		require.NoError(t, json.Unmarshal(b, &back))
		require.Equal(t, perms == nil, back.Permissions == nil, string(b))
		require.Equal(t, len(perms), len(back.Permissions))
	}
}
