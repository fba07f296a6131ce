package iso

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/currency"
)

// listOne is every alphabetic code of ISO 4217 List One after Amendment 180
// (in force from 2026-01-01), written out independently of the tables so
// that TestCurrencyTablesCoverListOne can prove accepted plus refused is the
// whole list.
const listOne = "" +
	"AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD BND BOB BOV " +
	"BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP " +
	"CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF " +
	"GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR " +
	"KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT " +
	"MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN " +
	"PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE " +
	"SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX " +
	"USD USN UYI UYU UYW UZS VED VES VND VUV WST XAD XAF XAG XAU XBA XBB XBC " +
	"XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG"

func TestCurrency(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string // "" when refused
	}{
		{"canonical", "EUR", "EUR"},
		{"lower case", "eur", "EUR"},
		{"mixed case and spaces", " uSd\t", "USD"},
		{"first", "AED", "AED"},
		{"last", "ZWG", "ZWG"},
		{"Mauritania ouguiya 2018", "MRU", "MRU"},
		{"Venezuela bolivar soberano", "VES", "VES"},
		{"Venezuela bolivar digital", "VED", "VED"},
		{"Sierra Leone leone 2022", "SLE", "SLE"},
		{"Zimbabwe gold 2024", "ZWG", "ZWG"},
		{"Caribbean guilder 2025", "XCG", "XCG"},
		{"Sao Tome dobra 2018", "STN", "STN"},
		{"Belarus ruble 2016", "BYN", "BYN"},
		{"CFA franc BEAC", "XAF", "XAF"},
		{"CFA franc BCEAO", "XOF", "XOF"},
		{"East Caribbean dollar", "XCD", "XCD"},
		{"CFP franc", "XPF", "XPF"},
		{"El Salvador colon", "SVC", "SVC"},
		{"Cuban peso", "CUP", "CUP"},

		{"Deutsche Mark", "DEM", ""},
		{"French franc", "FRF", ""},
		{"Croatian kuna 2023", "HRK", ""},
		{"old leone", "SLL", ""},
		{"old bolivar", "VEF", ""},
		{"old ouguiya", "MRO", ""},
		{"old dobra", "STD", ""},
		{"old Belarus ruble", "BYR", ""},
		{"Zimbabwe dollar 2024", "ZWL", ""},
		{"Netherlands Antillean guilder 2025", "ANG", ""},
		{"Bulgarian lev 2026", "BGN", ""},
		{"Bulgarian lev lower case", "bgn", ""},
		{"Cuban convertible peso", "CUC", ""},
		{"Lithuanian litas", "LTL", ""},
		{"Italian lira", "ITL", ""},

		{"fund Mvdol", "BOV", ""},
		{"fund WIR euro", "CHE", ""},
		{"fund WIR franc", "CHW", ""},
		{"fund Unidad de Fomento", "CLF", ""},
		{"fund Unidad de Valor Real", "COU", ""},
		{"fund Mexican UDI", "MXV", ""},
		{"fund US dollar next day", "USN", ""},
		{"fund Uruguay UI", "UYI", ""},
		{"index Unidad Previsional", "UYW", ""},
		{"fund Arab accounting dinar", "XAD", ""},
		{"SDR", "XDR", ""},
		{"Sucre", "XSU", ""},
		{"ADB unit of account", "XUA", ""},
		{"bond market unit", "XBA", ""},
		{"gold", "XAU", ""},
		{"silver", "XAG", ""},
		{"palladium", "XPD", ""},
		{"platinum", "XPT", ""},
		{"testing", "XTS", ""},
		{"no currency", "XXX", ""},

		{"empty", "", ""},
		{"two letters", "EU", ""},
		{"four letters", "EURO", ""},
		{"numeric", "978", ""},
		{"symbol", "€", ""},
		{"inner space", "E R", ""},
		{"crypto", "BTC", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := Currency(tt.in)
			if ok != (tt.want != "") || got != tt.want {
				t.Errorf("Currency(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.want != "")
			}
		})
	}
}

