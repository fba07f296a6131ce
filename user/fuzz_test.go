package user_test

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/user"
)

// Normalize never panics, refuses only with a *ValidationError, and its
// output normalises to itself.
//
//	go test ./user -run '^$' -fuzz '^FuzzNormalize$' -fuzztime 60s
func FuzzNormalize(f *testing.F) {
	f.Add("Ada@Example.COM", "  Ada Lovelace ", "+44 20 7946 0958", " idp|1 ")
	f.Add("zoë@Bücher.example", "Zoe\u0301", "+1 (415) 555-2671", "")
	f.Add("a@b", "a\x00b", "+1 415 555 2671 ext. 9", "\xff")
	f.Add("\"quoted local\"@example.com", "ß", "00 44 20 7946 0958", "x")
	f.Fuzz(func(t *testing.T, email, name, phone, ext string) {
		n, err := user.Normalize(&user.User{Email: email, Name: name, Phone: phone, ExternalID: ext})
		if err != nil {
			var ve *customerkit.ValidationError
			require.True(t, errors.As(err, &ve), "%v", err)
			require.NotEmpty(t, ve.Fields)
			return
		}
		again, err := user.Normalize(n)
		require.NoError(t, err, "canonical %+v refused", n)
		require.Equal(t, n, again)
		require.Equal(t, customer.EmailKey(n.Email), customer.EmailKey(customer.EmailKey(n.Email)))
	})
}

// NormalizePhone never panics and gives E.164 that normalises to itself.
//
//	go test ./user -run '^$' -fuzz '^FuzzNormalizePhone$' -fuzztime 60s
func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"+44 20 7946 0958", "+1-415-555-2671", "+33612345678", "+", "+999", "0612345678", "+1 415 555 2671;ext=1", "+٤٤٢٠٧٩٤٦٠٩٥٨"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, detail := user.NormalizePhone(s)
		if detail != "" {
			require.Empty(t, p)
			return
		}
		require.True(t, strings.HasPrefix(p, "+"), p)
		again, detail := user.NormalizePhone(p)
		require.Empty(t, detail, "canonical %q refused", p)
		require.Equal(t, p, again)
	})
}

// ParseToken never panics, never quotes what it refuses, and accepts
// exactly the canonical text of TokenSize bytes.
//
//	go test ./user -run '^$' -fuzz '^FuzzParseToken$' -fuzztime 60s
func FuzzParseToken(f *testing.F) {
	for _, s := range []string{goodToken, " " + goodToken + "\n", goodToken[:42] + "9", goodToken + "=", "", "%%%", strings.Repeat("A", 43), strings.Repeat("_", 43)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tok, err := user.ParseToken(s)
		if err != nil {
			requireOneSentinel(t, err, customerkit.ErrInvalid)
			if trimmed := strings.TrimSpace(s); len(trimmed) >= 8 {
				require.NotContains(t, err.Error(), trimmed, "the error quotes its input")
			}
			return
		}
		require.Len(t, tok.Reveal(), 43)
		require.Equal(t, strings.TrimSpace(s), tok.Reveal())
		require.False(t, tok.Hash().IsZero())
		again, err := user.ParseToken(tok.Reveal())
		require.NoError(t, err)
		require.Equal(t, tok.Hash(), again.Hash())
	})
}

// Accept never panics, each error matches exactly one sentinel, and only
// the invitation's own token, once, joins anyone.
//
//	go test ./user -run '^$' -fuzz '^FuzzAccept$' -fuzztime 60s
func FuzzAccept(f *testing.F) {
	fx := newFixture(f, &user.Options{RandReader: rand.NewChaCha8([32]byte{1})})
	in, err := fx.svc.Invite(f.Context(), fx.acme.ULID, user.InviteInput{Email: "bob@acme.example", Role: marketplace.RoleMember, Activation: user.ActivationDisplayLink})
	require.NoError(f, err)
	real := in.Token.Reveal()
	f.Add(real, "Bob", "")
	f.Add(" "+real+"\t", "", "+44 20 7946 0958")
	f.Add(real[:42]+"A", "Bob", "")
	f.Add(goodToken, "", "")
	f.Add("", "\x00", "12")
	accepted := false
	f.Fuzz(func(t *testing.T, token, name, phone string) {
		m, err := fx.svc.Accept(t.Context(), user.AcceptInput{Token: token, Name: name, Phone: phone})
		if err == nil {
			require.Equal(t, real, strings.TrimSpace(token), "a token that is not the invitation's joined")
			require.False(t, accepted, "the token worked twice")
			accepted = true
			require.Equal(t, "bob@acme.example", m.User.Email)
			return
		}
		n := 0
		for _, s := range sentinels {
			if errors.Is(err, s) {
				n++
			}
		}
		require.Equal(t, 1, n, "%v matches %d sentinels", err, n)
		if strings.TrimSpace(token) == real && accepted && !errors.Is(err, customerkit.ErrInvalid) {
			var se *user.InvitationStateError
			require.True(t, errors.As(err, &se), "%v", err)
		}
	})
}
