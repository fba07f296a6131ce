package customer_test

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/legaldoc"
	"github.com/customerkit/customerkit/customer/metadata"
)

// minimal returns the minimal profile of a business customer.
func minimal() *customer.Customer {
	return &customer.Customer{
		Type:        customer.TypeBusiness,
		FirstName:   "Ada",
		LastName:    "Lovelace",
		CompanyName: "Analytical Engines Ltd",
		Email:       "ada@example.com",
		Country:     "GB",
		Currency:    "GBP",
	}
}

// complete returns a profile with every field set, two telephones included.
func complete() *customer.Customer {
	c := minimal()
	c.Country = "DE"
	c.Currency = "EUR"
	c.Language = "de-DE"
	c.ExternalID = "CRM-0042"
	c.TenantID = "tenant-1"
	c.Prefix = "aeng"
	c.Description = "Maker of analytical engines"
	c.Labels = []string{"Enterprise", "EU", "enterprise"}
	c.Hostname = "Engines.Example.COM."
	c.AllowedOrigins = []string{"https://app.example.com:443", "*.example.org"}
	c.AllowedRegistrationDomains = []string{"Example.com"}
	c.Metadata = metadata.Metadata{"plan": "pro", "seats": 12}
	c.Addresses = []customer.Address{
		{Type: customer.AddressPostal, Country: "de", City: "Berlin", Line1: "Unter den Linden 1", PostalCode: "10117"},
		{Type: customer.AddressBilling, Country: "DE", City: "Berlin", Line1: "Friedrichstraße 2", PostalCode: "10117"},
	}
	c.Telephones = []customer.Telephone{
		{Type: customer.PhoneLandline, Number: "030 123456"},
		{Type: customer.PhoneMobile, Number: "+49 1512 3456789", Extension: ""},
	}
	c.LegalDocuments = []customer.LegalDocument{
		{Type: "eu_vat", Country: "DE", Value: "DE 136 695 976", Issued: customer.Date{Year: 2020, Month: time.March, Day: 1}},
		{Type: "other", Value: "Contract 2024/17"},
	}
	return c
}

func fieldCodes(t *testing.T, err error) map[string]string {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, customerkit.ErrInvalid)
	var ve *customerkit.ValidationError
	require.ErrorAs(t, err, &ve)
	out := map[string]string{}
	for _, f := range ve.Fields {
		out[f.Path] = f.Code
	}
	return out
}

func TestNormalizeCompleteProfile(t *testing.T) {
	t.Parallel()
	c, err := customer.Normalize(complete(), nil)
	require.NoError(t, err)
	assert.Equal(t, "Analytical Engines Ltd", c.Name, "display name derived from the company")
	assert.Equal(t, "AENG", c.Prefix)
	assert.Equal(t, []string{"enterprise", "eu"}, c.Labels, "labels lower-cased, sorted, deduplicated")
	assert.Equal(t, "engines.example.com", c.Hostname)
	assert.Equal(t, []string{"*.example.org", "https://app.example.com"}, c.AllowedOrigins)
	assert.Equal(t, []string{"example.com"}, c.AllowedRegistrationDomains)
	assert.Equal(t, "de-DE", c.Language)
	assert.Equal(t, metadata.Metadata{"plan": "pro", "seats": 12.0}, c.Metadata, "numbers become float64")
	assert.Equal(t, "DE", c.Addresses[0].Country)
	assert.True(t, c.Addresses[0].Default, "first postal address becomes default")
	assert.True(t, c.Addresses[1].Default, "first billing address becomes default")
	assert.Equal(t, "+4930123456", c.Telephones[0].Number)
	assert.Equal(t, "+4915123456789", c.Telephones[1].Number)
	assert.True(t, c.Telephones[0].Default)
	assert.False(t, c.Telephones[1].Default)
	assert.Equal(t, "DE136695976", c.LegalDocuments[0].Value)
	assert.Equal(t, customer.StatusActive, c.Status, "status defaults to active")
}

func TestNormalizeDoesNotChangeInput(t *testing.T) {
	t.Parallel()
	in := complete()
	before := in.Clone()
	_, err := customer.Normalize(in, nil)
	require.NoError(t, err)
	assert.Equal(t, before, in)
}

