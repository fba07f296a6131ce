package portal

import (
	"context"
	"iter"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer/configvar"
	"github.com/customerkit/customerkit/user"
)

// ConfigVars are the operations of a Handle on its customer's config
// variables, delegated to configvar.Scope, which checks the customer's
// status inside the store's transaction for writes. Variables are named
// by key within the handle's customer, so another customer's are
// invisible (ErrNotFound).
//
// Reading needs view_instances or manage_config_vars (the variables'
// values serve the customer's instances, which view_instances shows);
// creating, changing and deleting them needs manage_config_vars.
type ConfigVars struct{ h *Handle }

// configVarReaders are the permissions that let a member read the
// customer's config variables.
var configVarReaders = []user.Permission{user.PermViewInstances, user.PermManageConfigVars}

// scope checks the handle and returns the config-variable scope.
func (cv *ConfigVars) scope(ctx context.Context, action string, k kind, anyOf ...user.Permission) (*configvar.Scope, error) {
	h := cv.h
	if _, err := h.check(ctx, action, k, anyOf...); err != nil {
		return nil, err
	}
	return h.p.configVars.ForCustomer(h.customerID), nil
}

// Get returns the customer's config variable key, with the instances
// that use it. Needs view_instances or manage_config_vars.
func (cv *ConfigVars) Get(ctx context.Context, key string) (*configvar.Variable, error) {
	s, err := cv.scope(ctx, "view config variables", read, configVarReaders...)
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, key)
}

// List returns one page of the customer's config variables, in key
// order; q.CustomerID is ignored and q may be nil. Needs view_instances
// or manage_config_vars.
func (cv *ConfigVars) List(ctx context.Context, q *configvar.Query, after customerkit.Cursor) (customerkit.Page[configvar.Variable], error) {
	s, err := cv.scope(ctx, "view config variables", read, configVarReaders...)
	if err != nil {
		return customerkit.Page[configvar.Variable]{}, err
	}
	return s.List(ctx, q, after)
}

// All iterates over every config variable of the customer, page by page,
// checking the handle before each page.
func (cv *ConfigVars) All(ctx context.Context, q *configvar.Query) iter.Seq2[*configvar.Variable, error] {
	return customerkit.Iterate(func(after customerkit.Cursor) (customerkit.Page[configvar.Variable], error) {
		return cv.List(ctx, q, after)
	})
}

// Create creates a config variable of the customer (see
// configvar.Service.Create). Needs manage_config_vars and an active
// customer (creating allocates).
func (cv *ConfigVars) Create(ctx context.Context, in configvar.Input) (*configvar.Variable, error) {
	s, err := cv.scope(ctx, "create config variables", create, user.PermManageConfigVars)
	if err != nil {
		return nil, err
	}
	return s.Create(ctx, in)
}

// Update changes the value or description of the customer's config
// variable key; the result's UsedBy names the instances that take the
// new value. Needs manage_config_vars.
func (cv *ConfigVars) Update(ctx context.Context, key string, p configvar.Patch) (*configvar.Variable, error) {
	s, err := cv.scope(ctx, "change config variables", use, user.PermManageConfigVars)
	if err != nil {
		return nil, err
	}
	return s.Update(ctx, key, p)
}

// Delete deletes the customer's config variable key, which no instance
// may still use (*configvar.InUseError). Needs manage_config_vars.
func (cv *ConfigVars) Delete(ctx context.Context, key string) error {
	s, err := cv.scope(ctx, "delete config variables", use, user.PermManageConfigVars)
	if err != nil {
		return err
	}
	return s.Delete(ctx, key)
}
