package eu

import (
	"strings"
	"testing"
)

// bodyOf cleans a display-form example the simple way (the framework's
// cleaning is tested in package legaldoc) and drops the prefix.
func bodyOf(example, prefix string) string {
	r := strings.NewReplacer(" ", "", ".", "", "-", "", "/", "")
	b := strings.ToUpper(r.Replace(example))
	if strings.HasPrefix(b, prefix) {
		b = b[len(prefix):]
	}
	return b
}

func TestDefs(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	vatCountries := 0
	for _, d := range Defs() {
		key := d.Type + "/" + d.Country
		if seen[key] {
			t.Errorf("%s registered twice", key)
		}
		seen[key] = true
		if d.Type == "eu_vat" {
			vatCountries++
		}
		if d.Description == "" || d.Example == "" || d.Format == nil {
			t.Errorf("%s: incomplete rule", key)
			continue
		}
		b := bodyOf(d.Example, d.Prefix)
		if !d.Format(b) {
			t.Errorf("%s: example %q (body %q) fails Format", key, d.Example, b)
		}
		if d.Checksum != nil && !d.Checksum(b) {
			t.Errorf("%s: example %q (body %q) fails Checksum", key, d.Example, b)
		}
		if d.Display != nil {
			if got := bodyOf(d.Display(b), d.Prefix); got != b {
				t.Errorf("%s: Display(%q) = %q cleans to %q", key, b, d.Display(b), got)
			}
		}
	}
	if vatCountries != 28 {
		t.Errorf("eu_vat has %d countries, want 27 member states and Northern Ireland", vatCountries)
	}
	Defs()[0].Type = "changed"
	if Defs()[0].Type == "changed" {
		t.Error("Defs shares its slice")
	}
}

// hostile are bodies of every length and kind a rule may be given.
var hostile = []string{
	"", "0", "A", "00", "12", "GD", "HA", "GD8888", "\xff", "é", "\x00",
	strings.Repeat("9", 8), strings.Repeat("9", 9), strings.Repeat("9", 10), strings.Repeat("9", 11),
	strings.Repeat("9", 12), strings.Repeat("9", 13), strings.Repeat("9", 14), strings.Repeat("9", 16),
	strings.Repeat("Z", 9), strings.Repeat("Z", 16), strings.Repeat("9", 64), "U1234567", "U12345678",
	"12345678B01", "123456789B01", "1234567+A", "8+79739A", "RCCMNL83S18D969", "RCCMNL83S18D969H",
	"ZZZZZZZZZZZZZZZZ", "99999999999B99", "000000000B00",
}

// TestRulesNeverPanicOrAllocate runs every function of every rule over
// hostile bodies: none may panic, Format and Checksum may not allocate, and
// Checksum may accept only what Format accepts.
func TestRulesNeverPanicOrAllocate(t *testing.T) {
	for _, d := range Defs() {
		for _, b := range hostile {
			checkRule(t, d.Type+"/"+d.Country, d.Format, d.Checksum, d.Display, b)
			allocs := testing.AllocsPerRun(5, func() {
				d.Format(b)
				if d.Checksum != nil {
					d.Checksum(b)
				}
			})
			if allocs != 0 {
				t.Errorf("%s/%s(%q) allocates", d.Type, d.Country, b)
			}
		}
	}
}

func checkRule(t testing.TB, name string, format, checksum func(string) bool, display func(string) string, b string) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("%s(%q) panics: %v", name, b, r)
		}
	}()
	ok := format(b)
	if checksum != nil && checksum(b) && !ok {
		t.Errorf("%s: Checksum accepts %q, which Format refuses", name, b)
	}
	if display != nil {
		display(b)
	}
}

// FuzzRules runs every rule over arbitrary bodies.
//
//	go test ./customer/legaldoc/internal/eu -run '^$' -fuzz '^FuzzRules$' -fuzztime 60s
func FuzzRules(f *testing.F) {
	for _, b := range hostile {
		f.Add(b)
	}
	for _, d := range Defs() {
		f.Add(bodyOf(d.Example, d.Prefix))
	}
	defs := Defs()
	f.Fuzz(func(t *testing.T, b string) {
		for _, d := range defs {
			checkRule(t, d.Type+"/"+d.Country, d.Format, d.Checksum, d.Display, b)
		}
	})
}
