package sqlstore

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/marketplace"
)

// FuzzFoldKey checks that foldKey is the key of strings.EqualFold, the
// category match of marketplace.Query, and idempotent.
//
//	go test ./storage/sqlstore -run '^$' -fuzz FuzzFoldKey -fuzztime 30s
func FuzzFoldKey(f *testing.F) {
	for _, p := range [][2]string{
		{"CRM", "crm"}, {"Kelvin", "\u212aelvin"}, {"ſ", "S"}, {"straße", "STRASSE"}, {"Ǆ", "ǆ"},
		{"ÉRP", "érp"}, {"\xff", "\ufffd"}, {"a\x00", "A\x00"}, {"Σ", "ς"}, {"", "x"},
	} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ka, kb := foldKey(a), foldKey(b)
		if (ka == kb) != strings.EqualFold(a, b) {
			t.Fatalf("foldKey(%q) = %q, foldKey(%q) = %q, but EqualFold = %v", a, ka, b, kb, strings.EqualFold(a, b))
		}
		if foldKey(ka) != ka {
			t.Fatalf("foldKey is not idempotent on %q: %q, then %q", a, ka, foldKey(ka))
		}
		if !strings.EqualFold(a, ka) {
			t.Fatalf("foldKey(%q) = %q does not fold to it", a, ka)
		}
	})
}

// FuzzParseStrings checks that the parsers of JSON arrays and objects of
// strings agree with encoding/json whenever they accept their input.
//
//	go test ./storage/sqlstore -run '^$' -fuzz FuzzParseStrings -fuzztime 30s
func FuzzParseStrings(f *testing.F) {
	for _, s := range []string{
		`[]`, `["a","b"]`, ` [ "a" , "ü" ] `, `["a\"b"]`, `[1]`, `null`, `["a",]`, `["a"] x`,
		`{}`, `{"k":"v","x":"y"}`, `{ "k" : "v" }`, `{"k":"v","k":"w"}`, `{"k":1}`, "[\"\xff\"]", `["a` + "\t" + `"]`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, ok := parseStrings(s); ok {
			var want []string
			if err := json.Unmarshal([]byte(s), &want); err != nil {
				t.Fatalf("parseStrings accepted %q, which encoding/json refuses: %v", s, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("parseStrings(%q) = %#v, encoding/json: %#v", s, got, want)
			}
			if bs, ok := parseStrings([]byte(s)); !ok || !reflect.DeepEqual(bs, got) {
				t.Fatalf("parseStrings of bytes differs on %q", s)
			}
		}
		if got, ok := parseStringMap(s); ok {
			var want map[string]string
			if err := json.Unmarshal([]byte(s), &want); err != nil {
				t.Fatalf("parseStringMap accepted %q, which encoding/json refuses: %v", s, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("parseStringMap(%q) = %#v, encoding/json: %#v", s, got, want)
			}
		}
	})
}

func TestParseStringsForms(t *testing.T) {
	// What the databases return is parsed without encoding/json.
	for _, s := range []string{`["a","b"]`, `["a", "b"]`, `[]`, `["Zoë"]`} {
		if _, ok := parseStrings(s); !ok {
			t.Errorf("parseStrings(%q) fell back", s)
		}
	}
	for _, s := range []string{`{"k":"v"}`, `{"k": "v", "x": "y"}`, `{}`} {
		if _, ok := parseStringMap(s); !ok {
			t.Errorf("parseStringMap(%q) fell back", s)
		}
	}
	// Escapes go to encoding/json, which decodes them.
	d := jsonDecoder{what: "test"}
	var got []string
	d.col(&jsonCol{s: `["a\"b","\u00e9"]`, valid: true}, &got)
	if d.err != nil || !reflect.DeepEqual(got, []string{`a"b`, "é"}) {
		t.Fatalf("escaped strings: %q, %v", got, d.err)
	}
	var m map[string]string
	d.col(&jsonCol{b: []byte(`{"k":1}`), bytes: true, valid: true}, &m)
	if d.err == nil {
		t.Fatal("a number where a string belongs decoded without an error")
	}
}

func TestCloneVars(t *testing.T) {
	def := func(s string) *string { return &s }
	vars := []marketplace.ConfigVar{
		{Key: "a", Type: marketplace.TypePicklist, Options: []string{"x", "y"}, Default: def("x"), Visibility: marketplace.VisibilityCustomer},
		{Key: "b", Type: marketplace.TypeConnection, AuthMethods: []string{"api_key"}, Visibility: marketplace.VisibilityEmbedded},
		{Key: "c", Type: marketplace.TypeString, Default: def(""), Visibility: marketplace.VisibilityOrganization, Options: []string{}},
	}
	want := make([]marketplace.ConfigVar, len(vars))
	for i := range vars {
		want[i] = vars[i].Clone()
	}
	got := cloneVars(vars)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("cloneVars = %#v, want %#v", got, want)
	}
	// The copy shares nothing with the original, and its slices nothing
	// with each other.
	got[0].Options[0], *got[0].Default, got[1].AuthMethods[0] = "changed", "changed", "changed"
	got[0].Options = append(got[0].Options, "appended")
	if vars[0].Options[0] != "x" || *vars[0].Default != "x" || vars[1].AuthMethods[0] != "api_key" {
		t.Fatal("changing the copy changed the original")
	}
	if got[1].AuthMethods[0] != "changed" || *got[0].Default != "changed" || len(got[1].AuthMethods) != 1 {
		t.Fatal("appending to one copied slice wrote into another")
	}
	if cloneVars(nil) != nil {
		t.Fatal("cloneVars(nil) is not nil")
	}
}

