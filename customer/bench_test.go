package customer_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/nyaruka/phonenumbers/v2"
	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/internal/cputime"
)

// benchOptions declares the settings benchCustomer carries, so that
// validation checks them instead of dropping them.
var benchOptions = &customer.Options{
	Settings: &customer.SettingsSchema{Settings: []customer.Setting{
		{Name: "theme", Kind: customer.KindString},
		{Name: "digest", Kind: customer.KindBool},
		{Name: "retention_days", Kind: customer.KindNumber},
		{Name: "session", Kind: customer.KindDuration},
		{Name: "features", Kind: customer.KindStrings},
	}},
}

// benchCustomer is complete() with every remaining field set too, as an
// update hands a stored customer back to validation: identifiers, key,
// subdomain, status, settings, parent, version and times.
// TestBenchCustomerSetsEveryField keeps it complete.
func benchCustomer() *customer.Customer {
	c := complete()
	c.ULID = ulid.MustParse("01JD6Y0G8Z6ZC9N3QK4T5V7W8X")
	c.UUID = uuid.MustParse("5f0c6f9e-3a1b-4c2d-9e8f-7a6b5c4d3e2f")
	c.Key = "k7f3x9q2m4bd"
	c.Status = customer.StatusActive
	c.Name = "Analytical Engines"
	c.Subdomain = "analytical-engines"
	c.Delinquent = true
	c.Settings = customer.Settings{
		"theme":          "dark",
		"digest":         true,
		"retention_days": 30.0,
		"session":        "12h",
		"features":       []string{"sso", "audit"},
	}
	c.ParentID = ulid.MustParse("01JD6Y0G8Z6ZC9N3QK4T5V7W8Y")
	c.Version = 3
	c.CreatedAt = time.Date(2024, time.May, 14, 9, 30, 0, 0, time.UTC)
	c.UpdatedAt = time.Date(2025, time.January, 2, 17, 5, 0, 0, time.UTC)
	return c
}

// TestBenchCustomerSetsEveryField makes sure BenchmarkValidate/Complete
// exercises every field: a field added to Customer must be set here too.
func TestBenchCustomerSetsEveryField(t *testing.T) {
	t.Parallel()
	c := benchCustomer()
	v := reflect.ValueOf(c).Elem()
	for i := range v.NumField() {
		require.False(t, v.Field(i).IsZero(), "benchCustomer leaves %s unset", v.Type().Field(i).Name)
	}
	n, err := customer.Normalize(c, benchOptions)
	require.NoError(t, err)
	require.Len(t, n.Settings, len(c.Settings), "every setting is declared, so none is dropped")
}

// BenchmarkValidate measures Normalize on a complete customer with two
// telephones (benchCustomer: every field set) beside the baseline of the
// two phonenumbers parses that validation needs, in the same run: the
// same numbers and default region, and the calls normalizeTelephone makes
// on each (parse, classification, which also decides validity, and the
// E.164 format). WithoutTelephones is the same customer with no
// telephone: the part of validation that is not the parses.
//
// Ratio runs Complete and TwoPhoneParses in alternating blocks of 64
// operations and reports the ratio of their times ("ratio", wall clock,
// and "cpu-ratio", process CPU time): both see the same machine, which two
// benchmarks run one after the other on a shared machine do not. Its ratio
// is the figure in BENCHMARKS.md; its ns/op is the time of one pair of
// blocks, and complete-ns/op and parses-ns/op the time of one operation of
// each.
//
//	go test ./customer -run '^$' -bench BenchmarkValidate -count 6 -benchmem
func BenchmarkValidate(b *testing.B) {
	complete := func(b *testing.B, c *customer.Customer) func() {
		return func() {
			if _, err := customer.Normalize(c, benchOptions); err != nil {
				b.Fatal(err)
			}
		}
	}
	measure := func(b *testing.B, op func()) {
		b.ReportAllocs()
		cpu := cputime.Start()
		for b.Loop() {
			op()
		}
		cpu.Report(b)
	}
	b.Run("Complete", func(b *testing.B) {
		measure(b, complete(b, benchCustomer()))
	})
	b.Run("TwoPhoneParses", func(b *testing.B) {
		measure(b, twoPhoneParses(b))
	})
	b.Run("WithoutTelephones", func(b *testing.B) {
		c := benchCustomer()
		c.Telephones = nil
		measure(b, complete(b, c))
	})
	b.Run("Ratio", func(b *testing.B) {
		ops := [2]func(){complete(b, benchCustomer()), twoPhoneParses(b)}
		var wall, cpu [2]time.Duration
		const block = 64
		for b.Loop() {
			for k, op := range ops {
				w0, c0 := time.Now(), cputime.Start()
				for range block {
					op()
				}
				wall[k] += time.Since(w0)
				cpu[k] += c0.Elapsed()
			}
		}
		b.ReportMetric(float64(wall[0])/float64(b.N*block), "complete-ns/op")
		b.ReportMetric(float64(wall[1])/float64(b.N*block), "parses-ns/op")
		b.ReportMetric(float64(wall[0])/float64(wall[1]), "ratio")
		if cpu[1] > 0 {
			b.ReportMetric(float64(cpu[0])/float64(cpu[1]), "cpu-ratio")
		}
	})
}

// twoPhoneParses returns the baseline operation: the phonenumbers calls
// validation makes for benchCustomer's two telephones, with the inputs as
// validation derives them (trimmed numbers, the canonical country as the
// default region). It checks first that they give validation's result.
func twoPhoneParses(b *testing.B) func() {
	c := benchCustomer()
	region, ok := customer.CanonicalCountry(c.Country)
	if !ok {
		b.Fatal("bad country")
	}
	numbers := make([]string, len(c.Telephones))
	for i, t := range c.Telephones {
		numbers[i] = strings.TrimSpace(t.Number)
	}
	n, err := customer.Normalize(c, benchOptions)
	if err != nil {
		b.Fatal(err)
	}
	for i, s := range numbers {
		var num phonenumbers.PhoneNumber
		if err := phonenumbers.ParseToNumber(s, region, &num); err != nil {
			b.Fatal(err)
		}
		if got := phonenumbers.Format(&num, phonenumbers.E164); got != n.Telephones[i].Number {
			b.Fatalf("baseline parses %q to %s, validation to %s", s, got, n.Telephones[i].Number)
		}
	}
	return func() {
		for _, s := range numbers {
			var num phonenumbers.PhoneNumber
			if err := phonenumbers.ParseToNumber(s, region, &num); err != nil {
				b.Fatal(err)
			}
			if phonenumbers.GetNumberType(&num) == phonenumbers.UNKNOWN {
				b.Fatal("invalid")
			}
			_ = num.GetExtension()
			_ = phonenumbers.Format(&num, phonenumbers.E164)
		}
	}
}
