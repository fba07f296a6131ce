package instance

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/credential"
	"github.com/customerkit/customerkit/customer/configvar"
	"github.com/customerkit/customerkit/marketplace"
)

// MaxNameLength is the longest instance name, in characters.
const MaxNameLength = 100

// actor is who sets configuration values.
type actor int

const (
	// byOrganization: the organization sets every variable.
	byOrganization actor = iota
	// byCustomer: a customer sets only customer variables; the others do
	// not exist for it.
	byCustomer
)

// split holds a configuration change sorted by who may see it: values
// and references to set, and variables whose references go.
type split struct {
	values      map[string]string        // customer variables
	private     map[string]string        // organization and embedded variables
	refs        map[string]configvar.Ref // customer variables
	privateRefs map[string]configvar.Ref // organization and embedded variables
	unref       []string                 // variables whose references are removed
}

// newSplit returns an empty split.
func newSplit() split {
	return split{values: map[string]string{}, private: map[string]string{},
		refs: map[string]configvar.Ref{}, privateRefs: map[string]configvar.Ref{}}
}

// RefAllowed reports whether a variable d may take its value from a
// customer config variable of kind k: a string variable from any kind, a
// code variable from the kind of its language (json, xml, html). Other
// types hold values a customer config variable's text does not promise
// (a number, a date, a credential), so they cannot.
func RefAllowed(d marketplace.ConfigVar, k configvar.Kind) bool {
	switch d.Type {
	case marketplace.TypeString:
		return k.Valid()
	case marketplace.TypeCode:
		return (d.Language == marketplace.LanguageJSON && k == configvar.KindJSON) ||
			(d.Language == marketplace.LanguageXML && k == configvar.KindXML) ||
			(d.Language == marketplace.LanguageHTML && k == configvar.KindHTML)
	}
	return false
}

// checkRefs checks the references that who sets on an instance of
// customer customerID running version v, refs mapping variable keys to
// customer config variable keys ("" removes the variable's reference):
// each variable must be one of v that who may set, each config variable
// must exist and fit the variable (RefAllowed). It adds them to sp, or
// returns a *customerkit.ValidationError with every problem at
// `refs["key"]`; a key also given a value in values is a duplicate.
func checkRefs(ctx context.Context, store Store, v *marketplace.IntegrationVersion, customerID ulid.ULID, refs, values map[string]string, who actor, sp *split) error {
	ve := &customerkit.ValidationError{Subject: "instance"}
	for _, k := range slices.Sorted(maps.Keys(refs)) {
		p := customerkit.KeyPath("refs", k)
		d, ok := v.Var(k)
		if !ok || (who == byCustomer && !d.Visibility.CustomerVisible()) {
			ve.Add(p, customerkit.CodeNotSupported, "no such variable")
			continue
		}
		if _, ok := values[k]; ok {
			ve.Add(p, customerkit.CodeDuplicate, "the variable is given a value too")
			continue
		}
		key := refs[k]
		if key == "" {
			sp.unref = append(sp.unref, k)
			continue
		}
		if !configvar.ValidKey(key) {
			ve.Add(p, customerkit.CodeInvalid, "not a config variable key")
			continue
		}
		cv, err := store.GetConfigVar(ctx, customerID, key)
		switch {
		case errors.Is(err, customerkit.ErrNotFound):
			ve.Add(p, customerkit.CodeInvalid, "the customer has no config variable "+strconv.Quote(key))
			continue
		case err != nil:
			return err
		}
		if !RefAllowed(d, cv.Kind) {
			ve.Add(p, customerkit.CodeNotSupported, "a "+varKind(d)+" variable cannot take a config variable of kind "+string(cv.Kind))
			continue
		}
		r := configvar.Ref{Key: key, Kind: cv.Kind}
		if d.Visibility.CustomerVisible() {
			sp.refs[k] = r
		} else {
			sp.privateRefs[k] = r
		}
	}
	return ve.Err()
}

// varKind names the type of d for an error: "number", "code (json)".
func varKind(d marketplace.ConfigVar) string {
	if d.Type == marketplace.TypeCode {
		return "code (" + string(d.Language) + ")"
	}
	return string(d.Type)
}

