package configvar

import (
	"strings"
	"testing"

	"github.com/customerkit/customerkit"
)

// codeAt returns the code of the problem err records at path, or "".
func codeAt(err error, path string) string {
	ve, ok := err.(*customerkit.ValidationError)
	if !ok {
		return ""
	}
	for _, f := range ve.Fields {
		if f.Path == path {
			return f.Code
		}
	}
	return ""
}

func TestKinds(t *testing.T) {
	t.Parallel()
	for _, k := range Kinds() {
		if !k.Valid() {
			t.Errorf("%q is not Valid", k)
		}
	}
	for _, k := range []Kind{"", "TEXT", "yaml", "code"} {
		if k.Valid() {
			t.Errorf("%q is Valid", k)
		}
	}
}

func TestCheckValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		kind  Kind
		value string
		code  string // "" when valid
	}{
		{"empty text", KindText, "", ""},
		{"text with markup", KindText, "<a>{not json", ""},
		{"multi-line text", KindText, "line\nline\ttab é", ""},
		{"longest", KindText, strings.Repeat("x", MaxValueLength), ""},
		{"one byte too long", KindText, strings.Repeat("x", MaxValueLength+1), customerkit.CodeTooLong},
		{"invalid UTF-8", KindText, "a\xffb", customerkit.CodeInvalid},
		{"NUL", KindText, "a\x00b", customerkit.CodeInvalid},
		{"JSON object", KindJSON, ` {"a": [1, "é", null]} `, ""},
		{"JSON scalar", KindJSON, `"text"`, ""},
		{"JSON empty", KindJSON, "", customerkit.CodeInvalid},
		{"JSON broken", KindJSON, `{"a":`, customerkit.CodeInvalid},
		{"JSON two values", KindJSON, `{} {}`, customerkit.CodeInvalid},
		{"XML document", KindXML, `<?xml version="1.0"?><a x="1"><b>é</b></a>`, ""},
		{"XML two roots", KindXML, `<a/><b/>`, customerkit.CodeInvalid},
		{"XML not closed", KindXML, `<a><b></a>`, customerkit.CodeInvalid},
		{"XML text only", KindXML, `hello`, customerkit.CodeInvalid},
		{"HTML fragment", KindHTML, `<p>unclosed <b>`, ""},
		{"HTML empty", KindHTML, "", ""},
		{"unknown kind", Kind("yaml"), "a: 1", customerkit.CodeNotSupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := CheckValue(tt.kind, tt.value)
			if tt.code == "" {
				if err != nil {
					t.Fatalf("CheckValue(%s, %q) = %v", tt.kind, tt.value, err)
				}
				return
			}
			if got := codeAt(err, ""); got != tt.code {
				t.Fatalf("CheckValue(%s, %.20q) = %v, want code %s", tt.kind, tt.value, err, tt.code)
			}
		})
	}
}

func TestInputNormalize(t *testing.T) {
	t.Parallel()
	v, err := Input{Key: "crm_mapping", Value: "x", Description: "  Maps fields  "}.normalize()
	if err != nil {
		t.Fatal(err)
	}
	if v.Kind != KindText || v.Description != "Maps fields" || v.Value != "x" {
		t.Fatalf("normalize: %+v", v)
	}
	// Every problem at once.
	_, err = Input{Key: "9bad-key", Kind: "yaml", Description: "a\x01b"}.normalize()
	for path, code := range map[string]string{
		"key":         customerkit.CodeInvalid,
		"kind":        customerkit.CodeNotSupported,
		"description": customerkit.CodeInvalid,
	} {
		if got := codeAt(err, path); got != code {
			t.Errorf("%s: code %q, want %q (%v)", path, got, code, err)
		}
	}
	for _, tt := range []struct {
		in         Input
		path, code string
	}{
		{Input{}, "key", customerkit.CodeRequired},
		{Input{Key: strings.Repeat("k", MaxKeyLength+1)}, "key", customerkit.CodeTooLong},
		{Input{Key: "k", Kind: KindJSON, Value: "nope"}, "value", customerkit.CodeInvalid},
		{Input{Key: "k", Description: strings.Repeat("é", MaxDescriptionLength+1)}, "description", customerkit.CodeTooLong},
		{Input{Key: "k", Description: "a\xff"}, "description", customerkit.CodeInvalid},
	} {
		_, err := tt.in.normalize()
		if got := codeAt(err, tt.path); got != tt.code {
			t.Errorf("%+v: %s code %q, want %q", tt.in, tt.path, got, tt.code)
		}
	}
	if _, err := (Input{Key: "k", Description: "two\nlines\tand a tab"}).normalize(); err != nil {
		t.Errorf("line breaks and tabs in a description: %v", err)
	}
}

func TestPatchApply(t *testing.T) {
	t.Parallel()
	v := &Variable{Key: "k", Kind: KindXML, Value: "<a/>", Description: "old"}
	bad, desc := "<a>", "new"
	err := Patch{Value: &bad, Description: &desc}.apply(v)
	if codeAt(err, "value") != customerkit.CodeInvalid {
		t.Fatalf("apply: %v", err)
	}
	if v.Value != "<a/>" || v.Description != "old" {
		t.Fatalf("a refused patch changed the variable: %+v", v)
	}
	good := "<b/>"
	if err := (Patch{Value: &good}).apply(v); err != nil {
		t.Fatal(err)
	}
	if v.Value != "<b/>" || v.Description != "old" {
		t.Fatalf("apply: %+v", v)
	}
}

func TestInUseError(t *testing.T) {
	t.Parallel()
	err := &InUseError{Key: "crm"}
	if !strings.Contains(err.Error(), `"crm"`) {
		t.Errorf("Error() = %q", err.Error())
	}
}
