// Package attachment owns the rules of customer attachments and of the
// customer logo: what an attachment record holds, how its content is read,
// measured, digested and typed, which names it may have, the size limit and
// the per-customer quota; and how a logo is checked and turned into a
// square PNG; the Store an adapter implements to keep them; and the
// Service that uploads, lists, gets, renames and deletes attachments and
// sets the logo, applying the customer's status rules and the quota. It
// imports the root package, package customer (for the status rules),
// github.com/oklog/ulid/v2, golang.org/x/image/draw and
// golang.org/x/text/unicode/norm; it decodes with image/png, image/jpeg
// and image/gif directly, registering nothing.
//
// # Wiring
//
//	store := memstore.New()                        // or the SQL adapter
//	files := attachment.NewService(store, nil)     // nil *Options: the defaults
//	a, err := files.Upload(ctx, customerID, r.Body, "Q3 contract.pdf", r.Header.Get("Content-Type"))
//	a, data, err := files.Content(ctx, a.ID)       // the record and its bytes
//	logo, err := files.SetLogo(ctx, customerID, r.Body)
//	mine := files.ForCustomer(customerID)          // the customer-facing handle
//
// Options carries NowFunc, NewIDFunc, RandReader and Logger, like every
// service of the module, and Limits (the size of one attachment, the
// quota of a customer's total, the length of a name) and Logo (the
// LogoOptions of SetLogo).
//
// # Attachments
//
// Service.Upload does, with the store's transaction around the last two
// steps:
//
//	up, err := attachment.Read(body, "Q3 contract.pdf", r.Header.Get("Content-Type"), nil)
//	err = attachment.CheckQuota(used, up.Size, nil)          // used: the customer's total
//	a := up.Attachment(newID(), customerID, now)              // the record, version 1
//	store(a, up.Data)                                         // the record and its bytes
//
// An Attachment is the record: ID, CustomerID, Name, ContentType, Size,
// SHA256 (a Digest, hex in JSON), Version, CreatedAt, UpdatedAt. Its bytes
// are kept beside it, never in it, so listing a customer's attachments
// never loads their content. Read returns an Upload: the checked name,
// the sniffed type, the size, the digest and the bytes.
//
//	rule                                              path          code
//	content over Limits.MaxSize (10 MiB)              content       too_long
//	no content, or empty                              content       required
//	declared type not a media type, or disagreeing    content_type  invalid
//	  with the bytes in a way that matters (Read)
//	name empty after trimming                         name          required
//	name with / or \, or "." or ".."                  name          invalid
//	name with a control, line-separator or            name          invalid
//	  bidirectional-override character, or not UTF-8
//	name over Limits.MaxNameLength (255) characters   name          too_long
//	a customer's total over Limits.Quota (100 MiB)    (QuotaError, ErrFailedPrecondition)
//
// Names are normalised to NFC and trimmed; NormalizeName (and
// Attachment.Rename) apply the same rules to a rename. The content type is
// sniffed from the first 512 bytes (net/http.DetectContentType) and a
// declared type is never trusted; Read documents when a declared type
// disagrees enough to refuse the upload. The stored type may still be
// text/html or text/xml: serve attachments with Content-Disposition:
// attachment and X-Content-Type-Options: nosniff, never inline from the
// application's origin.
//
// # The logo
//
//	png, err := attachment.ProcessLogo(body, nil) // 500×500 PNG, or why not
//
// ProcessLogo accepts PNG, JPEG or GIF (the first frame), sniffed from the
// bytes; it refuses anything else, anything over LogoOptions.MaxBytes
// (5 MiB), and anything whose header claims more than MaxPixels (25
// megapixels) or a side over MaxSide (10,000) — from the header alone,
// before decoding, so a decompression bomb costs nothing. It crops the
// largest centred square and resizes it to LogoSize×LogoSize (500) with
// Catmull-Rom. The result is the whole logo a store keeps.
//
//	rule                                     path  code
//	no bytes                                 logo  required
//	over MaxBytes                            logo  too_long
//	not PNG, JPEG or GIF                     logo  not_supported
//	a corrupt header or image data,          logo  invalid
//	  or a zero width or height
//	over MaxPixels or MaxSide                logo  too_many
//
// # The service and the customer's status
//
//	operation                                  allowed when the customer's status
//	Upload, SetLogo                            CanCreate (active)
//	Rename, Delete, DeleteLogo                 CanUseExisting (active, suspended)
//	Get, Content, List, All, Usage, Logo       any for the organization (Service); through
//	                                           a Scope, CanUseExisting (active, suspended)
//
// A write checks the status again inside the store's transaction (and an
// upload its quota), so a status change or a concurrent upload racing it
// cannot slip through; Upload and SetLogo also check it before reading
// the body. Rename takes the Version the caller read (If-Match; 0: any).
// Content returns the bytes as a slice: an attachment is at most
// Limits.MaxSize bytes and adapters read a value whole. The logo is not an
// attachment and does not count towards the quota.
//
// Customer-facing code uses the Scope ForCustomer returns: it is the
// Service bound to one customer, and another customer's attachments are
// ErrNotFound through it. Roles and permissions are for the code that
// hands out the Scope.
//
// # The store
//
// Store keeps records and bytes apart: lists and gets return records
// only, GetAttachmentContent the record with its bytes, read together.
// CreateAttachment reads the customer and its Usage, calls the service's
// check (status and CheckQuota) and writes, in one transaction; the
// updater of UpdateAttachment and the checks of DeleteAttachment, PutLogo
// and DeleteLogo also receive the customer read in the write's
// transaction. The fields that describe the bytes (ID, CustomerID,
// ContentType, Size, SHA256, CreatedAt) are immutable. Lists are keyset
// pages in ID order per customer. Values and byte slices never alias the
// store's. Deleting a customer deletes its attachments and its logo in
// the same transaction. Package storage/storagetest checks all of it
// (RunAttachments).
//
// # Errors
//
// Every error matches exactly one sentinel of package customerkit:
//
//   - ErrInvalid: a *customerkit.ValidationError (subject "attachment" or
//     "logo") listing every problem of an upload, a name, a digest
//     (ParseDigest) or a logo, with the paths and codes above; of a Query
//     ("customer_id" required, "limit"), of a Rename ("version"); a
//     cursor a store did not produce for that list;
//   - ErrFailedPrecondition: a *QuotaError from CheckQuota or Upload; the
//     customer's status forbids the operation (see the table above);
//   - ErrNotFound: no such customer, attachment or logo, or another
//     customer's attachment through a Scope;
//   - ErrConflict: Rename with a Version that is no longer current;
//   - ErrPermissionDenied: a Scope bound to no customer.
//
// An error from the io.Reader given to Read or ProcessLogo (a client gone,
// a canceled request) is returned wrapped, as it is, like a canceled
// context elsewhere in the library.
package attachment
