package instance_test

import (
	"errors"
	"testing"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/instance"
	"github.com/customerkit/customerkit/marketplace"
)

// FuzzConfigure feeds arbitrary keys and values through the configuration
// path (visibility, type check, connection lookup) of both the
// organization and the customer handle: it never panics, refuses only
// with ErrInvalid, and what it stores is canonical (checking it again
// gives it back unchanged).
//
//	go test ./instance -run '^$' -fuzz FuzzConfigure -fuzztime 30s
func FuzzConfigure(f *testing.F) {
	fx := newFixture(f, nil)
	c := fx.customer(customer.StatusActive)
	vars := append(crmVars(),
		marketplace.ConfigVar{Key: "when", Type: marketplace.TypeTimestamp, Visibility: marketplace.VisibilityCustomer, Optional: true},
		marketplace.ConfigVar{Key: "day", Type: marketplace.TypeDate, Visibility: marketplace.VisibilityCustomer, Optional: true},
		marketplace.ConfigVar{Key: "cron", Type: marketplace.TypeSchedule, Visibility: marketplace.VisibilityCustomer, Optional: true},
		marketplace.ConfigVar{Key: "doc", Type: marketplace.TypeCode, Language: marketplace.LanguageXML, Visibility: marketplace.VisibilityCustomer, Optional: true},
		marketplace.ConfigVar{Key: "json", Type: marketplace.TypeCode, Language: marketplace.LanguageJSON, Visibility: marketplace.VisibilityCustomer, Optional: true},
		marketplace.ConfigVar{Key: "flag", Type: marketplace.TypeBoolean, Visibility: marketplace.VisibilityCustomer, Optional: true},
	)
	in := fx.integration("CRM", deployable(), vars)
	h := fx.svc.Marketplace(c.ULID, marketplace.RoleAdmin)
	v, err := h.Activate(f.Context(), in.ID, instance.ActivateInput{Values: completeValues()})
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range [][2]string{
		{"batch", "1e3"}, {"batch", "-0"}, {"mode", "fast"}, {"region", "us"}, {"tenant", "x"},
		{"when", "2025-01-02T03:04:05+02:00"}, {"day", "2024-02-30"}, {"cron", "*/5 * * * *"},
		{"doc", "<a><b/></a>"}, {"json", `{"a":[1,2`}, {"flag", "TRUE"}, {"conn", "01ARZ3NDEKTSV4RRFFQ69G5FAV"},
		{"", ""}, {"api_url", "\xff"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, key, value string) {
		ctx := t.Context()
		for _, org := range []bool{false, true} {
			var values map[string]string
			var err error
			if org {
				var i *instance.Instance
				i, err = fx.svc.Configure(ctx, v.ID, map[string]string{key: value})
				if err == nil {
					values = i.Values
					if _, ok := i.PrivateValues[key]; ok {
						values = i.PrivateValues
					}
				}
			} else {
				var iv *instance.InstanceView
				iv, err = h.Configure(ctx, v.ID, map[string]string{key: value})
				if err == nil {
					values = iv.Values
				}
			}
			if err != nil {
				if !errors.Is(err, customerkit.ErrInvalid) {
					t.Fatalf("configure %q=%q: %v", key, value, err)
				}
				var ve *customerkit.ValidationError
				if !errors.As(err, &ve) || len(ve.Fields) == 0 {
					t.Fatalf("configure %q=%q: not a ValidationError: %v", key, value, err)
				}
				continue
			}
			stored, ok := values[key]
			if !ok {
				t.Fatalf("configure %q=%q: value not stored", key, value)
			}
			d, _ := (&marketplace.IntegrationVersion{ConfigVars: vars}).Var(key)
			again, err := d.CheckValue(stored)
			if err != nil || again != stored {
				t.Fatalf("stored %q=%q is not canonical: %q, %v", key, stored, again, err)
			}
		}
	})
}
