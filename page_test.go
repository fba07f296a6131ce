package customerkit_test

import (
	"encoding/json"
	"errors"
	"strconv"
	"testing"

	"github.com/customerkit/customerkit"
)

func TestCursorText(t *testing.T) {
	t.Parallel()
	c := customerkit.NewCursor([]byte("name\x00Ada\x00\xff"))
	if c.IsZero() {
		t.Fatal("a cursor with content is not zero")
	}
	b, err := json.Marshal(struct {
		Next customerkit.Cursor `json:"next"`
	}{c})
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Next customerkit.Cursor `json:"next"`
	}
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Next != c || string(back.Next.Bytes()) != "name\x00Ada\x00\xff" {
		t.Fatalf("round trip changed the cursor: %q", back.Next.Bytes())
	}
	p, err := customerkit.ParseCursor(c.String())
	if err != nil || p != c {
		t.Fatalf("ParseCursor(String()) = %v, %v", p, err)
	}
	if z, err := customerkit.ParseCursor(""); err != nil || !z.IsZero() {
		t.Fatal(`"" is the zero cursor`)
	}
	_, err = customerkit.ParseCursor("not a cursor!")
	var ve *customerkit.ValidationError
	if !errors.Is(err, customerkit.ErrInvalid) || !errors.As(err, &ve) || ve.Fields[0].Path != "cursor" {
		t.Fatalf("a bad cursor must be ErrInvalid on the path cursor, got %v", err)
	}
	if !errors.Is(customerkit.InvalidCursor("x"), customerkit.ErrInvalid) {
		t.Fatal("InvalidCursor must match ErrInvalid")
	}
}

// pager serves items 0..n-1 in pages of size, counting fetches.
type pager struct {
	n, size, fetches int
	failAt           int // fetch number that fails (0: never)
}

func (p *pager) fetch(after customerkit.Cursor) (customerkit.Page[int], error) {
	p.fetches++
	if p.failAt == p.fetches {
		return customerkit.Page[int]{}, errors.New("backend down")
	}
	start := 0
	if !after.IsZero() {
		start, _ = strconv.Atoi(string(after.Bytes()))
	}
	var page customerkit.Page[int]
	for i := start; i < min(start+p.size, p.n); i++ {
		v := i
		page.Items = append(page.Items, &v)
	}
	if end := start + p.size; end < p.n {
		page.Next = customerkit.NewCursor([]byte(strconv.Itoa(end)))
	}
	return page, nil
}

func TestIterate(t *testing.T) {
	t.Parallel()
	p := &pager{n: 7, size: 3}
	var got []int
	for v, err := range customerkit.Iterate(p.fetch) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, *v)
	}
	if len(got) != 7 || got[0] != 0 || got[6] != 6 || p.fetches != 3 {
		t.Fatalf("got %v in %d fetches", got, p.fetches)
	}

	// Stopping early fetches nothing more.
	p = &pager{n: 100, size: 3}
	for v := range customerkit.Iterate(p.fetch) {
		if *v == 4 {
			break
		}
	}
	if p.fetches != 2 {
		t.Fatalf("fetches after break = %d, want 2", p.fetches)
	}

	// An error is yielded once, with a nil item, and ends the iteration.
	p = &pager{n: 10, size: 3, failAt: 2}
	var items, errs int
	for v, err := range customerkit.Iterate(p.fetch) {
		if err != nil {
			errs++
			if v != nil {
				t.Fatal("the item beside an error must be nil")
			}
			continue
		}
		items++
	}
	if items != 3 || errs != 1 || p.fetches != 2 {
		t.Fatalf("items=%d errs=%d fetches=%d", items, errs, p.fetches)
	}

	// An empty list yields nothing.
	p = &pager{n: 0, size: 3}
	for range customerkit.Iterate(p.fetch) {
		t.Fatal("nothing to yield")
	}
}
