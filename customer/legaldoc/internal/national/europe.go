package national

import "strings"

// ---- Andorra: NRT ----

// adNRTFormat: a letter giving the kind of holder, 6 digits and a control
// letter; F is followed by at most 699999, A and L by 700000-799999.
func adNRTFormat(b string) bool {
	if !shape(b, "A999999A") {
		return false
	}
	n := b[1:7]
	switch b[0] {
	case 'C', 'D', 'E', 'G', 'O', 'P', 'U':
		return true
	case 'F':
		return n <= "699999"
	case 'A', 'L':
		return n > "699999" && n < "800000"
	}
	return false
}

func adNRTDisplay(b string) string { return layout(b, "#-######-#") }

// ---- Albania: NIPT ----

// alNIPTFormat: a letter for the decade of registration (J 1990s, K
// 2000s, L 2010s, M 2020s), 8 digits and a control letter.
func alNIPTFormat(b string) bool { return shape(b, "A99999999A") && b[0] >= 'J' && b[0] <= 'M' }

// ---- Armenia, Azerbaijan, Georgia ----

func amTINFormat(b string) bool { return digitsLen(b, 8, 8) }

// azTINFormat: 10 digits, the last giving the legal status (1 legal
// person, 2 natural person).
func azTINFormat(b string) bool {
	return digitsLen(b, 10, 10) && (b[9] == '1' || b[9] == '2')
}

func geVATFormat(b string) bool { return digitsLen(b, 9, 9) || digitsLen(b, 11, 11) }

// ---- Belarus: UNP ----

var byWeights = [8]int{29, 23, 19, 17, 13, 7, 5, 3}

const byLetters = "ABCEHKMOPT"

func byUNPFormat(b string) bool {
	if len(b) != 9 || !allDigits(b[2:]) {
		return false
	}
	if !allDigits(b[:2]) && (strings.IndexByte(byLetters, b[0]) < 0 || strings.IndexByte(byLetters, b[1]) < 0) {
		return false
	}
	return strings.IndexByte("1234567ABCEHKM", b[0]) >= 0
}

// byUNPChecksum: weights 29,23,19,17,13,7,5,3 over the first 8 characters
// (a leading letter counts as its value in 0-9A-Z, a letter in second
// position as its index in ABCEHKMOPT), sum mod 11 is the check digit (10
// is never issued).
func byUNPChecksum(b string) bool {
	if !byUNPFormat(b) {
		return false
	}
	t := 0
	for i := 0; i < 8; i++ {
		v := alnumValue(b[i])
		if i == 1 && !isDigit(b[1]) {
			v = strings.IndexByte(byLetters, b[1])
		}
		t += v * byWeights[i]
	}
	r := t % 11
	return r < 10 && digit(b[8]) == r
}

// ---- Bosnia and Herzegovina ----

func baTINFormat(b string) bool { return digitsLen(b, 12, 13) }

// ---- Switzerland and Liechtenstein: UID ----

var uidWeights = []int{5, 4, 3, 2, 7, 6, 5, 4}

func uidFormat(b string) bool { return digitsLen(b, 9, 9) }

// uidChecksum: the body is the 9 digits after CHE; weights 5,4,3,2,7,6,5,4,
// check = 11 - sum mod 11 (11 written 0; 10 is never issued).
func uidChecksum(b string) bool {
	if !uidFormat(b) {
		return false
	}
	c := (11 - weighted(b[:8], uidWeights)%11) % 11
	return c < 10 && digit(b[8]) == c
}

func uidDisplay(b string) string { return layout(b, "CHE-###.###.###") }

// chVATSuffix returns the length of the language suffix of a Swiss VAT
// body, or 0.
func chVATSuffix(b string) int {
	for _, s := range [...]string{"MWST", "TVA", "IVA", "TPV"} {
		if strings.HasSuffix(b, s) {
			return len(s)
		}
	}
	return 0
}

func chVATFormat(b string) bool {
	n := chVATSuffix(b)
	return n > 0 && uidFormat(b[:len(b)-n])
}

func chVATChecksum(b string) bool {
	n := chVATSuffix(b)
	return n > 0 && uidChecksum(b[:len(b)-n])
}

func chVATDisplay(b string) string {
	n := chVATSuffix(b)
	if n == 0 || len(b) != 9+n {
		return b
	}
	return "CHE-" + b[0:3] + "." + b[3:6] + "." + b[6:9] + " " + b[9:]
}

func liVATFormat(b string) bool { return digitsLen(b, 5, 5) }

// ---- Faroe Islands, Gibraltar ----

func foVATFormat(b string) bool { return digitsLen(b, 6, 6) }

func giTINFormat(b string) bool {
	if len(b) < 5 || len(b) > 12 || !allAlnum(b) {
		return false
	}
	return strings.IndexAny(b, "0123456789") >= 0
}

// ---- United Kingdom: VAT ----

var gbWeights = []int{8, 7, 6, 5, 4, 3, 2, 10, 1}

func gbVATFormat(b string) bool {
	switch len(b) {
	case 9, 12:
		return allDigits(b)
	case 5:
		if !allDigits(b[2:]) {
			return false
		}
		switch b[:2] {
		case "GD":
			return b[2:] < "500"
		case "HA":
			return b[2:] >= "500"
		}
	}
	return false
}