func TestVarsCache(t *testing.T) {
	c := &varsCache{}
	text := `[{"key":"a","type":"string","visibility":"customer","default":"d"}]`
	for range 2 {
		d := jsonDecoder{what: "version"}
		vars := c.decode(&jsonCol{s: text, valid: true}, &d)
		if d.err != nil || len(vars) != 1 || vars[0].Key != "a" || *vars[0].Default != "d" {
			t.Fatalf("decode = %#v, %v", vars, d.err)
		}
		*vars[0].Default = "changed" // a copy: the cache keeps "d"
	}
	d := jsonDecoder{what: "version"}
	if vars := c.decode(&jsonCol{}, &d); vars != nil || d.err != nil {
		t.Fatalf("NULL: %v, %v", vars, d.err)
	}
	if vars := c.decode(&jsonCol{b: []byte(`[{`), bytes: true, valid: true}, &d); vars != nil || d.err == nil {
		t.Fatal("malformed JSON decoded without an error")
	}
}

func TestTranslateMarketplace(t *testing.T) {
	tests := []struct {
		dialect         Dialect
		err             error
		resource, field string
		path            string
		is              error
	}{
		{PostgreSQL, &fakePgError{Code: "23505", ConstraintName: "customerkit_integrations_name_uq"}, "integration", "name", "", customerkit.ErrAlreadyExists},
		{PostgreSQL, &fakePgError{Code: "23505", ConstraintName: "customerkit_integrations_pkey"}, "integration", "id", "", customerkit.ErrAlreadyExists},
		{PostgreSQL, &fakePgError{Code: "23505", ConstraintName: "customerkit_listings_pkey"}, "listing", "integration_id", "", customerkit.ErrAlreadyExists},
		{PostgreSQL, &fakePgError{Code: "23505", ConstraintName: "customerkit_instances_pkey"}, "instance", "id", "", customerkit.ErrAlreadyExists},
		{PostgreSQL, &fakePgError{Code: "23514", ConstraintName: "customerkit_listings_availability_check"}, "listing", "", "availability", customerkit.ErrInvalid},
		{PostgreSQL, &fakePgError{Code: "23514", ConstraintName: "customerkit_instances_deploy_count_check"}, "instance", "", "deploy_count", customerkit.ErrInvalid},
		{SQLite, &fakeSQLiteError{"constraint failed: UNIQUE constraint failed: customerkit_integrations.name_key (2067)", 2067}, "integration", "name", "", customerkit.ErrAlreadyExists},
		{SQLite, &fakeSQLiteError{"constraint failed: UNIQUE constraint failed: customerkit_integrations.id (1555)", 1555}, "integration", "id", "", customerkit.ErrAlreadyExists},
		{SQLite, &fakeSQLiteError{"constraint failed: UNIQUE constraint failed: customerkit_listings.integration_id (1555)", 1555}, "listing", "integration_id", "", customerkit.ErrAlreadyExists},
		{SQLite, &fakeSQLiteError{"constraint failed: UNIQUE constraint failed: customerkit_instances.id (1555)", 1555}, "instance", "id", "", customerkit.ErrAlreadyExists},
		{SQLite, &fakeSQLiteError{"constraint failed: CHECK constraint failed: customerkit_instances_enabled_check (275)", 275}, "instance", "", "enabled", customerkit.ErrInvalid},
		{SQLite, &fakeSQLiteError{"constraint failed: CHECK constraint failed: customerkit_integration_versions_number_check (275)", 275}, "version", "", "number", customerkit.ErrInvalid},
	}
	for _, tt := range tests {
		s := &Store{d: tt.dialect.impl()}
		got := s.translate(t.Context(), "test", tt.resource, tt.err, nil)
		if !errors.Is(got, tt.is) {
			t.Errorf("%v: got %v, want a match of %v", tt.err, got, tt.is)
			continue
		}
		if tt.field != "" {
			var ae *customerkit.AlreadyExistsError
			if !errors.As(got, &ae) || ae.Resource != tt.resource || ae.Field != tt.field {
				t.Errorf("%v: got %#v, want %s field %q", tt.err, got, tt.resource, tt.field)
			}
		}
		if tt.path != "" {
			var ve *customerkit.ValidationError
			if !errors.As(got, &ve) || !ve.Has(tt.path) {
				t.Errorf("%v: got %v, want a problem at %q", tt.err, got, tt.path)
			}
		}
	}
}
