package eu

// The national types of EU member states that Stripe lists beside eu_vat.

// bg_uic: the BULSTAT / UIC (ЕИК), 9 digits for legal entities or 13
// digits for their branches, both with check digits.
func bgUICFormat(b string) bool { return (len(b) == 9 || len(b) == 13) && allDigits(b) }

func bgUICChecksum(b string) bool {
	if !bgUICFormat(b) || !bgLegal(b[:9]) {
		return false
	}
	if len(b) == 9 {
		return true
	}
	c := (2*val(b[8]) + 7*val(b[9]) + 3*val(b[10]) + 5*val(b[11])) % 11
	if c == 10 {
		c = (4*val(b[8]) + 9*val(b[9]) + 5*val(b[10]) + 7*val(b[11])) % 11
	}
	return c%10 == val(b[12])
}

// de_stn: the Steuernummer. The regional form (10 or 11 digits, written
// with slashes) and the 13-digit federal form, whose first digits name the
// Land and whose fifth digit is 0. No check digit algorithm is applied:
// the Länder use several, not all published.
func deSTNFormat(b string) bool {
	if !allDigits(b) {
		return false
	}
	switch len(b) {
	case 10, 11:
		return true
	case 13:
		if b[4] != '0' {
			return false
		}
		if b[0] == '9' || b[0] == '5' { // Bayern, Nordrhein-Westfalen
			return true
		}
		switch b[:2] {
		case "10", "11", "21", "22", "23", "24", "26", "27", "28", "30", "31", "32", "40", "41":
			return true
		}
	}
	return false
}

func deSTNDisplay(b string) string {
	if len(b) == 10 {
		return layout(b, "##/###/#####")
	}
	return b
}

// hu_tin: the adószám of a business, 8 digits (the last a check digit, as
// in the VAT number), a VAT code (1 to 5) and a 2-digit territorial code
// (02-44, or 51 for the large taxpayers' directorate); or the adóazonosító
// jel of a person, 10 digits starting with 8, the last a check digit (the
// others weighted 1 to 9, mod 11).
func huTINFormat(b string) bool {
	if digits(b, 10) {
		return b[0] == '8'
	}
	if !digits(b, 11) || b[8] < '1' || b[8] > '5' {
		return false
	}
	t := num(b[9:])
	return (t >= 2 && t <= 44) || t == 51
}

func huTINChecksum(b string) bool {
	if !huTINFormat(b) {
		return false
	}
	if len(b) == 10 {
		return weighted(b, []int{1, 2, 3, 4, 5, 6, 7, 8, 9})%11 == val(b[9])
	}
	return huChecksum(b[:8])
}

func huTINDisplay(b string) string { return layout(b, "########-#-##") }

// ro_tin uses the rules of the Romanian VAT number: the personal numeric
// code (CNP, 13 digits with the birth date and a check digit), or the
// CUI/CIF of an entity (2 to 10 digits).

// roCNPFormat checks the shape and birth date of a CNP: the first digit
// gives sex and century (1-2: 1900s, 3-4: 1800s, 5-6: 2000s, 7-9:
// residents and foreigners, century not encoded), then YYMMDD.
func roCNPFormat(b string) bool {
	if !digits(b, 13) || b[0] == '0' {
		return false
	}
	y := num(b[1:3])
	switch b[0] {
	case '3', '4':
		y += 1800
	case '5', '6':
		y += 2000
	default:
		y += 1900
	}
	return validDate(y, num(b[3:5]), num(b[5:7]))
}

func roCNPChecksum(b string) bool {
	if !roCNPFormat(b) {
		return false
	}
	c := weighted(b, []int{2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9}) % 11
	if c == 10 {
		c = 1
	}
	return c == val(b[12])
}

// fr_siren: 9 digits, Luhn.
func frSIRENFormat(b string) bool { return digits(b, 9) }

