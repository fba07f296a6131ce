package marketplace

import "strings"

// Page sizes of a list.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Query selects integrations (ListIntegrations) or listings
// (ListListings). Every filter that is set must match. The zero Query
// lists everything, ordered by ID.
type Query struct {
	// Category matches the category exactly, ignoring case.
	Category string `json:"category,omitempty"`
	// Label matches records carrying this label (labels are lower case).
	Label string `json:"label,omitempty"`
	// Limit is the page size: 0 means DefaultLimit; at most MaxLimit.
	Limit int `json:"limit,omitempty"`
}

// Normalize returns a copy of q (nil: the zero Query) with Limit within
// 1..MaxLimit and the filters in canonical form.
func (q *Query) Normalize() *Query {
	var n Query
	if q != nil {
		n = *q
	}
	n.Category = strings.TrimSpace(n.Category)
	n.Label = normalizeLabel(n.Label)
	n.Limit = normalizeLimit(n.Limit)
	return &n
}

func normalizeLimit(l int) int {
	switch {
	case l <= 0:
		return DefaultLimit
	case l > MaxLimit:
		return MaxLimit
	}
	return l
}

// MatchIntegration reports whether in matches q.
func (q *Query) MatchIntegration(in *Integration) bool {
	return q.match(in.Category, in.Labels)
}

// MatchListing reports whether l matches q.
func (q *Query) MatchListing(l *Listing) bool {
	return q.match(l.Category, l.Labels)
}

func (q *Query) match(category string, labels []string) bool {
	if q.Category != "" && !strings.EqualFold(q.Category, category) {
		return false
	}
	if q.Label != "" {
		for _, l := range labels {
			if l == q.Label {
				return true
			}
		}
		return false
	}
	return true
}

// normalizeLabel returns the canonical form of a label: trimmed, lower case.
func normalizeLabel(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
