package memstore

import (
	"encoding/binary"
	"math"
	"strings"
	"time"
	"unsafe"

	"github.com/google/uuid"
	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/metadata"
)

// A stored customer is kept as one byte slice, its encoding, rather than
// as a *customer.Customer and the dozens of strings, slices and maps it
// points to. The encoding holds no pointer, so the garbage collector
// marks one object per customer and never scans it, however large the
// store; and the fields of one customer lie next to each other in memory,
// so copying a customer out of a large store reads a few neighbouring
// cache lines where the pointer graph made it wait for a dozen misses in
// turn. A copy is decoded from the bytes, which makes it as deep as
// Clone's: fresh slices and maps, and strings that share the encoding's
// bytes (strings are immutable, and so are the encoding's bytes once
// encodeCustomer returned them; nothing ever writes to them).
//
// The layout, in field order (see encodeCustomer): the ULID, UUID and
// parent ULID, 16 bytes each; then every string as a uvarint length and
// its bytes; Delinquent and each Default as one byte; Version as a
// varint; each list as a uvarint of its length plus one (0 for a nil
// list, so nil and empty lists come back as they were) followed by its
// elements; Settings and Metadata as maps of tagged values (valueNil ...
// valueMap). CreatedAt and UpdatedAt are not encoded: the record keeps
// them as time.Time values, location and monotonic reading included.
//
// encodeCustomer refuses a Settings or Metadata value of a type it does
// not know (the library stores only the ones below); the record then
// keeps a clone of the customer instead.

// The tags of an encoded value.
const (
	valueNil byte = iota
	valueFalse
	valueTrue
	valueFloat
	valueString
	valueStrings // []string
	valueList    // []any
	valueMap     // map[string]any
)

// encoder appends to b.
type encoder struct{ b []byte }

func (e *encoder) uvarint(n uint64) { e.b = binary.AppendUvarint(e.b, n) }

func (e *encoder) str(s string) {
	e.uvarint(uint64(len(s)))
	e.b = append(e.b, s...)
}

func (e *encoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

// count writes the length of a list or map: n+1, or 0 when it is nil.
func (e *encoder) count(n int, isNil bool) {
	if isNil {
		e.uvarint(0)
		return
	}
	e.uvarint(uint64(n) + 1)
}

func (e *encoder) strs(ss []string) {
	e.count(len(ss), ss == nil)
	for _, s := range ss {
		e.str(s)
	}
}

// value writes v and reports whether its type is one the encoding knows.
func (e *encoder) value(v any) bool {
	switch v := v.(type) {
	case nil:
		e.b = append(e.b, valueNil)
	case bool:
		if v {
			e.b = append(e.b, valueTrue)
		} else {
			e.b = append(e.b, valueFalse)
		}
	case float64:
		e.b = append(e.b, valueFloat)
		e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(v))
	case string:
		e.b = append(e.b, valueString)
		e.str(v)
	case []string:
		e.b = append(e.b, valueStrings)
		e.strs(v)
	case []any:
		e.b = append(e.b, valueList)
		e.count(len(v), v == nil)
		for _, x := range v {
			if !e.value(x) {
				return false
			}
		}
	case map[string]any:
		e.b = append(e.b, valueMap)
		return e.entries(v)
	default:
		return false
	}
	return true
}

// entries writes a map's length and its entries.
func (e *encoder) entries(m map[string]any) bool {
	e.count(len(m), m == nil)
	for k, v := range m {
		e.str(k)
		if !e.value(v) {
			return false
		}
	}
	return true
}

