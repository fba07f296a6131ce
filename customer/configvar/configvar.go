package configvar

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/internal/configtext"
)

// Limits of a config variable.
const (
	// MaxKeyLength is the longest key, in bytes.
	MaxKeyLength = configtext.MaxKeyLength
	// MaxValueLength is the longest value, in bytes: the longest value
	// of an integration's config variable, so that a value an instance
	// takes from a customer's variable always fits.
	MaxValueLength = 64 << 10
	// MaxDescriptionLength is the longest description, in characters.
	MaxDescriptionLength = 500
	// DefaultMaxPerCustomer is how many config variables a customer may
	// have when Options.MaxPerCustomer is zero.
	DefaultMaxPerCustomer = 200
)

// Kind says what a config variable's value holds, and so how it is
// checked.
type Kind string

// The kinds.
const (
	// KindText: any text.
	KindText Kind = "text"
	// KindJSON: one JSON value (RFC 8259), kept as written.
	KindJSON Kind = "json"
	// KindXML: a well-formed XML document with one root element, kept as
	// written.
	KindXML Kind = "xml"
	// KindHTML: HTML, kept as written and not checked (any text).
	KindHTML Kind = "html"
)

// Kinds returns every kind.
func Kinds() []Kind { return []Kind{KindText, KindJSON, KindXML, KindHTML} }

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds(), k) }

