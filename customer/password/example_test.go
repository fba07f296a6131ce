package password_test

import (
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer/password"
)

// Hash a password on sign-up; verify it on sign-in. The hash carries its
// salt and parameters, and never prints.
func ExampleHasher() {
	// Real hosts use NewHasher(nil): DefaultParams. Small parameters keep
	// the example fast.
	hasher, err := password.NewHasher(&password.Options{Params: password.Params{Memory: 64, Iterations: 1}})
	if err != nil {
		fmt.Println(err)
		return
	}
	h, err := hasher.Hash("correct horse battery staple")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(h, len(h.Encoded()) > 0)

	ok, rehash, err := hasher.Verify(h, "correct horse battery staple")
	fmt.Println(ok, rehash, err)
	ok, rehash, err = hasher.Verify(h, "Tr0ub4dor&3")
	fmt.Println(ok, rehash, err)
	// Output:
	// [argon2id hash] true
	// true false <nil>
	// false false <nil>
}

// When the host raises its parameters, old hashes still verify and ask to
// be replaced while the password is at hand.
func ExampleHasher_Verify_rehash() {
	old, _ := password.NewHasher(&password.Options{Params: password.Params{Memory: 64, Iterations: 1}})
	stored, _ := old.Hash("s3cret")

	current, _ := password.NewHasher(&password.Options{Params: password.Params{Memory: 128, Iterations: 2}})
	ok, rehash, _ := current.Verify(stored, "s3cret")
	fmt.Println(ok, rehash)
	if ok && rehash {
		stored, _ = current.Hash("s3cret")
	}
	p, _ := stored.Params()
	fmt.Printf("m=%d t=%d p=%d\n", p.Memory, p.Iterations, p.Parallelism)
	// Output:
	// true true
	// m=128 t=2 p=1
}

// A storage adapter keeps Encoded(); a malformed stored value is an
// ErrInvalid naming the hash, never quoting it.
func ExampleParseHash() {
	h, err := password.ParseHash("$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4")
	fmt.Println(h, err)
	p, _ := h.Params()
	fmt.Printf("%+v\n", p)

	_, err = password.ParseHash("$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW")
	fmt.Println(errors.Is(err, customerkit.ErrInvalid), err)
	// Output:
	// [argon2id hash] <nil>
	// {Memory:256 Iterations:2 Parallelism:1 SaltLength:8 KeyLength:32}
	// true password: invalid input: hash: not_supported: only argon2id hashes are supported
}

// A Hash logs redacted.
func ExampleHash_LogValue() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	h := password.Hash("$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4")
	logger.Info("password changed", "user", "ana@example.com", "hash", h)
	// Output:
	// level=INFO msg="password changed" user=ana@example.com hash="[argon2id hash]"
}

// The password policy refuses what Hash will not hash.
func ExampleHasher_Hash_policy() {
	hasher, _ := password.NewHasher(&password.Options{Params: password.Params{Memory: 64, Iterations: 1}, MinLength: 8})
	for _, pw := range []string{"", "short", "\xffbad utf-8"} {
		_, err := hasher.Hash(pw)
		var ve *customerkit.ValidationError
		if errors.As(err, &ve) {
			fmt.Println(ve.Fields[0].Path, ve.Fields[0].Code)
		}
	}
	// Output:
	// password required
	// password too_short
	// password invalid
}
