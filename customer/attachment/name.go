package attachment

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/customerkit/customerkit"
)

// NormalizeName checks an attachment name and returns it in canonical
// form: NFC, with leading and trailing white space trimmed. It refuses,
// with a *customerkit.ValidationError at path "name" matching
// customerkit.ErrInvalid:
//
//	rule                                                      code
//	invalid UTF-8                                             invalid
//	empty after trimming                                      required
//	a path separator (/ or \), or the name "." or ".."       invalid
//	a control character (C0, DEL, C1), a line or paragraph
//	separator, or a bidirectional override, embedding or
//	isolate (U+202A-U+202E, U+2066-U+2069)                    invalid
//	more than MaxNameLength characters                        too_long
//
// The bidirectional controls are refused because they make a name read
// otherwise than it is ("invoice\u202Efdp.exe" shows as "invoiceexe.pdf").
// limits may be nil. NormalizeName is idempotent.
func NormalizeName(name string, limits *Limits) (string, error) {
	n, code, detail := normalizeName(name, limits.withDefaults().MaxNameLength)
	if code != "" {
		return "", nameError(code, detail)
	}
	return n, nil
}

func nameError(code, detail string) error {
	return &customerkit.ValidationError{Subject: "attachment", Fields: []customerkit.FieldError{{Path: "name", Code: code, Detail: detail}}}
}

// normalizeName returns the canonical name, or the code and detail of the
// first rule it breaks.
func normalizeName(name string, maxLen int) (n, code, detail string) {
	if !utf8.ValidString(name) {
		return "", customerkit.CodeInvalid, "not valid UTF-8"
	}
	n = strings.TrimSpace(norm.NFC.String(name))
	switch {
	case n == "":
		return "", customerkit.CodeRequired, ""
	case strings.ContainsAny(n, `/\`):
		return "", customerkit.CodeInvalid, "no path separators (/ or \\)"
	case n == "." || n == "..":
		return "", customerkit.CodeInvalid, `not "." or ".."`
	case strings.IndexFunc(n, forbidden) >= 0:
		return "", customerkit.CodeInvalid, "no control, line-separator or bidirectional-override characters"
	case utf8.RuneCountInString(n) > maxLen:
		return "", customerkit.CodeTooLong, "at most " + strconv.Itoa(maxLen) + " characters"
	}
	return n, "", ""
}

// forbidden reports whether r may not appear in a name.
func forbidden(r rune) bool {
	switch {
	case unicode.IsControl(r): // C0, DEL, C1
		return true
	case r == '\u2028' || r == '\u2029': // line and paragraph separators
		return true
	case r >= '\u202A' && r <= '\u202E': // LRE, RLE, PDF, LRO, RLO
		return true
	case r >= '\u2066' && r <= '\u2069': // LRI, RLI, FSI, PDI
		return true
	}
	return false
}
