package national

import "strings"

// The helpers below work on cleaned bodies: ASCII, upper case, no
// separators. None of them allocates, and all of them accept any string
// (empty, short, non-ASCII) without panicking.

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

func isAlnum(c byte) bool { return isDigit(c) || isUpper(c) }

// digit returns the value of the ASCII digit c (garbage for other bytes:
// callers check the shape first).
func digit(c byte) int { return int(c) - '0' }

// allDigits reports whether s is non-empty and made of ASCII digits only.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// digitsLen reports whether s is made of ASCII digits and its length is
// between lo and hi inclusive.
func digitsLen(s string, lo, hi int) bool {
	return len(s) >= lo && len(s) <= hi && allDigits(s)
}

// allAlnum reports whether s is non-empty and made of 0-9 and A-Z only.
func allAlnum(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) {
			return false
		}
	}
	return true
}

// shape reports whether s matches pat byte for byte, where in pat '9'
// stands for an ASCII digit, 'A' for an upper-case ASCII letter, 'X' for
// either, and any other byte stands for itself.
func shape(s, pat string) bool {
	if len(s) != len(pat) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch pat[i] {
		case '9':
			if !isDigit(c) {
				return false
			}
		case 'A':
			if !isUpper(c) {
				return false
			}
		case 'X':
			if !isAlnum(c) {
				return false
			}
		default:
			if c != pat[i] {
				return false
			}
		}
	}
	return true
}

// allSame reports whether every byte of s is the same.
func allSame(s string) bool {
	for i := 1; i < len(s); i++ {
		if s[i] != s[0] {
			return false
		}
	}
	return true
}

// num returns the decimal value of the digits s (s must be digits, at most
// 18 of them).
func num(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + digit(s[i])
	}
	return n
}

// weighted returns the sum of digit(s[i])*w[i] for the first min(len(s),
// len(w)) positions.
func weighted(s string, w []int) int {
	t := 0
	for i := 0; i < len(s) && i < len(w); i++ {
		t += digit(s[i]) * w[i]
	}
	return t
}

// mod returns a modulo m in the range [0, m).
func mod(a, m int) int {
	r := a % m
	if r < 0 {
		r += m
	}
	return r
}

// luhn reports whether the digits s pass the Luhn (mod 10) check, the last
// digit being the check digit.
func luhn(s string) bool {
	if !allDigits(s) {
		return false
	}
	t := 0
	double := false
	for i := len(s) - 1; i >= 0; i-- {
		d := digit(s[i])
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		t += d
		double = !double
	}
	return t%10 == 0
}

// alnumValue returns the value of c in the alphabet 0-9A-Z (0..35), or -1.
func alnumValue(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case isUpper(c):
		return int(c-'A') + 10
	}
	return -1
}

// luhnMod36 reports whether s passes the Luhn mod N algorithm over the
// alphabet 0-9A-Z (N = 36), the last character being the check character.
func luhnMod36(s string) bool {
	if s == "" {
		return false
	}
	t := 0
	factor := 1
	for i := len(s) - 1; i >= 0; i-- {
		v := alnumValue(s[i])
		if v < 0 {
			return false
		}
		a := v * factor
		t += a/36 + a%36
		factor = 3 - factor
	}
	return t%36 == 0
}

// mod11_10 reports whether the digits s pass ISO 7064 MOD 11,10, the last
// digit being the check digit.
func mod11_10(s string) bool {
	if !allDigits(s) {
		return false
	}
	p := 10
	for i := 0; i < len(s)-1; i++ {
		t := (p + digit(s[i])) % 10
		if t == 0 {
			t = 10
		}
		p = t * 2 % 11
	}
	return (11-p)%10 == digit(s[len(s)-1])
}

// gs1 reports whether the digits s pass the GS1 (EAN/GLN) mod 10 check.
func gs1(s string) bool {
	if !allDigits(s) {
		return false
	}
	t := 0
	w := 3
	for i := len(s) - 2; i >= 0; i-- {
		t += digit(s[i]) * w
		w = 4 - w
	}
	return (10-t%10)%10 == digit(s[len(s)-1])
}

// leap reports whether y (a full year) is a leap year.
func leap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// validDate reports whether y-m-d is a calendar date (y a full year).
func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	switch m {
	case 2:
		if leap(y) {
			return d <= 29
		}
		return d <= 28
	case 4, 6, 9, 11:
		return d <= 30
	}
	return d <= 31
}

// validYYMMDD reports whether the six digits s are a YYMMDD date in some
// century: February 29 is accepted for any two-digit year divisible by 4
// (00 included, as 2000 was a leap year).
func validYYMMDD(s string) bool {
	if !shape(s, "999999") {
		return false
	}
	return validDate(2000+num(s[0:2]), num(s[2:4]), num(s[4:6]))
}

// layout returns body laid out according to pattern: each '#' in pattern
// takes the next byte of body, any other byte of pattern is copied. When
// the number of '#' differs from len(body), body is returned unchanged.
func layout(body, pattern string) string {
	n := strings.Count(pattern, "#")
	if n != len(body) {
		return body
	}
	var b strings.Builder
	b.Grow(len(pattern))
	j := 0
	for i := 0; i < len(pattern); i++ {
		if pattern[i] == '#' {
			b.WriteByte(body[j])
			j++
		} else {
			b.WriteByte(pattern[i])
		}
	}
	return b.String()
}
