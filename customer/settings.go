package customer

import (
	"encoding/json"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/customerkit/customerkit"
)

// Settings holds a customer's settings: only the keys the host declared in
// its SettingsSchema, each with a value of the declared kind.
type Settings map[string]any

// Clone returns a copy of s. Values are scalars (string, float64, bool) or,
// for KindStrings, a []string, which is copied too.
func (s Settings) Clone() Settings {
	if s == nil {
		return nil
	}
	d := maps.Clone(s)
	for k, v := range d {
		if l, ok := v.([]string); ok {
			d[k] = slices.Clone(l)
		}
	}
	return d
}

// SettingKind is the type of a setting's value.
type SettingKind string

// The setting kinds and the Go type a value of each kind is stored as.
const (
	KindString   SettingKind = "string"   // string
	KindNumber   SettingKind = "number"   // float64 (any Go number is converted)
	KindBool     SettingKind = "bool"     // bool
	KindDuration SettingKind = "duration" // string in time.ParseDuration form, stored canonical ("1h30m0s")
	KindStrings  SettingKind = "strings"  // []string
)

// Valid reports whether k is a known kind.
func (k SettingKind) Valid() bool {
	switch k {
	case KindString, KindNumber, KindBool, KindDuration, KindStrings:
		return true
	}
	return false
}

// Setting declares one customer setting.
type Setting struct {
	Name string
	Kind SettingKind
	// ValidateFunc, when set, checks a value of the right kind; an error
	// refuses the value and its text becomes the field error's detail.
	ValidateFunc func(v any) error
}

// SettingsSchema declares the settings a host keeps for its customers. Keys
// it does not declare are dropped and reported (see Apply), or refused when
// Strict is set.
type SettingsSchema struct {
	Settings []Setting
	// Strict refuses undeclared keys instead of dropping them.
	Strict bool
}

func (s *SettingsSchema) lookup(name string) (Setting, bool) {
	if s == nil {
		return Setting{}, false
	}
	for _, d := range s.Settings {
		if d.Name == name {
			return d, true
		}
	}
	return Setting{}, false
}

// Apply checks in against the schema. It returns the settings to keep
// (declared keys, values converted to their kind's Go type), the undeclared
// keys it dropped (sorted), and a *customerkit.ValidationError naming every
// bad value (and, in strict mode, every undeclared key) under the path
// customer_settings["key"]. A nil schema declares nothing.
func (s *SettingsSchema) Apply(in Settings) (kept Settings, ignored []string, err error) {
	ve := &customerkit.ValidationError{Subject: "customer"}
	s.apply(in, ve, &kept, &ignored)
	return kept, ignored, ve.Err()
}

// apply checks in against s into *kept and *ignored, recording problems in
// ve. It walks in once, in map order: the result starts as a clone of in
// (one copy of the map's memory, where inserting key by key would hash
// every key again), from which the keys not kept are deleted and in which
// only the values whose conversion changed them are replaced. Problems and
// ignored keys are put in key order afterwards, so the report does not
// depend on the map's order.
func (s *SettingsSchema) apply(in Settings, ve *customerkit.ValidationError, kept *Settings, ignored *[]string) {
	if len(in) == 0 {
		return
	}
	out := maps.Clone(in)
	var problems []settingProblem // none, usually
	for k, v := range in {
		d, ok := s.lookup(k)
		if !ok {
			delete(out, k)
			if s != nil && s.Strict {
				problems = append(problems, settingProblem{k, customerkit.CodeNotSupported, "the setting is not declared in the settings schema"})
			} else {
				*ignored = append(*ignored, k)
			}
			continue
		}
		cv, detail := convertSetting(d.Kind, v)
		if detail == "" && cv != nil && d.ValidateFunc != nil {
			if err := d.ValidateFunc(cv); err != nil {
				detail = err.Error()
			}
		}
		switch {
		case detail != "":
			delete(out, k)
			problems = append(problems, settingProblem{k, customerkit.CodeInvalid, detail})
		case cv == nil:
			delete(out, k) // a null value removes the setting
		case d.Kind == KindStrings || cv != v:
			// A list is always a copy; a scalar only when converted. The
			// comparison cannot panic: cv is a string, float64 or bool, so
			// an uncomparable v has another type.
			out[k] = cv
		}
	}
	if len(problems) > 0 {
		slices.SortFunc(problems, func(a, b settingProblem) int { return strings.Compare(a.key, b.key) })
		for _, p := range problems {
			ve.Add(customerkit.KeyPath("customer_settings", p.key), p.code, p.detail)
		}
	}
	if len(*ignored) > 1 {
		slices.Sort(*ignored)
	}
	if len(out) > 0 {
		*kept = out
	}
}

// settingProblem is a problem apply found with one setting.
type settingProblem struct {
	key, code, detail string
}

// convertSetting converts v to the Go type of kind k.
func convertSetting(k SettingKind, v any) (any, string) {
	if v == nil {
		return nil, ""
	}
	switch k {
	case KindString:
		if _, ok := v.(string); ok {
			return v, "" // v itself: boxing the string again would allocate
		}
		return nil, "must be a string"
	case KindBool:
		if b, ok := v.(bool); ok {
			return b, ""
		}
		return nil, "must be a boolean"
	case KindNumber:
		if f, ok := v.(float64); ok && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return v, "" // already the stored type
		}
		f, ok := toFloat(v)
		if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, "must be a finite number"
		}
		return f, ""
	case KindDuration:
		s, ok := v.(string)
		if d, isDur := v.(time.Duration); isDur {
			return d.String(), ""
		}
		if !ok {
			return nil, "must be a duration such as \"1h30m\""
		}
		d, err := time.ParseDuration(s)
		if err != nil {
			return nil, "must be a duration such as \"1h30m\""
		}
		if c := d.String(); c != s {
			return c, ""
		}
		return v, "" // already canonical: v itself, not boxed again
	case KindStrings:
		switch l := v.(type) {
		case []string:
			return slices.Clone(l), ""
		case []any:
			out := make([]string, 0, len(l))
			for _, e := range l {
				s, ok := e.(string)
				if !ok {
					return nil, "must be a list of strings"
				}
				out = append(out, s)
			}
			return out, ""
		}
		return nil, "must be a list of strings"
	}
	return nil, "the schema declares an unknown kind"
}

func toFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int8:
		return float64(n), true
	case int16:
		return float64(n), true
	case int32:
		return float64(n), true
	case int64:
		return float64(n), true
	case uint:
		return float64(n), true
	case uint8:
		return float64(n), true
	case uint16:
		return float64(n), true
	case uint32:
		return float64(n), true
	case uint64:
		return float64(n), true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}

// MergeSettings returns base with patch applied: a key in patch with a nil
// value removes the setting, any other value replaces it. It does not
// validate; the Service validates the result against its schema.
func MergeSettings(base, patch Settings) Settings {
	out := base.Clone()
	for k, v := range patch {
		if v == nil {
			delete(out, k)
			continue
		}
		if out == nil {
			out = Settings{}
		}
		out[k] = v
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
