package customer

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer/legaldoc"
)

// Limits on the length (in characters) and count of profile fields.
const (
	MaxNameLength        = 100  // first_name, last_name
	MaxCompanyLength     = 200  // company_name, name
	MaxDescriptionLength = 2000 // description
	MaxIDLength          = 255  // external_id, tenant_id
	MaxLabelLength       = 40   // each label
	MaxLabels            = 50
	MaxAddresses         = 10
	MaxTelephones        = 10
	MaxLegalDocuments    = 20
	MaxAllowedEntries    = 100 // allowed_domains_origins, allowed_domains_registration
	maxAddressLine       = 200
	maxAddressShort      = 100
	maxAddressCode       = 20
)

// Normalize checks every field of c against the profile rules and returns a
// copy in canonical form: email, hostname and origins canonicalised, codes
// upper-cased, telephones in E.164, legal documents compact, labels
// lower-cased, sorted and deduplicated, Name derived when empty, the first
// address of each type and the first telephone made default. Fields the
// Service generates (ULID, UUID, Key, Subdomain when empty, Version, times)
// are left as they are. opts may be nil.
//
// Every problem is reported at once in a *customerkit.ValidationError
// whose paths use the JSON names ("telephones[1].number").
func Normalize(c *Customer, opts *Options) (*Customer, error) {
	var r rules // on the stack: Normalize keeps no rules
	r.init(opts)
	return r.normalize(c)
}

// rules is the validation configuration a Service runs with: its options,
// defaults filled in, in one allocation.
type rules struct {
	opts Options
}

func newRules(opts *Options) *rules {
	r := &rules{}
	r.init(opts)
	return r
}

// init sets r up for opts, which may be nil: a copy of opts with the
// defaults of the two options the rules read that have one, NowFunc and
// ReservedSubdomains. The other defaults are the Service's (it fills them
// with withDefaults before it builds its rules): the ULID generator, the
// random source and the discarding logger would be built on every call of
// Normalize only to be thrown away. A nil Logger logs nothing, as the
// discarding one does.
func (r *rules) init(opts *Options) {
	if opts != nil {
		r.opts = *opts
	}
	if r.opts.NowFunc == nil {
		r.opts.NowFunc = time.Now
	}
	if r.opts.ReservedSubdomains == nil {
		// Read only: Normalize keeps no rules, and a Service's options
		// hold their own copy.
		r.opts.ReservedSubdomains = defaultReservedSubdomains
	}
}

// today returns the current date in UTC, for the issue-date rule.
func (r *rules) today() Date { return DateOf(r.opts.NowFunc().UTC()) }

