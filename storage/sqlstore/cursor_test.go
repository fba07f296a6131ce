package sqlstore

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
)

func cursorCustomer() *customer.Customer {
	t := time.Date(2024, 2, 29, 12, 0, 0, 123456789, time.UTC)
	return &customer.Customer{
		ULID:      ulid.MustNew(ulid.Timestamp(t), bytes.NewReader(make([]byte, 16))),
		Name:      "Émile  Zola & Cie",
		CreatedAt: t,
	}
}

func TestCursorRoundTrip(t *testing.T) {
	c := cursorCustomer()
	for _, o := range customer.Orders() {
		cur := encodeCursor(customersList, o, c)
		// Through the text form, as a client would carry it.
		parsed, err := customerkit.ParseCursor(cur.String())
		if err != nil {
			t.Fatal(err)
		}
		p, err := decodeCursor(parsed, customersList, o)
		if err != nil {
			t.Fatalf("%s: %v", o, err)
		}
		if p.id != c.ULID {
			t.Errorf("%s: id %s, want %s", o, p.id, c.ULID)
		}
		if o.ByName() && p.text != customer.SearchKey(c.Name) {
			t.Errorf("%s: key %q, want %q", o, p.text, customer.SearchKey(c.Name))
		}
		if !o.ByName() && !p.time.Equal(c.CreatedAt.Truncate(time.Microsecond)) {
			t.Errorf("%s: time %v, want %v", o, p.time, c.CreatedAt.Truncate(time.Microsecond))
		}
	}
}

func TestCursorRefused(t *testing.T) {
	c := cursorCustomer()
	good := encodeCursor(customersList, customer.OrderName, c).Bytes()
	tests := map[string]customerkit.Cursor{
		"empty bytes":   customerkit.NewCursor([]byte("x")),
		"other adapter": customerkit.NewCursor(append([]byte("ms"), good[2:]...)),
		"cut":           customerkit.NewCursor(good[:len(good)-5]),
		"extended":      customerkit.NewCursor(append(bytes.Clone(good), 0)),
		"changed":       customerkit.NewCursor(append(append(bytes.Clone(good[:10]), good[10]^0x20), good[11:]...)),
		"other list":    encodeCursor("users", customer.OrderName, c),
		"other order":   encodeCursor(customersList, customer.OrderNameDesc, c),
		"time order":    encodeCursor(customersList, customer.OrderCreated, c),
	}
	for name, cur := range tests {
		if _, err := decodeCursor(cur, customersList, customer.OrderName); !errors.Is(err, customerkit.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
}

// FuzzDecodeCursor checks that no input makes decodeCursor panic, and that
// whatever it accepts encodes back to the same bytes.
//
//	go test ./storage/sqlstore/ -run '^$' -fuzz FuzzDecodeCursor -fuzztime 30s
func FuzzDecodeCursor(f *testing.F) {
	c := cursorCustomer()
	for _, o := range customer.Orders() {
		f.Add(encodeCursor(customersList, o, c).Bytes(), string(o))
	}
	f.Add([]byte("sq\x01"), "name")
	f.Fuzz(func(t *testing.T, b []byte, order string) {
		o := customer.Order(order)
		if !o.Valid() {
			return
		}
		p, err := decodeCursor(customerkit.NewCursor(b), customersList, o)
		if err != nil {
			if !errors.Is(err, customerkit.ErrInvalid) {
				t.Fatalf("error %v is not ErrInvalid", err)
			}
			return
		}
		if o.ByName() {
			// A name cursor holds the key itself; encode from a
			// customer whose name is its own key.
			if customer.SearchKey(p.text) != p.text {
				return
			}
		}
		back := encodeCursor(customersList, o, &customer.Customer{ULID: p.id, Name: p.text, CreatedAt: p.time})
		if !bytes.Equal(back.Bytes(), b) {
			t.Fatalf("decoded %+v re-encodes to %x, not %x", p, back.Bytes(), b)
		}
	})
}