// encodeCustomer returns the encoding of c, or false when c holds a
// Settings or Metadata value of a type the encoding does not know.
func encodeCustomer(c *customer.Customer) ([]byte, bool) {
	e := encoder{b: make([]byte, 0, 1024)}
	e.b = append(e.b, c.ULID[:]...)
	e.b = append(e.b, c.UUID[:]...)
	e.b = append(e.b, c.ParentID[:]...)
	for _, s := range [...]string{
		c.ExternalID, c.TenantID, c.Key, c.Prefix, string(c.Status), string(c.Type),
		c.Email, c.FirstName, c.LastName, c.CompanyName, c.Name, c.Description,
		c.Hostname, c.Subdomain, c.Country, c.Currency, c.Language,
	} {
		e.str(s)
	}
	e.bool(c.Delinquent)
	e.b = binary.AppendVarint(e.b, c.Version)
	e.strs(c.Labels)
	e.strs(c.AllowedOrigins)
	e.strs(c.AllowedRegistrationDomains)
	e.count(len(c.Addresses), c.Addresses == nil)
	for _, a := range c.Addresses {
		for _, s := range [...]string{string(a.Type), a.Country, a.State, a.PostalCode, a.City,
			a.Line1, a.Line2, a.POBox, a.BuildingNumber, a.Complement} {
			e.str(s)
		}
		e.bool(a.Default)
	}
	e.count(len(c.Telephones), c.Telephones == nil)
	for _, p := range c.Telephones {
		e.str(string(p.Type))
		e.str(p.Number)
		e.str(p.Extension)
		e.bool(p.Default)
	}
	e.count(len(c.LegalDocuments), c.LegalDocuments == nil)
	for _, d := range c.LegalDocuments {
		e.str(d.Type)
		e.str(d.Country)
		e.str(d.Value)
		e.b = binary.AppendVarint(e.b, int64(d.Issued.Year))
		e.b = binary.AppendVarint(e.b, int64(d.Issued.Month))
		e.b = binary.AppendVarint(e.b, int64(d.Issued.Day))
	}
	if !e.entries(c.Settings) || !e.entries(c.Metadata) {
		return nil, false
	}
	return e.b, true
}

// decoder reads an encoding encodeCustomer wrote. The encoding is the
// store's own, so decoder does not check it: a short or changed one would
// be a bug of this package, and panics.
type decoder struct {
	b []byte
	i int
}

func (d *decoder) uvarint() uint64 {
	n, k := binary.Uvarint(d.b[d.i:])
	d.i += k
	return n
}

func (d *decoder) varint() int64 {
	n, k := binary.Varint(d.b[d.i:])
	d.i += k
	return n
}

func (d *decoder) byte() byte {
	c := d.b[d.i]
	d.i++
	return c
}

// str returns the next string, sharing the encoding's bytes.
func (d *decoder) str() string {
	n := int(d.uvarint())
	if n == 0 {
		return ""
	}
	b := d.b[d.i : d.i+n]
	d.i += n
	return unsafe.String(unsafe.SliceData(b), n)
}

// span passes over the next string and returns where it lies.
func (d *decoder) span() span {
	n := int(d.uvarint())
	sp := span{off: int32(d.i), n: int32(n)}
	d.i += n
	return sp
}

// skipStr passes over the next string.
func (d *decoder) skipStr() { d.i += int(d.uvarint()) }

// count reads the length of a list or map, and whether it is nil.
func (d *decoder) count() (int, bool) {
	n := d.uvarint()
	if n == 0 {
		return 0, true
	}
	return int(n - 1), false
}

// take returns the next n elements of *buf, capped at n, and moves *buf
// past them; a *buf too short (or nil) is replaced by a fresh array of n,
// so that an empty list is never nil.
func take[T any](buf *[]T, n int) []T {
	if n > len(*buf) || *buf == nil {
		*buf = make([]T, n)
	}
	out := (*buf)[:n:n]
	*buf = (*buf)[n:]
	return out
}

// strs reads a list of strings, taking its array from buf, and returns it
// (nil for a nil list).
func (d *decoder) strs(buf *[]string) []string {
	n, isNil := d.count()
	if isNil {
		return nil
	}
	out := take(buf, n)
	for k := range out {
		out[k] = d.str()
	}
	return out
}

func (d *decoder) skipStrs() {
	n, _ := d.count()
	for range n {
		d.skipStr()
	}
}

func (d *decoder) value() any {
	switch tag := d.byte(); tag {
	case valueFalse:
		return false
	case valueTrue:
		return true
	case valueFloat:
		v := math.Float64frombits(binary.LittleEndian.Uint64(d.b[d.i:]))
		d.i += 8
		return v
	case valueString:
		return d.str()
	case valueStrings:
		var buf []string
		return d.strs(&buf)
	case valueList:
		n, isNil := d.count()
		if isNil {
			return []any(nil)
		}
		l := make([]any, n)
		for k := range l {
			l[k] = d.value()
		}
		return l
	case valueMap:
		return d.entries()
	}
	return nil // valueNil
}

