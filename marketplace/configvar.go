package marketplace

import (
	"slices"
)

// VarType is the type of a config variable's value.
type VarType string

// The config variable types.
const (
	TypeString     VarType = "string"
	TypeNumber     VarType = "number"
	TypeBoolean    VarType = "boolean"
	TypeDate       VarType = "date"
	TypeTimestamp  VarType = "timestamp"
	TypePicklist   VarType = "picklist"
	TypeSchedule   VarType = "schedule"
	TypeCode       VarType = "code"
	TypeConnection VarType = "connection"
)

// VarTypes returns every config variable type, in the order of the table
// in the package documentation.
func VarTypes() []VarType {
	return []VarType{TypeString, TypeNumber, TypeBoolean, TypeDate, TypeTimestamp, TypePicklist, TypeSchedule, TypeCode, TypeConnection}
}

// Valid reports whether t is a known type.
func (t VarType) Valid() bool { return slices.Contains(VarTypes(), t) }

// CodeLanguage is the language of a TypeCode variable.
type CodeLanguage string

// The code languages.
const (
	LanguageJSON CodeLanguage = "json"
	LanguageXML  CodeLanguage = "xml"
	LanguageHTML CodeLanguage = "html"
)

// CodeLanguages returns every code language.
func CodeLanguages() []CodeLanguage { return []CodeLanguage{LanguageJSON, LanguageXML, LanguageHTML} }

// Valid reports whether l is a known code language.
func (l CodeLanguage) Valid() bool { return l == LanguageJSON || l == LanguageXML || l == LanguageHTML }

// Visibility says who sees and sets a config variable.
type Visibility string

// The visibilities.
const (
	// VisibilityCustomer: the customer sees and sets the variable.
	VisibilityCustomer Visibility = "customer"
	// VisibilityEmbedded: hidden from the customer; the host application
	// sets it (per customer, CustomerValues).
	VisibilityEmbedded Visibility = "embedded"
	// VisibilityOrganization: only the organization sets it.
	VisibilityOrganization Visibility = "organization"
)

// Visibilities returns every visibility.
func Visibilities() []Visibility {
	return []Visibility{VisibilityCustomer, VisibilityEmbedded, VisibilityOrganization}
}

// Valid reports whether v is a known visibility.
func (v Visibility) Valid() bool {
	return v == VisibilityCustomer || v == VisibilityEmbedded || v == VisibilityOrganization
}

// CustomerVisible reports whether a customer sees and sets variables of
// visibility v.
func (v Visibility) CustomerVisible() bool { return v == VisibilityCustomer }

// ConfigVar is the definition of one config variable of an integration
// version. Every value (Default, instance values, organization values) is
// a string in the canonical text form of its type; see CheckValue.
type ConfigVar struct {
	// Key identifies the variable within its version: a letter or '_'
	// followed by letters, digits and '_', at most MaxKeyLength bytes.
	Key         string `json:"key"`
	Label       string `json:"label,omitempty"`
	Description string `json:"description,omitempty"`
	// Header groups variables on a configuration page.
	Header string `json:"header,omitempty"`
	// Order sorts variables within their header (ascending; ties keep
	// definition order).
	Order int     `json:"order,omitempty"`
	Type  VarType `json:"type"`
	// Language is required for TypeCode and empty otherwise.
	Language CodeLanguage `json:"language,omitempty"`
	// Options are the choices of a TypePicklist (required, unique), and
	// empty otherwise.
	Options []string `json:"options,omitempty"`
	// Default is nil when the variable has none.
	Default    *string    `json:"default,omitempty"`
	Visibility Visibility `json:"visibility"`
	// Optional variables may stay without a value.
	Optional bool `json:"optional,omitempty"`
	// AuthMethods are the credential methods (credential.Method names) a
	// TypeConnection accepts: at least one. Empty for other types.
	AuthMethods []string `json:"auth_methods,omitempty"`
}

// Clone returns a deep copy of v.
func (v ConfigVar) Clone() ConfigVar {
	v.Options = slices.Clone(v.Options)
	v.AuthMethods = slices.Clone(v.AuthMethods)
	if v.Default != nil {
		d := *v.Default
		v.Default = &d
	}
	return v
}

// Required reports whether an instance needs a value for v: it is not
// optional and has no default.
func (v ConfigVar) Required() bool { return !v.Optional && v.Default == nil }
