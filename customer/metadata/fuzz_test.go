package metadata_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer/metadata"
)

// decodeObject decodes data with plain encoding/json into an object of any
// depth; ok is false when data is not one JSON object.
func decodeObject(data []byte, useNumber bool) (metadata.Metadata, bool) {
	if !json.Valid(data) {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if useNumber {
		dec.UseNumber()
	}
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, false
	}
	return m, true
}

// rfc7396 is the merge of RFC 7396 section 2 at every depth, written as the
// RFC's pseudocode, for comparison.
func rfc7396(target, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	t, ok := target.(map[string]any)
	if !ok {
		t = map[string]any{}
	}
	out := make(map[string]any, len(t))
	for k, v := range t {
		out[k] = v
	}
	for k, v := range p {
		if v == nil {
			delete(out, k)
		} else {
			out[k] = rfc7396(out[k], v)
		}
	}
	return out
}

// FuzzMerge checks that Merge never panics, never changes or shares its
// inputs, keeps x under an empty patch, is idempotent, and agrees with RFC
// 7396 whenever the patch is within the value model.
//
// Run it with:
//
//	go test ./customer/metadata/ -run '^$' -fuzz '^FuzzMerge$' -fuzztime 60s
func FuzzMerge(f *testing.F) {
	seeds := [][2]string{
		{`{"a":"b"}`, `{"a":"c"}`},
		{`{"a":"b"}`, `{"a":null}`},
		{`{"a":["b"]}`, `{"a":"c"}`},
		{`{"a":{"b":"c"}}`, `{"a":{"b":"d","c":null}}`},
		{`{"a":[{"b":"c"}]}`, `{"a":[1]}`},
		{`{"e":null}`, `{"a":1}`},
		{`{"x":[1,2]}`, `{"x":{"a":"b","c":null}}`},
		{`{}`, `{"a":{"bb":{"ccc":null}}}`},
		{`{"o":{"b":"c"}}`, `{"o":{"b":null}}`},
		{`{"title":"Goodbye!","author":{"givenName":"John","familyName":"Doe"},"tags":["example","sample"]}`, `{"title":"Hello!","author":{"familyName":null},"tags":["example"]}`},
	}
	for _, s := range seeds {
		f.Add([]byte(s[0]), []byte(s[1]))
	}
	f.Fuzz(func(t *testing.T, dstJSON, patchJSON []byte) {
		x, ok := decodeObject(dstJSON, false)
		if !ok {
			return
		}
		p, ok := decodeObject(patchJSON, false)
		if !ok {
			return
		}
		xBefore, _ := decodeObject(dstJSON, false)
		pBefore, _ := decodeObject(patchJSON, false)

		m := metadata.Merge(x, p)
		if m == nil {
			t.Fatal("Merge returned nil")
		}
		if !reflect.DeepEqual(x, xBefore) || !reflect.DeepEqual(p, pBefore) {
			t.Fatal("Merge changed an argument")
		}
		if got := metadata.Merge(x, metadata.Metadata{}); !metadata.Equal(got, x) {
			t.Fatalf("Merge(x, {}) = %v, want %v", got, x)
		}
		if got := metadata.Merge(m, p); !metadata.Equal(got, m) {
			t.Fatalf("not idempotent: Merge(Merge(x, p), p) = %v, Merge(x, p) = %v", got, m)
		}
		if _, err := metadata.Normalize(p); err == nil {
			want := rfc7396(map[string]any(x), map[string]any(p)).(map[string]any)
			if !metadata.Equal(m, want) {
				t.Fatalf("Merge = %v, RFC 7396 gives %v", m, want)
			}
		}
		scribble(m)
		if !reflect.DeepEqual(x, xBefore) || !reflect.DeepEqual(p, pBefore) {
			t.Fatal("the result shares memory with an argument")
		}
	})
}

// FuzzNormalize checks that Normalize and Validate never panic, that
// Normalize returns a fixed point of itself without touching its input,
// that every error is a complete *customerkit.ValidationError, and that a
// valid value survives a JSON round trip and measures what it encodes to.
//
// Run it with:
//
//	go test ./customer/metadata/ -run '^$' -fuzz '^FuzzNormalize$' -fuzztime 60s
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		`{}`,
		`{"plan":"pro","seats":12,"ok":true,"x":null}`,
		`{"o":{"a":1,"b":"c"},"t":[1,"a",null,false]}`,
		`{"a":{"b":{"c":1}},"t":[[1],{"x":1}]}`,
		`{"n":1e400,"m":-0,"big":123456789012345678901234567890}`,
		`{"":"","\u0000":"\ud800","k\n":"\u2028<>&"}`,
		`{"s":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}`,
	} {
		f.Add([]byte(s), uint8(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, small uint8) {
		in, ok := decodeObject(data, true)
		if !ok {
			return
		}
		before := fmt.Sprintf("%#v", in)
		n, err := metadata.Normalize(in)
		if after := fmt.Sprintf("%#v", in); after != before {
			t.Fatal("Normalize changed its input")
		}
		// Small limits reach every limit rule with short inputs.
		limits := []metadata.Limits{{}, {MaxKeys: 2, MaxKeyLength: 3, MaxStringLength: 4, MaxEncodedBytes: int(small) + 2}}
		for _, l := range limits {
			checkError(t, l.Validate(in))
		}
		var um metadata.Metadata
		uerr := um.UnmarshalJSON(data)
		checkError(t, uerr)
		if err != nil {
			checkError(t, err)
			if uerr == nil {
				t.Fatalf("UnmarshalJSON accepted what Normalize refused: %v", err)
			}
			return
		}
		if uerr != nil {
			t.Fatalf("UnmarshalJSON refused what Normalize accepted: %v", uerr)
		}
		if !reflect.DeepEqual(um, n) {
			t.Fatalf("UnmarshalJSON = %#v, Normalize = %#v", um, n)
		}
		again, err := metadata.Normalize(n)
		if err != nil || !reflect.DeepEqual(again, n) {
			t.Fatalf("Normalize is not a fixed point: %#v, %v", again, err)
		}
		if got, err := (metadata.Limits{}).Replace(n); err == nil && !reflect.DeepEqual(got, n) {
			t.Fatalf("Replace of a normalised value = %#v, want %#v", got, n)
		}
		for _, l := range limits {
			if l.Validate(n) != nil {
				continue
			}
			b, err := json.Marshal(n)
			if err != nil {
				t.Fatalf("json.Marshal of a valid value: %v", err)
			}
			if size := n.EncodedSize(); size != len(b) {
				t.Fatalf("EncodedSize = %d, json.Marshal wrote %d bytes", size, len(b))
			}
			var back metadata.Metadata
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatalf("json.Unmarshal of %s: %v", b, err)
			}
			if !metadata.Equal(back, n) {
				t.Fatalf("round trip: %#v, want %#v", back, n)
			}
			if err := l.Validate(back); err != nil {
				t.Fatalf("round trip no longer valid: %v", err)
			}
		}
	})
}

// checkError checks that a non-nil err is a complete metadata
// *customerkit.ValidationError.
func checkError(tb testing.TB, err error) {
	tb.Helper()
	if err == nil {
		return
	}
	var ve *customerkit.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, customerkit.ErrInvalid) || ve.Subject != "metadata" || len(ve.Fields) == 0 {
		tb.Fatalf("error %v (%T) is not a complete metadata ValidationError", err, err)
	}
	for _, fe := range ve.Fields {
		if fe.Code == "" || fe.Detail == "" {
			tb.Fatalf("incomplete field error %+v", fe)
		}
	}
}
