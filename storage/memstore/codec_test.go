package memstore

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/metadata"
	"github.com/customerkit/customerkit/storage/storagetest"
)

// fullCustomer returns a customer whose every field, down to each field
// of each list element, is set to a value that is not the zero value, so
// that a field the codec forgets cannot round-trip.
func fullCustomer(t testing.TB) *customer.Customer {
	t.Helper()
	c := storagetest.NewCustomer(7)
	c.ParentID = ulid.Make()
	c.Version = 42
	c.Settings = customer.Settings{"theme": "dark", "digest": true, "retention_days": 30.0, "tags": []string{"x", ""}, "off": false}
	c.Metadata = metadata.Metadata{
		"plan": "pro", "seats": -1.5e300, "nan": math.NaN(), "negzero": math.Copysign(0, -1), "on": true, "off": false,
		"none": nil, "limits": map[string]any{"api": 100.0, "name": "é", "nil": nil},
		"tags": []any{"a", 2.0, true, nil}, "emptymap": map[string]any{}, "emptylist": []any{},
	}
	c.Addresses[0].Default, c.Telephones[0].Default = true, true
	c.LegalDocuments[0].Issued = customer.Date{Year: 2019, Month: time.December, Day: 31}
	fillEmpty(t, reflect.ValueOf(c).Elem(), "Customer")
	return c
}

// fillEmpty sets every string field still empty, and fails the test on a
// field of a kind the helper does not know, so that a new field of
// customer.Customer (or of its list elements) is noticed here.
func fillEmpty(t testing.TB, v reflect.Value, path string) {
	t.Helper()
	for i := range v.NumField() {
		f, name := v.Field(i), path+"."+v.Type().Field(i).Name
		switch f.Kind() {
		case reflect.String:
			if f.String() == "" {
				f.SetString("set " + name)
			}
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Slice:
			if f.Len() == 0 {
				t.Fatalf("%s is empty: give it elements", name)
			}
			if f.Type().Elem().Kind() == reflect.Struct {
				for k := range f.Len() {
					fillEmpty(t, f.Index(k), name)
				}
			}
		case reflect.Map:
			if f.Len() == 0 {
				t.Fatalf("%s is empty: give it entries", name)
			}
		case reflect.Array, reflect.Int, reflect.Int64:
			if f.IsZero() {
				t.Fatalf("%s is zero: set it", name)
			}
		case reflect.Struct:
			if f.IsZero() {
				t.Fatalf("%s is zero: set it", name)
			}
		default:
			t.Fatalf("%s is a %s: teach the codec and this test about it", name, f.Kind())
		}
	}
}

// requireRoundTrip stores c in a record and checks that the record gives
// c back, field for field, nil and empty lists and maps as they were.
func requireRoundTrip(t *testing.T, c *customer.Customer, encoded bool) {
	t.Helper()
	r := newCustomerRecord(c)
	require.Equal(t, encoded, r.raw == nil, "encoded")
	for _, got := range []*customer.Customer{r.customer(), clonePage([]*customerRecord{r, r})[1]} {
		requireSame(t, reflect.ValueOf(c).Elem(), reflect.ValueOf(got).Elem(), "Customer")
	}
	require.Equal(t, c.Key, r.key())
	require.Equal(t, c.Subdomain, r.subdomain())
	require.Equal(t, c.Hostname, r.hostname())
	require.Equal(t, c.ExternalID, r.externalID())
	require.Equal(t, c.Country, r.country())
	require.Equal(t, customer.EmailKey(c.Email), r.emailKey())
	require.Equal(t, customer.SearchKey(c.Name), r.nameKey())
	require.Equal(t, customer.SearchKey(c.Description), r.descKey())
	require.Equal(t, c.Status, r.head.status)
	require.Equal(t, c.Version, r.head.version)
}

// requireSame is reflect.DeepEqual that tells nil from empty, NaN equal
// to NaN and -0 from 0, and says where two values differ.
func requireSame(t *testing.T, want, got reflect.Value, path string) {
	t.Helper()
	if want.Kind() == reflect.Interface {
		if want.IsNil() || got.IsNil() {
			require.Equal(t, want.IsNil(), got.IsNil(), "%s: nil", path)
			return
		}
		want, got = want.Elem(), got.Elem()
	}
	require.Equal(t, want.Type(), got.Type(), "%s: type", path)
	switch want.Kind() {
	case reflect.Struct:
		if want.Type() == reflect.TypeOf(time.Time{}) {
			require.True(t, want.Interface().(time.Time).Equal(got.Interface().(time.Time)), "%s", path)
			require.Equal(t, want.Interface().(time.Time).Location(), got.Interface().(time.Time).Location(), "%s: location", path)
			return
		}
		for i := range want.NumField() {
			requireSame(t, want.Field(i), got.Field(i), path+"."+want.Type().Field(i).Name)
		}
	case reflect.Slice:
		require.Equal(t, want.IsNil(), got.IsNil(), "%s: nil", path)
		require.Equal(t, want.Len(), got.Len(), "%s: length", path)
		for i := range want.Len() {
			requireSame(t, want.Index(i), got.Index(i), path+"[]")
		}
	case reflect.Map:
		require.Equal(t, want.IsNil(), got.IsNil(), "%s: nil", path)
		require.Equal(t, want.Len(), got.Len(), "%s: length", path)
		for _, k := range want.MapKeys() {
			g := got.MapIndex(k)
			require.True(t, g.IsValid(), "%s[%v] missing", path, k)
			requireSame(t, want.MapIndex(k), g, path+"["+k.String()+"]")
		}
	case reflect.Float64:
		require.Equal(t, math.Float64bits(want.Float()), math.Float64bits(got.Float()), "%s", path)
	default:
		require.Equal(t, want.Interface(), got.Interface(), "%s", path)
	}
}

