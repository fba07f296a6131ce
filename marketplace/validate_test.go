package marketplace_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/marketplace"
)

// codes returns "path=code" of every problem of err, in order.
func codes(t testing.TB, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *customerkit.ValidationError
	require.ErrorAs(t, err, &ve)
	require.ErrorIs(t, err, customerkit.ErrInvalid)
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Path+"="+f.Code)
	}
	return out
}

func validVars() []marketplace.ConfigVar {
	return []marketplace.ConfigVar{
		{Key: "api_url", Label: "API URL", Type: marketplace.TypeString, Visibility: marketplace.VisibilityCustomer, Default: strp("https://x")},
		{Key: "mode", Type: marketplace.TypePicklist, Options: []string{"fast", "safe"}, Default: strp("safe"), Visibility: marketplace.VisibilityCustomer},
		{Key: "conn", Type: marketplace.TypeConnection, AuthMethods: []string{"api_key", "custom"}, Visibility: marketplace.VisibilityCustomer},
		{Key: "payload", Type: marketplace.TypeCode, Language: marketplace.LanguageXML, Visibility: marketplace.VisibilityOrganization, Optional: true},
		{Key: "when", Type: marketplace.TypeSchedule, Default: strp("@daily"), Visibility: marketplace.VisibilityEmbedded},
	}
}

func TestValidateVars(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(vs []marketplace.ConfigVar) []marketplace.ConfigVar
		want   []string
	}{
		{"valid", func(vs []marketplace.ConfigVar) []marketplace.ConfigVar { return vs }, nil},
		{"none", func([]marketplace.ConfigVar) []marketplace.ConfigVar { return nil }, nil},
		{"default does not fit its type", func(vs []marketplace.ConfigVar) []marketplace.ConfigVar {
			return append(vs, marketplace.ConfigVar{Key: "n", Type: marketplace.TypeNumber, Default: strp("ten"), Visibility: marketplace.VisibilityCustomer})
		}, []string{"config_vars[5].default=invalid"}},
		{"picklist default not an option", func(vs []marketplace.ConfigVar) []marketplace.ConfigVar { vs[1].Default = strp("slow"); return vs }, []string{"config_vars[1].default=not_supported"}},
		{"duplicate key", func(vs []marketplace.ConfigVar) []marketplace.ConfigVar { vs[3].Key = "mode"; return vs }, []string{"config_vars[3].key=duplicate"}},
		{"connection without auth method", func(vs []marketplace.ConfigVar) []marketplace.ConfigVar { vs[2].AuthMethods = nil; return vs }, []string{"config_vars[2].auth_methods=required"}},
		{"bad key", func(vs []marketplace.ConfigVar) []marketplace.ConfigVar { vs[0].Key = "api-url"; return vs }, []string{"config_vars[0].key=invalid"}},
		{"key too long", func(vs []marketplace.ConfigVar) []marketplace.ConfigVar {
			vs[0].Key = strings.Repeat("k", 65)
			return vs
		}, []string{"config_vars[0].key=invalid"}},
		{"missing key, type, visibility", func(vs []marketplace.ConfigVar) []marketplace.ConfigVar {
			return append(vs, marketplace.ConfigVar{})
		}, []string{"config_vars[5].key=required", "config_vars[5].type=required", "config_vars[5].visibility=required"}},
		{"unknown type and visibility", func(vs []marketplace.ConfigVar) []marketplace.ConfigVar {
			vs[0].Type, vs[0].Visibility = "color", "public"
			return vs
		}, []string{"config_vars[0].type=not_supported", "config_vars[0].visibility=not_supported"}},
		{"code without language", func(vs []marketplace.ConfigVar) []marketplace.ConfigVar { vs[3].Language = ""; return vs }, []string{"config_vars[3].language=required"}},
		{"language on a string", func(vs []marketplace.ConfigVar) []marketplace.ConfigVar { vs[0].Language = "json"; return vs }, []string{"config_vars[0].language=invalid"}},
		{"picklist without options", func(vs []marketplace.ConfigVar) []marketplace.ConfigVar {
			vs[1].Options, vs[1].Default = nil, nil
			return vs
		}, []string{"config_vars[1].options=required"}},
		{"picklist duplicate and empty option", func(vs []marketplace.ConfigVar) []marketplace.ConfigVar {
			vs[1].Options = []string{"fast", "safe", "fast", ""}
			return vs
		}, []string{"config_vars[1].options[2]=duplicate", "config_vars[1].options[3]=invalid"}},
		{"options on a string", func(vs []marketplace.ConfigVar) []marketplace.ConfigVar { vs[0].Options = []string{"a"}; return vs }, []string{"config_vars[0].options=invalid"}},
		{"auth methods on a string", func(vs []marketplace.ConfigVar) []marketplace.ConfigVar {
			vs[0].AuthMethods = []string{"basic"}
			return vs
		}, []string{"config_vars[0].auth_methods=invalid"}},
		{"auth method duplicate and bad", func(vs []marketplace.ConfigVar) []marketplace.ConfigVar {
			vs[2].AuthMethods = []string{"api_key", "api_key", "bad name"}
			return vs
		}, []string{"config_vars[2].auth_methods[1]=duplicate", "config_vars[2].auth_methods[2]=invalid"}},
		{"bad schedule default", func(vs []marketplace.ConfigVar) []marketplace.ConfigVar { vs[4].Default = strp("every day"); return vs }, []string{"config_vars[4].default=invalid"}},
		{"bad xml default", func(vs []marketplace.ConfigVar) []marketplace.ConfigVar { vs[3].Default = strp("<a>"); return vs }, []string{"config_vars[3].default=invalid"}},
		{"label too long", func(vs []marketplace.ConfigVar) []marketplace.ConfigVar {
			vs[0].Label = strings.Repeat("é", 201)
			return vs
		}, []string{"config_vars[0].label=too_long"}},
		{"too many", func([]marketplace.ConfigVar) []marketplace.ConfigVar {
			var vs []marketplace.ConfigVar
			for i := range marketplace.MaxVars + 1 {
				vs = append(vs, marketplace.ConfigVar{Key: fmt.Sprint("k", i), Type: marketplace.TypeString, Visibility: marketplace.VisibilityCustomer})
			}
			return vs
		}, []string{"config_vars=too_many"}},
		{"every problem at once", func(vs []marketplace.ConfigVar) []marketplace.ConfigVar {
			vs[1].Default = strp("slow")
			vs[2].AuthMethods = nil
			vs[3].Key = "api_url"
			return append(vs, marketplace.ConfigVar{Key: "n", Type: marketplace.TypeNumber, Default: strp("1,5"), Visibility: marketplace.VisibilityCustomer})
		}, []string{"config_vars[1].default=not_supported", "config_vars[2].auth_methods=required", "config_vars[3].key=duplicate", "config_vars[5].default=invalid"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := marketplace.ValidateVars(tt.change(validVars()))
			require.Equal(t, tt.want, codes(t, err))
		})
	}
}