// entries reads a map: nil for a nil one.
func (d *decoder) entries() map[string]any {
	n, isNil := d.count()
	if isNil {
		return nil
	}
	m := make(map[string]any, n)
	for range n {
		k := d.str()
		m[k] = d.value()
	}
	return m
}

// listSizes are the numbers of list elements of an encoded customer, so
// that the copies of a page can share one array per kind of element.
type listSizes struct {
	strs, addrs, tels, docs int32
}

// customerHead is what a record keeps of its customer beside the
// encoding: the fields of the unique indexes, of the cheap filters and of
// the status rules, and where the filters find the labels and the
// metadata. It holds no pointer (its strings are spans of the record's
// bytes, its status and type the package customer constants), so the
// garbage collector has nothing to follow in it.
type customerHead struct {
	id, parent ulid.ULID
	uuid       uuid.UUID
	status     customer.Status
	typ        customer.Type
	version    int64
	sizes      listSizes
	labelsAt   int32 // offset of the labels' list in the encoding
	metadataAt int32 // offset of Metadata in the encoding
	key, subdomain, hostname, externalID, country,
	emailKey, nameKey, descKey span
}

// span is where a string lies in a record's bytes.
type span struct{ off, n int32 }

// internStatus returns s as the package customer constant it equals, so
// that a record's status points to no heap memory; another value (which
// the Service never stores) is copied.
func internStatus(s customer.Status) customer.Status {
	for _, k := range customer.Statuses() {
		if k == s {
			return k
		}
	}
	return customer.Status(strings.Clone(string(s)))
}

// internType is internStatus for the customer type.
func internType(t customer.Type) customer.Type {
	for _, k := range customer.Types() {
		if k == t {
			return k
		}
	}
	return customer.Type(strings.Clone(string(t)))
}

// readHead reads the head of encoding b: everything but the spans of the
// derived keys (emailKey, nameKey, descKey), which the record appends.
func readHead(b []byte) customerHead {
	var h customerHead
	copy(h.id[:], b[0:16])
	copy(h.uuid[:], b[16:32])
	copy(h.parent[:], b[32:48])
	d := decoder{b: b, i: 48}
	h.externalID = d.span()
	d.skipStr() // TenantID
	h.key = d.span()
	d.skipStr() // Prefix
	h.status = internStatus(customer.Status(d.str()))
	h.typ = internType(customer.Type(d.str()))
	for range 6 { // Email, FirstName, LastName, CompanyName, Name, Description
		d.skipStr()
	}
	h.hostname = d.span()
	h.subdomain = d.span()
	h.country = d.span()
	d.skipStr() // Currency
	d.skipStr() // Language
	d.i++       // Delinquent
	h.version = d.varint()
	h.labelsAt = int32(d.i)
	for range 3 {
		n, _ := d.count()
		h.sizes.strs += int32(n)
		for range n {
			d.skipStr()
		}
	}
	n, _ := d.count()
	h.sizes.addrs = int32(n)
	for range n {
		for range 10 {
			d.skipStr()
		}
		d.i++
	}
	n, _ = d.count()
	h.sizes.tels = int32(n)
	for range n {
		for range 3 {
			d.skipStr()
		}
		d.i++
	}
	n, _ = d.count()
	h.sizes.docs = int32(n)
	for range n {
		for range 3 {
			d.skipStr()
		}
		d.varint()
		d.varint()
		d.varint()
	}
	d.skipEntries() // Settings
	h.metadataAt = int32(d.i)
	return h
}

// skipValue passes over the next value.
func (d *decoder) skipValue() {
	switch d.byte() {
	case valueFloat:
		d.i += 8
	case valueString:
		d.skipStr()
	case valueStrings:
		d.skipStrs()
	case valueList:
		n, _ := d.count()
		for range n {
			d.skipValue()
		}
	case valueMap:
		d.skipEntries()
	}
}

// skipEntries passes over the next map.
func (d *decoder) skipEntries() {
	n, _ := d.count()
	for range n {
		d.skipStr()
		d.skipValue()
	}
}

