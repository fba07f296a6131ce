package user

import (
	"context"
	"io"
	"log/slog"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit/customer/password"
	"github.com/customerkit/customerkit/internal/defaults"
)

// Options configures a Service. A nil *Options, and every zero field,
// means the default.
type Options struct {
	// NowFunc returns the current time; default time.Now.
	NowFunc func() time.Time
	// NewIDFunc returns a new ULID; default: a monotonic ULID of NowFunc's
	// time with entropy from RandReader.
	NewIDFunc func() ulid.ULID
	// RandReader is the source of invitation tokens and ULIDs (and of
	// password salts, when Hasher is nil); default crypto/rand.Reader.
	RandReader io.Reader
	// Logger receives debug and warning records; default: discard. No
	// record carries a password, a hash, a token or a link.
	Logger *slog.Logger

	// Hasher hashes and verifies passwords; default
	// password.NewHasher with password.DefaultParams and RandReader.
	Hasher *password.Hasher
	// InvitationTTL is how long an invitation can be accepted; default
	// DefaultInvitationTTL (7 days).
	InvitationTTL time.Duration
	// Mailer sends the email of an ActivationEmailLink invitation; without
	// one, such invitations are refused.
	Mailer Mailer
	// LinkFunc builds the link an invitee opens from the invitation's
	// token (call Token.Reveal), typically
	// "https://app.example.com/join?token=" + t.Reveal(). It is required
	// for ActivationEmailLink; for ActivationDisplayLink, without it the
	// inviter receives the token alone.
	LinkFunc func(Token) string
}

// withDefaults returns a copy of o with every default filled in.
func (o *Options) withDefaults() Options {
	var d Options
	if o != nil {
		d = *o
	}
	defaults.Fill(&d.NowFunc, &d.NewIDFunc, &d.RandReader, &d.Logger)
	if d.InvitationTTL <= 0 {
		d.InvitationTTL = DefaultInvitationTTL
	}
	return d
}

// Mailer sends invitation emails; the host provides it (its SMTP relay,
// its transactional mail service). The library calls it after the
// invitation is stored; when it fails, the invitation is revoked and
// Invite returns the error.
type Mailer interface {
	SendInvitation(ctx context.Context, m *InvitationMail) error
}

// InvitationMail is what a Mailer sends: to the invitee's address, the
// link that accepts the invitation.
type InvitationMail struct {
	// To is the invitee's email address.
	To string
	// Link is Options.LinkFunc of the token. It is the invitation's secret:
	// put it in the email, never in a log.
	Link string
	// Invitation is the stored invitation (role, expiry, ...), without its
	// token hash.
	Invitation *Invitation
	// CustomerName is the display name of the customer the invitee joins.
	CustomerName string
	// InviterName and InviterEmail name the user who invited; empty when
	// the organization did.
	InviterName  string
	InviterEmail string
}

// LogValue logs the mail without its link.
func (m *InvitationMail) LogValue() slog.Value {
	if m == nil {
		return slog.Value{}
	}
	attrs := []slog.Attr{slog.String("customer", m.CustomerName)}
	if m.Invitation != nil {
		attrs = append(attrs, slog.String("invitation", m.Invitation.ID.String()))
	}
	return slog.GroupValue(attrs...)
}

// String describes the mail without its link, so that printing it leaks
// nothing.
func (m *InvitationMail) String() string {
	if m == nil {
		return "<nil>"
	}
	id := ""
	if m.Invitation != nil {
		id = " " + m.Invitation.ID.String()
	}
	return "invitation" + id + " to join " + m.CustomerName + " (link withheld)"
}

// GoString is String.
func (m *InvitationMail) GoString() string { return m.String() }
