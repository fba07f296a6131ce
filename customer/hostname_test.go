package customer_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/customerkit/customerkit/customer"
)

func TestNormalizeOrigin(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		bad      bool
	}{
		{in: "https://App.Example.com", want: "https://app.example.com"},
		{in: "HTTPS://app.example.com:443", want: "https://app.example.com"},
		{in: "http://app.example.com:80/", want: "http://app.example.com"},
		{in: "https://app.example.com:8443", want: "https://app.example.com:8443"},
		{in: "http://localhost:3000", want: "http://localhost:3000"},
		{in: "http://127.0.0.1:8080", want: "http://127.0.0.1:8080"},
		{in: "https://Bücher.example", want: "https://xn--bcher-kva.example"},
		{in: "example.com", want: "example.com"},
		{in: "*.Example.com", want: "*.example.com"},
		{in: "https://*.example.com", want: "https://*.example.com"},
		{in: "https://example.com/path", bad: true},
		{in: "https://example.com?q=1", bad: true},
		{in: "https://user@example.com", bad: true},
		{in: "wss://example.com", bad: true},
		{in: "https://example.com:99999", bad: true},
		{in: "example.com:8080", bad: true},
		{in: "example.com/x", bad: true},
		{in: "", bad: true},
	}
	for _, tc := range tests {
		got, detail := customer.NormalizeOrigin(tc.in)
		if tc.bad {
			assert.NotEmpty(t, detail, "%q should be refused", tc.in)
			continue
		}
		assert.Empty(t, detail, "%q", tc.in)
		assert.Equal(t, tc.want, got, "%q", tc.in)
	}
}

func TestOriginAllowed(t *testing.T) {
	t.Parallel()
	c, err := customer.Normalize(func() *customer.Customer {
		c := minimal()
		c.AllowedOrigins = []string{"https://app.example.com", "partner.example.net", "*.tenant.example.org", "http://localhost:3000"}
		return c
	}(), nil)
	if err != nil {
		t.Fatal(err)
	}
	allowed := []string{
		"https://app.example.com",
		"https://APP.example.com:443",
		"https://partner.example.net",
		"http://partner.example.net:8080",
		"https://a.tenant.example.org",
		"https://b.c.tenant.example.org",
		"http://localhost:3000",
	}
	refused := []string{
		"http://app.example.com",          // scheme differs from the full origin entry
		"https://app.example.com:8443",    // port differs
		"https://evil.app.example.com",    // subdomain of an exact entry
		"https://tenant.example.org",      // the wildcard does not match the apex
		"https://app.example.com.evil.io", // suffix trick
		"https://xtenant.example.org",
		"http://localhost:3001",
		"null",
		"",
		"https://app.example.com/path",
	}
	for _, o := range allowed {
		assert.True(t, c.OriginAllowed(o), "%q should be allowed", o)
	}
	for _, o := range refused {
		assert.False(t, c.OriginAllowed(o), "%q should be refused", o)
	}
	assert.False(t, (&customer.Customer{}).OriginAllowed("https://app.example.com"), "an empty list allows nothing")
}

func TestRegistrationAllowed(t *testing.T) {
	t.Parallel()
	open := &customer.Customer{}
	assert.True(t, open.RegistrationAllowed("anyone@anywhere.io"), "an empty list allows every domain")

	c, err := customer.Normalize(func() *customer.Customer {
		c := minimal()
		c.AllowedRegistrationDomains = []string{"Example.com", "*.corp.example.net"}
		return c
	}(), nil)
	if err != nil {
		t.Fatal(err)
	}
	assert.True(t, c.RegistrationAllowed("bob@example.com"))
	assert.True(t, c.RegistrationAllowed("Bob@EXAMPLE.COM"))
	assert.True(t, c.RegistrationAllowed("eve@eu.corp.example.net"))
	assert.False(t, c.RegistrationAllowed("eve@corp.example.net"))
	assert.False(t, c.RegistrationAllowed("mallory@sub.example.com"))
	assert.False(t, c.RegistrationAllowed("mallory@example.com.evil.io"))
	assert.False(t, c.RegistrationAllowed("not an email"))
}

func TestNormalizeHostname(t *testing.T) {
	t.Parallel()
	good := map[string]string{
		"Example.COM":       "example.com",
		"example.com.":      "example.com",
		"münchen.de":        "xn--mnchen-3ya.de",
		"xn--mnchen-3ya.de": "xn--mnchen-3ya.de",
		"a-b.c-d.example":   "a-b.c-d.example",
	}
	for in, want := range good {
		got, detail := customer.NormalizeHostname(in)
		assert.Empty(t, detail, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "localhost", "-a.example.com", "a-.example.com", "a..b", "1.2.3.4", "[::1]", "example.123", "a b.com", "x.example.com/path"} {
		_, detail := customer.NormalizeHostname(in)
		assert.NotEmpty(t, detail, "%q should be refused", in)
	}
}

func TestNormalizeEmail(t *testing.T) {
	t.Parallel()
	good := map[string]string{
		" Ada@Example.COM ":     "Ada@example.com",
		"o'brien@example.ie":    "o'brien@example.ie",
		"first.last+tag@ex.com": "first.last+tag@ex.com",
		"ada@bücher.example":    "ada@xn--bcher-kva.example",
	}
	for in, want := range good {
		got, detail := customer.NormalizeEmail(in)
		assert.Empty(t, detail, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"ada", "@example.com", "ada@", "Ada <ada@example.com>", "a@b@example.com", "ada@example", "a b@example.com", "ada@exa mple.com"} {
		_, detail := customer.NormalizeEmail(in)
		assert.NotEmpty(t, detail, "%q should be refused", in)
	}
	assert.Equal(t, customer.EmailKey("ADA@example.com"), customer.EmailKey("ada@EXAMPLE.com"))
	assert.Equal(t, customer.EmailKey("ÉLODIE@example.com"), customer.EmailKey("élodie@example.com"))
	assert.Equal(t, customer.EmailKey("e\u0301lodie@example.com"), customer.EmailKey("\u00e9lodie@example.com"))
}
