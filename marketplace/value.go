package marketplace

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/internal/configtext"
)

// MaxValueLength is the longest value of any config variable, in bytes.
const MaxValueLength = 64 << 10

// CheckValue checks s against v's type and returns its canonical text
// form, which CheckValue returns unchanged (CheckValue(canonical) is
// canonical). The rule of each type:
//
//	string      any text
//	number      a finite decimal number ("-1.5e3"); canonical: the shortest
//	            form that reads back to the same float64, in plain notation
//	            when 1e-6 <= |x| < 1e21 ("-1500", "0.25"), otherwise
//	            exponent notation ("1e+21", "1e-7"); -0 is "0"
//	boolean     true or false, any case; canonical lower case
//	date        YYYY-MM-DD, a real calendar day
//	timestamp   RFC 3339 with a time zone offset; canonical in UTC, as
//	            time.RFC3339Nano ("2025-01-02T03:04:05.5Z"), years 0001–9999
//	picklist    exactly one of Options
//	schedule    a 5-field cron expression or a descriptor; see CheckSchedule
//	code        json: valid JSON; xml: a well-formed document with one root
//	            element; html: any text. Kept as written.
//	connection  a credential ID (ULID); canonical upper case. Whether the
//	            credential exists and fits AuthMethods is the instance
//	            package's check.
//
// Every value must be valid UTF-8 and at most MaxValueLength bytes. The
// error is a *customerkit.ValidationError with one problem at the empty
// path (merge it under the value's path).
func (v ConfigVar) CheckValue(s string) (canonical string, err error) {
	if !utf8.ValidString(s) {
		return "", valueError(customerkit.CodeInvalid, "not valid UTF-8")
	}
	if len(s) > MaxValueLength {
		return "", valueError(customerkit.CodeTooLong, "longer than "+strconv.Itoa(MaxValueLength)+" bytes")
	}
	switch v.Type {
	case TypeString:
		return s, nil
	case TypeNumber:
		return checkNumber(s)
	case TypeBoolean:
		switch strings.ToLower(s) {
		case "true":
			return "true", nil
		case "false":
			return "false", nil
		}
		return "", valueError(customerkit.CodeInvalid, "not true or false")
	case TypeDate:
		t, err := time.Parse(time.DateOnly, s)
		if err != nil || t.Year() < 1 {
			return "", valueError(customerkit.CodeInvalid, "not a date (YYYY-MM-DD)")
		}
		return t.Format(time.DateOnly), nil
	case TypeTimestamp:
		return checkTimestamp(s)
	case TypePicklist:
		if slices.Contains(v.Options, s) {
			return s, nil
		}
		return "", valueError(customerkit.CodeNotSupported, "not one of the options")
	case TypeSchedule:
		c, detail := CheckSchedule(s)
		if detail != "" {
			return "", valueError(customerkit.CodeInvalid, detail)
		}
		return c, nil
	case TypeCode:
		return checkCode(v.Language, s)
	case TypeConnection:
		id, err := ulid.ParseStrict(s)
		if err != nil || id.IsZero() {
			return "", valueError(customerkit.CodeInvalid, "not a credential ID")
		}
		return id.String(), nil
	}
	return "", valueError(customerkit.CodeNotSupported, "unknown variable type "+strconv.Quote(string(v.Type)))
}

func valueError(code, detail string) error {
	return &customerkit.ValidationError{Subject: "marketplace", Fields: []customerkit.FieldError{{Code: code, Detail: detail}}}
}

var numberRE = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

func checkNumber(s string) (string, error) {
	if !numberRE.MatchString(s) {
		return "", valueError(customerkit.CodeInvalid, "not a decimal number")
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return "", valueError(customerkit.CodeInvalid, "out of the range of a 64-bit float")
	}
	return FormatNumber(f), nil
}

// FormatNumber returns the canonical text of a number variable's value
// (the form CheckValue gives), like JavaScript's Number.prototype.toString
// and encoding/json.
func FormatNumber(f float64) string {
	if f == 0 {
		return "0" // also -0
	}
	abs := math.Abs(f)
	if abs >= 1e-6 && abs < 1e21 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	b := strconv.FormatFloat(f, 'e', -1, 64)
	// 1e-07 → 1e-7, 1e+07 → 1e+7.
	if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-2] == '0' {
		b = b[:n-2] + b[n-1:]
	}
	return b
}

func checkTimestamp(s string) (string, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return "", valueError(customerkit.CodeInvalid, "not an RFC 3339 timestamp with an offset")
	}
	t = t.UTC()
	if y := t.Year(); y < 1 || y > 9999 {
		return "", valueError(customerkit.CodeInvalid, "year out of 0001–9999 in UTC")
	}
	return t.Format(time.RFC3339Nano), nil
}

func checkCode(lang CodeLanguage, s string) (string, error) {
	switch lang {
	case LanguageJSON:
		if !configtext.ValidJSON(s) {
			return "", valueError(customerkit.CodeInvalid, "not valid JSON")
		}
	case LanguageXML:
		if detail := configtext.CheckXML(s); detail != "" {
			return "", valueError(customerkit.CodeInvalid, detail)
		}
	case LanguageHTML:
	default:
		return "", valueError(customerkit.CodeNotSupported, "unknown code language "+strconv.Quote(string(lang)))
	}
	return s, nil
}
