package metadata_test

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer/metadata"
)

// keys returns a Metadata with n keys k000, k001, ... holding true.
func keys(n int) metadata.Metadata {
	m := make(metadata.Metadata, n)
	for i := range n {
		m[fmt.Sprintf("k%03d", i)] = true
	}
	return m
}

func members(n int) map[string]any {
	return map[string]any(keys(n))
}

func elements(n int) []any {
	l := make([]any, n)
	for i := range l {
		l[i] = 1.0
	}
	return l
}

// sized returns a Metadata within the default key and string limits whose
// JSON encoding is exactly n bytes (n at least 400).
func sized(tb testing.TB, n int) metadata.Metadata {
	tb.Helper()
	m := metadata.Metadata{}
	for i := 0; m.EncodedSize()+420 < n; i++ {
		m[fmt.Sprintf("k%02d", i)] = strings.Repeat("a", 400)
	}
	m["z"] = ""
	m["z"] = strings.Repeat("a", n-m.EncodedSize())
	if got := m.EncodedSize(); got != n {
		tb.Fatalf("sized(%d) encodes to %d bytes", n, got)
	}
	return m
}

func TestDefaultLimits(t *testing.T) {
	t.Parallel()
	want := metadata.Limits{MaxKeys: 50, MaxKeyLength: 40, MaxStringLength: 500, MaxEncodedBytes: 8192}
	if got := metadata.DefaultLimits(); got != want {
		t.Errorf("DefaultLimits() = %+v, want %+v", got, want)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	type S = string
	var (
		tooMany = customerkit.CodeTooMany
		tooLong = customerkit.CodeTooLong
		invalid = customerkit.CodeInvalid
	)
	tests := []struct {
		name   string
		limits metadata.Limits
		m      metadata.Metadata
		want   []problem // nil: valid
	}{
		{name: "nil", m: nil},
		{name: "empty", m: metadata.Metadata{}},
		{name: "every value kind", m: metadata.Metadata{
			"s": "pro", "n": 12.5, "b": false, "z": nil,
			"o":            map[string]any{"s": "x", "n": 1.0, "b": true, "z": nil},
			"t":            []any{"x", 1.0, true, nil},
			"empty object": map[string]any{}, "empty array": []any{},
		}},
		{name: "not normalised but acceptable", m: metadata.Metadata{
			"int": 3, "u": uint16(2), "f32": float32(1.5), "num": json.Number("7"),
			"tags": []string{"a", "b"}, "labels": map[string]string{"a": "b"}, "nested": metadata.Metadata{"a": 1},
		}},

		// top-level key count
		{name: "50 keys", m: keys(50)},
		{name: "51 keys", m: keys(51), want: []problem{{"", tooMany}}},
		{name: "host limit 3 keys, 3 keys", limits: metadata.Limits{MaxKeys: 3}, m: keys(3)},
		{name: "host limit 3 keys, 4 keys", limits: metadata.Limits{MaxKeys: 3}, m: keys(4), want: []problem{{"", tooMany}}},
		{name: "host limit 100 keys, 51 keys", limits: metadata.Limits{MaxKeys: 100}, m: keys(51)},
		{name: "negative limit means default", limits: metadata.Limits{MaxKeys: -1}, m: keys(51), want: []problem{{"", tooMany}}},

		// nested counts
		{name: "object with 50 members", m: metadata.Metadata{"o": members(50)}},
		{name: "object with 51 members", m: metadata.Metadata{"o": members(51)}, want: []problem{{`["o"]`, tooMany}}},
		{name: "array with 50 elements", m: metadata.Metadata{"t": elements(50)}},
		{name: "array with 51 elements", m: metadata.Metadata{"t": elements(51)}, want: []problem{{`["t"]`, tooMany}}},

		// keys
		{name: "40-character key", m: metadata.Metadata{strings.Repeat("k", 40): 1.0}},
		{name: "41-character key", m: metadata.Metadata{strings.Repeat("k", 41): 1.0}, want: []problem{{`["` + strings.Repeat("k", 41) + `"]`, tooLong}}},
		{name: "40 two-byte runes key", m: metadata.Metadata{strings.Repeat("ü", 40): 1.0}},
		{name: "41 two-byte runes key", m: metadata.Metadata{strings.Repeat("ü", 41): 1.0}, want: []problem{{`["` + strings.Repeat("ü", 41) + `"]`, tooLong}}},
		{name: "host limit 5-character key", limits: metadata.Limits{MaxKeyLength: 5}, m: metadata.Metadata{"abcde": 1.0, "abcdef": 1.0}, want: []problem{{`["abcdef"]`, tooLong}}},
		{name: "empty key", m: metadata.Metadata{"": 1.0}, want: []problem{{`[""]`, invalid}}},
		{name: "key with newline", m: metadata.Metadata{"a\nb": 1.0}, want: []problem{{`["a\nb"]`, invalid}}},
		{name: "key with DEL", m: metadata.Metadata{"a\x7f": 1.0}, want: []problem{{`["a\x7f"]`, invalid}}},
		{name: "key with C1 control", m: metadata.Metadata{"a\u0085": 1.0}, want: []problem{{`["a\u0085"]`, invalid}}},
		{name: "key not UTF-8", m: metadata.Metadata{"a\xff": 1.0}, want: []problem{{`["a\xff"]`, invalid}}},
		{name: "key with spaces and symbols", m: metadata.Metadata{"plan name (é) 🚀": 1.0}},
		{name: "key invalid and too long", m: metadata.Metadata{"\t" + strings.Repeat("k", 40): 1.0}, want: []problem{{`["\t` + strings.Repeat("k", 40) + `"]`, invalid}, {`["\t` + strings.Repeat("k", 40) + `"]`, tooLong}}},
		{name: "nested key too long", m: metadata.Metadata{"o": map[string]any{strings.Repeat("k", 41): 1.0}}, want: []problem{{`["o"]["` + strings.Repeat("k", 41) + `"]`, tooLong}}},
		{name: "nested key empty", m: metadata.Metadata{"o": map[string]any{"": 1.0}}, want: []problem{{`["o"][""]`, invalid}}},

		// strings
		{name: "500-character string", m: metadata.Metadata{"s": strings.Repeat("a", 500)}},
		{name: "501-character string", m: metadata.Metadata{"s": strings.Repeat("a", 501)}, want: []problem{{`["s"]`, tooLong}}},
		{name: "500 two-byte runes", m: metadata.Metadata{"s": strings.Repeat("é", 500)}},
		{name: "501 two-byte runes", m: metadata.Metadata{"s": strings.Repeat("é", 501)}, want: []problem{{`["s"]`, tooLong}}},
		{name: "500 four-byte runes", m: metadata.Metadata{"s": strings.Repeat("🚀", 500)}},
		{name: "501 four-byte runes", m: metadata.Metadata{"s": strings.Repeat("🚀", 501)}, want: []problem{{`["s"]`, tooLong}}},
		{name: "host limit 3-character string", limits: metadata.Limits{MaxStringLength: 3}, m: metadata.Metadata{"a": "abc", "b": "abcd"}, want: []problem{{`["b"]`, tooLong}}},
		{name: "string with newline is fine", m: metadata.Metadata{"s": "line 1\nline 2\t."}},
		{name: "string not UTF-8", m: metadata.Metadata{"s": "a\xc3"}, want: []problem{{`["s"]`, invalid}}},
		{name: "nested string too long", m: metadata.Metadata{"o": map[string]any{"s": strings.Repeat("a", 501)}}, want: []problem{{`["o"]["s"]`, tooLong}}},
		{name: "array string too long", m: metadata.Metadata{"tags": []any{"a", "b", strings.Repeat("a", 501)}}, want: []problem{{`["tags"][2]`, tooLong}}},
		{name: "array string not UTF-8", m: metadata.Metadata{"tags": []string{"a", "\xff"}}, want: []problem{{`["tags"][1]`, invalid}}},

		// shape
		{name: "object in object", m: metadata.Metadata{"a": map[string]any{"b": map[string]any{}}}, want: []problem{{`["a"]["b"]`, invalid}}},
		{name: "array in object", m: metadata.Metadata{"a": map[string]any{"b": []any{}}}, want: []problem{{`["a"]["b"]`, invalid}}},
		{name: "array in array", m: metadata.Metadata{"t": []any{1.0, []any{2.0}}}, want: []problem{{`["t"][1]`, invalid}}},
		{name: "object in array", m: metadata.Metadata{"t": []any{map[string]any{}}}, want: []problem{{`["t"][0]`, invalid}}},
		{name: "NaN", m: metadata.Metadata{"n": math.NaN()}, want: []problem{{`["n"]`, invalid}}},
		{name: "+Inf", m: metadata.Metadata{"n": math.Inf(1)}, want: []problem{{`["n"]`, invalid}}},
		{name: "-Inf in array", m: metadata.Metadata{"t": []any{math.Inf(-1)}}, want: []problem{{`["t"][0]`, invalid}}},
		{name: "float32 NaN nested", m: metadata.Metadata{"o": map[string]any{"n": float32(math.NaN())}}, want: []problem{{`["o"]["n"]`, invalid}}},
		{name: "unsupported types", m: metadata.Metadata{"p": new(int), "s": struct{}{}, "c": make(chan int), "b": []byte("x")}, want: []problem{
			{`["b"]`, invalid}, {`["c"]`, invalid}, {`["p"]`, invalid}, {`["s"]`, invalid},
		}},

		// encoded size
		{name: "8 KiB exactly", m: sized(t, 8192)},
		{name: "8 KiB and one byte", m: sized(t, 8193), want: []problem{{"", tooLong}}},
		{name: "host limit 100 bytes", limits: metadata.Limits{MaxEncodedBytes: 100}, m: sized(t, 500), want: []problem{{"", tooLong}}},
		{name: "host limit 16 KiB", limits: metadata.Limits{MaxEncodedBytes: 16 << 10}, m: sized(t, 8193)},

		// every problem, in order
		{name: "every problem collected in order", limits: metadata.Limits{MaxKeys: 3, MaxEncodedBytes: 64}, m: metadata.Metadata{
			"":      S(strings.Repeat("x", 501)),
			"b":     math.NaN(),
			"c":     map[string]any{"d": []any{}, "e": "\xff"},
			"a\x00": []any{strings.Repeat("x", 60)},
		}, want: []problem{
			{"", tooMany},
			{`[""]`, invalid},
			{`[""]`, tooLong},
			{`["a\x00"]`, invalid},
			{`["b"]`, invalid},
			{`["c"]["d"]`, invalid},
			{`["c"]["e"]`, invalid},
			{"", tooLong},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			before := fmt.Sprintf("%#v", tt.m) // fmt sorts map keys
			err := tt.limits.Validate(tt.m)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
			} else {
				assertProblems(t, err, tt.want)
			}
			if after := fmt.Sprintf("%#v", tt.m); after != before {
				t.Errorf("Validate changed its input")
			}
		})
	}
}

