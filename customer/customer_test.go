package customer_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/metadata"
)

func TestClone(t *testing.T) {
	t.Parallel()
	c := benchCustomer()
	c.Metadata = metadata.Metadata{
		"plan":   "pro",
		"limits": map[string]any{"api": 100.0},
		"tags":   []any{"a", map[string]any{"b": 1.0}},
		"nested": metadata.Metadata{"x": []any{"y"}},
	}
	d := c.Clone()
	require.Equal(t, c, d)

	// The string lists share a backing array: an append to one must not
	// write over the next.
	d.Labels = append(d.Labels, "appended")
	d.AllowedOrigins = append(d.AllowedOrigins, "appended")
	require.Equal(t, c.AllowedOrigins, d.AllowedOrigins[:len(c.AllowedOrigins)])
	require.Equal(t, c.AllowedRegistrationDomains, d.AllowedRegistrationDomains)

	// Change everything the copy holds, at every depth.
	d.Labels[0] = "changed"
	d.AllowedOrigins[0] = "changed"
	d.AllowedRegistrationDomains[0] = "changed"
	d.Settings["theme"] = "changed"
	d.Settings["features"].([]string)[0] = "changed"
	d.Metadata["plan"] = "changed"
	d.Metadata["limits"].(map[string]any)["api"] = 1.0
	d.Metadata["tags"].([]any)[0] = "changed"
	d.Metadata["tags"].([]any)[1].(map[string]any)["b"] = 2.0
	d.Metadata["nested"].(metadata.Metadata)["x"].([]any)[0] = "changed"
	d.Addresses[0].City = "changed"
	d.Telephones[0].Number = "changed"
	d.LegalDocuments[0].Value = "changed"

	assert.Equal(t, benchCustomer().Labels, c.Labels)
	assert.Equal(t, benchCustomer().AllowedOrigins, c.AllowedOrigins)
	assert.Equal(t, benchCustomer().AllowedRegistrationDomains, c.AllowedRegistrationDomains)
	assert.Equal(t, benchCustomer().Settings, c.Settings)
	assert.Equal(t, metadata.Metadata{
		"plan":   "pro",
		"limits": map[string]any{"api": 100.0},
		"tags":   []any{"a", map[string]any{"b": 1.0}},
		"nested": metadata.Metadata{"x": []any{"y"}},
	}, c.Metadata)
	assert.Equal(t, benchCustomer().Addresses, c.Addresses)
	assert.Equal(t, benchCustomer().Telephones, c.Telephones)
	assert.Equal(t, benchCustomer().LegalDocuments, c.LegalDocuments)
}

func TestCloneKeepsNilAndEmpty(t *testing.T) {
	t.Parallel()
	var nilCustomer *customer.Customer
	assert.Nil(t, nilCustomer.Clone())

	empty := &customer.Customer{Labels: []string{}, AllowedRegistrationDomains: []string{}, Settings: customer.Settings{}, Metadata: metadata.Metadata{}, Addresses: []customer.Address{}}
	d := empty.Clone()
	assert.Equal(t, empty, d)
	assert.NotNil(t, d.Labels)
	assert.Nil(t, d.AllowedOrigins)
	assert.NotNil(t, d.AllowedRegistrationDomains)
	assert.NotNil(t, d.Settings)
	assert.NotNil(t, d.Metadata)
	assert.NotNil(t, d.Addresses)
	assert.Nil(t, d.Telephones)

	assert.Equal(t, &customer.Customer{}, (&customer.Customer{}).Clone())
}
