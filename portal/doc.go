// Package portal is the customer-scoped handle: one customer, one of its
// users acting in it, and that user's membership. Customer-facing code
// (a customer portal, a native marketplace UI, an API for customers'
// users) reaches the customer's data only through a Handle; organization
// code keeps the unscoped services. It imports the root package,
// customer, customer/attachment, customer/configvar, credential,
// instance, marketplace and user, and adds no rule of its own beyond who
// may do what: it checks the membership and the customer's status, then
// delegates to the customer-bound building blocks (user.Service's acting
// methods, instance.Marketplace, credential.Scope, attachment.Scope,
// configvar.Scope).
//
// # Wiring
//
//	customers := customer.NewService(store, nil)
//	users := user.NewService(store, customers, nil)
//	p, err := portal.New(portal.Services{Customers: customers, Users: users,
//		Instances: instance.NewService(store, nil), Credentials: credential.NewService(store, ring, nil),
//		Attachments: attachment.NewService(store, nil), ConfigVars: configvar.NewService(store, nil)}, nil)
//	h, err := p.Open(ctx, customerID, userID)  // from the host's session
//	view, err := h.Marketplace().View(ctx)
//	members, err := h.Users().List(ctx, nil, customerkit.Cursor{})
//
// # What a handle sees
//
// Through a handle, a user sees and changes only its own customer's
// members, invitations, instances, credentials, config variables,
// attachments and logo, and
// only what its membership allows. Another customer's records are
// ErrNotFound — invisible, not merely forbidden — and so is a customer of
// which the user is not a member: Open returns ErrNotFound, the same
// error as for a customer that does not exist. Its own customer's records,
// beyond what the membership allows, are ErrPermissionDenied. A user who
// belongs to several customers opens one handle per customer; each sees
// its own.
//
// The operations come in five groups:
//
//	h.Users()        Get List All Invitations Invite Revoke SetAccess Remove Leave
//	                 TransferOwnership
//	h.Marketplace()  View Instance Instances All Activate Configure SetRefs Upgrade
//	                 Deactivate Deploy Pause Resume
//	h.Credentials()  Get List All Create Update Delete
//	h.Attachments()  Get Content List All Usage Upload Rename Delete Logo SetLogo
//	                 DeleteLogo
//	h.ConfigVars()   Get List All Create Update Delete
//
// h.User and h.Membership return copies of the acting user and its
// membership as Open read them, and h.Authorize checks a permission by the
// same rules for what the host keeps itself (see below).
//
// # Permissions
//
// A membership holds its role's default permissions or, when it lists
// explicit ones, exactly those (see package user); the owner holds every
// permission. The handle checks permissions, never roles, so an explicit
// list widens or narrows what a role allows, in the marketplace too
// (instance.Marketplace decides by role: the handle checks the permission
// itself and then lends it a role that allows the call).
//
//	operation                                  needs                    status
//	Users: Get, List, All, Invitations         view_users               read
//	Users: Invite                              manage_users (1)         create
//	Users: Revoke, SetAccess, Remove           manage_users (1)         use
//	Users: Leave, Remove (itself)              any member but the owner use
//	Users: TransferOwnership                   the owner                use
//	Marketplace: View, Instance, Instances,    view_instances           read
//	  All
//	Marketplace: Activate                      configure_instances      create
//	Marketplace: Configure, SetRefs,           configure_instances      use
//	  Upgrade, Deactivate
//	Marketplace: Deploy, Pause, Resume         deploy_instances         use
//	Credentials: Get, List, All                manage_credentials or    read
//	                                           configure_instances (2)
//	Credentials: Create                        manage_credentials       create
//	Credentials: Update, Delete                manage_credentials (3)   use
//	Attachments: Get, Content, List, All,      any member (4)           read
//	  Usage, Logo
//	Attachments: Upload, SetLogo               manage_attachments       create
//	Attachments: Rename, Delete, DeleteLogo    manage_attachments       use
//	ConfigVars: Get, List, All                 view_instances or        read
//	                                           manage_config_vars (5)
//	ConfigVars: Create                         manage_config_vars       create
//	ConfigVars: Update, Delete                 manage_config_vars       use
//	Authorize(p)                               p                        read
//
// (1) and no permission granted, or taken from a member, that the acting
// user does not hold itself; removing another member needs every
// permission it holds. (2) configuring an instance chooses a credential
// for a connection variable. (3) the organization's credentials are
// visible read-only: changing one is ErrPermissionDenied. (4) no
// permission names reading attachments. (5) the variables' values serve
// the customer's instances, which view_instances shows.
//
// With the default permissions of each role, that is:
//
//	                          owner  admin  marketplace_admin  member  marketplace_user
//	view users, invitations   yes    yes    yes                yes     -
//	invite, revoke, change    yes    yes    -                  -       -
//	  access, remove
//	transfer the ownership    yes    -      -                  -       -
//	view marketplace and      yes    yes    yes                yes     yes
//	  instances
//	activate, configure,      yes    yes    yes                -       -
//	  upgrade, deactivate
//	deploy, pause, resume     yes    yes    yes                -       -
//	view credentials          yes    yes    yes                -       -
//	create, update, delete    yes    yes    yes                -       -
//	  credentials
//	view attachments, logo    yes    yes    yes                yes     yes
//	upload, rename, delete,   yes    yes    -                  -       -
//	  set the logo
//	view config variables     yes    yes    yes                yes     yes
//	create, change, delete    yes    yes    yes                -       -
//	  config variables
//	view logs (Authorize)     yes    yes    yes                yes     -
//
// # What the host keeps
//
// Instances' logs live in the host's runtime, not in this library, and so
// may other customer-facing records of the host's own. Handle.Authorize
// applies the handle's rules to them: the membership is read again, must
// hold the permission (view_logs for logs) and the customer must be able
// to access the platform, with the same errors as every operation.
//
// # The customer's status
//
// Following package customer's status rules, each operation is of one
// kind (the status column above):
//
//	status       Open   read   use   create
//	active       yes    yes    yes   yes
//	suspended    yes    yes    yes   no
//	inactive     no     no     no    no
//	terminated   no     no     no    no
//
// An inactive or terminated customer's users cannot act at all: Open
// returns ErrFailedPrecondition, and so does every call of a handle
// opened before the status changed. A suspended customer's users read
// and use what exists but create nothing (invitations, activations,
// credentials, uploads, a new logo).
//
// # Nothing goes stale
//
// Every call reads the acting user's membership and the customer again
// before it checks anything, so a handle may be kept for a session: a
// member removed (or that left) gets ErrNotFound from its next call, a
// changed role or permission list takes effect with the next call, and so
// does a status change. For writes, the building blocks check again
// inside the store's transaction: the customer's status (user, instance,
// credential, config-variable and attachment writes) and, for users' writes, the
// membership and its permissions — so a member removed between the
// handle's check and such a write gets ErrPermissionDenied from the
// transaction. The one window left open is that of a membership removed
// or narrowed between the handle's check and an instance, credential,
// config-variable or attachment write in the same call: those building
// blocks do not read memberships.
//
// The checks run in this order, and the first that fails decides the
// error: the membership and the customer exist (ErrNotFound); the
// membership allows the operation (ErrPermissionDenied); the customer's
// status allows its kind (ErrFailedPrecondition); then the building
// block's own rules, including ErrNotFound for a record that is not the
// customer's.
//
// # Secrets
//
// A handle never returns a secret: credentials come as credential.View
// (the names of secret fields, never their values; there is no Reveal),
// users without their password hashes, invitations without their token
// hashes (a display-link invitation returns its token once, to the
// inviter, as user.Service.InviteAs does), and instances with customer
// variables only.
//
// # Errors
//
// Every error matches one sentinel of package customerkit:
//
//   - ErrNotFound: the customer is invisible to the user (not a member,
//     no longer a member, no such customer or user), or a record is not
//     the customer's (or does not exist);
//   - ErrPermissionDenied: the membership does not allow the operation,
//     or the organization's credential is not the customer's to change;
//   - ErrFailedPrecondition: the customer's status, and every
//     precondition of the building blocks (not deployable, quota, the
//     owner removed, an invitation's state, ...);
//   - ErrInvalid, ErrAlreadyExists, ErrConflict: from the building blocks,
//     as they document them.
package portal
