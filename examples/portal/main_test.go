package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/customerkit/customerkit/storage/memstore"
)

var update = flag.Bool("update", false, "rewrite testdata/transcript.golden")

// TestTranscript runs the example on the in-memory store and compares its
// transcript with testdata/transcript.golden (go test -update rewrites it
// after a deliberate change).
func TestTranscript(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), &out, memstore.New()); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	// The lines that carry the story, whatever else changes.
	for _, want := range []string{
		"Ada invited bob@acme.example as member; the link is shown to her once",
		"Bob accepted: member of Acme Ltd",
		"Bob acts as member with [view_users view_instances view_logs]",
		"  members: ada@acme.example (admin, owner), bob@acme.example (member)",
		"  listing Acme CRM v1: state activated, not deployable: already_activated, role",
		"  attachments: contract.txt",
		"Bob lists credentials: permission denied",
		"Bob deploys Acme CRM: permission denied",
		"Bob reads Globex's instance: not found",
		"Ada deploys Globex's instance: not found",
		"Ada reads Globex's owner: not found",
		"Bob opens Globex's portal: not found",
		"Ada made Acme CRM take api_url from crm_base_url (text): state pending_changes",
		"Ada moved crm_base_url to https://crm.eu.acme.example: 1 instance(s) take it",
		"the runtime resolves api_url = https://crm.eu.acme.example",
		"Bob reads crm_base_url: ok",
		"Bob changes crm_base_url: permission denied",
		"Ada deletes crm_base_url: failed precondition",
		"Bob may view the instances' logs: ok",
		"Bob deploys Acme CRM: ok",
		"Bob configures Acme CRM: permission denied",
		"Bob lists members: permission denied",
		"Bob lists instances (1): ok",
		"Ada pauses Acme CRM: ok",
		"Ada uploads minutes.txt: failed precondition",
		"Ada invites Carol: failed precondition",
		"inactive: Ada lists attachments: failed precondition",
		"inactive: Ada opens Acme's portal: failed precondition",
		"Bob views the marketplace: not found",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("transcript lacks %q", want)
		}
	}
	// No secret reaches the transcript: not the credential's value, not
	// the invitation's token.
	for _, secret := range []string{"sk_live_acme_5bd1", "token="} {
		if strings.Contains(got, secret) {
			t.Errorf("transcript shows %q", secret)
		}
	}
	golden := filepath.Join("testdata", "transcript.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("transcript differs from %s (run with -update after a deliberate change):\n%s", golden, got)
	}
}
