package metadata_test

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"testing"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer/metadata"
)

type plan string

type seats int

type flag bool

type tagList []string

func TestNormalize(t *testing.T) {
	t.Parallel()
	invalid := customerkit.CodeInvalid
	tests := []struct {
		name string
		in   metadata.Metadata
		want metadata.Metadata
		errs []problem
	}{
		{name: "nil", in: nil, want: nil},
		{name: "empty", in: metadata.Metadata{}, want: metadata.Metadata{}},
		{name: "canonical scalars", in: metadata.Metadata{"s": "x", "n": 1.5, "b": true, "z": nil}, want: metadata.Metadata{"s": "x", "n": 1.5, "b": true, "z": nil}},
		{name: "signed integers", in: metadata.Metadata{"a": 1, "b": int8(-2), "c": int16(3), "d": int32(-4), "e": int64(1 << 40)},
			want: metadata.Metadata{"a": 1.0, "b": -2.0, "c": 3.0, "d": -4.0, "e": float64(1 << 40)}},
		{name: "unsigned integers", in: metadata.Metadata{"a": uint(1), "b": uint8(2), "c": uint16(3), "d": uint32(4), "e": uint64(math.MaxUint64), "f": uintptr(6)},
			want: metadata.Metadata{"a": 1.0, "b": 2.0, "c": 3.0, "d": 4.0, "e": float64(math.MaxUint64), "f": 6.0}},
		{name: "float32", in: metadata.Metadata{"f": float32(0.5)}, want: metadata.Metadata{"f": 0.5}},
		{name: "negative zero", in: metadata.Metadata{"f": math.Copysign(0, -1)}, want: metadata.Metadata{"f": 0.0}},
		{name: "json.Number", in: metadata.Metadata{"i": json.Number("42"), "f": json.Number("-1.25e2")}, want: metadata.Metadata{"i": 42.0, "f": -125.0}},
		{name: "named basic types", in: metadata.Metadata{"p": plan("pro"), "s": seats(5), "f": flag(true)}, want: metadata.Metadata{"p": "pro", "s": 5.0, "f": true}},
		{name: "typed slices", in: metadata.Metadata{"s": []string{"a", "b"}, "i": []int{1, 2}, "f": []float64{0.5}, "b": []bool{true}, "n": tagList{"x"}, "a": [2]string{"y", "z"}},
			want: metadata.Metadata{"s": []any{"a", "b"}, "i": []any{1.0, 2.0}, "f": []any{0.5}, "b": []any{true}, "n": []any{"x"}, "a": []any{"y", "z"}}},
		{name: "slice elements normalised", in: metadata.Metadata{"t": []any{1, json.Number("2"), plan("p"), nil}}, want: metadata.Metadata{"t": []any{1.0, 2.0, "p", nil}}},
		{name: "typed maps", in: metadata.Metadata{"s": map[string]string{"a": "b"}, "i": map[string]int{"n": 1}, "m": metadata.Metadata{"x": uint8(1)}, "k": map[plan]bool{"pro": true}},
			want: metadata.Metadata{"s": map[string]any{"a": "b"}, "i": map[string]any{"n": 1.0}, "m": map[string]any{"x": 1.0}, "k": map[string]any{"pro": true}}},
		{name: "nil containers become null", in: metadata.Metadata{"m": map[string]any(nil), "s": []string(nil), "a": []any(nil), "d": metadata.Metadata(nil)},
			want: metadata.Metadata{"m": nil, "s": nil, "a": nil, "d": nil}},
		{name: "keys and strings are not checked", in: metadata.Metadata{"": "\xff"}, want: metadata.Metadata{"": "\xff"}},

		{name: "NaN and infinities", in: metadata.Metadata{"a": math.NaN(), "b": math.Inf(1), "c": float32(math.Inf(-1)), "d": []any{math.NaN()}},
			errs: []problem{{`["a"]`, invalid}, {`["b"]`, invalid}, {`["c"]`, invalid}, {`["d"][0]`, invalid}}},
		{name: "json.Number out of range or bad", in: metadata.Metadata{"a": json.Number("1e400"), "b": json.Number("12abc"), "c": json.Number("-1e400")},
			errs: []problem{{`["a"]`, invalid}, {`["b"]`, invalid}, {`["c"]`, invalid}}},
		{name: "unsupported types", in: metadata.Metadata{"bytes": []byte("x"), "chan": make(chan int), "complex": complex(1, 2), "func": func() {}, "map int keys": map[int]string{1: "a"}, "pointer": new(string), "struct": struct{ A int }{1}},
			errs: []problem{{`["bytes"]`, invalid}, {`["chan"]`, invalid}, {`["complex"]`, invalid}, {`["func"]`, invalid}, {`["map int keys"]`, invalid}, {`["pointer"]`, invalid}, {`["struct"]`, invalid}}},
		{name: "nesting too deep", in: metadata.Metadata{
			"o": map[string]any{"ok": 1, "obj": map[string]any{}, "arr": []string{}},
			"t": []any{"ok", []any{}, map[string]string{}},
		}, errs: []problem{{`["o"]["arr"]`, invalid}, {`["o"]["obj"]`, invalid}, {`["t"][1]`, invalid}, {`["t"][2]`, invalid}}},
		{name: "unsupported inside containers", in: metadata.Metadata{"o": map[string]any{"p": new(int)}, "t": []any{struct{}{}}},
			errs: []problem{{`["o"]["p"]`, invalid}, {`["t"][0]`, invalid}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			before := fmt.Sprintf("%#v", tt.in)
			got, err := metadata.Normalize(tt.in)
			if after := fmt.Sprintf("%#v", tt.in); after != before {
				t.Errorf("Normalize changed its input:\n%s\n%s", before, after)
			}
			if tt.errs != nil {
				assertProblems(t, err, tt.errs)
				if got != nil {
					t.Errorf("Normalize returned %v with an error", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("Normalize: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Normalize =\n%#v\nwant\n%#v", got, tt.want)
			}
			again, err := metadata.Normalize(got)
			if err != nil || !reflect.DeepEqual(again, got) {
				t.Errorf("Normalize is not a fixed point: %#v, %v", again, err)
			}
		})
	}
}

func TestNormalizeCopies(t *testing.T) {
	t.Parallel()
	in := metadata.Metadata{"o": map[string]any{"a": 1.0}, "t": []any{"x"}}
	got, err := metadata.Normalize(in)
	if err != nil {
		t.Fatal(err)
	}
	scribble(got)
	want := metadata.Metadata{"o": map[string]any{"a": 1.0}, "t": []any{"x"}}
	if !reflect.DeepEqual(in, want) {
		t.Errorf("the result shares memory with the input: %v", in)
	}
}
