package memstore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/internal/cputime"
	"github.com/customerkit/customerkit/storage/storagetest"
)

// Run the figures kept in BENCHMARKS.md with
//
//	go test ./storage/memstore -run '^$' -bench 'Get|ListPage' -count 6 -benchmem

// Words the benchmark names are made of: company names as a European
// B2B customer base has them, with accents, so the name order and the
// search keys are the real ones.
var (
	benchLast   = []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Dubois", "Lefèvre", "García", "Martínez", "Rossi", "Bianchi", "Nowak", "Kowalski", "Andersen", "Øster", "Åberg", "Yılmaz", "O'Brien", "Smith"}
	benchCore   = []string{"Logistik", "Software", "Bau", "Consulting", "Energie", "Medical", "Foods", "Textil", "Maschinenbau", "Digital", "Immobilien", "Versicherung", "Transport", "Analytics", "Design", "Solar", "Pharma", "Handel", "Systems", "Labs"}
	benchSuffix = []string{"GmbH", "AG", "SE", "GmbH & Co. KG", "Ltd", "SARL", "S.p.A.", "Sp. z o.o.", "AB", "Inc."}
)

// benchCustomer returns fixture i with a realistic name and one of the four
// statuses, chosen with r.
func benchCustomer(i int, r *rand.Rand) *customer.Customer {
	c := storagetest.NewCustomer(i)
	c.Name = fmt.Sprintf("%s %s %s", benchLast[r.IntN(len(benchLast))], benchCore[r.IntN(len(benchCore))], benchSuffix[r.IntN(len(benchSuffix))])
	c.CompanyName = c.Name
	c.Status = customer.Statuses()[r.IntN(4)]
	return c
}

var (
	benchMu    sync.Mutex
	benchStore *Store // the store seeded built last, and its size
	benchSize  int
)

// seeded returns a store holding n bench customers. It keeps only the
// store it built last: a store of another size left in memory would be
// marked by every garbage collection of the next benchmark, so with
// -count above 1 the 1 000-customer figures would carry the collector's
// work on the 100 000-customer heap, and the two would not be measured
// alike. A store is built again when the size changes, and the heap is
// collected before the measurement starts.
func seeded(b testing.TB, n int) *Store {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if benchStore != nil && benchSize == n {
		return benchStore
	}
	benchStore = nil
	s := New()
	r := rand.New(rand.NewPCG(uint64(n), 7))
	for i := range n {
		if err := s.CreateCustomer(context.Background(), benchCustomer(i, r)); err != nil {
			b.Fatal(err)
		}
	}
	benchStore, benchSize = s, n
	runtime.GC()
	return s
}

// baselineStore is the floor Get is measured against: a plain map of the
// same struct under a RWMutex, cloned on read (after the read lock, as the
// Store does).
type baselineStore struct {
	mu sync.RWMutex
	m  map[ulid.ULID]*customer.Customer
}

func (s *baselineStore) get(id ulid.ULID) *customer.Customer {
	s.mu.RLock()
	c := s.m[id]
	s.mu.RUnlock()
	return c.Clone()
}

func BenchmarkGet(b *testing.B) {
	const n = 10_000
	s := seeded(b, n)
	base := &baselineStore{m: make(map[ulid.ULID]*customer.Customer, n)}
	var (
		rawIDs []ulid.ULID
		ids    []string
		emails []string
	)
	r := rand.New(rand.NewPCG(n, 7))
	for i := range n {
		c := benchCustomer(i, r)
		base.m[c.ULID] = c
		rawIDs = append(rawIDs, c.ULID)
		ids = append(ids, c.ULID.String())
		emails = append(emails, customer.EmailKey(c.Email))
	}
	ctx := context.Background()
	byID := func(i int) {
		if _, err := s.GetCustomer(ctx, customer.ByULID, ids[i%n]); err != nil {
			b.Fatal(err)
		}
	}
	byEmail := func(i int) {
		if _, err := s.GetCustomer(ctx, customer.ByEmail, emails[i%n]); err != nil {
			b.Fatal(err)
		}
	}
	baseline := func(i int) {
		if base.get(rawIDs[i%n]) == nil {
			b.Fatal("baseline: not found")
		}
	}
	cases := []struct {
		name string
		get  func(i int)
	}{
		{"ByID", byID},
		{"ByEmail", byEmail},
		{"BaselineMapRWMutex", baseline},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			var cpu cputime.Meter
			for b.Loop() {
				if i == 0 {
					cpu = cputime.Start()
				}
				c.get(i)
				i += 7919 // a prime: visit the table out of order
			}
			cpu.Report(b)
		})
	}
	for _, c := range cases {
		b.Run(c.name+"Parallel", func(b *testing.B) {
			b.ReportAllocs()
			var seed atomic.Int64
			cpu := cputime.Start()
			b.RunParallel(func(pb *testing.PB) {
				i := int(seed.Add(1) * 1_000_003)
				for pb.Next() {
					c.get(i)
					i += 7919
				}
			})
			cpu.Report(b)
		})
	}
}

// pageQuery is the list the page benchmarks fetch: one status of four,
// by name, 50 a page.
func pageQuery(b testing.TB) *customer.Query {
	b.Helper()
	q, err := (&customer.Query{
		Statuses: []customer.Status{customer.StatusSuspended},
		Order:    customer.OrderName,
		Limit:    50,
	}).Normalize()
	if err != nil {
		b.Fatal(err)
	}
	return q
}

// pageCursors returns the cursors of up to 64 full pages of q, spread over
// the whole list, so a benchmark starts pages everywhere, not only at the
// head.
func pageCursors(b testing.TB, s *Store, q *customer.Query, n int) []customerkit.Cursor {
	b.Helper()
	var cursors []customerkit.Cursor
	var after customerkit.Cursor
	for p := 0; ; p++ {
		page, err := s.ListCustomers(context.Background(), q, after)
		if err != nil {
			b.Fatal(err)
		}
		if len(page.Items) == q.Limit && p%max(1, n/q.Limit/4/64) == 0 {
			cursors = append(cursors, after)
		}
		if page.Next.IsZero() {
			return cursors
		}
		after = page.Next
	}
}

// BenchmarkListWalk is BenchmarkListPage without copying the customers
// out: the cursor decoding, the index search and the filtered walk alone.
func BenchmarkListWalk(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("customers=%d", n), func(b *testing.B) {
			s := seeded(b, n)
			ctx := context.Background()
			q := pageQuery(b)
			cursors := pageCursors(b, s, q, n)
			b.ReportAllocs()
			i := 0
			var cpu cputime.Meter
			for b.Loop() {
				if i == 0 {
					cpu = cputime.Start()
				}
				found, _, err := s.listCustomers(ctx, q, cursors[i%len(cursors)])
				if err != nil || len(found) != q.Limit {
					b.Fatal(err, len(found))
				}
				i++
			}
			cpu.Report(b)
		})
	}
}

func BenchmarkListPage(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("customers=%d", n), func(b *testing.B) {
			s := seeded(b, n)
			ctx := context.Background()
			q := pageQuery(b)
			cursors := pageCursors(b, s, q, n)
			b.ReportAllocs()
			i := 0
			var cpu cputime.Meter
			for b.Loop() {
				if i == 0 {
					cpu = cputime.Start()
				}
				page, err := s.ListCustomers(ctx, q, cursors[i%len(cursors)])
				if err != nil {
					b.Fatal(err)
				}
				if len(page.Items) == 0 {
					b.Fatal("empty page")
				}
				i++
			}
			cpu.Report(b)
		})
	}
}
