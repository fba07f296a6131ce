package eu

// The VAT number rules of the member states (and of Northern Ireland), one
// Format and one Checksum function per state, named after the prefix. The
// facts come from the member states' publications as summarised by the
// European Commission's VIES documentation and python-stdnum.

// AT: "U" followed by 8 digits, the last a check digit (Luhn-like, +4).
func atFormat(b string) bool { return len(b) == 9 && b[0] == 'U' && allDigits(b[1:]) }

func atChecksum(b string) bool {
	if !atFormat(b) {
		return false
	}
	d := b[1:]
	s := 0
	for i := 0; i < 7; i++ {
		v := val(d[i])
		if i%2 == 1 {
			v *= 2
			v = v/10 + v%10
		}
		s += v
	}
	return (10-(s+4)%10)%10 == val(d[7])
}

// BE: 10 digits starting with 0 or 1 (the enterprise number); the old
// 9-digit form is read with a leading 0. The last two digits are
// 97 - (the first eight mod 97).
func beFormat(b string) bool {
	switch len(b) {
	case 10:
		return allDigits(b) && (b[0] == '0' || b[0] == '1')
	case 9:
		return allDigits(b)
	}
	return false
}

func beChecksum(b string) bool {
	if !beFormat(b) {
		return false
	}
	n := len(b)
	return (num(b[:n-2])+num(b[n-2:]))%97 == 0
}

func beDisplay(b string) string {
	if len(b) == 10 {
		return "BE " + layout(b, "####.###.###")
	}
	return "BE " + layout(b, "###.###.###")
}

// BG: 9 digits for legal entities, 10 digits for natural persons (EGN),
// foreigners (PNF) and others, each with its own check digit.
func bgFormat(b string) bool { return (len(b) == 9 || len(b) == 10) && allDigits(b) }

func bgChecksum(b string) bool {
	if !bgFormat(b) {
		return false
	}
	if len(b) == 9 {
		return bgLegal(b)
	}
	return bgEGN(b) || bgPNF(b) || bgOther(b)
}

// bgLegal checks a 9-digit BULSTAT / UIC.
func bgLegal(b string) bool {
	if !digits(b, 9) {
		return false
	}
	s := 0
	for i := 0; i < 8; i++ {
		s += (i + 1) * val(b[i])
	}
	c := s % 11
	if c == 10 {
		s = 0
		for i := 0; i < 8; i++ {
			s += (i + 3) * val(b[i])
		}
		c = s % 11
	}
	return c%10 == val(b[8])
}

func bgEGN(b string) bool {
	if !digits(b, 10) {
		return false
	}
	y, m, d := 1900+num(b[0:2]), num(b[2:4]), num(b[4:6])
	switch {
	case m > 40:
		y, m = y+100, m-40
	case m > 20:
		y, m = y-100, m-20
	}
	if !validDate(y, m, d) {
		return false
	}
	return weighted(b, []int{2, 4, 8, 5, 10, 9, 7, 3, 6})%11%10 == val(b[9])
}

func bgPNF(b string) bool {
	return digits(b, 10) && weighted(b, []int{21, 19, 17, 13, 11, 9, 7, 3, 1})%10 == val(b[9])
}

func bgOther(b string) bool {
	if !digits(b, 10) {
		return false
	}
	c := (11 - weighted(b, []int{4, 3, 2, 7, 6, 5, 4, 3, 2})%11) % 11
	return c < 10 && c == val(b[9])
}

// CY: 8 digits (not starting with 12) and a check letter.
func cyFormat(b string) bool {
	return len(b) == 9 && allDigits(b[:8]) && isUpper(b[8]) && b[:2] != "12"
}

func cyChecksum(b string) bool {
	if !cyFormat(b) {
		return false
	}
	odd := [10]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21}
	s := 0
	for i := 0; i < 8; i++ {
		if i%2 == 0 {
			s += odd[val(b[i])]
		} else {
			s += val(b[i])
		}
	}
	return b[8] == byte('A'+s%26)
}

// CZ: 8 digits for legal entities, 9 digits starting with 6 for people
// without a birth number, and the 9- or 10-digit birth number (rodné
// číslo, with its embedded date) for other people.
func czFormat(b string) bool {
	if !allDigits(b) {
		return false
	}
	switch len(b) {
	case 8:
		return b[0] != '9'
	case 9:
		if b[0] == '6' {
			return true
		}
		return czBirthDate(b)
	case 10:
		return czBirthDate(b)
	}
	return false
}

