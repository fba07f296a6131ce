package metadata_test

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer/metadata"
)

// problem is the part of a FieldError the tests assert: path and code,
// never the detail text.
type problem struct {
	Path string
	Code string
}

// problems returns the path and code of every field of err, checking that
// err is a *customerkit.ValidationError about metadata matching
// customerkit.ErrInvalid. It returns nil for a nil err.
func problems(tb testing.TB, err error) []problem {
	tb.Helper()
	if err == nil {
		return nil
	}
	if !errors.Is(err, customerkit.ErrInvalid) {
		tb.Fatalf("error %v does not match customerkit.ErrInvalid", err)
	}
	var ve *customerkit.ValidationError
	if !errors.As(err, &ve) {
		tb.Fatalf("error %v (%T) is not a *customerkit.ValidationError", err, err)
	}
	if ve.Subject != "metadata" {
		tb.Errorf("Subject = %q, want %q", ve.Subject, "metadata")
	}
	if len(ve.Fields) == 0 {
		tb.Fatalf("ValidationError with no fields")
	}
	out := make([]problem, len(ve.Fields))
	for i, f := range ve.Fields {
		out[i] = problem{f.Path, f.Code}
	}
	return out
}

func assertProblems(tb testing.TB, err error, want []problem) {
	tb.Helper()
	got := problems(tb, err)
	if !reflect.DeepEqual(got, want) {
		tb.Errorf("problems:\n got %v\nwant %v\nerror: %v", got, want, err)
	}
}

// rawJSON decodes s with plain encoding/json, so it may hold values the
// value model refuses (deeper nesting).
func rawJSON(tb testing.TB, s string) metadata.Metadata {
	tb.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		tb.Fatalf("bad test JSON %s: %v", s, err)
	}
	return m
}

func encode(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatalf("json.Marshal: %v", err)
	}
	return string(b)
}

// scribble overwrites every member and element of every map and slice
// reachable from v, so a test can prove that a result shares nothing with
// its inputs.
func scribble(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			scribble(e)
			v[k] = "scribbled"
		}
		v["scribbled"] = true
	case metadata.Metadata:
		scribble(map[string]any(v))
	case []any:
		for i, e := range v {
			scribble(e)
			v[i] = "scribbled"
		}
	}
}

func TestClone(t *testing.T) {
	t.Parallel()
	if got := metadata.Metadata(nil).Clone(); got != nil {
		t.Errorf("Clone(nil) = %v, want nil", got)
	}
	orig := rawJSON(t, `{"a":"x","n":1,"o":{"b":true,"deep":{"c":[1]}},"t":[1,"two",null,[3]]}`)
	want := rawJSON(t, `{"a":"x","n":1,"o":{"b":true,"deep":{"c":[1]}},"t":[1,"two",null,[3]]}`)
	c := orig.Clone()
	if !reflect.DeepEqual(c, orig) {
		t.Fatalf("Clone = %v, want %v", c, orig)
	}
	scribble(c)
	if !reflect.DeepEqual(orig, want) {
		t.Errorf("mutating the clone changed the original: %v", orig)
	}
}

func TestEqual(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a, b metadata.Metadata
		want bool
	}{
		{"both nil", nil, nil, true},
		{"nil and empty", nil, metadata.Metadata{}, true},
		{"nil and one key", nil, metadata.Metadata{"a": nil}, false},
		{"same scalars", metadata.Metadata{"s": "x", "n": 1.5, "b": true, "z": nil}, metadata.Metadata{"z": nil, "b": true, "n": 1.5, "s": "x"}, true},
		{"int and float64", metadata.Metadata{"n": 3}, metadata.Metadata{"n": 3.0}, true},
		{"uint8 and float32", metadata.Metadata{"n": uint8(3)}, metadata.Metadata{"n": float32(3)}, true},
		{"json.Number and float64", metadata.Metadata{"n": json.Number("2.50")}, metadata.Metadata{"n": 2.5}, true},
		{"different numbers", metadata.Metadata{"n": 1}, metadata.Metadata{"n": 2}, false},
		{"string is not number", metadata.Metadata{"n": "1"}, metadata.Metadata{"n": 1}, false},
		{"null is not false", metadata.Metadata{"b": nil}, metadata.Metadata{"b": false}, false},
		{"null is not absent", metadata.Metadata{"a": nil}, metadata.Metadata{"b": nil}, false},
		{"bools differ", metadata.Metadata{"b": true}, metadata.Metadata{"b": false}, false},
		{"nested equal", metadata.Metadata{"o": map[string]any{"a": 1.0}}, metadata.Metadata{"o": metadata.Metadata{"a": 1}}, true},
		{"nested differ", metadata.Metadata{"o": map[string]any{"a": 1.0}}, metadata.Metadata{"o": map[string]any{"a": 2.0}}, false},
		{"nested extra member", metadata.Metadata{"o": map[string]any{"a": 1.0}}, metadata.Metadata{"o": map[string]any{"a": 1.0, "b": 1.0}}, false},
		{"object is not array", metadata.Metadata{"o": map[string]any{}}, metadata.Metadata{"o": []any{}}, false},
		{"arrays equal", metadata.Metadata{"t": []any{"a", 1.0}}, metadata.Metadata{"t": []any{"a", 1}}, true},
		{"array order matters", metadata.Metadata{"t": []any{"a", "b"}}, metadata.Metadata{"t": []any{"b", "a"}}, false},
		{"array length", metadata.Metadata{"t": []any{"a"}}, metadata.Metadata{"t": []any{"a", "a"}}, false},
		{"NaN never equal", metadata.Metadata{"n": math.NaN()}, metadata.Metadata{"n": math.NaN()}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := metadata.Equal(tt.a, tt.b); got != tt.want {
				t.Errorf("Equal(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
			if got := metadata.Equal(tt.b, tt.a); got != tt.want {
				t.Errorf("Equal(%v, %v) = %v, want %v (not symmetric)", tt.b, tt.a, got, tt.want)
			}
		})
	}
}

