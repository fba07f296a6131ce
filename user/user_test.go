package user_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit/user"
)

func TestNormalize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   user.User
		want user.User
	}{
		{"minimal", user.User{Email: "ada@example.com"}, user.User{Email: "ada@example.com"}},
		{"canonical email", user.User{Email: "  Ada@Example.COM "}, user.User{Email: "Ada@example.com"}},
		{"IDNA domain", user.User{Email: "zoë@Bücher.example"}, user.User{Email: "zoë@xn--bcher-kva.example"}},
		{"name trimmed and NFC", user.User{Email: "a@b.io", Name: "  Zoe\u0301 Martin "}, user.User{Email: "a@b.io", Name: "Zoé Martin"}},
		{"phone E.164", user.User{Email: "a@b.io", Phone: "+44 20 7946 0958"}, user.User{Email: "a@b.io", Phone: "+442079460958"}},
		{"phone punctuation", user.User{Email: "a@b.io", Phone: "+1 (415) 555-2671"}, user.User{Email: "a@b.io", Phone: "+14155552671"}},
		{"external id trimmed", user.User{Email: "a@b.io", ExternalID: " idp|42 "}, user.User{Email: "a@b.io", ExternalID: "idp|42"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := user.Normalize(&tt.in)
			require.NoError(t, err)
			require.Equal(t, &tt.want, got)
			again, err := user.Normalize(got)
			require.NoError(t, err)
			require.Equal(t, got, again, "canonical input normalises to itself")
		})
	}
}

func TestNormalizeRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   *user.User
		want []string
	}{
		{"nil", nil, []string{" required"}},
		{"no email", &user.User{}, []string{"email required"}},
		{"display name", &user.User{Email: "Ada <ada@example.com>"}, []string{"email invalid"}},
		{"every problem at once", &user.User{
			Email: "not-an-email", Name: strings.Repeat("n", user.MaxNameLength+1),
			Phone: "020 7946 0958", ExternalID: "a\x00b",
		}, []string{"email invalid", "name too_long", "external_id invalid", "phone invalid"}},
		{"control characters", &user.User{Email: "a@b.io", Name: "Ada\tL"}, []string{"name invalid"}},
		{"invalid UTF-8", &user.User{Email: "a@b.io", Name: "\xff"}, []string{"name invalid"}},
		{"extension", &user.User{Email: "a@b.io", Phone: "+1 415 555 2671 ext. 12"}, []string{"phone invalid"}},
		{"invalid number", &user.User{Email: "a@b.io", Phone: "+44 12"}, []string{"phone invalid"}},
		{"id too long", &user.User{Email: "a@b.io", ExternalID: strings.Repeat("x", user.MaxIDLength+1)}, []string{"external_id too_long"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := user.Normalize(tt.in)
			requireProblems(t, err, tt.want...)
		})
	}
}

func TestNormalizePhone(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"+33 6 12 34 56 78": "+33612345678",
		"+49 30 1234567":    "+49301234567",
		" +14155552671 ":    "+14155552671",
	} {
		got, detail := user.NormalizePhone(in)
		require.Empty(t, detail, in)
		require.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "06 12 34 56 78", "+", "+999 123", "+1 415 555 2671 x3", strings.Repeat("+1", 200)} {
		_, detail := user.NormalizePhone(in)
		require.NotEmpty(t, detail, "%q", in)
	}
}

func TestLookups(t *testing.T) {
	t.Parallel()
	for _, b := range user.Lookups() {
		require.True(t, b.Valid())
	}
	require.False(t, user.By("name").Valid())
}
