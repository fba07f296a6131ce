package legaldoc_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer/legaldoc"
)

// checkRoundTrip requires value (valid for t and country) to normalise,
// format and normalise back to the same compact form, which validates.
func checkRoundTrip(tb testing.TB, typ legaldoc.Type, country, value string) {
	tb.Helper()
	compact, err := legaldoc.Normalize(typ, country, value)
	if err != nil {
		tb.Errorf("%s %s: Normalize(%q): %v", typ, country, value, err)
		return
	}
	again, err := legaldoc.Normalize(typ, country, compact)
	if err != nil || again != compact {
		tb.Errorf("%s %s: Normalize is not idempotent: %q -> %q -> %q, %v", typ, country, value, compact, again, err)
	}
	display, err := legaldoc.Format(typ, country, value)
	if err != nil {
		tb.Errorf("%s %s: Format(%q): %v", typ, country, value, err)
		return
	}
	back, err := legaldoc.Normalize(typ, country, display)
	if err != nil || back != compact {
		tb.Errorf("%s %s: Format(%q) = %q normalises to %q, %v; want %q", typ, country, value, display, back, err, compact)
	}
	if err := legaldoc.Validate(typ, country, compact, legaldoc.LevelChecksum); err != nil {
		tb.Errorf("%s %s: the compact form %q does not validate: %v", typ, country, compact, err)
	}
}

func TestExamplesValidate(t *testing.T) {
	t.Parallel()
	for _, s := range legaldoc.Types() {
		t.Run(string(s.Type), func(t *testing.T) {
			t.Parallel()
			if s.Description == "" || s.Example == "" {
				t.Errorf("missing description or example: %+v", s)
			}
			if err := legaldoc.Validate(s.Type, "", s.Example, legaldoc.LevelChecksum); err != nil {
				t.Errorf("example %q: %v", s.Example, err)
			}
			checkRoundTrip(t, s.Type, "", s.Example)
			for _, v := range s.Variants {
				for _, country := range []string{v.Country, strings.ToLower(v.Country), ""} {
					if err := legaldoc.Validate(s.Type, country, v.Example, legaldoc.LevelChecksum); err != nil {
						t.Errorf("%s example %q with country %q: %v", v.Country, v.Example, country, err)
					}
				}
				checkRoundTrip(t, s.Type, v.Country, v.Example)
			}
		})
	}
}

func TestSpecs(t *testing.T) {
	t.Parallel()
	specs := legaldoc.Types()
	if !slices.IsSortedFunc(specs, func(a, b legaldoc.Spec) int { return strings.Compare(string(a.Type), string(b.Type)) }) {
		t.Error("Types is not sorted")
	}
	for _, s := range specs {
		got, ok := legaldoc.Lookup(s.Type)
		if !ok || got.Type != s.Type || got.Example != s.Example {
			t.Errorf("Lookup(%s) = %+v, %v", s.Type, got, ok)
		}
		if s.Type != legaldoc.Other && len(s.Countries) != len(s.Variants) {
			t.Errorf("%s: %d countries, %d variants", s.Type, len(s.Countries), len(s.Variants))
		}
	}
	vat, _ := legaldoc.Lookup("eu_vat")
	if len(vat.Countries) != 28 {
		t.Errorf("eu_vat: %d countries (%v), want the 27 member states and GB for Northern Ireland", len(vat.Countries), vat.Countries)
	}
	vat.Countries[0] = "ZZ"
	vat.Variants[0].Example = "changed"
	again, _ := legaldoc.Lookup("eu_vat")
	if again.Countries[0] == "ZZ" || again.Variants[0].Example == "changed" {
		t.Error("Lookup returns a Spec that shares memory with the registry")
	}
	if _, ok := legaldoc.Lookup("xx_nope"); ok {
		t.Error("Lookup found an unknown type")
	}
}

