package customer

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSubdomainBase(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"Acme Inc.":                 "acme-inc",
		"Müller & Söhne GmbH":       "muller-and-sohne-gmbh",
		"Straße der Einheit":        "strasse-der-einheit",
		"Łódź Øresund Æther":        "lodz-oresund-aether",
		"  --Crème   brûlée--  ":    "creme-brulee",
		"株式会社":                      "",
		"Ｆｕｌｌ Ｗｉｄｔｈ":                "full-width",
		"ab--cd":                    "ab-cd",
		strings.Repeat("long ", 20): "long-long-long-long-long-long-long-long",
	}
	for in, want := range tests {
		got := subdomainBase(in)
		assert.Equal(t, want, got, "%q", in)
		if got != "" {
			_, detail := NormalizeSubdomain(got)
			assert.Empty(t, detail, "base %q must be a valid label", got)
		}
	}
}

func TestSubdomainCandidate(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "acme", subdomainCandidate("acme", 0))
	assert.Equal(t, "acme-2", subdomainCandidate("acme", 1))
	assert.Equal(t, "acme-10", subdomainCandidate("acme", 9))
	long := strings.Repeat("a", 63)
	c := subdomainCandidate(long, 1)
	assert.Len(t, c, 63)
	assert.True(t, strings.HasSuffix(c, "-2"))
}

func TestKeys(t *testing.T) {
	t.Parallel()
	k, err := newKey(strings.NewReader(strings.Repeat("\xff\x00\x1f", 10)))
	assert.NoError(t, err)
	assert.Len(t, k, KeyLength)
	got, ok := normalizeKey(k)
	assert.True(t, ok)
	assert.Equal(t, k, got)
	_, err = newKey(strings.NewReader("short"))
	assert.Error(t, err)
}
