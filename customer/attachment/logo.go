package attachment

import (
	"bytes"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"strconv"

	"golang.org/x/image/draw"

	"github.com/customerkit/customerkit"
)

// The defaults and bounds of LogoOptions.
const (
	// LogoSize is the side of the square PNG ProcessLogo writes, in pixels.
	LogoSize = 500
	// MaxLogoSize is the largest LogoOptions.Size.
	MaxLogoSize = 2048
	// DefaultLogoMaxBytes is the largest logo file: 5 MiB.
	DefaultLogoMaxBytes = 5 << 20
	// DefaultLogoMaxPixels is the most pixels (width × height) a logo may
	// have: 25 megapixels, a 5000×5000 square.
	DefaultLogoMaxPixels = 25_000_000
	// DefaultLogoMaxSide is the longest side a logo may have, in pixels.
	DefaultLogoMaxSide = 10_000
)

// LogoOptions bound the logos ProcessLogo accepts and set the side of the
// one it writes. A nil *LogoOptions, and every zero (or negative) field,
// means the default.
type LogoOptions struct {
	// MaxBytes is the largest file in bytes; default DefaultLogoMaxBytes.
	MaxBytes int64
	// MaxPixels is the most pixels, width × height; default
	// DefaultLogoMaxPixels. Decoding needs about 4 bytes per pixel (8 for
	// a 16-bit PNG, more for a progressive JPEG), so this bounds the
	// memory one logo can take.
	MaxPixels int64
	// MaxSide is the longest width or height in pixels; default
	// DefaultLogoMaxSide.
	MaxSide int
	// Size is the side of the square PNG written, at most MaxLogoSize;
	// default LogoSize.
	Size int
}

// withDefaults returns a copy of o with every default filled in.
func (o *LogoOptions) withDefaults() LogoOptions {
	var d LogoOptions
	if o != nil {
		d = *o
	}
	if d.MaxBytes <= 0 {
		d.MaxBytes = DefaultLogoMaxBytes
	}
	if d.MaxPixels <= 0 {
		d.MaxPixels = DefaultLogoMaxPixels
	}
	if d.MaxSide <= 0 {
		d.MaxSide = DefaultLogoMaxSide
	}
	if d.Size <= 0 {
		d.Size = LogoSize
	}
	return d
}

// logoFormat is an image format ProcessLogo accepts.
type logoFormat struct {
	name         string
	decodeConfig func(io.Reader) (image.Config, error)
	decode       func(io.Reader) (image.Image, error)
}

// logoFormats are the accepted formats, by the media type the sniffer
// gives. Each decoder is called directly, not through image.Decode, so a
// format some other package of the host registers (WebP, BMP, TIFF ...)
// is still refused.
var logoFormats = map[string]logoFormat{
	"image/png":  {"PNG", png.DecodeConfig, png.Decode},
	"image/jpeg": {"JPEG", jpeg.DecodeConfig, jpeg.Decode},
	"image/gif":  {"GIF", gif.DecodeConfig, gif.Decode}, // gif.Decode returns the first frame
}

func logoError(code, detail string) error {
	return &customerkit.ValidationError{Subject: "logo", Fields: []customerkit.FieldError{{Path: "logo", Code: code, Detail: detail}}}
}

