package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/customerkit/customerkit"
)

// translate turns an error of the database into the library's error
// vocabulary at the boundary of the Store, so no driver error leaks out:
//
//   - a unique violation is an *customerkit.AlreadyExistsError of resource,
//     naming the field by the constraint the database names;
//   - a foreign-key violation is fk (ErrNotFound for a missing parent,
//     ErrFailedPrecondition for a record others still refer to);
//   - a CHECK or NOT NULL violation is a *customerkit.ValidationError;
//   - a transient failure that outlived the retries is ErrConflict;
//   - when ctx is done, the error matches ctx.Err() (errors.Is(err,
//     context.Canceled)), however the driver reported it;
//   - anything else (I/O, a closed pool, a schema that was not migrated)
//     is wrapped with the operation's name and matches no sentinel.
func (s *Store) translate(ctx context.Context, op, resource string, err error, fk error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if cerr := ctx.Err(); cerr != nil {
		// The driver reported the cancellation its own way.
		return fmt.Errorf("sqlstore: %s: %w", op, cerr)
	}
	if errors.Is(err, errRetry) {
		return fmt.Errorf("sqlstore: %s: the %s kept changing: %w", op, resource, customerkit.ErrConflict)
	}
	c := s.d.classify(err)
	switch c.kind {
	case errUnique:
		field, ok := s.d.unique[c.constraint]
		if !ok {
			field = c.constraint
		}
		return &customerkit.AlreadyExistsError{Resource: resource, Field: field}
	case errForeignKey:
		if fk != nil {
			return fk
		}
		return fmt.Errorf("sqlstore: %s: a referenced record is missing: %w", op, customerkit.ErrNotFound)
	case errCheck:
		detail := "refused by a database constraint"
		if c.constraint == "" {
			detail = "holds a value the database cannot store"
		}
		return &customerkit.ValidationError{Subject: resource, Fields: []customerkit.FieldError{{
			Path: checkPath(c.constraint), Code: customerkit.CodeInvalid, Detail: detail,
		}}}
	case errTransient:
		return fmt.Errorf("sqlstore: %s: concurrent writes: %w", op, customerkit.ErrConflict)
	}
	return fmt.Errorf("sqlstore: %s: %w", op, err)
}

// checkedTables are the tables whose CHECK constraints are named
// <table>_<column>_check.
var checkedTables = []string{
	credentialTable,
	integrationTable,
	versionTable,
	listingTable,
	instanceTable,
	attachmentTable,
	logoTable,
	membershipTable,
	invitationTable,
	configVarTable,
}

// checkPath names the field a CHECK or NOT NULL constraint guards:
// "status" of "customerkit_customers_status_check" (PostgreSQL, SQLite
// named constraints) or of "customerkit_customers.status" (SQLite NOT
// NULL).
func checkPath(constraint string) string {
	switch constraint {
	case "customerkit_customers_status_check":
		return "status"
	case "customerkit_customers_customer_type_check":
		return "customer_type"
	case "customerkit_customers_delinquent_check":
		return "delinquent"
	}
	if base, ok := strings.CutSuffix(constraint, "_check"); ok {
		for _, table := range checkedTables {
			if col, ok := strings.CutPrefix(base, table+"_"); ok {
				return col
			}
		}
	}
	for i := len(constraint) - 1; i >= 0; i-- {
		if constraint[i] == '.' {
			return constraint[i+1:]
		}
	}
	return constraint
}
