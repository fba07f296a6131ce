package metadata

import (
	"fmt"

	"github.com/customerkit/customerkit"
)

// The default limits; see Limits.
const (
	DefaultMaxKeys         = 50
	DefaultMaxKeyLength    = 40
	DefaultMaxStringLength = 500
	DefaultMaxEncodedBytes = 8 << 10
)

// Limits bounds the size of a Metadata value. A zero (or negative) field
// means its default, so the zero Limits is DefaultLimits. The host sets its
// own limits in the customer service's options.
type Limits struct {
	// MaxKeys bounds the number of top-level keys, and separately the
	// number of members of each nested object and of elements of each
	// array. Default 50.
	MaxKeys int
	// MaxKeyLength bounds every key, top-level or nested, in characters
	// (runes). Default 40.
	MaxKeyLength int
	// MaxStringLength bounds every string value, top-level, nested or in
	// an array, in characters (runes). Default 500.
	MaxStringLength int
	// MaxEncodedBytes bounds the whole value encoded as JSON (as
	// Metadata.MarshalJSON writes it, see Metadata.EncodedSize), in bytes.
	// Default 8192 (8 KiB).
	MaxEncodedBytes int
}

// DefaultLimits returns the limits used when the host sets none: 50 keys,
// keys of at most 40 characters, strings of at most 500 characters, 8 KiB
// encoded as JSON.
func DefaultLimits() Limits {
	return Limits{
		MaxKeys:         DefaultMaxKeys,
		MaxKeyLength:    DefaultMaxKeyLength,
		MaxStringLength: DefaultMaxStringLength,
		MaxEncodedBytes: DefaultMaxEncodedBytes,
	}
}

// withDefaults returns l with every zero or negative field set to its
// default.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxKeys <= 0 {
		l.MaxKeys = d.MaxKeys
	}
	if l.MaxKeyLength <= 0 {
		l.MaxKeyLength = d.MaxKeyLength
	}
	if l.MaxStringLength <= 0 {
		l.MaxStringLength = d.MaxStringLength
	}
	if l.MaxEncodedBytes <= 0 {
		l.MaxEncodedBytes = d.MaxEncodedBytes
	}
	return l
}

// Validate checks m against the limits and the value model. It returns nil,
// or a *customerkit.ValidationError (Subject "metadata") that lists every
// problem, in a fixed order: too many keys first, then each key in sorted
// order (the key's own problems, then its value's, then its members' or
// elements'), then the encoded size last.
//
// Paths are relative, for the caller to prefix with customerkit.JoinPath:
// `["plan"]`, `["limits"]["seats"]`, `["tags"][2]`, and "" for the whole
// object. Codes:
//
//   - customerkit.CodeTooMany: more than MaxKeys keys (path ""), members of
//     a nested object or elements of an array (the value's path);
//   - customerkit.CodeTooLong: a key longer than MaxKeyLength, a string
//     longer than MaxStringLength, or the JSON encoding larger than
//     MaxEncodedBytes (path "");
//   - customerkit.CodeInvalid: an empty key, a key that is not valid UTF-8
//     or holds a control character, a string that is not valid UTF-8,
//     nesting deeper than one level, NaN or ±Inf, an unsupported type.
//
// m need not be normalised: Validate accepts every value Normalize accepts
// and measures the encoded size of the normalised value.
func (l Limits) Validate(m Metadata) error {
	_, err := l.check(m)
	return err
}

// check validates m and returns its normalised copy.
func (l Limits) check(m Metadata) (Metadata, error) {
	l = l.withDefaults()
	c := checker{ve: customerkit.ValidationError{Subject: subject}, lim: l, limits: true}
	var n Metadata
	if m != nil {
		n = c.walk(m)
	}
	// Encoding is measured only when a cheap upper bound does not already
	// show the value is small enough.
	if sizeBound(n) > l.MaxEncodedBytes {
		if size := n.EncodedSize(); size > l.MaxEncodedBytes {
			c.ve.Add("", customerkit.CodeTooLong, fmt.Sprintf("encoded as JSON it takes %d bytes, at most %d allowed", size, l.MaxEncodedBytes))
		}
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	return n, nil
}

// Replace returns the value a whole-object replacement stores: v
// normalised, after checking it against l. The result is never nil (an
// empty or nil v gives an empty Metadata). The error is a
// *customerkit.ValidationError as Validate returns it.
//
// Replace is pure; guarding the write with the version the caller read is
// the customer service's business.
func (l Limits) Replace(v Metadata) (Metadata, error) {
	n, err := l.check(v)
	if err != nil {
		return nil, err
	}
	if n == nil {
		n = Metadata{}
	}
	return n, nil
}

// Merge returns the value a merge-patch stores: patch normalised, merged
// into current with the package function Merge, and the whole result
// normalised and checked against l (so a patch may delete keys that no
// longer meet the limits, but the result must meet them). The result is
// never nil. Problems in the patch's shape are reported with the patch's
// paths; limit problems with the result's.
//
// Merge is pure and mutates neither argument, so it can run inside a
// store's updater closure any number of times.
func (l Limits) Merge(current, patch Metadata) (Metadata, error) {
	p, err := Normalize(patch)
	if err != nil {
		return nil, err
	}
	return l.Replace(Merge(current, p))
}

// maxNumberLen bounds the JSON encoding of a float64 ("-1.2345678901234567e-308").
const maxNumberLen = 25

// sizeBound returns an upper bound of the JSON encoding's length of a
// normalised value: every string byte counted as the six of a \u escape.
func sizeBound(v any) int {
	switch v := v.(type) {
	case nil:
		return 4
	case bool:
		return 5
	case float64:
		return maxNumberLen
	case string:
		return 2 + 6*len(v)
	case Metadata:
		return sizeBound(map[string]any(v))
	case map[string]any:
		n := 2
		for k, e := range v {
			n += 2 + 6*len(k) + 2 + sizeBound(e)
		}
		return n
	case []any:
		n := 2
		for _, e := range v {
			n += 1 + sizeBound(e)
		}
		return n
	}
	return 1 << 30 // unknown: measure
}