// ProcessLogo reads a customer logo from r and returns it as a PNG of
// Size×Size pixels (500×500 by default): the largest centred square of
// the image, resized with the Catmull-Rom kernel of golang.org/x/image/draw.
//
// It accepts PNG, JPEG and GIF (its first frame), told apart by their
// bytes, not by a name or a declared type. The checks run in this order,
// each before any work the next one needs:
//
//	rule                                                    code
//	r is nil, or gives no bytes                             required
//	more than MaxBytes bytes (reading stops at MaxBytes+1)  too_long
//	not PNG, JPEG or GIF (WebP, SVG, text, ...)             not_supported
//	a header that does not decode                           invalid
//	a zero width or height                                  invalid
//	a side over MaxSide, or width × height over
//	MaxPixels, as the header states                         too_many
//	image data that does not decode                         invalid
//
// The pixel limits are checked on the header alone (image.DecodeConfig),
// before the image is decoded, so a decompression bomb — a small file
// whose header claims a huge image — is refused having allocated next to
// nothing. Every refusal is a *customerkit.ValidationError (subject
// "logo", path "logo") matching customerkit.ErrInvalid; an opts.Size over
// MaxLogoSize is one too (path "size"). An error from r itself comes back
// wrapped as it is.
//
// Catmull-Rom (a bicubic kernel) rather than ApproxBiLinear: a logo is
// resized once and shown everywhere, and downscaling a large photo to 500
// pixels with a bilinear sample of four neighbours aliases fine detail
// (moiré, jagged text), while the kernel, widened by the scale factor,
// averages every source pixel. Resizing happens in premultiplied RGBA, so
// transparent edges get no dark fringe; an opaque result is written as an
// RGB PNG.
func ProcessLogo(r io.Reader, opts *LogoOptions) ([]byte, error) {
	o := opts.withDefaults()
	if o.Size > MaxLogoSize {
		return nil, &customerkit.ValidationError{Subject: "logo options", Fields: []customerkit.FieldError{{
			Path: "size", Code: customerkit.CodeInvalid, Detail: "at most " + strconv.Itoa(MaxLogoSize) + " pixels"}}}
	}
	if r == nil {
		return nil, logoError(customerkit.CodeRequired, "no logo")
	}
	data, err := io.ReadAll(io.LimitReader(r, o.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("attachment: reading the logo: %w", err)
	}
	switch {
	case int64(len(data)) > o.MaxBytes:
		return nil, logoError(customerkit.CodeTooLong, "at most "+strconv.FormatInt(o.MaxBytes, 10)+" bytes")
	case len(data) == 0:
		return nil, logoError(customerkit.CodeRequired, "empty")
	}
	sniffed := mediaType(http.DetectContentType(data))
	f, ok := logoFormats[sniffed]
	if !ok {
		return nil, logoError(customerkit.CodeNotSupported, "PNG, JPEG or GIF, not "+sniffed)
	}

	cfg, err := f.decodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, logoError(customerkit.CodeInvalid, "a corrupt "+f.name+" header")
	}
	if err := checkDimensions(cfg.Width, cfg.Height, o); err != nil {
		return nil, err
	}
	img, err := f.decode(bytes.NewReader(data))
	if err != nil {
		return nil, logoError(customerkit.CodeInvalid, "corrupt or truncated "+f.name+" data")
	}
	b := img.Bounds()
	if err := checkDimensions(b.Dx(), b.Dy(), o); err != nil { // never, but cheap to be sure
		return nil, err
	}

	side := min(b.Dx(), b.Dy())
	x0, y0 := b.Min.X+(b.Dx()-side)/2, b.Min.Y+(b.Dy()-side)/2
	crop := image.Rect(x0, y0, x0+side, y0+side)
	dst := image.NewRGBA(image.Rect(0, 0, o.Size, o.Size))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, crop, draw.Src, nil)

	var out bytes.Buffer
	if err := png.Encode(&out, dst); err != nil {
		return nil, fmt.Errorf("attachment: encoding the logo: %w", err) // writes to a bytes.Buffer do not fail
	}
	return out.Bytes(), nil
}

// checkDimensions applies the pixel limits to a width and height.
func checkDimensions(w, h int, o LogoOptions) error {
	switch {
	case w <= 0 || h <= 0:
		return logoError(customerkit.CodeInvalid, "an image without pixels")
	case w > o.MaxSide || h > o.MaxSide:
		return logoError(customerkit.CodeTooMany, "at most "+strconv.Itoa(o.MaxSide)+" pixels a side")
	case int64(w)*int64(h) > o.MaxPixels:
		return logoError(customerkit.CodeTooMany, "at most "+strconv.FormatInt(o.MaxPixels, 10)+" pixels")
	}
	return nil
}