// normalize validates and canonicalises a copy of in.
func (r *rules) normalize(in *Customer) (*Customer, error) {
	if in == nil {
		return nil, &customerkit.ValidationError{Subject: "customer", Fields: []customerkit.FieldError{{Path: "", Code: customerkit.CodeRequired, Detail: "no customer given"}}}
	}
	// A shallow copy is enough: every slice and map field below is
	// replaced by a new one built from in's (or dropped), and on error the
	// copy is thrown away, so the result shares no mutable memory with in.
	// TestNormalizeSharesNothing keeps this true.
	cp := *in
	c := &cp
	// On the stack: it escapes only in the error returned at the end.
	veStack := customerkit.ValidationError{Subject: "customer"}
	ve := &veStack

	text := func(path string, p *string, max int, required bool) {
		var (
			n       int
			control bool
		)
		*p, n, control = cleanStats(*p)
		switch {
		case *p == "" && required:
			ve.Add(path, customerkit.CodeRequired, "")
		case n > max:
			ve.Add(path, customerkit.CodeTooLong, "at most "+strconv.Itoa(max)+" characters")
		case control:
			ve.Add(path, customerkit.CodeInvalid, "control characters are not allowed")
		}
	}

	// Identity.
	text("external_id", &c.ExternalID, MaxIDLength, false)
	text("tenant_id", &c.TenantID, MaxIDLength, false)
	if c.Key != "" {
		if k, ok := normalizeKey(c.Key); ok {
			c.Key = k
		} else {
			ve.Add("customer_key", customerkit.CodeInvalid, "a customer key is 6-32 lower-case letters and digits")
		}
	}
	if c.Prefix != "" {
		p := upper(strings.TrimSpace(c.Prefix))
		if len(p) < 3 || len(p) > 12 || strings.IndexFunc(p, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') }) >= 0 {
			ve.Add("customer_prefix", customerkit.CodeInvalid, "3-12 characters A-Z and 0-9")
		} else {
			c.Prefix = p
		}
	}

	// Status and type.
	if c.Status == "" {
		c.Status = StatusActive
	}
	if !c.Status.Valid() {
		ve.Add("status", customerkit.CodeNotSupported, "one of active, suspended, inactive, terminated")
	}
	switch {
	case c.Type == "":
		ve.Add("customer_type", customerkit.CodeRequired, "business or personal")
	case !c.Type.Valid():
		ve.Add("customer_type", customerkit.CodeNotSupported, "business or personal")
	}

	// Contact and names.
	if e, detail := NormalizeEmail(c.Email); detail != "" {
		code := customerkit.CodeInvalid
		if strings.HasPrefix(detail, "longer") {
			code = customerkit.CodeTooLong
		}
		ve.Add("email", code, detail)
	} else if e == "" {
		ve.Add("email", customerkit.CodeRequired, "")
	} else {
		c.Email = e
	}
	text("first_name", &c.FirstName, MaxNameLength, true)
	text("last_name", &c.LastName, MaxNameLength, true)
	text("company_name", &c.CompanyName, MaxCompanyLength, c.Type == TypeBusiness)
	text("name", &c.Name, MaxCompanyLength, false)
	if c.Name == "" {
		c.Name = DisplayName(c)
	}
	text("description", &c.Description, MaxDescriptionLength, false)
	// The three string lists share one backing array, as Clone makes them:
	// one allocation instead of three.
	lists := stringLists(len(c.Labels), len(c.AllowedOrigins), len(c.AllowedRegistrationDomains))
	c.Labels = r.labels(c.Labels, ve, lists.next(len(c.Labels)))

	// Web presence.
	if c.Hostname != "" {
		if h, detail := NormalizeHostname(c.Hostname); detail != "" {
			ve.Add("hostname", customerkit.CodeInvalid, detail)
		} else {
			c.Hostname = h
		}
	}
	if c.Subdomain != "" {
		if l, detail := NormalizeSubdomain(c.Subdomain); detail != "" {
			ve.Add("subdomain", customerkit.CodeInvalid, detail)
		} else if slices.Contains(r.opts.ReservedSubdomains, l) {
			ve.Add("subdomain", customerkit.CodeNotSupported, "the subdomain is reserved")
		} else {
			c.Subdomain = l
		}
	}
	c.AllowedOrigins = r.list(ve, "allowed_domains_origins", c.AllowedOrigins, NormalizeOrigin, lists.next(len(c.AllowedOrigins)))
	c.AllowedRegistrationDomains = r.list(ve, "allowed_domains_registration", c.AllowedRegistrationDomains, normalizeHostPattern, lists.next(len(c.AllowedRegistrationDomains)))

	// Locale.
	r.code(ve, "country", &c.Country, true, CanonicalCountry, "not an officially assigned ISO 3166-1 alpha-2 code")
	r.code(ve, "currency", &c.Currency, true, CanonicalCurrency, "not an active ISO 4217 currency code")
	r.code(ve, "language", &c.Language, false, CanonicalLanguage, "not a well-formed BCP 47 language tag")

	// Settings and metadata.
	var ignored []string
	var kept Settings
	r.opts.Settings.apply(c.Settings, ve, &kept, &ignored)
	c.Settings = kept
	if len(ignored) > 0 {
		r.opts.ignoredSettings(ignored)
	}
	if c.Metadata != nil {
		m, err := r.opts.MetadataLimits.Replace(c.Metadata)
		if err != nil {
			ve.Merge("customer_metadata", err)
		} else if len(m) == 0 {
			c.Metadata = nil
		} else {
			c.Metadata = m
		}
	}

	c.Addresses = r.addresses(c.Addresses, ve)
	c.Telephones = r.telephones(c.Telephones, c.Country, ve)
	c.LegalDocuments = r.legalDocuments(c.LegalDocuments, ve)

	if len(ve.Fields) > 0 {
		e := *ve
		return nil, &e
	}
	return c, nil
}