// czBirthDate reports whether the birth number b has a valid embedded date
// (females add 50 to the month, and 20 is added when a day's serials run
// out, since 2004). 9-digit numbers were issued until 1953 only.
func czBirthDate(b string) bool {
	if len(b) < 6 {
		return false
	}
	y := 1900 + num(b[0:2])
	m := num(b[2:4]) % 50 % 20
	d := num(b[4:6])
	if len(b) == 9 {
		if y >= 1980 {
			y -= 100
		}
		if y > 1953 {
			return false
		}
	} else if y < 1954 {
		y += 100
	}
	return validDate(y, m, d)
}

func czChecksum(b string) bool {
	if !czFormat(b) {
		return false
	}
	switch {
	case len(b) == 8:
		s := 0
		for i := 0; i < 7; i++ {
			s += (8 - i) * val(b[i])
		}
		c := ((11-s%11)%11 + 11) % 11
		if c == 0 {
			c = 1
		}
		return c%10 == val(b[7])
	case len(b) == 9 && b[0] == '6':
		s := 0
		for i := 0; i < 7; i++ {
			s += (8 - i) * val(b[1+i])
		}
		c := s % 11
		want := ((8-(10-c)%11)%10 + 10) % 10
		return want == val(b[8])
	case len(b) == 9:
		// birth numbers issued until 1953 have no check digit
		return true
	default:
		return num(b[:9])%11%10 == val(b[9])
	}
}

// DE: 9 digits, not starting with 0, ISO 7064 MOD 11,10.
func deFormat(b string) bool { return digits(b, 9) && b[0] != '0' }

func deChecksum(b string) bool { return deFormat(b) && mod11x10(b) }

// DK: 8 digits, not starting with 0, weighted mod 11.
func dkFormat(b string) bool { return digits(b, 8) && b[0] != '0' }

func dkChecksum(b string) bool {
	return dkFormat(b) && weighted(b, []int{2, 7, 6, 5, 4, 3, 2, 1})%11 == 0
}

// EE: 9 digits starting with 10, weighted mod 10.
func eeFormat(b string) bool { return digits(b, 9) && b[:2] == "10" }

func eeChecksum(b string) bool {
	return eeFormat(b) && weighted(b, []int{3, 7, 1, 3, 7, 1, 3, 7, 1})%10 == 0
}

// EL (Greece): 9 digits (an old 8-digit number is read with a leading 0);
// the last is sum(d[i] * 2^(8-i)) mod 11 mod 10.
func elFormat(b string) bool { return (len(b) == 9 || len(b) == 8) && allDigits(b) }

func elChecksum(b string) bool {
	if !elFormat(b) {
		return false
	}
	n := len(b)
	s := 0
	for i := 0; i < n-1; i++ {
		s = s*2 + val(b[i])
	}
	return s*2%11%10 == val(b[n-1])
}

// ES: the NIF, 9 characters: a DNI (8 digits and a check letter), a NIE
// (X, Y or Z, 7 digits and a check letter), a special NIF (K, L or M, 7
// digits and a check letter) or a CIF (an entity letter, 7 digits and a
// check digit or letter).
func esFormat(b string) bool {
	if len(b) != 9 || !allDigits(b[1:8]) {
		return false
	}
	switch c := b[0]; {
	case isDigit(c), c == 'X', c == 'Y', c == 'Z', c == 'K', c == 'L', c == 'M':
		return isUpper(b[8])
	case esCIFLetter(c):
		return isDigit(b[8]) || (b[8] >= 'A' && b[8] <= 'J')
	}
	return false
}

func esCIFLetter(c byte) bool {
	switch c {
	case 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'N', 'P', 'Q', 'R', 'S', 'U', 'V', 'W':
		return true
	}
	return false
}

const dniLetters = "TRWAGMYFPDXBNJZSQVHLCKE"

