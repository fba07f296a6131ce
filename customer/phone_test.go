package customer_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/nyaruka/phonenumbers/v2"
)

// TestValidNumberIsKnownType holds the equivalence telephone validation
// rests on: phonenumbers.IsValidNumber(n) is exactly
// phonenumbers.GetNumberType(n) != UNKNOWN, so validation classifies each
// number once and reads its validity from the type. It checks every
// region's example number of every type, its invalid example, the
// non-geographic entities' examples, and each of them with its last digit
// changed, dropped or doubled, which makes numbers of every kind of
// invalidity (wrong length, no pattern matched). A phonenumbers upgrade
// that breaks the equivalence fails here.
func TestValidNumberIsKnownType(t *testing.T) {
	t.Parallel()
	var examples []*phonenumbers.PhoneNumber
	add := func(n *phonenumbers.PhoneNumber) {
		if n != nil {
			examples = append(examples, n)
		}
	}
	for _, region := range slices.Sorted(maps.Keys(phonenumbers.GetSupportedRegions())) {
		for typ := phonenumbers.FIXED_LINE; typ < phonenumbers.UNKNOWN; typ++ {
			add(phonenumbers.GetExampleNumberForTypeInRegion(region, typ))
		}
		add(phonenumbers.GetInvalidExampleNumber(region))
	}
	for _, cc := range slices.Sorted(maps.Keys(phonenumbers.GetSupportedGlobalNetworkCallingCodes())) {
		add(phonenumbers.GetExampleNumberForNonGeoEntity(cc))
	}
	if len(examples) < 1000 {
		t.Fatalf("only %d example numbers: the metadata did not load", len(examples))
	}

	var valid, invalid int
	for _, ex := range examples {
		nsn := ex.GetNationalNumber()
		variants := []uint64{nsn, nsn - nsn%10 + (nsn%10+1)%10, nsn / 10, nsn*10 + nsn%10}
		for _, v := range variants {
			n := &phonenumbers.PhoneNumber{
				CountryCode:          ex.CountryCode,
				NationalNumber:       &v,
				ItalianLeadingZero:   ex.ItalianLeadingZero,
				NumberOfLeadingZeros: ex.NumberOfLeadingZeros,
			}
			isValid := phonenumbers.IsValidNumber(n)
			typ := phonenumbers.GetNumberType(n)
			if isValid != (typ != phonenumbers.UNKNOWN) {
				t.Errorf("+%d %d: IsValidNumber %v, GetNumberType %v", n.GetCountryCode(), v, isValid, typ)
			}
			if isValid {
				valid++
			} else {
				invalid++
			}
		}
	}
	// Both sides of the equivalence are exercised, many times over.
	t.Logf("%d valid and %d invalid numbers", valid, invalid)
	if valid < 1000 || invalid < 1000 {
		t.Fatalf("%d valid and %d invalid numbers checked; expected at least 1000 of each", valid, invalid)
	}
}