func TestValidatePathsJoin(t *testing.T) {
	t.Parallel()
	err := metadata.DefaultLimits().Validate(metadata.Metadata{"plan": strings.Repeat("x", 501), "tags": []any{"a", "b", []any{}}})
	ve := &customerkit.ValidationError{Subject: "customer"}
	ve.Merge("metadata", err)
	want := []problem{{`metadata["plan"]`, customerkit.CodeTooLong}, {`metadata["tags"][2]`, customerkit.CodeInvalid}}
	assertFields(t, ve, want)
}

func assertFields(tb testing.TB, ve *customerkit.ValidationError, want []problem) {
	tb.Helper()
	if len(ve.Fields) != len(want) {
		tb.Fatalf("fields %v, want %v", ve.Fields, want)
	}
	for i, f := range ve.Fields {
		if (problem{f.Path, f.Code}) != want[i] {
			tb.Errorf("field %d = %v, want %v", i, f, want[i])
		}
	}
}

func TestLimitsReplace(t *testing.T) {
	t.Parallel()
	t.Run("normalises", func(t *testing.T) {
		t.Parallel()
		in := metadata.Metadata{"seats": 3, "tags": []string{"a"}}
		got, err := metadata.Limits{}.Replace(in)
		if err != nil {
			t.Fatal(err)
		}
		if enc := encode(t, got); enc != `{"seats":3,"tags":["a"]}` {
			t.Errorf("Replace = %s", enc)
		}
		if _, ok := got["seats"].(float64); !ok {
			t.Errorf("seats is %T, want float64", got["seats"])
		}
		if _, ok := in["seats"].(int); !ok {
			t.Errorf("Replace changed its input")
		}
	})
	t.Run("nil gives empty", func(t *testing.T) {
		t.Parallel()
		got, err := metadata.Limits{}.Replace(nil)
		if err != nil || got == nil || len(got) != 0 {
			t.Errorf("Replace(nil) = %#v, %v; want empty, nil", got, err)
		}
	})
	t.Run("refuses", func(t *testing.T) {
		t.Parallel()
		_, err := metadata.Limits{MaxKeys: 1}.Replace(metadata.Metadata{"a": 1, "b": math.Inf(1)})
		assertProblems(t, err, []problem{{"", customerkit.CodeTooMany}, {`["b"]`, customerkit.CodeInvalid}})
	})
}

