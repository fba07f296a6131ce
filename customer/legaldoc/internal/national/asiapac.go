package national

import "strings"

// ---- Australia ----

var abnWeights = []int{10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19}

func auABNFormat(b string) bool { return digitsLen(b, 11, 11) && b[0] != '0' }

// auABNChecksum: subtract 1 from the first digit, weights
// 10,1,3,5,...,19, sum divisible by 89.
func auABNChecksum(b string) bool {
	return auABNFormat(b) && (weighted(b, abnWeights)-10)%89 == 0
}

func auABNDisplay(b string) string { return layout(b, "## ### ### ###") }

var acnWeights = []int{8, 7, 6, 5, 4, 3, 2, 1}

func auACNFormat(b string) bool { return digitsLen(b, 9, 9) }

func auACNChecksum(b string) bool {
	return auACNFormat(b) && digit(b[8]) == (10-weighted(b[:8], acnWeights)%10)%10
}

func auACNDisplay(b string) string { return layout(b, "### ### ###") }

func auARNFormat(b string) bool { return digitsLen(b, 12, 12) }

// ---- New Zealand ----

var (
	irdPrimary   = []int{3, 2, 7, 6, 5, 4, 3, 2}
	irdSecondary = []int{7, 4, 3, 2, 5, 2, 7, 6}
)

func nzGSTFormat(b string) bool {
	if !digitsLen(b, 8, 9) {
		return false
	}
	n := num(b)
	return n > 10000000 && n < 150000000
}

// nzGSTChecksum: the IRD number padded to 8 base digits; weights
// 3,2,7,6,5,4,3,2 and check = -sum mod 11; when that is 10, weights
// 7,4,3,2,5,2,7,6 and check = -sum mod 11 again (10 again: invalid).
func nzGSTChecksum(b string) bool {
	if !nzGSTFormat(b) {
		return false
	}
	base := b[:len(b)-1]
	var w1, w2 []int = irdPrimary, irdSecondary
	if len(base) == 7 {
		w1, w2 = irdPrimary[1:], irdSecondary[1:]
	}
	c := mod(-weighted(base, w1), 11)
	if c == 10 {
		c = mod(-weighted(base, w2), 11)
	}
	return c < 10 && digit(b[len(b)-1]) == c
}

func nzGSTDisplay(b string) string {
	if len(b) == 8 {
		return layout(b, "##-###-###")
	}
	return layout(b, "###-###-###")
}

// nzBNFormat: the NZBN is a 13-digit GS1 global location number in the
// 94 (New Zealand) range.
func nzBNFormat(b string) bool   { return digitsLen(b, 13, 13) && b[:2] == "94" }
func nzBNChecksum(b string) bool { return nzBNFormat(b) && gs1(b) }

// ---- China: unified social credit code (GB 32100-2015) ----

const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// usccValue maps a byte to its value in usccAlphabet plus one; zero for a
// byte outside the alphabet. A table rather than a search: the check runs
// 18 lookups.
var usccValue = func() (t [256]uint8) {
	for i := 0; i < len(usccAlphabet); i++ {
		t[usccAlphabet[i]] = uint8(i + 1)
	}
	return t
}()

func cnTINFormat(b string) bool {
	if len(b) != 18 || !allDigits(b[2:8]) {
		return false
	}
	for i := 0; i < len(b); i++ {
		if usccValue[b[i]] == 0 {
			return false
		}
	}
	return true
}

// cnTINChecksum: characters are worth their index in the 31-character
// alphabet (no I, O, S, V, Z); weights 3^i mod 31; check = 31 - sum mod 31
// (31 written 0).
func cnTINChecksum(b string) bool {
	if !cnTINFormat(b) {
		return false
	}
	t := 0
	for i := 0; i < 17; i++ {
		t += int(usccValue[b[i]]-1) * usccWeights[i]
	}
	return b[17] == usccAlphabet[(31-t%31)%31]
}

// ---- Hong Kong ----

func hkBRFormat(b string) bool { return digitsLen(b, 8, 8) }

// ---- Indonesia: NPWP ----

// idNPWPFormat: 15 digits (the format used until 2024), or 16 digits: a 0
// followed by the 15-digit number, or a NIK (population number: province
// code, DDMMYY birth date with 40 added to the day for women, serial).
func idNPWPFormat(b string) bool {
	switch {
	case digitsLen(b, 15, 15):
		return true
	case digitsLen(b, 16, 16):
		if b[0] == '0' {
			return true
		}
		d := num(b[6:8])
		if d > 40 {
			d -= 40
		}
		return b[:2] >= "11" && validDate(2000, num(b[8:10]), d)
	}
	return false
}

// idNPWPChecksum: the 9th digit of the 15-digit number is a Luhn check
// digit over the first 9; a NIK has no check digit.
func idNPWPChecksum(b string) bool {
	if !idNPWPFormat(b) {
		return false
	}
	switch {
	case len(b) == 15:
		return luhn(b[:9])
	case b[0] == '0':
		return luhn(b[1:10])
	}
	return true
}

func idNPWPDisplay(b string) string {
	if len(b) == 15 {
		return layout(b, "##.###.###.#-###.###")
	}
	return b
}

