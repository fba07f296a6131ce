package customer

// PhoneType tells a landline from a mobile number.
type PhoneType string

// The telephone types.
const (
	PhoneLandline PhoneType = "landline"
	PhoneMobile   PhoneType = "mobile"
)

// PhoneTypes returns every telephone type.
func PhoneTypes() []PhoneType { return []PhoneType{PhoneLandline, PhoneMobile} }

// Valid reports whether t is a known telephone type.
func (t PhoneType) Valid() bool { return t == PhoneLandline || t == PhoneMobile }

// Telephone is a telephone number of a customer, stored in E.164 form. A
// customer has at most one default telephone; the first one becomes the
// default.
type Telephone struct {
	Type PhoneType `json:"type"`
	// Number is the number in E.164 form ("+14155550123"). On input it may
	// be written as people write it; it is parsed with the customer's
	// country as the default region.
	Number string `json:"number"`
	// Extension holds the extension digits, if any.
	Extension string `json:"extension,omitempty"`
	Default   bool   `json:"default"`
}