func TestValueEqual(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a, b any
		want bool
	}{
		{"strings", "pro", "pro", true},
		{"strings case", "pro", "Pro", false},
		{"int filter on float64", 10, 10.0, true},
		{"int64 filter on float64", int64(10), 10.0, true},
		{"number is not string", 10.0, "10", false},
		{"nil nil", nil, nil, true},
		{"nil is not empty string", nil, "", false},
		{"bool", true, true, true},
		{"bool is not number", true, 1.0, false},
		{"unsupported type", struct{}{}, struct{}{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := metadata.ValueEqual(tt.a, tt.b); got != tt.want {
				t.Errorf("ValueEqual(%#v, %#v) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestMarshalJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		m    metadata.Metadata
		want string
	}{
		{"nil", nil, `{}`},
		{"empty", metadata.Metadata{}, `{}`},
		{"sorted keys", metadata.Metadata{"b": 1.0, "a": "x", "c": map[string]any{"z": true, "y": nil}}, `{"a":"x","b":1,"c":{"y":null,"z":true}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := encode(t, tt.m)
			if got != tt.want {
				t.Errorf("json.Marshal = %s, want %s", got, tt.want)
			}
			if n := tt.m.EncodedSize(); n != len(tt.want) {
				t.Errorf("EncodedSize = %d, want %d", n, len(tt.want))
			}
		})
	}
	t.Run("NaN", func(t *testing.T) {
		t.Parallel()
		m := metadata.Metadata{"n": math.NaN()}
		_, err := m.MarshalJSON()
		assertProblems(t, err, []problem{{"", customerkit.CodeInvalid}})
		if n := m.EncodedSize(); n != -1 {
			t.Errorf("EncodedSize = %d, want -1", n)
		}
	})
}

func TestUnmarshalJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want metadata.Metadata
		errs []problem
	}{
		{"object", `{"plan":"pro","seats":12,"ok":true,"x":null}`, metadata.Metadata{"plan": "pro", "seats": 12.0, "ok": true, "x": nil}, nil},
		{"one level", `{"o":{"a":1,"b":"c"},"t":[1,"a",null,false]}`, metadata.Metadata{"o": map[string]any{"a": 1.0, "b": "c"}, "t": []any{1.0, "a", nil, false}}, nil},
		{"null", `null`, nil, nil},
		{"empty", ` {} `, metadata.Metadata{}, nil},
		{"big integer stays float64", `{"n":12345678901234567890}`, metadata.Metadata{"n": 12345678901234567890.0}, nil},
		{"array", `[1]`, nil, []problem{{"", customerkit.CodeInvalid}}},
		{"string", `"x"`, nil, []problem{{"", customerkit.CodeInvalid}}},
		{"not JSON", `{`, nil, []problem{{"", customerkit.CodeInvalid}}},
		{"trailing data", `{} {}`, nil, []problem{{"", customerkit.CodeInvalid}}},
		{"too deep", `{"a":{"b":{"c":1}},"t":[[1],{"x":1}]}`, nil, []problem{
			{`["a"]["b"]`, customerkit.CodeInvalid},
			{`["t"][0]`, customerkit.CodeInvalid},
			{`["t"][1]`, customerkit.CodeInvalid},
		}},
		{"number out of range", `{"n":1e400}`, nil, []problem{{`["n"]`, customerkit.CodeInvalid}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := metadata.Metadata{"stale": "value"}
			err := m.UnmarshalJSON([]byte(tt.in))
			if tt.errs != nil {
				assertProblems(t, err, tt.errs)
				return
			}
			if err != nil {
				t.Fatalf("UnmarshalJSON: %v", err)
			}
			if !reflect.DeepEqual(m, tt.want) {
				t.Errorf("UnmarshalJSON = %#v, want %#v", m, tt.want)
			}
		})
	}
}

func TestJSONInStruct(t *testing.T) {
	t.Parallel()
	type customer struct {
		Metadata metadata.Metadata `json:"customer_metadata,omitempty"`
	}
	var c customer
	if err := json.Unmarshal([]byte(`{"customer_metadata":{"seats":3,"tags":["a"]}}`), &c); err != nil {
		t.Fatal(err)
	}
	want := metadata.Metadata{"seats": 3.0, "tags": []any{"a"}}
	if !reflect.DeepEqual(c.Metadata, want) {
		t.Errorf("decoded %#v, want %#v", c.Metadata, want)
	}
	if got := encode(t, c); got != `{"customer_metadata":{"seats":3,"tags":["a"]}}` {
		t.Errorf("encoded %s", got)
	}
	err := json.Unmarshal([]byte(`{"customer_metadata":{"a":{"b":{}}}}`), &c)
	assertProblems(t, err, []problem{{`["a"]["b"]`, customerkit.CodeInvalid}})
}
