package legaldoc

import (
	"sync"
	"unicode/utf8"
)

// maxClean is the longest cleaned value the package looks at; no document
// it knows is longer than 20 characters, so a longer value is a format
// error.
const maxClean = 64

// cleanBuf is the scratch space a value is cleaned into.
type cleanBuf [maxClean]byte

// bufPool recycles the scratch space of Validate, so that validating a
// value typed with separators does not allocate.
var bufPool = sync.Pool{New: func() any { return new(cleanBuf) }}

// isClean reports whether value is already in cleaned form (0-9 and A-Z
// only, short enough), so that it can be used as it is.
func isClean(value string) bool {
	if len(value) == 0 || len(value) > maxClean {
		return false
	}
	for i := 0; i < len(value); i++ {
		c := value[i]
		if (c < '0' || c > '9') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

// clean writes the cleaned form of value into dst and returns its length;
// ok is false when it does not fit. Cleaning removes separators (white
// space, dots, dashes, slashes, and their Unicode and full-width forms),
// folds full-width forms to ASCII and upper-cases ASCII letters. Any other
// character is kept as it is, for the rule to refuse.
func clean(dst *cleanBuf, value string) (n int, ok bool) {
	for i := 0; i < len(value); {
		c := value[i]
		var raw string
		if c < utf8.RuneSelf {
			i++
		} else {
			r, size := utf8.DecodeRuneInString(value[i:])
			raw = value[i : i+size]
			i += size
			switch {
			case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
				c = byte(r - 0xFEE0)
			case separatorRune(r):
				continue
			default:
				if n+len(raw) > maxClean {
					return n, false
				}
				n += copy(dst[n:], raw)
				continue
			}
		}
		switch {
		case separatorByte(c):
			continue
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		}
		if n == maxClean {
			return n, false
		}
		dst[n] = c
		n++
	}
	return n, true
}

// separatorByte reports whether the ASCII byte c is a separator.
func separatorByte(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\v', '\f', '.', '-', '/':
		return true
	}
	return false
}

// separatorRune reports whether the non-ASCII rune r is a separator: a
// space, a dash, a dot or a slash of another script or width, or an
// invisible character copied along with a number.
func separatorRune(r rune) bool {
	switch {
	case r == 0x00A0, r == 0x1680, r >= 0x2000 && r <= 0x200B, r == 0x202F, r == 0x205F,
		r == 0x3000, r == 0xFEFF: // spaces and zero-width characters
		return true
	case r >= 0x2010 && r <= 0x2015, r == 0x2212, r == 0xFE58, r == 0xFE63: // dashes and minus
		return true
	case r == 0x2044, r == 0x2215, r == 0x3002, r == 0xFF61: // slashes and ideographic stops
		return true
	}
	return false
}