// Variable is one of a customer's config variables: a key and a text
// value that every instance of the customer may take for one of its own
// variables (see package instance), so one value serves them all.
type Variable struct {
	// CustomerID names the customer the variable belongs to; immutable.
	CustomerID ulid.ULID `json:"customer_id"`
	// Key identifies the variable within its customer (ValidKey);
	// immutable. Keys are case-sensitive.
	Key string `json:"key"`
	// Kind says how Value is checked; immutable (delete the variable and
	// create it again to change it), so an instance that takes the
	// value knows what it gets.
	Kind Kind `json:"kind"`
	// Value is the text, as written: CheckValue(Kind, Value) holds.
	Value string `json:"value"`
	// Description says what the value is for; optional.
	Description string `json:"description,omitempty"`
	// UsedBy lists the instances that take this value, in ID order. The
	// store fills it on every read, from the instances' references; it
	// is not written.
	UsedBy []ulid.ULID `json:"used_by,omitempty"`

	// Version increments on every write.
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Clone returns a deep copy of v.
func (v *Variable) Clone() *Variable {
	if v == nil {
		return nil
	}
	d := *v
	d.UsedBy = slices.Clone(v.UsedBy)
	return &d
}

// Ref is what an instance stores for a variable that takes its value from
// one of its customer's config variables: the variable's key and its kind
// as it was when the reference was made. A store keeps references intact:
// it refuses to store one naming a variable the customer does not have
// with that kind, and to delete a variable while a reference names it.
type Ref struct {
	Key  string `json:"key"`
	Kind Kind   `json:"kind"`
}

// String returns the key and kind of r, as "crm_mapping (json)".
func (r Ref) String() string { return r.Key + " (" + string(r.Kind) + ")" }

// ValidKey reports whether k is a valid key: a letter or '_' followed by
// letters, digits and '_' (ASCII), at most MaxKeyLength bytes.
func ValidKey(k string) bool { return configtext.ValidKey(k) }

// CheckValue checks s as a value of kind k and returns a
// *customerkit.ValidationError with one problem at the empty path (merge
// it under the value's path), or nil. Every value is valid UTF-8 without
// NUL characters (which PostgreSQL cannot store in text), at most
// MaxValueLength bytes; a JSON value must be valid JSON and an XML value
// a well-formed document with one root element. Values are kept as
// written: CheckValue does not rewrite them.
func CheckValue(k Kind, s string) error {
	switch {
	case !k.Valid():
		return valueError(customerkit.CodeNotSupported, "unknown kind "+strconv.Quote(string(k)))
	case len(s) > MaxValueLength:
		return valueError(customerkit.CodeTooLong, "longer than "+strconv.Itoa(MaxValueLength)+" bytes")
	case !utf8.ValidString(s):
		return valueError(customerkit.CodeInvalid, "not valid UTF-8")
	case strings.IndexByte(s, 0) >= 0:
		return valueError(customerkit.CodeInvalid, "holds a NUL character")
	}
	switch k {
	case KindJSON:
		if !configtext.ValidJSON(s) {
			return valueError(customerkit.CodeInvalid, "not valid JSON")
		}
	case KindXML:
		if detail := configtext.CheckXML(s); detail != "" {
			return valueError(customerkit.CodeInvalid, detail)
		}
	}
	return nil
}

func valueError(code, detail string) error {
	return &customerkit.ValidationError{Subject: "config variable", Fields: []customerkit.FieldError{{Code: code, Detail: detail}}}
}

// Input is a config variable to create.
type Input struct {
	// Key is required (ValidKey).
	Key string `json:"key"`
	// Kind defaults to KindText.
	Kind Kind `json:"kind,omitempty"`
	// Value must fit Kind (CheckValue); it may be empty for KindText and
	// KindHTML.
	Value string `json:"value"`
	// Description is optional; it is trimmed.
	Description string `json:"description,omitempty"`
}

// Patch changes a config variable: a field left nil keeps its value.
type Patch struct {
	// Value, when set, replaces the value; it must fit the variable's
	// kind.
	Value *string `json:"value,omitempty"`
	// Description, when set, replaces the description.
	Description *string `json:"description,omitempty"`
	// Version, when not zero, is the version the caller read: the update
	// fails with ErrConflict if the variable changed since.
	Version int64 `json:"version,omitempty"`
}

// normalize checks in and returns the variable it describes, without its
// customer, version and times, or a *customerkit.ValidationError with
// every problem.
func (in Input) normalize() (*Variable, error) {
	ve := &customerkit.ValidationError{Subject: "config variable"}
	v := &Variable{Key: in.Key, Kind: in.Kind, Value: in.Value}
	switch {
	case v.Key == "":
		ve.Add("key", customerkit.CodeRequired, "")
	case len(v.Key) > MaxKeyLength:
		ve.Add("key", customerkit.CodeTooLong, "at most "+strconv.Itoa(MaxKeyLength)+" bytes")
	case !ValidKey(v.Key):
		ve.Add("key", customerkit.CodeInvalid, "a letter or '_' followed by letters, digits and '_'")
	}
	if v.Kind == "" {
		v.Kind = KindText
	}
	if !v.Kind.Valid() {
		ve.Add("kind", customerkit.CodeNotSupported, "one of text, json, xml, html")
	} else {
		ve.Merge("value", CheckValue(v.Kind, v.Value))
	}
	v.Description = description(ve, in.Description)
	if err := ve.Err(); err != nil {
		return nil, err
	}
	return v, nil
}

// apply checks p against v and sets what it changes, or returns a
// *customerkit.ValidationError with every problem (v unchanged).
func (p Patch) apply(v *Variable) error {
	ve := &customerkit.ValidationError{Subject: "config variable"}
	value, desc := v.Value, v.Description
	if p.Value != nil {
		value = *p.Value
		ve.Merge("value", CheckValue(v.Kind, value))
	}
	if p.Description != nil {
		desc = description(ve, *p.Description)
	}
	if err := ve.Err(); err != nil {
		return err
	}
	v.Value, v.Description = value, desc
	return nil
}

// description checks a description and returns it trimmed.
func description(ve *customerkit.ValidationError, s string) string {
	s = strings.TrimSpace(s)
	switch {
	case !utf8.ValidString(s):
		ve.Add("description", customerkit.CodeInvalid, "not valid UTF-8")
	case strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) >= 0:
		ve.Add("description", customerkit.CodeInvalid, "holds control characters")
	case utf8.RuneCountInString(s) > MaxDescriptionLength:
		ve.Add("description", customerkit.CodeTooLong, "at most "+strconv.Itoa(MaxDescriptionLength)+" characters")
	}
	return s
}
