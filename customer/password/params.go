package password

import (
	"strconv"

	"github.com/customerkit/customerkit"
)

// Params are the argon2id cost parameters of a hash. They are stored in
// the hash itself (m, t, p and the salt and key lengths), so a hash made
// with older parameters still verifies after the Hasher's change.
type Params struct {
	// Memory is the memory cost in KiB (argon2's m).
	Memory uint32 `json:"memory"`
	// Iterations is the number of passes over the memory (argon2's t).
	Iterations uint32 `json:"iterations"`
	// Parallelism is the number of lanes (argon2's p); x/crypto/argon2
	// computes them on as many goroutines.
	Parallelism uint8 `json:"parallelism"`
	// SaltLength is the length of the random salt in bytes.
	SaltLength uint32 `json:"salt_length"`
	// KeyLength is the length of the derived key (the hash) in bytes.
	KeyLength uint32 `json:"key_length"`
}

// The bounds Params.Validate enforces, on the parameters of a Hasher and
// on those read from a stored hash alike. They bound the cost a stored hash
// can make Verify spend, and the lengths RFC 9106 allows.
const (
	// MinMemory is the smallest memory cost in KiB; RFC 9106 also requires
	// at least 8 KiB per lane (8 × Parallelism).
	MinMemory = 8
	// MaxMemory is the largest memory cost in KiB: 2 GiB, the first
	// recommended option of RFC 9106 (section 4).
	MaxMemory = 2 << 20
	// MinIterations and MaxIterations bound the time cost.
	MinIterations = 1
	MaxIterations = 1024
	// MinSaltLength is RFC 9106's minimum salt (8 bytes; 16 recommended);
	// MaxSaltLength bounds what a stored hash may carry.
	MinSaltLength = 8
	MaxSaltLength = 64
	// MinKeyLength and MaxKeyLength bound the derived key: shorter than 16
	// bytes is too easy to collide with, longer adds nothing.
	MinKeyLength = 16
	MaxKeyLength = 64
)

// DefaultParams returns the parameters a Hasher uses by default: 19 MiB of
// memory, 2 iterations, 1 lane, a 16-byte salt and a 32-byte key.
//
// These are the first argon2id configuration of the OWASP Password Storage
// Cheat Sheet, which it gives as equivalent in strength to its others
// (46 MiB/1/1, 12 MiB/3/1, 9 MiB/4/1, 7 MiB/5/1). RFC 9106 recommends more
// (2 GiB/1/4 or 64 MiB/3/4), but for dedicated hashing hardware; an
// embedded library hashes on the host's application servers, where every
// concurrent login holds the memory cost at once: 100 logins in the same
// second need 1.9 GiB at 19 MiB and 6.4 GiB at 64 MiB. One lane keeps one
// login on one core, so concurrent logins do not starve each other. The
// salt and key lengths are RFC 9106's recommendation (128-bit salt,
// 256-bit tag). A host with more memory to spend raises Memory; hashes
// made with these defaults then report needsRehash on their next Verify.
func DefaultParams() Params {
	return Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}
}

// withDefaults fills every zero field of p from DefaultParams.
func (p Params) withDefaults() Params {
	d := DefaultParams()
	if p.Memory == 0 {
		p.Memory = d.Memory
	}
	if p.Iterations == 0 {
		p.Iterations = d.Iterations
	}
	if p.Parallelism == 0 {
		p.Parallelism = d.Parallelism
	}
	if p.SaltLength == 0 {
		p.SaltLength = d.SaltLength
	}
	if p.KeyLength == 0 {
		p.KeyLength = d.KeyLength
	}
	return p
}

// Validate checks p against the bounds above and reports every problem at
// once in a *customerkit.ValidationError (subject "password params", paths
// "memory", "iterations", "parallelism", "salt_length", "key_length"; code
// "invalid"), which matches customerkit.ErrInvalid.
func (p Params) Validate() error {
	ve := &customerkit.ValidationError{Subject: "password params"}
	p.check(ve, "")
	return ve.Err()
}

// check records every problem of p in ve, under prefix.
func (p Params) check(ve *customerkit.ValidationError, prefix string) {
	between := func(path string, v, lo, hi uint64, unit string) {
		if v < lo || v > hi {
			ve.Add(customerkit.JoinPath(prefix, path), customerkit.CodeInvalid,
				"between "+strconv.FormatUint(lo, 10)+" and "+strconv.FormatUint(hi, 10)+unit)
		}
	}
	if p.Parallelism == 0 {
		ve.Add(customerkit.JoinPath(prefix, "parallelism"), customerkit.CodeInvalid, "at least 1 lane")
	}
	minMem := max(uint64(MinMemory), 8*uint64(p.Parallelism))
	between("memory", uint64(p.Memory), minMem, MaxMemory, " KiB (at least 8 KiB per lane)")
	between("iterations", uint64(p.Iterations), MinIterations, MaxIterations, "")
	between("salt_length", uint64(p.SaltLength), MinSaltLength, MaxSaltLength, " bytes")
	between("key_length", uint64(p.KeyLength), MinKeyLength, MaxKeyLength, " bytes")
}
