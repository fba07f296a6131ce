package eu

// The helpers below work on cleaned bodies (ASCII, upper case, no
// separators). None of them allocates, and every one accepts any string
// (empty, short, non-ASCII) without panicking.

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

// val returns the value of the ASCII digit c (garbage for other bytes:
// callers check the shape first).
func val(c byte) int { return int(c) - '0' }

// digits reports whether s is made of exactly n ASCII digits.
func digits(s string, n int) bool {
	return len(s) == n && allDigits(s)
}

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

// allUpper reports whether s is non-empty and made of A-Z only.
func allUpper(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isUpper(s[i]) {
			return false
		}
	}
	return true
}

// num returns the decimal value of the digits s (at most 18 of them; the
// caller checks the shape).
func num(s string) int {
	n := 0
	for i := 0; i < len(s) && i < 18; i++ {
		n = n*10 + val(s[i])
	}
	return n
}

// weighted returns the sum of val(s[i])*w[i] over the first
// min(len(s), len(w)) positions.
func weighted(s string, w []int) int {
	t := 0
	for i := 0; i < len(s) && i < len(w); i++ {
		t += val(s[i]) * w[i]
	}
	return t
}

// mod97 returns the value of the digits s modulo 97, for any length.
func mod97(s string) int {
	if len(s) <= 18 {
		return num(s) % 97
	}
	r := 0
	for i := 0; i < len(s); i++ {
		r = (r*10 + val(s[i])) % 97
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
	for i, odd := len(s)-1, false; i >= 0; i, odd = i-1, !odd {
		if odd {
			t += luhnDouble[val(s[i])]
		} else {
			t += val(s[i])
		}
	}
	return t%10 == 0
}

// luhnDouble holds the digit sums of twice each digit.
var luhnDouble = [10]int{0, 2, 4, 6, 8, 1, 3, 5, 7, 9}

// mod11x10 reports whether the digits s pass ISO 7064 MOD 11,10, the last
// digit being the check digit.
func mod11x10(s string) bool {
	if len(s) < 2 || !allDigits(s) {
		return false
	}
	// the same steps as the standard's (p + d) mod 10 and 2t mod 11, with
	// subtractions in place of divisions (p <= 10, d <= 9, t <= 10)
	p := 10
	for i := 0; i < len(s)-1; i++ {
		t := p + val(s[i])
		if t >= 10 {
			t -= 10
		}
		if t >= 10 {
			t -= 10
		}
		if t == 0 {
			t = 10
		}
		p = t * 2
		if p >= 11 {
			p -= 11
		}
	}
	c := 11 - p
	if c == 10 {
		c = 0
	}
	return c == val(s[len(s)-1])
}

// leap reports whether the full year y is a leap year.
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

// join returns prefix, a space and body: the display form of most VAT
// numbers.
func join(prefix string) func(string) string {
	return func(body string) string { return prefix + " " + body }
}

// layout returns body laid out by pattern: each '#' takes the next byte of
// body, any other byte is copied. When the number of '#' differs from
// len(body), body is returned unchanged.
func layout(body, pattern string) string {
	n := 0
	for i := 0; i < len(pattern); i++ {
		if pattern[i] == '#' {
			n++
		}
	}
	if n != len(body) {
		return body
	}
	b := make([]byte, 0, len(pattern))
	j := 0
	for i := 0; i < len(pattern); i++ {
		if pattern[i] == '#' {
			b = append(b, body[j])
			j++
		} else {
			b = append(b, pattern[i])
		}
	}
	return string(b)
}
