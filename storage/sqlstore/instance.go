package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"strings"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/instance"
)

var _ instance.Store = (*Store)(nil)

// instanceTable holds one row per instance (migration 0004): its facts in
// columns, its values and private values as JSON objects. It has no state
// column: the lifecycle state derives from the facts and the customer's
// current status (instance.Instance.State).
const instanceTable = TablePrefix + "instances"

// instanceColumns are the columns of instanceTable, in the order
// instanceArgs writes them and instanceRow reads them.
const instanceColumns = "id, customer_id, integration_id, name, version_number, config_values, private_values, " +
	"enabled, config_complete, needs_deploy, last_deployed_at, deploy_count, version, created_at, updated_at, " +
	"config_refs, private_refs"

// instanceColumnCount is the number of instanceColumns.
const instanceColumnCount = 17

// instancesList names the instance list in its cursors.
const instancesList = "instances"

// maxInstanceBatch is the most rows one statement of ListInstances reads
// when it filters by state: it reads batches of growing size, from the
// page size up to this, until the page is full or the list ends.
const maxInstanceBatch = 1000

func instanceNotFound(id ulid.ULID) error { return notFound("instance", id) }

// instanceArgs returns the values of i's row, in instanceColumns order.
func (s *Store) instanceArgs(i *instance.Instance) ([]any, error) {
	e := jsonEncoder{subject: "instance"}
	args := []any{
		i.ID.String(), i.CustomerID.String(), i.IntegrationID.String(), i.Name, i.VersionNumber,
		e.enc("values", i.Values, len(i.Values) == 0), e.enc("private_values", i.PrivateValues, len(i.PrivateValues) == 0),
		i.Enabled, i.ConfigComplete, i.NeedsDeploy, s.nullTimeArg(i.LastDeployedAt), i.DeployCount,
		i.Version, s.d.timeArg(storedTime(i.CreatedAt)), s.d.timeArg(storedTime(i.UpdatedAt)),
		e.enc("refs", i.Refs, len(i.Refs) == 0), e.enc("private_refs", i.PrivateRefs, len(i.PrivateRefs) == 0),
	}
	return args, e.err
}

// instanceRow receives one row of instanceColumns.
type instanceRow struct {
	i                             instance.Instance
	id, customerID, integrationID sql.NullString
	values, private               jsonCol
	refs, privateRefs             jsonCol
}

func (r *instanceRow) dest() []any {
	i := &r.i
	return []any{&r.id, &r.customerID, &r.integrationID, &i.Name, intCol{&i.VersionNumber}, &r.values, &r.private,
		&i.Enabled, &i.ConfigComplete, &i.NeedsDeploy, nullTime{&i.LastDeployedAt}, intCol{&i.DeployCount},
		int64Col{&i.Version}, timeScanner{&i.CreatedAt}, timeScanner{&i.UpdatedAt}, &r.refs, &r.privateRefs}
}

// instance returns the instance scanned into r.
func (r *instanceRow) instance() (*instance.Instance, error) {
	i := r.i // a copy: r may be scanned again
	var err error
	if i.ID, err = parseID("instance", "id", r.id); err != nil {
		return nil, err
	}
	if i.CustomerID, err = parseID("instance", "customer_id", r.customerID); err != nil {
		return nil, err
	}
	if i.IntegrationID, err = parseID("instance", "integration_id", r.integrationID); err != nil {
		return nil, err
	}
	i.Values, i.PrivateValues, i.Refs, i.PrivateRefs = nil, nil, nil, nil
	d := jsonDecoder{what: "instance"}
	d.col(&r.values, &i.Values)
	d.col(&r.private, &i.PrivateValues)
	d.col(&r.refs, &i.Refs)
	d.col(&r.privateRefs, &i.PrivateRefs)
	if d.err != nil {
		return nil, fmt.Errorf("%w (instance %s)", d.err, r.id.String)
	}
	return &i, nil
}

func scanInstance(sc scanner) (*instance.Instance, error) {
	var r instanceRow
	if err := sc.Scan(r.dest()...); err != nil {
		return nil, err
	}
	return r.instance()
}

