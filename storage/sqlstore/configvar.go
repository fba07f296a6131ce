package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/configvar"
	"github.com/customerkit/customerkit/instance"
)

var _ configvar.Store = (*Store)(nil)

// The config-variable tables (migration 0007): the customers' variables,
// and one row per instance variable that references one (written with
// the instance, so its foreign key keeps every reference intact).
const (
	configVarTable = TablePrefix + "config_vars"
	configRefTable = TablePrefix + "config_var_refs"
)

// configVarColumns are the columns of configVarTable, in the order
// configVarArgs writes them and configVarRow reads them.
const configVarColumns = "customer_id, key, kind, value, description, version, created_at, updated_at"

// configVarList names the list of customer id's variables in its cursors:
// a cursor of one customer's list is refused for another's.
func configVarList(id ulid.ULID) string { return "config_vars/" + id.String() }

func configVarNotFound(customerID ulid.ULID, key string) error {
	return fmt.Errorf("sqlstore: customer %s has no config variable %s: %w", customerID, strconv.Quote(key), customerkit.ErrNotFound)
}

func (s *Store) configVarArgs(v *configvar.Variable) []any {
	return []any{v.CustomerID.String(), v.Key, string(v.Kind), v.Value, v.Description, v.Version,
		s.d.timeArg(storedTime(v.CreatedAt)), s.d.timeArg(storedTime(v.UpdatedAt))}
}

// configVarRow receives one row of configVarColumns and, when the
// statement reads it, the usedBy list (usedBySQL).
type configVarRow struct {
	v      configvar.Variable
	custID sql.NullString
	kind   string
	usedBy sql.NullString
}

func (r *configVarRow) dest(withUsedBy bool) []any {
	v := &r.v
	d := []any{&r.custID, &v.Key, &r.kind, &v.Value, &v.Description, int64Col{&v.Version},
		timeScanner{&v.CreatedAt}, timeScanner{&v.UpdatedAt}}
	if withUsedBy {
		d = append(d, &r.usedBy)
	}
	return d
}

// variable returns the variable scanned into r.
func (r *configVarRow) variable() (*configvar.Variable, error) {
	v := r.v // a copy: r may be scanned again
	var err error
	if v.CustomerID, err = parseID("config variable", "customer_id", r.custID); err != nil {
		return nil, err
	}
	v.Kind = configvar.Kind(r.kind)
	if v.UsedBy, err = parseIDList(r.usedBy); err != nil {
		return nil, err
	}
	return &v, nil
}

// parseIDList reads the comma-separated ULIDs of usedBySQL, sorted.
func parseIDList(s sql.NullString) ([]ulid.ULID, error) {
	if !s.Valid || s.String == "" {
		return nil, nil
	}
	parts := strings.Split(s.String, ",")
	out := make([]ulid.ULID, len(parts))
	for i, p := range parts {
		id, err := ulid.ParseStrict(p)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: a stored instance ID %q: %w", p, err)
		}
		out[i] = id
	}
	slices.SortFunc(out, ulid.ULID.Compare)
	return slices.Compact(out), nil
}

// usedBySQL returns the expression of the IDs of the instances that
// reference the variable of the row alias v, comma-separated (or NULL).
func (s *Store) usedBySQL() string {
	return "(SELECT " + s.d.distinctList("r.instance_id") + " FROM " + configRefTable +
		" r WHERE r.customer_id = v.customer_id AND r.config_var_key = v.key)"
}

