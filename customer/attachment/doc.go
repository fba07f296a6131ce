// Package attachment owns the rules of customer attachments and of the
// customer logo: what an attachment record holds, how its content is read,
// measured, digested and typed, which names it may have, the size limit and
// the per-customer quota; and how a logo is checked and turned into a
// square PNG. It is pure domain code: storing attachments (records and
// bytes) and the service that lists, gets, renames and deletes them build
// on it. It imports the root package, github.com/oklog/ulid/v2,
// golang.org/x/image/draw and golang.org/x/text/unicode/norm; it decodes
// with image/png, image/jpeg and image/gif directly, registering nothing.
//
// # Attachments
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
// # Errors
//
// Every error matches one sentinel of package customerkit:
//
//   - ErrInvalid: a *customerkit.ValidationError (subject "attachment" or
//     "logo") listing every problem of an upload, a name, a digest
//     (ParseDigest) or a logo, with the paths and codes above;
//   - ErrFailedPrecondition: a *QuotaError from CheckQuota.
//
// An error from the io.Reader given to Read or ProcessLogo (a client gone,
// a canceled request) is returned wrapped, as it is, like a canceled
// context elsewhere in the library.
package attachment