// queryInstances runs query and returns every instance it reads.
func queryInstances(ctx context.Context, q querier, query string, args ...any) ([]*instance.Instance, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var (
		r   instanceRow
		out []*instance.Instance
	)
	dest := r.dest()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		i, err := r.instance()
		if err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, rows.Err()
}

// rowLock returns clause on a dialect that locks rows (PostgreSQL), and ""
// on one whose write transactions hold the database's write lock from
// their start (SQLite).
func (s *Store) rowLock(clause string) string {
	if s.d.forUpdate == "" {
		return ""
	}
	return clause
}

// CreateInstance runs, in one write transaction: the read of the customer
// (SELECT ... FOR UPDATE on PostgreSQL, so concurrent activations of one
// customer queue on its row; on SQLite BEGIN IMMEDIATE serializes every
// writer), the read of the listing (FOR SHARE: it cannot change until the
// commit) or else of the integration, the read of the customer's
// instances, check, and the INSERT. Every other write of an instance of
// the customer takes the customer's row lock too (UpdateInstance and
// DeleteInstance FOR SHARE), so nothing changes what check saw before the
// commit. See instance.Store.
func (s *Store) CreateInstance(ctx context.Context, inst *instance.Instance, check func(*instance.Snapshot) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if inst == nil {
		return nilRecord("instance")
	}
	c := inst.Clone()
	args, err := s.instanceArgs(c)
	if err != nil {
		return err
	}
	selListing := s.d.rebind("SELECT " + listingColumns + " FROM " + listingTable + " WHERE integration_id = ?" + s.rowLock(" FOR SHARE"))
	selIntegration := s.d.rebind("SELECT count(*) FROM " + integrationTable + " WHERE id = ?")
	selInstances := s.d.rebind("SELECT " + instanceColumns + " FROM " + instanceTable + " WHERE customer_id = ? ORDER BY id")
	ins := s.d.rebind("INSERT INTO " + instanceTable + " (" + instanceColumns + ") VALUES " + valuesList(1, instanceColumnCount))
	var checkErr error
	row := newCustomerRow()
	err = s.write(ctx, true, func(q querier) error {
		checkErr = nil
		cust, err := row.scan(q.QueryRowContext(ctx, s.cs.selectForUpdate, c.CustomerID.String()))
		if errors.Is(err, sql.ErrNoRows) {
			return ownerMissing("instance", c.CustomerID)
		}
		if err != nil {
			return err
		}
		l, err := scanListing(q.QueryRowContext(ctx, selListing, c.IntegrationID.String()))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			l = nil
			var n int
			if err := q.QueryRowContext(ctx, selIntegration, c.IntegrationID.String()).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return integrationNotFound(c.IntegrationID)
			}
		case err != nil:
			return err
		}
		if check != nil {
			is, err := queryInstances(ctx, q, selInstances, c.CustomerID.String())
			if err != nil {
				return err
			}
			if err := check(&instance.Snapshot{Customer: cust, Listing: l, Instances: is}); err != nil {
				checkErr = err
				return err
			}
		}
		if err := s.checkRefs(ctx, q, c); err != nil {
			if errors.Is(err, customerkit.ErrFailedPrecondition) {
				checkErr = err
			}
			return err
		}
		if _, err = q.ExecContext(ctx, ins, args...); err != nil {
			return err
		}
		return s.writeRefs(ctx, q, c, false)
	})
	switch {
	case checkErr != nil:
		return checkErr
	case errors.Is(err, customerkit.ErrNotFound):
		return err
	}
	return s.translate(ctx, "create instance", "instance", err,
		fmt.Errorf("sqlstore: customer %s or integration %s of the instance: %w", c.CustomerID, c.IntegrationID, customerkit.ErrNotFound))
}

