package national

import "testing"

// TestDoCedulaLuhnExceptionsTable checks the shape of the whitelist: the
// 576 eleven-digit numbers of python-stdnum's list, strictly ascending (the
// binary search needs it), each failing Luhn (else it would not need to be
// listed).
func TestDoCedulaLuhnExceptionsTable(t *testing.T) {
	if n := len(doCedulaLuhnExceptions); n != 576 {
		t.Errorf("%d entries, want 576", n)
	}
	for i, w := range doCedulaLuhnExceptions {
		if len(w) != 11 || !allDigits(w) {
			t.Errorf("entry %d %q: not 11 digits", i, w)
		}
		if luhn(w) {
			t.Errorf("entry %d %q passes Luhn: it need not be listed", i, w)
		}
		if i > 0 && doCedulaLuhnExceptions[i-1] >= w {
			t.Errorf("entry %d %q: not after %q", i, w, doCedulaLuhnExceptions[i-1])
		}
	}
}

// TestDoCedulaWhitelist checks do_rcn's cédula branch against the rule
// "Luhn, or on the whitelist": every whitelisted number validates, and
// every change of its last digit validates exactly when it passes Luhn or
// is itself listed (the lookup is compared with a map built from the
// table, independently of the binary search).
func TestDoCedulaWhitelist(t *testing.T) {
	d, ok := defByType("do_rcn")
	if !ok {
		t.Fatal("no do_rcn rule")
	}
	listed := make(map[string]bool, len(doCedulaLuhnExceptions))
	for _, w := range doCedulaLuhnExceptions {
		listed[w] = true
	}
	for _, w := range doCedulaLuhnExceptions {
		if got := verdict(d, w); got != "valid" {
			t.Errorf("whitelisted %q: got %s, want valid", w, got)
		}
		if got := verdict(d, doRCNDisplay(w)); got != "valid" {
			t.Errorf("whitelisted %q in display form: got %s, want valid", w, got)
		}
		for c := byte('0'); c <= '9'; c++ {
			m := w[:10] + string(c)
			want := luhn(m) || listed[m]
			if got := doCedulaLuhnException(m); got != listed[m] {
				t.Errorf("doCedulaLuhnException(%q) = %v, want %v", m, got, listed[m])
			}
			if got := d.Checksum(m); got != want {
				t.Errorf("Checksum(%q) = %v, want %v", m, got, want)
			}
		}
	}
	// Misses: around and outside the table, wrong lengths, the two
	// 10-digit entries of python-stdnum's list, and non-digits.
	for _, b := range []string{
		"", "0", "00000000000", "00000021248", "00000021250", "90001200902", "99999999999",
		"0094662667", "0710208838", "0000002124", "000000212490", "0000002124A", "Ñ0000021249",
	} {
		if doCedulaLuhnException(b) {
			t.Errorf("doCedulaLuhnException(%q) = true, want false", b)
		}
	}
}

// TestDoCedulaSharedRow pins the shared vectors' do_rcn row: the placeholder
// cédula 123-4567890-1 fails Luhn, is not whitelisted, and so fails at the
// checksum level, while a Luhn-valid cédula and a whitelisted one validate.
func TestDoCedulaSharedRow(t *testing.T) {
	d, _ := defByType("do_rcn")
	for in, want := range map[string]string{
		"123-4567890-1": "bad_checksum",
		"001-1391820-5": "valid", // Luhn-valid
		"001-0000016-9": "valid", // fails Luhn, whitelisted
		"001-0000016-5": "valid", // the same digits with their Luhn digit
		"001-0000016-8": "bad_checksum",
	} {
		if got := verdict(d, in); got != want {
			t.Errorf("%q: got %s, want %s", in, got, want)
		}
	}
}

func TestDoCedulaLookupNoAllocs(t *testing.T) {
	for _, b := range []string{"00100000169", "00100000168", "90001200901", "", "99999999999"} {
		if n := testing.AllocsPerRun(10, func() { doCedulaLuhnException(b) }); n != 0 {
			t.Errorf("doCedulaLuhnException(%q) allocates %v times", b, n)
		}
	}
}
