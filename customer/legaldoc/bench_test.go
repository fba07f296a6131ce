package legaldoc_test

import (
	"testing"

	"github.com/customerkit/customerkit/customer/legaldoc"
)

// benchValidate runs Validate b.N times and reports, beside the wall-clock
// ns/op, the CPU time of the benchmarking thread per operation (cpu-ns/op,
// on Linux), which other processes on a busy machine do not inflate.
func benchValidate(b *testing.B, t legaldoc.Type, value string) {
	b.ReportAllocs()
	defer lockThread()()
	start, ok := threadCPU()
	for b.Loop() {
		if err := legaldoc.Validate(t, "", value, legaldoc.LevelChecksum); err != nil {
			b.Fatal(err)
		}
	}
	if end, ok2 := threadCPU(); ok && ok2 {
		b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkValidate validates each type's example (typed with separators,
// as people do) at LevelChecksum, with no country given: one sub-benchmark
// per type, plus one per member state for eu_vat.
//
//	go test ./customer/legaldoc -run '^$' -bench '^BenchmarkValidate$' -benchmem -count 5
func BenchmarkValidate(b *testing.B) {
	for _, s := range legaldoc.Types() {
		b.Run(string(s.Type), func(b *testing.B) { benchValidate(b, s.Type, s.Example) })
		if len(s.Variants) < 2 {
			continue
		}
		for _, v := range s.Variants {
			b.Run(string(s.Type)+"/"+v.Country, func(b *testing.B) { benchValidate(b, s.Type, v.Example) })
		}
	}
}

// BenchmarkNormalize measures the compact form of a VAT number typed with
// separators (it allocates the result).
func BenchmarkNormalize(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := legaldoc.Normalize("eu_vat", "", "BE 0220.764.971"); err != nil {
			b.Fatal(err)
		}
	}
}
