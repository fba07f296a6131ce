package customer

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/customerkit/customerkit/customer/internal/iso"
)

// CanonicalCountry returns the upper-case ISO 3166-1 alpha-2 code for s
// when it is an officially assigned code (any letter case), and false
// otherwise: "UK", "EU", "XK", three-letter, numeric and deleted codes are
// refused.
func CanonicalCountry(s string) (string, bool) { return iso.Country(s) }

// CanonicalCurrency returns the upper-case ISO 4217 code for s when it is an
// active currency, and false otherwise: withdrawn codes are refused.
func CanonicalCurrency(s string) (string, bool) { return iso.Currency(s) }

// CanonicalLanguage returns the canonical BCP 47 form of the tag s, and
// false when s is not a well-formed, determined language tag.
func CanonicalLanguage(s string) (string, bool) {
	if _, ok := canonicalLanguages.m.Load(s); ok {
		return s, true
	}
	tag, ok := iso.Language(s)
	if ok && tag == s {
		canonicalLanguages.remember(s)
	}
	return tag, ok
}

// maxRememberedLanguages bounds canonicalLanguages: a customer base uses a
// few dozen tags, and input chosen to fill the set only sends later tags
// the slow way.
const maxRememberedLanguages = 256

// canonicalLanguages remembers tags that iso.Language returned unchanged:
// the stored form of a customer's language, which each update of the
// customer validates again. iso.Language is a pure function of its input,
// so a remembered tag stays canonical for the life of the process; parsing
// it again (twice, for the round-trip check) costs about a microsecond and
// eight allocations, a look-up here neither. FuzzCanonicalLanguage checks
// that the remembered answer is the parsed one.
var canonicalLanguages tagSet

// tagSet is a bounded, concurrency-safe set of strings.
type tagSet struct {
	m sync.Map // tag → struct{}
	n atomic.Int32
}

// remember adds tag unless the set is full. The bound is approximate:
// writers racing on the last places may each add one.
func (t *tagSet) remember(tag string) {
	if t.n.Load() >= maxRememberedLanguages {
		return
	}
	// A copy, so the set never holds on to a larger input the tag is
	// part of.
	if _, loaded := t.m.LoadOrStore(strings.Clone(tag), struct{}{}); !loaded {
		t.n.Add(1)
	}
}
