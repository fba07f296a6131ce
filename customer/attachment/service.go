package attachment

import (
	"context"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
)

// Service is the organization-side API of attachments and logos: it reads
// and checks uploads and logos, applies the customer's status rules and
// the quota inside the store's transaction, and lists, gets, renames and
// deletes. Customer-facing code uses the handle ForCustomer returns. A
// Service is safe for concurrent use.
//
// What a customer's status allows (customer.Status):
//
//	operation                                  allowed when
//	Upload, SetLogo                            CanCreate (active)
//	Rename, Delete, DeleteLogo                 CanUseExisting (active, suspended)
//	Get, Content, List, All, Usage, Logo       always: the organization reads every
//	                                           customer's (through a Scope: CanUseExisting)
//
// Anything else is ErrFailedPrecondition. Every write checks the status
// (and an upload the quota) again inside the store's transaction, so a
// status change or a concurrent upload racing it cannot slip through.
type Service struct {
	store Store
	opts  Options
}

// NewService returns a Service over store. opts may be nil.
func NewService(store Store, opts *Options) *Service {
	return &Service{store: store, opts: opts.withDefaults()}
}

// now returns the time in UTC, truncated to the microsecond stores keep.
func (s *Service) now() time.Time { return s.opts.NowFunc().UTC().Truncate(time.Microsecond) }

// Limits returns the limits the service applies, every default filled in.
func (s *Service) Limits() Limits { return s.opts.Limits }

func notFound(id ulid.ULID) error {
	return fmt.Errorf("attachment: %s: %w", id, customerkit.ErrNotFound)
}

// statusError is the error of an operation the customer's status forbids.
func statusError(c *customer.Customer, action string) error {
	return fmt.Errorf("attachment: a %s customer cannot %s: %w", c.Status, action, customerkit.ErrFailedPrecondition)
}

func canCreate(c *customer.Customer, action string) error {
	if !c.Status.CanCreate() {
		return statusError(c, action)
	}
	return nil
}

func canUse(c *customer.Customer, action string) error {
	if !c.Status.CanUseExisting() {
		return statusError(c, action)
	}
	return nil
}

// owns returns ErrNotFound unless owner is zero (the organization) or a
// belongs to it: another customer's attachment is invisible, not
// forbidden.
func owns(owner ulid.ULID, a *Attachment) error {
	if !owner.IsZero() && a.CustomerID != owner {
		return notFound(a.ID)
	}
	return nil
}

// customer returns customer id, or ErrNotFound.
func (s *Service) customer(ctx context.Context, id ulid.ULID) (*customer.Customer, error) {
	return s.store.GetCustomer(ctx, customer.ByULID, id.String())
}

// Upload reads an attachment of customer customerID from r, with its name
// and the content type the client declared (may be empty), and stores it:
// Read checks the content with Options.Limits (size, name, declared type
// against the sniffed one), then the store adds it atomically with the
// quota check, so the customer's total never exceeds Limits.Quota,
// however many uploads race. The customer's status is checked before r
// is read and again in the store's transaction. It returns the record;
// the content is Content's.
//
// Errors: ErrNotFound (no such customer); ErrFailedPrecondition when the
// customer's status does not allow new resources, or a *QuotaError
// (ErrFailedPrecondition too) when the quota would be exceeded; a
// *customerkit.ValidationError from Read (ErrInvalid); an error of r
// itself, wrapped as it is.
func (s *Service) Upload(ctx context.Context, customerID ulid.ULID, r io.Reader, name, declaredType string) (*Attachment, error) {
	c, err := s.customer(ctx, customerID)
	if err != nil {
		return nil, err
	}
	if err := canCreate(c, "upload attachments"); err != nil {
		return nil, err
	}
	up, err := Read(r, name, declaredType, &s.opts.Limits)
	if err != nil {
		return nil, err
	}
	a := up.Attachment(s.opts.NewIDFunc(), customerID, s.now())
	limits := s.opts.Limits
	err = s.store.CreateAttachment(ctx, a, up.Data, func(c *customer.Customer, u Usage) error {
		if err := canCreate(c, "upload attachments"); err != nil {
			return err
		}
		return CheckQuota(u.Bytes, a.Size, &limits)
	})
	if err != nil {
		return nil, err
	}
	s.opts.Logger.DebugContext(ctx, "attachment: uploaded", slog.String("id", a.ID.String()),
		slog.String("customer", customerID.String()), slog.Int64("size", a.Size), slog.String("content_type", a.ContentType))
	return a, nil
}