func TestLimitsMerge(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		limits         metadata.Limits
		current, patch metadata.Metadata
		want           string
		errs           []problem
	}{
		{name: "normalises the patch", current: metadata.Metadata{"a": 1.0, "o": map[string]any{"x": 1.0}}, patch: metadata.Metadata{"b": 2, "o": map[string]string{"y": "z"}},
			want: `{"a":1,"b":2,"o":{"x":1,"y":"z"}}`},
		{name: "nil current and patch", want: `{}`},
		{name: "result over the key limit", limits: metadata.Limits{MaxKeys: 2}, current: metadata.Metadata{"a": 1.0, "b": 1.0}, patch: metadata.Metadata{"c": 1.0},
			errs: []problem{{"", customerkit.CodeTooMany}}},
		{name: "a patch may delete what breaks lowered limits", limits: metadata.Limits{MaxKeys: 2}, current: metadata.Metadata{"a": 1.0, "b": 1.0, "c": 1.0}, patch: metadata.Metadata{"c": nil, "d": nil},
			want: `{"a":1,"b":1}`},
		{name: "deleting an invalid key", current: metadata.Metadata{strings.Repeat("k", 41): 1.0}, patch: metadata.Metadata{strings.Repeat("k", 41): nil},
			want: `{}`},
		{name: "patch nested too deep", current: metadata.Metadata{}, patch: rawJSON(t, `{"a":{"bb":{"ccc":null}}}`),
			errs: []problem{{`["a"]["bb"]`, customerkit.CodeInvalid}}},
		{name: "patch with NaN", patch: metadata.Metadata{"n": math.NaN()},
			errs: []problem{{`["n"]`, customerkit.CodeInvalid}}},
		{name: "merged string too long", current: metadata.Metadata{"o": map[string]any{"a": "x"}}, patch: metadata.Metadata{"o": map[string]any{"b": strings.Repeat("x", 501)}},
			errs: []problem{{`["o"]["b"]`, customerkit.CodeTooLong}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.limits.Merge(tt.current, tt.patch)
			if tt.errs != nil {
				assertProblems(t, err, tt.errs)
				return
			}
			if err != nil {
				t.Fatalf("Merge: %v", err)
			}
			if got == nil {
				t.Errorf("Merge returned nil")
			}
			if enc := encode(t, got); enc != tt.want {
				t.Errorf("Merge = %s, want %s", enc, tt.want)
			}
		})
	}
}

