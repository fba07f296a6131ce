package attachment_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/attachment"
	"github.com/customerkit/customerkit/storage/memstore"
)

// Read an upload: the name is normalised, the type sniffed, the size and
// digest measured; the record and the bytes go to the store separately.
func ExampleRead() {
	body := strings.NewReader("name,amount\nacme,10\n")
	up, err := attachment.Read(body, "  invoices.csv ", "text/csv", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	a := up.Attachment(ulid.MustParse("01JQ0000000000000000000001"), ulid.MustParse("01JQ0000000000000000000002"),
		time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	fmt.Printf("%q %s %d %s v%d\n", a.Name, a.ContentType, a.Size, a.SHA256.String()[:12], a.Version)
	fmt.Println(len(up.Data))
	// Output:
	// "invoices.csv" text/plain; charset=utf-8 20 3a3a5289ba4e v1
	// 20
}

// A declared type is never trusted: HTML sent as a PNG is refused, and
// every problem of the upload is reported at once.
func ExampleRead_refused() {
	body := strings.NewReader("<html><script>alert(document.cookie)</script></html>")
	_, err := attachment.Read(body, "../avatar.png", "image/png", nil)
	var ve *customerkit.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			fmt.Println(f)
		}
	}
	// Output:
	// name: invalid: no path separators (/ or \)
	// content_type: invalid: the content is not image/png (it looks like text/html)
}

// The size limit is enforced while reading.
func ExampleRead_tooLarge() {
	body := strings.NewReader(strings.Repeat("x", 2048))
	_, err := attachment.Read(body, "big.txt", "", &attachment.Limits{MaxSize: 1024})
	fmt.Println(errors.Is(err, customerkit.ErrInvalid), err)
	// Output:
	// true attachment: invalid input: content: too_long: at most 1024 bytes
}

func ExampleCheckQuota() {
	limits := &attachment.Limits{Quota: 100 << 20}
	fmt.Println(attachment.CheckQuota(95<<20, 5<<20, limits))
	err := attachment.CheckQuota(95<<20, 6<<20, limits)
	fmt.Println(errors.Is(err, customerkit.ErrFailedPrecondition))
	// Output:
	// <nil>
	// true
}

func ExampleNormalizeName() {
	for _, name := range []string{"  Re\u0301sume\u0301.pdf ", "invoice\u202Efdp.exe", ""} {
		n, err := attachment.NormalizeName(name, nil)
		fmt.Printf("%q %v\n", n, err)
	}
	// Output:
	// "Résumé.pdf" <nil>
	// "" attachment: invalid input: name: invalid: no control, line-separator or bidirectional-override characters
	// "" attachment: invalid input: name: required
}

