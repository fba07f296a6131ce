package legaldoc

import "github.com/customerkit/customerkit"

// The errors Validate, Normalize and Format return, always wrapped with the
// type and the rule that failed. Each also matches customerkit.ErrInvalid
// through errors.Is.
var (
	// ErrUnknownType: the type is not registered.
	ErrUnknownType error = &docError{"unknown legal document type"}
	// ErrCountry: the country is not one that issues the type, contradicts
	// the country prefix of the value, or is needed (a type issued by
	// several countries, with no prefix in the value) and missing.
	ErrCountry error = &docError{"country does not match the document"}
	// ErrFormat: wrong length, characters, prefix, structure or embedded
	// date; an empty value.
	ErrFormat error = &docError{"invalid format"}
	// ErrChecksum: the shape is right but a check digit is wrong (returned
	// at LevelChecksum only).
	ErrChecksum error = &docError{"wrong check digit"}
)

// docError is the type of the package's sentinels.
type docError struct{ msg string }

func (e *docError) Error() string { return e.msg }

// Is reports whether target is customerkit.ErrInvalid, so that every
// sentinel of the package also matches the shared vocabulary.
func (e *docError) Is(target error) bool { return target == customerkit.ErrInvalid }
