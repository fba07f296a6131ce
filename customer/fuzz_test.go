package customer_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit/customer"
)

// The normalisers never panic and are idempotent: a canonical value
// normalises to itself.
//
//	go test ./customer -run '^$' -fuzz '^FuzzNormalizers$' -fuzztime 60s
func FuzzNormalizers(f *testing.F) {
	for _, s := range []string{"Ada@Example.COM", "ada@bücher.example", "https://App.Example.com:443", "*.example.org", "münchen.de", "Émile  Zola", "a\x00b", "xn--", "[::1]", "http://[::1]:80", "ß@ß.de"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if e, detail := customer.NormalizeEmail(s); detail == "" && e != "" {
			e2, d2 := customer.NormalizeEmail(e)
			require.Empty(t, d2, "canonical email %q refused", e)
			require.Equal(t, e, e2)
			require.Equal(t, customer.EmailKey(e), customer.EmailKey(customer.EmailKey(e)), "EmailKey is idempotent")
		}
		if h, detail := customer.NormalizeHostname(s); detail == "" {
			h2, d2 := customer.NormalizeHostname(h)
			require.Empty(t, d2, "canonical hostname %q refused", h)
			require.Equal(t, h, h2)
		}
		if o, detail := customer.NormalizeOrigin(s); detail == "" {
			o2, d2 := customer.NormalizeOrigin(o)
			require.Empty(t, d2, "canonical origin %q refused", o)
			require.Equal(t, o, o2)
		}
		if l, detail := customer.NormalizeSubdomain(s); detail == "" {
			l2, d2 := customer.NormalizeSubdomain(l)
			require.Empty(t, d2)
			require.Equal(t, l, l2)
		}
		k := customer.SearchKey(s)
		require.Equal(t, k, customer.SearchKey(k), "SearchKey is idempotent")
	})
}

// Normalize never panics, and its output normalises to itself.
//
//	go test ./customer -run '^$' -fuzz '^FuzzNormalize$' -fuzztime 60s
func FuzzNormalize(f *testing.F) {
	f.Add("Ada", "Lovelace", "ada@example.com", "business", "Acme", "GB", "GBP", "en-GB", "+44 20 7946 0958", "eu_vat", "DE136695976", "acme.example")
	f.Add("", "", "", "", "", "", "", "", "", "", "", "")
	f.Add("José", "Núñez", "jose@ex.es", "personal", "", "es", "eur", "es", "612 34 56 78", "other", "Contract 1", "")
	f.Fuzz(func(t *testing.T, first, last, email, typ, company, country, currency, lang, phone, docType, docValue, host string) {
		in := &customer.Customer{
			FirstName: first, LastName: last, Email: email, Type: customer.Type(typ), CompanyName: company,
			Country: country, Currency: currency, Language: lang, Hostname: host,
			Telephones:     []customer.Telephone{{Type: customer.PhoneMobile, Number: phone}},
			LegalDocuments: []customer.LegalDocument{{Type: docType, Value: docValue}},
			Addresses:      []customer.Address{{Type: customer.AddressBilling, Country: country, Line1: company}},
			Labels:         []string{first, last},
		}
		out, err := customer.Normalize(in, nil)
		if err != nil {
			return
		}
		again, err := customer.Normalize(out, nil)
		require.NoError(t, err, "a normalised customer must validate")
		require.Equal(t, out, again, "Normalize must be idempotent")
	})
}
