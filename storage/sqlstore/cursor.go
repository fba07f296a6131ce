package sqlstore

import (
	"encoding/binary"
	"hash/crc32"
	"time"
	"unicode/utf8"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
)

// A sqlstore cursor holds the keyset position after which the next page
// starts: the list and order it belongs to, the sort key of the last item
// of the page and that item's ULID. Its bytes are
//
//	"sq" version:1 len(list):uvarint list order:1 key id:16 crc32:4
//
// where key is a time (microseconds since the epoch: 8 bytes, big endian)
// for the creation orders and a string (len:uvarint bytes) for the name
// orders. The CRC-32 (IEEE) covers everything before it, so a cursor that
// was cut, extended or changed is refused rather than read as another
// position. Cursors are the same for both dialects.
const (
	cursorMagic   = "sq"
	cursorVersion = 1
)

// customersList names the customer list in its cursors.
const customersList = "customers"

// orderCodes numbers the orders in a cursor; 0 is no order.
var orderCodes = map[customer.Order]byte{
	customer.OrderCreated:     1,
	customer.OrderCreatedDesc: 2,
	customer.OrderName:        3,
	customer.OrderNameDesc:    4,
}

// position is a decoded cursor.
type position struct {
	text string    // the name key, for the name orders
	time time.Time // the creation time, for the creation orders
	id   ulid.ULID
}

// encodeCursor returns the cursor after c in list, sorted by order.
func encodeCursor(list string, order customer.Order, c *customer.Customer) customerkit.Cursor {
	var key string
	if order.ByName() {
		key = customer.SearchKey(c.Name)
	}
	b := make([]byte, 0, 40+len(list)+len(key))
	b = append(b, cursorMagic...)
	b = append(b, cursorVersion)
	b = binary.AppendUvarint(b, uint64(len(list)))
	b = append(b, list...)
	b = append(b, orderCodes[order])
	if order.ByName() {
		b = binary.AppendUvarint(b, uint64(len(key)))
		b = append(b, key...)
	} else {
		b = binary.BigEndian.AppendUint64(b, uint64(storedTime(c.CreatedAt).UnixMicro()))
	}
	b = append(b, c.ULID[:]...)
	b = binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	return customerkit.NewCursor(b)
}

// decodeCursor reads c, which must belong to list and order. Anything else
// is the *customerkit.ValidationError of customerkit.InvalidCursor.
func decodeCursor(c customerkit.Cursor, list string, order customer.Order) (position, error) {
	bad := func(detail string) (position, error) {
		return position{}, customerkit.InvalidCursor("sqlstore: " + detail)
	}
	b := c.Bytes()
	if len(b) < len(cursorMagic)+1+4 || string(b[:len(cursorMagic)]) != cursorMagic {
		return bad("not a sqlstore cursor")
	}
	body, sum := b[:len(b)-4], binary.BigEndian.Uint32(b[len(b)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return bad("the cursor was changed")
	}
	b = body[len(cursorMagic):]
	if b[0] != cursorVersion {
		return bad("unknown cursor version")
	}
	b = b[1:]
	l, b, ok := readString(b)
	if !ok {
		return bad("malformed cursor")
	}
	if l != list {
		return bad("the cursor belongs to another list")
	}
	if len(b) == 0 {
		return bad("malformed cursor")
	}
	if b[0] != orderCodes[order] {
		return bad("the cursor belongs to another order")
	}
	b = b[1:]
	var p position
	if order.ByName() {
		if p.text, b, ok = readString(b); !ok || !utf8.ValidString(p.text) {
			return bad("malformed cursor")
		}
	} else {
		if len(b) < 8 {
			return bad("malformed cursor")
		}
		p.time = time.UnixMicro(int64(binary.BigEndian.Uint64(b))).UTC()
		b = b[8:]
	}
	if len(b) != len(p.id) {
		return bad("malformed cursor")
	}
	copy(p.id[:], b)
	return p, nil
}

// readString reads a uvarint length and that many bytes from b.
func readString(b []byte) (s string, rest []byte, ok bool) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return "", nil, false
	}
	return string(b[k : k+int(n)]), b[k+int(n):], true
}

// encodeKeyCursor returns the cursor after the item whose sort key is key
// and whose ID is id, in a list ordered by (key, id) with no order choice:
// lists of credentials, integrations, listings and instances (key 0, ID
// order) and of integration versions (key the version number). It has the
// layout of the customer cursors, with order 0 and the key in the 8-byte
// slot of the creation orders, so decodeKeyCursor checks it the same way.
func encodeKeyCursor(list string, key int64, id ulid.ULID) customerkit.Cursor {
	b := make([]byte, 0, 40+len(list))
	b = append(b, cursorMagic...)
	b = append(b, cursorVersion)
	b = binary.AppendUvarint(b, uint64(len(list)))
	b = append(b, list...)
	b = append(b, 0)
	b = binary.BigEndian.AppendUint64(b, uint64(key))
	b = append(b, id[:]...)
	b = binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	return customerkit.NewCursor(b)
}

// decodeKeyCursor reads a cursor of encodeKeyCursor, which must belong to
// list: the key and the ID after which the next page starts.
func decodeKeyCursor(c customerkit.Cursor, list string) (key int64, id ulid.ULID, err error) {
	p, err := decodeCursor(c, list, "")
	if err != nil {
		return 0, ulid.ULID{}, err
	}
	return p.time.UnixMicro(), p.id, nil
}

// encodeTextCursor returns the cursor after the item whose unique sort key
// is key, in a list ordered by a text key alone (a customer's config
// variables, by key). It has the layout of the name-order cursors, with a
// zero ID.
func encodeTextCursor(list, key string) customerkit.Cursor {
	b := make([]byte, 0, 40+len(list)+len(key))
	b = append(b, cursorMagic...)
	b = append(b, cursorVersion)
	b = binary.AppendUvarint(b, uint64(len(list)))
	b = append(b, list...)
	b = append(b, orderCodes[customer.OrderName])
	b = binary.AppendUvarint(b, uint64(len(key)))
	b = append(b, key...)
	b = append(b, make([]byte, len(ulid.ULID{}))...)
	b = binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	return customerkit.NewCursor(b)
}

// decodeTextCursor reads a cursor of encodeTextCursor, which must belong
// to list: the key after which the next page starts.
func decodeTextCursor(c customerkit.Cursor, list string) (string, error) {
	p, err := decodeCursor(c, list, customer.OrderName)
	if err != nil {
		return "", err
	}
	return p.text, nil
}
