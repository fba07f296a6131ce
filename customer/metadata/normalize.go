package metadata

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/customerkit/customerkit"
)

// Normalize returns a deep copy of v in canonical form:
//
//   - every Go integer, unsigned integer and float32 becomes float64
//     (integers beyond ±2^53 lose precision, as they do in JSON);
//   - a json.Number becomes the float64 it parses to;
//   - a named type whose kind is string, bool or a number becomes that
//     basic type;
//   - a map with string keys (map[string]any, Metadata, map[string]string,
//     ...) becomes map[string]any, and a slice or array other than []byte
//     ([]any, []string, []int, ...) becomes []any;
//   - a nil map or slice becomes nil, as encoding/json writes it (null);
//   - -0 becomes 0.
//
// It refuses, with a *customerkit.ValidationError listing every problem
// (code customerkit.CodeInvalid), NaN and ±Inf, numbers outside float64's
// range, nesting deeper than one level (an object's members and an array's
// elements must be scalars), and every other type (pointers, structs,
// []byte, ...). Paths are relative: `["plan"]`, `["limits"]["seats"]`,
// `["tags"][2]`.
//
// Normalize checks no limit and no key or string rule: that is
// Limits.Validate. Normalize of nil is nil; a normalised value normalises to
// itself.
func Normalize(v Metadata) (Metadata, error) {
	if v == nil {
		return nil, nil
	}
	c := checker{ve: customerkit.ValidationError{Subject: subject}}
	out := c.walk(v)
	if err := c.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// checker walks a value once, normalising it into a copy and recording
// every problem. Without limits it checks only the shape (Normalize); with
// limits it also checks keys, strings, counts (Limits.Validate). It holds
// its error and limits by value, so a checker on the stack leaves nothing
// on the heap when the value is valid.
//
// A walk visits an object's members in map order, which is all a valid
// value needs. Problems are reported in key order: a walk that found any
// is thrown away and the value walked again with sorted set, so the cost
// of sorting falls on invalid values only.
type checker struct {
	ve     customerkit.ValidationError
	lim    Limits
	limits bool // check lim too
	sorted bool // visit members in key order
}

// walk normalises the whole value m. A walk that found problems is
// thrown away and m walked again in key order, so that the report does
// not depend on the map's order.
func (c *checker) walk(m map[string]any) map[string]any {
	out := c.object(m, "", false)
	if len(c.ve.Fields) > 0 {
		*c = checker{ve: customerkit.ValidationError{Subject: subject}, lim: c.lim, limits: c.limits, sorted: true}
		out = c.object(m, "", false)
	}
	return out
}

// err returns the problems recorded, as a *customerkit.ValidationError of
// its own, or nil.
func (c *checker) err() error {
	if len(c.ve.Fields) == 0 {
		return nil
	}
	ve := c.ve
	return &ve
}

// loc is the position of a value, turned into a path only when a problem
// is recorded or a container is entered, so valid input builds no path.
type loc struct {
	parent string // path of the enclosing container, "" at the top level
	key    string // the member's key, when index < 0
	index  int    // the element's index, or -1
}

func (l loc) String() string {
	if l.index >= 0 {
		return customerkit.IndexPath(l.parent, l.index)
	}
	return customerkit.KeyPath(l.parent, l.key)
}

// object normalises the members of m (the whole Metadata at path "" when
// nested is false, a nested object otherwise), in key order when c.sorted
// is set.
func (c *checker) object(m map[string]any, path string, nested bool) map[string]any {
	if c.limits && len(m) > c.lim.MaxKeys {
		what := "keys"
		if nested {
			what = "members"
		}
		c.ve.Add(path, customerkit.CodeTooMany, fmt.Sprintf("%d %s, at most %d allowed", len(m), what, c.lim.MaxKeys))
	}
	if !c.sorted {
		// A clone of m copies its memory in one piece; only the values
		// that normalising changed are written again (each write hashes
		// its key), and most values are canonical already.
		out := maps.Clone(m)
		for k, v := range m {
			if nv, same := c.member(k, v, path, nested); !same {
				out[k] = nv
			}
		}
		return out
	}
	out := make(map[string]any, len(m))
	var buf [16]member // the members of a usual object, without an allocation
	for _, e := range sortedMembers(m, buf[:0]) {
		out[e.key], _ = c.member(e.key, e.value, path, nested)
	}
	return out
}

// member checks the key k of an object at path and returns its value v
// normalised, as value does.
func (c *checker) member(k string, v any, path string, nested bool) (any, bool) {
	at := loc{parent: path, key: k, index: -1}
	if c.limits {
		c.key(k, at)
	}
	return c.value(v, at, nested)
}

func (c *checker) list(l []any, path string) []any {
	if c.limits && len(l) > c.lim.MaxKeys {
		c.ve.Add(path, customerkit.CodeTooMany, fmt.Sprintf("%d elements, at most %d allowed", len(l), c.lim.MaxKeys))
	}
	out := make([]any, len(l))
	for i, e := range l {
		out[i], _ = c.value(e, loc{parent: path, index: i}, true)
	}
	return out
}

// value normalises one value at at; nested reports whether it sits inside
// an object or array value, where only scalars are allowed. A value with a
// problem becomes nil in the copy. same reports that the result is v
// itself, a scalar already canonical, which the copy may share.
func (c *checker) value(v any, at loc, nested bool) (out any, same bool) {
	if s, problem, same, ok := scalar(v); ok {
		if problem != "" {
			c.ve.Add(at.String(), customerkit.CodeInvalid, problem)
			return nil, false
		}
		if str, isString := s.(string); isString && c.limits {
			c.str(str, at)
		}
		return s, same
	}
	if m, ok := asObject(v); ok {
		if nested {
			c.ve.Add(at.String(), customerkit.CodeInvalid, "nesting too deep: an object's members must be string, number, boolean or null")
			return nil, false
		}
		if m == nil {
			return nil, false
		}
		return c.object(m, at.String(), true), false
	}
	if l, isNil, ok := asList(v); ok {
		if nested {
			c.ve.Add(at.String(), customerkit.CodeInvalid, "nesting too deep: an array's elements must be string, number, boolean or null")
			return nil, false
		}
		if isNil {
			return nil, false
		}
		return c.list(l, at.String()), false
	}
	c.ve.Add(at.String(), customerkit.CodeInvalid, fmt.Sprintf("unsupported type %T", v))
	return nil, false
}

func (c *checker) key(k string, at loc) {
	if k == "" {
		c.ve.Add(at.String(), customerkit.CodeInvalid, "key is empty")
		return
	}
	if printableASCII(k) && len(k) <= c.lim.MaxKeyLength {
		return // the usual key: ASCII without a control character, short enough
	}
	if !utf8.ValidString(k) {
		c.ve.Add(at.String(), customerkit.CodeInvalid, "key is not valid UTF-8")
	} else if i := indexControl(k); i >= 0 {
		c.ve.Add(at.String(), customerkit.CodeInvalid, fmt.Sprintf("key contains a control character at byte %d", i))
	}
	if n := utf8.RuneCountInString(k); n > c.lim.MaxKeyLength {
		c.ve.Add(at.String(), customerkit.CodeTooLong, fmt.Sprintf("key has %d characters, at most %d allowed", n, c.lim.MaxKeyLength))
	}
}

func (c *checker) str(s string, at loc) {
	if printableASCII(s) && len(s) <= c.lim.MaxStringLength {
		return
	}
	if !utf8.ValidString(s) {
		c.ve.Add(at.String(), customerkit.CodeInvalid, "string is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > c.lim.MaxStringLength {
		c.ve.Add(at.String(), customerkit.CodeTooLong, fmt.Sprintf("string has %d characters, at most %d allowed", n, c.lim.MaxStringLength))
	}
}

// printableASCII reports whether s is all ASCII without a C0 control
// character or DEL: then its characters are its bytes and it is valid
// UTF-8, which one pass tells. Anything else is for the general checks.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// indexControl returns the byte offset of the first control character
// (Unicode category Cc: C0, DEL, C1) in s, or -1.
func indexControl(s string) int {
	for i, r := range s {
		if unicode.IsControl(r) {
			return i
		}
	}
	return -1
}

// scalar converts v to a canonical scalar. ok is false when v is not a
// scalar at all; problem is set when it is one but cannot be accepted.
// A canonical scalar is returned as the same interface value, with same
// set, so valid input is not boxed again.
func scalar(v any) (out any, problem string, same, ok bool) {
	switch x := v.(type) {
	case nil, string, bool:
		return v, "", true, true
	case float64:
		if finite(x) && x != 0 {
			return v, "", true, true
		}
		out, problem = checkFloat(x)
		return out, problem, false, true
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil {
			if ne, isNum := err.(*strconv.NumError); isNum && ne.Err == strconv.ErrRange {
				return nil, "number out of range", false, true
			}
			return nil, "not a number", false, true
		}
		out, problem = checkFloat(f)
		return out, problem, false, true
	}
	if f, isNum := number(v); isNum {
		out, problem = checkFloat(f)
		return out, problem, false, true
	}
	// Named types of a basic kind (type Plan string, ...).
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return rv.String(), "", false, true
	case reflect.Bool:
		return rv.Bool(), "", false, true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), "", false, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return float64(rv.Uint()), "", false, true
	case reflect.Float32, reflect.Float64:
		out, problem = checkFloat(rv.Float())
		return out, problem, false, true
	}
	return nil, "", false, false
}

