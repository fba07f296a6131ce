// Package metadata owns the rules of a customer's free-form metadata
// (customer_metadata): its value model, its limits, its validation, and the
// two ways to change it, a merge patch (RFC 7396) and a whole replacement.
//
// Everything here is pure: no store, no clock, no global state. The customer
// package stores the value and guards writes with the record's version;
// storage adapters store the JSON encoding and answer the "metadata key =
// value" filter with ValueEqual's semantics.
//
// # Value model
//
// A Metadata maps string keys to values. In canonical form (what Normalize
// returns and UnmarshalJSON produces) a value is:
//
//	JSON          Go
//	string        string
//	number        float64 (finite: no NaN, no ±Inf)
//	true, false   bool
//	null          nil
//	object        map[string]any whose members are scalars (the four above)
//	array         []any whose elements are scalars
//
// Only one level of nesting exists: an object's members and an array's
// elements are scalars, never objects or arrays. Normalize turns other Go
// types into this form (integers and float32 to float64, json.Number to
// float64, []string to []any, map[string]string to map[string]any, ...) and
// refuses what has no JSON scalar meaning.
//
// # Limits
//
// Limits.Validate checks a value against the host's Limits; a zero field
// means its default. Lengths count characters (runes), not bytes.
//
//	rule                                   default  code
//	top-level keys                         50       customerkit.CodeTooMany   at ""
//	members of a nested object             50       customerkit.CodeTooMany   at `["k"]`
//	elements of an array                   50       customerkit.CodeTooMany   at `["k"]`
//	key length (top-level and nested)      40       customerkit.CodeTooLong   at `["k"]`
//	string length (anywhere)               500      customerkit.CodeTooLong   at the value
//	JSON encoding of the whole value       8 KiB    customerkit.CodeTooLong   at ""
//	key empty, not UTF-8, control chars    -        customerkit.CodeInvalid   at the key
//	string not UTF-8                       -        customerkit.CodeInvalid   at the value
//	nesting too deep, NaN/±Inf, bad type   -        customerkit.CodeInvalid   at the value
//
// The encoded size is that of Metadata.MarshalJSON (encoding/json with
// sorted keys), reported by Metadata.EncodedSize.
//
// # Merge semantics
//
// Merge applies a patch as RFC 7396 does, within one nesting level:
//
//	patch value        value in dst          result
//	null               anything or absent    key deleted
//	object             object                members merged: null member deletes,
//	                                         other members replace
//	object             not an object/absent  patch object without its null members
//	array              anything or absent    replaced whole (arrays never merge)
//	scalar             anything or absent    replaced
//	(key absent)       anything              kept
//
// Merge never mutates its arguments and returns a map that shares nothing
// with them, so it can run inside a store's updater closure any number of
// times; it is idempotent. It checks no limit: validate the result with
// Limits.Validate, or call Limits.Merge, which normalises the patch, merges
// and validates in one step. Limits.Replace is the whole-object
// counterpart. Neither knows about versions: guarding a write with the
// version the caller read is the customer service's business.
//
// # Errors
//
// Every error the package returns is a *customerkit.ValidationError with
// Subject "metadata", matching customerkit.ErrInvalid through errors.Is. It
// lists every problem found, in a deterministic order (keys sorted), with
// paths relative to the metadata value so the caller can prefix them:
//
//	ve.Merge("metadata", err) // `metadata["plan"]`, `metadata["tags"][2]`
package metadata
