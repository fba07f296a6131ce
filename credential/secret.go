package credential

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
)

// redacted is what every redacting method prints in place of a secret.
const redacted = "[REDACTED]"

// Secret is a secret value in clear, as Service.Reveal and a Refresher
// hand it out. It never prints: String, GoString, every fmt verb (%v,
// %+v, %#v, %s, %q, %x ...), MarshalJSON, MarshalText and LogValue all give
// "[REDACTED]". Only Reveal returns the value.
type Secret struct {
	v string
}

// NewSecret wraps v.
func NewSecret(v string) Secret { return Secret{v: v} }

// Reveal returns the secret value. Call it where the value is used (an
// HTTP header, a driver's config), never to log or display it.
func (s Secret) Reveal() string { return s.v }

// IsZero reports whether s holds the empty string.
func (s Secret) IsZero() bool { return s.v == "" }

// String returns "[REDACTED]".
func (Secret) String() string { return redacted }

// GoString returns "[REDACTED]".
func (Secret) GoString() string { return redacted }

// Format prints "[REDACTED]" for every verb and flag.
func (Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(redacted)) }

// MarshalJSON returns the JSON string "[REDACTED]".
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// MarshalText returns "[REDACTED]".
func (Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// LogValue logs "[REDACTED]".
func (Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// Values are field values in clear, keyed by field name, as a caller
// passes them to Create and Update. Some may be secret, so Values never
// print theirs: String, every fmt verb, MarshalJSON and LogValue show the
// keys with "[REDACTED]" for every value. Decoding JSON into Values works
// as for any map.
type Values map[string]string

// keys returns the keys of v, sorted.
func (v Values) keys() []string { return slices.Sorted(maps.Keys(v)) }

// String returns "map[password:[REDACTED] username:[REDACTED]]", keys sorted.
func (v Values) String() string {
	var b strings.Builder
	b.WriteString("map[")
	for i, k := range v.keys() {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(k)
		b.WriteString(":" + redacted)
	}
	b.WriteByte(']')
	return b.String()
}

// GoString is String.
func (v Values) GoString() string { return v.String() }

// Format prints String for every verb.
func (v Values) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(v.String())) }

// MarshalJSON writes every key with the value "[REDACTED]".
func (v Values) MarshalJSON() ([]byte, error) {
	if v == nil {
		return []byte("null"), nil
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range v.keys() {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		b.Write(kb)
		b.WriteString(`:"` + redacted + `"`)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

// LogValue logs a group of the keys, each "[REDACTED]".
func (v Values) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, len(v))
	for _, k := range v.keys() {
		attrs = append(attrs, slog.String(k, redacted))
	}
	return slog.GroupValue(attrs...)
}