// DisplayName returns the name a customer is shown by when it has none:
// the company name of a business, otherwise first and last name.
func DisplayName(c *Customer) string {
	if c.CompanyName != "" {
		return c.CompanyName
	}
	return strings.TrimSpace(c.FirstName + " " + c.LastName)
}

// stringBuf hands out the empty slices, of the capacity asked for, of one
// backing array.
type stringBuf []string

// stringLists returns a stringBuf for lists of the given lengths.
func stringLists(lens ...int) stringBuf {
	n := 0
	for _, l := range lens {
		n += l
	}
	if n == 0 {
		return nil
	}
	return make(stringBuf, 0, n)
}

// next returns an empty slice of capacity n from the head of the buffer,
// capped so that an append moves it rather than overwrite the next one.
func (b *stringBuf) next(n int) []string {
	s := (*b)[:0:n]
	*b = (*b)[n:n:cap(*b)]
	return s
}

// labels returns the canonical labels of in, appended to out (empty, of
// capacity len(in)).
func (r *rules) labels(in []string, ve *customerkit.ValidationError, out []string) []string {
	if len(in) == 0 {
		return nil
	}
	for i, l := range in {
		l = normalizeLabel(cleanText(l))
		at := elem{"labels", i}
		n, control := textStats(l)
		switch {
		case l == "":
			at.add(ve, "", customerkit.CodeRequired, "a label cannot be empty")
		case n > MaxLabelLength:
			at.add(ve, "", customerkit.CodeTooLong, "at most 40 characters")
		case control:
			at.add(ve, "", customerkit.CodeInvalid, "control characters are not allowed")
		default:
			out = append(out, l)
		}
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) > MaxLabels {
		ve.Add("labels", customerkit.CodeTooMany, "at most 50 labels")
	}
	return out
}