// twenty returns the 20-key object the benchmarks use.
func twenty() metadata.Metadata {
	m := metadata.Metadata{
		"plan":     "enterprise",
		"seats":    250.0,
		"trial":    false,
		"region":   "eu-west-1",
		"owner":    nil,
		"limits":   map[string]any{"api_calls": 100000.0, "storage_gb": 500.0, "sso": true},
		"tags":     []any{"vip", "beta", "emea"},
		"crm_id":   "0015g00000XyZ12AAB",
		"mrr":      12500.5,
		"industry": "logistics",
	}
	for i := range 10 {
		m[fmt.Sprintf("custom_field_%02d", i)] = fmt.Sprintf("value number %d with some text", i)
	}
	return m
}

func BenchmarkValidate(b *testing.B) {
	m := twenty()
	l := metadata.DefaultLimits()
	if err := l.Validate(m); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := l.Validate(m); err != nil {
			b.Fatal(err)
		}
	}
}

// TestValidateReportsInKeyOrder checks that problems come in key order,
// nested members included, whatever order the maps are walked in: a
// valid value is walked in map order, an invalid one again in key order.
func TestValidateReportsInKeyOrder(t *testing.T) {
	t.Parallel()
	in := metadata.Metadata{
		"e": math.NaN(), "c": "ok", "a": math.Inf(-1), "d": struct{}{}, "b": true,
		"f": map[string]any{"z": math.NaN(), "y": 1, "x": []any{}},
		"g": []any{1, math.NaN()}, "h": strings.Repeat("x", 501),
	}
	want := []problem{
		{`["a"]`, customerkit.CodeInvalid}, {`["d"]`, customerkit.CodeInvalid}, {`["e"]`, customerkit.CodeInvalid},
		{`["f"]["x"]`, customerkit.CodeInvalid}, {`["f"]["z"]`, customerkit.CodeInvalid},
		{`["g"][1]`, customerkit.CodeInvalid}, {`["h"]`, customerkit.CodeTooLong},
	}
	for range 30 {
		assertProblems(t, metadata.DefaultLimits().Validate(in), want)
		_, err := metadata.Normalize(metadata.Metadata{"b": math.NaN(), "a": struct{}{}, "c": math.Inf(1)})
		assertProblems(t, err, []problem{{`["a"]`, customerkit.CodeInvalid}, {`["b"]`, customerkit.CodeInvalid}, {`["c"]`, customerkit.CodeInvalid}})
	}
}
