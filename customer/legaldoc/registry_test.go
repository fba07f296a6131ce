package legaldoc

import (
	"strings"
	"testing"

	"github.com/customerkit/customerkit/customer/legaldoc/internal/rule"
)

func TestRegistryHasNoProblems(t *testing.T) {
	t.Parallel()
	for _, err := range registryProblems {
		t.Error(err)
	}
}

func TestBuildRegistryRefusesFaultyRules(t *testing.T) {
	t.Parallel()
	ok := func(string) bool { return true }
	_, problems := buildRegistry([]rule.Def{
		{Type: "xx_one", Country: "XX", Description: "one", Example: "1", Format: ok},
		{Type: "xx_one", Country: "XX", Description: "twice", Example: "1", Format: ok},
		{Type: "xx_two", Country: "XX", Description: "no format", Example: "1"},
		{Type: "XX_three", Country: "XX", Description: "upper-case type", Format: ok},
		{Type: "xx_four", Country: "xx", Description: "lower-case country", Format: ok},
		{Type: "xx_five", Country: "XX", Description: "dirty prefix", Prefix: "X-", Format: ok},
		{Type: "other", Country: "XX", Description: "reserved", Format: ok},
	})
	if len(problems) != 6 {
		t.Fatalf("got %d problems, want 6: %v", len(problems), problems)
	}
}

func TestClean(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"separators", " ab.12-34/5\t", "AB12345"},
		{"unicode dashes and spaces", "DE\u2011136\u2013695\u00a0976\u202f", "DE136695976"},
		{"full-width digits and letters", "\uff24\uff45\uff11\uff13\uff16", "DE136"},
		{"full-width separators", "1\uff0d2\uff0e3\uff0f4\u30005", "12345"},
		{"zero-width characters", "\ufeff12\u200b3", "123"},
		{"letter O is kept", "1O0", "1O0"},
		{"other scripts are kept", "ΕL1", "ΕL1"},
		{"invalid UTF-8 is kept", "1\xff2", "1\xff2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var buf cleanBuf
			n, ok := clean(&buf, tt.in)
			if !ok || string(buf[:n]) != tt.want {
				t.Errorf("clean(%q) = %q, %v; want %q", tt.in, buf[:n], ok, tt.want)
			}
		})
	}
	var buf cleanBuf
	if _, ok := clean(&buf, strings.Repeat("1", maxClean+1)); ok {
		t.Error("clean accepted a value longer than the buffer")
	}
	if n, ok := clean(&buf, strings.Repeat("1 ", maxClean)); !ok || n != maxClean {
		t.Errorf("clean of %d digits with separators = %d, %v", maxClean, n, ok)
	}
}
