package customer_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
)

// TestDateValid checks Valid against the calendar of package time: every
// day number 0 to 32 of every month of years with each leap-year rule.
func TestDateValid(t *testing.T) {
	t.Parallel()
	for _, y := range []int{1, 4, 100, 1600, 1900, 2000, 2023, 2024, 2100, 2400, 9996, 9999} {
		for m := time.January; m <= time.December; m++ {
			for d := 0; d <= 32; d++ {
				want := d >= 1 && time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Day() == d
				assert.Equal(t, want, customer.Date{Year: y, Month: m, Day: d}.Valid(), "%04d-%02d-%02d", y, m, d)
			}
		}
	}
	for _, d := range []customer.Date{{}, {Year: 0, Month: 1, Day: 1}, {Year: 10000, Month: 1, Day: 1}, {Year: 2024, Month: 0, Day: 1}, {Year: 2024, Month: 13, Day: 1}, {Year: 2024, Month: 1, Day: -1}} {
		assert.False(t, d.Valid(), "%+v", d)
	}
}

// TestDateAfter checks After against the order of the days' midnights, on
// random pairs of valid and invalid dates and on neighbouring days.
func TestDateAfter(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	random := func() customer.Date {
		return customer.Date{Year: 1999 + rng.IntN(3), Month: time.Month(1 + rng.IntN(12)), Day: 1 + rng.IntN(31)}
	}
	for range 20000 {
		a, b := random(), random()
		require.Equal(t, a.Time().After(b.Time()), a.After(b), "%+v after %+v", a, b)
	}
	day := customer.Date{Year: 2024, Month: time.February, Day: 28}
	next := customer.Date{Year: 2024, Month: time.February, Day: 29}
	assert.True(t, next.After(day))
	assert.False(t, day.After(next))
	assert.False(t, day.After(day))
	// February 30 is March 1 in a leap year, so it is after February 29.
	assert.True(t, customer.Date{Year: 2024, Month: time.February, Day: 30}.After(next))
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	d, err := customer.ParseDate("2024-02-29")
	require.NoError(t, err)
	assert.Equal(t, customer.Date{Year: 2024, Month: time.February, Day: 29}, d)
	assert.Equal(t, "2024-02-29", d.String())
	_, err = customer.ParseDate("2023-02-29")
	require.ErrorIs(t, err, customerkit.ErrInvalid)
}