func TestCodecRoundTrip(t *testing.T) {
	t.Parallel()
	requireRoundTrip(t, fullCustomer(t), true)

	// Every list and map nil, then every one empty.
	c := fullCustomer(t)
	c.Labels, c.AllowedOrigins, c.AllowedRegistrationDomains = nil, nil, nil
	c.Addresses, c.Telephones, c.LegalDocuments, c.Settings, c.Metadata = nil, nil, nil, nil, nil
	requireRoundTrip(t, c, true)
	c.Labels, c.AllowedOrigins, c.AllowedRegistrationDomains = []string{}, []string{}, []string{}
	c.Addresses, c.Telephones, c.LegalDocuments = []customer.Address{}, []customer.Telephone{}, []customer.LegalDocument{}
	c.Settings, c.Metadata = customer.Settings{}, metadata.Metadata{}
	requireRoundTrip(t, c, true)

	// Zero values everywhere, times in another zone, an unknown status.
	z := &customer.Customer{Status: "archived", CreatedAt: time.Date(2020, 1, 2, 3, 4, 5, 6, time.FixedZone("X", 3600))}
	requireRoundTrip(t, z, true)
	r := newCustomerRecord(z)
	require.Equal(t, customer.Status("archived"), r.head.status)

	// Long strings, and strings of every byte.
	c = fullCustomer(t)
	c.Description = strings.Repeat("Zoë ", 10000)
	c.Labels = []string{"\x00\xff", ""}
	c.Metadata["bin"] = "\x00\x01\xfe"
	requireRoundTrip(t, c, true)
}

// TestCodecUnknownValue: a customer holding a value of a type the codec
// does not know is kept as a clone, and still reads, lists and indexes
// like any other.
func TestCodecUnknownValue(t *testing.T) {
	t.Parallel()
	for name, change := range map[string]func(*customer.Customer){
		"setting":         func(c *customer.Customer) { c.Settings["count"] = 3 },
		"metadata":        func(c *customer.Customer) { c.Metadata["when"] = time.Unix(0, 0) },
		"nested metadata": func(c *customer.Customer) { c.Metadata["limits"] = map[string]any{"n": int64(1)} },
		"named map":       func(c *customer.Customer) { c.Metadata["m"] = metadata.Metadata{"a": "b"} },
		"in a list":       func(c *customer.Customer) { c.Metadata["l"] = []any{"a", uint8(1)} },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c := storagetest.NewCustomer(3)
			change(c)
			requireRoundTrip(t, c, false)

			s := New()
			require.NoError(t, s.CreateCustomer(t.Context(), c))
			got, err := s.GetCustomer(t.Context(), customer.ByEmail, customer.EmailKey(c.Email))
			require.NoError(t, err)
			require.Equal(t, c, got)
			page, err := s.ListCustomers(t.Context(), &customer.Query{Labels: c.Labels, Countries: []string{c.Country}, Limit: 10}, customerkit.Cursor{})
			require.NoError(t, err)
			require.Len(t, page.Items, 1)
			require.Equal(t, c, page.Items[0])
		})
	}
}

// FuzzCodecMetadata: any metadata value the codec encodes comes back as
// it was.
//
//	go test ./storage/memstore -run '^$' -fuzz FuzzCodecMetadata -fuzztime 30s
func FuzzCodecMetadata(f *testing.F) {
	f.Add("plan", "pro", 1.5, true, []byte{0, 1})
	f.Add("", "", math.Inf(-1), false, []byte(nil))
	f.Fuzz(func(t *testing.T, key, text string, num float64, flag bool, shape []byte) {
		c := storagetest.NewCustomer(1)
		var v any
		values := []any{text, num, flag, nil}
		for i, b := range shape {
			switch b % 4 {
			case 0:
				v = values[i%len(values)]
			case 1:
				v = []any{v, text}
			case 2:
				v = map[string]any{key: v, text: num}
			case 3:
				v = []string{text, key}
			}
		}
		c.Metadata = metadata.Metadata{key: v, "n": num}
		c.Settings = customer.Settings{key: text}
		c.Name, c.Labels = text, []string{key}
		requireRoundTrip(t, c, true)
	})
}
