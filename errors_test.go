package customerkit_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/customerkit/customerkit"
)

func TestValidationError(t *testing.T) {
	t.Parallel()
	ve := &customerkit.ValidationError{Subject: "customer"}
	if ve.Err() != nil {
		t.Fatal("an empty ValidationError must be no error")
	}
	ve.Add("email", customerkit.CodeRequired, "")
	ve.Add(customerkit.IndexPath("telephones", 1)+".number", customerkit.CodeInvalid, "not a number")
	inner := &customerkit.ValidationError{Fields: []customerkit.FieldError{{Path: `["plan"]`, Code: customerkit.CodeTooLong}, {Path: "", Code: customerkit.CodeTooMany}}}
	ve.Merge("customer_metadata", inner)
	ve.Merge("cursor", errors.New("bad"))
	err := ve.Err()
	wrapped := fmt.Errorf("outer: %w", err)
	if !errors.Is(wrapped, customerkit.ErrInvalid) {
		t.Fatal("a ValidationError must match ErrInvalid")
	}
	for _, other := range []error{customerkit.ErrNotFound, customerkit.ErrAlreadyExists, customerkit.ErrConflict, customerkit.ErrFailedPrecondition, customerkit.ErrPermissionDenied} {
		if errors.Is(err, other) {
			t.Fatalf("a ValidationError must match only ErrInvalid, matched %v", other)
		}
	}
	var got *customerkit.ValidationError
	if !errors.As(wrapped, &got) {
		t.Fatal("errors.As must find the ValidationError")
	}
	want := []string{"email", "telephones[1].number", `customer_metadata["plan"]`, "customer_metadata", "cursor"}
	if len(got.Fields) != len(want) {
		t.Fatalf("fields = %v", got.Fields)
	}
	for i, p := range want {
		if got.Fields[i].Path != p {
			t.Errorf("field %d path = %q, want %q", i, got.Fields[i].Path, p)
		}
	}
	if !got.Has("email") || got.Has("name") {
		t.Error("Has reports the wrong paths")
	}
	const msg = `customer: invalid input: email: required; telephones[1].number: invalid: not a number; customer_metadata["plan"]: too_long; customer_metadata: too_many; cursor: invalid: bad`
	if err.Error() != msg {
		t.Errorf("Error() = %q", err.Error())
	}
}

func TestPaths(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		customerkit.JoinPath("", "a"):                           "a",
		customerkit.JoinPath("a", ""):                           "a",
		customerkit.JoinPath("a", "b"):                          "a.b",
		customerkit.JoinPath("a", "[2]"):                        "a[2]",
		customerkit.KeyPath("metadata", `we"ird`):               `metadata["we\"ird"]`,
		customerkit.IndexPath("addresses", 0) + ".country":      "addresses[0].country",
		customerkit.JoinPath("m", customerkit.KeyPath("", "k")): `m["k"]`,
	}
	for got, want := range cases {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

func TestAlreadyExistsError(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("create: %w", &customerkit.AlreadyExistsError{Resource: "customer", Field: "email"})
	if !errors.Is(err, customerkit.ErrAlreadyExists) || errors.Is(err, customerkit.ErrInvalid) {
		t.Fatal("AlreadyExistsError must match ErrAlreadyExists only")
	}
	var ae *customerkit.AlreadyExistsError
	if !errors.As(err, &ae) || ae.Field != "email" {
		t.Fatal("the field must be readable")
	}
	if ae.Error() != "customer: email already exists" {
		t.Errorf("Error() = %q", ae.Error())
	}
}
