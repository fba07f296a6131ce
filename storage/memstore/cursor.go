package memstore

import (
	"encoding/binary"
	"hash/crc32"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
)

// A memstore cursor holds the position after which the next page starts:
// the list and order it belongs to, the sort key of the last item of the
// page and that item's ULID. Its bytes are
//
//	"ms" version:1 len(list):uvarint list kind:1 key id:16 crc32:4
//
// where kind is 't' for a time key (seconds:8 nanoseconds:4, big endian) or
// 's' for a string key (len:uvarint bytes), and the CRC-32 (IEEE) covers
// everything before it, so a cursor that was cut, extended or changed is
// refused rather than read as some other position.
const (
	cursorMagic   = "ms"
	cursorVersion = 1
	keyTime       = 't'
	keyString     = 's'
)

// position is a decoded cursor: the sort key and ULID of the last item of
// the previous page. Exactly one of text and time is the key, as the order
// says.
type position struct {
	list string
	text string
	time time.Time
	id   ulid.ULID
}

func encodeCursor(p position, byText bool) customerkit.Cursor {
	b := make([]byte, 0, 48+len(p.list)+len(p.text))
	b = append(b, cursorMagic...)
	b = append(b, cursorVersion)
	b = binary.AppendUvarint(b, uint64(len(p.list)))
	b = append(b, p.list...)
	if byText {
		b = append(b, keyString)
		b = binary.AppendUvarint(b, uint64(len(p.text)))
		b = append(b, p.text...)
	} else {
		b = append(b, keyTime)
		b = binary.BigEndian.AppendUint64(b, uint64(p.time.Unix()))
		b = binary.BigEndian.AppendUint32(b, uint32(p.time.Nanosecond()))
	}
	b = append(b, p.id[:]...)
	b = binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	return customerkit.NewCursor(b)
}

// decodeCursor reads c, which must belong to list and carry a text key when
// byText is set and a time key otherwise. Anything else is the
// *customerkit.ValidationError of customerkit.InvalidCursor.
func decodeCursor(c customerkit.Cursor, list string, byText bool) (position, error) {
	b := c.Bytes()
	bad := func(detail string) (position, error) {
		return position{}, customerkit.InvalidCursor("memstore: " + detail)
	}
	if len(b) < len(cursorMagic)+1+4 || string(b[:len(cursorMagic)]) != cursorMagic {
		return bad("not a memstore cursor")
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
	var p position
	text, b, ok := readString(b)
	if !ok {
		return bad("malformed cursor")
	}
	p.list = text
	if p.list != list {
		return bad("the cursor belongs to another list or order")
	}
	if len(b) == 0 {
		return bad("malformed cursor")
	}
	kind := b[0]
	b = b[1:]
	switch {
	case kind == keyString && byText:
		if p.text, b, ok = readString(b); !ok {
			return bad("malformed cursor")
		}
	case kind == keyTime && !byText:
		if len(b) < 12 {
			return bad("malformed cursor")
		}
		sec, nsec := int64(binary.BigEndian.Uint64(b)), binary.BigEndian.Uint32(b[8:])
		if nsec >= 1e9 {
			return bad("malformed cursor")
		}
		p.time = time.Unix(sec, int64(nsec)).UTC()
		b = b[12:]
	default:
		return bad("the cursor belongs to another order")
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
