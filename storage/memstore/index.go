package memstore

import (
	"hash/maphash"
	"iter"
	"slices"
	"sort"
)

// maxBlock is the most elements a block of an orderedIndex holds before it
// splits in two. A block is a plain sorted slice, so an insert or a delete
// moves at most maxBlock pointers, and the slice of blocks stays short
// (n/maxBlock to 2n/maxBlock entries).
const maxBlock = 512

// orderedIndex is a sorted set of records kept as a list of sorted blocks
// (the layout of Python's sortedcontainers): finding a position is two
// binary searches, inserting or deleting shifts one block, and walking in
// either direction from a position is a slice scan. Elements must not change
// their sort key while they are in the index.
//
// An orderedIndex is not safe for concurrent use; the Store's lock guards
// it.
type orderedIndex[T any] struct {
	cmp    func(a, b T) int
	blocks [][]T
	n      int
}

func newOrderedIndex[T any](cmp func(a, b T) int) *orderedIndex[T] {
	return &orderedIndex[T]{cmp: cmp}
}

// Len returns the number of elements.
func (x *orderedIndex[T]) Len() int { return x.n }

// search returns the position (block, offset) of the first element for
// which geq is true; geq must be false for a prefix of the order and true
// for the rest. When geq is false for every element the position is
// (len(blocks), 0), the end.
func (x *orderedIndex[T]) search(geq func(T) bool) (b, i int) {
	b = sort.Search(len(x.blocks), func(j int) bool {
		blk := x.blocks[j]
		return geq(blk[len(blk)-1])
	})
	if b == len(x.blocks) {
		return b, 0
	}
	blk := x.blocks[b]
	return b, sort.Search(len(blk), func(j int) bool { return geq(blk[j]) })
}

// Insert adds v, which must not compare equal to an element already there.
func (x *orderedIndex[T]) Insert(v T) {
	x.n++
	if len(x.blocks) == 0 {
		x.blocks = [][]T{{v}}
		return
	}
	b, i := x.search(func(e T) bool { return x.cmp(e, v) >= 0 })
	if b == len(x.blocks) { // after every element: append to the last block
		b = len(x.blocks) - 1
		i = len(x.blocks[b])
	}
	x.blocks[b] = slices.Insert(x.blocks[b], i, v)
	if blk := x.blocks[b]; len(blk) > maxBlock {
		half := len(blk) / 2
		right := slices.Clone(blk[half:])
		clear(blk[half:]) // drop the moved pointers from the left block's backing array
		x.blocks[b] = blk[:half]
		x.blocks = slices.Insert(x.blocks, b+1, right)
	}
}

// Delete removes the element that compares equal to v and reports whether
// there was one.
func (x *orderedIndex[T]) Delete(v T) bool {
	b, i := x.search(func(e T) bool { return x.cmp(e, v) >= 0 })
	if b == len(x.blocks) || x.cmp(x.blocks[b][i], v) != 0 {
		return false
	}
	x.n--
	x.blocks[b] = slices.Delete(x.blocks[b], i, i+1)
	if len(x.blocks[b]) == 0 {
		x.blocks = slices.Delete(x.blocks, b, b+1)
	}
	return true
}

// Ascend returns the elements for which geq is true, in order: the walk
// starts at the first of them. geq must be monotone as in search.
func (x *orderedIndex[T]) Ascend(geq func(T) bool) iter.Seq[T] {
	return func(yield func(T) bool) {
		b, i := x.search(geq)
		for ; b < len(x.blocks); b, i = b+1, 0 {
			for _, e := range x.blocks[b][i:] {
				if !yield(e) {
					return
				}
			}
		}
	}
}

// Descend returns the elements for which geq is false, in reverse order:
// the walk starts at the last of them. geq must be monotone as in search.
func (x *orderedIndex[T]) Descend(geq func(T) bool) iter.Seq[T] {
	return func(yield func(T) bool) {
		b, i := x.search(geq)
		for {
			if i == 0 {
				if b == 0 {
					return
				}
				b--
				i = len(x.blocks[b])
			}
			blk := x.blocks[b]
			for j := i - 1; j >= 0; j-- {
				if !yield(blk[j]) {
					return
				}
			}
			i = 0
		}
	}
}

// All returns every element in order.
func (x *orderedIndex[T]) All() iter.Seq[T] {
	return x.Ascend(func(T) bool { return true })
}

// stringIndex is a unique index of customer records by a string field,
// keyed by a 64-bit hash of the string rather than by the string: its
// keys are numbers, so the garbage collector has one pointer (the record)
// to follow per entry instead of two. A string whose hash another
// string's record holds already (a collision, about one pair in 2^64)
// goes to a map keyed by the string itself, which lookups try when the
// record under the hash holds another string.
type stringIndex struct {
	hash   func(string) uint64 // maphash.String with a seed of the index's
	keyOf  func(*customerRecord) string
	byHash map[uint64]*customerRecord
	other  map[string]*customerRecord // the collisions
}

func newStringIndex(keyOf func(*customerRecord) string) *stringIndex {
	seed := maphash.MakeSeed()
	return &stringIndex{
		hash:   func(s string) uint64 { return maphash.String(seed, s) },
		keyOf:  keyOf,
		byHash: make(map[uint64]*customerRecord), other: make(map[string]*customerRecord),
	}
}

// get returns the record whose field is s, or nil.
func (x *stringIndex) get(s string) *customerRecord {
	if r := x.byHash[x.hash(s)]; r != nil && x.keyOf(r) == s {
		return r
	}
	return x.other[s] // nil unless s collided
}

// put indexes r under its field s, which no other record holds.
func (x *stringIndex) put(s string, r *customerRecord) {
	h := x.hash(s)
	if o := x.byHash[h]; o != nil && x.keyOf(o) != s {
		x.other[s] = r
		return
	}
	x.byHash[h] = r
}

// del removes the record indexed under s.
func (x *stringIndex) del(s string) {
	h := x.hash(s)
	if o := x.byHash[h]; o != nil && x.keyOf(o) == s {
		delete(x.byHash, h)
		return
	}
	delete(x.other, s)
}

// len returns the number of records indexed.
func (x *stringIndex) len() int { return len(x.byHash) + len(x.other) }