func frSIRENChecksum(b string) bool { return frSIRENFormat(b) && luhn(b) }

func frSIRENDisplay(b string) string { return layout(b, "### ### ###") }

// fr_siret: the SIREN and a 5-digit establishment number, Luhn over all 14
// digits; La Poste's establishments (SIREN 356000000) use a digit sum
// divisible by 5 instead.
func frSIRETFormat(b string) bool { return digits(b, 14) }

func frSIRETChecksum(b string) bool {
	if !frSIRETFormat(b) || !luhn(b[:9]) {
		return false
	}
	if luhn(b) {
		return true
	}
	if b[:9] != "356000000" {
		return false
	}
	s := 0
	for i := 0; i < len(b); i++ {
		s += val(b[i])
	}
	return s%5 == 0
}

func frSIRETDisplay(b string) string { return layout(b, "### ### ### #####") }

// pt_nif, pl_nip display forms.
func ptNIFDisplay(b string) string { return layout(b, "### ### ###") }

func plNIPDisplay(b string) string { return layout(b, "###-###-##-##") }

// it_cf: the codice fiscale. For people, 16 characters: 6 letters from the
// names, the birth year (2), month (a letter) and day (2, plus 40 for
// women), the place of birth (a letter and 3 digits) and a check letter;
// digits may be replaced by the letters LMNPQRSTUV when codes collide
// (omocodia). For entities, the 11-digit number of the partita IVA.
const cfDigitLetters = "LMNPQRSTUV"

// cfDigit returns the value of a date or place character (a digit or its
// omocodia letter), or -1.
func cfDigit(c byte) int {
	if isDigit(c) {
		return val(c)
	}
	for i := 0; i < len(cfDigitLetters); i++ {
		if cfDigitLetters[i] == c {
			return i
		}
	}
	return -1
}

const cfMonths = "ABCDEHLMPRST"

func itCFFormat(b string) bool {
	if len(b) == 11 {
		return itFormat(b)
	}
	if len(b) != 16 || !allUpper(b[:6]) || !isUpper(b[11]) || !isUpper(b[15]) {
		return false
	}
	for _, i := range [...]int{6, 7, 9, 10, 12, 13, 14} {
		if cfDigit(b[i]) < 0 {
			return false
		}
	}
	m := -1
	for i := 0; i < len(cfMonths); i++ {
		if cfMonths[i] == b[8] {
			m = i + 1
		}
	}
	if m < 0 {
		return false
	}
	yy := cfDigit(b[6])*10 + cfDigit(b[7])
	d := cfDigit(b[9])*10 + cfDigit(b[10])
	if d > 40 {
		d -= 40
	}
	// the century is not encoded: February 29 is accepted in years
	// divisible by 4 (2000 was a leap year)
	return validDate(2000+yy, m, d)
}

var cfOdd = [26]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23}

func itCFChecksum(b string) bool {
	if !itCFFormat(b) {
		return false
	}
	if len(b) == 11 {
		return luhn(b)
	}
	s := 0
	for i := 0; i < 15; i++ {
		c := b[i]
		v := int(c - 'A')
		if isDigit(c) {
			v = val(c)
		}
		if i%2 == 0 {
			s += cfOdd[v]
		} else {
			s += v
		}
	}
	return b[15] == byte('A'+s%26)
}

// eu_oss_vat: the One-Stop-Shop number of the non-Union scheme, "EU" and
// 9 digits whose first three are the ISO 3166 numeric code of the member
// state of identification (900 for Northern Ireland). The check digit
// algorithm exists but is not published.
func ossFormat(b string) bool {
	if !digits(b, 9) {
		return false
	}
	switch b[:3] {
	case "040", "056", "100", "191", "196", "203", "208", "233", "246", "250", "276",
		"300", "348", "372", "380", "428", "440", "442", "470", "528", "616", "620",
		"642", "703", "705", "724", "752", "900":
		return true
	}
	return false
}