// Get returns the record of attachment id (no content), whatever its
// customer's status.
//
// Errors: ErrNotFound.
func (s *Service) Get(ctx context.Context, id ulid.ULID) (*Attachment, error) {
	return s.get(ctx, ulid.ULID{}, id)
}

func (s *Service) get(ctx context.Context, owner, id ulid.ULID) (*Attachment, error) {
	a, err := s.store.GetAttachment(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.readable(ctx, owner, a); err != nil {
		return nil, err
	}
	return a, nil
}

// readable checks that owner may see a and, for a customer (owner set),
// that its status lets it use what it has: the organization (zero owner)
// reads in every status.
func (s *Service) readable(ctx context.Context, owner ulid.ULID, a *Attachment) error {
	if err := owns(owner, a); err != nil {
		return err
	}
	if owner.IsZero() {
		return nil
	}
	return s.usable(ctx, a.CustomerID, "read attachments")
}

// usable returns ErrNotFound when there is no customer id, and the status
// error when its status does not let it use what it has.
func (s *Service) usable(ctx context.Context, id ulid.ULID, action string) error {
	c, err := s.customer(ctx, id)
	if err != nil {
		return err
	}
	return canUse(c, action)
}

// Content returns the record of attachment id and its bytes, read
// together. The slice is the caller's own. Attachments are at most
// Limits.MaxSize bytes and every adapter reads a value whole, so the
// content comes as a slice rather than a stream; wrap it in a
// bytes.Reader for http.ServeContent. Serve it with Content-Disposition:
// attachment and X-Content-Type-Options: nosniff (see the package
// documentation).
//
// Errors: as Get.
func (s *Service) Content(ctx context.Context, id ulid.ULID) (*Attachment, []byte, error) {
	return s.content(ctx, ulid.ULID{}, id)
}

func (s *Service) content(ctx context.Context, owner, id ulid.ULID) (*Attachment, []byte, error) {
	a, data, err := s.store.GetAttachmentContent(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if err := s.readable(ctx, owner, a); err != nil {
		return nil, nil, err
	}
	return a, data, nil
}

// List returns one page of the records of customer q.CustomerID's
// attachments, ordered by ID (creation order), after the cursor after.
//
// Errors: a *customerkit.ValidationError for q (customer_id required,
// limit) or a foreign cursor; ErrNotFound (no such customer).
func (s *Service) List(ctx context.Context, q *Query, after customerkit.Cursor) (customerkit.Page[Attachment], error) {
	n, err := q.Normalize()
	if err != nil {
		return customerkit.Page[Attachment]{}, err
	}
	return s.list(ctx, n, after, false)
}

// list lists as List does; scoped, for a customer's Scope, it also needs
// a customer that may use what it has.
func (s *Service) list(ctx context.Context, q *Query, after customerkit.Cursor, scoped bool) (customerkit.Page[Attachment], error) {
	var err error
	if scoped {
		err = s.usable(ctx, q.CustomerID, "read attachments")
	} else {
		_, err = s.customer(ctx, q.CustomerID)
	}
	if err != nil {
		return customerkit.Page[Attachment]{}, err
	}
	return s.store.ListAttachments(ctx, q, after)
}

// All iterates over the records of every attachment of customer
// q.CustomerID, a page of q.Limit at a time. An error is yielded once and
// ends the iteration.
func (s *Service) All(ctx context.Context, q *Query) iter.Seq2[*Attachment, error] {
	return s.all(ctx, q, false)
}

func (s *Service) all(ctx context.Context, q *Query, scoped bool) iter.Seq2[*Attachment, error] {
	n, err := q.Normalize()
	return customerkit.Iterate(func(after customerkit.Cursor) (customerkit.Page[Attachment], error) {
		if err != nil {
			return customerkit.Page[Attachment]{}, err
		}
		return s.list(ctx, n, after, scoped)
	})
}

// Usage returns how many attachments customer customerID has and how many
// bytes they take; compare Bytes with Limits().Quota.
//
// Errors: ErrNotFound.
func (s *Service) Usage(ctx context.Context, customerID ulid.ULID) (Usage, error) {
	return s.store.AttachmentUsage(ctx, customerID)
}

// Rename gives attachment id a new name, normalised by NormalizeName, and
// returns the stored record (Version up by one, UpdatedAt now). version
// is the Version the caller read (If-Match), or 0 to rename whatever the
// current version.
//
// Errors: a *customerkit.ValidationError at "name" (or "version" when
// negative); ErrNotFound; ErrConflict when version is set and the record
// changed since; ErrFailedPrecondition when the customer is inactive or
// terminated.
func (s *Service) Rename(ctx context.Context, id ulid.ULID, version int64, name string) (*Attachment, error) {
	return s.rename(ctx, ulid.ULID{}, id, version, name)
}

func (s *Service) rename(ctx context.Context, owner, id ulid.ULID, version int64, name string) (*Attachment, error) {
	ve := &customerkit.ValidationError{Subject: "attachment"}
	n, code, detail := normalizeName(name, s.opts.Limits.MaxNameLength)
	if code != "" {
		ve.Add("name", code, detail)
	}
	if version < 0 {
		ve.Add("version", customerkit.CodeInvalid, "a version read from the attachment, or 0")
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	a, err := s.store.UpdateAttachment(ctx, id, func(a *Attachment, c *customer.Customer) error {
		if err := owns(owner, a); err != nil {
			return err
		}
		if err := canUse(c, "rename attachments"); err != nil {
			return err
		}
		if version != 0 && a.Version != version {
			return fmt.Errorf("attachment: %s is at version %d, not %d: %w", id, a.Version, version, customerkit.ErrConflict)
		}
		a.Name = n
		a.UpdatedAt = now
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.opts.Logger.DebugContext(ctx, "attachment: renamed", slog.String("id", id.String()), slog.Int64("version", a.Version))
	return a, nil
}

// Delete deletes attachment id and its content.
//
// Errors: ErrNotFound; ErrFailedPrecondition when the customer is
// inactive or terminated (a terminated customer's attachments go when
// the customer is deleted).
func (s *Service) Delete(ctx context.Context, id ulid.ULID) error {
	return s.delete(ctx, ulid.ULID{}, id)
}

func (s *Service) delete(ctx context.Context, owner, id ulid.ULID) error {
	err := s.store.DeleteAttachment(ctx, id, func(a *Attachment, c *customer.Customer) error {
		if err := owns(owner, a); err != nil {
			return err
		}
		return canUse(c, "delete attachments")
	})
	if err != nil {
		return err
	}
	s.opts.Logger.DebugContext(ctx, "attachment: deleted", slog.String("id", id.String()))
	return nil
}

// SetLogo reads an image from r, turns it into the customer's logo with
// ProcessLogo and Options.Logo (PNG, JPEG or GIF; centre square; a
// Size×Size PNG) and stores it, replacing the customer's previous logo.
// The customer's status is checked before r is read and again in the
// store's transaction. It returns the stored logo (Data is the caller's
// copy).
//
// Errors: ErrNotFound (no such customer); ErrFailedPrecondition when the
// customer's status does not allow new resources; a
// *customerkit.ValidationError from ProcessLogo (subject "logo");
// an error of r itself, wrapped as it is.
func (s *Service) SetLogo(ctx context.Context, customerID ulid.ULID, r io.Reader) (*Logo, error) {
	c, err := s.customer(ctx, customerID)
	if err != nil {
		return nil, err
	}
	if err := canCreate(c, "set a logo"); err != nil {
		return nil, err
	}
	data, err := ProcessLogo(r, &s.opts.Logo)
	if err != nil {
		return nil, err
	}
	l := &Logo{CustomerID: customerID, Size: int64(len(data)), SHA256: Sum(data), UpdatedAt: s.now(), Data: data}
	err = s.store.PutLogo(ctx, l, func(c *customer.Customer) error { return canCreate(c, "set a logo") })
	if err != nil {
		return nil, err
	}
	s.opts.Logger.DebugContext(ctx, "attachment: logo set", slog.String("customer", customerID.String()), slog.Int64("size", l.Size))
	return l, nil
}

// Logo returns the logo of customer customerID (a LogoContentType image).
//
// Errors: ErrNotFound when there is no such customer or it has no logo.
func (s *Service) Logo(ctx context.Context, customerID ulid.ULID) (*Logo, error) {
	return s.store.GetLogo(ctx, customerID)
}

// DeleteLogo removes the logo of customer customerID.
//
// Errors: ErrNotFound when there is no such customer or it has no logo;
// ErrFailedPrecondition when the customer is inactive or terminated.
func (s *Service) DeleteLogo(ctx context.Context, customerID ulid.ULID) error {
	err := s.store.DeleteLogo(ctx, customerID, func(c *customer.Customer) error { return canUse(c, "delete its logo") })
	if err != nil {
		return err
	}
	s.opts.Logger.DebugContext(ctx, "attachment: logo deleted", slog.String("customer", customerID.String()))
	return nil
}