// gbVATChecksum: weights 8..2,10,1 over the 9 digits; the sum mod 97 is 0
// (the original scheme) or, for numbers from 100 000 000 on, 42 (the
// "9755" scheme: sum + 55 divisible by 97). A 12-digit number is a 9-digit
// number plus a 3-digit branch. Government departments (GD) and health
// authorities (HA) have no check digits.
func gbVATChecksum(b string) bool {
	if !gbVATFormat(b) {
		return false
	}
	if len(b) == 5 {
		return true
	}
	r := weighted(b[:9], gbWeights) % 97
	if b[:3] >= "100" {
		return r == 0 || r == 42
	}
	return r == 0
}

func gbVATDisplay(b string) string {
	switch len(b) {
	case 9:
		return layout(b, "GB ### #### ##")
	case 12:
		return layout(b, "GB ### #### ## ###")
	}
	return "GB" + b
}

// ---- Iceland: kennitala and VSK ----

var ktWeights = []int{3, 2, 7, 6, 5, 4, 3, 2, 1}

// isKTFormat: DDMMYY (day + 40 for organisations), 2 serial digits, a check
// digit and a century digit (8, 9 or 0 for the 1800s, 1900s, 2000s).
func isKTFormat(b string) bool {
	if !digitsLen(b, 10, 10) {
		return false
	}
	var century int
	switch b[9] {
	case '8':
		century = 1800
	case '9':
		century = 1900
	case '0':
		century = 2000
	default:
		return false
	}
	d := num(b[0:2])
	if d > 40 {
		d -= 40
	}
	return validDate(century+num(b[4:6]), num(b[2:4]), d)
}

func isKTChecksum(b string) bool {
	return digitsLen(b, 10, 10) && weighted(b[:9], ktWeights)%11 == 0
}

func isKTDisplay(b string) string { return layout(b, "######-####") }

func isVATFormat(b string) bool { return digitsLen(b, 5, 6) }

// ---- Moldova, Montenegro, North Macedonia, Serbia ----

func mdVATFormat(b string) bool { return digitsLen(b, 7, 7) }

var mePIBWeights = []int{8, 7, 6, 5, 4, 3, 2}

func mePIBFormat(b string) bool { return digitsLen(b, 8, 8) }

func mePIBChecksum(b string) bool {
	return mePIBFormat(b) && digit(b[7]) == mod(-weighted(b[:7], mePIBWeights), 11)%10
}

var mkWeights = []int{7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2}

func mkVATFormat(b string) bool { return digitsLen(b, 13, 13) }

func mkVATChecksum(b string) bool {
	return mkVATFormat(b) && digit(b[12]) == mod(-weighted(b[:12], mkWeights), 11)%10
}

func rsPIBFormat(b string) bool   { return digitsLen(b, 9, 9) }
func rsPIBChecksum(b string) bool { return rsPIBFormat(b) && mod11_10(b) }

// ---- Norway ----

var noWeights = []int{3, 2, 7, 6, 5, 4, 3, 2, 1}

func noVATFormat(b string) bool {
	return len(b) == 12 && strings.HasSuffix(b, "MVA") && allDigits(b[:9])
}

func noVATChecksum(b string) bool {
	return noVATFormat(b) && weighted(b[:9], noWeights)%11 == 0
}

func noVATDisplay(b string) string { return layout(b, "NO ### ### ### ###") }

func noVOECFormat(b string) bool { return digitsLen(b, 7, 7) }

// ---- Russia ----

var (
	innWeights10 = []int{2, 4, 10, 3, 5, 9, 4, 6, 8}
	innWeights11 = []int{7, 2, 4, 10, 3, 5, 9, 4, 6, 8}
	innWeights12 = []int{3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8}
)

func ruINNFormat(b string) bool { return digitsLen(b, 10, 10) || digitsLen(b, 12, 12) }

func ruINNChecksum(b string) bool {
	if !ruINNFormat(b) {
		return false
	}
	if len(b) == 10 {
		return digit(b[9]) == weighted(b[:9], innWeights10)%11%10
	}
	return digit(b[10]) == weighted(b[:10], innWeights11)%11%10 &&
		digit(b[11]) == weighted(b[:11], innWeights12)%11%10
}

// ruKPPFormat: 4 digits (tax office), 2 digits or capital Latin letters
// (reason of registration), 3 digits (serial).
func ruKPPFormat(b string) bool { return shape(b, "9999XX999") }

// ---- Turkey: VKN (10 digits) or T.C. kimlik no (11 digits) ----

func trTINFormat(b string) bool {
	return digitsLen(b, 10, 10) || digitsLen(b, 11, 11) && b[0] != '0'
}

func trTINChecksum(b string) bool {
	if !trTINFormat(b) {
		return false
	}
	if len(b) == 11 {
		odd := digit(b[0]) + digit(b[2]) + digit(b[4]) + digit(b[6]) + digit(b[8])
		even := digit(b[1]) + digit(b[3]) + digit(b[5]) + digit(b[7])
		if digit(b[9]) != mod(odd*7-even, 10) {
			return false
		}
		t := 0
		for i := 0; i < 10; i++ {
			t += digit(b[i])
		}
		return digit(b[10]) == t%10
	}
	// VKN: for the i-th digit from the right of the first 9 (i = 1..9),
	// c = (d + i) mod 10; when c != 0 add c*2^i mod 9 (9 when that is 0);
	// the check digit is (10 - sum mod 10) mod 10.
	t := 0
	for i := 1; i <= 9; i++ {
		c := (digit(b[9-i]) + i) % 10
		if c != 0 {
			v := c * (1 << i) % 9
			if v == 0 {
				v = 9
			}
			t += v
		}
	}
	return digit(b[9]) == (10-t%10)%10
}

// ---- Ukraine ----

func uaVATFormat(b string) bool {
	return digitsLen(b, 8, 10) || digitsLen(b, 12, 12)
}
