package iso

import "strings"

// The code tables are string constants: sorted entries of a fixed width,
// each followed by one space. A lookup is a binary search over the constant
// (at most 8 steps for 249 entries), and the code it returns is a substring
// of the constant, so no lookup allocates, whatever the letter case of the
// input. Constants cannot be changed, so the package holds no mutable state.

// fold trims surrounding white space from s and returns its letters
// upper-cased in a fixed array, with ok false unless s is exactly n ASCII
// letters.
func fold(s string, n int) (k [3]byte, ok bool) {
	s = strings.TrimSpace(s)
	if len(s) != n {
		return k, false
	}
	for i := 0; i < n; i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		default:
			return k, false
		}
		k[i] = c
	}
	return k, true
}

// find returns the index of the entry of table (entries of width w, each
// followed by a space) whose first len(key) bytes equal key.
func find(table string, w int, key []byte) (int, bool) {
	lo, hi := 0, len(table)/(w+1)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if less(table[m*(w+1):m*(w+1)+len(key)], key) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(table)/(w+1) && equal(table[lo*(w+1):lo*(w+1)+len(key)], key) {
		return lo, true
	}
	return 0, false
}

// less reports whether a sorts before b; both have the same length.
func less(a string, b []byte) bool {
	for i := 0; i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// equal reports whether a and b hold the same bytes; both have the same length.
func equal(a string, b []byte) bool {
	for i := 0; i < len(b); i++ {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// entries returns the first n bytes of every entry of table, in table order.
func entries(table string, w, n int) []string {
	out := make([]string, 0, len(table)/(w+1))
	for i := 0; i+w <= len(table); i += w + 1 {
		out = append(out, table[i:i+n])
	}
	return out
}
