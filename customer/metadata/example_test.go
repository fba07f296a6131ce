package metadata_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer/metadata"
)

func ExampleMerge() {
	current := metadata.Metadata{
		"plan":   "starter",
		"seats":  5.0,
		"limits": map[string]any{"api_calls": 1000.0, "sso": false},
		"tags":   []any{"trial", "emea"},
	}
	patch := metadata.Metadata{
		"plan":   "growth",                                      // replaced
		"seats":  nil,                                           // deleted
		"limits": map[string]any{"sso": true, "api_calls": nil}, // merged one level
		"tags":   []any{"emea"},                                 // arrays replace
	}
	merged := metadata.Merge(current, patch)

	out, _ := json.Marshal(merged)
	fmt.Println(string(out))
	before, _ := json.Marshal(current)
	fmt.Println(string(before))
	// Output:
	// {"limits":{"sso":true},"plan":"growth","tags":["emea"]}
	// {"limits":{"api_calls":1000,"sso":false},"plan":"starter","seats":5,"tags":["trial","emea"]}
}

func ExampleLimits_Validate() {
	m := metadata.Metadata{
		"plan":                  "enterprise",
		"":                      "empty key",
		"notes":                 strings.Repeat("x", 501),
		"limits":                map[string]any{"seats": map[string]any{"max": 10.0}},
		"tags":                  []any{"vip", "beta", []any{"nested"}},
		strings.Repeat("k", 41): true,
	}
	err := metadata.DefaultLimits().Validate(m)

	fmt.Println(errors.Is(err, customerkit.ErrInvalid))
	var ve *customerkit.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			fmt.Println(customerkit.JoinPath("metadata", f.Path), f.Code)
		}
	}
	// Output:
	// true
	// metadata[""] invalid
	// metadata["kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"] too_long
	// metadata["limits"]["seats"] invalid
	// metadata["notes"] too_long
	// metadata["tags"][2] invalid
}

func ExampleLimits_Validate_hostLimits() {
	limits := metadata.Limits{MaxKeys: 2} // the other limits keep their defaults
	err := limits.Validate(metadata.Metadata{"a": 1, "b": 2, "c": 3})
	fmt.Println(err)
	// Output:
	// metadata: invalid input: too_many: 3 keys, at most 2 allowed
}

func ExampleNormalize() {
	in := metadata.Metadata{
		"seats":  25,                          // int
		"ratio":  float32(0.5),                // float32
		"tags":   []string{"vip"},             // []string
		"region": map[string]string{"a": "b"}, // map[string]string
	}
	n, err := metadata.Normalize(in)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%T %T %T %T\n", n["seats"], n["ratio"], n["tags"], n["region"])
	// Output:
	// float64 float64 []interface {} map[string]interface {}
}

func ExampleLimits_Merge() {
	current := metadata.Metadata{"plan": "pro", "seats": 10.0}
	limits := metadata.DefaultLimits()

	next, err := limits.Merge(current, metadata.Metadata{"seats": 12, "owner": "ana"})
	fmt.Println(next, err)

	_, err = limits.Merge(current, metadata.Metadata{"plan": strings.Repeat("p", 600)})
	fmt.Println(err)
	// Output:
	// map[owner:ana plan:pro seats:12] <nil>
	// metadata: invalid input: ["plan"]: too_long: string has 600 characters, at most 500 allowed
}

func ExampleMetadata_UnmarshalJSON() {
	var m metadata.Metadata
	err := json.Unmarshal([]byte(`{"seats": 3, "limits": {"sso": true}}`), &m)
	fmt.Printf("%v %T\n", err, m["seats"])

	err = json.Unmarshal([]byte(`{"limits": {"sso": {"enabled": true}}}`), &m)
	fmt.Println(err)
	// Output:
	// <nil> float64
	// metadata: invalid input: ["limits"]["sso"]: invalid: nesting too deep: an object's members must be string, number, boolean or null
}
