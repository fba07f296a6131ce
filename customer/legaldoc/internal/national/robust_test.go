package national

import (
	"strings"
	"testing"
)

// hostile returns bodies no rule should choke on.
func hostile() []string {
	h := []string{
		"", "0", "A", "Ñ", "\xc3", "\xff\xfe", "\x00", "9", "K", "Z", "-", " ",
		"00", "AA", "99", "TQ", "RT", "MVA", "CHE", "GD", "HA", "000", "1000",
		strings.Repeat("9", 100000), strings.Repeat("A", 1000), strings.Repeat("Ñ", 50),
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "ÀÉÎÕÜ", "日本語の文字列", "\u0660\u0661\u0662",
		"12345678901234567890", "1234567890123456789012345", "MWST", "TVA", "IVA",
		"ÑÑÑÑ010101ABC", "ÑÑÑ\xc3", "AAAA\xc3\x91", "&&&&000229AAA",
	}
	// every length from 1 to 20 of digits, letters and mixes
	for n := 1; n <= 20; n++ {
		h = append(h, strings.Repeat("7", n), strings.Repeat("Z", n), strings.Repeat("A1", n)[:n],
			strings.Repeat("\xc3", n), strings.Repeat("0", n))
	}
	for _, d := range Defs() {
		b, _ := body(d, d.Example)
		h = append(h, b, b[:len(b)/2], b+"0", b+"A", "\xc3"+b, b+"\xc3")
	}
	return h
}

func TestNoPanic(t *testing.T) {
	hs := hostile()
	for _, d := range Defs() {
		for _, b := range hs {
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s: panic on %.40q: %v", d.Type, b, r)
					}
				}()
				ok := d.Format(b)
				if d.Checksum != nil {
					d.Checksum(b)
				}
				if d.Display != nil {
					d.Display(b)
				}
				_ = ok
			}()
		}
	}
}

func TestNoAllocs(t *testing.T) {
	hs := hostile()
	for _, d := range Defs() {
		ex, _ := body(d, d.Example)
		for _, b := range append(hs, ex) {
			if n := testing.AllocsPerRun(5, func() { d.Format(b) }); n != 0 {
				t.Errorf("%s: Format(%.30q) allocates %v times", d.Type, b, n)
			}
			if d.Checksum != nil {
				if n := testing.AllocsPerRun(5, func() { d.Checksum(b) }); n != 0 {
					t.Errorf("%s: Checksum(%.30q) allocates %v times", d.Type, b, n)
				}
			}
		}
		// Display builds a new string: at most one allocation.
		if d.Display != nil {
			if n := testing.AllocsPerRun(5, func() { d.Display(ex) }); n > 1 {
				t.Errorf("%s: Display(%q) allocates %v times", d.Type, ex, n)
			}
		}
	}
}

// FuzzDefs feeds arbitrary bodies to every function of every rule: none may
// panic, Format and Checksum must agree with themselves, and Display of a
// well-formed body must clean back to it.
//
// Run: go test -run '^$' -fuzz FuzzDefs -fuzztime 60s ./customer/legaldoc/internal/national/
func FuzzDefs(f *testing.F) {
	for _, d := range Defs() {
		b, _ := body(d, d.Example)
		f.Add(b)
	}
	for _, b := range hostile()[:40] {
		f.Add(b)
	}
	defs := Defs()
	f.Fuzz(func(t *testing.T, b string) {
		for _, d := range defs {
			ok := d.Format(b)
			if d.Checksum != nil {
				d.Checksum(b)
			}
			if d.Display != nil {
				disp := d.Display(b)
				if ok {
					if got, _ := body(d, disp); got != b && strings.IndexFunc(b, func(r rune) bool { return r >= 0x80 }) < 0 {
						t.Errorf("%s: Display(%q) = %q cleans back to %q", d.Type, b, disp, got)
					}
				}
			}
		}
	})
}

// BenchmarkValidate runs Format and Checksum on every rule's example.
func BenchmarkValidate(b *testing.B) {
	defs := Defs()
	bodies := make([]string, len(defs))
	for i, d := range defs {
		bodies[i], _ = body(d, d.Example)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j, d := range defs {
			if d.Format(bodies[j]) && d.Checksum != nil {
				d.Checksum(bodies[j])
			}
		}
	}
}