func TestNameKey(t *testing.T) {
	t.Parallel()
	require.Equal(t, marketplace.NameKey("Straße Sync"), marketplace.NameKey("STRASSE sync"))
	require.Equal(t, marketplace.NameKey("Ärger"), marketplace.NameKey("a\u0308rger"))
	require.Equal(t, "salesforce", marketplace.NameKey("SalesForce"))
}

func TestSortVars(t *testing.T) {
	t.Parallel()
	vs := []marketplace.ConfigVar{
		{Key: "b2", Header: "B", Order: 2},
		{Key: "a1", Header: "A", Order: 1},
		{Key: "none", Order: 5},
		{Key: "b1", Header: "B", Order: 1},
		{Key: "a0", Header: "A"},
	}
	marketplace.SortVars(vs)
	var keys []string
	for _, v := range vs {
		keys = append(keys, v.Key)
	}
	require.Equal(t, []string{"none", "b1", "b2", "a0", "a1"}, keys)
}

// TestSortVarsRule checks SortVars against its rule, written as plainly
// as it reads, on random definitions: up to 12 headers (more than
// SortVars keeps without a map), orders with ties, some already sorted.
func TestSortVarsRule(t *testing.T) {
	t.Parallel()
	rule := func(vars []marketplace.ConfigVar) {
		first := map[string]int{}
		for i, v := range vars {
			if _, ok := first[v.Header]; !ok {
				first[v.Header] = i
			}
		}
		rank := func(h string) int {
			if h == "" {
				return -1
			}
			return first[h]
		}
		slices.SortStableFunc(vars, func(a, b marketplace.ConfigVar) int {
			if ra, rb := rank(a.Header), rank(b.Header); ra != rb {
				return ra - rb
			}
			return a.Order - b.Order
		})
	}
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 2000 {
		vars := make([]marketplace.ConfigVar, r.IntN(30))
		headers := 1 + r.IntN(12)
		for i := range vars {
			vars[i].Key = strconv.Itoa(i)
			if h := r.IntN(headers + 1); h > 0 {
				vars[i].Header = "h" + strconv.Itoa(h)
			}
			vars[i].Order = r.IntN(4)
		}
		if n%3 == 0 {
			rule(vars)
		}
		want := slices.Clone(vars)
		rule(want)
		marketplace.SortVars(vars)
		require.Equal(t, want, vars, "case %d", n)
	}
}

func TestCustomerVars(t *testing.T) {
	t.Parallel()
	got := marketplace.CustomerVars(validVars())
	var keys []string
	for _, v := range got {
		require.Equal(t, marketplace.VisibilityCustomer, v.Visibility)
		keys = append(keys, v.Key)
	}
	require.Equal(t, []string{"api_url", "mode", "conn"}, keys)
}