func esChecksum(b string) bool {
	if !esFormat(b) {
		return false
	}
	switch c := b[0]; {
	case isDigit(c):
		return dniLetters[num(b[:8])%23] == b[8]
	case c == 'X', c == 'Y', c == 'Z':
		n := int(c-'X')*10000000 + num(b[1:8])
		return dniLetters[n%23] == b[8]
	case c == 'K', c == 'L', c == 'M':
		return dniLetters[num(b[1:8])%23] == b[8]
	default:
		s := 0
		for i := 0; i < 7; i++ {
			v := val(b[1+i])
			if i%2 == 0 {
				v *= 2
				v = v/10 + v%10
			}
			s += v
		}
		d := (10 - s%10) % 10
		return b[8] == byte('0'+d) || b[8] == "JABCDEFGHI"[d]
	}
}

// FI: 8 digits, weighted mod 11 (the Y-tunnus without its dash).
func fiFormat(b string) bool { return digits(b, 8) }

func fiChecksum(b string) bool {
	return fiFormat(b) && weighted(b, []int{7, 9, 10, 5, 8, 4, 2, 1})%11 == 0
}

// FR: a 2-character key (digits, or letters without I and O) and the
// 9-digit SIREN (Luhn; numbers starting 000, such as Monaco's, have no
// SIREN). A numeric key is (12 + 3 * (SIREN mod 97)) mod 97; alphanumeric
// keys follow the DGFiP's alternative formula.
const frAlphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"

func frIndex(c byte) int {
	for i := 0; i < len(frAlphabet); i++ {
		if frAlphabet[i] == c {
			return i
		}
	}
	return -1
}

func frFormat(b string) bool {
	return len(b) == 11 && frIndex(b[0]) >= 0 && frIndex(b[1]) >= 0 && allDigits(b[2:])
}

func frChecksum(b string) bool {
	if !frFormat(b) {
		return false
	}
	siren := b[2:]
	if siren[:3] != "000" && !luhn(siren) {
		return false
	}
	if isDigit(b[0]) && isDigit(b[1]) {
		return num(b[:2]) == (mod97(siren)*100+12)%97
	}
	var check int
	if isDigit(b[0]) {
		check = frIndex(b[0])*24 + frIndex(b[1]) - 10
	} else {
		check = frIndex(b[0])*34 + frIndex(b[1]) - 100
	}
	return (num(siren)+1+check/11)%11 == check%11
}

func frDisplay(b string) string { return "FR " + layout(b, "## ### ### ###") }

// HR: the OIB, 11 digits, ISO 7064 MOD 11,10.
func hrFormat(b string) bool { return digits(b, 11) }

func hrChecksum(b string) bool { return hrFormat(b) && mod11x10(b) }

// HU: 8 digits, weighted mod 10.
func huFormat(b string) bool { return digits(b, 8) }

func huChecksum(b string) bool {
	return huFormat(b) && weighted(b, []int{9, 7, 3, 1, 9, 7, 3, 1})%10 == 0
}

// IE: 8 or 9 characters. New style: 7 digits, a check letter and, for
// numbers issued since 2013, a second letter. Old style: a digit, a letter
// or "+" or "*", 5 digits and a check letter.
const ieAlphabet = "WABCDEFGHIJKLMNOPQRSTUV"

func ieIndex(c byte) int {
	for i := 0; i < len(ieAlphabet); i++ {
		if ieAlphabet[i] == c {
			return i
		}
	}
	return -1
}

func ieFormat(b string) bool {
	if (len(b) != 8 && len(b) != 9) || !isDigit(b[0]) || !allDigits(b[2:7]) {
		return false
	}
	for i := 7; i < len(b); i++ {
		if ieIndex(b[i]) < 0 {
			return false
		}
	}
	if isDigit(b[1]) {
		return true
	}
	return len(b) == 8 && (isUpper(b[1]) || b[1] == '+' || b[1] == '*')
}

func ieChecksum(b string) bool {
	if !ieFormat(b) {
		return false
	}
	s := 0
	if isDigit(b[1]) {
		for i := 0; i < 7; i++ {
			s += (8 - i) * val(b[i])
		}
		if len(b) == 9 {
			s += 9 * ieIndex(b[8])
		}
	} else {
		// old style: the digits 3-7 then the first digit, zero-filled to 7
		for i := 0; i < 5; i++ {
			s += (7 - i) * val(b[2+i])
		}
		s += 2 * val(b[0])
	}
	return ieAlphabet[s%23] == b[7]
}

