package user

import (
	"slices"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/marketplace"
)

// Permission is one action on one kind of a customer's resources. A
// membership holds its role's default permissions (the table in the
// package documentation) unless it lists explicit ones.
type Permission string

// The permissions.
const (
	PermViewUsers          Permission = "view_users"          // see the customer's users and invitations
	PermManageUsers        Permission = "manage_users"        // invite, revoke, change access, remove
	PermViewInstances      Permission = "view_instances"      // see the customer's instances and marketplace
	PermConfigureInstances Permission = "configure_instances" // activate and configure instances
	PermDeployInstances    Permission = "deploy_instances"    // deploy, pause, resume instances
	PermViewLogs           Permission = "view_logs"           // read the instances' logs
	PermManageCredentials  Permission = "manage_credentials"  // create, update, delete credentials
	PermManageConfigVars   Permission = "manage_config_vars"  // set the customer's config variables
	PermManageAttachments  Permission = "manage_attachments"  // upload, rename, delete attachments and the logo
)

// Permissions returns every permission, in the order of the table in the
// package documentation (the canonical order of a permission list).
func Permissions() []Permission {
	return []Permission{
		PermViewUsers, PermManageUsers,
		PermViewInstances, PermConfigureInstances, PermDeployInstances, PermViewLogs,
		PermManageCredentials, PermManageConfigVars, PermManageAttachments,
	}
}

// Valid reports whether p is a known permission.
func (p Permission) Valid() bool { return p.rank() >= 0 }

// rank returns the position of p in Permissions, or -1.
func (p Permission) rank() int {
	switch p {
	case PermViewUsers:
		return 0
	case PermManageUsers:
		return 1
	case PermViewInstances:
		return 2
	case PermConfigureInstances:
		return 3
	case PermDeployInstances:
		return 4
	case PermViewLogs:
		return 5
	case PermManageCredentials:
		return 6
	case PermManageConfigVars:
		return 7
	case PermManageAttachments:
		return 8
	}
	return -1
}

// comparePermissions orders permissions as Permissions does.
func comparePermissions(a, b Permission) int { return a.rank() - b.rank() }

// DefaultPermissions returns the permissions role r holds when a
// membership lists none (see the table in the package documentation), in
// canonical order; nil for an unknown role.
func DefaultPermissions(r marketplace.Role) []Permission {
	switch r {
	case marketplace.RoleAdmin:
		return Permissions()
	case marketplace.RoleMarketplaceAdmin:
		return []Permission{PermViewUsers, PermViewInstances, PermConfigureInstances, PermDeployInstances, PermViewLogs, PermManageCredentials, PermManageConfigVars}
	case marketplace.RoleMember:
		return []Permission{PermViewUsers, PermViewInstances, PermViewLogs}
	case marketplace.RoleMarketplaceUser:
		return []Permission{PermViewInstances}
	}
	return nil
}

// Access is the role, and optionally the explicit permissions, a user is
// given in a customer: by an invitation, a direct association or a
// change of access.
type Access struct {
	// Role is required.
	Role marketplace.Role `json:"role"`
	// Permissions, when not nil, replace the role's defaults: the
	// membership holds exactly these (none, for an empty list). Nil means
	// the role's defaults.
	Permissions []Permission `json:"permissions"`
}

// Normalize checks a and returns a copy with its permissions in canonical
// order, or a *customerkit.ValidationError (subject "access"; paths
// "role", "permissions[i]"). A nil list stays nil and an empty one empty.
func (a Access) Normalize() (Access, error) {
	ve := &customerkit.ValidationError{Subject: "access"}
	switch {
	case a.Role == "":
		ve.Add("role", customerkit.CodeRequired, "admin, member, marketplace_admin or marketplace_user")
	case !a.Role.Valid():
		ve.Add("role", customerkit.CodeNotSupported, "admin, member, marketplace_admin or marketplace_user")
	}
	perms, err := normalizePermissions(a.Permissions, "permissions")
	ve.Merge("", err)
	if err := ve.Err(); err != nil {
		return Access{}, err
	}
	return Access{Role: a.Role, Permissions: perms}, nil
}

// normalizePermissions checks ps (each known, none repeated) and returns
// a sorted copy; nil stays nil and empty stays empty.
func normalizePermissions(ps []Permission, path string) ([]Permission, error) {
	if ps == nil {
		return nil, nil
	}
	ve := &customerkit.ValidationError{Subject: "access"}
	out := make([]Permission, 0, len(ps))
	for i, p := range ps {
		switch {
		case !p.Valid():
			ve.Add(customerkit.IndexPath(path, i), customerkit.CodeNotSupported, "not a permission")
		case slices.Contains(out, p):
			ve.Add(customerkit.IndexPath(path, i), customerkit.CodeDuplicate, "listed twice")
		default:
			out = append(out, p)
		}
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, comparePermissions)
	return out, nil
}

// Effective returns the permissions a holds: its explicit list, or its
// role's defaults when the list is nil.
func (a Access) Effective() []Permission {
	if a.Permissions != nil {
		return slices.Clone(a.Permissions)
	}
	return DefaultPermissions(a.Role)
}

// covers reports whether held includes every permission of want.
func covers(held, want []Permission) bool {
	for _, p := range want {
		if !slices.Contains(held, p) {
			return false
		}
	}
	return true
}