// usedBy reads the IDs of the instances that reference variable key of
// customer customerID, in ID order.
func (s *Store) usedBy(ctx context.Context, q querier, customerID ulid.ULID, key string) ([]ulid.ULID, error) {
	rows, err := q.QueryContext(ctx, s.d.rebind("SELECT DISTINCT instance_id FROM "+configRefTable+
		" WHERE customer_id = ? AND config_var_key = ? ORDER BY instance_id"), customerID.String(), key)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ulid.ULID
	for rows.Next() {
		var id sql.NullString
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		u, err := parseID("config variable reference", "instance_id", id)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// checkRefs returns nil when every reference of i names a variable of its
// customer with the kind the reference says, and an error matching
// customerkit.ErrFailedPrecondition naming the first that does not; on
// PostgreSQL the variables read are locked FOR KEY SHARE, so they stay
// until the commit (the foreign key of configRefTable would refuse the
// write otherwise). It runs inside the instance's write transaction.
func (s *Store) checkRefs(ctx context.Context, q querier, i *instance.Instance) error {
	refs := i.AllRefs()
	if len(refs) == 0 {
		return nil
	}
	sel := s.d.rebind("SELECT kind FROM " + configVarTable + " WHERE customer_id = ? AND key = ?" + s.rowLock(" FOR KEY SHARE"))
	kinds := make(map[string]string, len(refs))
	for _, k := range slices.Sorted(maps.Keys(refs)) {
		r := refs[k]
		kind, ok := kinds[r.Key]
		if !ok {
			err := q.QueryRowContext(ctx, sel, i.CustomerID.String(), r.Key).Scan(&kind)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				kind = ""
			case err != nil:
				return err
			}
			kinds[r.Key] = kind
		}
		if kind != string(r.Kind) {
			return fmt.Errorf("sqlstore: instance %s: variable %s takes the customer's config variable %s, which it does not have: %w",
				i.ID, strconv.Quote(k), r, customerkit.ErrFailedPrecondition)
		}
	}
	return nil
}

// writeRefs writes the reference rows of instance i: with replace, the
// rows it had go first.
func (s *Store) writeRefs(ctx context.Context, q querier, i *instance.Instance, replace bool) error {
	if replace {
		if _, err := q.ExecContext(ctx, s.d.rebind("DELETE FROM "+configRefTable+" WHERE instance_id = ?"), i.ID.String()); err != nil {
			return err
		}
	}
	refs := i.AllRefs()
	if len(refs) == 0 {
		return nil
	}
	args := make([]any, 0, 5*len(refs))
	for _, k := range slices.Sorted(maps.Keys(refs)) {
		r := refs[k]
		args = append(args, i.ID.String(), k, i.CustomerID.String(), r.Key, string(r.Kind))
	}
	_, err := q.ExecContext(ctx, s.d.rebind("INSERT INTO "+configRefTable+
		" (instance_id, var_key, customer_id, config_var_key, kind) VALUES "+valuesList(len(refs), 5)), args...)
	return err
}

// CreateConfigVar runs, in one write transaction: the read of the
// customer (SELECT ... FOR UPDATE on PostgreSQL, so concurrent creations
// for one customer queue on its row; on SQLite BEGIN IMMEDIATE serializes
// every writer), the count of its variables, check, and the INSERT. See
// configvar.Store.
func (s *Store) CreateConfigVar(ctx context.Context, v *configvar.Variable, check func(*customer.Customer, int) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if v == nil {
		return nilRecord("config variable")
	}
	args := s.configVarArgs(v) // copies of every field: v may change after the call
	owner := v.CustomerID
	selCount := s.d.rebind("SELECT COUNT(*) FROM " + configVarTable + " WHERE customer_id = ?")
	ins := s.d.rebind("INSERT INTO " + configVarTable + " (" + configVarColumns + ") VALUES " + valuesList(1, len(args)))
	var checkErr error
	row := newCustomerRow()
	err := s.write(ctx, true, func(q querier) error {
		checkErr = nil
		cust, err := row.scan(q.QueryRowContext(ctx, s.cs.selectForUpdate, owner.String()))
		if errors.Is(err, sql.ErrNoRows) {
			return ownerMissing("config variable", owner)
		}
		if err != nil {
			return err
		}
		if check != nil {
			var n int
			if err := q.QueryRowContext(ctx, selCount, owner.String()).Scan(&n); err != nil {
				return err
			}
			if err := check(cust, n); err != nil {
				checkErr = err
				return err
			}
		}
		_, err = q.ExecContext(ctx, ins, args...)
		return err
	})
	switch {
	case checkErr != nil:
		return checkErr
	case errors.Is(err, customerkit.ErrNotFound):
		return err
	}
	return s.translate(ctx, "create config variable", "config_var", err, ownerMissing("config variable", owner))
}

// GetConfigVar reads a variable and its UsedBy with one statement. See
// configvar.Store.
func (s *Store) GetConfigVar(ctx context.Context, customerID ulid.ULID, key string) (*configvar.Variable, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var r configVarRow
	err := s.prepared().QueryRowContext(ctx, s.d.rebind("SELECT "+prefixed("v", configVarColumns)+", "+s.usedBySQL()+
		" FROM "+configVarTable+" v WHERE v.customer_id = ? AND v.key = ?"), customerID.String(), key).Scan(r.dest(true)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, configVarNotFound(customerID, key)
	}
	if err != nil {
		return nil, s.translate(ctx, "get config variable", "config_var", err, nil)
	}
	return r.variable()
}

// readConfigVarAndCustomer reads a variable and its customer with one
// statement, for a write: on PostgreSQL the variable's row FOR UPDATE
// (which also holds off the foreign-key checks of new references until
// the commit) and the customer's FOR SHARE; on SQLite under the write
// lock. Then it reads the variable's UsedBy.
func (s *Store) readConfigVarAndCustomer(ctx context.Context, q querier, customerID ulid.ULID, key string) (*configvar.Variable, *customer.Customer, error) {
	query := s.d.rebind("SELECT " + prefixed("v", configVarColumns) + ", " + prefixed("c", s.cs.columns) +
		" FROM " + configVarTable + " v JOIN " + customerTable + " c ON c.ulid = v.customer_id" +
		" WHERE v.customer_id = ? AND v.key = ?" + s.rowLock(" FOR UPDATE OF v FOR SHARE OF c"))
	var r configVarRow
	cr := newCustomerRow()
	if err := q.QueryRowContext(ctx, query, customerID.String(), key).Scan(append(r.dest(false), cr.dest[:]...)...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil, configVarNotFound(customerID, key)
		}
		return nil, nil, err
	}
	v, err := r.variable()
	if err != nil {
		return nil, nil, err
	}
	c, err := cr.customer()
	if err != nil {
		return nil, nil, err
	}
	if v.UsedBy, err = s.usedBy(ctx, q, customerID, key); err != nil {
		return nil, nil, err
	}
	return v, c, nil
}

