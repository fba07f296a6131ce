package legaldoc

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/customerkit/customerkit/customer/legaldoc/internal/rule"
)

// Type is the code of a legal-document type: the code Stripe uses for the
// customer tax ID ("eu_vat", "br_cpf", ...), or Other.
type Type string

// Level is how far Validate checks a value.
type Level int

const (
	// LevelFormat checks the shape only: length, characters, prefix,
	// structure and embedded dates. It is the default.
	LevelFormat Level = iota
	// LevelChecksum checks the shape and the check digits.
	LevelChecksum
)

// String returns "format" or "checksum".
func (l Level) String() string {
	switch l {
	case LevelFormat:
		return "format"
	case LevelChecksum:
		return "checksum"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// Spec describes one registered type.
type Spec struct {
	// Type is the registry code.
	Type Type
	// Description names the document.
	Description string
	// Countries lists the ISO 3166-1 alpha-2 codes of the issuing
	// countries, sorted ("EU" for the One-Stop-Shop scheme); it is empty
	// for Other, which any country may issue.
	Countries []string
	// Example is a display-form value that validates at LevelChecksum
	// with no country given.
	Example string
	// Checksum reports whether LevelChecksum verifies check digits for
	// every issuing country (see Variants for each country).
	Checksum bool
	// Note documents a caveat of a single-country type (an algorithm not
	// enforced, a format that changed); see Variants for the others.
	Note string
	// Variants describes the rule of each issuing country, sorted by
	// country.
	Variants []Variant
}

// Variant is the rule of one issuing country of a type.
type Variant struct {
	// Country is the ISO 3166-1 alpha-2 code of the issuing country.
	Country string
	// Description names the country's document.
	Description string
	// Example is a display-form value that validates at LevelChecksum.
	Example string
	// Prefix is the prefix the compact form starts with, or "".
	Prefix string
	// Checksum reports whether LevelChecksum verifies a check digit.
	Checksum bool
	// Note documents a caveat, or is empty.
	Note string
}

func (s Spec) clone() Spec {
	s.Countries = slices.Clone(s.Countries)
	s.Variants = slices.Clone(s.Variants)
	return s
}

// Types returns every registered type, sorted by code.
func Types() []Spec {
	out := make([]Spec, len(registry.specs))
	for i, s := range registry.specs {
		out[i] = s.clone()
	}
	return out
}

// Lookup returns the description of type t, and false when t is not
// registered.
func Lookup(t Type) (Spec, bool) {
	e := registry.types[t]
	if e == nil {
		return Spec{}, false
	}
	return e.spec.clone(), true
}

// Validate reports whether value is a well-formed document of type t
// issued by country, at the given level. country is an ISO 3166-1 alpha-2
// code (any letter case); it may be empty when the value's prefix or the
// type implies it. Values are accepted as people type them: see the
// package documentation. Validate does not allocate when value is valid.
//
// The error matches ErrUnknownType, ErrCountry, ErrFormat or ErrChecksum
// (and customerkit.ErrInvalid).
func Validate(t Type, country, value string, level Level) error {
	e := registry.types[t]
	if e == nil {
		return unknownType(t)
	}
	if e.free {
		_, err := e.normalizeFree(country, value)
		return err
	}
	s := value
	if !isClean(value) {
		buf := bufPool.Get().(*cleanBuf)
		defer bufPool.Put(buf)
		n, ok := clean(buf, value)
		if !ok {
			return e.tooLong()
		}
		if n == 0 {
			return e.empty()
		}
		// The rules neither retain nor return the body (rule.Def), and the
		// error paths copy what they report, so a view of the pooled buffer
		// never outlives this call.
		s = unsafe.String(&buf[0], n)
	}
	d, body, err := e.resolve(country, s)
	if err != nil {
		return err
	}
	if level >= LevelChecksum && d.Checksum != nil && !d.Checksum(body) {
		return fmt.Errorf("legaldoc: %s: the check digit of the %s is wrong: %w", t, d.Description, ErrChecksum)
	}
	return nil
}

// Normalize returns the compact canonical form of value: separators
// removed, letters upper-cased, the country prefix present where the type
// has one. It checks the format (not the check digits) and returns the
// errors of Validate at LevelFormat.
func Normalize(t Type, country, value string) (string, error) {
	e := registry.types[t]
	if e == nil {
		return "", unknownType(t)
	}
	if e.free {
		return e.normalizeFree(country, value)
	}
	d, s, body, err := e.lookupFresh(country, value)
	if err != nil {
		return "", err
	}
	if d.Prefix == "" && body == value {
		return value, nil
	}
	if len(s) == len(d.Prefix)+len(body) && s[:len(d.Prefix)] == d.Prefix && s[len(d.Prefix):] == body {
		return s, nil // the cleaned value is the compact form: no second string
	}
	return d.Prefix + body, nil
}

// Format returns the display form of value (the way the issuing country
// writes it, such as "BE 0220.764.971"), which Normalize turns back into
// the compact form. It checks the format and returns the errors of
// Validate at LevelFormat.
func Format(t Type, country, value string) (string, error) {
	e := registry.types[t]
	if e == nil {
		return "", unknownType(t)
	}
	if e.free {
		return e.normalizeFree(country, value)
	}
	d, _, body, err := e.lookupFresh(country, value)
	if err != nil {
		return "", err
	}
	if d.Display == nil {
		return d.Prefix + body, nil
	}
	return d.Display(body), nil
}

// lookupFresh cleans value into a string of its own, s (so that a rule's
// Display may return part of it), and resolves its rule and body.
func (e *entry) lookupFresh(country, value string) (d *rule.Def, s, body string, err error) {
	s = value
	if !isClean(value) {
		var buf cleanBuf
		n, ok := clean(&buf, value)
		if !ok {
			return nil, "", "", e.tooLong()
		}
		if n == 0 {
			return nil, "", "", e.empty()
		}
		s = string(buf[:n])
	}
	d, body, err = e.resolve(country, s)
	return d, s, body, err
}

// resolve finds the rule of s (a cleaned value) and returns it with the
// body: s without its prefix.
func (e *entry) resolve(country, s string) (*rule.Def, string, error) {
	t := e.spec.Type
	if country != "" {
		i, ok := e.country(country)
		if !ok {
			return nil, "", e.countryError(country)
		}
		d := &e.defs[i]
		// a well-formed number of another issuing country? (checked before
		// reading the whole value as a body without prefix: "DE136695976"
		// with country FR is a German number, not a French one with the
		// key DE)
		if _, own := e.stripPrefix(i, s); !own {
			if j, rest, ok := e.prefixed(s); ok && j != i && e.defs[j].Format(rest) {
				return nil, "", fmt.Errorf("legaldoc: %s: the value is a %s, not one issued by %s: %w",
					t, e.defs[j].Description, d.Country, ErrCountry)
			}
		}
		if body, ok := e.body(i, s); ok {
			return d, body, nil
		}
		return nil, "", e.formatError(d)
	}
	if len(e.defs) == 1 {
		d := &e.defs[0]
		if body, ok := e.body(0, s); ok {
			return d, body, nil
		}
		return nil, "", e.formatError(d)
	}
	j, rest, ok := e.prefixed(s)
	if !ok {
		return nil, "", fmt.Errorf("legaldoc: %s: no country given and the value has no known country prefix: %w", t, ErrCountry)
	}
	d := &e.defs[j]
	if !d.Format(rest) {
		return nil, "", e.formatError(d)
	}
	return d, rest, nil
}

// body returns s without the prefix of rule i, when the rest is well
// formed. A prefix may be left out where the rule allows it; a number
// whose compact form has no prefix may be typed with its country's ISO
// code in front (the VAT form: "PL 856-734-62-15" for a NIP).
func (e *entry) body(i int, s string) (string, bool) {
	d := &e.defs[i]
	if d.Prefix != "" {
		// a value that starts with the prefix is read as prefixed, even
		// when the whole would also be well formed ("FR000076090" is a
		// 9-digit French number, not the key FR and 9 digits)
		if rest, ok := e.stripPrefix(i, s); ok {
			return rest, d.Format(rest)
		}
		if d.PrefixOptional && d.Format(s) {
			return s, true
		}
		return "", false
	}
	if d.Format(s) {
		return s, true
	}
	if len(s) > 2 && s[:2] == d.Country && d.Format(s[2:]) {
		return s[2:], true
	}
	return "", false
}

// stripPrefix returns s without the prefix of rule i or one of its
// aliases.
func (e *entry) stripPrefix(i int, s string) (string, bool) {
	if j, rest, ok := e.prefixed(s); ok && j == i {
		return rest, true
	}
	return "", false
}

// prefixed finds the rule whose prefix (or alias) s starts with, the
// longest prefix first.
func (e *entry) prefixed(s string) (int, string, bool) {
	for _, n := range e.prefixLens {
		if len(s) < n {
			continue
		}
		if n == 2 {
			if k, ok := pair2(s); ok && e.byPrefix2[k] != 0 {
				return int(e.byPrefix2[k]) - 1, s[2:], true
			}
			continue
		}
		if j, ok := e.prefixes[s[:n]]; ok {
			return j, s[n:], true
		}
	}
	return 0, "", false
}

// country returns the index of the rule of the country code c (any letter
// case).
func (e *entry) country(c string) (int, bool) {
	if len(c) != 2 {
		return 0, false
	}
	// clearing bit 5 upper-cases a-z; only A-Z and a-z land in A-Z
	u0, u1 := c[0]&^0x20, c[1]&^0x20
	if u0 < 'A' || u0 > 'Z' || u1 < 'A' || u1 > 'Z' {
		return 0, false
	}
	i := e.byCountry[int(u0-'A')*26+int(u1-'A')]
	if i == 0 {
		return 0, false
	}
	return int(i) - 1, true
}

func unknownType(t Type) error {
	return fmt.Errorf("legaldoc: %q: %w", string(t), ErrUnknownType)
}

func (e *entry) countryError(country string) error {
	return fmt.Errorf("legaldoc: %s: issued by %s, not by %q: %w",
		e.spec.Type, strings.Join(e.spec.Countries, ", "), country, ErrCountry)
}

func (e *entry) formatError(d *rule.Def) error {
	return fmt.Errorf("legaldoc: %s: not a well-formed %s: %w", e.spec.Type, d.Description, ErrFormat)
}

func (e *entry) tooLong() error {
	return fmt.Errorf("legaldoc: %s: the value is too long: %w", e.spec.Type, ErrFormat)
}

func (e *entry) empty() error {
	return fmt.Errorf("legaldoc: %s: the value is empty: %w", e.spec.Type, ErrFormat)
}

// normalizeFree checks and returns a value of the Other type: valid UTF-8,
// no control characters, 1 to OtherMaxLength characters once trimmed.
func (e *entry) normalizeFree(country, value string) (string, error) {
	if country != "" && !isAlpha2(country) {
		return "", fmt.Errorf("legaldoc: %s: %q is not a country code: %w", Other, country, ErrCountry)
	}
	v := strings.TrimSpace(value)
	if v == "" {
		return "", e.empty()
	}
	n := 0
	for i := 0; i < len(v); {
		c := v[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return "", fmt.Errorf("legaldoc: %s: the value holds a control character: %w", Other, ErrFormat)
			}
			i++
		} else {
			r, size := utf8.DecodeRuneInString(v[i:])
			if r == utf8.RuneError && size == 1 {
				return "", fmt.Errorf("legaldoc: %s: the value is not valid UTF-8: %w", Other, ErrFormat)
			}
			if unicode.IsControl(r) {
				return "", fmt.Errorf("legaldoc: %s: the value holds a control character: %w", Other, ErrFormat)
			}
			i += size
		}
		if n++; n > OtherMaxLength {
			return "", fmt.Errorf("legaldoc: %s: the value is longer than %d characters: %w", Other, OtherMaxLength, ErrFormat)
		}
	}
	return v, nil
}

// isAlpha2 reports whether c is two ASCII letters (any case).
func isAlpha2(c string) bool {
	if len(c) != 2 {
		return false
	}
	for i := 0; i < 2; i++ {
		b := c[i] | 0x20
		if b < 'a' || b > 'z' {
			return false
		}
	}
	return true
}
