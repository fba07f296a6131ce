package user_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/user"
)

const goodToken = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8" // bytes 0..31

func TestParseToken(t *testing.T) {
	t.Parallel()
	tok, err := user.ParseToken(goodToken)
	require.NoError(t, err)
	require.Equal(t, goodToken, tok.Reveal())
	require.False(t, tok.Hash().IsZero())
	again, err := user.ParseToken("  " + goodToken + "\n")
	require.NoError(t, err, "white space around a pasted token is dropped")
	require.Equal(t, tok, again)
	require.Equal(t, tok.Hash(), again.Hash())

	for name, s := range map[string]string{
		"empty":            "",
		"short":            goodToken[:42],
		"long":             goodToken + "A",
		"padded":           goodToken + "=",
		"standard base64":  strings.Replace(goodToken, "A", "+", 1),
		"trailing bits":    goodToken[:42] + "9", // the last character's unused bits set
		"space inside":     goodToken[:20] + " " + goodToken[21:],
		"non-ASCII":        goodToken[:41] + "é",
		"a ULID, not this": "01J0Z6Q9YJ3K8S1W2X3Y4Z5A6B",
		"line breaks":      goodToken[:7] + "\r\r\r\r\r\r\r" + goodToken[7:36], // the decoder would skip them
	} {
		_, err := user.ParseToken(s)
		requireOneSentinel(t, err, customerkit.ErrInvalid, name)
		require.NotContains(t, err.Error(), goodToken[:10], "%s: the error quotes the input", name)
	}
	require.True(t, user.Token("").Hash().IsZero())
	require.True(t, user.Token("not a token").Hash().IsZero())
	require.True(t, user.Token(" "+goodToken).Hash().IsZero(), "only a parsed token hashes")
}

func TestTokenRedacts(t *testing.T) {
	t.Parallel()
	tok, err := user.ParseToken(goodToken)
	require.NoError(t, err)
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("x", "token", tok)
	js, err := json.Marshal(struct{ T user.Token }{tok})
	require.NoError(t, err)
	txt, err := tok.MarshalText()
	require.NoError(t, err)
	for _, s := range []string{
		fmt.Sprint(tok), fmt.Sprintf("%v %+v %#v %s %q %x", tok, tok, tok, tok, tok, tok),
		fmt.Sprintf("%v", struct{ T user.Token }{tok}), tok.String(), tok.GoString(),
		string(js), string(txt), logs.String(),
	} {
		require.NotContains(t, s, goodToken[:8])
	}
	require.Equal(t, "[invitation token]", tok.String())
	require.Equal(t, "", user.Token("").String())
}

func TestAcceptInputRedacts(t *testing.T) {
	t.Parallel()
	in := user.AcceptInput{Token: goodToken, Name: "Bob", Password: "hunter2-hunter2"}
	js, err := json.Marshal(in)
	require.NoError(t, err)
	for _, s := range []string{fmt.Sprint(in), fmt.Sprintf("%+v %#v", in, &in), string(js)} {
		require.NotContains(t, s, goodToken[:8])
		require.NotContains(t, s, "hunter2")
		require.Contains(t, s, "Bob")
	}
	var back user.AcceptInput
	require.NoError(t, json.Unmarshal([]byte(`{"token":"t","name":"n","password":"p"}`), &back))
	require.Equal(t, user.AcceptInput{Token: "t", Name: "n", Password: "p"}, back, "it still decodes every field")
}

func TestInvitationState(t *testing.T) {
	t.Parallel()
	now := newClock().Now()
	for _, tt := range []struct {
		status  user.InvitationState
		expires int // minutes from now
		want    user.InvitationState
	}{
		{user.InvitationPending, 1, user.InvitationPending},
		{user.InvitationPending, 0, user.InvitationExpired},
		{user.InvitationPending, -1, user.InvitationExpired},
		{user.InvitationAccepted, -1, user.InvitationAccepted},
		{user.InvitationRevoked, 1, user.InvitationRevoked},
	} {
		i := &user.Invitation{Status: tt.status, ExpiresAt: now.Add(timeMinutes(tt.expires))}
		require.Equal(t, tt.want, i.State(now), "%s expiring in %d min", tt.status, tt.expires)
	}
	for _, s := range user.InvitationStates() {
		require.True(t, s.Valid())
		require.Equal(t, s != user.InvitationExpired, s.Stored())
	}
	for _, a := range user.Activations() {
		require.True(t, a.Valid())
	}
	require.False(t, user.Activation("sms").Valid())
}

func timeMinutes(n int) time.Duration { return time.Duration(n) * time.Minute }
