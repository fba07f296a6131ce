package password_test

import (
	"testing"

	"github.com/customerkit/customerkit/customer/password"
)

// BenchmarkHash measures one Hash with DefaultParams (19 MiB, t=2, p=1):
// the time and memory a sign-up or password change costs.
//
//	go test ./customer/password -run '^$' -bench . -benchmem
func BenchmarkHash(b *testing.B) {
	h := newHasher(b, nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := h.Hash("correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify measures one Verify with DefaultParams: what a sign-in
// costs.
func BenchmarkVerify(b *testing.B) {
	h := newHasher(b, nil)
	hash, err := h.Hash("correct horse battery staple")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if ok, _, err := h.Verify(hash, "correct horse battery staple"); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

// BenchmarkVerifyMalformed measures refusing a malformed hash: no
// hashing cost is spent.
func BenchmarkVerifyMalformed(b *testing.B) {
	h := newHasher(b, &password.Options{Params: fast})
	bad := password.Hash("$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$not base64!")
	for b.Loop() {
		if _, _, err := h.Verify(bad, "pw"); err == nil {
			b.Fatal("accepted")
		}
	}
}