// TestNormalizeSharesNothing checks that the result and the input share
// no slice or map: Normalize copies the customer shallowly and rebuilds
// every slice and map field.
func TestNormalizeSharesNothing(t *testing.T) {
	t.Parallel()
	mutate := func(c *customer.Customer) {
		c.Labels[0] = "changed"
		c.AllowedOrigins[0] = "changed"
		c.AllowedRegistrationDomains[0] = "changed"
		c.Settings["theme"] = "changed"
		c.Settings["features"].([]string)[0] = "changed"
		c.Metadata["plan"] = "changed"
		c.Addresses[0].City = "changed"
		c.Telephones[0].Number = "changed"
		c.LegalDocuments[0].Value = "changed"
	}

	in := benchCustomer()
	before := in.Clone()
	out, err := customer.Normalize(in, benchOptions)
	require.NoError(t, err)
	after := out.Clone()
	mutate(out)
	assert.Equal(t, before, in, "changing the result changed the input")

	out, err = customer.Normalize(in, benchOptions)
	require.NoError(t, err)
	mutate(in)
	assert.Equal(t, after, out, "changing the input changed the result")
}

// TestNormalizeListsDoNotOverlap checks that the three string lists of a
// result, which share one backing array, do not overwrite each other when
// one grows.
func TestNormalizeListsDoNotOverlap(t *testing.T) {
	t.Parallel()
	out, err := customer.Normalize(benchCustomer(), benchOptions)
	require.NoError(t, err)
	origins := slices.Clone(out.AllowedOrigins)
	domains := slices.Clone(out.AllowedRegistrationDomains)
	out.Labels = append(out.Labels, "appended")
	out.AllowedOrigins = append(out.AllowedOrigins, "appended")
	assert.Equal(t, origins, out.AllowedOrigins[:len(origins)])
	assert.Equal(t, domains, out.AllowedRegistrationDomains)
}

func TestNormalizeReportsEveryProblem(t *testing.T) {
	t.Parallel()
	c := &customer.Customer{
		Type:     customer.TypeBusiness,
		Email:    "not an email",
		Country:  "UK",
		Currency: "DEM",
		Language: "xx-!!",
		Hostname: "-bad-.example.com",
		Prefix:   "ab",
		Telephones: []customer.Telephone{
			{Type: customer.PhoneMobile, Number: "+49 30 123456"},
			{Type: "fax", Number: "12"},
		},
		Addresses: []customer.Address{{Type: customer.AddressPostal, Country: "YU"}},
		LegalDocuments: []customer.LegalDocument{
			{Type: "zz_unknown", Value: "1"},
		},
		Metadata: metadata.Metadata{"": "x"},
		Labels:   []string{strings.Repeat("l", 41)},
	}
	codes := fieldCodes(t, errFrom(customer.Normalize(c, nil)))
	want := map[string]string{
		"email":                      customerkit.CodeInvalid,
		"first_name":                 customerkit.CodeRequired,
		"last_name":                  customerkit.CodeRequired,
		"company_name":               customerkit.CodeRequired,
		"country":                    customerkit.CodeNotSupported,
		"currency":                   customerkit.CodeNotSupported,
		"language":                   customerkit.CodeNotSupported,
		"hostname":                   customerkit.CodeInvalid,
		"customer_prefix":            customerkit.CodeInvalid,
		"telephones[1].type":         customerkit.CodeNotSupported,
		"addresses[0].country":       customerkit.CodeNotSupported,
		"addresses[0].address_line1": customerkit.CodeRequired,
		"legal_documents[0].type":    customerkit.CodeNotSupported,
		"labels[0]":                  customerkit.CodeTooLong,
	}
	for path, code := range want {
		assert.Equal(t, code, codes[path], "path %s", path)
	}
	assert.Contains(t, codes, `customer_metadata[""]`)
}

func errFrom(_ *customer.Customer, err error) error { return err }

func TestNormalizeFieldRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(c *customer.Customer)
		path   string // "" means valid
		code   string
		check  func(t *testing.T, c *customer.Customer)
	}{
		{name: "personal needs no company", change: func(c *customer.Customer) { c.Type = customer.TypePersonal; c.CompanyName = "" },
			check: func(t *testing.T, c *customer.Customer) { assert.Equal(t, "Ada Lovelace", c.Name) }},
		{name: "business needs a company", change: func(c *customer.Customer) { c.CompanyName = "  " }, path: "company_name", code: customerkit.CodeRequired},
		{name: "type required", change: func(c *customer.Customer) { c.Type = "" }, path: "customer_type", code: customerkit.CodeRequired},
		{name: "type unknown", change: func(c *customer.Customer) { c.Type = "government" }, path: "customer_type", code: customerkit.CodeNotSupported},
		{name: "explicit name kept", change: func(c *customer.Customer) { c.Name = " AE " },
			check: func(t *testing.T, c *customer.Customer) { assert.Equal(t, "AE", c.Name) }},
		{name: "email required", change: func(c *customer.Customer) { c.Email = " " }, path: "email", code: customerkit.CodeRequired},
		{name: "email display name refused", change: func(c *customer.Customer) { c.Email = "Ada <ada@example.com>" }, path: "email", code: customerkit.CodeInvalid},
		{name: "email without domain dot", change: func(c *customer.Customer) { c.Email = "ada@localhost" }, path: "email", code: customerkit.CodeInvalid},
		{name: "email too long", change: func(c *customer.Customer) {
			c.Email = strings.Repeat("a", 60) + "@" + strings.Repeat("b", 200) + ".com"
		}, path: "email", code: customerkit.CodeTooLong},
		{name: "email domain lower-cased and IDNA", change: func(c *customer.Customer) { c.Email = "Ada@BÜCHER.example" },
			check: func(t *testing.T, c *customer.Customer) { assert.Equal(t, "Ada@xn--bcher-kva.example", c.Email) }},
		{name: "email NFC", change: func(c *customer.Customer) { c.Email = "jose\u0301@example.com" },
			check: func(t *testing.T, c *customer.Customer) { assert.Equal(t, "jos\u00e9@example.com", c.Email) }},
		{name: "first name too long", change: func(c *customer.Customer) { c.FirstName = strings.Repeat("é", 101) }, path: "first_name", code: customerkit.CodeTooLong},
		{name: "first name at limit", change: func(c *customer.Customer) { c.FirstName = strings.Repeat("é", 100) }},
		{name: "control character", change: func(c *customer.Customer) { c.LastName = "Love\x00lace" }, path: "last_name", code: customerkit.CodeInvalid},
		{name: "prefix upper-cased", change: func(c *customer.Customer) { c.Prefix = "abc123" },
			check: func(t *testing.T, c *customer.Customer) { assert.Equal(t, "ABC123", c.Prefix) }},
		{name: "prefix too long", change: func(c *customer.Customer) { c.Prefix = "ABCDEFGHIJKLM" }, path: "customer_prefix", code: customerkit.CodeInvalid},
		{name: "prefix bad character", change: func(c *customer.Customer) { c.Prefix = "AB-C" }, path: "customer_prefix", code: customerkit.CodeInvalid},
		{name: "key given is lower-cased", change: func(c *customer.Customer) { c.Key = "ABC123XYZ" },
			check: func(t *testing.T, c *customer.Customer) { assert.Equal(t, "abc123xyz", c.Key) }},
		{name: "key too short", change: func(c *customer.Customer) { c.Key = "ab1" }, path: "customer_key", code: customerkit.CodeInvalid},
		{name: "status unknown", change: func(c *customer.Customer) { c.Status = "deleted" }, path: "status", code: customerkit.CodeNotSupported},
		{name: "country lower case", change: func(c *customer.Customer) { c.Country = "de" },
			check: func(t *testing.T, c *customer.Customer) { assert.Equal(t, "DE", c.Country) }},
		{name: "country UK refused", change: func(c *customer.Customer) { c.Country = "UK" }, path: "country", code: customerkit.CodeNotSupported},
		{name: "country EU refused", change: func(c *customer.Customer) { c.Country = "EU" }, path: "country", code: customerkit.CodeNotSupported},
		{name: "country XK refused", change: func(c *customer.Customer) { c.Country = "XK" }, path: "country", code: customerkit.CodeNotSupported},
		{name: "country alpha-3 refused", change: func(c *customer.Customer) { c.Country = "GBR" }, path: "country", code: customerkit.CodeNotSupported},
		{name: "country numeric refused", change: func(c *customer.Customer) { c.Country = "826" }, path: "country", code: customerkit.CodeNotSupported},
		{name: "country deleted refused", change: func(c *customer.Customer) { c.Country = "YU" }, path: "country", code: customerkit.CodeNotSupported},
		{name: "country required", change: func(c *customer.Customer) { c.Country = "" }, path: "country", code: customerkit.CodeRequired},
		{name: "currency required", change: func(c *customer.Customer) { c.Currency = "" }, path: "currency", code: customerkit.CodeRequired},
		{name: "currency MRU", change: func(c *customer.Customer) { c.Currency = "mru" },
			check: func(t *testing.T, c *customer.Customer) { assert.Equal(t, "MRU", c.Currency) }},
		{name: "currency VES", change: func(c *customer.Customer) { c.Currency = "VES" }},
		{name: "currency VED", change: func(c *customer.Customer) { c.Currency = "VED" }},
		{name: "currency SLE", change: func(c *customer.Customer) { c.Currency = "SLE" }},
		{name: "currency ZWG", change: func(c *customer.Customer) { c.Currency = "ZWG" }},
		{name: "currency XCG", change: func(c *customer.Customer) { c.Currency = "XCG" }},
		{name: "currency DEM withdrawn", change: func(c *customer.Customer) { c.Currency = "DEM" }, path: "currency", code: customerkit.CodeNotSupported},
		{name: "currency FRF withdrawn", change: func(c *customer.Customer) { c.Currency = "FRF" }, path: "currency", code: customerkit.CodeNotSupported},
		{name: "currency HRK withdrawn", change: func(c *customer.Customer) { c.Currency = "HRK" }, path: "currency", code: customerkit.CodeNotSupported},
		{name: "language canonical", change: func(c *customer.Customer) { c.Language = "pt-br" },
			check: func(t *testing.T, c *customer.Customer) { assert.Equal(t, "pt-BR", c.Language) }},
		{name: "language malformed", change: func(c *customer.Customer) { c.Language = "english!" }, path: "language", code: customerkit.CodeNotSupported},
		{name: "hostname IDNA", change: func(c *customer.Customer) { c.Hostname = "Bücher.Example" },
			check: func(t *testing.T, c *customer.Customer) { assert.Equal(t, "xn--bcher-kva.example", c.Hostname) }},
		{name: "hostname single label", change: func(c *customer.Customer) { c.Hostname = "intranet" }, path: "hostname", code: customerkit.CodeInvalid},
		{name: "hostname IP refused", change: func(c *customer.Customer) { c.Hostname = "192.0.2.1" }, path: "hostname", code: customerkit.CodeInvalid},
		{name: "hostname underscore", change: func(c *customer.Customer) { c.Hostname = "a_b.example.com" }, path: "hostname", code: customerkit.CodeInvalid},
		{name: "subdomain lower-cased", change: func(c *customer.Customer) { c.Subdomain = "Acme" },
			check: func(t *testing.T, c *customer.Customer) { assert.Equal(t, "acme", c.Subdomain) }},
		{name: "subdomain reserved www", change: func(c *customer.Customer) { c.Subdomain = "www" }, path: "subdomain", code: customerkit.CodeNotSupported},
		{name: "subdomain reserved api", change: func(c *customer.Customer) { c.Subdomain = "API" }, path: "subdomain", code: customerkit.CodeNotSupported},
		{name: "subdomain reserved admin", change: func(c *customer.Customer) { c.Subdomain = "admin" }, path: "subdomain", code: customerkit.CodeNotSupported},
		{name: "subdomain with dot", change: func(c *customer.Customer) { c.Subdomain = "a.b" }, path: "subdomain", code: customerkit.CodeInvalid},
		{name: "subdomain leading hyphen", change: func(c *customer.Customer) { c.Subdomain = "-acme" }, path: "subdomain", code: customerkit.CodeInvalid},
		{name: "subdomain punycode-like", change: func(c *customer.Customer) { c.Subdomain = "xn--abc" }, path: "subdomain", code: customerkit.CodeInvalid},
		{name: "origin with path", change: func(c *customer.Customer) { c.AllowedOrigins = []string{"https://example.com/app"} }, path: "allowed_domains_origins[0]", code: customerkit.CodeInvalid},
		{name: "origin ftp", change: func(c *customer.Customer) { c.AllowedOrigins = []string{"ftp://example.com"} }, path: "allowed_domains_origins[0]", code: customerkit.CodeInvalid},
		{name: "registration domain invalid", change: func(c *customer.Customer) { c.AllowedRegistrationDomains = []string{"not a domain"} }, path: "allowed_domains_registration[0]", code: customerkit.CodeInvalid},
		{name: "two default postal addresses", change: func(c *customer.Customer) {
			c.Addresses = []customer.Address{
				{Type: customer.AddressPostal, Country: "DE", Line1: "a", Default: true},
				{Type: customer.AddressPostal, Country: "DE", Line1: "b", Default: true},
			}
		}, path: "addresses[1].default", code: customerkit.CodeDuplicate},
		{name: "default of each type", change: func(c *customer.Customer) {
			c.Addresses = []customer.Address{
				{Type: customer.AddressPostal, Country: "DE", Line1: "a"},
				{Type: customer.AddressPostal, Country: "DE", Line1: "b", Default: true},
				{Type: customer.AddressBilling, Country: "DE", POBox: "12"},
			}
		}, check: func(t *testing.T, c *customer.Customer) {
			assert.False(t, c.Addresses[0].Default)
			assert.True(t, c.Addresses[1].Default)
			assert.True(t, c.Addresses[2].Default)
		}},
		{name: "address type required", change: func(c *customer.Customer) { c.Addresses = []customer.Address{{Country: "DE", Line1: "a"}} }, path: "addresses[0].type", code: customerkit.CodeRequired},
		{name: "address postal code too long", change: func(c *customer.Customer) {
			c.Addresses = []customer.Address{{Type: customer.AddressPostal, Country: "DE", Line1: "a", PostalCode: strings.Repeat("1", 21)}}
		}, path: "addresses[0].postal_code", code: customerkit.CodeTooLong},
		{name: "phone national with country", change: func(c *customer.Customer) {
			c.Country = "US"
			c.Currency = "USD"
			c.Telephones = []customer.Telephone{{Type: customer.PhoneMobile, Number: "(201) 555-0123 ext. 42"}}
		}, check: func(t *testing.T, c *customer.Customer) {
			assert.Equal(t, "+12015550123", c.Telephones[0].Number)
			assert.Equal(t, "42", c.Telephones[0].Extension)
		}},
		{name: "phone invalid", change: func(c *customer.Customer) {
			c.Telephones = []customer.Telephone{{Type: customer.PhoneMobile, Number: "+49 000"}}
		}, path: "telephones[0].number", code: customerkit.CodeInvalid},
		{name: "phone not a number", change: func(c *customer.Customer) {
			c.Telephones = []customer.Telephone{{Type: customer.PhoneMobile, Number: "call me"}}
		}, path: "telephones[0].number", code: customerkit.CodeInvalid},
		{name: "phone landline said mobile", change: func(c *customer.Customer) {
			c.Telephones = []customer.Telephone{{Type: customer.PhoneMobile, Number: "+4930123456"}}
		}, path: "telephones[0].type", code: customerkit.CodeInvalid},
		{name: "phone mobile said landline", change: func(c *customer.Customer) {
			c.Telephones = []customer.Telephone{{Type: customer.PhoneLandline, Number: "+447400123456"}}
		}, path: "telephones[0].type", code: customerkit.CodeInvalid},
		{name: "phone extension letters", change: func(c *customer.Customer) {
			c.Telephones = []customer.Telephone{{Type: customer.PhoneLandline, Number: "+4930123456", Extension: "12a"}}
		}, path: "telephones[0].extension", code: customerkit.CodeInvalid},
		{name: "phone duplicate", change: func(c *customer.Customer) {
			c.Telephones = []customer.Telephone{{Type: customer.PhoneLandline, Number: "+4930123456"}, {Type: customer.PhoneLandline, Number: "030 123456"}}
			c.Country = "DE"
		}, path: "telephones[1].number", code: customerkit.CodeDuplicate},
		{name: "two default phones", change: func(c *customer.Customer) {
			c.Telephones = []customer.Telephone{{Type: customer.PhoneLandline, Number: "+4930123456", Default: true}, {Type: customer.PhoneMobile, Number: "+4915123456789", Default: true}}
		}, path: "telephones[1].default", code: customerkit.CodeDuplicate},
		{name: "legal document other", change: func(c *customer.Customer) {
			c.LegalDocuments = []customer.LegalDocument{{Type: "other", Value: "SO-1"}}
		}},
		{name: "legal document empty value", change: func(c *customer.Customer) { c.LegalDocuments = []customer.LegalDocument{{Type: "other", Value: " "}} }, path: "legal_documents[0].value", code: customerkit.CodeRequired},
		{name: "legal document br_cpf", change: func(c *customer.Customer) {
			c.LegalDocuments = []customer.LegalDocument{{Type: "br_cpf", Value: "123.456.789-09"}}
		}, check: func(t *testing.T, c *customer.Customer) {
			assert.Equal(t, "12345678909", c.LegalDocuments[0].Value)
			assert.Equal(t, "BR", c.LegalDocuments[0].Country)
		}},
		{name: "legal document bad format", change: func(c *customer.Customer) {
			c.LegalDocuments = []customer.LegalDocument{{Type: "br_cnpj", Value: "12"}}
		}, path: "legal_documents[0].value", code: customerkit.CodeInvalid},
		{name: "legal document country contradicts", change: func(c *customer.Customer) {
			c.LegalDocuments = []customer.LegalDocument{{Type: "br_cpf", Country: "AR", Value: "123.456.789-09"}}
		}, path: "legal_documents[0].country", code: customerkit.CodeInvalid},
		{name: "legal document issued in future", change: func(c *customer.Customer) {
			c.LegalDocuments = []customer.LegalDocument{{Type: "other", Value: "x", Issued: customer.Date{Year: 9000, Month: 1, Day: 1}}}
		}, path: "legal_documents[0].issued_date", code: customerkit.CodeInvalid},
		{name: "legal document issued not a date", change: func(c *customer.Customer) {
			c.LegalDocuments = []customer.LegalDocument{{Type: "other", Value: "x", Issued: customer.Date{Year: 2023, Month: 2, Day: 29}}}
		}, path: "legal_documents[0].issued_date", code: customerkit.CodeInvalid},
		{name: "metadata too many keys", change: func(c *customer.Customer) {
			c.Metadata = metadata.Metadata{}
			for i := range 51 {
				c.Metadata[strings.Repeat("k", 1+i%30)+string(rune('a'+i%26))+string(rune('a'+i/26))] = i
			}
		}, path: "customer_metadata", code: customerkit.CodeTooMany},
		{name: "metadata string too long", change: func(c *customer.Customer) { c.Metadata = metadata.Metadata{"note": strings.Repeat("x", 501)} }, path: `customer_metadata["note"]`, code: customerkit.CodeTooLong},
		{name: "labels too many", change: func(c *customer.Customer) {
			c.Labels = nil
			for i := range 51 {
				c.Labels = append(c.Labels, "label-"+strconv.Itoa(i))
			}
		}, path: "labels", code: customerkit.CodeTooMany},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := minimal()
			tc.change(c)
			got, err := customer.Normalize(c, nil)
			if tc.path == "" {
				require.NoError(t, err)
				if tc.check != nil {
					tc.check(t, got)
				}
				return
			}
			codes := fieldCodes(t, err)
			assert.Equal(t, tc.code, codes[tc.path], "codes: %v", codes)
		})
	}
}

