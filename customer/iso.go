package customer

import "github.com/customerkit/customerkit/customer/internal/iso"

// CanonicalCountry returns the upper-case ISO 3166-1 alpha-2 code for s
// when it is an officially assigned code (any letter case), and false
// otherwise: "UK", "EU", "XK", three-letter, numeric and deleted codes are
// refused.
func CanonicalCountry(s string) (string, bool) { return iso.Country(s) }

// CanonicalCurrency returns the upper-case ISO 4217 code for s when it is an
// active currency, and false otherwise: withdrawn codes are refused.
func CanonicalCurrency(s string) (string, bool) { return iso.Currency(s) }

// CanonicalLanguage returns the canonical BCP 47 form of the tag s, and
// false when s is not a well-formed, determined language tag.
func CanonicalLanguage(s string) (string, bool) { return iso.Language(s) }
