// Package configtext holds the text rules that the config variables of
// integrations (package marketplace) and of customers (package
// customer/configvar) share, so each rule is written once: what a key
// looks like, and when a text is well-formed JSON or XML.
package configtext

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// MaxKeyLength is the longest key, in bytes.
const MaxKeyLength = 64

// ValidKey reports whether k is a key: a letter or '_' followed by
// letters, digits and '_' (ASCII), at most MaxKeyLength bytes.
func ValidKey(k string) bool {
	if k == "" || len(k) > MaxKeyLength {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case c == '_', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// ValidJSON reports whether s is one JSON value (RFC 8259), whitespace
// around it allowed.
func ValidJSON(s string) bool { return json.Valid([]byte(s)) }

// CheckXML reports why s is not a well-formed XML document with exactly
// one root element, or "" when it is. A prolog (declaration, comments,
// processing instructions, a doctype) and trailing comments are allowed;
// text outside the root element is not, but for white space.
func CheckXML(s string) string {
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = true
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "not well-formed XML"
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				return "text outside the root element"
			}
		}
	}
	if depth != 0 {
		return "not well-formed XML"
	}
	if roots != 1 {
		return "not exactly one root element"
	}
	return ""
}
