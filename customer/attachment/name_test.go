package attachment_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit/customer/attachment"
)

func TestNormalizeName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		in     string
		want   string
		code   string // "" when valid
		limits *attachment.Limits
	}{
		{"plain", "report.pdf", "report.pdf", "", nil},
		{"trimmed", " \t report.pdf \u00a0\n", "report.pdf", "", nil},
		{"inner spaces kept", "Q3  report (final).pdf", "Q3  report (final).pdf", "", nil},
		{"NFC", "re\u0301sume\u0301.pdf", "r\u00e9sum\u00e9.pdf", "", nil},
		{"unicode", "契約書 2026.docx", "契約書 2026.docx", "", nil},
		{"emoji with joiner", "👩\u200d💻 notes.md", "👩\u200d💻 notes.md", "", nil},
		{"leading dot", ".env", ".env", "", nil},
		{"dots inside", "a..b", "a..b", "", nil},
		{"empty", "", "", "required", nil},
		{"blank", " \t\n ", "", "required", nil},
		{"slash", "a/b.txt", "", "invalid", nil},
		{"backslash", `C:\temp\a.txt`, "", "invalid", nil},
		{"traversal", "../../etc/passwd", "", "invalid", nil},
		{"dot", ".", "", "invalid", nil},
		{"dot dot", " .. ", "", "invalid", nil},
		{"NUL", "a\x00b", "", "invalid", nil},
		{"tab inside", "a\tb", "", "invalid", nil},
		{"newline inside", "a\nb.txt", "", "invalid", nil},
		{"DEL", "a\x7fb", "", "invalid", nil},
		{"C1", "a\u0085b", "", "invalid", nil},
		{"line separator", "a\u2028b", "", "invalid", nil},
		{"RLO", "invoice\u202Efdp.exe", "", "invalid", nil},
		{"RLI", "a\u2067b", "", "invalid", nil},
		{"invalid UTF-8", "a\xffb", "", "invalid", nil},
		{"at the limit", strings.Repeat("é", 255), strings.Repeat("é", 255), "", nil},
		{"over the limit", strings.Repeat("a", 256), "", "too_long", nil},
		{"NFC shortens to the limit", strings.Repeat("e\u0301", 255), strings.Repeat("é", 255), "", nil},
		{"custom limit", "abcdef", "", "too_long", &attachment.Limits{MaxNameLength: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := attachment.NormalizeName(tt.in, tt.limits)
			if tt.code != "" {
				requireField(t, err, "name", tt.code)
				require.Empty(t, got)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
			again, err := attachment.NormalizeName(got, tt.limits)
			require.NoError(t, err)
			require.Equal(t, got, again)
		})
	}
}
