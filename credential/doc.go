// Package credential owns the credentials integration instances use to
// call other systems: auth methods and their field schemas, secret fields
// sealed at rest with AES-256-GCM over a rotating key ring, redaction of
// every secret, token health as Nango tracks it, and OAuth2 refresh. It
// imports the root package and package customer (for the status rules of
// a customer's own writes), and golang.org/x/oauth2.
//
// # Wiring
//
//	ring, err := credential.NewKeyRing(credential.Key{ID: "2025-01", Secret: key32}) // keys from a KMS
//	svc := credential.NewService(store, ring, nil)   // store: memstore.New() or sqlstore
//	v, err := svc.Create(ctx, credential.Input{
//		CustomerID: acme, Name: "Acme CRM", Method: credential.MethodBasic,
//		Values: credential.Values{"username": "sync", "password": pw},
//	})
//	r, err := svc.Reveal(ctx, v.ID)  // the host's runtime only
//	req.SetBasicAuth(v.Fields["username"], r.Secrets["password"].Reveal())
//
// A credential belongs to one customer (CustomerID) or, with a zero
// CustomerID, to the organization. Customer-facing code uses
// svc.ForCustomer(customerID), a Scope that manages that customer's
// credentials, sees the organization's read-only, cannot name another
// customer's, and never returns a secret value. A Scope's writes follow
// the customer's status, checked inside the store's transaction: Create
// needs an active customer, Update and Delete an active or suspended one.
// The organization's writes (Service) are not bound by it, so it can
// still rotate or remove a suspended or inactive customer's secrets.
//
// # Methods and their fields
//
//	method                      field          secret  required  format
//	basic                       username               yes
//	                            password       yes     yes
//	api_key                     api_key        yes     yes
//	bearer                      token          yes     yes
//	oauth2_client_credentials   client_id              yes
//	                            client_secret  yes     yes
//	                            token_url              yes       url
//	                            access_token   yes               (a Refresh obtains it)
//	oauth2_authorization_code   client_id              yes
//	                            client_secret  yes               (absent: public client)
//	                            auth_url                         url
//	                            token_url              yes       url
//	                            access_token   yes     yes
//	                            refresh_token  yes               (absent: not refreshable)
//	custom                      as the integration declares in a CustomMethod
//
// The OAuth2 methods also take Scopes (RFC 6749 scope tokens, unique, at
// most MaxScopes); bearer and the OAuth2 methods take ExpiresAt. A custom
// method has a name and 1 to MaxFields fields (lower-case identifiers,
// unique); the credential keeps that schema (CustomFields), so later
// updates are checked against it.
//
// Values are checked field by field and every problem is reported at once
// in a *customerkit.ValidationError with paths like `values["password"]`:
// a missing or blank required field is "required"; a field the method does
// not have is "not_supported"; a value over MaxValueLen bytes is
// "too_long"; invalid UTF-8, a control character other than tab and line
// breaks, or a url field that is not an absolute http(s) URL with a host
// and without user information or fragment is "invalid". The name, method,
// custom declaration ("custom.fields[0].name"), scopes ("scopes[1]") and
// expires_at are checked the same way.
//
// # Sealing
//
// The Service seals every secret value before a Store sees it, through
// the Sealer interface; KeyRing is the implementation. Each value is
// sealed alone with AES-256-GCM under a fresh random 96-bit nonce
// (crypto/cipher.NewGCMWithRandomNonce), and stored as a Sealed:
//
//	Sealed{KeyID: "2025-01", Data: nonce(12) ‖ ciphertext ‖ tag(16)}
//
// with additional authenticated data that binds it to its credential and
// field:
//
//	AAD = "customerkit/credential/v1" 0x00 ID (26-character ULID) 0x00 field
//
// So a value copied to another credential or another field fails to open,
// and so does a value with any byte changed or a key id the ring does not
// hold: Open returns an error matching ErrCannotOpen, never garbage. The
// store keeps non-secret fields in clear (Credential.Fields) and secret
// ones only sealed (Credential.Sealed).
//
// # Key rotation
//
// A KeyRing holds every key that may still open stored values; the last
// one is current. To rotate, append a new key: new writes use it at once,
// values sealed with older keys still open. Service.ResealAll (or Reseal
// for one credential) then opens each value sealed with an older key and
// seals it again with the current one, inside the store's
// read-modify-write; once it has run, the older keys can leave the ring.
// Key ids are never reused for another key.
//
// # Redaction
//
// No value of this package prints a secret:
//
//   - Secret (a revealed value), Values (field values in clear, as given
//     to Create and Update), Key and KeyRing print "[REDACTED]" (or key ids
//     only) for String, every fmt verb (%v, %+v, %#v, %s, %q, %x), JSON,
//     text marshalling and slog; so do Input, Patch, Token, RefreshRequest
//     and Revealed, which hold secrets only through those types.
//   - Credential holds no plaintext: Sealed prints as "sealed(key, n bytes)".
//   - View, what Create, Get, Update, List and every Scope call return,
//     names the secret fields that hold a value (SecretFields) but never
//     their values: secrets are write-only. Only Service.Reveal opens
//     them, for the host's runtime, and even then each is a Secret that
//     shows its value only through Reveal().
//   - Validation details, error messages, Health.LastError and logs never
//     quote a value; a token endpoint's error is recorded as its HTTP status
//     and OAuth2 error code and description, not its body.
//
// # Health
//
// Health follows Nango's model: a status, the token's expiry, the last
// refresh success and failure, the consecutive failures, the last error.
//
//	  create ─▶ active ◀───────────── refresh ok ──────────────┐
//	 (token)      │  ╲                                         │
//	              │   ╲ ExpiresAt passes                       │
//	              │    ▼                                       │
//	              │  expired ──────────── refresh ok ──────────┤
//	              │    │                                       │
//	  create ─▶ pending ─────────── refresh ok ────────────────┘
//	 (no token)   │    │                                       │
//	              ▼    ▼    refresh failed                     │
//	              error ◀──┐ (failures < max)                  │
//	              │  │     │                                   │
//	              │  └─────┘─────────── refresh ok ────────────┘
//	              ▼ failures reach max
//	      refresh_exhausted ── Update with new values ─▶ active or pending
//
//	from \ event        refresh ok  refresh failed             new values  ExpiresAt passes
//	pending             active      error | refresh_exhausted  pending     —
//	active              active      error | refresh_exhausted  active      expired
//	expired             active      error | refresh_exhausted  active      —
//	error               active      error | refresh_exhausted  active      —
//	refresh_exhausted   (refused)   (refused)                  active      —
//
// ("new values": an Update that writes any value; the result is pending
// for a client-credentials credential left without an access token.)
//
// Expired is derived, never stored: Health.StatusAt reports it for an
// active credential whose ExpiresAt has passed. NeedsRefresh is true for
// pending and error, and for an active token expiring within the margin
// (Options.RefreshMargin, DefaultRefreshMargin); never for
// refresh_exhausted, which waits for new secrets through Update.
// Health.Refreshed, RefreshFailed and Reset are the transitions, as pure
// functions.
//
// # Refresh
//
// Service.Refresh obtains a new token through a Refresher: by default
// OAuth2Refresher, built on golang.org/x/oauth2 (the client-credentials
// grant, or the refresh-token grant for an authorization-code credential;
// a rotated refresh token is sealed and kept). A host may pass its own in
// Options.Refresher. Success makes the credential active with the new
// expiry; a failure records it, and Options.MaxRefreshFailures
// (DefaultMaxRefreshFailures, 5) failures in a row make it
// refresh_exhausted, after which Refresh refuses until new secrets are
// written.
//
// # Errors
//
// Every error matches one sentinel of package customerkit:
//
//   - ErrInvalid: a *customerkit.ValidationError listing every problem of an
//     Input, Patch, CustomMethod, Query, key ring or cursor;
//   - ErrNotFound: no such credential, no such owning customer on create,
//     or a credential another customer owns (through a Scope);
//   - ErrConflict: Patch.Version is stale, or the credential changed while
//     a refresh obtained its token (the token is dropped);
//   - ErrFailedPrecondition: a Scope's write the customer's status
//     forbids; a sealed value that does not open
//     (ErrCannotOpen); a refresh of a credential that cannot be refreshed
//     (not OAuth2, no refresh token, refresh_exhausted); a failed refresh
//     (*RefreshError, recorded in the health);
//   - ErrPermissionDenied: a Scope changing an organization-wide
//     credential, or a Scope with no customer;
//   - ErrAlreadyExists: from a Store, when a credential ID is taken.
//
// A canceled context comes back as the context's error.
package credential
