// Package credential will own the credentials instances use: auth methods
// and their field schemas, secret fields sealed at rest (AES-256-GCM over a
// key ring), redaction and health. It holds no code yet.
package credential
