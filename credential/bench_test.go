package credential_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit/credential"
)

// benchValues are field values of typical sizes: a password, an access
// token (a JWT), a PEM private key.
var benchValues = []struct {
	name  string
	value string
}{
	{"password_16B", strings.Repeat("p", 16)},
	{"token_1KiB", strings.Repeat("t", 1024)},
	{"pem_4KiB", strings.Repeat("k", 4096)},
}

// BenchmarkSeal seals one field value, AAD included, as Service.Create
// does for each secret field.
//
//	go test ./credential -run '^$' -bench 'BenchmarkSeal|BenchmarkOpen' -benchmem -count 6
func BenchmarkSeal(b *testing.B) {
	ring := newRing(b, "k1", "k2")
	id := ulid.Make()
	for _, bv := range benchValues {
		b.Run(bv.name, func(b *testing.B) {
			pt := []byte(bv.value)
			b.SetBytes(int64(len(pt)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ring.Seal(pt, credential.AAD(id, "password")); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkOpen opens one sealed field value, as Service.Reveal does for
// each secret field.
func BenchmarkOpen(b *testing.B) {
	ring := newRing(b, "k1", "k2")
	id := ulid.Make()
	for _, bv := range benchValues {
		b.Run(bv.name, func(b *testing.B) {
			s, err := ring.Seal([]byte(bv.value), credential.AAD(id, "password"))
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(bv.value)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ring.Open(s, credential.AAD(id, "password")); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReveal opens a whole OAuth2 credential (client secret, access
// and refresh tokens) from the in-memory store.
func BenchmarkReveal(b *testing.B) {
	f := newFixture(b, nil)
	v, err := f.svc.Create(b.Context(), credential.Input{
		Name: "bench", Method: credential.MethodOAuth2AuthorizationCode,
		Values: credential.Values{
			"client_id": "cid", "client_secret": strings.Repeat("s", 40), "token_url": "https://a.example/t",
			"access_token": strings.Repeat("a", 1024), "refresh_token": strings.Repeat("r", 64),
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		r, err := f.svc.Reveal(b.Context(), v.ID)
		if err != nil || len(r.Secrets) != 3 {
			b.Fatal(err, strconv.Itoa(len(r.Secrets)))
		}
	}
}
