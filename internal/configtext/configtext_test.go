package configtext

import (
	"strings"
	"testing"
)

func TestValidKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key  string
		want bool
	}{
		{"a", true},
		{"_", true},
		{"api_url", true},
		{"API_URL2", true},
		{"_9", true},
		{strings.Repeat("k", MaxKeyLength), true},
		{"", false},
		{"9a", false},
		{"api-url", false},
		{"api.url", false},
		{"api url", false},
		{"clé", false},
		{"ｋｅｙ", false},
		{strings.Repeat("k", MaxKeyLength+1), false},
	}
	for _, tt := range tests {
		if got := ValidKey(tt.key); got != tt.want {
			t.Errorf("ValidKey(%q) = %v, want %v", tt.key, got, tt.want)
		}
	}
}

func TestValidJSON(t *testing.T) {
	t.Parallel()
	for _, s := range []string{`{}`, ` [1, "a", null] `, `"text"`, `12.5`, `{"a":{"b":[true]}}`} {
		if !ValidJSON(s) {
			t.Errorf("ValidJSON(%q) = false", s)
		}
	}
	for _, s := range []string{``, `{`, `{"a":}`, `[1,]`, `{} {}`, `'a'`, `NaN`} {
		if ValidJSON(s) {
			t.Errorf("ValidJSON(%q) = true", s)
		}
	}
}

func TestCheckXML(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc string
		ok        bool
	}{
		{"one root", `<a/>`, true},
		{"prolog and trailing comment", "<?xml version=\"1.0\"?>\n<!-- c --><a x=\"1\"><b>t</b></a>\n<!-- end -->", true},
		{"namespaces", `<x:a xmlns:x="urn:x"><x:b/></x:a>`, true},
		{"empty", ``, false},
		{"only text", `hello`, false},
		{"two roots", `<a/><b/>`, false},
		{"unclosed", `<a><b></a>`, false},
		{"open at the end", `<a>`, false},
		{"text after the root", `<a/>tail`, false},
		{"bad entity", `<a>&nope;</a>`, false},
		{"bad attribute", `<a x=1/>`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := CheckXML(tt.doc); (got == "") != tt.ok {
				t.Errorf("CheckXML(%q) = %q, want ok=%v", tt.doc, got, tt.ok)
			}
		})
	}
}

// FuzzCheckXML: CheckXML never panics, and a document it accepts stays
// accepted with white space around it.
//
//	go test ./internal/configtext -run '^$' -fuzz FuzzCheckXML -fuzztime 30s
func FuzzCheckXML(f *testing.F) {
	for _, s := range []string{`<a/>`, `<a><b/></a>`, `<?xml version="1.0"?><a/>`, `<a`, `&amp;`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if CheckXML(s) == "" && CheckXML(" \n"+s+"\n ") != "" {
			t.Errorf("CheckXML accepts %q but not with white space around it", s)
		}
	})
}
