package sqlstore_test

import (
	"database/sql"
	"errors"
	"testing"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/attachment"
	"github.com/customerkit/customerkit/storage/sqlstore"
	"github.com/customerkit/customerkit/storage/storagetest"
)

// TestAttachmentRows checks where an attachment's parts are kept: the
// record in customerkit_attachments, the bytes in
// customerkit_attachment_contents, and that deleting the record, or the
// customer, removes the bytes too (ON DELETE CASCADE), and the logo with
// the customer.
func TestAttachmentRows(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		ctx := t.Context()
		c := storagetest.NewCustomer(1)
		create(t, s, c)
		a, data := storagetest.NewAttachment(1, c.ULID)
		b, bData := storagetest.NewAttachment(2, c.ULID)
		for i, x := range []*attachment.Attachment{a, b} {
			if err := s.CreateAttachment(ctx, x, [][]byte{data, bData}[i], nil); err != nil {
				t.Fatal(err)
			}
		}
		logo := &attachment.Logo{CustomerID: c.ULID, Size: 3, SHA256: attachment.Sum([]byte("png")), UpdatedAt: storagetest.Epoch, Data: []byte("png")}
		if err := s.PutLogo(ctx, logo, nil); err != nil {
			t.Fatal(err)
		}
		d := s.Dialect()
		contents := func() int {
			return countRows(t, db, d, "customerkit_attachment_contents", "attachment_id IN (?, ?)", a.ID.String(), b.ID.String())
		}
		if n := contents(); n != 2 {
			t.Fatalf("%d content rows, want 2", n)
		}
		if err := s.DeleteAttachment(ctx, a.ID, nil); err != nil {
			t.Fatal(err)
		}
		if n := contents(); n != 1 {
			t.Fatalf("%d content rows after deleting one attachment, want 1", n)
		}
		if _, err := s.UpdateCustomer(ctx, c.ULID, func(c *customer.Customer) error {
			c.Status = customer.StatusTerminated
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteCustomer(ctx, c.ULID, nil); err != nil {
			t.Fatal(err)
		}
		if n := contents(); n != 0 {
			t.Fatalf("%d content rows after deleting the customer, want 0", n)
		}
		if n := countRows(t, db, d, "customerkit_logos", "customer_id = ?", c.ULID.String()); n != 0 {
			t.Fatalf("%d logo rows after deleting the customer, want 0", n)
		}
	})
}

// TestAttachmentWithTx checks that an upload bound to the host's
// transaction commits and rolls back with it, and that a refused one
// leaves the transaction usable.
func TestAttachmentWithTx(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *sql.DB, s *sqlstore.Store) {
		ctx := t.Context()
		c := storagetest.NewCustomer(1)
		create(t, s, c)
		for _, commit := range []bool{false, true} {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			refused := errors.New("refused")
			x, xData := storagetest.NewAttachment(2, c.ULID)
			err = s.WithTx(tx).CreateAttachment(ctx, x, xData, func(*customer.Customer, attachment.Usage) error { return refused })
			if err != refused {
				t.Fatalf("a refused upload: %v", err)
			}
			a, data := storagetest.NewAttachment(1, c.ULID)
			if err := s.WithTx(tx).CreateAttachment(ctx, a, data, func(got *customer.Customer, u attachment.Usage) error {
				if got.ULID != c.ULID || u != (attachment.Usage{}) {
					t.Errorf("check saw %s, %+v", got.ULID, u)
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if commit {
				err = tx.Commit()
			} else {
				err = tx.Rollback()
			}
			if err != nil {
				t.Fatal(err)
			}
			_, got, err := s.GetAttachmentContent(ctx, a.ID)
			if commit && (err != nil || string(got) != string(data)) {
				t.Fatalf("after commit: %v", err)
			}
			if !commit && !errors.Is(err, customerkit.ErrNotFound) {
				t.Fatalf("after rollback: %v, want ErrNotFound", err)
			}
		}
	})
}
