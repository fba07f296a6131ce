package marketplace

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/oklog/ulid/v2"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/internal/configtext"
)

// Limits of the catalog's inputs.
const (
	MaxNameLength        = 100   // integration name, in characters
	MaxDescriptionLength = 2000  // integration description, in characters
	MaxTextLength        = 200   // category, label, header, config variable label, in characters
	MaxLabels            = 20    // labels of an integration or a listing
	MaxOverviewLength    = 20000 // listing overview (markdown), in characters
	MaxVars              = 200   // config variables of one version
	MaxOptions           = 500   // options of a picklist
	MaxCommentLength     = 2000  // version comment, in characters
	MaxAllowedCustomers  = 10000 // allow-list of a listing
)

// MaxKeyLength is the longest config variable key, in bytes.
const MaxKeyLength = configtext.MaxKeyLength

// ValidKey reports whether k is a valid config variable key: a letter or
// '_' followed by letters, digits and '_', at most MaxKeyLength bytes.
func ValidKey(k string) bool { return configtext.ValidKey(k) }

// NameKey returns the form of an integration name that uniqueness
// compares: Unicode NFC, case-folded. Storage adapters index this key.
func NameKey(name string) string {
	for i := 0; i < len(name); i++ {
		if name[i] >= 0x80 {
			return cases.Fold().String(norm.NFC.String(name))
		}
	}
	return strings.ToLower(name)
}

// ValidateVars checks config-variable definitions as PublishVersion does
// and reports every problem at once in a *customerkit.ValidationError,
// with paths such as "config_vars[2].default":
//
//   - key: required, a valid key (ValidKey), unique within the version
//     (CodeDuplicate on the later one);
//   - type: a known VarType; visibility: a known Visibility;
//   - language: a known CodeLanguage for code, empty otherwise;
//   - options: for picklist at least one, each non-empty and unique;
//     empty for every other type;
//   - auth_methods: for connection at least one, each a valid key and
//     unique; empty for every other type;
//   - default: when set, it fits the type (CheckValue), so a picklist
//     default is one of the options;
//   - label, description, header within their lengths, at most MaxVars.
func ValidateVars(vars []ConfigVar) error {
	_, err := normalizeVars(vars)
	return err
}

