package attachment_test

import (
	"bytes"
	"image"
	"image/color"
	"testing"

	"github.com/customerkit/customerkit/customer/attachment"
)

// photo returns a w×h image with detail in it (a gradient and stripes).
func photo(w, h int) image.Image {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.SetNRGBA(x, y, color.NRGBA{uint8(x), uint8(y), uint8((x ^ y) & 0xff), 255})
		}
	}
	return m
}

// BenchmarkProcessLogo measures logos of typical sizes, from the upload's
// bytes to the 500×500 PNG.
//
//	go test ./customer/attachment -run '^$' -bench ProcessLogo -benchmem
func BenchmarkProcessLogo(b *testing.B) {
	for _, bc := range []struct {
		name string
		data []byte
	}{
		{"png 512x512", encodePNG(b, photo(512, 512))},
		{"jpeg 1600x1200", encodeJPEG(b, photo(1600, 1200))},
		{"jpeg 4000x3000", encodeJPEG(b, photo(4000, 3000))},
		{"png bomb 100000x100000", pngWithSize(b, 100_000, 100_000)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.data)))
			for b.Loop() {
				_, _ = attachment.ProcessLogo(bytes.NewReader(bc.data), nil)
			}
		})
	}
}

// BenchmarkRead measures reading, digesting and sniffing a 10 MiB upload.
func BenchmarkRead(b *testing.B) {
	data := bytes.Repeat([]byte("0123456789abcdef"), attachment.DefaultMaxSize/16)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := attachment.Read(bytes.NewReader(data), "data.bin", "", nil); err != nil {
			b.Fatal(err)
		}
	}
}