// UpdateConfigVar is a read-modify-write in one transaction: the
// variable and its customer are read as readConfigVarAndCustomer says,
// update runs on copies, and the value, description, version and update
// time are written back guarded by the version (the whole transaction
// runs again if it changed). See configvar.Store.
func (s *Store) UpdateConfigVar(ctx context.Context, customerID ulid.ULID, key string, update func(*configvar.Variable, *customer.Customer) error) (*configvar.Variable, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	upd := s.d.rebind("UPDATE " + configVarTable + " SET value = ?, description = ?, version = ?, updated_at = ? " +
		"WHERE customer_id = ? AND key = ? AND version = ?")
	var (
		out       *configvar.Variable
		updateErr error
	)
	err := s.write(ctx, true, func(q querier) error {
		updateErr = nil
		old, cust, err := s.readConfigVarAndCustomer(ctx, q, customerID, key)
		if err != nil {
			return err
		}
		v := old.Clone()
		if update != nil {
			if err := update(v, cust); err != nil {
				updateErr = err
				return err
			}
			v = v.Clone() // update may keep a pointer to the copy it saw
			if err := configvar.CheckImmutable(old, v); err != nil {
				updateErr = err
				return err
			}
		}
		v.Version = old.Version + 1
		v.UpdatedAt = storedTime(v.UpdatedAt)
		v.UsedBy = old.UsedBy
		res, err := q.ExecContext(ctx, upd, v.Value, v.Description, v.Version, s.d.timeArg(v.UpdatedAt),
			customerID.String(), key, old.Version)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return errRetry
		}
		out = v
		return nil
	})
	switch {
	case updateErr != nil:
		return nil, updateErr
	case errors.Is(err, customerkit.ErrNotFound):
		return nil, err
	case err != nil:
		return nil, s.translate(ctx, "update config variable", "config_var", err, nil)
	}
	return out.Clone(), nil
}

