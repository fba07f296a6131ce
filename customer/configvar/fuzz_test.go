package configvar

import (
	"testing"
	"unicode/utf8"
)

// FuzzCheckValue: CheckValue never panics, refuses what no store can
// keep (invalid UTF-8, NUL, too long), and never rewrites a value (it has
// no output), so what it accepts is stored as written.
//
//	go test ./customer/configvar -run '^$' -fuzz FuzzCheckValue -fuzztime 30s
func FuzzCheckValue(f *testing.F) {
	for _, s := range []string{"", "text", `{"a":1}`, `<a/>`, "<p>x", "a\x00", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, k := range Kinds() {
			err := CheckValue(k, s)
			if err == nil && (!utf8.ValidString(s) || len(s) > MaxValueLength) {
				t.Fatalf("CheckValue(%s, %q) accepts what no store keeps", k, s)
			}
			if k == KindText || k == KindHTML {
				if (err == nil) != (utf8.ValidString(s) && len(s) <= MaxValueLength && !hasNUL(s)) {
					t.Fatalf("CheckValue(%s, %q) = %v", k, s, err)
				}
			}
		}
	})
}

// FuzzInput: normalize never panics, and a normalised input normalises to
// itself.
//
//	go test ./customer/configvar -run '^$' -fuzz FuzzInput -fuzztime 30s
func FuzzInput(f *testing.F) {
	f.Add("crm_mapping", "json", `{"a":1}`, " Maps ")
	f.Add("_x", "", "", "")
	f.Add("9", "xml", "<a>", "\x01")
	f.Fuzz(func(t *testing.T, key, kind, value, desc string) {
		v, err := Input{Key: key, Kind: Kind(kind), Value: value, Description: desc}.normalize()
		if err != nil {
			return
		}
		again, err := Input{Key: v.Key, Kind: v.Kind, Value: v.Value, Description: v.Description}.normalize()
		if err != nil || again.Key != v.Key || again.Kind != v.Kind || again.Value != v.Value || again.Description != v.Description {
			t.Fatalf("normalize is not idempotent: %+v then %+v (%v)", v, again, err)
		}
	})
}

func hasNUL(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return true
		}
	}
	return false
}
