package credential

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/oklog/ulid/v2"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/customerkit/customerkit"
)

// Refresher obtains a new access token for an OAuth2 credential. The
// Service calls it from Refresh with the credential's opened secrets,
// outside any store lock. The default is an OAuth2Refresher; a host may
// pass its own in Options.Refresher (a provider with a non-standard token
// endpoint, a fake in tests).
//
// Refresh returns the new token, or an error that the Service records as a
// failed refresh (Health.RefreshFailed). An error matching
// context.Canceled or context.DeadlineExceeded while ctx is done is not
// recorded.
type Refresher interface {
	Refresh(ctx context.Context, req *RefreshRequest) (*Token, error)
}

// RefreshRequest is what a Refresher gets: the credential's method, its
// endpoint and client, and the grant to use.
type RefreshRequest struct {
	// CredentialID names the credential being refreshed (for logs).
	CredentialID ulid.ULID
	// Method is MethodOAuth2ClientCredentials (a client-credentials grant)
	// or MethodOAuth2AuthorizationCode (a refresh-token grant).
	Method       Method
	TokenURL     string
	AuthURL      string
	ClientID     string
	ClientSecret Secret
	// RefreshToken is set for MethodOAuth2AuthorizationCode.
	RefreshToken Secret
	Scopes       []string
}

// Token is a token a Refresher obtained. Its secrets never print.
type Token struct {
	AccessToken Secret
	// RefreshToken is the new refresh token when the provider rotated it;
	// zero keeps the current one.
	RefreshToken Secret
	TokenType    string
	// Expiry is when AccessToken expires; zero when the provider did not
	// say.
	Expiry time.Time
}

// OAuth2Refresher is the default Refresher, built on golang.org/x/oauth2:
// the clientcredentials package for MethodOAuth2ClientCredentials and a
// refresh-token grant (oauth2.Config.TokenSource) for
// MethodOAuth2AuthorizationCode.
type OAuth2Refresher struct {
	// HTTPClient sends the token requests; nil means http.DefaultClient.
	HTTPClient *http.Client
	// AuthStyle says how the client authenticates to the token endpoint;
	// the zero value auto-detects (header first, then form parameters).
	AuthStyle oauth2.AuthStyle
}

var _ Refresher = (*OAuth2Refresher)(nil)

// Refresh obtains a token from req.TokenURL. A provider's error response
// becomes an error naming its HTTP status and OAuth2 error code and
// description (never the response body).
func (r *OAuth2Refresher) Refresh(ctx context.Context, req *RefreshRequest) (*Token, error) {
	if r.HTTPClient != nil {
		ctx = context.WithValue(ctx, oauth2.HTTPClient, r.HTTPClient)
	}
	var (
		tok *oauth2.Token
		err error
	)
	switch req.Method {
	case MethodOAuth2ClientCredentials:
		cfg := &clientcredentials.Config{
			ClientID:     req.ClientID,
			ClientSecret: req.ClientSecret.Reveal(),
			TokenURL:     req.TokenURL,
			Scopes:       slices.Clone(req.Scopes),
			AuthStyle:    r.AuthStyle,
		}
		tok, err = cfg.Token(ctx)
	case MethodOAuth2AuthorizationCode:
		if req.RefreshToken.IsZero() {
			return nil, fmt.Errorf("credential: no refresh token: %w", customerkit.ErrFailedPrecondition)
		}
		cfg := &oauth2.Config{
			ClientID:     req.ClientID,
			ClientSecret: req.ClientSecret.Reveal(),
			Endpoint:     oauth2.Endpoint{AuthURL: req.AuthURL, TokenURL: req.TokenURL, AuthStyle: r.AuthStyle},
			Scopes:       slices.Clone(req.Scopes),
		}
		tok, err = cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: req.RefreshToken.Reveal()}).Token()
	default:
		return nil, fmt.Errorf("credential: method %s cannot be refreshed: %w", req.Method, customerkit.ErrFailedPrecondition)
	}
	if err != nil {
		return nil, retrieveError(err)
	}
	if tok.AccessToken == "" {
		return nil, errors.New("credential: the token endpoint returned no access token")
	}
	out := &Token{AccessToken: NewSecret(tok.AccessToken), TokenType: tok.TokenType, Expiry: tok.Expiry}
	if tok.RefreshToken != req.RefreshToken.Reveal() {
		out.RefreshToken = NewSecret(tok.RefreshToken)
	}
	return out, nil
}

// retrieveError turns an *oauth2.RetrieveError, whose message quotes the
// response body, into one that names the status and error code only.
func retrieveError(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return err
	}
	msg := "credential: token endpoint"
	if re.Response != nil {
		msg += ": HTTP " + strconv.Itoa(re.Response.StatusCode)
	}
	if re.ErrorCode != "" {
		msg += ": " + clip(re.ErrorCode, 100)
	}
	if re.ErrorDescription != "" {
		msg += ": " + clip(re.ErrorDescription, 200)
	}
	return errors.New(msg)
}

// RefreshError is a failed refresh, as Service.Refresh returns it after
// recording it in the credential's health. It matches
// customerkit.ErrFailedPrecondition and only that: Err, the Refresher's
// error, is kept for reading but not unwrapped, so a host Refresher's
// error cannot make it match a second sentinel.
type RefreshError struct {
	// Failures is the credential's FailureCount after this failure.
	Failures int
	// Exhausted reports that this failure made the credential
	// refresh_exhausted.
	Exhausted bool
	Err       error
}

func (e *RefreshError) Error() string {
	s := "credential: refresh failed (" + strconv.Itoa(e.Failures) + " in a row"
	if e.Exhausted {
		s += ", refresh exhausted"
	}
	return s + "): " + e.Err.Error()
}

// Is reports whether target is customerkit.ErrFailedPrecondition.
func (e *RefreshError) Is(target error) bool { return target == customerkit.ErrFailedPrecondition }
