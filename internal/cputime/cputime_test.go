package cputime

import (
	"runtime"
	"testing"
)

func TestProcessAdvances(t *testing.T) {
	a, ok := Process()
	if !ok {
		t.Skip("the platform does not measure CPU time")
	}
	x := 0
	for i := range 50_000_000 {
		x += i % 7
	}
	runtime.KeepAlive(x)
	b, _ := Process()
	if b <= a {
		t.Fatalf("the CPU time did not advance: %v then %v", a, b)
	}
}