// checkValues checks values that who sets on an instance of customer
// customerID running version v: each key must be a variable of v that who
// may set, each value must fit the variable's type
// (marketplace.ConfigVar.CheckValue), and a connection must name a
// credential of that customer, or an organization-wide one, whose auth
// method the variable accepts. It returns the canonical values sorted by
// visibility, or a *customerkit.ValidationError with every problem at
// `values["key"]`. A customer that names an organization or embedded
// variable gets the same problem as for an unknown key (not_supported), so
// the handle reveals nothing of them.
func checkValues(ctx context.Context, store Store, v *marketplace.IntegrationVersion, customerID ulid.ULID, values map[string]string, who actor) (split, error) {
	out := newSplit()
	ve := &customerkit.ValidationError{Subject: "instance"}
	for _, k := range slices.Sorted(maps.Keys(values)) {
		p := customerkit.KeyPath("values", k)
		cv, ok := v.Var(k)
		if !ok || (who == byCustomer && !cv.Visibility.CustomerVisible()) {
			ve.Add(p, customerkit.CodeNotSupported, "no such variable")
			continue
		}
		c, err := cv.CheckValue(values[k])
		if err != nil {
			ve.Merge(p, err)
			continue
		}
		if cv.Type == marketplace.TypeConnection {
			code, detail, err := checkConnection(ctx, store, cv, customerID, c)
			if err != nil {
				return split{}, err
			}
			if code != "" {
				ve.Add(p, code, detail)
				continue
			}
		}
		if cv.Visibility.CustomerVisible() {
			out.values[k] = c
		} else {
			out.private[k] = c
		}
	}
	if err := ve.Err(); err != nil {
		return split{}, err
	}
	return out, nil
}

// checkConnection checks that the credential id (canonical) exists,
// belongs to customer customerID or to the organization, and has an auth
// method cv accepts. It returns the problem's code and detail, or a store
// error.
func checkConnection(ctx context.Context, store Store, cv marketplace.ConfigVar, customerID ulid.ULID, id string) (code, detail string, err error) {
	cid, err := ulid.ParseStrict(id)
	if err != nil {
		return customerkit.CodeInvalid, "not a credential ID", nil
	}
	c, err := store.GetCredential(ctx, cid)
	switch {
	case errors.Is(err, customerkit.ErrNotFound):
		return customerkit.CodeInvalid, "no such credential", nil
	case err != nil:
		return "", "", err
	}
	if !c.OrgWide() && c.CustomerID != customerID {
		return customerkit.CodeInvalid, "no such credential", nil // another customer's: not visible
	}
	if !MethodAllowed(cv, c) {
		return customerkit.CodeNotSupported, "the credential's auth method " + strconv.Quote(methodName(c)) +
			" is not one of " + strings.Join(cv.AuthMethods, ", "), nil
	}
	return "", "", nil
}

// MethodAllowed reports whether a connection variable cv accepts credential
// c: its AuthMethods name c's method, or, for a custom method, its name
// (or "custom", which accepts every custom method).
func MethodAllowed(cv marketplace.ConfigVar, c *credential.Credential) bool {
	for _, m := range cv.AuthMethods {
		if m == string(c.Method) || (c.Method == credential.MethodCustom && c.Custom != "" && m == c.Custom) {
			return true
		}
	}
	return false
}

func methodName(c *credential.Credential) string {
	if c.Method == credential.MethodCustom && c.Custom != "" {
		return c.Custom
	}
	return string(c.Method)
}

// Resolve returns the configuration an instance i of version v runs with:
// for every variable v declares, the first value found in i's values
// (Values, PrivateValues), the customer config variable i's references
// name (Refs, PrivateRefs; vars holds the values of the customer's config
// variables by key), the customer's values cv (organization and embedded
// variables), the listing's OrgValues (idem) and the variable's default.
// A variable without any is left out, and so is a reference to a key vars
// lacks. l, cv and vars may be nil. It is for the host's runtime: the
// result holds organization values, so it is never shown to a customer.
// Service.Resolve reads everything it needs.
func Resolve(v *marketplace.IntegrationVersion, l *marketplace.Listing, cv *marketplace.CustomerValues, i *Instance, vars map[string]string) map[string]string {
	out := make(map[string]string, len(v.ConfigVars))
	for _, d := range v.ConfigVars {
		if s, ok := lookup(d, l, cv, i, vars, false); ok {
			out[d.Key] = s
		}
	}
	return out
}

