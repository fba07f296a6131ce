package credential_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/credential"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/storage/memstore"
)

// exampleRing returns a key ring. A real host loads its keys from a KMS
// or a secret manager, never from code.
func exampleRing(ids ...string) *credential.KeyRing {
	var keys []credential.Key
	for _, id := range ids {
		secret := sha256.Sum256([]byte("example key " + id))
		keys = append(keys, credential.Key{ID: id, Secret: secret[:]})
	}
	r, err := credential.NewKeyRing(keys...)
	if err != nil {
		panic(err)
	}
	return r
}

// A credential is created with its secrets in clear; the store only ever
// sees them sealed, views name them without their values, and only Reveal
// opens them.
func ExampleService_Create() {
	ctx := context.Background()
	store := memstore.New()
	svc := credential.NewService(store, exampleRing("2025-01"), nil)

	v, err := svc.Create(ctx, credential.Input{
		Name:   "Billing API",
		Method: credential.MethodBasic,
		Values: credential.Values{"username": "acme-sync", "password": "correct horse"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(v.Name, v.Method, v.Status, v.Fields, v.SecretFields)

	stored, _ := store.GetCredential(ctx, v.ID)
	fmt.Println(stored.Sealed["password"])

	r, _ := svc.Reveal(ctx, v.ID)
	fmt.Println(r.Secrets["password"], "→", r.Secrets["password"].Reveal())
	// Output:
	// Billing API basic active map[username:acme-sync] [password]
	// sealed(2025-01, 41 bytes)
	// [REDACTED] → correct horse
}

// Missing and malformed fields are refused field by field.
func ExampleService_Create_validation() {
	svc := credential.NewService(memstore.New(), exampleRing("k1"), nil)
	_, err := svc.Create(context.Background(), credential.Input{
		Name:   "ERP",
		Method: credential.MethodOAuth2ClientCredentials,
		Values: credential.Values{"client_id": "erp", "token_url": "ftp://auth.example.com", "region": "eu"},
		Scopes: []string{"read", "read"},
	})
	var ve *customerkit.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			fmt.Println(f.Path, f.Code)
		}
	}
	// Output:
	// values["client_secret"] required
	// values["token_url"] invalid
	// values["region"] not_supported
	// scopes[1] duplicate
}

// Secrets never print, marshal or log.
func ExampleSecret() {
	s := credential.NewSecret("sk_live_123")
	fmt.Printf("%v %+v %#v %q\n", s, s, s, s)
	b, _ := json.Marshal(map[string]any{"api_key": s, "values": credential.Values{"password": "pw"}})
	fmt.Println(string(b))
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	logger.Info("calling the API", "key", s)
	fmt.Println(s.Reveal())
	// Output:
	// [REDACTED] [REDACTED] [REDACTED] [REDACTED]
	// {"api_key":"[REDACTED]","values":{"password":"[REDACTED]"}}
	// level=INFO msg="calling the API" key=[REDACTED]
	// sk_live_123
}

// Keys rotate: new writes use the newest key, old values still open, and
// ResealAll moves every value forward so the old key can be retired.
func ExampleService_ResealAll() {
	ctx := context.Background()
	store := memstore.New()
	old := credential.NewService(store, exampleRing("2024"), nil)
	v, _ := old.Create(ctx, credential.Input{Name: "CRM", Method: credential.MethodAPIKey, Values: credential.Values{"api_key": "k-123"}})

	svc := credential.NewService(store, exampleRing("2024", "2025"), nil)
	n, err := svc.ResealAll(ctx)
	fmt.Println(n, err)
	stored, _ := store.GetCredential(ctx, v.ID)
	fmt.Println(stored.Sealed["api_key"].KeyID)

	retired := credential.NewService(store, exampleRing("2025"), nil)
	r, err := retired.Reveal(ctx, v.ID)
	fmt.Println(r.Secrets["api_key"].Reveal(), err)
	// Output:
	// 1 <nil>
	// 2025
	// k-123 <nil>
}

// An OAuth2 client-credentials credential starts pending; Refresh obtains
// its token from the provider through golang.org/x/oauth2.
func ExampleService_Refresh() {
	provider := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"access_token":"at-1","token_type":"Bearer","expires_in":3600}`)
	}))
	defer provider.Close()

	ctx := context.Background()
	svc := credential.NewService(memstore.New(), exampleRing("k1"), &credential.Options{
		Refresher: &credential.OAuth2Refresher{HTTPClient: provider.Client()},
	})
	v, _ := svc.Create(ctx, credential.Input{
		Name:   "Warehouse",
		Method: credential.MethodOAuth2ClientCredentials,
		Values: credential.Values{"client_id": "wh", "client_secret": "s3cret", "token_url": provider.URL + "/oauth/token"},
		Scopes: []string{"inventory:read"},
	})
	fmt.Println(v.Status, v.NeedsRefresh)
	v, err := svc.Refresh(ctx, v.ID)
	fmt.Println(v.Status, v.NeedsRefresh, v.SecretFields, err)
	// Output:
	// pending true
	// active false [access_token client_secret] <nil>
}

// A customer works through a handle bound to it: it sees its own and the
// organization's credentials, never another customer's, and never a
// secret value.
func ExampleService_ForCustomer() {
	ctx := context.Background()
	store := memstore.New()
	acme, err := customer.NewService(store, nil).Create(ctx, &customer.Customer{
		Type: customer.TypeBusiness, CompanyName: "Acme", FirstName: "Ada", LastName: "Lovelace",
		Email: "ada@acme.example", Country: "GB", Currency: "GBP",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	svc := credential.NewService(store, exampleRing("k1"), nil)
	shared, _ := svc.Create(ctx, credential.Input{Name: "Shared SMTP", Method: credential.MethodBasic, Values: credential.Values{"username": "relay", "password": "pw"}})

	h := svc.ForCustomer(acme.ULID)
	own, _ := h.Create(ctx, credential.Input{Name: "Acme Slack", Method: credential.MethodBearer, Values: credential.Values{"token": "xoxb-1"}})
	fmt.Println(own.CustomerID == acme.ULID, own.SecretFields)

	_, err = h.Update(ctx, shared.ID, credential.Patch{Values: credential.Values{"password": "mine"}})
	fmt.Println(errors.Is(err, customerkit.ErrPermissionDenied))
	for v, err := range h.All(ctx, &credential.Query{OrgWide: true}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(v.Name, v.Method, v.SecretFields)
	}
	// Output:
	// true [token]
	// true
	// Shared SMTP basic [password]
	// Acme Slack bearer [token]
}