func TestSentinels(t *testing.T) {
	t.Parallel()
	all := []error{legaldoc.ErrUnknownType, legaldoc.ErrCountry, legaldoc.ErrFormat, legaldoc.ErrChecksum}
	for i, err := range all {
		if !errors.Is(err, customerkit.ErrInvalid) {
			t.Errorf("%v does not match customerkit.ErrInvalid", err)
		}
		for j, other := range all {
			if i != j && errors.Is(err, other) {
				t.Errorf("%v matches %v", err, other)
			}
		}
	}
	err := legaldoc.Validate("de_stn", "", "12", legaldoc.LevelFormat)
	if !errors.Is(err, legaldoc.ErrFormat) || !errors.Is(err, customerkit.ErrInvalid) {
		t.Errorf("a wrapped error matches %v", err)
	}
	if !strings.HasPrefix(err.Error(), "legaldoc: de_stn: ") {
		t.Errorf("error %q lacks its context", err)
	}
}

// validationCase is one Validate call and the sentinel it returns (nil for
// success).
type validationCase struct {
	name    string
	typ     legaldoc.Type
	country string
	value   string
	level   legaldoc.Level
	want    error
}

func runValidation(t *testing.T, tests []validationCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := legaldoc.Validate(tt.typ, tt.country, tt.value, tt.level)
			if tt.want == nil {
				if err != nil {
					t.Errorf("Validate(%s, %q, %q, %v) = %v, want success", tt.typ, tt.country, tt.value, tt.level, err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("Validate(%s, %q, %q, %v) = %v, want %v", tt.typ, tt.country, tt.value, tt.level, err, tt.want)
			}
		})
	}
}

func TestUnknownType(t *testing.T) {
	t.Parallel()
	for _, typ := range []legaldoc.Type{"", "xx_vat", "EU_VAT", "eu_vat "} {
		if err := legaldoc.Validate(typ, "", "DE136695976", legaldoc.LevelFormat); !errors.Is(err, legaldoc.ErrUnknownType) {
			t.Errorf("Validate(%q) = %v", typ, err)
		}
		if _, err := legaldoc.Normalize(typ, "", "DE136695976"); !errors.Is(err, legaldoc.ErrUnknownType) {
			t.Errorf("Normalize(%q) = %v", typ, err)
		}
		if _, err := legaldoc.Format(typ, "", "DE136695976"); !errors.Is(err, legaldoc.ErrUnknownType) {
			t.Errorf("Format(%q) = %v", typ, err)
		}
	}
}

func TestCountry(t *testing.T) {
	t.Parallel()
	runValidation(t, []validationCase{
		{"prefix implies the country", "eu_vat", "", "DE136695976", legaldoc.LevelChecksum, nil},
		{"country without prefix", "eu_vat", "DE", "136695976", legaldoc.LevelChecksum, nil},
		{"lower-case country", "eu_vat", "de", "136 695 976", legaldoc.LevelChecksum, nil},
		{"country and matching prefix", "eu_vat", "DE", "DE136695976", legaldoc.LevelChecksum, nil},
		{"country contradicts the prefix", "eu_vat", "FR", "DE136695976", legaldoc.LevelFormat, legaldoc.ErrCountry},
		{"neither country nor prefix", "eu_vat", "", "136695976", legaldoc.LevelFormat, legaldoc.ErrCountry},
		{"prefix of no member state", "eu_vat", "", "US136695976", legaldoc.LevelFormat, legaldoc.ErrCountry},
		{"country outside the EU", "eu_vat", "US", "136695976", legaldoc.LevelFormat, legaldoc.ErrCountry},
		{"not a country code", "eu_vat", "DEU", "DE136695976", legaldoc.LevelFormat, legaldoc.ErrCountry},
		{"GB prefix is not eu_vat", "eu_vat", "", "GB980780684", legaldoc.LevelFormat, legaldoc.ErrCountry},
		{"prefix of the country, malformed body", "eu_vat", "DE", "DE13669597", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"Greece by ISO code", "eu_vat", "GR", "EL094259216", legaldoc.LevelChecksum, nil},
		{"Greece by VAT prefix as country", "eu_vat", "EL", "094259216", legaldoc.LevelChecksum, nil},
		{"Greece typed with GR", "eu_vat", "", "GR 094259216", legaldoc.LevelChecksum, nil},
		{"Northern Ireland by XI", "eu_vat", "XI", "980 7806 84", legaldoc.LevelChecksum, nil},
		{"Northern Ireland by GB", "eu_vat", "GB", "XI980780684", legaldoc.LevelChecksum, nil},
		{"Northern Ireland prefix", "eu_vat", "", "XI 980 7806 84", legaldoc.LevelChecksum, nil},
		{"single-country type, its country", "pl_nip", "PL", "8567346215", legaldoc.LevelChecksum, nil},
		{"single-country type, another country", "pl_nip", "DE", "8567346215", legaldoc.LevelFormat, legaldoc.ErrCountry},
		{"national type typed with its ISO prefix", "pl_nip", "", "PL 856-734-62-15", legaldoc.LevelChecksum, nil},
		{"national type with another prefix", "pl_nip", "", "DE 856-734-62-15", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"OSS with EU", "eu_oss_vat", "EU", "EU372022452", legaldoc.LevelFormat, nil},
		{"OSS without prefix", "eu_oss_vat", "", "372022452", legaldoc.LevelFormat, nil},
		{"OSS with a member state", "eu_oss_vat", "IE", "EU372022452", legaldoc.LevelFormat, legaldoc.ErrCountry},
	})
}

