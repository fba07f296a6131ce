package memstore

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestOrderedIndex checks the index against a plain sorted slice through
// random inserts and deletes, enough of them to split and empty blocks.
func TestOrderedIndex(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	x := newOrderedIndex(cmp.Compare[int])
	var model []int
	present := map[int]bool{}
	check := func() {
		t.Helper()
		require.Equal(t, len(model), x.Len())
		require.Equal(t, model, slices.Collect(x.All()))
		for _, blk := range x.blocks {
			require.NotEmpty(t, blk)
			require.LessOrEqual(t, len(blk), maxBlock)
		}
		// Walk both ways from a few cut points.
		for range 5 {
			cut := r.IntN(20_000) - 10
			var wantUp, wantDown []int
			for _, v := range model {
				if v > cut {
					wantUp = append(wantUp, v)
				}
			}
			for i := len(model) - 1; i >= 0; i-- {
				if model[i] < cut {
					wantDown = append(wantDown, model[i])
				}
			}
			require.Equal(t, wantUp, nilIfEmpty(slices.Collect(x.Ascend(func(v int) bool { return v > cut }))), "ascend after %d", cut)
			require.Equal(t, wantDown, nilIfEmpty(slices.Collect(x.Descend(func(v int) bool { return v >= cut }))), "descend before %d", cut)
		}
	}
	for round := range 6 {
		// Grow, then shrink, so blocks split and empty.
		for range 3000 {
			v := r.IntN(20_000)
			if present[v] {
				continue
			}
			present[v] = true
			x.Insert(v)
			i, _ := slices.BinarySearch(model, v)
			model = slices.Insert(model, i, v)
		}
		check()
		for range 2000 + round*200 {
			if len(model) == 0 {
				break
			}
			i := r.IntN(len(model))
			v := model[i]
			require.True(t, x.Delete(v))
			require.False(t, x.Delete(v))
			delete(present, v)
			model = slices.Delete(model, i, i+1)
		}
		check()
	}
	for _, v := range slices.Clone(model) {
		require.True(t, x.Delete(v))
	}
	model = nil
	check()
	require.Empty(t, x.blocks)
}

func nilIfEmpty(s []int) []int {
	if len(s) == 0 {
		return nil
	}
	return s
}

// TestStringIndexCollisions forces every string onto one hash, so that
// all but the first go to the collision map, and checks that gets, puts
// and deletes in any order find exactly the records they should.
func TestStringIndexCollisions(t *testing.T) {
	t.Parallel()
	recs := map[string]*customerRecord{}
	for _, k := range []string{"a", "b", "c", "d"} {
		recs[k] = &customerRecord{blob: []byte(k), head: customerHead{key: span{n: int32(len(k))}}}
	}
	x := newStringIndex((*customerRecord).key)
	x.hash = func(string) uint64 { return 1 }
	for _, k := range []string{"a", "b", "c"} {
		x.put(k, recs[k])
	}
	require.Len(t, x.other, 2, "two of three collided")
	for _, k := range []string{"a", "b", "c"} {
		require.Same(t, recs[k], x.get(k), "get(%q)", k)
	}
	require.Nil(t, x.get("d"), "a string never put")
	x.del("a") // the one under the hash
	require.Nil(t, x.get("a"))
	require.Same(t, recs["b"], x.get("b"), "deleting the record under the hash lost another")
	require.Same(t, recs["c"], x.get("c"))
	x.put("d", recs["d"]) // takes the free hash
	x.del("c")            // one in the collision map
	require.Nil(t, x.get("c"))
	require.Same(t, recs["b"], x.get("b"), "deleting a collided record lost another")
	require.Same(t, recs["d"], x.get("d"))
	require.Equal(t, 2, x.len())
	x.del("b")
	x.del("d")
	require.Zero(t, x.len())
}