// GetInstance reads instance id. See instance.Store.
func (s *Store) GetInstance(ctx context.Context, id ulid.ULID) (*instance.Instance, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	i, err := scanInstance(s.prepared().QueryRowContext(ctx,
		s.d.rebind("SELECT "+instanceColumns+" FROM "+instanceTable+" WHERE id = ?"), id.String()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, instanceNotFound(id)
	}
	if err != nil {
		return nil, s.translate(ctx, "get instance", "instance", err, nil)
	}
	return i, nil
}

// selectInstanceAndCustomer returns the statement that reads an instance
// and its customer for a read-modify-write: on PostgreSQL it locks the
// instance's row FOR UPDATE and the customer's FOR SHARE (its status
// cannot change until the commit, and no activation of the customer runs
// meanwhile).
func (s *Store) selectInstanceAndCustomer() string {
	cols := "i." + strings.ReplaceAll(instanceColumns, ", ", ", i.") + ", c." + strings.ReplaceAll(s.cs.columns, ", ", ", c.")
	return s.d.rebind("SELECT " + cols + " FROM " + instanceTable + " i JOIN " + customerTable + " c ON c.ulid = i.customer_id" +
		" WHERE i.id = ?" + s.rowLock(" FOR UPDATE OF i FOR SHARE OF c"))
}

// readInstanceAndCustomer runs the statement of selectInstanceAndCustomer.
func readInstanceAndCustomer(ctx context.Context, q querier, query string, id ulid.ULID) (*instance.Instance, *customer.Customer, error) {
	var r instanceRow
	cr := newCustomerRow()
	if err := q.QueryRowContext(ctx, query, id.String()).Scan(append(r.dest(), cr.dest[:]...)...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil, instanceNotFound(id)
		}
		return nil, nil, err
	}
	i, err := r.instance()
	if err != nil {
		return nil, nil, err
	}
	c, err := cr.customer()
	if err != nil {
		return nil, nil, err
	}
	return i, c, nil
}

// UpdateInstance is a read-modify-write in one transaction: the instance
// and its customer are read with one statement (locked as
// selectInstanceAndCustomer says on PostgreSQL; under the write lock on
// SQLite), update runs on copies, and the instance is written back guarded
// by its version (the whole transaction runs again if it changed). The
// UPDATE never sets id, customer_id, integration_id or created_at. See
// instance.Store.
func (s *Store) UpdateInstance(ctx context.Context, id ulid.ULID, update func(*instance.Instance, *customer.Customer) error) (*instance.Instance, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sel := s.selectInstanceAndCustomer()
	upd := s.d.rebind("UPDATE " + instanceTable + " SET name = ?, version_number = ?, config_values = ?, private_values = ?, " +
		"enabled = ?, config_complete = ?, needs_deploy = ?, last_deployed_at = ?, deploy_count = ?, version = ?, updated_at = ?, " +
		"config_refs = ?, private_refs = ? WHERE id = ? AND version = ?")
	var (
		out       *instance.Instance
		updateErr error
	)
	err := s.write(ctx, true, func(q querier) error {
		updateErr = nil
		old, cust, err := readInstanceAndCustomer(ctx, q, sel, id)
		if err != nil {
			return err
		}
		c := old.Clone()
		if update != nil {
			if err := update(c, cust); err != nil {
				updateErr = err
				return err
			}
			c = c.Clone() // update may keep a pointer to the copy it saw
		}
		c.ID, c.CustomerID, c.IntegrationID, c.CreatedAt = old.ID, old.CustomerID, old.IntegrationID, old.CreatedAt
		c.Version = old.Version + 1
		c.UpdatedAt = storedTime(c.UpdatedAt)
		if !c.LastDeployedAt.IsZero() {
			c.LastDeployedAt = storedTime(c.LastDeployedAt)
		}
		args, err := s.instanceArgs(c)
		if err != nil {
			updateErr = err
			return err
		}
		refsChanged := !maps.Equal(old.Refs, c.Refs) || !maps.Equal(old.PrivateRefs, c.PrivateRefs)
		if refsChanged {
			if err := s.checkRefs(ctx, q, c); err != nil {
				if errors.Is(err, customerkit.ErrFailedPrecondition) {
					updateErr = err
				}
				return err
			}
		}
		// instanceColumns: 3 name .. 12 version, 14 updated_at, 15 and 16
		// the references.
		args = append(append(args[3:13], args[14:17]...), id.String(), old.Version)
		res, err := q.ExecContext(ctx, upd, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return errRetry
		}
		if refsChanged {
			if err := s.writeRefs(ctx, q, c, true); err != nil {
				return err
			}
		}
		out = c
		return nil
	})
	switch {
	case updateErr != nil:
		return nil, updateErr
	case errors.Is(err, customerkit.ErrNotFound):
		return nil, err
	case err != nil:
		return nil, s.translate(ctx, "update instance", "instance", err, nil)
	}
	return out.Clone(), nil
}