// ---- India: GSTIN ----

func inStateOK(s string) bool {
	n := num(s)
	return n >= 1 && n <= 38 || n == 97 || n == 99
}

// inGSTFormat: 2-digit state code, the holder's PAN (5 letters whose 4th
// is the holder type, 4 digits not all zero, a letter), the registration
// count (1-9, A-Z), Z, and a check character.
func inGSTFormat(b string) bool {
	if !shape(b, "99AAAAA9999AXZX") || !inStateOK(b[:2]) || b[12] == '0' {
		return false
	}
	return strings.IndexByte("ABCFGHJKLPT", b[5]) >= 0 && b[7:11] != "0000"
}

func inGSTChecksum(b string) bool { return inGSTFormat(b) && luhnMod36(b) }

// ---- Japan ----

// jpCNFormat: 13 digits, the first (the check digit) never 0.
func jpCNFormat(b string) bool { return digitsLen(b, 13, 13) && b[0] != '0' }

// jpCNChecksum: check (first digit) = 9 - (sum of the other 12 digits
// weighted 1,2,1,2... from the right) mod 9.
func jpCNChecksum(b string) bool {
	if !jpCNFormat(b) {
		return false
	}
	t := 0
	for i := 12; i >= 1; i-- {
		w := 1
		if (12-i)%2 == 1 {
			w = 2
		}
		t += digit(b[i]) * w
	}
	return digit(b[0]) == 9-t%9
}

func jpRNFormat(b string) bool { return digitsLen(b, 5, 5) }

// ---- South Korea: business registration number ----

var brnWeights = []int{1, 3, 7, 1, 3, 7, 1, 3, 5}

func krBRNFormat(b string) bool {
	return digitsLen(b, 10, 10) && b[:3] >= "101" && b[3:5] != "00" && b[5:9] != "0000"
}

// krBRNChecksum: weights 1,3,7,1,3,7,1,3,5, plus the tens of 5 times the
// 9th digit; check = (10 - sum mod 10) mod 10.
func krBRNChecksum(b string) bool {
	if !digitsLen(b, 10, 10) {
		return false
	}
	t := weighted(b[:9], brnWeights) + digit(b[8])*5/10
	return digit(b[9]) == (10-t%10)%10
}

func krBRNDisplay(b string) string { return layout(b, "###-##-#####") }

// ---- Kazakhstan: BIN ----

// kzBINFormat: YYMM of registration, entity type (4 resident, 5
// non-resident, 6 individual entrepreneur), attribute (0-3), 5 serial
// digits and a check digit.
func kzBINFormat(b string) bool {
	if !digitsLen(b, 12, 12) {
		return false
	}
	m := num(b[2:4])
	return m >= 1 && m <= 12 && b[4] >= '4' && b[4] <= '6' && b[5] <= '3'
}

var (
	kzWeights1 = []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	kzWeights2 = []int{3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2}
)

// kzBINChecksum: weights 1..11, sum mod 11; when that is 10, weights
// 3..11,1,2 and sum mod 11 again (10 again: never issued).
func kzBINChecksum(b string) bool {
	if !digitsLen(b, 12, 12) {
		return false
	}
	c := weighted(b[:11], kzWeights1) % 11
	if c == 10 {
		c = weighted(b[:11], kzWeights2) % 11
	}
	return c < 10 && digit(b[11]) == c
}

// ---- Central Asia, South Asia, South-East Asia: format only ----

func kgTINFormat(b string) bool { return digitsLen(b, 14, 14) }
func tjTINFormat(b string) bool { return digitsLen(b, 9, 9) }
func uzTINFormat(b string) bool { return digitsLen(b, 9, 9) }
func uzVATFormat(b string) bool { return digitsLen(b, 12, 12) }
func npPANFormat(b string) bool { return digitsLen(b, 9, 9) }

func bdBINFormat(b string) bool    { return digitsLen(b, 9, 9) || digitsLen(b, 13, 13) }
func bdBINDisplay(b string) string { return layout(b, "#########-####") }

func lkVATFormat(b string) bool    { return digitsLen(b, 13, 13) }
func lkVATDisplay(b string) string { return layout(b, "#########-####") }

// khTINFormat: a letter or digit followed by 3 digits (the taxpayer type
// and tax branch) and 9 digits.
func khTINFormat(b string) bool    { return len(b) == 13 && isAlnum(b[0]) && allDigits(b[1:]) }
func khTINDisplay(b string) string { return layout(b, "####-#########") }

func laTINFormat(b string) bool    { return digitsLen(b, 12, 12) }
func laTINDisplay(b string) string { return layout(b, "#########-###") }

// ---- Malaysia ----

func myFRPFormat(b string) bool { return digitsLen(b, 8, 8) }

// myITNFormat: a 1-2 letter file-type code (C, SG, OG, D, E, F, ...) and a
// 7-11 digit file number.
func myITNFormat(b string) bool {
	n := 0
	for n < len(b) && n < 3 && isUpper(b[n]) {
		n++
	}
	return n >= 1 && n <= 2 && digitsLen(b[n:], 7, 11)
}

