package user

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers/v2"
	"github.com/oklog/ulid/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/password"
)

// Field limits of a user, in characters.
const (
	MaxNameLength = 255 // name (room for a customer's first and last name)
	MaxIDLength   = 255 // external_id
)

// User is one person's identity. A user may belong to several customers,
// each through a Membership; the identity itself belongs to none.
//
// The Service fills the generated fields (ID, Version, CreatedAt,
// UpdatedAt) and keeps every other field in its canonical form (see
// Normalize).
type User struct {
	// ID is generated on create; immutable.
	ID ulid.ULID `json:"id"`
	// Email is unique case-insensitively (customer.EmailKey), in the
	// canonical form of customer.NormalizeEmail. Required.
	Email string `json:"email"`
	// Name is the display name; optional.
	Name string `json:"name,omitempty"`
	// Phone is a telephone number in E.164 form ("+14155550123"); optional.
	Phone string `json:"phone,omitempty"`
	// ExternalID is the host's reference (an identity provider's subject,
	// say); unique when set.
	ExternalID string `json:"external_id,omitempty"`

	// PasswordHash is the argon2id hash of the user's password, or zero
	// when the user has none. Stores keep it; the Service never returns it
	// (it clears it and sets HasPassword), and it redacts itself in every
	// printed, marshalled or logged form.
	PasswordHash password.Hash `json:"-"`
	// HasPassword reports whether the user has a password. The Service
	// sets it on every user it returns; stores need not keep it.
	HasPassword bool `json:"has_password"`

	// Version increments on every write.
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Clone returns a copy of u.
func (u *User) Clone() *User {
	if u == nil {
		return nil
	}
	d := *u
	return &d
}

// By names the unique field a user is looked up by.
type By string

// The fields a user can be looked up by.
const (
	ByID         By = "id"
	ByEmail      By = "email"
	ByExternalID By = "external_id"
)

// Lookups returns every field a user can be looked up by.
func Lookups() []By { return []By{ByID, ByEmail, ByExternalID} }

// Valid reports whether b is a known lookup field.
func (b By) Valid() bool { return b == ByID || b == ByEmail || b == ByExternalID }

// Normalize checks the profile fields of u (email, name, phone, external
// ID) and returns a copy in canonical form, or a
// *customerkit.ValidationError (subject "user") listing every problem:
//
//   - email: required; a bare address, put in canonical form by
//     customer.NormalizeEmail (domain in IDNA ASCII lower case, NFC);
//   - name: optional, trimmed, NFC, at most MaxNameLength characters, no
//     control characters;
//   - phone: optional; an international number ("+44 20 7946 0958"),
//     valid for its region by libphonenumber, without an extension;
//     stored in E.164 form;
//   - external_id: optional, trimmed, NFC, at most MaxIDLength
//     characters, no control characters.
//
// The other fields are copied as they are.
func Normalize(u *User) (*User, error) {
	ve := &customerkit.ValidationError{Subject: "user"}
	if u == nil {
		ve.Add("", customerkit.CodeRequired, "no user given")
		return nil, ve
	}
	n := u.Clone()
	switch e, detail := customer.NormalizeEmail(n.Email); {
	case detail != "":
		ve.Add("email", customerkit.CodeInvalid, detail)
	case e == "":
		ve.Add("email", customerkit.CodeRequired, "")
	default:
		n.Email = e
	}
	text(ve, "name", &n.Name, MaxNameLength)
	text(ve, "external_id", &n.ExternalID, MaxIDLength)
	if n.Phone != "" {
		p, detail := NormalizePhone(n.Phone)
		if detail != "" {
			ve.Add("phone", customerkit.CodeInvalid, detail)
		} else {
			n.Phone = p
		}
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	return n, nil
}

// text cleans the single-line text field *p and checks its length.
func text(ve *customerkit.ValidationError, path string, p *string, limit int) {
	if !utf8.ValidString(*p) {
		ve.Add(path, customerkit.CodeInvalid, "not valid UTF-8")
		return
	}
	*p = cleanText(*p)
	switch {
	case utf8.RuneCountInString(*p) > limit:
		ve.Add(path, customerkit.CodeTooLong, "at most "+strconv.Itoa(limit)+" characters")
	case strings.IndexFunc(*p, unicode.IsControl) >= 0:
		ve.Add(path, customerkit.CodeInvalid, "control characters are not allowed")
	}
}

// cleanText trims white space and puts s in Unicode NFC, as package
// customer does with its text fields.
func cleanText(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return strings.TrimSpace(norm.NFC.String(s))
		}
	}
	return s
}

// maxPhoneInput bounds the text NormalizePhone parses (libphonenumber
// refuses longer input anyway).
const maxPhoneInput = 250

// NormalizePhone returns the E.164 form of an international telephone
// number, parsed with libphonenumber: it must start with "+" (a user has
// no country to read a national number in), be valid for its region and
// carry no extension. The detail names the rule that failed; it is empty
// on success.
func NormalizePhone(s string) (e164 string, detail string) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", "no number"
	case len(s) > maxPhoneInput || !utf8.ValidString(s):
		return "", "not a telephone number"
	}
	var num phonenumbers.PhoneNumber
	if err := phonenumbers.ParseToNumber(s, "ZZ", &num); err != nil {
		return "", "not an international telephone number (+ and the country code)"
	}
	if num.GetExtension() != "" {
		return "", "an extension is not allowed"
	}
	if !phonenumbers.IsValidNumber(&num) {
		return "", "not a valid number for its region"
	}
	return phonenumbers.Format(&num, phonenumbers.E164), ""
}
