package customer

import (
	"strings"
	"unicode/utf8"
	"unsafe"
)

// lower returns strings.ToLower(s). Profile fields are nearly always
// ASCII: lower returns such an s itself when it has no upper-case letter,
// and otherwise lowers it into one new string with a loop over its bytes,
// where strings.ToLower writes byte by byte through a strings.Builder. Any
// other s goes to strings.ToLower.
func lower(s string) string { return convertASCII(s, 'A', strings.ToLower) }

// upper returns strings.ToUpper(s), as lower does strings.ToLower.
func upper(s string) string { return convertASCII(s, 'a', strings.ToUpper) }

// convertASCII flips the case of the letters from..from+25 of an ASCII s,
// and returns general(s) for any other s.
func convertASCII(s string, from byte, general func(string) string) string {
	i := 0
	for ; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return general(s)
		}
		if c-from < 26 {
			break
		}
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, len(s))
	copy(b, s)
	for ; i < len(b); i++ {
		c := b[i]
		if c >= utf8.RuneSelf {
			return general(s)
		}
		if c-from < 26 {
			b[i] = c ^ 0x20
		}
	}
	// b is new and never written again, so the string may share it.
	return unsafe.String(unsafe.SliceData(b), len(b))
}
