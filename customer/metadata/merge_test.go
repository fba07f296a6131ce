package metadata_test

import (
	"reflect"
	"testing"

	"github.com/customerkit/customerkit/customer/metadata"
)

func TestMerge(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name             string
		dst, patch, want string
	}{
		// RFC 7396 Appendix A, every case whose target and patch are
		// objects within one nesting level (the others patch a whole
		// non-object document, which Metadata cannot be).
		{"rfc replace", `{"a":"b"}`, `{"a":"c"}`, `{"a":"c"}`},
		{"rfc add", `{"a":"b"}`, `{"b":"c"}`, `{"a":"b","b":"c"}`},
		{"rfc delete", `{"a":"b"}`, `{"a":null}`, `{}`},
		{"rfc delete one of two", `{"a":"b","b":"c"}`, `{"a":null}`, `{"b":"c"}`},
		{"rfc array replaced by string", `{"a":["b"]}`, `{"a":"c"}`, `{"a":"c"}`},
		{"rfc string replaced by array", `{"a":"c"}`, `{"a":["b"]}`, `{"a":["b"]}`},
		{"rfc nested merge", `{"a":{"b":"c"}}`, `{"a":{"b":"d","c":null}}`, `{"a":{"b":"d"}}`},
		{"rfc array of objects replaced", `{"a":[{"b":"c"}]}`, `{"a":[1]}`, `{"a":[1]}`},
		{"rfc existing null kept", `{"e":null}`, `{"a":1}`, `{"a":1,"e":null}`},
		// RFC's [1,2] + {"a":"b","c":null}, one level down.
		{"rfc array replaced by object without nulls", `{"x":[1,2]}`, `{"x":{"a":"b","c":null}}`, `{"x":{"a":"b"}}`},
		// RFC 7396 section 3.
		{"rfc section 3",
			`{"title":"Goodbye!","author":{"givenName":"John","familyName":"Doe"},"tags":["example","sample"],"content":"This will be unchanged"}`,
			`{"title":"Hello!","phoneNumber":"+01-123-456-7890","author":{"familyName":null},"tags":["example"]}`,
			`{"author":{"givenName":"John"},"content":"This will be unchanged","phoneNumber":"+01-123-456-7890","tags":["example"],"title":"Hello!"}`},

		// Edges.
		{"empty patch", `{"a":1,"o":{"b":2},"t":[3]}`, `{}`, `{"a":1,"o":{"b":2},"t":[3]}`},
		{"empty dst", `{}`, `{"a":1,"o":{"b":2,"c":null},"z":null}`, `{"a":1,"o":{"b":2}}`},
		{"delete absent key", `{"a":1}`, `{"b":null}`, `{"a":1}`},
		{"delete every key", `{"a":1,"b":2}`, `{"a":null,"b":null}`, `{}`},
		{"last member deleted leaves empty object", `{"o":{"b":"c"}}`, `{"o":{"b":null}}`, `{"o":{}}`},
		{"empty object patch keeps object", `{"o":{"b":"c"}}`, `{"o":{}}`, `{"o":{"b":"c"}}`},
		{"object onto absent key", `{}`, `{"o":{}}`, `{"o":{}}`},
		{"object onto scalar", `{"o":"x"}`, `{"o":{"a":1,"b":null}}`, `{"o":{"a":1}}`},
		{"object onto null", `{"o":null}`, `{"o":{"a":1}}`, `{"o":{"a":1}}`},
		{"scalar replaces object", `{"o":{"a":1}}`, `{"o":true}`, `{"o":true}`},
		{"array replaces object", `{"o":{"a":1}}`, `{"o":[1]}`, `{"o":[1]}`},
		{"arrays replace, never merge", `{"t":[1,2,3]}`, `{"t":[4]}`, `{"t":[4]}`},
		{"array with nulls kept as is", `{}`, `{"t":[null,1]}`, `{"t":[null,1]}`},
		{"nested member types change", `{"o":{"a":"x","b":1}}`, `{"o":{"a":2,"c":false}}`, `{"o":{"a":2,"b":1,"c":false}}`},
		{"types of top-level values change", `{"a":"x","b":1,"c":true}`, `{"a":1,"b":true,"c":"x"}`, `{"a":1,"b":true,"c":"x"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dst, patch, want := rawJSON(t, tt.dst), rawJSON(t, tt.patch), rawJSON(t, tt.want)
			got := metadata.Merge(dst, patch)
			if !metadata.Equal(got, want) {
				t.Fatalf("Merge(%s, %s) = %s, want %s", tt.dst, tt.patch, encode(t, got), tt.want)
			}
			if again := metadata.Merge(got, patch); !metadata.Equal(again, got) {
				t.Errorf("not idempotent: Merge(Merge(x, p), p) = %s", encode(t, again))
			}
			assertUntouched(t, got, dst, tt.dst, patch, tt.patch)
		})
	}
}

// assertUntouched checks that dst and patch still hold what their JSON
// says, and still do after every map and slice of result is overwritten.
func assertUntouched(tb testing.TB, result, dst metadata.Metadata, dstJSON string, patch metadata.Metadata, patchJSON string) {
	tb.Helper()
	check := func(when string) {
		tb.Helper()
		if !reflect.DeepEqual(dst, rawJSON(tb, dstJSON)) {
			tb.Errorf("%s: dst changed: %s", when, encode(tb, dst))
		}
		if !reflect.DeepEqual(patch, rawJSON(tb, patchJSON)) {
			tb.Errorf("%s: patch changed: %s", when, encode(tb, patch))
		}
	}
	check("after Merge")
	scribble(result)
	check("after writing to the result")
}

func TestMergeNil(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		dst, patch metadata.Metadata
		want       metadata.Metadata
	}{
		{"both nil", nil, nil, metadata.Metadata{}},
		{"nil dst", nil, metadata.Metadata{"a": 1.0, "b": nil}, metadata.Metadata{"a": 1.0}},
		{"nil patch", metadata.Metadata{"a": 1.0}, nil, metadata.Metadata{"a": 1.0}},
		{"typed nil object deletes", metadata.Metadata{"a": 1.0, "b": map[string]any{"x": 1.0}}, metadata.Metadata{"a": map[string]any(nil), "b": metadata.Metadata(nil)}, metadata.Metadata{}},
		{"typed nil array deletes", metadata.Metadata{"a": []any{1.0}}, metadata.Metadata{"a": []any(nil)}, metadata.Metadata{}},
		{"Metadata as nested object", metadata.Metadata{"o": metadata.Metadata{"a": 1.0}}, metadata.Metadata{"o": metadata.Metadata{"b": 2.0, "a": nil}}, metadata.Metadata{"o": map[string]any{"b": 2.0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := metadata.Merge(tt.dst, tt.patch)
			if got == nil {
				t.Fatal("Merge returned nil")
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Merge = %#v, want %#v", got, tt.want)
			}
		})
	}
}

// TestMergeBeyondOneLevel pins what Merge does with values the model
// refuses (Normalize and Validate reject them): it stays pure and
// idempotent, and replaces anything below the first level whole instead of
// recursing as RFC 7396 would.
func TestMergeBeyondOneLevel(t *testing.T) {
	t.Parallel()
	dstJSON, patchJSON := `{"a":{"bb":{"x":1,"y":2}}}`, `{"a":{"bb":{"x":null}},"c":{"dd":{"e":null}}}`
	dst, patch := rawJSON(t, dstJSON), rawJSON(t, patchJSON)
	got := metadata.Merge(dst, patch)
	want := rawJSON(t, `{"a":{"bb":{"x":null}},"c":{"dd":{"e":null}}}`)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Merge = %s, want %s", encode(t, got), encode(t, want))
	}
	if again := metadata.Merge(got, patch); !metadata.Equal(again, got) {
		t.Errorf("not idempotent: %s", encode(t, again))
	}
	assertUntouched(t, got, dst, dstJSON, patch, patchJSON)
}

// TestMergeRetried runs Merge the way a store's updater closure does: more
// than once on the same inputs, as after an optimistic-lock retry.
func TestMergeRetried(t *testing.T) {
	t.Parallel()
	current := metadata.Metadata{"a": 1.0, "o": map[string]any{"x": 1.0}}
	patch := metadata.Metadata{"b": 2.0, "o": map[string]any{"x": nil, "y": 2.0}}
	first := metadata.Merge(current, patch)
	for range 3 {
		if got := metadata.Merge(current, patch); !metadata.Equal(got, first) {
			t.Fatalf("retry gave %s, first run %s", encode(t, got), encode(t, first))
		}
	}
	if encode(t, current) != `{"a":1,"o":{"x":1}}` {
		t.Errorf("current changed: %s", encode(t, current))
	}
}

func BenchmarkMerge(b *testing.B) {
	dst := twenty()
	patch := metadata.Metadata{
		"plan":   "growth",
		"seats":  nil,
		"limits": map[string]any{"sso": nil, "audit_log": true},
		"tags":   []any{"vip"},
		"new":    "field",
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = metadata.Merge(dst, patch)
	}
}
