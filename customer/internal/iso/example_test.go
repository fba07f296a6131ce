package iso_test

import (
	"fmt"

	"github.com/customerkit/customerkit/customer/internal/iso"
)

func ExampleCountry() {
	for _, s := range []string{"de", " GB ", "UK", "XK", "USA"} {
		code, ok := iso.Country(s)
		fmt.Printf("%q -> %q %v\n", s, code, ok)
	}
	// Output:
	// "de" -> "DE" true
	// " GB " -> "GB" true
	// "UK" -> "" false
	// "XK" -> "" false
	// "USA" -> "" false
}

func ExampleCurrency() {
	for _, s := range []string{"eur", "XCG", "ANG", "CLF"} {
		code, ok := iso.Currency(s)
		fmt.Printf("%q -> %q %v\n", s, code, ok)
	}
	// Output:
	// "eur" -> "EUR" true
	// "XCG" -> "XCG" true
	// "ANG" -> "" false
	// "CLF" -> "" false
}

func ExampleCurrencyMinorUnits() {
	for _, s := range []string{"JPY", "EUR", "BHD"} {
		n, _ := iso.CurrencyMinorUnits(s)
		fmt.Println(s, n)
	}
	// Output:
	// JPY 0
	// EUR 2
	// BHD 3
}

func ExampleLanguage() {
	for _, s := range []string{"en-us", "en_GB", "iw", "und"} {
		tag, ok := iso.Language(s)
		fmt.Printf("%q -> %q %v\n", s, tag, ok)
	}
	// Output:
	// "en-us" -> "en-US" true
	// "en_GB" -> "en-GB" true
	// "iw" -> "he" true
	// "und" -> "" false
}