// normalizeVars returns a copy of vars with text trimmed and defaults in
// canonical form, or every problem.
func normalizeVars(vars []ConfigVar) ([]ConfigVar, error) {
	ve := &customerkit.ValidationError{Subject: "marketplace"}
	if len(vars) > MaxVars {
		ve.Add("config_vars", customerkit.CodeTooMany, "at most "+strconv.Itoa(MaxVars)+" variables")
		return nil, ve
	}
	out := make([]ConfigVar, len(vars))
	seen := make(map[string]bool, len(vars))
	for i, in := range vars {
		p := customerkit.IndexPath("config_vars", i)
		v := in.Clone()
		v.Label = cleanText(v.Label)
		v.Description = strings.TrimSpace(v.Description)
		v.Header = cleanText(v.Header)
		switch {
		case v.Key == "":
			ve.Add(p+".key", customerkit.CodeRequired, "")
		case !ValidKey(v.Key):
			ve.Add(p+".key", customerkit.CodeInvalid, "a letter or _ followed by letters, digits and _, at most 64 bytes")
		case seen[v.Key]:
			ve.Add(p+".key", customerkit.CodeDuplicate, "another variable has this key")
		}
		seen[v.Key] = true
		textLimit(ve, p+".label", v.Label, MaxTextLength)
		textLimit(ve, p+".header", v.Header, MaxTextLength)
		textLimit(ve, p+".description", v.Description, MaxDescriptionLength)
		typeOK := v.Type.Valid()
		switch {
		case v.Type == "":
			ve.Add(p+".type", customerkit.CodeRequired, "")
		case !typeOK:
			ve.Add(p+".type", customerkit.CodeNotSupported, "unknown type "+strconv.Quote(string(v.Type)))
		}
		switch {
		case v.Visibility == "":
			ve.Add(p+".visibility", customerkit.CodeRequired, "")
		case !v.Visibility.Valid():
			ve.Add(p+".visibility", customerkit.CodeNotSupported, "unknown visibility "+strconv.Quote(string(v.Visibility)))
		}
		langOK := true
		switch {
		case v.Type == TypeCode && v.Language == "":
			ve.Add(p+".language", customerkit.CodeRequired, "a code variable names its language")
			langOK = false
		case v.Type == TypeCode && !v.Language.Valid():
			ve.Add(p+".language", customerkit.CodeNotSupported, "unknown language "+strconv.Quote(string(v.Language)))
			langOK = false
		case v.Type != TypeCode && v.Language != "":
			ve.Add(p+".language", customerkit.CodeInvalid, "only a code variable has a language")
		}
		optionsOK := true
		if v.Type == TypePicklist {
			switch {
			case len(v.Options) == 0:
				ve.Add(p+".options", customerkit.CodeRequired, "a picklist has at least one option")
				optionsOK = false
			case len(v.Options) > MaxOptions:
				ve.Add(p+".options", customerkit.CodeTooMany, "at most "+strconv.Itoa(MaxOptions)+" options")
				optionsOK = false
			}
			for j, o := range v.Options {
				op := customerkit.IndexPath(p+".options", j)
				switch {
				case o == "" || !utf8.ValidString(o):
					ve.Add(op, customerkit.CodeInvalid, "an option is non-empty text")
					optionsOK = false
				case len(o) > MaxValueLength:
					ve.Add(op, customerkit.CodeTooLong, "")
					optionsOK = false
				case slices.Contains(v.Options[:j], o):
					ve.Add(op, customerkit.CodeDuplicate, "")
				}
			}
		} else if len(v.Options) > 0 {
			ve.Add(p+".options", customerkit.CodeInvalid, "only a picklist has options")
		}
		if v.Type == TypeConnection {
			if len(v.AuthMethods) == 0 {
				ve.Add(p+".auth_methods", customerkit.CodeRequired, "a connection accepts at least one auth method")
			}
			for j, m := range v.AuthMethods {
				mp := customerkit.IndexPath(p+".auth_methods", j)
				switch {
				case !ValidKey(m):
					ve.Add(mp, customerkit.CodeInvalid, "not an auth method name")
				case slices.Contains(v.AuthMethods[:j], m):
					ve.Add(mp, customerkit.CodeDuplicate, "")
				}
			}
		} else if len(v.AuthMethods) > 0 {
			ve.Add(p+".auth_methods", customerkit.CodeInvalid, "only a connection has auth methods")
		}
		if v.Default != nil && typeOK && langOK && optionsOK {
			c, err := v.CheckValue(*v.Default)
			if err != nil {
				ve.Merge(p+".default", err)
			} else {
				v.Default = &c
			}
		}
		out[i] = v
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// CheckValues checks values against the definitions of vars and returns
// them in canonical form. Problems are reported at `values["key"]`
// (prefix "values"): a key vars does not declare is CodeNotSupported.
func CheckValues(vars []ConfigVar, values map[string]string, prefix string) (map[string]string, error) {
	ve := &customerkit.ValidationError{Subject: "marketplace"}
	out := make(map[string]string, len(values))
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		p := customerkit.KeyPath(prefix, k)
		i := slices.IndexFunc(vars, func(v ConfigVar) bool { return v.Key == k })
		if i < 0 {
			ve.Add(p, customerkit.CodeNotSupported, "no such variable")
			continue
		}
		c, err := vars[i].CheckValue(values[k])
		if err != nil {
			ve.Merge(p, err)
			continue
		}
		out[k] = c
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// normalizeIntegration returns the canonical form of in's editable
// fields, or every problem.
func normalizeIntegration(in *Integration) (*Integration, error) {
	ve := &customerkit.ValidationError{Subject: "integration"}
	n := in.Clone()
	n.Name = cleanText(n.Name)
	n.Description = strings.TrimSpace(n.Description)
	n.Category = cleanText(n.Category)
	n.Icon = strings.TrimSpace(n.Icon)
	if n.Name == "" {
		ve.Add("name", customerkit.CodeRequired, "")
	} else {
		textLimit(ve, "name", n.Name, MaxNameLength)
	}
	textLimit(ve, "description", n.Description, MaxDescriptionLength)
	textLimit(ve, "category", n.Category, MaxTextLength)
	n.Labels = labels(ve, "labels", n.Labels)
	if n.Icon != "" {
		u, err := url.Parse(n.Icon)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(n.Icon) > 2048 {
			ve.Add("icon", customerkit.CodeInvalid, "an absolute http or https URL")
		}
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	return n, nil
}

// normalizeListing returns the canonical form of l's editable fields, or
// every problem. vars, when not nil, are the definitions of the presented
// version: OrgValues of keys it declares are type-checked.
func normalizeListing(l *Listing, vars []ConfigVar) (*Listing, error) {
	ve := &customerkit.ValidationError{Subject: "listing"}
	n := l.Clone()
	n.Category = cleanText(n.Category)
	switch {
	case n.Availability == "":
		ve.Add("availability", customerkit.CodeRequired, "")
	case !n.Availability.Valid():
		ve.Add("availability", customerkit.CodeNotSupported, "unknown availability "+strconv.Quote(string(n.Availability)))
	}
	if n.PinnedVersion < 0 {
		ve.Add("pinned_version", customerkit.CodeInvalid, "a version number, or 0 for the latest available")
	}
	textLimit(ve, "overview", n.Overview, MaxOverviewLength)
	if !utf8.ValidString(n.Overview) {
		ve.Add("overview", customerkit.CodeInvalid, "not valid UTF-8")
	}
	textLimit(ve, "category", n.Category, MaxTextLength)
	n.Labels = labels(ve, "labels", n.Labels)
	if len(n.AllowedCustomers) > MaxAllowedCustomers {
		ve.Add("allowed_customers", customerkit.CodeTooMany, "")
	}
	var allowed []ulid.ULID
	for i, id := range n.AllowedCustomers {
		switch {
		case id.IsZero():
			ve.Add(customerkit.IndexPath("allowed_customers", i), customerkit.CodeInvalid, "a customer ID")
		case !slices.Contains(allowed, id):
			allowed = append(allowed, id)
		}
	}
	n.AllowedCustomers = allowed
	ve.Merge("", orgValues(n.OrgValues, vars))
	if err := ve.Err(); err != nil {
		return nil, err
	}
	n.OrgValues = canonicalValues(n.OrgValues, vars)
	return n, nil
}

// orgValues checks organization-supplied values: keys are valid keys,
// values valid UTF-8 within MaxValueLength, and a key vars declares fits
// its type. Problems are at `org_values["key"]`.
func orgValues(values map[string]string, vars []ConfigVar) error {
	ve := &customerkit.ValidationError{}
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		p := customerkit.KeyPath("org_values", k)
		if !ValidKey(k) {
			ve.Add(p, customerkit.CodeInvalid, "not a variable key")
			continue
		}
		v := ConfigVar{Type: TypeString} // a key the version does not declare: any text
		if i := slices.IndexFunc(vars, func(v ConfigVar) bool { return v.Key == k }); i >= 0 {
			v = vars[i]
		}
		if _, err := v.CheckValue(values[k]); err != nil {
			ve.Merge(p, err)
		}
	}
	return ve.Err()
}

// canonicalValues returns values with every key vars declares in its
// canonical form; values must have passed orgValues.
func canonicalValues(values map[string]string, vars []ConfigVar) map[string]string {
	if len(values) == 0 {
		return nil
	}
	out := make(map[string]string, len(values))
	for k, s := range values {
		out[k] = s
		if i := slices.IndexFunc(vars, func(v ConfigVar) bool { return v.Key == k }); i >= 0 {
			if c, err := vars[i].CheckValue(s); err == nil {
				out[k] = c
			}
		}
	}
	return out
}

func labels(ve *customerkit.ValidationError, path string, in []string) []string {
	if len(in) > MaxLabels {
		ve.Add(path, customerkit.CodeTooMany, "at most "+strconv.Itoa(MaxLabels)+" labels")
		return nil
	}
	var out []string
	for i, l := range in {
		l = normalizeLabel(l)
		switch {
		case l == "":
			ve.Add(customerkit.IndexPath(path, i), customerkit.CodeRequired, "an empty label")
		case utf8.RuneCountInString(l) > MaxTextLength || hasControl(l) || !utf8.ValidString(l):
			ve.Add(customerkit.IndexPath(path, i), customerkit.CodeInvalid, "")
		case !slices.Contains(out, l):
			out = append(out, l)
		}
	}
	return out
}

func textLimit(ve *customerkit.ValidationError, path, s string, limit int) {
	switch {
	case !utf8.ValidString(s):
		ve.Add(path, customerkit.CodeInvalid, "not valid UTF-8")
	case utf8.RuneCountInString(s) > limit:
		ve.Add(path, customerkit.CodeTooLong, "longer than "+strconv.Itoa(limit)+" characters")
	}
}

// cleanText trims s and, when it is valid UTF-8, puts it in NFC.
func cleanText(s string) string {
	s = strings.TrimSpace(s)
	if utf8.ValidString(s) {
		s = norm.NFC.String(s)
	}
	return s
}

func hasControl(s string) bool {
	return strings.IndexFunc(s, unicode.IsControl) >= 0
}
