package attachment

import (
	"fmt"
	"strconv"

	"github.com/customerkit/customerkit"
)

// The defaults of Limits.
const (
	// DefaultMaxSize is the largest attachment: 10 MiB.
	DefaultMaxSize = 10 << 20
	// DefaultQuota is the total size of one customer's attachments:
	// 100 MiB.
	DefaultQuota = 100 << 20
	// DefaultMaxNameLength is the longest name, in characters (Unicode
	// code points after NFC): 255, the common file-system limit.
	DefaultMaxNameLength = 255
)

// Limits bound attachments. A nil *Limits, and every zero (or negative)
// field, means the default. A host that wants no quota sets Quota to
// math.MaxInt64.
type Limits struct {
	// MaxSize is the largest attachment in bytes; default DefaultMaxSize.
	// Read takes at most MaxSize+1 bytes from its reader.
	MaxSize int64
	// Quota is the total size in bytes of one customer's attachments;
	// default DefaultQuota.
	Quota int64
	// MaxNameLength is the longest name in characters; default
	// DefaultMaxNameLength.
	MaxNameLength int
}

// withDefaults returns a copy of l with every default filled in.
func (l *Limits) withDefaults() Limits {
	var d Limits
	if l != nil {
		d = *l
	}
	if d.MaxSize <= 0 {
		d.MaxSize = DefaultMaxSize
	}
	if d.Quota <= 0 {
		d.Quota = DefaultQuota
	}
	if d.MaxNameLength <= 0 {
		d.MaxNameLength = DefaultMaxNameLength
	}
	return d
}

// CheckQuota reports whether a customer whose attachments already use used
// bytes may add size more. (To replace an attachment, pass the usage
// without it.) Over the quota it returns a *QuotaError, which matches
// customerkit.ErrFailedPrecondition; a negative used or size is a
// *customerkit.ValidationError. It cannot overflow.
func CheckQuota(used, size int64, limits *Limits) error {
	l := limits.withDefaults()
	ve := &customerkit.ValidationError{Subject: "attachment"}
	if used < 0 {
		ve.Add("used", customerkit.CodeInvalid, "not negative")
	}
	if size < 0 {
		ve.Add("size", customerkit.CodeInvalid, "not negative")
	}
	if err := ve.Err(); err != nil {
		return err
	}
	if used > l.Quota || size > l.Quota-used {
		return &QuotaError{Used: used, Size: size, Quota: l.Quota}
	}
	return nil
}

// QuotaError reports an attachment that would take a customer over its
// quota. It matches customerkit.ErrFailedPrecondition through errors.Is.
type QuotaError struct {
	// Used is what the customer's attachments already use, in bytes.
	Used int64
	// Size is the size of the attachment refused.
	Size int64
	// Quota is the customer's quota.
	Quota int64
}

func (e *QuotaError) Error() string {
	return fmt.Sprintf("attachment: %s bytes more would exceed the quota: %s of %s bytes used",
		strconv.FormatInt(e.Size, 10), strconv.FormatInt(e.Used, 10), strconv.FormatInt(e.Quota, 10))
}

// Is reports whether target is customerkit.ErrFailedPrecondition.
func (e *QuotaError) Is(target error) bool { return target == customerkit.ErrFailedPrecondition }
