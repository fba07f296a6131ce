// Package user owns the people behind customers: users (identities),
// their memberships of customers with a role and permissions, each
// customer's owner, invitations, and passwords. It imports the root
// package, customer, customer/password and marketplace (for the acting
// roles, marketplace.Role); package customer cannot hold it, as it must not
// import marketplace.
//
// # Wiring
//
//	store := memstore.New()                         // satisfies customer.Store and user.Store
//	customers := customer.NewService(store, nil)
//	users := user.NewService(store, customers, &user.Options{
//		Mailer:   hostMailer,                     // sends invitation emails
//		LinkFunc: func(t user.Token) string { return "https://app.example.com/join?token=" + t.Reveal() },
//	})
//	c, owner, err := users.CreateCustomer(ctx, &customer.Customer{...}) // the customer and its owner, at once
//	inv, err := users.InviteAs(ctx, user.Actor{CustomerID: c.ULID, UserID: owner.User.ID}, user.InviteInput{
//		Email: "bob@acme.example", Role: marketplace.RoleMember, Activation: user.ActivationEmailLink,
//	})
//	m, err := users.Accept(ctx, user.AcceptInput{Token: tokenFromTheLink, Name: "Bob"})
//
// # Users and memberships
//
// A User is one identity: an email address (unique case-insensitively,
// compared by customer.EmailKey), a name, a phone number in E.164, an
// external ID (unique when set) and an optional password. One user may
// belong to several customers, through one Membership per customer: a
// role (marketplace.Role) and, where the host wants finer control,
// explicit Permissions that replace the role's defaults (a nil list means
// the defaults; an empty one means none). Membership.Can answers a
// permission; the owner holds every permission whatever its role and
// list.
//
// # Roles and permissions
//
// The default permissions of each role (DefaultPermissions):
//
//	permission            admin   marketplace_admin   member   marketplace_user
//	view_users            yes     yes                 yes      -
//	manage_users          yes     -                   -        -
//	view_instances        yes     yes                 yes      yes
//	configure_instances   yes     yes                 -        -
//	deploy_instances      yes     yes                 -        -
//	view_logs             yes     yes                 yes      -
//	manage_credentials    yes     yes                 -        -
//	manage_config_vars    yes     yes                 -        -
//	manage_attachments    yes     -                   -        -
//	(owner)               every permission, always
//
// The columns follow marketplace.Role: admin and marketplace_admin
// activate, configure and deploy (Role.CanConfigure); a member reads; a
// marketplace_user sees the marketplace and its instances. Managing users
// (inviting, revoking, changing access, removing) is the owner's and the
// admins'. An acting member never grants, nor takes away, a permission it
// does not hold itself.
//
// # Ownership
//
// Every customer has exactly one owner. Service.CreateCustomer creates the
// customer through customer.Service.CreateWith together with its owner,
// in one transaction: the user with the customer's email when there is
// one, else a new user made from the profile (email, first and last
// name). The owner's membership has the role admin and Owner set.
// TransferOwnership moves the ownership to another member and demotes the
// previous owner to admin in the same transaction; the owner cannot be
// removed, deleted or given another role before a transfer
// (ErrFailedPrecondition). A customer made by customer.Service directly
// has no owner until a TransferOwnership gives it one.
//
// # Joining a customer
//
// A user joins a customer by direct association (AddMember, by the
// organization) or by accepting an invitation. Each time, the customer's
// allowed_domains_registration (customer.Customer.RegistrationAllowed)
// must allow the user's email domain — an empty list allows every domain
// — and the check runs inside the store's transaction with the customer
// as it is then (ErrFailedPrecondition otherwise). The owner made by
// CreateCustomer is exempt: the organization chose the customer's email.
//
// # Invitations
//
// The owner or an admin (any member with manage_users) invites an email
// address with an access (role, permissions). The invitation's token is
// 256 random bits from Options.RandReader, 43 characters of base64url;
// only its SHA-256 (TokenHash) is stored. The activation method decides
// who sees the token: ActivationEmailLink hands the link
// (Options.LinkFunc of the token) to the host's Mailer; ActivationDisplayLink
// returns the token and link once to the inviter. The state machine:
//
//	              Accept (before expires_at)
//	┌─────────┐ ───────────────────────────▶ ┌──────────┐
//	│ pending │                              │ accepted │   final
//	└─────────┘ ──────────┐                  └──────────┘
//	     │ time passes    │ Revoke
//	     │ expires_at     ▼
//	     ▼            ┌─────────┐
//	┌─────────┐Revoke │ revoked │   final
//	│ expired │──────▶└─────────┘
//	└─────────┘
//
// Stores keep pending, accepted and revoked; expired is a pending
// invitation whose ExpiresAt has passed (Invitation.State), default 7 days
// after it was made (Options.InvitationTTL). Accepting, in one transaction,
// creates the user when no user has the email yet, creates the
// membership and marks the invitation accepted. Inviting an email that is
// already a member is refused; several pending invitations for one email
// may exist, and once one is accepted the others fail with
// ErrAlreadyExists.
//
// Token errors, on which nothing changes: text that is not a token is
// ErrInvalid (path "token"); a token no invitation has is ErrNotFound
// (never issued, or its customer was deleted); a token whose invitation
// has expired, was revoked or was already accepted is an
// *InvitationStateError naming the state, matching ErrFailedPrecondition:
// the token is genuine, the invitation's state forbids it.
//
// # Acting users and the customer's status
//
// Organization methods act unscoped and check no role. The methods whose
// names end in As take an Actor (a customer and one of its users) and
// check, inside the store's transaction for writes: that the actor is a
// member (ErrPermissionDenied), that its membership holds the permission
// (ErrPermissionDenied), and that the customer's status allows the kind
// of action (ErrFailedPrecondition), following package customer's status
// rules:
//
//	status       read (MembersAs, InvitationsAs)   change (SetAccessAs, RevokeAs, ...)   invite (InviteAs)
//	active       yes                               yes                                   yes
//	suspended    yes                               yes                                   no
//	inactive     no                                no                                    no
//	terminated   no                                no                                    no
//
// An invitation is accepted only while its customer is active or
// suspended; the organization's own joins (AddMember, Invite) refuse a
// terminated customer only. The customer-scoped handle of customer-facing
// code is built on the As methods.
//
// # Passwords
//
// Optional: SetPassword hashes with package customer/password (argon2id,
// salt and parameters in the hash) and stores only the hash;
// Authenticate verifies in constant time and, when the hash was made with
// older parameters, stores a new one. An unknown email costs the same
// verification as a known one (a dummy hash is verified) and returns the
// same ErrBadCredentials. No user the Service returns carries its hash
// (HasPassword says whether there is one); hashes, passwords, tokens and
// links are never logged, and Token, password.Hash, AcceptInput and
// InvitationMail redact themselves when printed.
//
// # Errors
//
// Every error matches one sentinel of package customerkit:
//
//   - ErrInvalid: a *customerkit.ValidationError — subject "user" (email,
//     name, phone, external_id, id, version), "access" (role,
//     permissions[i]), "invitation" (email, activation, token),
//     "password" (the policy of package customer/password), or a query's;
//   - ErrAlreadyExists: an *customerkit.AlreadyExistsError — Resource
//     "user" (Field "email", "external_id", "id"), "membership" ("user_id"
//     for AddMember, "email" for an invitation, "owner"), "invitation";
//   - ErrNotFound: no such user, membership, invitation, customer, token;
//   - ErrConflict: a stale version given to UpdateUserIfMatch;
//   - ErrFailedPrecondition: the owner removed, deleted or re-roled
//     without a transfer; an email domain the customer does not allow; the
//     customer's status; an *InvitationStateError; a Mailer that failed;
//   - ErrPermissionDenied: an actor that is not a member, lacks the
//     permission or would escalate; ErrBadCredentials.
package user
