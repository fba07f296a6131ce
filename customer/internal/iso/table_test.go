package iso

import (
	"strings"
	"testing"
)

// TestFind checks the binary search against a scan of each table, for
// every key of capital (and, for languages, small) letters of the table's
// key length.
func TestFind(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		table   string
		w, n    int
		letters string
	}{
		{"country", countryTable, 2, 2, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
		{"currency", currencyTable, 4, 3, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
		{"language", languageTable, 2, 2, "abcdefghijklmnopqrstuvwxyz"},
	} {
		entries := strings.Fields(tc.table)
		var keys []string
		var gen func(prefix string)
		gen = func(prefix string) {
			if len(prefix) == tc.n {
				keys = append(keys, prefix)
				return
			}
			for _, c := range tc.letters {
				gen(prefix + string(c))
			}
		}
		gen("")
		found := 0
		for _, k := range keys {
			want, wantOK := -1, false
			for i, e := range entries {
				if e[:tc.n] == k {
					want, wantOK = i, true
					break
				}
			}
			got, ok := find(tc.table, tc.w, []byte(k))
			if ok != wantOK || ok && got != want {
				t.Fatalf("%s: find(%q) = %d, %v; want %d, %v", tc.name, k, got, ok, want, wantOK)
			}
			if ok {
				found++
			}
		}
		if found != len(entries) {
			t.Errorf("%s: %d keys found, the table has %d entries", tc.name, found, len(entries))
		}
	}
}
