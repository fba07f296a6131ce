package customer_test

import (
	"testing"

	"github.com/nyaruka/phonenumbers/v2"

	"github.com/customerkit/customerkit/customer"
)

// BenchmarkValidate measures Normalize on a complete customer with two
// telephones beside the baseline of the two phonenumbers parses that
// validation needs (parse, validity, type, E.164 format each), in the same
// run. The figure in BENCHMARKS.md is the ratio Complete / TwoPhoneParses.
//
//	go test ./customer -run '^$' -bench BenchmarkValidate -count 6
func BenchmarkValidate(b *testing.B) {
	b.Run("Complete", func(b *testing.B) {
		c := complete()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := customer.Normalize(c, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("TwoPhoneParses", func(b *testing.B) {
		c := complete()
		b.ReportAllocs()
		for b.Loop() {
			for _, t := range c.Telephones {
				var n phonenumbers.PhoneNumber
				if err := phonenumbers.ParseToNumber(t.Number, c.Country, &n); err != nil {
					b.Fatal(err)
				}
				if !phonenumbers.IsValidNumber(&n) {
					b.Fatal("invalid")
				}
				_ = phonenumbers.GetNumberType(&n)
				_ = phonenumbers.Format(&n, phonenumbers.E164)
			}
		}
	})
}
