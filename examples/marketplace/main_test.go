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
		"Acme CRM   v1  available_deployable     state=none         count=zero     update=false deployable",
		"Ledger ERP v1  available_not_deployable state=none         count=zero     update=false not deployable: contact us, missing_value",
		"activate as marketplace_user: permission denied",
		`activate Acme CRM setting the organization's region: invalid — instance: invalid input: values["region"]: not_supported`,
		`instance "Acme CRM" v1 state=active deploys=1 values: api_url=https://crm.mueller.example`,
		"activate Acme CRM again: failed precondition",
		"state=activated    count=one      update=false not deployable: already_activated",
		`instance "Acme CRM" v1 state=pending_changes deploys=1 values: api_url=https://crm.mueller.example batch_size=250 sync_mode=incremental`,
		"Acme CRM   v2  available_deployable     state=activated    count=one      update=true",
		`instance "Acme CRM" v2 state=unconfigured deploys=2`,
		`values missing for "webhook_url"`,
		`instance "Acme CRM" v2 state=active deploys=3`,
		"state=paused       count=one",
		"activate while suspended: failed precondition",
		"customer_status",
		"delete the terminated customer: failed precondition — customer: 1 instance must be deactivated",
		"the organization deleted Acme CRM\ndelete the terminated customer: ok",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("transcript lacks %q", want)
		}
	}
	// Nothing of the organization's or the host's values reaches the
	// customer.
	for _, secret := range []string{"acme-prod-7731", "eu-central-1", "license_key (", "tenant", "region ("} {
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
