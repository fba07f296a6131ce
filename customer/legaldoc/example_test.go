package legaldoc_test

import (
	"errors"
	"fmt"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer/legaldoc"
)

func ExampleValidate() {
	// The country prefix tells which member state issued a VAT number.
	fmt.Println(legaldoc.Validate("eu_vat", "", "DE 136.695.976", legaldoc.LevelChecksum))

	// The format level checks the shape only; the checksum level also
	// checks the check digit.
	err := legaldoc.Validate("eu_vat", "", "DE 123456789", legaldoc.LevelFormat)
	fmt.Println(err)
	err = legaldoc.Validate("eu_vat", "", "DE 123456789", legaldoc.LevelChecksum)
	fmt.Println(errors.Is(err, legaldoc.ErrChecksum), errors.Is(err, customerkit.ErrInvalid))

	// A country that contradicts the value.
	err = legaldoc.Validate("eu_vat", "FR", "DE 136695976", legaldoc.LevelFormat)
	fmt.Println(errors.Is(err, legaldoc.ErrCountry))
	// Output:
	// <nil>
	// <nil>
	// true true
	// true
}

func ExampleNormalize() {
	for _, v := range []struct {
		t              legaldoc.Type
		country, value string
	}{
		{"eu_vat", "", "be 0220.764.971"},
		{"eu_vat", "GR", "094 259 216"},
		{"pl_nip", "", "PL 856-734-62-15"},
		{"it_cf", "", "mrtntn 23m02 d969p"},
	} {
		compact, err := legaldoc.Normalize(v.t, v.country, v.value)
		fmt.Println(compact, err)
	}
	// Output:
	// BE0220764971 <nil>
	// EL094259216 <nil>
	// 8567346215 <nil>
	// MRTNTN23M02D969P <nil>
}

func ExampleFormat() {
	for _, v := range []struct {
		t     legaldoc.Type
		value string
	}{
		{"eu_vat", "BE0220764971"},
		{"eu_vat", "FR61954506077"},
		{"fr_siret", "73282932000074"},
		{"hu_tin", "12892312241"},
	} {
		display, err := legaldoc.Format(v.t, "", v.value)
		fmt.Println(display, err)
	}
	// Output:
	// BE 0220.764.971 <nil>
	// FR 61 954 506 077 <nil>
	// 732 829 320 00074 <nil>
	// 12892312-2-41 <nil>
}

func ExampleLookup() {
	spec, _ := legaldoc.Lookup("eu_oss_vat")
	fmt.Println(spec.Description)
	fmt.Println(spec.Countries, spec.Example, spec.Checksum)
	// Output:
	// European One Stop Shop VAT number for the non-Union scheme
	// [EU] EU372022452 false
}