// list returns the canonical entries of in, appended to out (empty, of
// capacity len(in)), sorted and deduplicated.
func (r *rules) list(ve *customerkit.ValidationError, field string, in []string, canon func(string) (string, string), out []string) []string {
	if len(in) == 0 {
		return nil
	}
	if len(in) > MaxAllowedEntries {
		ve.Add(field, customerkit.CodeTooMany, "at most 100 entries")
		return in
	}
	for i, s := range in {
		v, detail := canon(s)
		if detail != "" {
			ve.Add(customerkit.IndexPath(field, i), customerkit.CodeInvalid, detail)
			continue
		}
		out = append(out, v)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (r *rules) code(ve *customerkit.ValidationError, field string, p *string, required bool, canon func(string) (string, bool), detail string) {
	*p = strings.TrimSpace(*p)
	if *p == "" {
		if required {
			ve.Add(field, customerkit.CodeRequired, "")
		}
		return
	}
	v, ok := canon(*p)
	if !ok {
		ve.Add(field, customerkit.CodeNotSupported, detail)
		return
	}
	*p = v
}

func (r *rules) addresses(in []Address, ve *customerkit.ValidationError) []Address {
	if len(in) == 0 {
		return nil
	}
	if len(in) > MaxAddresses {
		ve.Add("addresses", customerkit.CodeTooMany, "at most 10 addresses")
		return in
	}
	out := slices.Clone(in)
	// The types that have a default so far: at most MaxAddresses of them,
	// searched in place of a map.
	var defaultsBuf [MaxAddresses]AddressType
	defaults := defaultsBuf[:0]
	for i := range out {
		a := &out[i]
		at := elem{"addresses", i}
		if !a.Type.Valid() {
			code := customerkit.CodeNotSupported
			if a.Type == "" {
				code = customerkit.CodeRequired
			}
			at.add(ve, ".type", code, "PostalAddress or BillingAddress")
		}
		if cc, ok := CanonicalCountry(a.Country); ok {
			a.Country = cc
		} else {
			r.code(ve, at.path()+".country", &a.Country, true, CanonicalCountry, "not an officially assigned ISO 3166-1 alpha-2 code")
		}
		addressText(ve, at, "state", &a.State, maxAddressShort)
		addressText(ve, at, "postal_code", &a.PostalCode, maxAddressCode)
		addressText(ve, at, "city", &a.City, maxAddressShort)
		addressText(ve, at, "address_line1", &a.Line1, maxAddressLine)
		addressText(ve, at, "address_line2", &a.Line2, maxAddressLine)
		addressText(ve, at, "po_box", &a.POBox, maxAddressCode)
		addressText(ve, at, "building_number", &a.BuildingNumber, maxAddressCode)
		addressText(ve, at, "complement", &a.Complement, maxAddressLine)
		if a.Line1 == "" && a.POBox == "" {
			at.add(ve, ".address_line1", customerkit.CodeRequired, "an address needs address_line1 or po_box")
		}
		if a.Default {
			if slices.Contains(defaults, a.Type) {
				at.add(ve, ".default", customerkit.CodeDuplicate, "only one default address per type")
			} else {
				defaults = append(defaults, a.Type)
			}
		}
	}
	// The first address of a type with no default becomes its default.
	for i := range out {
		if !slices.Contains(defaults, out[i].Type) {
			out[i].Default = true
			defaults = append(defaults, out[i].Type)
		}
	}
	return out
}

// addressText cleans the address field name at *p (at is the address)
// and checks its length and characters.
func addressText(ve *customerkit.ValidationError, at elem, name string, p *string, max int) {
	if *p == "" {
		return // most are
	}
	v, n, control := cleanStats(*p)
	*p = v
	if n > max {
		at.add(ve, "."+name, customerkit.CodeTooLong, "at most "+strconv.Itoa(max)+" characters")
	} else if control {
		at.add(ve, "."+name, customerkit.CodeInvalid, "control characters are not allowed")
	}
}

func (r *rules) telephones(in []Telephone, region string, ve *customerkit.ValidationError) []Telephone {
	if len(in) == 0 {
		return nil
	}
	if len(in) > MaxTelephones {
		ve.Add("telephones", customerkit.CodeTooMany, "at most 10 telephones")
		return in
	}
	out := make([]Telephone, len(in))
	// ok[j] is set when out[j] holds a normalised number, for the
	// duplicate check (at most MaxTelephones: a scan beats a map).
	var ok [MaxTelephones]bool
	def := -1
	for i, t := range in {
		at := elem{"telephones", i}
		out[i] = t
		if !t.Type.Valid() {
			code := customerkit.CodeNotSupported
			if t.Type == "" {
				code = customerkit.CodeRequired
			}
			at.add(ve, ".type", code, "landline or mobile")
		}
		t.Number = strings.TrimSpace(t.Number)
		if t.Number == "" {
			at.add(ve, ".number", customerkit.CodeRequired, "")
			continue
		}
		n, field, detail := normalizeTelephone(t, region)
		if detail != "" {
			at.add(ve, "."+field, customerkit.CodeInvalid, detail)
			continue
		}
		if j := sameNumber(out[:i], ok[:i], n); j >= 0 {
			at.add(ve, ".number", customerkit.CodeDuplicate, "the same number as "+customerkit.IndexPath("telephones", j))
		}
		ok[i] = true
		out[i] = n
		if n.Default {
			if def >= 0 {
				at.add(ve, ".default", customerkit.CodeDuplicate, "only one default telephone")
			}
			def = i
		}
	}
	if def < 0 {
		out[0].Default = true
	}
	return out
}

// sameNumber returns the index of the last normalised telephone in out
// (those whose ok is set) with the number and extension of n, or -1.
func sameNumber(out []Telephone, ok []bool, n Telephone) int {
	for j := len(out) - 1; j >= 0; j-- {
		if ok[j] && out[j].Number == n.Number && out[j].Extension == n.Extension {
			return j
		}
	}
	return -1
}

func (r *rules) legalDocuments(in []LegalDocument, ve *customerkit.ValidationError) []LegalDocument {
	if len(in) == 0 {
		return nil
	}
	if len(in) > MaxLegalDocuments {
		ve.Add("legal_documents", customerkit.CodeTooMany, "at most 20 legal documents")
		return in
	}
	out := slices.Clone(in)
	var today Date // read at the first issue date
	for i := range out {
		d := &out[i]
		at := elem{"legal_documents", i}
		d.Type = lower(strings.TrimSpace(d.Type))
		d.Country = upper(strings.TrimSpace(d.Country))
		if !d.Issued.IsZero() {
			if !d.Issued.Valid() {
				at.add(ve, ".issued_date", customerkit.CodeInvalid, "not a calendar date")
			} else {
				if today.IsZero() {
					today = r.today()
				}
				if d.Issued.After(today) {
					at.add(ve, ".issued_date", customerkit.CodeInvalid, "the issue date is in the future")
				}
			}
		}
		if d.Type == "" {
			at.add(ve, ".type", customerkit.CodeRequired, "")
			continue
		}
		t := legaldoc.Type(d.Type)
		var (
			v   string
			err error
		)
		if r.opts.LegalDocumentLevel >= legaldoc.LevelChecksum {
			err = legaldoc.Validate(t, d.Country, d.Value, r.opts.LegalDocumentLevel)
		}
		if err == nil {
			// Normalize checks the format and returns the errors Validate
			// returns at LevelFormat, so at that level it is the one pass.
			v, err = legaldoc.Normalize(t, d.Country, d.Value)
		}
		switch {
		case err == nil:
		case errors.Is(err, legaldoc.ErrUnknownType):
			at.add(ve, ".type", customerkit.CodeNotSupported, "unknown legal document type")
			continue
		case errors.Is(err, legaldoc.ErrCountry):
			at.add(ve, ".country", customerkit.CodeInvalid, errorDetail(err))
			continue
		case errors.Is(err, legaldoc.ErrChecksum):
			at.add(ve, ".value", customerkit.CodeChecksum, errorDetail(err))
			continue
		default:
			code := customerkit.CodeInvalid
			if strings.TrimSpace(d.Value) == "" {
				code = customerkit.CodeRequired
			}
			at.add(ve, ".value", code, errorDetail(err))
			continue
		}
		d.Value = v
		if d.Country == "" {
			d.Country = issuingCountry(t, v)
		}
		if d.Country != "" && d.Country != "EU" {
			if cc, ok := CanonicalCountry(d.Country); ok {
				d.Country = cc
			}
		}
	}
	return out
}

// issuingCountry returns the country that issued the compact document v of
// type t when the type or the value's prefix tells, and "" otherwise.
func issuingCountry(t legaldoc.Type, v string) string {
	spec, ok := legaldoc.Lookup(t)
	if !ok {
		return ""
	}
	if len(spec.Countries) == 1 {
		return spec.Countries[0]
	}
	var best legaldoc.Variant
	for _, variant := range spec.Variants {
		if variant.Prefix != "" && strings.HasPrefix(v, variant.Prefix) && len(variant.Prefix) > len(best.Prefix) {
			best = variant
		}
	}
	return best.Country
}

// elem is the element i of the list field, named in a problem's path as
// field[i]. The path is built only when a problem is added, and add is a
// call of its own, so a valid element runs none of that code.
type elem struct {
	field string
	i     int
}

// path returns the element's path, "telephones[1]".
func (e elem) path() string { return customerkit.IndexPath(e.field, e.i) }

// add records a problem of the element's sub-field sub (".number", or ""
// for the element itself). It is not inlined: a validation's problems are
// rare, and each inlined copy would lengthen the code every valid element
// runs through.
//
//go:noinline
func (e elem) add(ve *customerkit.ValidationError, sub, code, detail string) {
	ve.Add(e.path()+sub, code, detail)
}

// errorDetail returns the message of a leaf package's error without its
// package prefix, for a FieldError's detail.
func errorDetail(err error) string {
	s := err.Error()
	if i := strings.Index(s, ": "); i >= 0 && !strings.Contains(s[:i], " ") {
		return s[i+2:]
	}
	return s
}

// cleanText trims white space and puts s in Unicode NFC.
func cleanText(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return norm.NFC.String(s)
		}
	}
	return s
}

// cleanStats returns cleanText(s) with its textStats, in one pass over an
// ASCII s.
func cleanStats(s string) (clean string, runes int, control bool) {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			s = norm.NFC.String(s)
			runes, control = textStats(s)
			return s, runes, control
		}
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
			control = true
		}
	}
	return s, len(s), control
}

// textStats returns the number of characters of s and whether s holds a
// control or invalid character (as hasControl), in one pass over an ASCII
// s.
func textStats(s string) (runes int, control bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			rest := s[i:]
			return i + utf8.RuneCountInString(rest), control || hasControl(rest)
		}
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
			control = true
		}
	}
	return len(s), control
}

// hasControl reports whether s holds a control or invalid character (tabs
// and newlines included: profile fields are single-line, but description).
func hasControl(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) && r != '\n' && r != '\t' {
			return true
		}
	}
	return false
}
