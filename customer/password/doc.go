// Package password hashes and verifies the passwords of customer users,
// for hosts that let their users sign in with one. It owns the hashing
// only: where a Hash is stored, and who may set it, belong to the user
// records and services that use it. It imports the root package,
// golang.org/x/crypto/argon2 and golang.org/x/text/unicode/norm.
//
// # Wiring
//
//	hasher, err := password.NewHasher(nil)        // DefaultParams, crypto/rand
//	h, err := hasher.Hash(pw)                     // on sign-up or password change
//	store(h.Encoded())                            // the PHC string, salt and parameters included
//
//	ok, rehash, err := hasher.Verify(password.Hash(stored), pw) // on sign-in
//	if ok && rehash { h, _ = hasher.Hash(pw); store(h.Encoded()) }
//
// # The hash
//
// A Hash is argon2id (RFC 9106, version 19) from golang.org/x/crypto, in
// the PHC string format the reference implementation writes:
//
//	$argon2id$v=19$m=19456,t=2,p=1$<salt, base64>$<key, base64>
//
// The salt is fresh for every Hash call (SaltLength bytes from the
// RandReader), so the same password never hashes the same twice. The
// parameters travel with the hash, so changing a Hasher's Params never
// breaks existing hashes: they still verify, and Verify reports
// needsRehash for them so the caller can store a new hash while it holds
// the password. ParseHash (and Verify) accept exactly this form: other
// algorithms or versions are "not_supported"; a missing or reordered
// parameter, an extra one (keyid, data), a non-canonical number, padded or
// non-canonical base64 and parameters outside the Params bounds are
// "invalid". Parsing never panics and never quotes its input.
//
// # Parameters
//
//	field        default   bounds
//	Memory       19 MiB    8 KiB per lane .. 2 GiB
//	Iterations   2         1 .. 1024
//	Parallelism  1         1 .. 255
//	SaltLength   16 bytes  8 .. 64
//	KeyLength    32 bytes  16 .. 64
//
// The defaults are OWASP's first argon2id configuration; DefaultParams
// explains the choice against RFC 9106's heavier recommendations. The
// bounds apply to a Hasher's parameters and to those of every stored hash,
// so a tampered hash cannot make Verify allocate more than 2 GiB.
//
// # The password policy
//
//	rule                                   Hash              Verify
//	empty                                  required          false
//	over MaxLength (1024) bytes            too_long          false
//	not valid UTF-8                        invalid           false
//	fewer than Options.MinLength chars     too_short         (not applied)
//
// Every other string is a password, spaces and symbols included, and none
// is trimmed. Before hashing (and before verifying) the password is
// normalised to Unicode NFC, so the same characters typed on systems that
// compose them differently ("é" as one code point, or "e" and a combining
// accent, as macOS keyboards may send) give the same hash. NFC is the
// normalisation of RFC 8265's OpaqueString profile for passwords; unlike
// NFKC it keeps compatibility characters (ligatures, full-width and
// superscript forms) distinct, so it takes no entropy away, and Unicode's
// stability policy guarantees the NFC of assigned characters never
// changes, so a hash made today verifies after any Unicode upgrade.
// Verify does not apply MinLength, so a host that raises it does not lock
// out users with older, shorter passwords.
//
// Verify compares keys with crypto/subtle in constant time. It does not
// hide whether a user exists: a sign-in handler that finds no user should
// still spend comparable time (hash the given password and discard it)
// and answer as for a wrong password.
//
// # Secrets never leak
//
// No struct of this package holds a plain password: Hash and Verify take
// it as an argument, normalise a copy, and clear that copy after use. A
// Hash prints, marshals and logs as "[argon2id hash]" (String, GoString,
// every fmt verb, JSON, text, slog); its encoded form comes out only
// through Encoded, for storage. Error details name the rule, never the
// password or the hash.
//
// # Errors
//
//   - ErrInvalid: a *customerkit.ValidationError — subject "password", path
//     "password" for a password Hash refuses, path "hash" (or "hash.memory",
//     "hash.salt_length" ...) for a malformed hash given to ParseHash,
//     Hash.Params or Verify; subject "password params" from NewHasher and
//     Params.Validate for parameters out of bounds.
//   - ErrFailedPrecondition: the RandReader failed while Hash read a salt
//     (the reader's error is wrapped too).
//
// A wrong password is not an error: Verify returns ok == false.
package password
