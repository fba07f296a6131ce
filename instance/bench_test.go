package instance_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/instance"
	"github.com/customerkit/customerkit/internal/cputime"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/storage/memstore"
	"github.com/customerkit/customerkit/storage/sqlstore"
	"github.com/customerkit/customerkit/storage/storagetest"
)

// BenchStore is what the benchmarks need from an adapter; the SQL adapter's
// variants call benchView and benchActivate with their own store.
type BenchStore interface {
	customer.Store
	marketplace.Store
	instance.Store
}

// Sizes of the view benchmark.
const (
	benchListings  = 200
	benchInstances = 50
)

// BenchmarkView measures a customer's marketplace view with 200 listings
// (each presenting a version of 7 variables) and 50 instances of the
// customer, on the in-memory store and on the SQL store over a SQLite
// file. The marketplace does not change between views, so the SQL store
// reads it once and then only its generation (the first view is not
// timed).
//
//	go test ./instance -run '^$' -bench BenchmarkView -count 6
func BenchmarkView(b *testing.B) {
	b.Run("memstore", func(b *testing.B) { benchView(b, memstore.New()) })
	b.Run("sqlite", func(b *testing.B) { benchView(b, sqliteStore(b)) })
	b.Run("sqlite-after-write", func(b *testing.B) { benchViewAfterWrite(b, sqliteStore(b)) })
}

// The sqlite-after-write variant changes a listing before each view,
// outside the timer, so that every view reads the whole marketplace (the
// SQL store's first view after any marketplace write); its cpu-ns/op is
// the view's alone.
//
// BenchmarkActivate measures one activation through the marketplace
// handle: the reads before the transaction, value checks, and the
// transaction that re-checks deployability with the customer's instances.
// Each activated instance is deactivated again, outside the timer, so the
// customer always has the same instances. It runs on the in-memory store
// and on the SQL store over a SQLite file.
//
//	go test ./instance -run '^$' -bench BenchmarkActivate -count 6
func BenchmarkActivate(b *testing.B) {
	b.Run("memstore", func(b *testing.B) { benchActivate(b, memstore.New()) })
	b.Run("sqlite", func(b *testing.B) { benchActivate(b, sqliteStore(b)) })
}

// sqliteStore returns a migrated sqlstore over a new SQLite database in a
// temporary file, opened as the sqlstore tests open theirs: foreign keys
// on, writers wait for each other, WAL, synchronous=NORMAL.
func sqliteStore(b testing.TB) *sqlstore.Store {
	b.Helper()
	path := filepath.Join(b.TempDir(), "customerkit.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)"+
		"&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	s, err := sqlstore.New(db, sqlstore.SQLite, nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Migrate(b.Context()); err != nil {
		b.Fatal(err)
	}
	return s
}

// seedBench stores a customer, n listed integrations (one version each)
// and, for the first m of them, one instance of the customer; it returns
// the customer and the integrations.
func seedBench(b *testing.B, s BenchStore, n, m int) (*customer.Customer, []*marketplace.Integration, *instance.Service) {
	b.Helper()
	ctx := context.Background()
	c := storagetest.NewCustomer(1)
	if err := s.CreateCustomer(ctx, c); err != nil {
		b.Fatal(err)
	}
	market := marketplace.NewService(s, nil)
	svc := instance.NewService(s, nil)
	vars := append(crmVars(), marketplace.ConfigVar{Key: "schedule", Type: marketplace.TypeSchedule, Default: def("@hourly"), Visibility: marketplace.VisibilityCustomer})
	ins := make([]*marketplace.Integration, n)
	for k := range n {
		in, err := market.CreateIntegration(ctx, &marketplace.Integration{Name: fmt.Sprintf("Integration %03d", k), Description: "Syncs things", Category: "CRM", Labels: []string{"sync"}})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := market.PublishVersion(ctx, in.ID, "", vars); err != nil {
			b.Fatal(err)
		}
		l := deployable()
		l.IntegrationID = in.ID
		l.AllowMultiple = k%2 == 0
		if _, err := market.PutListing(ctx, l, 0); err != nil {
			b.Fatal(err)
		}
		ins[k] = in
	}
	h := svc.Marketplace(c.ULID, marketplace.RoleAdmin)
	for k := range m {
		if _, err := h.Activate(ctx, ins[k].ID, instance.ActivateInput{Values: completeValues()}); err != nil {
			b.Fatal(err)
		}
	}
	return c, ins, svc
}

func benchView(b *testing.B, s BenchStore) {
	ctx := context.Background()
	c, _, svc := seedBench(b, s, benchListings, benchInstances)
	h := svc.Marketplace(c.ULID, marketplace.RoleMarketplaceAdmin)
	if _, err := h.View(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu := cputime.Start()
	defer cpu.Report(b)
	for b.Loop() {
		v, err := h.View(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if len(v.Listings) != benchListings {
			b.Fatalf("%d listings", len(v.Listings))
		}
	}
}

func benchViewAfterWrite(b *testing.B, s BenchStore) {
	ctx := context.Background()
	c, ins, svc := seedBench(b, s, benchListings, benchInstances)
	h := svc.Marketplace(c.ULID, marketplace.RoleMarketplaceAdmin)
	b.ReportAllocs()
	var cpu time.Duration
	n := 0
	for b.Loop() {
		b.StopTimer()
		n++
		if _, err := s.UpdateListing(ctx, ins[n%len(ins)].ID, func(l *marketplace.Listing) error {
			l.Overview = fmt.Sprint("# CRM ", n)
			return nil
		}); err != nil {
			b.Fatal(err)
		}
		start, _ := cputime.Process()
		b.StartTimer()
		v, err := h.View(ctx)
		b.StopTimer()
		end, _ := cputime.Process()
		cpu += end - start
		b.StartTimer()
		if err != nil {
			b.Fatal(err)
		}
		if len(v.Listings) != benchListings {
			b.Fatalf("%d listings", len(v.Listings))
		}
	}
	if n > 0 && cpu > 0 {
		b.ReportMetric(float64(cpu)/float64(n), "cpu-ns/op")
	}
}

func benchActivate(b *testing.B, s BenchStore) {
	ctx := context.Background()
	c, ins, svc := seedBench(b, s, 10, 5)
	h := svc.Marketplace(c.ULID, marketplace.RoleAdmin)
	in := ins[9] // not activated yet
	b.ReportAllocs()
	for b.Loop() {
		v, err := h.Activate(ctx, in.ID, instance.ActivateInput{Values: completeValues()})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := h.Deactivate(ctx, v.ID); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}
