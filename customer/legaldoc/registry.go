package legaldoc

import (
	"fmt"
	"slices"
	"strings"

	"github.com/customerkit/customerkit/customer/legaldoc/internal/eu"
	"github.com/customerkit/customerkit/customer/legaldoc/internal/national"
	"github.com/customerkit/customerkit/customer/legaldoc/internal/rule"
)

// The registry is built once, when the package is initialised, from the
// rule packages; it is never modified afterwards. Problems found while
// building it (a rule without a Format function, a country registered
// twice for a type) leave the faulty rule out and are kept in
// registryProblems, which a test requires to be empty.
var registry, registryProblems = buildRegistry(eu.Defs(), national.Defs())

// Other is the type of any other document (a contract, a service order):
// any non-empty value up to OtherMaxLength characters, kept as typed with
// the surrounding white space trimmed.
const Other Type = "other"

// OtherMaxLength is the longest value, in characters, of an Other document.
const OtherMaxLength = 100

// otherExample is the example value of the Other type.
const otherExample = "Service order SO-2024-0117"

// valuePrefixAliases lists, per type, prefixes a person may type in place
// of a rule's Prefix: Greek VAT numbers carry EL, but people type the ISO
// code GR.
var valuePrefixAliases = map[Type]map[string]string{
	"eu_vat": {"GR": "EL"},
}

// typeDescriptions names the types issued by several countries, whose
// rules each describe one country's document.
var typeDescriptions = map[Type]string{
	"eu_vat": "European Union VAT number",
}

// entry is one registered type.
type entry struct {
	spec Spec
	free bool // the Other type: any text, no rule
	defs []rule.Def
	// countries maps an upper-case country code (the ISO code of a rule,
	// or its two-letter prefix when that differs, such as EL or XI) to an
	// index in defs.
	countries map[string]int
	// prefixes maps a value prefix (a rule's Prefix and its aliases) to an
	// index in defs; prefixLens lists the distinct lengths, longest first.
	prefixes   map[string]int
	prefixLens []int
	// byCountry and byPrefix2 index countries and two-letter prefixes
	// (A-Z only) by pair2, holding an index in defs plus one (0: none): the
	// hot path of Validate reads them instead of hashing strings.
	byCountry [26 * 26]uint8
	byPrefix2 [26 * 26]uint8
}

// pair2 returns the index of the two upper-case ASCII letters starting s,
// and false when s does not start with two such letters.
func pair2(s string) (int, bool) {
	if len(s) < 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' {
		return 0, false
	}
	return int(s[0]-'A')*26 + int(s[1]-'A'), true
}

type registryTable struct {
	types map[Type]*entry
	specs []Spec // sorted by Type
}

func buildRegistry(sets ...[]rule.Def) (*registryTable, []error) {
	var problems []error
	r := &registryTable{types: make(map[Type]*entry)}
	for _, set := range sets {
		for _, d := range set {
			if err := checkDef(d); err != nil {
				problems = append(problems, err)
				continue
			}
			t := Type(d.Type)
			e := r.types[t]
			if e == nil {
				e = &entry{countries: map[string]int{}, prefixes: map[string]int{}}
				r.types[t] = e
			}
			if slices.ContainsFunc(e.defs, func(o rule.Def) bool { return o.Country == d.Country }) {
				problems = append(problems, fmt.Errorf("legaldoc: %s: country %s registered twice", t, d.Country))
				continue
			}
			e.defs = append(e.defs, d)
		}
	}
	if _, dup := r.types[Other]; dup {
		problems = append(problems, fmt.Errorf("legaldoc: %s: reserved type registered by a rule", Other))
	}
	for t, e := range r.types {
		e.index(t)
		e.spec = specOf(t, e.defs)
	}
	r.types[Other] = &entry{free: true, spec: Spec{
		Type:        Other,
		Description: "Any other document (contract, service order, ...)",
		Example:     otherExample,
		Note:        fmt.Sprintf("Any non-empty text up to %d characters, kept as typed without the surrounding white space; any country.", OtherMaxLength),
	}}
	for _, e := range r.types {
		r.specs = append(r.specs, e.spec)
	}
	slices.SortFunc(r.specs, func(a, b Spec) int { return strings.Compare(string(a.Type), string(b.Type)) })
	return r, problems
}

// checkDef reports what makes d unusable.
func checkDef(d rule.Def) error {
	switch {
	case d.Type == "" || strings.ToLower(d.Type) != d.Type:
		return fmt.Errorf("legaldoc: rule %q: the type must be a lower-case code", d.Type)
	case len(d.Country) != 2 || strings.ToUpper(d.Country) != d.Country:
		return fmt.Errorf("legaldoc: %s: country %q is not an upper-case alpha-2 code", d.Type, d.Country)
	case d.Format == nil:
		return fmt.Errorf("legaldoc: %s (%s): no Format function", d.Type, d.Country)
	case d.Prefix != "" && !isClean(d.Prefix):
		return fmt.Errorf("legaldoc: %s (%s): prefix %q is not in cleaned form", d.Type, d.Country, d.Prefix)
	}
	return nil
}

// index fills the country and prefix lookups of e, whose defs are final.
func (e *entry) index(t Type) {
	for i, d := range e.defs {
		e.countries[d.Country] = i
	}
	for i, d := range e.defs {
		if len(d.Prefix) == 2 && d.Prefix != d.Country {
			if _, taken := e.countries[d.Prefix]; !taken {
				e.countries[d.Prefix] = i
			}
		}
		if d.Prefix != "" {
			e.prefixes[d.Prefix] = i
		}
	}
	for alias, target := range valuePrefixAliases[t] {
		for i, d := range e.defs {
			if d.Prefix == target {
				if _, taken := e.prefixes[alias]; !taken {
					e.prefixes[alias] = i
				}
			}
		}
	}
	for p := range e.prefixes {
		if !slices.Contains(e.prefixLens, len(p)) {
			e.prefixLens = append(e.prefixLens, len(p))
		}
	}
	if len(e.defs) < 255 {
		for c, i := range e.countries {
			if k, ok := pair2(c); ok {
				e.byCountry[k] = uint8(i + 1)
			}
		}
		for p, i := range e.prefixes {
			if k, ok := pair2(p); ok && len(p) == 2 {
				e.byPrefix2[k] = uint8(i + 1)
			}
		}
	}
	slices.SortFunc(e.prefixLens, func(a, b int) int { return b - a })
}

// specOf describes the type t from its rules.
func specOf(t Type, defs []rule.Def) Spec {
	s := Spec{Type: t}
	checked := 0
	for _, d := range defs {
		v := Variant{
			Country:     d.Country,
			Description: d.Description,
			Example:     d.Example,
			Prefix:      d.Prefix,
			Checksum:    d.Checksum != nil,
			Note:        d.Note,
		}
		s.Variants = append(s.Variants, v)
		if v.Checksum {
			checked++
		}
	}
	slices.SortFunc(s.Variants, func(a, b Variant) int { return strings.Compare(a.Country, b.Country) })
	for _, v := range s.Variants {
		s.Countries = append(s.Countries, v.Country)
	}
	first := s.Variants[0]
	s.Example = first.Example
	s.Description = first.Description
	if len(defs) > 1 {
		if desc, ok := typeDescriptions[t]; ok {
			s.Description = desc
		}
	} else {
		s.Note = first.Note
	}
	s.Checksum = checked == len(defs)
	return s
}
