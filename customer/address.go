package customer

// AddressType tells a postal address from a billing address.
type AddressType string

// The address types.
const (
	AddressPostal  AddressType = "PostalAddress"
	AddressBilling AddressType = "BillingAddress"
)

// AddressTypes returns every address type.
func AddressTypes() []AddressType { return []AddressType{AddressPostal, AddressBilling} }

// Valid reports whether t is a known address type.
func (t AddressType) Valid() bool { return t == AddressPostal || t == AddressBilling }

// Address is a postal or billing address of a customer. A customer has at
// most one default address of each type: the first address of a type
// becomes its default, and making another one the default clears the old
// one.
type Address struct {
	Type AddressType `json:"type"`
	// Country is an ISO 3166-1 alpha-2 code (required).
	Country        string `json:"country"`
	State          string `json:"state,omitempty"`
	PostalCode     string `json:"postal_code,omitempty"`
	City           string `json:"city,omitempty"`
	Line1          string `json:"address_line1,omitempty"`
	Line2          string `json:"address_line2,omitempty"`
	POBox          string `json:"po_box,omitempty"`
	BuildingNumber string `json:"building_number,omitempty"`
	Complement     string `json:"complement,omitempty"`
	Default        bool   `json:"default"`
}