// IT: the partita IVA, 11 digits: a 7-digit company number (not all
// zeros), a 3-digit office code (001-100, 120, 121, 888, 999) and a Luhn
// check digit.
func itFormat(b string) bool {
	if !digits(b, 11) || num(b[:7]) == 0 {
		return false
	}
	o := num(b[7:10])
	return (o >= 1 && o <= 100) || o == 120 || o == 121 || o == 888 || o == 999
}

func itChecksum(b string) bool { return itFormat(b) && luhn(b) }

// LT: 9 digits (legal entities, eighth digit 1) or 12 digits (temporary
// payers, eleventh digit 1), weighted mod 11 with a second weight set.
func ltFormat(b string) bool {
	switch len(b) {
	case 9:
		return allDigits(b) && b[7] == '1'
	case 12:
		return allDigits(b) && b[10] == '1'
	}
	return false
}

func ltChecksum(b string) bool {
	if !ltFormat(b) {
		return false
	}
	n := len(b) - 1
	s := 0
	for i := 0; i < n; i++ {
		s += (1 + i%9) * val(b[i])
	}
	c := s % 11
	if c == 10 {
		s = 0
		for i := 0; i < n; i++ {
			s += (1 + (i+2)%9) * val(b[i])
		}
		c = s % 11
	}
	return c%10 == val(b[n])
}

// LU: 8 digits, the last two are the first six mod 89.
func luFormat(b string) bool { return digits(b, 8) }

func luChecksum(b string) bool { return luFormat(b) && num(b[:6])%89 == num(b[6:]) }

// LV: 11 digits. Legal entities start with a digit above 3 (weighted mod
// 11 = 3); natural persons carry the personal code: DDMMYY, a century digit
// and a check digit; personal codes issued since July 2017 start with 32
// and carry no date.
func lvFormat(b string) bool {
	if !digits(b, 11) {
		return false
	}
	if b[0] > '3' || b[:2] == "32" {
		return true
	}
	y := 1800 + 100*val(b[6]) + num(b[4:6])
	return validDate(y, num(b[2:4]), num(b[0:2]))
}

func lvChecksum(b string) bool {
	if !lvFormat(b) {
		return false
	}
	switch {
	case b[0] > '3':
		return weighted(b, []int{9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1})%11 == 3
	case b[:2] == "32":
		return true // no published check for the dateless personal codes
	default:
		return (1+weighted(b, []int{10, 5, 8, 4, 2, 1, 6, 3, 7, 9}))%11%10 == val(b[10])
	}
}

// MT: 8 digits, not starting with 0, weighted mod 37.
func mtFormat(b string) bool { return digits(b, 8) && b[0] != '0' }

func mtChecksum(b string) bool {
	return mtFormat(b) && weighted(b, []int{3, 4, 6, 7, 8, 9, 10, 1})%37 == 0
}

// NL: 9 digits, "B" and a 2-digit branch number (01 and up). The 9 digits
// pass the BSN/RSIN mod 11 test, or, for the sole-proprietor numbers issued
// since 2020, the whole number with its NL prefix passes ISO 7064 mod 97.
func nlFormat(b string) bool {
	return len(b) == 12 && allDigits(b[:9]) && b[9] == 'B' && allDigits(b[10:]) &&
		num(b[:9]) > 0 && num(b[10:]) > 0
}

func nlChecksum(b string) bool {
	if !nlFormat(b) {
		return false
	}
	s := 0
	for i := 0; i < 8; i++ {
		s += (9 - i) * val(b[i])
	}
	s -= val(b[8])
	if s%11 == 0 {
		return true
	}
	// "NL" + number, letters as two digits (N=23, L=21, B=11), mod 97 == 1
	r := 2321 % 97
	for i := 0; i < 12; i++ {
		if b[i] == 'B' {
			r = (r*100 + 11) % 97
		} else {
			r = (r*10 + val(b[i])) % 97
		}
	}
	return r == 1
}

// PL: the NIP, 10 digits, weighted mod 11 (a remainder of 10 is never
// issued).
func plFormat(b string) bool { return digits(b, 10) }

func plChecksum(b string) bool {
	if !plFormat(b) {
		return false
	}
	c := weighted(b, []int{6, 5, 7, 2, 3, 4, 5, 6, 7}) % 11
	return c < 10 && c == val(b[9])
}

// PT: the NIF, 9 digits, not starting with 0, weighted mod 11.
func ptFormat(b string) bool { return digits(b, 9) && b[0] != '0' }