func myITNDisplay(b string) string {
	n := 0
	for n < len(b) && isUpper(b[n]) {
		n++
	}
	if n == 0 || n == len(b) {
		return b
	}
	return b[:n] + " " + b[n:]
}

// mySSTFormat: a letter (station code) followed by 14 digits, written
// A12-3456-78912345.
func mySSTFormat(b string) bool    { return len(b) == 15 && isUpper(b[0]) && allDigits(b[1:]) }
func mySSTDisplay(b string) string { return layout(b, "###-####-########") }

// ---- Philippines ----

// phTINFormat: the 9-digit TIN, optionally followed by a 3- to 5-digit
// branch code.
func phTINFormat(b string) bool { return digitsLen(b, 9, 9) || digitsLen(b, 12, 14) }

func phTINDisplay(b string) string {
	if !phTINFormat(b) {
		return b
	}
	if len(b) == 9 {
		return layout(b, "###-###-###")
	}
	return b[0:3] + "-" + b[3:6] + "-" + b[6:9] + "-" + b[9:]
}

// ---- Singapore ----

var (
	uenBusinessWeights = []int{10, 4, 9, 3, 8, 2, 7, 1}
	uenLocalWeights    = []int{10, 8, 6, 4, 9, 7, 5, 3, 1}
	uenOtherWeights    = [9]int{4, 3, 5, 3, 10, 2, 2, 5, 7}
)

const uenOtherAlphabet = "ABCDEFGHJKLMNPQRSTUVWX0123456789"

// sgUENFormat: businesses (ROB) 8 digits and a check letter; local
// companies (ROC) 9 digits (year of registration first) and a check
// letter; other entities R/S/T (19xx, 20xx or 21xx), 2 digits of the
// year, a 2-letter entity type, 4 digits and a check character.
func sgUENFormat(b string) bool {
	switch len(b) {
	case 9:
		return shape(b, "99999999A")
	case 10:
		if isDigit(b[0]) {
			return shape(b, "999999999A")
		}
		return (b[0] == 'R' || b[0] == 'S' || b[0] == 'T') && shape(b[1:], "99AA9999X")
	}
	return false
}

func sgUENChecksum(b string) bool {
	if !sgUENFormat(b) {
		return false
	}
	switch {
	case len(b) == 9:
		return b[8] == "XMKECAWLJDB"[weighted(b[:8], uenBusinessWeights)%11]
	case isDigit(b[0]):
		return b[9] == "ZKCMDNERGWH"[weighted(b[:9], uenLocalWeights)%11]
	}
	t := 0
	for i := 0; i < 9; i++ {
		t += strings.IndexByte(uenOtherAlphabet, b[i]) * uenOtherWeights[i]
	}
	return b[9] == uenOtherAlphabet[mod(t-5, 11)]
}

// sgGSTFormat: an M-number (M, 8 digits or letters, a check character) or
// a UEN, which is used as the GST number by entities registered with it.
func sgGSTFormat(b string) bool {
	if len(b) == 10 && b[0] == 'M' && allAlnum(b) {
		return true
	}
	return sgUENFormat(b)
}

// ---- Thailand ----

func thVATFormat(b string) bool { return digitsLen(b, 13, 13) }

// thVATChecksum: weights 13..2, check = (11 - sum mod 11) mod 10.
func thVATChecksum(b string) bool {
	if !thVATFormat(b) {
		return false
	}
	t := 0
	for i := 0; i < 12; i++ {
		t += digit(b[i]) * (13 - i)
	}
	return digit(b[12]) == (11-t%11)%10
}

// ---- Taiwan: unified business number ----

var ubnWeights = [8]int{1, 2, 1, 2, 1, 2, 4, 1}

func twVATFormat(b string) bool { return digitsLen(b, 8, 8) }

// twVATChecksum: multiply by 1,2,1,2,1,2,4,1 and add the digits of each
// product. Since 2023 the sum must be divisible by 5 (it was 10 before,
// and every such number still passes); when the 7th digit is 7, its
// product 28 may be counted as 10 or 1, so sum + 1 divisible by 5 is also
// accepted.
func twVATChecksum(b string) bool {
	if !twVATFormat(b) {
		return false
	}
	t := 0
	for i := 0; i < 8; i++ {
		p := digit(b[i]) * ubnWeights[i]
		t += p/10 + p%10
	}
	return t%5 == 0 || b[6] == '7' && (t+1)%5 == 0
}

// ---- Vietnam: MST ----

var mstWeights = []int{31, 29, 23, 19, 17, 13, 7, 5, 3}

func vnTINFormat(b string) bool {
	if !digitsLen(b, 10, 10) && !digitsLen(b, 13, 13) {
		return false
	}
	return b[2:9] != "0000000" && (len(b) == 10 || b[10:] != "000")
}

func vnTINChecksum(b string) bool {
	return vnTINFormat(b) && digit(b[9]) == 10-weighted(b[:9], mstWeights)%11
}

func vnTINDisplay(b string) string {
	if len(b) == 13 {
		return layout(b, "##########-###")
	}
	return b
}
