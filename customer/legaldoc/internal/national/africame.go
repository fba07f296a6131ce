package national

// ---- Gulf states ----

// aeTRNFormat: 15 digits starting with 100.
func aeTRNFormat(b string) bool { return digitsLen(b, 15, 15) && b[:3] == "100" }

func bhVATFormat(b string) bool { return digitsLen(b, 15, 15) }

func omVATFormat(b string) bool { return digitsLen(b, 10, 10) }

// saVATFormat: 15 digits, the first and the last being 3.
func saVATFormat(b string) bool { return digitsLen(b, 15, 15) && b[0] == '3' && b[14] == '3' }

// ---- Israel ----

func ilVATFormat(b string) bool   { return digitsLen(b, 9, 9) }
func ilVATChecksum(b string) bool { return ilVATFormat(b) && luhn(b) }

// ---- Egypt ----

func egTINFormat(b string) bool    { return digitsLen(b, 9, 9) }
func egTINDisplay(b string) string { return layout(b, "###-###-###") }

// ---- East Africa ----

// kePINFormat: A (individuals) or P (others), 9 digits and a letter.
func kePINFormat(b string) bool { return shape(b, "A999999999A") && (b[0] == 'A' || b[0] == 'P') }

func etTINFormat(b string) bool { return digitsLen(b, 10, 10) }

// tzVATFormat: the VRN, 8 digits and a letter (written 40-012345-A).
func tzVATFormat(b string) bool { return shape(b, "99999999A") }

func ugTINFormat(b string) bool { return digitsLen(b, 10, 10) }
func zmTINFormat(b string) bool { return digitsLen(b, 10, 10) }
func zwTINFormat(b string) bool { return digitsLen(b, 10, 10) }

// ---- Southern Africa ----

// zaVATFormat: 10 digits starting with 4.
func zaVATFormat(b string) bool   { return digitsLen(b, 10, 10) && b[0] == '4' }
func zaVATChecksum(b string) bool { return zaVATFormat(b) && luhn(b) }

// aoTINFormat: 10 digits (companies), or 9 digits, 2 letters and 3 digits
// (individuals, the identity card number).
func aoTINFormat(b string) bool { return digitsLen(b, 10, 10) || shape(b, "999999999AA999") }

// ---- West and Central Africa ----

// ghTINFormat: P, C, G, Q or V, then 00, 7 digits and a check character.
func ghTINFormat(b string) bool {
	if !shape(b, "A0099999999") && !shape(b, "A009999999X") {
		return false
	}
	switch b[0] {
	case 'P', 'C', 'G', 'Q', 'V':
		return isDigit(b[10]) || b[10] == 'X'
	}
	return false
}

// ghTINChecksum: digits 2-10 weighted 1..9, sum mod 11 (10 written X).
func ghTINChecksum(b string) bool {
	if !ghTINFormat(b) {
		return false
	}
	t := 0
	for i := 1; i <= 9; i++ {
		t += digit(b[i]) * i
	}
	r := t % 11
	if r == 10 {
		return b[10] == 'X'
	}
	return isDigit(b[10]) && digit(b[10]) == r
}

// gnNIFFormat: the NIFp, 9 digits, the last a Luhn check digit.
func gnNIFFormat(b string) bool    { return digitsLen(b, 9, 9) }
func gnNIFChecksum(b string) bool  { return gnNIFFormat(b) && luhn(b) }
func gnNIFDisplay(b string) string { return layout(b, "###-###-###") }

// ngTINFormat: the FIRS TIN, 8 digits and a 4-digit suffix, or the JTB
// TIN, 10 digits.
func ngTINFormat(b string) bool { return digitsLen(b, 12, 12) || digitsLen(b, 10, 10) }

func ngTINDisplay(b string) string {
	if len(b) == 12 {
		return layout(b, "########-####")
	}
	return b
}

// bfIFUFormat: 8 digits and a check letter.
func bfIFUFormat(b string) bool { return shape(b, "99999999A") }

// bjIFUFormat: 13 digits, the first giving the kind of holder (1-6).
func bjIFUFormat(b string) bool { return digitsLen(b, 13, 13) && b[0] >= '1' && b[0] <= '6' }

// cdNIFFormat: a letter, 7 digits and a letter.
func cdNIFFormat(b string) bool { return shape(b, "A9999999A") }

// cmNIUFormat: M (legal persons) or P (natural persons), 12 digits and a
// letter.
func cmNIUFormat(b string) bool { return shape(b, "A999999999999A") && (b[0] == 'M' || b[0] == 'P') }

// cvNIFFormat: 9 digits, the first giving the kind of holder (1-5).
func cvNIFFormat(b string) bool { return digitsLen(b, 9, 9) && b[0] >= '1' && b[0] <= '5' }

func mrNIFFormat(b string) bool { return digitsLen(b, 8, 8) }

// ---- Morocco ----

func maVATFormat(b string) bool { return digitsLen(b, 7, 8) }

// ---- Senegal: NINEA ----

// snNINEASplit returns the length of the NINEA part of b (7 or 9 digits),
// the rest being the 3-character COFI, or 0 when b has neither shape.
func snNINEASplit(b string) int {
	switch len(b) {
	case 7, 9:
		return len(b)
	case 10, 12:
		return len(b) - 3
	}
	return 0
}

// snNINEAFormat: the NINEA (7 digits, or 9) optionally followed by the
// COFI: tax status (0-2), tax centre letter, legal form digit.
func snNINEAFormat(b string) bool {
	n := snNINEASplit(b)
	if n == 0 || !allDigits(b[:n]) {
		return false
	}
	if n == len(b) {
		return true
	}
	c := b[n:]
	return c[0] >= '0' && c[0] <= '2' && isUpper(c[1]) && c[1] != 'I' && c[1] != 'O' &&
		c[1] != 'X' && c[1] != 'Y' && isDigit(c[2])
}

// snNINEAChecksum: the NINEA left-padded to 9 digits, weights
// 1,2,1,2,... (products not folded), sum divisible by 10.
func snNINEAChecksum(b string) bool {
	if !snNINEAFormat(b) {
		return false
	}
	n := snNINEASplit(b)
	t := 0
	for i := 0; i < n; i++ {
		w := 1
		if (9-n+i)%2 == 1 {
			w = 2
		}
		t += digit(b[i]) * w
	}
	return t%10 == 0
}

func snNINEADisplay(b string) string {
	n := snNINEASplit(b)
	if n == 0 || n == len(b) {
		return b
	}
	return b[:n] + " " + b[n:]
}
