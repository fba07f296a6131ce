package customer

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/oklog/ulid/v2"
	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer/metadata"
)

// Page sizes of a list.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Query selects and orders customers. Every filter that is set must match
// (AND); a list filter matches when any of its values does (OR), except
// Labels, where every label must be present. The zero Query lists every
// customer, oldest first.
//
// A Query is a plain value that marshals to JSON, so a host can keep it as
// a saved filter. The cursor of a page is not part of it.
type Query struct {
	// Name matches a substring of the display name, ignoring case and accents.
	Name string `json:"name,omitempty"`
	// Description matches a substring of the description, ignoring case and accents.
	Description string `json:"description,omitempty"`
	// Email matches the email exactly, ignoring case.
	Email string `json:"email,omitempty"`
	// ExternalID matches the external ID exactly.
	ExternalID string    `json:"external_id,omitempty"`
	Statuses   []Status  `json:"statuses,omitempty"`
	Types      []Type    `json:"types,omitempty"`
	Countries  []string  `json:"countries,omitempty"`
	Labels     []string  `json:"labels,omitempty"`
	ParentID   ulid.ULID `json:"parent_id,omitzero"`
	// CreatedFrom (inclusive) and CreatedTo (exclusive) bound CreatedAt.
	CreatedFrom time.Time `json:"created_from,omitzero"`
	CreatedTo   time.Time `json:"created_to,omitzero"`
	// Metadata matches customers whose metadata holds Key with a value
	// equal to Value (a string, number, boolean or nil).
	Metadata *MetadataMatch `json:"metadata,omitempty"`
	// Order is the sort order; the zero value is OrderCreated.
	Order Order `json:"order,omitempty"`
	// Limit is the page size: 0 means DefaultLimit; at most MaxLimit.
	Limit int `json:"limit,omitempty"`
}

// MetadataMatch is the "metadata key = value" filter of a Query.
type MetadataMatch struct {
	Key   string `json:"key"`
	Value any    `json:"value"`
}

// Order is the sort order of a list.
type Order string

// The sort orders. Name order compares SearchKey(Name) byte by byte; ties,
// and equal creation times, are broken by ULID in the same direction.
const (
	OrderCreated     Order = "created_at"
	OrderCreatedDesc Order = "-created_at"
	OrderName        Order = "name"
	OrderNameDesc    Order = "-name"
)

// Orders returns every sort order.
func Orders() []Order { return []Order{OrderCreated, OrderCreatedDesc, OrderName, OrderNameDesc} }

// Valid reports whether o is a known order.
func (o Order) Valid() bool {
	switch o {
	case OrderCreated, OrderCreatedDesc, OrderName, OrderNameDesc:
		return true
	}
	return false
}

// Desc reports whether o sorts in descending order.
func (o Order) Desc() bool { return o == OrderCreatedDesc || o == OrderNameDesc }

// ByName reports whether o sorts by name.
func (o Order) ByName() bool { return o == OrderName || o == OrderNameDesc }

