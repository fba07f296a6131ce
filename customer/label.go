package customer

import "strings"

// normalizeLabel returns the canonical form of a label: trimmed, lower case.
func normalizeLabel(s string) string { return lower(strings.TrimSpace(s)) }
