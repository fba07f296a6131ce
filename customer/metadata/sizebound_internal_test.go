package metadata

import "testing"

// The size bound never undercuts the real encoding, so skipping the
// encoding below the bound never lets an oversized value through.
func TestSizeBoundIsAnUpperBound(t *testing.T) {
	values := []Metadata{
		nil,
		{},
		{"a": "x", "b": 1.5, "c": true, "d": nil},
		{"html": "<&>\u2028\x01\"\\", "n": -1.2345678901234567e-308, "big": 1e21},
		{"o": map[string]any{"k": "v", "n": 3.0}, "l": []any{"a", 2.0, false, nil}},
	}
	for _, m := range values {
		if b, e := sizeBound(m), m.EncodedSize(); b < e {
			t.Errorf("sizeBound(%v) = %d < encoded size %d", m, b, e)
		}
	}
}
