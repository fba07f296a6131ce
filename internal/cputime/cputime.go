// Package cputime measures the CPU time benchmarks report beside the wall
// clock ("cpu-ns/op"): on a machine shared with other work the wall clock
// counts the time other processes held the CPU, the CPU time does not.
// Only the module's benchmarks use it.
package cputime

import (
	"testing"
	"time"
)

// Meter holds the process's CPU time at the start of a measurement.
type Meter struct {
	start time.Duration
	ok    bool
}

// Start returns a Meter started now.
func Start() Meter {
	d, ok := Process()
	return Meter{start: d, ok: ok}
}

// Elapsed returns the process CPU time since m started, or 0 where the
// platform does not measure it.
func (m Meter) Elapsed() time.Duration {
	if end, ok := Process(); m.ok && ok {
		return end - m.start
	}
	return 0
}

// Report reports the process CPU time per operation of b since m
// started, as "cpu-ns/op"; nothing where the platform does not measure
// it.
func (m Meter) Report(b *testing.B) {
	if end, ok := Process(); m.ok && ok && b.N > 0 {
		b.ReportMetric(float64(end-m.start)/float64(b.N), "cpu-ns/op")
	}
}
