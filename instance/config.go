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

// split holds configuration values sorted by who may see them.
type split struct {
	values  map[string]string // customer variables
	private map[string]string // organization and embedded variables
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
	out := split{values: map[string]string{}, private: map[string]string{}}
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
// (Values, PrivateValues), the customer's values cv (organization and
// embedded variables), the listing's OrgValues (idem) and the variable's
// default. A variable without any is left out. l and cv may be nil. It is
// for the host's runtime: the result holds organization values, so it is
// never shown to a customer.
func Resolve(v *marketplace.IntegrationVersion, l *marketplace.Listing, cv *marketplace.CustomerValues, i *Instance) map[string]string {
	out := make(map[string]string, len(v.ConfigVars))
	for _, d := range v.ConfigVars {
		if s, ok := lookup(d, l, cv, i); ok {
			out[d.Key] = s
		}
	}
	return out
}

// lookup finds the value of variable d as Resolve does.
func lookup(d marketplace.ConfigVar, l *marketplace.Listing, cv *marketplace.CustomerValues, i *Instance) (string, bool) {
	if i != nil {
		if s, ok := i.Values[d.Key]; ok {
			return s, true
		}
		if s, ok := i.PrivateValues[d.Key]; ok {
			return s, true
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
		if _, ok := lookup(d, l, cv, i); ok {
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

// merge sets every value of s in i, reporting whether any value changed.
func (s split) merge(i *Instance) bool {
	changed := false
	set := func(m *map[string]string, k, val string) {
		if old, ok := (*m)[k]; ok && old == val {
			return
		}
		if *m == nil {
			*m = map[string]string{}
		}
		(*m)[k] = val
		changed = true
	}
	for k, val := range s.values {
		set(&i.Values, k, val)
	}
	for k, val := range s.private {
		set(&i.PrivateValues, k, val)
	}
	return changed
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