func TestNormalizeLegalDocumentLevel(t *testing.T) {
	t.Parallel()
	c := minimal()
	c.LegalDocuments = []customer.LegalDocument{{Type: "br_cpf", Value: "123.456.789-87"}} // right shape, wrong check digits
	_, err := customer.Normalize(c, nil)
	require.NoError(t, err, "the format level is the default")
	_, err = customer.Normalize(c, &customer.Options{LegalDocumentLevel: legaldoc.LevelChecksum})
	codes := fieldCodes(t, err)
	assert.Equal(t, customerkit.CodeChecksum, codes["legal_documents[0].value"])
}

func TestNormalizeSettings(t *testing.T) {
	t.Parallel()
	schema := &customer.SettingsSchema{Settings: []customer.Setting{
		{Name: "seats", Kind: customer.KindNumber, ValidateFunc: func(v any) error {
			if v.(float64) < 1 {
				return errors.New("at least one seat")
			}
			return nil
		}},
		{Name: "sso", Kind: customer.KindBool},
		{Name: "timeout", Kind: customer.KindDuration},
		{Name: "regions", Kind: customer.KindStrings},
	}}
	c := minimal()
	c.Settings = customer.Settings{"seats": 5, "sso": true, "timeout": "90m", "regions": []any{"eu"}, "unknown": 1}
	got, err := customer.Normalize(c, &customer.Options{Settings: schema})
	require.NoError(t, err)
	assert.Equal(t, customer.Settings{"seats": 5.0, "sso": true, "timeout": "1h30m0s", "regions": []string{"eu"}}, got.Settings)

	kept, ignored, err := schema.Apply(customer.Settings{"seats": 2, "colour": "red"})
	require.NoError(t, err)
	assert.Equal(t, []string{"colour"}, ignored)
	assert.Equal(t, customer.Settings{"seats": 2.0}, kept)

	c.Settings = customer.Settings{"seats": 0, "sso": "yes"}
	codes := fieldCodes(t, errFrom(customer.Normalize(c, &customer.Options{Settings: schema})))
	assert.Equal(t, customerkit.CodeInvalid, codes[`customer_settings["seats"]`])
	assert.Equal(t, customerkit.CodeInvalid, codes[`customer_settings["sso"]`])

	strict := &customer.SettingsSchema{Settings: schema.Settings, Strict: true}
	c.Settings = customer.Settings{"unknown": 1}
	codes = fieldCodes(t, errFrom(customer.Normalize(c, &customer.Options{Settings: strict})))
	assert.Equal(t, customerkit.CodeNotSupported, codes[`customer_settings["unknown"]`])
}

