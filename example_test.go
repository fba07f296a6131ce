package customerkit_test

import (
	"errors"
	"fmt"

	"github.com/customerkit/customerkit"
)

// A validator collects every problem, then returns them all at once.
func ExampleValidationError() {
	ve := &customerkit.ValidationError{Subject: "customer"}
	ve.Add("email", customerkit.CodeRequired, "")
	ve.Add(customerkit.IndexPath("telephones", 1)+".number", customerkit.CodeInvalid, "not a number")
	err := ve.Err()

	fmt.Println(errors.Is(err, customerkit.ErrInvalid))
	var got *customerkit.ValidationError
	if errors.As(err, &got) {
		for _, f := range got.Fields {
			fmt.Println(f.Path, f.Code)
		}
	}
	// Output:
	// true
	// email required
	// telephones[1].number invalid
}

// Iterate turns any page function into a range-over-func iterator.
func ExampleIterate() {
	data := []string{"a", "b", "c", "d", "e"}
	fetch := func(after customerkit.Cursor) (customerkit.Page[string], error) {
		start := 0
		if !after.IsZero() {
			start = int(after.Bytes()[0])
		}
		end := min(start+2, len(data))
		var p customerkit.Page[string]
		for i := start; i < end; i++ {
			p.Items = append(p.Items, &data[i])
		}
		if end < len(data) {
			p.Next = customerkit.NewCursor([]byte{byte(end)})
		}
		return p, nil
	}
	for s, err := range customerkit.Iterate(fetch) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Print(*s, " ")
	}
	fmt.Println()
	// Output: a b c d e
}
