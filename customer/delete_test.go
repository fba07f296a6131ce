package customer_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/storage/memstore"
	"github.com/customerkit/customerkit/storage/storagetest"
)

func TestDeletePolicyCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		policy customer.DeletePolicy
		deps   customer.Dependents
		want   error
	}{
		{"zero policy cascades", "", customer.Dependents{Instances: 5, Credentials: 2}, nil},
		{"cascade, nothing", customer.DeleteCascade, customer.Dependents{}, nil},
		{"cascade, instances", customer.DeleteCascade, customer.Dependents{Instances: 7}, nil},
		{"refuse, nothing", customer.DeleteRefuse, customer.Dependents{}, nil},
		{"refuse, credentials only", customer.DeleteRefuse, customer.Dependents{Credentials: 3}, nil},
		{"refuse, one instance", customer.DeleteRefuse, customer.Dependents{Instances: 1}, customerkit.ErrFailedPrecondition},
		{"refuse, instances", customer.DeleteRefuse, customer.Dependents{Instances: 3}, customerkit.ErrFailedPrecondition},
		{"unknown policy", "archive", customer.Dependents{}, customerkit.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.policy.Check(tt.deps)
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.want)
		})
	}
	require.ErrorContains(t, customer.DeleteRefuse.Check(customer.Dependents{Instances: 3}), "3 instances")
	var ve *customerkit.ValidationError
	require.True(t, errors.As(customer.DeletePolicy("archive").Check(customer.Dependents{}), &ve))
	require.Equal(t, []customerkit.FieldError{{Path: "delete_policy", Code: customerkit.CodeNotSupported, Detail: ve.Fields[0].Detail}}, ve.Fields)
	for _, p := range customer.DeletePolicies() {
		require.True(t, p.Valid(), p)
	}
	require.True(t, customer.DeletePolicy("").Valid())
	require.False(t, customer.DeletePolicy("Cascade").Valid())
}

// Under DeleteRefuse, a terminated customer with instances stays until
// they are gone; under the default it goes with them.
func TestDeletePolicyOnService(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	store := memstore.New()
	in := storagetest.NewIntegration(1)
	require.NoError(t, store.CreateIntegration(ctx, in))

	next := 0 // fixture instance number, distinct across customers
	setup := func(svc *customer.Service, email string, instances int) *customer.Customer {
		t.Helper()
		m := minimal()
		m.Email = email
		c, err := svc.Create(ctx, m)
		require.NoError(t, err)
		for range instances {
			require.NoError(t, store.CreateInstance(ctx, storagetest.NewInstance(next, c.ULID, in.ID), nil))
			next++
		}
		_, err = svc.SetStatus(ctx, c.ULID, customer.StatusTerminated)
		require.NoError(t, err)
		return c
	}

	strict := customer.NewService(store, &customer.Options{DeletePolicy: customer.DeleteRefuse})
	c := setup(strict, "two@example.com", 2)
	err := strict.Delete(ctx, c.ULID)
	require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
	require.ErrorContains(t, err, "2 instances")
	_, err = strict.Get(ctx, c.ULID)
	require.NoError(t, err, "a refused delete keeps the customer")
	_, is, err := store.CustomerInstances(ctx, c.ULID)
	require.NoError(t, err)
	require.Len(t, is, 2, "and its instances")
	for _, i := range is {
		require.NoError(t, store.DeleteInstance(ctx, i.ID, nil))
	}
	require.NoError(t, strict.Delete(ctx, c.ULID), "no instance left")

	cascade := customer.NewService(store, nil)
	c = setup(cascade, "cascade@example.com", 2)
	require.NoError(t, cascade.Delete(ctx, c.ULID))
	_, _, err = store.CustomerInstances(ctx, c.ULID)
	require.ErrorIs(t, err, customerkit.ErrNotFound)

	bad := customer.NewService(store, &customer.Options{DeletePolicy: "archive"})
	c = setup(bad, "bad@example.com", 0)
	require.ErrorIs(t, bad.Delete(ctx, c.ULID), customerkit.ErrInvalid)
	_, err = bad.Get(ctx, c.ULID)
	require.NoError(t, err, "an unknown policy deletes nothing")
}

// CreateWith hands the prepared customer to the write function, retries
// it when a generated subdomain is taken, and returns the write's other
// errors as they are.
func TestCreateWith(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	store := memstore.New()
	svc := customer.NewService(store, nil)

	var seen []*customer.Customer
	c, err := svc.CreateWith(ctx, minimal(), func(ctx context.Context, c *customer.Customer) error {
		seen = append(seen, c.Clone())
		return store.CreateCustomer(ctx, c)
	})
	require.NoError(t, err)
	require.Len(t, seen, 1)
	require.Equal(t, c.ULID, seen[0].ULID)
	require.Equal(t, "analytical-engines-ltd", seen[0].Subdomain, "the write sees every generated field")

	// A generated subdomain taken at the write (as if by a concurrent
	// create) moves on to the next candidate.
	m := minimal()
	m.Email = "second@example.com"
	calls := 0
	c2, err := svc.CreateWith(ctx, m, func(ctx context.Context, c *customer.Customer) error {
		calls++
		if calls == 1 {
			return &customerkit.AlreadyExistsError{Resource: "customer", Field: "subdomain"}
		}
		return store.CreateCustomer(ctx, c)
	})
	require.NoError(t, err)
	require.Equal(t, 2, calls)
	require.NotEqual(t, c.Subdomain, c2.Subdomain)

	// Another resource's conflict (the owner's email, say) is not retried.
	m = minimal()
	m.Email = "third@example.com"
	calls = 0
	_, err = svc.CreateWith(ctx, m, func(context.Context, *customer.Customer) error {
		calls++
		return &customerkit.AlreadyExistsError{Resource: "user", Field: "subdomain"}
	})
	require.ErrorIs(t, err, customerkit.ErrAlreadyExists)
	require.Equal(t, 1, calls)
	boom := errors.New("boom")
	_, err = svc.CreateWith(ctx, m, func(context.Context, *customer.Customer) error { return boom })
	require.Equal(t, boom, err)
	_, err = svc.GetBy(ctx, customer.ByEmail, "third@example.com")
	require.ErrorIs(t, err, customerkit.ErrNotFound)
}
