package attachment

import (
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
)

// Attachment is a file that belongs to one customer: its name, the content
// type sniffed from its bytes, its size and SHA-256 digest. The bytes
// themselves are not part of it: Read returns them in an Upload, a store
// keeps them beside the record, and lists and gets carry records only.
type Attachment struct {
	// ID identifies the attachment; the service draws it.
	ID ulid.ULID `json:"id"`
	// CustomerID is the customer the attachment belongs to.
	CustomerID ulid.ULID `json:"customer_id"`
	// Name is the display and download name, normalised by NormalizeName.
	Name string `json:"name"`
	// ContentType is the media type sniffed from the bytes
	// (net/http.DetectContentType), never the one a client declared.
	ContentType string `json:"content_type"`
	// Size is the length of the bytes.
	Size int64 `json:"size"`
	// SHA256 is the digest of the bytes; it marshals as 64 hex digits.
	SHA256 Digest `json:"sha256"`
	// Version counts the writes to the record, from 1.
	Version int64 `json:"version"`
	// CreatedAt and UpdatedAt are set by the service.
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Rename sets a's name to name normalised by NormalizeName, or returns its
// error and leaves a as it was. It is meant for an updater closure; the
// service bumps Version and UpdatedAt.
func (a *Attachment) Rename(name string, limits *Limits) error {
	n, err := NormalizeName(name, limits)
	if err != nil {
		return err
	}
	a.Name = n
	return nil
}

// Upload is content read and checked by Read, ready to become an
// Attachment: the normalised name, the sniffed type, the size, the digest
// and the bytes.
type Upload struct {
	Name        string
	ContentType string
	Size        int64
	SHA256      Digest
	// Data holds the bytes, len(Data) == Size.
	Data []byte
}

// Attachment returns the record of u with the given ID, customer and
// creation time, at version 1. The bytes stay in u.Data.
func (u *Upload) Attachment(id, customerID ulid.ULID, now time.Time) *Attachment {
	return &Attachment{
		ID:          id,
		CustomerID:  customerID,
		Name:        u.Name,
		ContentType: u.ContentType,
		Size:        u.Size,
		SHA256:      u.SHA256,
		Version:     1,
		CreatedAt:   now,
		UpdatedAt:   now,
	}
}

// Digest is a SHA-256 digest. It prints, and marshals to JSON and text, as
// 64 lower-case hex digits; a store may keep the 32 bytes or the hex.
type Digest [sha256.Size]byte

// Sum returns the digest of b.
func Sum(b []byte) Digest { return sha256.Sum256(b) }

// ParseDigest parses 64 hex digits (either case). Anything else is a
// *customerkit.ValidationError (path "sha256", code "invalid") matching
// customerkit.ErrInvalid.
func ParseDigest(s string) (Digest, error) {
	var d Digest
	if len(s) != hex.EncodedLen(len(d)) {
		return Digest{}, digestError()
	}
	if _, err := hex.Decode(d[:], []byte(s)); err != nil {
		return Digest{}, digestError()
	}
	return d, nil
}

func digestError() error {
	return &customerkit.ValidationError{Subject: "attachment", Fields: []customerkit.FieldError{{Path: "sha256", Code: customerkit.CodeInvalid, Detail: "64 hexadecimal digits"}}}
}

// String returns the 64 lower-case hex digits.
func (d Digest) String() string { return hex.EncodeToString(d[:]) }

// IsZero reports whether d is all zeros (no digest recorded).
func (d Digest) IsZero() bool { return d == Digest{} }

// MarshalText returns the 64 lower-case hex digits.
func (d Digest) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses 64 hex digits, as ParseDigest.
func (d *Digest) UnmarshalText(b []byte) error {
	v, err := ParseDigest(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