func TestLookalikes(t *testing.T) {
	t.Parallel()
	runValidation(t, []validationCase{
		{"full-width digits and letters", "eu_vat", "", "\uff24\uff25\uff11\uff13\uff16\uff16\uff19\uff15\uff19\uff17\uff16", legaldoc.LevelChecksum, nil},
		{"full-width lower-case letters", "eu_vat", "", "\uff44\uff45136695976", legaldoc.LevelChecksum, nil},
		{"non-breaking and thin spaces", "eu_vat", "", "DE\u00a0136\u2009695\u202f976", legaldoc.LevelChecksum, nil},
		{"en dash, minus sign, hyphen", "pl_nip", "", "856\u2013734\u221262\u201015", legaldoc.LevelChecksum, nil},
		{"full-width hyphen and slash", "de_stn", "", "21\uff0f815\uff0d08150", legaldoc.LevelFormat, nil},
	})
	runValidation(t, []validationCase{
		{"letter O for zero (VAT)", "eu_vat", "DE", "13669597O", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"letter O for zero (NIP)", "pl_nip", "", "856-734-62-1O", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"letter l for one", "hr_oib", "", "3339200596l", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"Greek capital epsilon in EL", "eu_vat", "", "\u0395L094259216", legaldoc.LevelFormat, legaldoc.ErrCountry},
		{"Cyrillic letter in a body", "eu_vat", "CY", "10259033\u0420", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"empty", "eu_vat", "DE", "", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"separators only", "eu_vat", "DE", " .-/ ", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"too long", "eu_vat", "DE", strings.Repeat("1", 200), legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"other punctuation is not a separator", "eu_vat", "DE", "136,695,976", legaldoc.LevelFormat, legaldoc.ErrFormat},
	})
}

func TestOther(t *testing.T) {
	t.Parallel()
	runValidation(t, []validationCase{
		{"free text", legaldoc.Other, "", "Contract 2024/17 – annex B", legaldoc.LevelChecksum, nil},
		{"any country", legaldoc.Other, "us", "SO-1", legaldoc.LevelChecksum, nil},
		{"longest", legaldoc.Other, "", strings.Repeat("é", legaldoc.OtherMaxLength), legaldoc.LevelFormat, nil},
		{"too long", legaldoc.Other, "", strings.Repeat("é", legaldoc.OtherMaxLength+1), legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"blank", legaldoc.Other, "", " \t ", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"control character", legaldoc.Other, "", "a\x00b", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"invalid UTF-8", legaldoc.Other, "", "a\xffb", legaldoc.LevelFormat, legaldoc.ErrFormat},
		{"bad country", legaldoc.Other, "U1", "SO-1", legaldoc.LevelFormat, legaldoc.ErrCountry},
	})
	got, err := legaldoc.Normalize(legaldoc.Other, "", "  Service order 17 ")
	if err != nil || got != "Service order 17" {
		t.Errorf("Normalize(other) = %q, %v", got, err)
	}
}

func TestNormalizeAndFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		typ              legaldoc.Type
		country, in      string
		compact, display string
	}{
		{"eu_vat", "", "be 0220.764.971", "BE0220764971", "BE 0220.764.971"},
		{"eu_vat", "BE", "0220764971", "BE0220764971", "BE 0220.764.971"},
		{"eu_vat", "", "fr 61 954 506 077", "FR61954506077", "FR 61 954 506 077"},
		{"eu_vat", "", "GR 094 259 216", "EL094259216", "EL 094259216"},
		{"eu_vat", "GB", "980780684", "XI980780684", "XI 980 7806 84"},
		{"eu_vat", "", "nl 004495445 b01", "NL004495445B01", "NL 004495445B01"},
		{"eu_oss_vat", "", "372022452", "EU372022452", "EU372022452"},
		{"cz_dic", "", "25123891", "CZ25123891", "CZ 25123891"},
		{"pl_nip", "", "PL 8567346215", "8567346215", "856-734-62-15"},
		{"pt_nif", "", "PT501964843", "501964843", "501 964 843"},
		{"hu_tin", "", "12892312241", "12892312241", "12892312-2-41"},
		{"fr_siret", "", "73282932000074", "73282932000074", "732 829 320 00074"},
		{"de_stn", "", "2181508150", "2181508150", "21/815/08150"},
		{"it_cf", "", "mrtntn23m02d969p", "MRTNTN23M02D969P", "MRTNTN23M02D969P"},
		{"es_cif", "", "ES-A13585625", "A13585625", "A13585625"},
	}
	for _, tt := range tests {
		got, err := legaldoc.Normalize(tt.typ, tt.country, tt.in)
		if err != nil || got != tt.compact {
			t.Errorf("Normalize(%s, %q, %q) = %q, %v; want %q", tt.typ, tt.country, tt.in, got, err, tt.compact)
		}
		got, err = legaldoc.Format(tt.typ, tt.country, tt.in)
		if err != nil || got != tt.display {
			t.Errorf("Format(%s, %q, %q) = %q, %v; want %q", tt.typ, tt.country, tt.in, got, err, tt.display)
		}
	}
	if _, err := legaldoc.Normalize("eu_vat", "DE", "12"); !errors.Is(err, legaldoc.ErrFormat) {
		t.Errorf("Normalize of a malformed value = %v", err)
	}
	// Normalize checks the format only
	if got, err := legaldoc.Normalize("eu_vat", "", "DE123456789"); err != nil || got != "DE123456789" {
		t.Errorf("Normalize of a bad check digit = %q, %v", got, err)
	}
}

// separated returns value with a separator between every two characters,
// as people type numbers.
func separated(value string) string {
	var b strings.Builder
	for i, r := range value {
		if i > 0 && i%3 == 0 {
			b.WriteString(". ")
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestValidateDoesNotAllocate(t *testing.T) {
	// not parallel: AllocsPerRun counts the allocations of the whole process
	for _, s := range legaldoc.Types() {
		if s.Type == legaldoc.Other {
			continue
		}
		for _, v := range s.Variants {
			for _, value := range []string{v.Example, separated(v.Example), strings.ToLower(v.Example)} {
				allocs := testing.AllocsPerRun(20, func() {
					_ = legaldoc.Validate(s.Type, v.Country, value, legaldoc.LevelChecksum)
				})
				if allocs != 0 {
					t.Errorf("Validate(%s, %s, %q) allocates %.0f times", s.Type, v.Country, value, allocs)
				}
			}
		}
	}
}