// Normalize returns a copy of q in canonical form (defaults filled, values
// canonicalised as the customer fields are stored), or a
// *customerkit.ValidationError naming every bad field.
func (q *Query) Normalize() (*Query, error) {
	n := &Query{}
	if q != nil {
		*n = *q
	}
	ve := &customerkit.ValidationError{Subject: "customer query"}
	n.Name = strings.TrimSpace(n.Name)
	n.Description = strings.TrimSpace(n.Description)
	n.Email = strings.TrimSpace(n.Email)
	n.ExternalID = strings.TrimSpace(n.ExternalID)
	if n.Order == "" {
		n.Order = OrderCreated
	}
	if !n.Order.Valid() {
		ve.Add("order", customerkit.CodeNotSupported, "order must be one of created_at, -created_at, name, -name")
	}
	switch {
	case n.Limit == 0:
		n.Limit = DefaultLimit
	case n.Limit < 0:
		ve.Add("limit", customerkit.CodeInvalid, "limit must not be negative")
	case n.Limit > MaxLimit:
		n.Limit = MaxLimit
	}
	n.Statuses = slices.Clone(n.Statuses)
	for i, s := range n.Statuses {
		if !s.Valid() {
			ve.Add(customerkit.IndexPath("statuses", i), customerkit.CodeNotSupported, "unknown status")
		}
	}
	n.Types = slices.Clone(n.Types)
	for i, t := range n.Types {
		if !t.Valid() {
			ve.Add(customerkit.IndexPath("types", i), customerkit.CodeNotSupported, "unknown customer type")
		}
	}
	n.Countries = slices.Clone(n.Countries)
	for i, c := range n.Countries {
		code, ok := CanonicalCountry(c)
		if !ok {
			ve.Add(customerkit.IndexPath("countries", i), customerkit.CodeNotSupported, "not an assigned ISO 3166-1 alpha-2 code")
			continue
		}
		n.Countries[i] = code
	}
	n.Labels = slices.Clone(n.Labels)
	for i, l := range n.Labels {
		n.Labels[i] = normalizeLabel(l)
	}
	if !n.CreatedFrom.IsZero() {
		n.CreatedFrom = n.CreatedFrom.UTC()
	}
	if !n.CreatedTo.IsZero() {
		n.CreatedTo = n.CreatedTo.UTC()
	}
	if !n.CreatedFrom.IsZero() && !n.CreatedTo.IsZero() && !n.CreatedFrom.Before(n.CreatedTo) {
		ve.Add("created_to", customerkit.CodeInvalid, "created_to must be after created_from")
	}
	if n.Metadata != nil {
		m := *n.Metadata
		if m.Key == "" {
			ve.Add("metadata.key", customerkit.CodeRequired, "a metadata filter needs a key")
		}
		norm, err := metadata.Normalize(metadata.Metadata{m.Key: m.Value})
		if err != nil {
			ve.Add("metadata.value", customerkit.CodeInvalid, "the value must be a string, number, boolean or null")
		} else {
			m.Value = norm[m.Key]
			switch m.Value.(type) {
			case map[string]any, []any:
				ve.Add("metadata.value", customerkit.CodeNotSupported, "only scalar values can be matched")
			}
		}
		n.Metadata = &m
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	return n, nil
}

// Match reports whether c matches every filter of q. q should be
// normalised first.
func (q *Query) Match(c *Customer) bool {
	if len(q.Statuses) > 0 && !slices.Contains(q.Statuses, c.Status) {
		return false
	}
	if len(q.Types) > 0 && !slices.Contains(q.Types, c.Type) {
		return false
	}
	if len(q.Countries) > 0 && !slices.Contains(q.Countries, c.Country) {
		return false
	}
	for _, l := range q.Labels {
		if !slices.Contains(c.Labels, l) {
			return false
		}
	}
	if !q.ParentID.IsZero() && c.ParentID != q.ParentID {
		return false
	}
	if !q.CreatedFrom.IsZero() && c.CreatedAt.Before(q.CreatedFrom) {
		return false
	}
	if !q.CreatedTo.IsZero() && !c.CreatedAt.Before(q.CreatedTo) {
		return false
	}
	if q.Email != "" && EmailKey(c.Email) != EmailKey(q.Email) {
		return false
	}
	if q.ExternalID != "" && c.ExternalID != q.ExternalID {
		return false
	}
	if q.Metadata != nil {
		v, ok := c.Metadata[q.Metadata.Key]
		if !ok || !metadata.ValueEqual(v, q.Metadata.Value) {
			return false
		}
	}
	if q.Name != "" && !strings.Contains(SearchKey(c.Name), SearchKey(q.Name)) {
		return false
	}
	if q.Description != "" && !strings.Contains(SearchKey(c.Description), SearchKey(q.Description)) {
		return false
	}
	return true
}

// Compare orders a and b as q.Order does: negative when a comes first.
func (q *Query) Compare(a, b *Customer) int {
	var r int
	if q.Order.ByName() {
		r = cmp.Compare(SearchKey(a.Name), SearchKey(b.Name))
	} else {
		r = a.CreatedAt.Compare(b.CreatedAt)
	}
	if r == 0 {
		r = a.ULID.Compare(b.ULID)
	}
	if q.Order.Desc() {
		r = -r
	}
	return r
}

// newFold returns the transformer behind SearchKey. Transformers keep
// state, so each call makes its own.
func newFold() transform.Transformer {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), cases.Fold(), norm.NFC)
}

// SearchKey returns the form of s that name and description search and
// name order compare: Unicode case-folded, accents removed, white space
// collapsed. "Émile  Zola" and "emile zola" have the same key. Storage
// adapters store it beside the name so search and order need no fold at
// query time.
func SearchKey(s string) string {
	if isPlainLower(s) {
		return s
	}
	if k, ok := asciiKey(s); ok {
		return k
	}
	out, _, err := transform.String(newFold(), strings.ToValidUTF8(s, "\uFFFD"))
	if err != nil {
		out = strings.ToLower(s)
	}
	// Case folding maps a few scripts (Cherokee) to upper case; lowering
	// after it keeps SearchKey idempotent.
	return strings.Join(strings.Fields(strings.ToLower(out)), " ")
}

// asciiKey is the fast path of SearchKey for printable ASCII: lower case,
// white space collapsed, no transformer chain. ok is false for anything
// else.
func asciiKey(s string) (string, bool) {
	b := make([]byte, 0, len(s))
	space := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80 || c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f' || c == 0x7f:
			return "", false
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			space = true
			continue
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		if space && len(b) > 0 {
			b = append(b, ' ')
		}
		space = false
		b = append(b, c)
	}
	return string(b), true
}

// isPlainLower reports whether s is already its own search key: lower-case
// ASCII letters, digits and punctuation with single spaces.
func isPlainLower(s string) bool {
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80 || (c >= 'A' && c <= 'Z') || c < 0x20 || c == 0x7f:
			return false
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		default:
			prevSpace = false
		}
	}
	return !prevSpace || s == ""
}
