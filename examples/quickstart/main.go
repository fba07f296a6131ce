// Command quickstart shows customerkit end to end: it creates business and
// personal customers, shows a validation failure with its field errors,
// changes statuses and shows what each allows, merges metadata, and
// searches and pages through the customers, printing a transcript.
//
//	go run ./examples/quickstart
//
// It runs on the in-memory store by default, so it needs no server. With
// -sqlite FILE or -postgres DSN it runs on the SQL adapter instead, inside
// one transaction that it rolls back at the end (-keep commits it):
//
//	go run ./examples/quickstart -sqlite /tmp/customerkit.db
//	go run ./examples/quickstart -postgres 'postgres://postgres@127.0.0.1:5432/test?sslmode=disable'

package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/metadata"
)

func main() {
	flag.Parse()
	ctx := context.Background()
	store, done, err := openStore(ctx)
	if err == nil {
		err = run(ctx, os.Stdout, store)
		err = errors.Join(err, done(err == nil))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run writes the transcript to w, using store. The clock and the random
// source are fixed, so the transcript is the same on every run.
func run(ctx context.Context, w io.Writer, store customer.Store) error {
	clock := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	svc := customer.NewService(store, &customer.Options{
		NowFunc:    func() time.Time { clock = clock.Add(time.Minute); return clock },
		RandReader: rand.NewChaCha8([32]byte{'c', 'u', 's', 't', 'o', 'm', 'e', 'r', 'k', 'i', 't'}),
	})
	p := &printer{w: w}

	p.section("1. Create a business customer from the minimal profile")
	acme, err := svc.Create(ctx, &customer.Customer{
		Type:        customer.TypeBusiness,
		CompanyName: "Müller & Söhne GmbH",
		FirstName:   "Jana",
		LastName:    "Müller",
		Email:       "Jana.Mueller@Mueller-Soehne.example",
		Country:     "de",
		Currency:    "eur",
		Telephones:  []customer.Telephone{{Type: customer.PhoneLandline, Number: "030 123456"}},
		LegalDocuments: []customer.LegalDocument{
			{Type: "eu_vat", Value: "de 136.695.976"},
		},
	})
	if err != nil {
		return err
	}
	p.customer(acme)

	p.section("2. Create a personal customer")
	ana, err := svc.Create(ctx, &customer.Customer{
		Type:      customer.TypePersonal,
		FirstName: "Ana",
		LastName:  "Núñez",
		Email:     "ana@example.es",
		Country:   "ES",
		Currency:  "EUR",
		Language:  "es-es",
	})
	if err != nil {
		return err
	}
	p.customer(ana)

	p.section("3. A profile with mistakes: every problem is reported at once")
	_, err = svc.Create(ctx, &customer.Customer{
		Type:       customer.TypeBusiness,
		FirstName:  "Bob",
		Email:      "bob(at)example.com",
		Country:    "UK",
		Currency:   "DEM",
		Telephones: []customer.Telephone{{Type: customer.PhoneMobile, Number: "+49 30 123456"}},
	})
	var ve *customerkit.ValidationError
	if !errors.As(err, &ve) {
		return fmt.Errorf("expected a validation error, got %v", err)
	}
	p.printf("errors.Is(err, customerkit.ErrInvalid) = %v\n", errors.Is(err, customerkit.ErrInvalid))
	for _, f := range ve.Fields {
		p.printf("  %-22s %-14s %s\n", f.Path, f.Code, f.Detail)
	}
	_, err = svc.Create(ctx, &customer.Customer{
		Type: customer.TypePersonal, FirstName: "Jana", LastName: "M", Email: "JANA.MUELLER@mueller-soehne.example", Country: "DE", Currency: "EUR",
	})
	var ae *customerkit.AlreadyExistsError
	if errors.As(err, &ae) {
		p.printf("the same email in other letter case: %v (field %q)\n", err, ae.Field)
	}

	p.section("4. Status changes and what each status allows")
	for _, to := range []customer.Status{customer.StatusSuspended, customer.StatusInactive, customer.StatusActive} {
		c, err := svc.SetStatus(ctx, acme.ULID, to)
		if err != nil {
			return err
		}
		s := c.Status
		p.printf("%-10s access=%-5v use existing=%-5v create new=%-5v deletable=%v\n", s, s.CanAccess(), s.CanUseExisting(), s.CanCreate(), s.CanDelete())
	}
	if err := svc.Delete(ctx, acme.ULID); err != nil {
		p.printf("delete an active customer: %v\n", err)
	}
	if _, err := svc.SetStatus(ctx, ana.ULID, customer.StatusTerminated); err != nil {
		return err
	}
	if _, err := svc.SetStatus(ctx, ana.ULID, customer.StatusActive); err != nil {
		p.printf("reactivate a terminated customer: %v\n", err)
	}
	if err := svc.Delete(ctx, ana.ULID); err != nil {
		return err
	}
	p.printf("deleted the terminated customer %s\n", ana.Name)

	p.section("5. Metadata merge (RFC 7396: null deletes, objects merge one level, arrays replace)")
	c, err := svc.MergeMetadata(ctx, acme.ULID, metadata.Metadata{"plan": "pro", "limits": map[string]any{"api": 1000, "seats": 25}, "tags": []any{"eu"}})
	if err != nil {
		return err
	}
	p.printf("after merge 1: %s (version %d)\n", jsonText(c.Metadata), c.Version)
	c, err = svc.MergeMetadata(ctx, acme.ULID, metadata.Metadata{"plan": nil, "limits": map[string]any{"seats": 30}, "tags": []any{"eu", "vip"}})
	if err != nil {
		return err
	}
	p.printf("after merge 2: %s (version %d)\n", jsonText(c.Metadata), c.Version)
	if _, err := svc.ReplaceMetadata(ctx, acme.ULID, c.Version-1, metadata.Metadata{}); err != nil {
		p.printf("replace with a stale version: %v\n", err)
	}

	p.section("6. Search and pagination")
	names := []string{"Zeta Systems", "Émile Zola SARL", "alpha analytics", "Alpine Tools", "Beta Logistics", "Ångström AB", "Gamma Labs"}
	for i, n := range names {
		status := customer.StatusActive
		if i%3 == 2 {
			status = customer.StatusSuspended
		}
		_, err := svc.Create(ctx, &customer.Customer{
			Type: customer.TypeBusiness, CompanyName: n, FirstName: "Ops", LastName: "Team", Status: status,
			Email: fmt.Sprintf("ops%d@example.com", i), Country: "FR", Currency: "EUR",
		})
		if err != nil {
			return err
		}
	}
	q := &customer.Query{Statuses: []customer.Status{customer.StatusActive}, Order: customer.OrderName, Limit: 3}
	var after customerkit.Cursor
	for n := 1; ; n++ {
		page, err := svc.List(ctx, q, after)
		if err != nil {
			return err
		}
		var got []string
		for _, c := range page.Items {
			got = append(got, c.Name)
		}
		p.printf("active, by name, page %d: %s\n", n, strings.Join(got, " | "))
		if page.Next.IsZero() {
			break
		}
		after = page.Next
	}
	var found []string
	for c, err := range svc.All(ctx, &customer.Query{Name: "EMILE"}) {
		if err != nil {
			return err
		}
		found = append(found, c.Name)
	}
	p.printf("name search %q (case and accents ignored): %s\n", "EMILE", strings.Join(found, ", "))
	return p.err
}

// jsonText returns v encoded as JSON (object keys sorted).
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// printer writes the transcript and keeps the first write error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *printer) section(title string) { p.printf("\n== %s\n", title) }

func (p *printer) customer(c *customer.Customer) {
	p.printf("%s (%s, %s)\n", c.Name, c.Type, c.Status)
	p.printf("  ulid %s  key %s  subdomain %s\n", c.ULID, c.Key, c.Subdomain)
	p.printf("  email %s  country %s  currency %s", c.Email, c.Country, c.Currency)
	if c.Language != "" {
		p.printf("  language %s", c.Language)
	}
	p.printf("\n")
	for _, t := range c.Telephones {
		p.printf("  telephone %s %s default=%v\n", t.Type, t.Number, t.Default)
	}
	for _, d := range c.LegalDocuments {
		p.printf("  legal document %s %s %s\n", d.Type, d.Country, d.Value)
	}
}