func TestCurrencyMinorUnits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		want   int
		wantOK bool
	}{
		{"EUR", 2, true},
		{"usd", 2, true},
		{"JPY", 0, true},
		{"KRW", 0, true},
		{"ISK", 0, true},
		{"CLP", 0, true},
		{"XAF", 0, true},
		{"XOF", 0, true},
		{"XPF", 0, true},
		{"VND", 0, true},
		{"UGX", 0, true},
		{"BHD", 3, true},
		{"IQD", 3, true},
		{"JOD", 3, true},
		{"KWD", 3, true},
		{"LYD", 3, true},
		{"OMR", 3, true},
		{"TND", 3, true},
		{"MRU", 2, true},
		{"XCG", 2, true},
		{"ZWG", 2, true},
		{"IDR", 2, true},
		{"CLF", 0, false}, // refused fund code (4 in List One)
		{"XAU", 0, false},
		{"DEM", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := CurrencyMinorUnits(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("CurrencyMinorUnits(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
	zero := 0
	for _, c := range Currencies() {
		n, ok := CurrencyMinorUnits(c)
		if !ok || n < 0 || n > 3 {
			t.Errorf("CurrencyMinorUnits(%q) = %d, %v", c, n, ok)
		}
		if n == 0 {
			zero++
		}
	}
	if zero != 16 {
		t.Errorf("%d currencies with no minor unit, want 16 (List One)", zero)
	}
}

func TestCurrencies(t *testing.T) {
	t.Parallel()
	all := Currencies()
	if len(all) != 155 {
		t.Errorf("len(Currencies()) = %d, want 155", len(all))
	}
	if !slices.IsSorted(all) {
		t.Error("Currencies() is not sorted")
	}
	for _, c := range all {
		if got, ok := Currency(c); !ok || got != c {
			t.Errorf("Currency(%q) = %q, %v; want itself", c, got, ok)
		}
	}
	all[0] = "XXX"
	if Currencies()[0] != "AED" {
		t.Error("Currencies() shares its slice")
	}
}

func TestCurrencyTableFormat(t *testing.T) {
	t.Parallel()
	checkTableFormat(t, currencyTable, 4, 3)
	checkTableFormat(t, excludedTable, 3, 3)
}

// TestCurrencyTablesCoverListOne proves that the accepted and the refused
// tables are disjoint and together are List One, so that every code of
// List One was decided on.
func TestCurrencyTablesCoverListOne(t *testing.T) {
	t.Parallel()
	want := strings.Fields(listOne)
	if !slices.IsSorted(want) {
		t.Fatal("listOne is not sorted")
	}
	got := append(Currencies(), strings.Fields(excludedTable)...)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("accepted + refused =\n%v\nwant List One\n%v", got, want)
	}
	for _, c := range strings.Fields(excludedTable) {
		if got, ok := Currency(c); ok {
			t.Errorf("Currency(%q) = %q, true; want refused", c, got)
		}
	}
}

// TestCurrencyAgainstXText documents why the table is not x/text's: x/text
// accepts withdrawn currencies, and (in the version this module requires)
// refuses some current ones.
func TestCurrencyAgainstXText(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"DEM", "FRF", "HRK", "SLL", "VEF", "MRO", "ZWL", "ANG", "BGN", "CUC"} {
		if _, err := currency.ParseISO(s); err != nil {
			t.Errorf("x/text ParseISO(%q): %v; the difference this test documents is gone", s, err)
		}
		if got, ok := Currency(s); ok {
			t.Errorf("Currency(%q) = %q, true; want refused", s, got)
		}
	}
	for _, s := range []string{"MRU", "VES", "VED", "SLE", "ZWG", "XCG"} {
		if _, err := currency.ParseISO(s); err != nil {
			t.Logf("x/text ParseISO(%q): %v; Currency accepts it", s, err)
		}
		if _, ok := Currency(s); !ok {
			t.Errorf("Currency(%q) refused; want accepted", s)
		}
	}
}

func TestCurrencyAllocs(t *testing.T) {
	for _, in := range []string{"EUR", "eur", " usd ", "DEM", "EURO"} {
		if n := testing.AllocsPerRun(100, func() { Currency(in) }); n != 0 {
			t.Errorf("Currency(%q) allocates %v times", in, n)
		}
		if n := testing.AllocsPerRun(100, func() { CurrencyMinorUnits(in) }); n != 0 {
			t.Errorf("CurrencyMinorUnits(%q) allocates %v times", in, n)
		}
	}
}

// FuzzCurrency checks that Currency never panics, that what it returns is
// canonical, and that CurrencyMinorUnits agrees with it.
//
//	go test -run '^$' -fuzz FuzzCurrency ./customer/internal/iso/
func FuzzCurrency(f *testing.F) {
	for _, s := range []string{"EUR", "eur", " jpy ", "DEM", "XXX", "EURO", "", "€", "E\x00R"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := Currency(s)
		_, minorOK := CurrencyMinorUnits(s)
		if ok != minorOK {
			t.Fatalf("Currency(%q) ok %v, CurrencyMinorUnits ok %v", s, ok, minorOK)
		}
		if !ok {
			if got != "" {
				t.Fatalf("Currency(%q) = %q, false; want empty", s, got)
			}
			return
		}
		if again, ok := Currency(got); !ok || again != got {
			t.Fatalf("Currency(%q) = %q, but Currency(%q) = %q, %v", s, got, got, again, ok)
		}
	})
}

func BenchmarkCurrency(b *testing.B) {
	for _, in := range []string{"EUR", "eur", "XXX"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Currency(in)
			}
		})
	}
}
