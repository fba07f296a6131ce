package storagetest

import (
	"errors"
	"testing"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit/credential"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/instance"
	"github.com/customerkit/customerkit/marketplace"
)

// CascadeStore is what the cascade section needs: every store a customer's
// records live in.
type CascadeStore interface {
	customer.Store
	marketplace.Store
	credential.Store
	instance.Store
}

// cascadeStores turns Run's factory into the section's: a store that does
// not implement every store skips the section.
func cascadeStores(newStore func(t *testing.T) customer.Store) func(t *testing.T) CascadeStore {
	return func(t *testing.T) CascadeStore {
		s, ok := newStore(t).(CascadeStore)
		if !ok {
			t.Skip("storagetest: the store does not implement every store a customer's records live in")
		}
		return s
	}
}

// RunCascade runs the section of the suite that checks what
// customer.Store.DeleteCustomer does with the records that belong to a
// customer: the check sees the customer's instance and credential counts
// (not another customer's, not the organization's credentials); a refused
// delete keeps everything; a delete removes the customer's instances,
// credentials, marketplace values and customer-specific integrations (with
// their versions and listing) in the same operation and nothing of any
// other customer's or of the organization's.
func RunCascade(t *testing.T, newStore func(t *testing.T) CascadeStore) {
	t.Run("DeleteCustomer", func(t *testing.T) { testDeleteCustomerCascade(t, newStore) })
}

func testDeleteCustomerCascade(t *testing.T, newStore func(t *testing.T) CascadeStore) {
	ctx := t.Context()
	s := newStore(t)
	gone, kept := NewCustomer(900), NewCustomer(901)
	create(t, s, gone, kept)

	shared := NewIntegration(900)
	own := NewIntegration(901) // specific to the customer that goes
	own.CustomerID = gone.ULID
	createIntegrations(t, s, shared, own)
	require.NoError(t, s.CreateListing(ctx, newListing(shared.ID, Epoch)))
	require.NoError(t, s.CreateListing(ctx, newListing(own.ID, Epoch)))
	_, err := s.PublishVersion(ctx, &marketplace.IntegrationVersion{IntegrationID: own.ID, Comment: "first", Available: true, PublishedAt: Epoch})
	require.NoError(t, err)
	for _, c := range []*customer.Customer{gone, kept} {
		_, err := s.UpdateCustomerValues(ctx, shared.ID, c.ULID, func(v *marketplace.CustomerValues) error {
			v.Values = map[string]string{"region": "eu"}
			v.UpdatedAt = Epoch
			return nil
		})
		require.NoError(t, err)
	}

	goneInstances := []*instance.Instance{
		NewInstance(900, gone.ULID, shared.ID),
		NewInstance(901, gone.ULID, own.ID),
	}
	keptInstance := NewInstance(902, kept.ULID, shared.ID)
	createInstances(t, s, append(goneInstances, keptInstance)...)
	goneCred, keptCred, orgCred := NewCredential(900, gone.ULID), NewCredential(901, kept.ULID), NewCredential(902, ulid.ULID{})
	createCredentials(t, s, goneCred, keptCred, orgCred)

	// A refused delete sees the counts and keeps everything.
	refused := errors.New("refused")
	var seen customer.Dependents
	err = s.DeleteCustomer(ctx, gone.ULID, func(c *customer.Customer, d customer.Dependents) error {
		require.Equal(t, gone.ULID, c.ULID)
		seen = d
		return refused
	})
	require.Equal(t, refused, err, "the check's error comes back as is")
	require.Equal(t, customer.Dependents{Instances: 2, Credentials: 1}, seen,
		"the check counts the customer's own instances and credentials")
	get(t, s, gone)
	for _, i := range goneInstances {
		_, err := s.GetInstance(ctx, i.ID)
		require.NoError(t, err, "a refused delete keeps instance %s", i.Name)
	}
	getCredential(t, s, goneCred.ID)
	_, err = s.GetIntegration(ctx, own.ID)
	require.NoError(t, err, "a refused delete keeps the customer-specific integration")

	// A customer with nothing has zero counts.
	lonely := NewCustomer(903)
	create(t, s, lonely)
	require.NoError(t, s.DeleteCustomer(ctx, lonely.ULID, func(_ *customer.Customer, d customer.Dependents) error {
		require.Zero(t, d)
		return nil
	}))

	// The delete takes everything of the customer with it.
	require.NoError(t, s.DeleteCustomer(ctx, gone.ULID, func(*customer.Customer, customer.Dependents) error { return nil }))
	_, err = s.GetCustomer(ctx, customer.ByULID, gone.ULID.String())
	requireNotFound(t, err)
	for _, i := range goneInstances {
		_, err := s.GetInstance(ctx, i.ID)
		requireNotFound(t, err, "instance %s goes with its customer", i.Name)
	}
	_, err = s.GetCredential(ctx, goneCred.ID)
	requireNotFound(t, err, "the customer's credential goes with it")
	_, err = s.GetCustomerValues(ctx, shared.ID, gone.ULID)
	requireNotFound(t, err, "the customer's marketplace values go with it")
	_, err = s.GetIntegration(ctx, own.ID)
	requireNotFound(t, err, "the customer-specific integration goes with it")
	_, err = s.GetVersion(ctx, own.ID, 1)
	requireNotFound(t, err, "and its versions")
	_, err = s.GetListing(ctx, own.ID)
	requireNotFound(t, err, "and its listing")

	// Nothing of another customer's or of the organization's goes.
	get(t, s, kept)
	_, err = s.GetInstance(ctx, keptInstance.ID)
	require.NoError(t, err)
	getCredential(t, s, keptCred.ID)
	getCredential(t, s, orgCred.ID)
	_, err = s.GetCustomerValues(ctx, shared.ID, kept.ULID)
	require.NoError(t, err)
	_, err = s.GetIntegration(ctx, shared.ID)
	require.NoError(t, err)
	_, err = s.GetListing(ctx, shared.ID)
	require.NoError(t, err)
	_, is, err := s.CustomerInstances(ctx, kept.ULID)
	require.NoError(t, err)
	require.Equal(t, instanceIDs([]*instance.Instance{keptInstance}), instanceIDs(is))
}