// DeleteInstance reads the instance and its customer as UpdateInstance
// does, runs check and deletes the instance, in one transaction; with a
// nil check it is one DELETE. See instance.Store.
func (s *Store) DeleteInstance(ctx context.Context, id ulid.ULID, check func(*instance.Instance, *customer.Customer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if check == nil {
		return s.deleteByID(ctx, "instance", instanceTable, "id", id.String())
	}
	sel := s.selectInstanceAndCustomer()
	del := s.d.rebind("DELETE FROM " + instanceTable + " WHERE id = ?")
	var checkErr error
	err := s.write(ctx, true, func(q querier) error {
		checkErr = nil
		old, cust, err := readInstanceAndCustomer(ctx, q, sel, id)
		if err != nil {
			return err
		}
		if err := check(old, cust); err != nil {
			checkErr = err
			return err
		}
		res, err := q.ExecContext(ctx, del, id.String())
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
	return s.translate(ctx, "delete instance", "instance", err, nil)
}

// ListInstances returns one keyset page in ID order: "id > ? ORDER BY id
// LIMIT n+1", on the (customer_id, id) or (integration_id, id) index when
// q names a customer or an integration.
//
// A state filter needs each instance's customer status: the statement
// then joins the customers, and the rows are matched in Go with
// instance.Query.Match, so the state rule lives only in package instance.
// Rows that do not match are skipped, and further batches (twice as large
// each time, up to maxInstanceBatch rows) are read from the last row read
// until the page is full or the list ends: a page is short only when it is
// the last. See instance.Store.
func (s *Store) ListInstances(ctx context.Context, q *instance.Query, after customerkit.Cursor) (customerkit.Page[instance.Instance], error) {
	var page customerkit.Page[instance.Instance]
	if err := ctx.Err(); err != nil {
		return page, err
	}
	q, err := q.Normalize()
	if err != nil {
		return page, err
	}
	var from string
	if !after.IsZero() {
		_, id, err := decodeKeyCursor(after, instancesList)
		if err != nil {
			return page, err
		}
		from = id.String()
	}
	byState := len(q.States) > 0
	cols, table := instanceColumns, instanceTable
	if byState {
		cols = "i." + strings.ReplaceAll(instanceColumns, ", ", ", i.") + ", c.status"
		table = instanceTable + " i JOIN " + customerTable + " c ON c.ulid = i.customer_id"
	} else {
		table += " i"
	}
	var (
		r      instanceRow
		status string
		found  []*instance.Instance
	)
	dest := r.dest()
	if byState {
		dest = append(dest, &status)
	}
	batch := q.Limit + 1
	for {
		if err := ctx.Err(); err != nil {
			return customerkit.Page[instance.Instance]{}, err
		}
		w := newWhere(s.d)
		if !q.CustomerID.IsZero() {
			w.add("i.customer_id = " + w.p(q.CustomerID.String()))
		}
		if !q.IntegrationID.IsZero() {
			w.add("i.integration_id = " + w.p(q.IntegrationID.String()))
		}
		if from != "" {
			w.add("i.id > " + w.p(from))
		}
		query := "SELECT " + cols + " FROM " + table + w.String() + " ORDER BY i.id LIMIT " + w.p(int64(batch))
		n, err := func() (int, error) {
			rows, err := s.prepared().QueryContext(ctx, query, w.args...)
			if err != nil {
				return 0, err
			}
			defer rows.Close()
			n := 0
			for rows.Next() {
				n++
				if err := rows.Scan(dest...); err != nil {
					return 0, err
				}
				from = r.id.String
				i, err := r.instance()
				if err != nil {
					return 0, err
				}
				if byState && !q.Match(i, customer.Status(status)) {
					continue
				}
				found = append(found, i)
				if len(found) > q.Limit {
					break
				}
			}
			return n, rows.Err()
		}()
		if err != nil {
			return customerkit.Page[instance.Instance]{}, s.translate(ctx, "list instances", "instance", err, nil)
		}
		if len(found) > q.Limit || n < batch {
			break
		}
		batch = min(batch*2, maxInstanceBatch)
	}
	if len(found) > q.Limit {
		found = found[:q.Limit]
		page.Next = encodeKeyCursor(instancesList, 0, found[len(found)-1].ID)
	}
	page.Items = found
	return page, nil
}

// discard is a scan destination that drops its column.
type discard struct{}

func (discard) Scan(any) error { return nil }

// CustomerInstances reads the customer and its instances with ONE
// statement, the customer once:
//
//	SELECT 0 AS part, <customer columns>, NULL AS instance_id, NULL, ... FROM customers WHERE ulid = ?
//	UNION ALL
//	SELECT 1, NULL, ..., <instance columns> FROM instances WHERE customer_id = ?
//	ORDER BY instance_id NULLS FIRST
//
// The customer's row, whose instance_id is NULL, comes first; the order
// needs no sort (SQLite merges the customer's row with the instances read
// in the order of the (customer_id, id) index).
//
// See instance.Store.
func (s *Store) CustomerInstances(ctx context.Context, customerID ulid.ULID) (*customer.Customer, []*instance.Instance, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	cr := newCustomerRow()
	var r instanceRow
	nc := len(cr.dest)
	nulls := func(n int) string { return strings.Repeat(", NULL", n) }
	instCols := strings.SplitN(instanceColumns, ", ", 2)
	query := s.d.rebind("SELECT 0 AS part, " + s.cs.columns + ", NULL AS instance_id" + nulls(instanceColumnCount-1) +
		" FROM " + customerTable + " WHERE ulid = ?" +
		" UNION ALL SELECT 1" + nulls(nc) + ", " + instCols[0] + ", " + instCols[1] +
		" FROM " + instanceTable + " WHERE customer_id = ? ORDER BY instance_id NULLS FIRST")
	rows, err := s.prepared().QueryContext(ctx, query, customerID.String(), customerID.String())
	if err != nil {
		return nil, nil, s.translate(ctx, "customer instances", "instance", err, nil)
	}
	defer rows.Close()
	var part int
	first := make([]any, 0, 1+nc+instanceColumnCount)
	first = append(append(first, &part), cr.dest[:]...)
	next := make([]any, 0, cap(first))
	next = append(next, &part)
	for range instanceColumnCount {
		first = append(first, discard{})
	}
	for range nc {
		next = append(next, discard{})
	}
	next = append(next, r.dest()...)
	var (
		c   *customer.Customer
		out []*instance.Instance
	)
	for rows.Next() {
		if c == nil {
			if err := rows.Scan(first...); err != nil {
				return nil, nil, s.translate(ctx, "customer instances", "instance", err, nil)
			}
			if part != 0 {
				break // instances without their customer: it was deleted meanwhile
			}
			if c, err = cr.customer(); err != nil {
				return nil, nil, err
			}
			continue
		}
		if err := rows.Scan(next...); err != nil {
			return nil, nil, s.translate(ctx, "customer instances", "instance", err, nil)
		}
		i, err := r.instance()
		if err != nil {
			return nil, nil, err
		}
		out = append(out, i)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, s.translate(ctx, "customer instances", "instance", err, nil)
	}
	if c == nil {
		return nil, nil, customerNotFound(customerID.String())
	}
	return c, out, nil
}
