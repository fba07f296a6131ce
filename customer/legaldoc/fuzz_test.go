package legaldoc_test

import (
	"errors"
	"testing"

	"github.com/customerkit/customerkit/customer/legaldoc"
)

// sentinel returns the sentinel err matches, or nil.
func sentinel(err error) error {
	for _, s := range []error{legaldoc.ErrUnknownType, legaldoc.ErrCountry, legaldoc.ErrFormat, legaldoc.ErrChecksum} {
		if errors.Is(err, s) {
			return s
		}
	}
	if err != nil {
		return err
	}
	return nil
}

// fuzzTypes are the types the fuzz targets pick from: every registered one.
func fuzzTypes() []legaldoc.Type {
	var out []legaldoc.Type
	for _, s := range legaldoc.Types() {
		out = append(out, s.Type)
	}
	return out
}

func addSeeds(f *testing.F) {
	for i, s := range legaldoc.Types() {
		f.Add(uint8(i), "", s.Example)
		for _, v := range s.Variants {
			f.Add(uint8(i), v.Country, v.Example)
			f.Add(uint8(i), v.Country, v.Prefix+"\uff10\u2013"+v.Example)
		}
	}
	f.Add(uint8(0), "de", "fr 61 954 506 077")
	f.Add(uint8(0), "", "\xff\xfe")
	f.Add(uint8(0), "", "GR GR 094259216")
}

// FuzzValidate checks that Validate never panics, that Normalize succeeds
// exactly when Validate accepts the format, and that Validate gives the same
// answer (the same sentinel) for a value and its compact form.
//
// Run it with:
//
//	go test ./customer/legaldoc -run '^$' -fuzz '^FuzzValidate$' -fuzztime 60s
func FuzzValidate(f *testing.F) {
	addSeeds(f)
	types := fuzzTypes()
	f.Fuzz(func(t *testing.T, pick uint8, country, value string) {
		typ := types[int(pick)%len(types)]
		errFormat := legaldoc.Validate(typ, country, value, legaldoc.LevelFormat)
		errChecksum := legaldoc.Validate(typ, country, value, legaldoc.LevelChecksum)
		if errFormat != nil && sentinel(errChecksum) != sentinel(errFormat) {
			t.Fatalf("%s %q %q: format level %v, checksum level %v", typ, country, value, errFormat, errChecksum)
		}
		if errFormat == nil && errChecksum != nil && !errors.Is(errChecksum, legaldoc.ErrChecksum) {
			t.Fatalf("%s %q %q: checksum level fails with %v", typ, country, value, errChecksum)
		}
		compact, err := legaldoc.Normalize(typ, country, value)
		if sentinel(err) != sentinel(errFormat) {
			t.Fatalf("%s %q %q: Normalize %v, Validate %v", typ, country, value, err, errFormat)
		}
		if err != nil {
			return
		}
		if got := legaldoc.Validate(typ, country, compact, legaldoc.LevelChecksum); sentinel(got) != sentinel(errChecksum) {
			t.Fatalf("%s %q: Validate(%q) = %v but Validate(Normalize = %q) = %v", typ, country, value, errChecksum, compact, got)
		}
	})
}

// FuzzNormalize checks that Normalize never panics, is idempotent, and
// that Format's output normalises back to the same compact form.
//
// Run it with:
//
//	go test ./customer/legaldoc -run '^$' -fuzz '^FuzzNormalize$' -fuzztime 60s
func FuzzNormalize(f *testing.F) {
	addSeeds(f)
	types := fuzzTypes()
	f.Fuzz(func(t *testing.T, pick uint8, country, value string) {
		typ := types[int(pick)%len(types)]
		compact, err := legaldoc.Normalize(typ, country, value)
		display, ferr := legaldoc.Format(typ, country, value)
		if sentinel(err) != sentinel(ferr) {
			t.Fatalf("%s %q %q: Normalize %v, Format %v", typ, country, value, err, ferr)
		}
		if err != nil {
			return
		}
		again, err := legaldoc.Normalize(typ, country, compact)
		if err != nil || again != compact {
			t.Fatalf("%s %q: Normalize(%q) = %q, Normalize(%q) = %q, %v", typ, country, value, compact, compact, again, err)
		}
		back, err := legaldoc.Normalize(typ, country, display)
		if err != nil || back != compact {
			t.Fatalf("%s %q: Format(%q) = %q normalises to %q, %v; want %q", typ, country, value, display, back, err, compact)
		}
	})
}
