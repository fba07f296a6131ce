package customerkit

import (
	"encoding/base64"
	"iter"
)

// Cursor is an opaque position in a keyset-paginated list. The zero Cursor
// means "from the start" when passed in and "no more pages" when returned.
//
// A Cursor marshals to a URL-safe text form (MarshalText), so it can travel
// through query strings and JSON; only the adapter that produced it knows
// what it holds.
type Cursor struct {
	raw string
}

// NewCursor returns a cursor holding b. It is meant for storage adapters,
// which encode their keyset position in b.
func NewCursor(b []byte) Cursor { return Cursor{raw: string(b)} }

// Bytes returns what the adapter stored in the cursor.
func (c Cursor) Bytes() []byte { return []byte(c.raw) }

// IsZero reports whether c is the zero cursor.
func (c Cursor) IsZero() bool { return c.raw == "" }

// String returns the text form of c ("" for the zero cursor).
func (c Cursor) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte(c.raw))
}

// MarshalText implements encoding.TextMarshaler.
func (c Cursor) MarshalText() ([]byte, error) {
	return []byte(c.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler. Text that is not a
// cursor's text form is a *ValidationError on the path "cursor".
func (c *Cursor) UnmarshalText(text []byte) error {
	b, err := base64.RawURLEncoding.DecodeString(string(text))
	if err != nil {
		return &ValidationError{Subject: "customerkit", Fields: []FieldError{{Path: "cursor", Code: CodeInvalid, Detail: "not a cursor"}}}
	}
	c.raw = string(b)
	return nil
}

// ParseCursor parses the text form of a cursor, as returned by String.
func ParseCursor(s string) (Cursor, error) {
	var c Cursor
	err := c.UnmarshalText([]byte(s))
	return c, err
}

// InvalidCursor returns the *ValidationError an adapter reports for a
// cursor it cannot decode (one that another adapter, sort order or version
// produced, or that was tampered with).
func InvalidCursor(detail string) error {
	return &ValidationError{Subject: "customerkit", Fields: []FieldError{{Path: "cursor", Code: CodeInvalid, Detail: detail}}}
}

// Page is one page of a keyset-paginated list.
type Page[T any] struct {
	// Items are the records of this page, in list order.
	Items []*T `json:"items"`
	// Next is the cursor of the following page; it is zero on the last page.
	Next Cursor `json:"next,omitzero"`
}

// Iterate turns a page function into an iterator over every item of every
// page. fetch is called with the zero cursor first, then with each page's
// Next cursor, until a page returns a zero Next. An error from fetch is
// yielded once, with a nil item, and ends the iteration.
//
// Each page is fetched whole before its items are yielded, so no page (and
// no storage transaction or rows) is held open across yield. Stopping the
// loop early fetches nothing more.
func Iterate[T any](fetch func(after Cursor) (Page[T], error)) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		var after Cursor
		for {
			page, err := fetch(after)
			if err != nil {
				yield(nil, err)
				return
			}
			for _, item := range page.Items {
				if !yield(item, nil) {
					return
				}
			}
			if page.Next.IsZero() {
				return
			}
			after = page.Next
		}
	}
}