// TestSettingsReportInKeyOrder: problems and dropped keys come in key
// order whatever order the map is walked in, and the kept settings are a
// copy of their own.
func TestSettingsReportInKeyOrder(t *testing.T) {
	t.Parallel()
	schema := &customer.SettingsSchema{Settings: []customer.Setting{
		{Name: "b", Kind: customer.KindBool}, {Name: "d", Kind: customer.KindNumber},
		{Name: "f", Kind: customer.KindDuration}, {Name: "h", Kind: customer.KindStrings},
		{Name: "i", Kind: customer.KindString},
	}}
	in := customer.Settings{"h": []string{"x"}, "f": "soon", "d": "many", "b": 1, "i": "kept", "g": 1, "e": 2, "c": 3, "a": 4}
	for range 30 {
		kept, ignored, err := schema.Apply(in)
		var ve *customerkit.ValidationError
		require.ErrorAs(t, err, &ve)
		var paths []string
		for _, f := range ve.Fields {
			paths = append(paths, f.Path)
		}
		require.Equal(t, []string{`customer_settings["b"]`, `customer_settings["d"]`, `customer_settings["f"]`}, paths)
		require.Equal(t, []string{"a", "c", "e", "g"}, ignored)
		require.Equal(t, customer.Settings{"h": []string{"x"}, "i": "kept"}, kept)
		kept["h"].([]string)[0] = "changed"
		require.Equal(t, "x", in["h"].([]string)[0], "the kept list is a copy")

		strict := &customer.SettingsSchema{Settings: schema.Settings, Strict: true}
		_, ignored, err = strict.Apply(customer.Settings{"z": 1, "d": "many", "a": 2, "i": "kept"})
		require.ErrorAs(t, err, &ve)
		paths = paths[:0]
		for _, f := range ve.Fields {
			paths = append(paths, f.Path+" "+f.Code)
		}
		require.Equal(t, []string{`customer_settings["a"] not_supported`, `customer_settings["d"] invalid`, `customer_settings["z"] not_supported`}, paths)
		require.Empty(t, ignored)
	}
}

func TestDisplayName(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "Acme", customer.DisplayName(&customer.Customer{CompanyName: "Acme", FirstName: "A", LastName: "B"}))
	assert.Equal(t, "A B", customer.DisplayName(&customer.Customer{FirstName: "A", LastName: "B"}))
}
