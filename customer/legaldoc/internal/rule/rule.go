// Package rule holds the shape of one legal-document rule, shared by the
// legaldoc framework and the packages that define the rules of each type.
package rule

// Def is the rule of one legal-document type for one issuing country. A type
// issued by several countries (eu_vat) has one Def per country.
//
// Every function receives the body: the value as the framework cleaned it
// (separators removed, ASCII letters upper-cased, full-width forms folded)
// with Prefix removed. The functions must not allocate, must not retain the
// string, and must never panic, whatever the input.
type Def struct {
	// Type is the registry code ("br_cpf", "eu_vat", ...).
	Type string
	// Country is the ISO 3166-1 alpha-2 code of the issuing country ("EU"
	// for the One-Stop-Shop scheme).
	Country string
	// Description names the document ("Brazilian CPF number").
	Description string
	// Example is a display-form value that validates at the checksum level.
	Example string
	// Prefix is the country or scheme prefix the compact form starts with
	// ("DE" for a German VAT number, "CHE" for a Swiss UID), or "".
	Prefix string
	// PrefixOptional reports whether a person may leave Prefix out; the
	// compact form always carries it.
	PrefixOptional bool
	// Format reports whether body has the right shape: length, characters,
	// structure, embedded dates. It ignores check digits.
	Format func(body string) bool
	// Checksum reports whether the check digits of a well-formed body are
	// right. It is nil when the type has no published algorithm, or when
	// the algorithm is known to reject numbers that were really issued (see
	// Note).
	Checksum func(body string) bool
	// Display returns the display form of a well-formed body, prefix
	// included where the display form shows it. Nil means the compact form.
	Display func(body string) string
	// Note documents a caveat (an algorithm not enforced, a format that
	// changed on a date, ...). Empty when there is none.
	Note string
}
