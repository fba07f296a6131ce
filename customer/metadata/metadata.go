package metadata

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strconv"

	"github.com/customerkit/customerkit"
)

// subject is the Subject of every *customerkit.ValidationError this package
// returns.
const subject = "metadata"

// Metadata is a customer's free-form key/value data.
//
// In canonical form (what Normalize returns and UnmarshalJSON produces) a
// value is one of:
//
//   - nil, string, float64 or bool (a scalar);
//   - map[string]any whose members are scalars (a nested object);
//   - []any whose elements are scalars (an array).
//
// A nil Metadata holds no keys and encodes as {}.
type Metadata map[string]any

// Clone returns a deep copy of m: nested objects (map[string]any or
// Metadata) and arrays ([]any) are copied at every depth, so the copy
// shares nothing mutable with m. Other values are copied as they are.
// Clone of nil is nil.
func (m Metadata) Clone() Metadata {
	if m == nil {
		return nil
	}
	out := make(Metadata, len(m))
	for k, v := range m {
		out[k] = cloneValue(v)
	}
	return out
}

func cloneValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		if v == nil {
			return v
		}
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = cloneValue(e)
		}
		return out
	case Metadata:
		return v.Clone()
	case []any:
		if v == nil {
			return v
		}
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = cloneValue(e)
		}
		return out
	default:
		return v
	}
}

// Equal reports whether a and b hold the same keys with equal values, as
// ValueEqual compares them. A nil Metadata equals an empty one.
func Equal(a, b Metadata) bool {
	return mapEqual(a, b)
}

func mapEqual(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for k, av := range a {
		bv, ok := b[k]
		if !ok || !ValueEqual(av, bv) {
			return false
		}
	}
	return true
}

// ValueEqual reports whether two metadata values are equal: numbers of any
// Go numeric type (and json.Number) compare as float64, strings byte for
// byte, objects and arrays member by member at any depth. A string never
// equals a number ("1" is not 1) and nil equals only nil.
//
// It is the comparison of the "metadata key = value" search filter, where
// only scalars are meaningful; a store that evaluates the filter itself must
// give the same answers.
func ValueEqual(a, b any) bool {
	if af, ok := number(a); ok {
		bf, ok := number(b)
		return ok && af == bf
	}
	switch a := a.(type) {
	case nil:
		return b == nil
	case string:
		bs, ok := b.(string)
		return ok && a == bs
	case bool:
		bb, ok := b.(bool)
		return ok && a == bb
	case map[string]any:
		bm, ok := object(b)
		return ok && mapEqual(a, bm)
	case Metadata:
		bm, ok := object(b)
		return ok && mapEqual(a, bm)
	case []any:
		bl, ok := b.([]any)
		if !ok || len(a) != len(bl) {
			return false
		}
		for i := range a {
			if !ValueEqual(a[i], bl[i]) {
				return false
			}
		}
		return true
	}
	return false
}

// object returns v as a map when it is a canonical object (map[string]any
// or Metadata).
func object(v any) (map[string]any, bool) {
	switch v := v.(type) {
	case map[string]any:
		return v, true
	case Metadata:
		return v, true
	}
	return nil, false
}

// number returns v as a float64 when v is a Go number or a json.Number that
// parses. It does not check for NaN or infinities.
func number(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case float32:
		return float64(v), true
	case int:
		return float64(v), true
	case int8:
		return float64(v), true
	case int16:
		return float64(v), true
	case int32:
		return float64(v), true
	case int64:
		return float64(v), true
	case uint:
		return float64(v), true
	case uint8:
		return float64(v), true
	case uint16:
		return float64(v), true
	case uint32:
		return float64(v), true
	case uint64:
		return float64(v), true
	case uintptr:
		return float64(v), true
	case json.Number:
		f, err := strconv.ParseFloat(string(v), 64)
		return f, err == nil
	}
	return 0, false
}

// MarshalJSON encodes m as a JSON object with its keys sorted (as
// encoding/json does for every map), so equal values always encode to the
// same bytes. A nil Metadata encodes as {}. A value JSON cannot encode (NaN,
// ±Inf, a channel, ...) is a *customerkit.ValidationError.
func (m Metadata) MarshalJSON() ([]byte, error) {
	if m == nil {
		return []byte("{}"), nil
	}
	b, err := json.Marshal(map[string]any(m))
	if err != nil {
		return nil, invalid("", "cannot encode as JSON: "+err.Error())
	}
	return b, nil
}

// UnmarshalJSON decodes a JSON object into m, replacing what m held, and
// normalises it as Normalize does: numbers become float64, and nesting
// deeper than one level, or a number out of float64's range, is a
// *customerkit.ValidationError. JSON null sets m to nil; any other
// non-object is a *customerkit.ValidationError at path "". Limits are not
// checked here: call Limits.Validate.
func (m *Metadata) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return invalid("", "not JSON: "+err.Error())
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return invalid("", "not JSON: data after the value")
	}
	switch raw := raw.(type) {
	case nil:
		*m = nil
		return nil
	case map[string]any:
		n, err := Normalize(raw)
		if err != nil {
			return err
		}
		*m = n
		return nil
	default:
		return invalid("", "metadata must be a JSON object")
	}
}

// EncodedSize returns the length in bytes of m's JSON encoding, as
// MarshalJSON writes it (2 for an empty or nil Metadata), or -1 when m holds
// a value JSON cannot encode. Limits.Validate measures the normalised value
// against Limits.MaxEncodedBytes with it.
func (m Metadata) EncodedSize() int {
	b, err := m.MarshalJSON()
	if err != nil {
		return -1
	}
	return len(b)
}

func invalid(path, detail string) error {
	return &customerkit.ValidationError{
		Subject: subject,
		Fields:  []customerkit.FieldError{{Path: path, Code: customerkit.CodeInvalid, Detail: detail}},
	}
}

// finite reports whether f is neither NaN nor infinite.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
