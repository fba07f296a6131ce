package user_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/storage/memstore"
	"github.com/customerkit/customerkit/user"
)

// A new customer comes with its owner; the owner invites a member with a
// display link, the member accepts and sees the customer's users, and the
// link does not work twice.
func Example() {
	ctx := context.Background()
	store := memstore.New()
	customers := customer.NewService(store, nil)
	users := user.NewService(store, customers, &user.Options{
		LinkFunc: func(t user.Token) string { return "https://app.example.com/join?token=" + t.Reveal() },
	})

	acme, owner, err := users.CreateCustomer(ctx, &customer.Customer{
		Type: customer.TypeBusiness, CompanyName: "Acme", FirstName: "Ada", LastName: "Lovelace",
		Email: "ada@acme.example", Country: "GB", Currency: "GBP",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(acme.Name, "is owned by", owner.User.Name, "|", owner.Membership.Role, owner.Membership.Owner)

	ada := user.Actor{CustomerID: acme.ULID, UserID: owner.User.ID}
	inv, err := users.InviteAs(ctx, ada, user.InviteInput{
		Email: "Bob@acme.example", Role: marketplace.RoleMember, Activation: user.ActivationDisplayLink,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(inv.Invitation.Email, inv.Invitation.Status, inv.Token, strings.HasPrefix(inv.Link, "https://app.example.com/join?token="))

	bob, err := users.Accept(ctx, user.AcceptInput{Token: inv.Token.Reveal(), Name: "Bob"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(bob.User.Name, "|", bob.Membership.Role, bob.Membership.Can(user.PermViewLogs), bob.Membership.Can(user.PermManageUsers))

	page, _ := users.MembersAs(ctx, user.Actor{CustomerID: acme.ULID, UserID: bob.User.ID}, nil, customerkit.Cursor{})
	for _, m := range page.Items {
		fmt.Println("member:", m.User.Name, m.Membership.Role, m.Membership.Owner)
	}

	_, err = users.Accept(ctx, user.AcceptInput{Token: inv.Token.Reveal()})
	var se *user.InvitationStateError
	fmt.Println(errors.As(err, &se), se.State, errors.Is(err, customerkit.ErrFailedPrecondition))
	// Output:
	// Acme is owned by Ada Lovelace | admin true
	// Bob@acme.example pending [invitation token] true
	// Bob | member true false
	// member: Ada Lovelace admin true
	// member: Bob member false
	// true accepted true
}

// printMailer stands for the host's mail service.
type printMailer struct{}

func (printMailer) SendInvitation(_ context.Context, m *user.InvitationMail) error {
	fmt.Printf("to %s: %s invites you to %s as %s (link %d characters)\n",
		m.To, m.InviterName, m.CustomerName, m.Invitation.Role, len(m.Link))
	return nil
}

// With an email link, the Mailer gets the link and the inviter never sees
// the token. A member may not invite.
func ExampleService_InviteAs() {
	ctx := context.Background()
	store := memstore.New()
	customers := customer.NewService(store, nil)
	users := user.NewService(store, customers, &user.Options{
		Mailer:   printMailer{},
		LinkFunc: func(t user.Token) string { return "https://app.example.com/join?token=" + t.Reveal() },
	})
	acme, owner, _ := users.CreateCustomer(ctx, &customer.Customer{
		Type: customer.TypeBusiness, CompanyName: "Acme", FirstName: "Ada", LastName: "Lovelace",
		Email: "ada@acme.example", Country: "GB", Currency: "GBP",
	})
	inv, err := users.InviteAs(ctx, user.Actor{CustomerID: acme.ULID, UserID: owner.User.ID}, user.InviteInput{
		Email: "bob@acme.example", Role: marketplace.RoleMarketplaceAdmin, Activation: user.ActivationEmailLink,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("token returned to the inviter:", !inv.Token.IsZero())

	carol, _ := users.CreateUser(ctx, &user.User{Email: "carol@acme.example"})
	_, _ = users.AddMember(ctx, acme.ULID, carol.ID, user.Access{Role: marketplace.RoleMember})
	_, err = users.InviteAs(ctx, user.Actor{CustomerID: acme.ULID, UserID: carol.ID}, user.InviteInput{
		Email: "dan@acme.example", Role: marketplace.RoleMember, Activation: user.ActivationEmailLink,
	})
	fmt.Println(errors.Is(err, customerkit.ErrPermissionDenied))
	// Output:
	// to bob@acme.example: Ada Lovelace invites you to Acme as marketplace_admin (link 78 characters)
	// token returned to the inviter: false
	// true
}

// Explicit permissions replace the role's defaults; the owner holds every
// permission.
func ExampleMembership_Can() {
	member := &user.Membership{Role: marketplace.RoleMember}
	custom := &user.Membership{Role: marketplace.RoleMember, Permissions: []user.Permission{user.PermManageCredentials}}
	owner := &user.Membership{Role: marketplace.RoleAdmin, Owner: true, Permissions: []user.Permission{}}
	for _, p := range []user.Permission{user.PermViewLogs, user.PermManageCredentials, user.PermManageAttachments} {
		fmt.Println(p, member.Can(p), custom.Can(p), owner.Can(p))
	}
	// Output:
	// view_logs true false true
	// manage_credentials false true true
	// manage_attachments false false true
}

// The default permissions of each role.
func ExampleDefaultPermissions() {
	for _, r := range marketplace.Roles() {
		fmt.Println(r, user.DefaultPermissions(r))
	}
	// Output:
	// admin [view_users manage_users view_instances configure_instances deploy_instances view_logs manage_credentials manage_config_vars manage_attachments]
	// member [view_users view_instances view_logs]
	// marketplace_admin [view_users view_instances configure_instances deploy_instances view_logs manage_credentials manage_config_vars]
	// marketplace_user [view_instances]
}

// Passwords are optional. An unknown email and a wrong password fail
// alike; no user carries its hash.
func ExampleService_Authenticate() {
	ctx := context.Background()
	store := memstore.New()
	users := user.NewService(store, customer.NewService(store, nil), nil)
	u, _ := users.CreateUser(ctx, &user.User{Email: "ada@acme.example", Name: "Ada"})
	u, err := users.SetPassword(ctx, u.ID, "correct horse battery staple")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(u.HasPassword, u.PasswordHash.IsZero())

	got, err := users.Authenticate(ctx, "ADA@acme.example", "correct horse battery staple")
	fmt.Println(got.Name, err)
	_, err = users.Authenticate(ctx, "ada@acme.example", "wrong")
	fmt.Println(err)
	_, err = users.Authenticate(ctx, "nobody@acme.example", "correct horse battery staple")
	fmt.Println(err, errors.Is(err, customerkit.ErrPermissionDenied))
	// Output:
	// true true
	// Ada <nil>
	// user: the email address or the password is wrong: customerkit: permission denied
	// user: the email address or the password is wrong: customerkit: permission denied true
}