// A wide logo is cropped to its centre square and resized to 500×500.
func ExampleProcessLogo() {
	src := image.NewNRGBA(image.Rect(0, 0, 300, 100))
	for y := range 100 {
		for x := range 300 {
			c := color.NRGBA{255, 0, 0, 255} // red bands left and right
			if x >= 100 && x < 200 {
				c = color.NRGBA{0, 0, 255, 255} // the blue centre square
			}
			src.SetNRGBA(x, y, c)
		}
	}
	var in bytes.Buffer
	_ = png.Encode(&in, src)

	out, err := attachment.ProcessLogo(&in, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	logo, _ := png.Decode(bytes.NewReader(out))
	r, g, b, _ := logo.At(0, 0).RGBA()
	fmt.Println(logo.Bounds().Dx(), logo.Bounds().Dy(), r>>8, g>>8, b>>8)

	_, err = attachment.ProcessLogo(strings.NewReader(`<svg xmlns="http://www.w3.org/2000/svg"/>`), nil)
	fmt.Println(err)
	// Output:
	// 500 500 0 0 255
	// logo: invalid input: logo: not_supported: PNG, JPEG or GIF, not text/plain
}

// newCustomer creates an active customer for the examples.
func newCustomer(ctx context.Context, customers *customer.Service, name string) ulid.ULID {
	c, err := customers.Create(ctx, &customer.Customer{
		Type: customer.TypeBusiness, CompanyName: name, FirstName: "Ada", LastName: "Lovelace",
		Email: strings.ToLower(name) + "@example.com", Country: "GB", Currency: "GBP",
	})
	if err != nil {
		panic(err)
	}
	return c.ULID
}

// Upload an attachment, list the customer's attachments (records only)
// and read one back with its bytes.
func ExampleService() {
	ctx := context.Background()
	store := memstore.New()
	customers := customer.NewService(store, nil)
	files := attachment.NewService(store, nil)
	acme := newCustomer(ctx, customers, "Acme")

	a, err := files.Upload(ctx, acme, strings.NewReader("name,amount\nacme,10\n"), "invoices.csv", "text/csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	_, _ = files.Upload(ctx, acme, strings.NewReader("%PDF-1.7\n"), "contract.pdf", "application/pdf")

	for a, err := range files.All(ctx, &attachment.Query{CustomerID: acme}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s %s %d\n", a.Name, a.ContentType, a.Size)
	}
	_, data, _ := files.Content(ctx, a.ID)
	fmt.Printf("%q\n", data)
	u, _ := files.Usage(ctx, acme)
	fmt.Println(u.Count, u.Bytes, "of", files.Limits().Quota)
	// Output:
	// invoices.csv text/plain; charset=utf-8 20
	// contract.pdf application/pdf 9
	// "name,amount\nacme,10\n"
	// 2 29 of 104857600
}

// The quota is checked in the store's transaction, and so is the
// customer's status: a suspended customer keeps its attachments but
// cannot add one.
func ExampleService_Upload_refused() {
	ctx := context.Background()
	store := memstore.New()
	customers := customer.NewService(store, nil)
	files := attachment.NewService(store, &attachment.Options{Limits: attachment.Limits{Quota: 30}})
	acme := newCustomer(ctx, customers, "Acme")

	_, err := files.Upload(ctx, acme, strings.NewReader(strings.Repeat("a", 20)), "a.txt", "")
	fmt.Println(err)
	_, err = files.Upload(ctx, acme, strings.NewReader(strings.Repeat("b", 20)), "b.txt", "")
	var qe *attachment.QuotaError
	fmt.Println(errors.As(err, &qe), errors.Is(err, customerkit.ErrFailedPrecondition), qe.Used, qe.Quota)

	_, _ = customers.SetStatus(ctx, acme, customer.StatusSuspended)
	_, err = files.Upload(ctx, acme, strings.NewReader("c"), "c.txt", "")
	fmt.Println(err)
	u, _ := files.Usage(ctx, acme)
	fmt.Println(u.Count)
	// Output:
	// <nil>
	// true true 20 30
	// attachment: a suspended customer cannot upload attachments: customerkit: failed precondition
	// 1
}

// A customer's logo: any PNG, JPEG or GIF becomes a square PNG; setting
// another replaces it.
func ExampleService_SetLogo() {
	ctx := context.Background()
	store := memstore.New()
	customers := customer.NewService(store, nil)
	files := attachment.NewService(store, nil)
	acme := newCustomer(ctx, customers, "Acme")

	var in bytes.Buffer
	_ = png.Encode(&in, image.NewNRGBA(image.Rect(0, 0, 640, 480)))
	if _, err := files.SetLogo(ctx, acme, &in); err != nil {
		fmt.Println(err)
		return
	}
	logo, _ := files.Logo(ctx, acme)
	cfg, _ := png.DecodeConfig(bytes.NewReader(logo.Data))
	fmt.Println(attachment.LogoContentType, cfg.Width, cfg.Height, logo.Size == int64(len(logo.Data)))

	_, err := files.SetLogo(ctx, acme, strings.NewReader("GIF89a but not really"))
	fmt.Println(errors.Is(err, customerkit.ErrInvalid))
	// Output:
	// image/png 500 500 true
	// true
}

// Customer-facing code works through a Scope: another customer's
// attachments are not found, not merely forbidden.
func ExampleScope() {
	ctx := context.Background()
	store := memstore.New()
	customers := customer.NewService(store, nil)
	files := attachment.NewService(store, nil)
	acme, globex := newCustomer(ctx, customers, "Acme"), newCustomer(ctx, customers, "Globex")

	theirs, _ := files.Upload(ctx, globex, strings.NewReader("secret plans"), "plans.txt", "")
	mine := files.ForCustomer(acme)
	_, _ = mine.Upload(ctx, strings.NewReader("hello"), "hello.txt", "")

	_, _, err := mine.Content(ctx, theirs.ID)
	fmt.Println(errors.Is(err, customerkit.ErrNotFound))
	page, _ := mine.List(ctx, nil, customerkit.Cursor{})
	for _, a := range page.Items {
		fmt.Println(a.Name)
	}
	// Output:
	// true
	// hello.txt
}
