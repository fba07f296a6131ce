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

// TestTranscript runs the quickstart on the in-memory store and compares
// its transcript with testdata/transcript.golden (go test -update rewrites
// it after a deliberate change).
func TestTranscript(t *testing.T) {
	var out bytes.Buffer
	if err := run(t.Context(), &out, memstore.New()); err != nil {
		t.Fatal(err)
	}
	checkTranscript(t, out.String())
}

func checkTranscript(t *testing.T, got string) {
	t.Helper()
	// The lines that carry the story, whatever else changes.
	for _, want := range []string{
		"subdomain muller-and-sohne-gmbh",
		"legal document eu_vat DE DE136695976",
		"telephone landline +4930123456 default=true",
		"email                  invalid",
		"country                not_supported",
		"currency               not_supported",
		"telephones[0].type     invalid",
		`(field "email")`,
		"suspended  access=true  use existing=true  create new=false",
		"inactive   access=false use existing=false create new=false",
		"only a terminated customer can be deleted",
		"status terminated is final",
		`after merge 2: {"limits":{"api":1000,"seats":30},"tags":["eu","vip"]}`,
		"replace with a stale version",
		"page 1: Alpine Tools | Beta Logistics | Émile Zola SARL",
		"page 2: Gamma Labs | Müller & Söhne GmbH | Zeta Systems",
		`name search "EMILE" (case and accents ignored): Émile Zola SARL`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("transcript lacks %q", want)
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