func checkFloat(f float64) (any, string) {
	if !finite(f) {
		return nil, "number is NaN or infinite"
	}
	if f == 0 {
		f = 0 // -0 and 0 encode differently; keep one zero
	}
	return f, ""
}

// asObject returns v as a map[string]any when it is a map with string keys.
// A nil map is returned as nil with ok true.
func asObject(v any) (map[string]any, bool) {
	switch v := v.(type) {
	case map[string]any:
		return v, true
	case Metadata:
		return v, true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Map || rv.Type().Key().Kind() != reflect.String {
		return nil, false
	}
	if rv.IsNil() {
		return nil, true
	}
	out := make(map[string]any, rv.Len())
	for it := rv.MapRange(); it.Next(); {
		out[it.Key().String()] = it.Value().Interface()
	}
	return out, true
}

// asList returns v as a []any when it is a slice or array other than []byte.
func asList(v any) (l []any, isNil, ok bool) {
	if l, ok := v.([]any); ok {
		return l, l == nil, true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice:
		if rv.Type().Elem().Kind() == reflect.Uint8 { // []byte: JSON would make it base64 text
			return nil, false, false
		}
		if rv.IsNil() {
			return nil, true, true
		}
	case reflect.Array:
	default:
		return nil, false, false
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out, false, true
}

// member is a key of an object and its value.
type member struct {
	key   string
	value any
}

// sortedMembers appends the members of m to buf, sorted by key, and
// returns the result: one pass over the map, no look-up afterwards.
func sortedMembers(m map[string]any, buf []member) []member {
	for k, v := range m {
		buf = append(buf, member{k, v})
	}
	slices.SortFunc(buf, func(a, b member) int { return strings.Compare(a.key, b.key) })
	return buf
}
