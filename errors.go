package customerkit

import (
	"errors"
	"strconv"
	"strings"
)

// The shared error vocabulary. Every error the library returns matches
// exactly one of these with errors.Is.
var (
	// ErrNotFound: no such record, or not visible in this scope.
	ErrNotFound = errors.New("customerkit: not found")
	// ErrAlreadyExists: a uniqueness rule would be broken (email, customer
	// key, subdomain, hostname, external ID, ...). The error is usually an
	// *AlreadyExistsError naming the field.
	ErrAlreadyExists = errors.New("customerkit: already exists")
	// ErrConflict: the record changed since it was read (stale version).
	ErrConflict = errors.New("customerkit: conflict")
	// ErrInvalid: input failed validation; the error is a *ValidationError
	// (or, from a leaf package such as legaldoc, an error that names the rule).
	ErrInvalid = errors.New("customerkit: invalid")
	// ErrFailedPrecondition: the record's state forbids the operation
	// (status rules, not deployable, quota, children still present).
	ErrFailedPrecondition = errors.New("customerkit: failed precondition")
	// ErrPermissionDenied: the acting user's role or scope does not allow it.
	ErrPermissionDenied = errors.New("customerkit: permission denied")
)

// Stable machine codes of a FieldError. Packages may add their own codes;
// these are the ones every package shares.
const (
	CodeRequired     = "required"      // a required value is missing
	CodeInvalid      = "invalid"       // the value has the wrong shape or fails a rule
	CodeTooLong      = "too_long"      // the value is longer than allowed
	CodeTooMany      = "too_many"      // a collection has more entries than allowed
	CodeNotSupported = "not_supported" // the value is well formed but not one the library accepts
	CodeDuplicate    = "duplicate"     // the value repeats one that must be unique within the input
	CodeChecksum     = "checksum"      // the value has the right shape but a wrong check digit
	CodeImmutable    = "immutable"     // the field may not change once set
)

// FieldError is one problem with one field of an input.
type FieldError struct {
	// Path names the field: "email", "telephones[1].number",
	// `metadata["plan"]`.
	Path string `json:"path"`
	// Code is one of the Code constants (or a package-specific code).
	Code string `json:"code"`
	// Detail is a human-readable explanation of the rule that failed.
	Detail string `json:"detail,omitempty"`
}

// String returns "path: code: detail", leaving out an empty path or detail.
func (f FieldError) String() string {
	s := f.Code
	if f.Path != "" {
		s = f.Path + ": " + s
	}
	if f.Detail != "" {
		s += ": " + f.Detail
	}
	return s
}

// ValidationError holds every problem found in an input, in the order they
// were found. It matches ErrInvalid through errors.Is.
type ValidationError struct {
	// Subject names what was validated ("customer", "metadata", ...).
	Subject string `json:"subject,omitempty"`
	// Fields lists every problem found; it is never empty in a returned error.
	Fields []FieldError `json:"fields"`
}

// Error reports the subject and every field problem.
func (e *ValidationError) Error() string {
	var b strings.Builder
	if e.Subject != "" {
		b.WriteString(e.Subject)
		b.WriteString(": ")
	}
	b.WriteString("invalid input")
	for i, f := range e.Fields {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(f.String())
	}
	return b.String()
}

// Is reports whether target is ErrInvalid.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// Add records one problem.
//
// Add is not inlined: validation calls it on rare paths from many places,
// and an inlined append at each would lengthen the code that valid input
// runs through.
//
//go:noinline
func (e *ValidationError) Add(path, code, detail string) {
	e.Fields = append(e.Fields, FieldError{Path: path, Code: code, Detail: detail})
}

// Merge records every problem of other under the path prefix (which may be
// empty). Errors that are not a *ValidationError are recorded as one
// CodeInvalid problem at prefix.
func (e *ValidationError) Merge(prefix string, other error) {
	if other == nil {
		return
	}
	var ve *ValidationError
	if !errors.As(other, &ve) {
		e.Add(prefix, CodeInvalid, other.Error())
		return
	}
	for _, f := range ve.Fields {
		e.Fields = append(e.Fields, FieldError{Path: JoinPath(prefix, f.Path), Code: f.Code, Detail: f.Detail})
	}
}

// Has reports whether a problem was recorded at path (any code).
func (e *ValidationError) Has(path string) bool {
	for _, f := range e.Fields {
		if f.Path == path {
			return true
		}
	}
	return false
}

// Err returns e when it holds at least one problem, and nil otherwise, so a
// validator can collect into a ValidationError and return e.Err().
func (e *ValidationError) Err() error {
	if e == nil || len(e.Fields) == 0 {
		return nil
	}
	return e
}

// JoinPath joins a field path prefix and a child path: JoinPath("addresses[0]",
// "city") is "addresses[0].city"; an index or key child (starting with "[")
// is appended without a dot.
func JoinPath(prefix, child string) string {
	switch {
	case prefix == "":
		return child
	case child == "":
		return prefix
	case child[0] == '[':
		return prefix + child
	default:
		return prefix + "." + child
	}
}

// IndexPath returns the path of element i of the list at prefix:
// IndexPath("telephones", 1) is "telephones[1]".
func IndexPath(prefix string, i int) string {
	return prefix + "[" + strconv.Itoa(i) + "]"
}

// KeyPath returns the path of key k of the map at prefix:
// KeyPath("metadata", "plan") is `metadata["plan"]`.
func KeyPath(prefix, key string) string {
	return prefix + "[" + strconv.Quote(key) + "]"
}

// AlreadyExistsError reports the uniqueness rule an operation would break.
// It matches ErrAlreadyExists through errors.Is.
type AlreadyExistsError struct {
	// Resource is what the rule belongs to ("customer", "user", ...).
	Resource string
	// Field is the unique field ("email", "subdomain", ...).
	Field string
}

func (e *AlreadyExistsError) Error() string {
	return e.Resource + ": " + e.Field + " already exists"
}

// Is reports whether target is ErrAlreadyExists.
func (e *AlreadyExistsError) Is(target error) bool { return target == ErrAlreadyExists }