func ptChecksum(b string) bool {
	if !ptFormat(b) {
		return false
	}
	c := 11 - weighted(b, []int{9, 8, 7, 6, 5, 4, 3, 2})%11
	if c >= 10 {
		c = 0
	}
	return c == val(b[8])
}

// RO: the CUI/CIF, 2 to 10 digits, not starting with 0; the last digit is
// a weighted mod 11 check over the others right-aligned on 9 weights. A
// natural person registered for VAT may use the 13-digit CNP instead.
func roFormat(b string) bool {
	if len(b) == 13 {
		return roCNPFormat(b)
	}
	return roCUIFormat(b)
}

func roChecksum(b string) bool {
	if len(b) == 13 {
		return roCNPChecksum(b)
	}
	return roCUIChecksum(b)
}

func roCUIFormat(b string) bool { return len(b) >= 2 && len(b) <= 10 && allDigits(b) && b[0] != '0' }

func roCUIChecksum(b string) bool {
	if !roCUIFormat(b) {
		return false
	}
	w := [9]int{7, 5, 3, 2, 1, 7, 5, 3, 2}
	n := len(b) - 1
	s := 0
	for i := 0; i < n; i++ {
		s += w[9-n+i] * val(b[i])
	}
	return s*10%11%10 == val(b[n])
}

// SE: 12 digits: the 10-digit organisation number (Luhn) and 01.
func seFormat(b string) bool { return digits(b, 12) && b[10:] == "01" }

func seChecksum(b string) bool { return seFormat(b) && luhn(b[:10]) }

// SI: 8 digits, not starting with 0, weighted mod 11 (a check value of 10
// is written 0; 11 is never issued).
func siFormat(b string) bool { return digits(b, 8) && b[0] != '0' }

func siChecksum(b string) bool {
	if !siFormat(b) {
		return false
	}
	s := 0
	for i := 0; i < 7; i++ {
		s += (8 - i) * val(b[i])
	}
	c := 11 - s%11
	if c == 11 {
		return false
	}
	return c%10 == val(b[7])
}

// SK: 10 digits, not starting with 0, third digit 2, 3, 4, 7, 8 or 9, the
// whole number divisible by 11.
func skFormat(b string) bool {
	if !digits(b, 10) || b[0] == '0' {
		return false
	}
	switch b[2] {
	case '2', '3', '4', '7', '8', '9':
		return true
	}
	return false
}

func skChecksum(b string) bool { return skFormat(b) && num(b)%11 == 0 }

// XI (Northern Ireland, UK rules): 9 digits, 12 digits (a 3-digit branch
// suffix), or GD/HA and 3 digits for government departments (below 500)
// and health authorities (500 and up). The 9 digits pass the weighted mod
// 97 test: the sum mod 97 is 0, or 42 for numbers from 100 000 000 on (the
// 9755 scheme: the sum plus 55 is divisible by 97). python-stdnum also
// accepts 55, which has no published basis; it is refused here, as in
// gb_vat.
func xiFormat(b string) bool {
	switch len(b) {
	case 5:
		if !allDigits(b[2:]) {
			return false
		}
		n := num(b[2:])
		return (b[:2] == "GD" && n < 500) || (b[:2] == "HA" && n >= 500)
	case 11:
		if (b[:6] != "GD8888" && b[:6] != "HA8888") || !allDigits(b[6:]) {
			return false
		}
		n := num(b[6:9])
		return (b[:2] == "GD" && n < 500) || (b[:2] == "HA" && n >= 500)
	case 9, 12:
		return allDigits(b)
	}
	return false
}

func xiChecksum(b string) bool {
	if !xiFormat(b) {
		return false
	}
	switch len(b) {
	case 5:
		return true
	case 11:
		return num(b[6:9])%97 == num(b[9:11])
	}
	s := weighted(b, []int{8, 7, 6, 5, 4, 3, 2, 10, 1}) % 97
	if num(b[:3]) >= 100 {
		return s == 0 || s == 42
	}
	return s == 0
}

func xiDisplay(b string) string {
	switch len(b) {
	case 9:
		return "XI " + layout(b, "### #### ##")
	case 12:
		return "XI " + layout(b, "### #### ## ###")
	}
	return "XI " + b
}
