package customer

import (
	"strings"
	"testing"
)

func TestLowerUpper(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "a", "Z", "@[`{", "Engines.Example.COM", "already lower", "ALL UPPER 123",
		"Straße", "ÉCOLE", "İstanbul", "ǅ", "mixed ASCII then Ü", "\xff\xfeA", "A\x80", "K", "ſ"} {
		if got, want := lower(s), strings.ToLower(s); got != want {
			t.Errorf("lower(%q) = %q, want %q", s, got, want)
		}
		if got, want := upper(s), strings.ToUpper(s); got != want {
			t.Errorf("upper(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestLowerAllocs checks the point of lower: an ASCII string in lower case
// is returned as it is, another lowered with one allocation. (Not
// parallel: AllocsPerRun counts the whole process's allocations.)
func TestLowerAllocs(t *testing.T) {
	var sink string
	if n := testing.AllocsPerRun(100, func() { sink = lower("engines.example.com") }); n != 0 {
		t.Errorf("lower of a lower-case string allocates %v times", n)
	}
	if n := testing.AllocsPerRun(100, func() { sink = lower("Engines.Example.COM") }); n != 1 {
		t.Errorf("lower of an ASCII string allocates %v times, want 1", n)
	}
	_ = sink
}

// The conversions agree with package strings on every input.
//
//	go test ./customer -run '^$' -fuzz '^FuzzLowerUpper$' -fuzztime 60s
func FuzzLowerUpper(f *testing.F) {
	for _, s := range []string{"Engines.Example.COM", "Straße", "A\x80", "İ", "@[`{"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := lower(s), strings.ToLower(s); got != want {
			t.Fatalf("lower(%q) = %q, want %q", s, got, want)
		}
		if got, want := upper(s), strings.ToUpper(s); got != want {
			t.Fatalf("upper(%q) = %q, want %q", s, got, want)
		}
	})
}