// lookup finds the value of variable d as Resolve does. When anyRef is
// set, a reference counts as a value whatever vars holds (stores keep
// references intact): that is how completeness is judged.
func lookup(d marketplace.ConfigVar, l *marketplace.Listing, cv *marketplace.CustomerValues, i *Instance, vars map[string]string, anyRef bool) (string, bool) {
	if i != nil {
		if s, ok := i.Values[d.Key]; ok {
			return s, true
		}
		if s, ok := i.PrivateValues[d.Key]; ok {
			return s, true
		}
		r, ok := i.Refs[d.Key]
		if !ok {
			r, ok = i.PrivateRefs[d.Key]
		}
		if ok {
			if anyRef {
				return "", true
			}
			if s, ok := vars[r.Key]; ok {
				return s, true
			}
		}
	}
	if !d.Visibility.CustomerVisible() {
		if cv != nil {
			if s, ok := cv.Values[d.Key]; ok {
				return s, true
			}
		}
		if l != nil {
			if s, ok := l.OrgValues[d.Key]; ok {
				return s, true
			}
		}
	}
	if d.Default != nil {
		return *d.Default, true
	}
	return "", false
}

// missing returns the keys of the required variables of v (not optional,
// no default) that have no value for i, in definition order, split into
// customer variables and the others.
func missing(v *marketplace.IntegrationVersion, l *marketplace.Listing, cv *marketplace.CustomerValues, i *Instance) (customerKeys, otherKeys []string) {
	for _, d := range v.ConfigVars {
		if d.Optional {
			continue
		}
		if _, ok := lookup(d, l, cv, i, nil, true); ok {
			continue
		}
		if d.Visibility.CustomerVisible() {
			customerKeys = append(customerKeys, d.Key)
		} else {
			otherKeys = append(otherKeys, d.Key)
		}
	}
	return customerKeys, otherKeys
}

// complete reports whether every required variable of v has a value for i.
func complete(v *marketplace.IntegrationVersion, l *marketplace.Listing, cv *marketplace.CustomerValues, i *Instance) bool {
	a, b := missing(v, l, cv, i)
	return len(a) == 0 && len(b) == 0
}

// merge applies s to i: each value set replaces the variable's value or
// reference, each reference set its value or reference, and each unref
// removes a reference. It reports whether anything changed.
func (s split) merge(i *Instance) bool {
	changed := false
	drop := func(k string) {
		for _, m := range []map[string]string{i.Values, i.PrivateValues} {
			if _, ok := m[k]; ok {
				delete(m, k)
				changed = true
			}
		}
	}
	unref := func(k string) {
		for _, m := range []map[string]configvar.Ref{i.Refs, i.PrivateRefs} {
			if _, ok := m[k]; ok {
				delete(m, k)
				changed = true
			}
		}
	}
	for k, val := range s.values {
		unref(k)
		changed = set(&i.Values, k, val) || changed
	}
	for k, val := range s.private {
		unref(k)
		changed = set(&i.PrivateValues, k, val) || changed
	}
	for k, r := range s.refs {
		drop(k)
		delete(i.PrivateRefs, k)
		changed = set(&i.Refs, k, r) || changed
	}
	for k, r := range s.privateRefs {
		drop(k)
		delete(i.Refs, k)
		changed = set(&i.PrivateRefs, k, r) || changed
	}
	for _, k := range s.unref {
		unref(k)
	}
	for _, m := range []*map[string]string{&i.Values, &i.PrivateValues} {
		if len(*m) == 0 {
			*m = nil
		}
	}
	for _, m := range []*map[string]configvar.Ref{&i.Refs, &i.PrivateRefs} {
		if len(*m) == 0 {
			*m = nil
		}
	}
	return changed
}

// set sets (*m)[k] to v, making the map when it is nil, and reports
// whether that changed it.
func set[V comparable](m *map[string]V, k string, v V) bool {
	if old, ok := (*m)[k]; ok && old == v {
		return false
	}
	if *m == nil {
		*m = map[string]V{}
	}
	(*m)[k] = v
	return true
}

// normalizeName returns name trimmed, or def when it is empty, and adds a
// problem at "name" when it is too long or holds control characters.
func normalizeName(ve *customerkit.ValidationError, name, def string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		name = def
	}
	switch {
	case !utf8.ValidString(name) || strings.IndexFunc(name, unicode.IsControl) >= 0:
		ve.Add("name", customerkit.CodeInvalid, "valid UTF-8 text without control characters")
	case utf8.RuneCountInString(name) > MaxNameLength:
		ve.Add("name", customerkit.CodeTooLong, "at most "+strconv.Itoa(MaxNameLength)+" characters")
	}
	return name
}