// DeleteConfigVar reads the variable, its customer and its UsedBy as
// UpdateConfigVar does, refuses a variable in use, runs check and deletes
// the variable, in one transaction. A reference written concurrently
// waits for the variable's row lock (PostgreSQL) or the write lock
// (SQLite), and then fails on its foreign key. See configvar.Store.
func (s *Store) DeleteConfigVar(ctx context.Context, customerID ulid.ULID, key string, check func(*configvar.Variable, *customer.Customer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	del := s.d.rebind("DELETE FROM " + configVarTable + " WHERE customer_id = ? AND key = ?")
	var checkErr error
	err := s.write(ctx, true, func(q querier) error {
		checkErr = nil
		old, cust, err := s.readConfigVarAndCustomer(ctx, q, customerID, key)
		if err != nil {
			return err
		}
		if len(old.UsedBy) > 0 {
			checkErr = &configvar.InUseError{Key: key, UsedBy: old.UsedBy}
			return checkErr
		}
		if check != nil {
			if err := check(old, cust); err != nil {
				checkErr = err
				return err
			}
		}
		res, err := q.ExecContext(ctx, del, customerID.String(), key)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return errRetry
		}
		return nil
	})
	switch {
	case checkErr != nil:
		return checkErr
	case errors.Is(err, customerkit.ErrNotFound):
		return err
	}
	return s.translate(ctx, "delete config variable", "config_var", err,
		fmt.Errorf("sqlstore: config variable %s is used by instances: %w", strconv.Quote(key), customerkit.ErrFailedPrecondition))
}

// ListConfigVars returns one keyset page in key order on the primary key
// (customer_id, key): "customer_id = ? AND key > ? ORDER BY key LIMIT
// n+1", each row with its UsedBy. See configvar.Store.
func (s *Store) ListConfigVars(ctx context.Context, q *configvar.Query, after customerkit.Cursor) (customerkit.Page[configvar.Variable], error) {
	var page customerkit.Page[configvar.Variable]
	if err := ctx.Err(); err != nil {
		return page, err
	}
	q, err := q.Normalize()
	if err != nil {
		return page, err
	}
	list := configVarList(q.CustomerID)
	w := newWhere(s.d)
	w.add("v.customer_id = " + w.p(q.CustomerID.String()))
	if !after.IsZero() {
		from, err := decodeTextCursor(after, list)
		if err != nil {
			return page, err
		}
		w.add("v.key > " + w.p(from))
	}
	query := "SELECT " + prefixed("v", configVarColumns) + ", " + s.usedBySQL() + " FROM " + configVarTable + " v" +
		w.String() + " ORDER BY v.key LIMIT " + w.p(int64(q.Limit+1))
	items, more, err := queryPage(ctx, s.reader(), query, w.args, q.Limit, func(sc scanner) (*configvar.Variable, error) {
		var r configVarRow
		if err := sc.Scan(r.dest(true)...); err != nil {
			return nil, err
		}
		return r.variable()
	})
	if err != nil {
		return page, s.translate(ctx, "list config variables", "config_var", err, nil)
	}
	page.Items = items
	if more {
		page.Next = encodeTextCursor(list, items[len(items)-1].Key)
	}
	return page, nil
}