// labelsOf returns the labels of encoding b, whose head is h, read into
// buf (which it grows as needed).
func labelsOf(b []byte, h *customerHead, buf *[]string) []string {
	d := decoder{b: b, i: int(h.labelsAt)}
	n, isNil := d.count()
	if isNil {
		return nil
	}
	if cap(*buf) < n {
		*buf = make([]string, n)
	}
	out := (*buf)[:n]
	for k := range out {
		out[k] = d.str()
	}
	return out
}

// metadataValue returns the value of metadata key key of encoding b,
// whose head is h, and whether the key is there; a nil metadata has no
// key.
func metadataValue(b []byte, h *customerHead, key string) (any, bool) {
	d := decoder{b: b, i: int(h.metadataAt)}
	n, _ := d.count()
	for range n {
		if d.str() == key {
			return d.value(), true
		}
		d.skipValue()
	}
	return nil, false
}

// pageArrays are the arrays the copies of a page take their lists from.
type pageArrays struct {
	strs  []string
	addrs []customer.Address
	tels  []customer.Telephone
	docs  []customer.LegalDocument
}

func newPageArrays(s listSizes) pageArrays {
	return pageArrays{
		strs:  make([]string, s.strs),
		addrs: make([]customer.Address, s.addrs),
		tels:  make([]customer.Telephone, s.tels),
		docs:  make([]customer.LegalDocument, s.docs),
	}
}

// decodeCustomer fills c from the encoding b, every list taken from a
// (each capped at its length, so an append moves it), every map fresh.
// CreatedAt and UpdatedAt are the caller's to set.
func decodeCustomer(b []byte, c *customer.Customer, a *pageArrays) {
	copy(c.ULID[:], b[0:16])
	copy(c.UUID[:], b[16:32])
	copy(c.ParentID[:], b[32:48])
	d := decoder{b: b, i: 48}
	c.ExternalID = d.str()
	c.TenantID = d.str()
	c.Key = d.str()
	c.Prefix = d.str()
	c.Status = customer.Status(d.str())
	c.Type = customer.Type(d.str())
	c.Email = d.str()
	c.FirstName = d.str()
	c.LastName = d.str()
	c.CompanyName = d.str()
	c.Name = d.str()
	c.Description = d.str()
	c.Hostname = d.str()
	c.Subdomain = d.str()
	c.Country = d.str()
	c.Currency = d.str()
	c.Language = d.str()
	c.Delinquent = d.byte() == 1
	c.Version = d.varint()
	c.Labels = d.strs(&a.strs)
	c.AllowedOrigins = d.strs(&a.strs)
	c.AllowedRegistrationDomains = d.strs(&a.strs)
	c.Addresses, c.Telephones, c.LegalDocuments = nil, nil, nil
	if n, isNil := d.count(); !isNil {
		c.Addresses = take(&a.addrs, n)
		for k := range c.Addresses {
			p := &c.Addresses[k]
			p.Type = customer.AddressType(d.str())
			p.Country, p.State, p.PostalCode, p.City = d.str(), d.str(), d.str(), d.str()
			p.Line1, p.Line2, p.POBox, p.BuildingNumber, p.Complement = d.str(), d.str(), d.str(), d.str(), d.str()
			p.Default = d.byte() == 1
		}
	}
	if n, isNil := d.count(); !isNil {
		c.Telephones = take(&a.tels, n)
		for k := range c.Telephones {
			p := &c.Telephones[k]
			p.Type = customer.PhoneType(d.str())
			p.Number, p.Extension = d.str(), d.str()
			p.Default = d.byte() == 1
		}
	}
	if n, isNil := d.count(); !isNil {
		c.LegalDocuments = take(&a.docs, n)
		for k := range c.LegalDocuments {
			p := &c.LegalDocuments[k]
			p.Type, p.Country, p.Value = d.str(), d.str(), d.str()
			p.Issued.Year = int(d.varint())
			p.Issued.Month = time.Month(d.varint())
			p.Issued.Day = int(d.varint())
		}
	}
	c.Settings = customer.Settings(d.entries())
	c.Metadata = metadata.Metadata(d.entries())
}
