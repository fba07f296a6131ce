package marketplace

// Role is the role of a customer's user acting in the marketplace,
// following Prismatic's customer roles; see the table in the package
// documentation.
type Role string

// The roles.
const (
	RoleAdmin            Role = "admin"
	RoleMember           Role = "member"
	RoleMarketplaceAdmin Role = "marketplace_admin"
	RoleMarketplaceUser  Role = "marketplace_user"
)

// Roles returns every role.
func Roles() []Role { return []Role{RoleAdmin, RoleMember, RoleMarketplaceAdmin, RoleMarketplaceUser} }

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	return r == RoleAdmin || r == RoleMember || r == RoleMarketplaceAdmin || r == RoleMarketplaceUser
}

// CanView reports whether r may see the marketplace and the customer's
// instances: every role may.
func (r Role) CanView() bool { return r.Valid() }

// CanActivate reports whether r may activate (and deactivate) instances:
// admin and marketplace_admin.
func (r Role) CanActivate() bool { return r == RoleAdmin || r == RoleMarketplaceAdmin }

// CanConfigure reports whether r may configure, deploy, pause and resume
// the customer's instances: admin and marketplace_admin. A
// marketplace_user configures only its own user-level configuration,
// which this library does not model; a member is read-only.
func (r Role) CanConfigure() bool { return r == RoleAdmin || r == RoleMarketplaceAdmin }
