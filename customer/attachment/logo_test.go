package attachment_test

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit/customer/attachment"
)

// decodeLogo decodes ProcessLogo's output, checking it is a PNG of
// size×size.
func decodeLogo(t testing.TB, b []byte, size int) image.Image {
	t.Helper()
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	require.NoError(t, err)
	require.Equal(t, "png", format)
	require.Equal(t, size, cfg.Width)
	require.Equal(t, size, cfg.Height)
	m, err := png.Decode(bytes.NewReader(b))
	require.NoError(t, err)
	return m
}

// requireAll asserts every pixel of m is within tol of want.
func requireAll(t testing.TB, m image.Image, want color.Color, tol int) {
	t.Helper()
	b := m.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if !near(m.At(x, y), want, tol) {
				t.Fatalf("pixel (%d,%d) is %v, want %v", x, y, m.At(x, y), want)
			}
		}
	}
}

func TestProcessLogoFormats(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data []byte
		tol  int
	}{
		{"png square", encodePNG(t, solid(64, 64, blue)), 0},
		{"png tiny, upscaled", encodePNG(t, solid(1, 1, blue)), 0},
		{"png large", encodePNG(t, solid(1200, 900, blue)), 0},
		{"png paletted", encodePNG(t, paletted(40, 30, blue)), 0},
		{"png gray", encodePNG(t, gray(40, 30)), 0},
		{"png 16-bit", encodePNG(t, rgba64(40, 30, blue)), 0},
		{"jpeg", encodeJPEG(t, solid(120, 80, blue)), 6},
		{"gif", encodeGIF(t, paletted(80, 120, blue)), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := attachment.ProcessLogo(bytes.NewReader(tt.data), nil)
			require.NoError(t, err)
			m := decodeLogo(t, out, attachment.LogoSize)
			if tt.name == "png gray" {
				requireAll(t, m, color.Gray{Y: 128}, 0)
				return
			}
			requireAll(t, m, blue, tt.tol)
		})
	}
}

// The centre square is kept: the bands either side (or above and below)
// are cut off, and left stays left.
func TestProcessLogoCentreCrop(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		img  image.Image
		// want returns the colour expected at (x, y) of the output, or
		// nil where a seam may blend.
		want func(x, y int) color.Color
	}{
		{
			"wide: red | green | blue",
			bands(300, 100, func(x, _ int) color.NRGBA {
				switch {
				case x < 100:
					return red
				case x < 200:
					return green
				}
				return blue
			}),
			func(int, int) color.Color { return green },
		},
		{
			"wide, odd margin",
			bands(301, 100, func(x, _ int) color.NRGBA {
				if x < 100 || x >= 200 {
					return red
				}
				return green
			}),
			func(int, int) color.Color { return green },
		},
		{
			"tall: red / green / blue",
			bands(60, 180, func(_, y int) color.NRGBA {
				switch {
				case y < 60:
					return red
				case y < 120:
					return green
				}
				return blue
			}),
			func(int, int) color.Color { return green },
		},
		{
			"square: black left half, white right half",
			bands(100, 100, func(x, _ int) color.NRGBA {
				if x < 50 {
					return black
				}
				return white
			}),
			func(x, _ int) color.Color {
				switch {
				case x < 240:
					return black
				case x >= 260:
					return white
				}
				return nil
			},
		},
		{
			"wide with a centred square: black left, white right inside",
			bands(200, 100, func(x, _ int) color.NRGBA {
				switch {
				case x < 50 || x >= 150:
					return red
				case x < 100:
					return black
				}
				return white
			}),
			func(x, _ int) color.Color {
				switch {
				case x < 240:
					return black
				case x >= 260:
					return white
				}
				return nil
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := attachment.ProcessLogo(bytes.NewReader(encodePNG(t, tt.img)), nil)
			require.NoError(t, err)
			m := decodeLogo(t, out, 500)
			for y := 0; y < 500; y++ {
				for x := 0; x < 500; x++ {
					if want := tt.want(x, y); want != nil && !near(m.At(x, y), want, 1) {
						t.Fatalf("pixel (%d,%d) is %v, want %v", x, y, m.At(x, y), want)
					}
				}
			}
		})
	}
}

// An animated GIF gives its first frame.
func TestProcessLogoGIFFirstFrame(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	require.NoError(t, gif.EncodeAll(&b, &gif.GIF{
		Image: []*image.Paletted{paletted(20, 20, green), paletted(20, 20, red)},
		Delay: []int{10, 10},
	}))
	out, err := attachment.ProcessLogo(&b, nil)
	require.NoError(t, err)
	requireAll(t, decodeLogo(t, out, 500), green, 0)
}

// Transparency survives: a transparent logo stays transparent, with no
// dark fringe where it meets the opaque part.
func TestProcessLogoTransparency(t *testing.T) {
	t.Parallel()
	img := bands(100, 100, func(x, _ int) color.NRGBA {
		if x < 50 {
			return color.NRGBA{}
		}
		return white
	})
	out, err := attachment.ProcessLogo(bytes.NewReader(encodePNG(t, img)), nil)
	require.NoError(t, err)
	m := decodeLogo(t, out, 500)
	require.True(t, near(m.At(10, 10), color.NRGBA{}, 0), "%v", m.At(10, 10))
	require.True(t, near(m.At(490, 10), white, 0), "%v", m.At(490, 10))
	for x := 230; x < 270; x++ { // across the edge: white at any opacity, never grey
		c := color.NRGBAModel.Convert(m.At(x, 250)).(color.NRGBA)
		if c.A > 16 {
			require.GreaterOrEqual(t, int(c.R), 240, "x=%d: %v", x, c)
		}
	}
}

func TestProcessLogoRefused(t *testing.T) {
	t.Parallel()
	good := encodePNG(t, solid(50, 50, red))
	webp := []byte("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00")
	tests := []struct {
		name string
		data []byte
		opts *attachment.LogoOptions
		code string
	}{
		{"empty", nil, nil, "required"},
		{"webp", webp, nil, "not_supported"},
		{"svg", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>`), nil, "not_supported"},
		{"svg without prolog", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>`), nil, "not_supported"},
		{"text", []byte("this is not a logo"), nil, "not_supported"},
		{"html", []byte("<html><body><img src=x></body></html>"), nil, "not_supported"},
		{"bmp", append([]byte("BM"), make([]byte, 60)...), nil, "not_supported"},
		{"pdf", pdfData, nil, "not_supported"},
		{"png signature only", good[:8], nil, "invalid"},
		{"png truncated header", good[:20], nil, "invalid"},
		{"png truncated data", good[:len(good)-20], nil, "invalid"},
		{"png bad IHDR crc", func() []byte { b := bytes.Clone(good); b[30] ^= 0xff; return b }(), nil, "invalid"},
		{"png zero width", pngWithSize(t, 0, 10), nil, "invalid"},
		{"png zero height", pngWithSize(t, 10, 0), nil, "invalid"},
		{"jpeg signature only", []byte("\xff\xd8\xff\xe0"), nil, "invalid"},
		{"gif header only", []byte("GIF89a\x01\x00\x01\x00"), nil, "invalid"},
		{"gif zero size", gifWithSize(t, 0, 0), nil, "invalid"},
		{"over MaxBytes", good, &attachment.LogoOptions{MaxBytes: int64(len(good) - 1)}, "too_long"},
		{"over MaxPixels", good, &attachment.LogoOptions{MaxPixels: 49 * 50}, "too_many"},
		{"over MaxSide", encodePNG(t, solid(60, 10, red)), &attachment.LogoOptions{MaxSide: 59}, "too_many"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := attachment.ProcessLogo(bytes.NewReader(tt.data), tt.opts)
			requireField(t, err, "logo", tt.code)
			require.Nil(t, out)
		})
	}

	_, err := attachment.ProcessLogo(nil, nil)
	requireField(t, err, "logo", "required")
	_, err = attachment.ProcessLogo(bytes.NewReader(good), &attachment.LogoOptions{Size: attachment.MaxLogoSize + 1})
	requireField(t, err, "size", "invalid")

	// At the limits, accepted.
	_, err = attachment.ProcessLogo(bytes.NewReader(good), &attachment.LogoOptions{MaxBytes: int64(len(good)), MaxPixels: 2500, MaxSide: 50})
	require.NoError(t, err)
}

// Decompression bombs: tiny files whose headers claim huge images are
// refused from the header, quickly and without allocating the image.
// Not parallel, so the allocation count is this test's own.
func TestProcessLogoBomb(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		code string
	}{
		{"png 100000×100000", pngWithSize(t, 100_000, 100_000), "too_many"},
		{"png 9000×9000, under MaxSide", pngWithSize(t, 9000, 9000), "too_many"},
		{"png 100000×1, one long side", pngWithSize(t, 100_000, 1), "too_many"},
		{"png 2^31-1 square, refused by the PNG header rules", pngWithSize(t, 1<<31-1, 1<<31-1), "invalid"},
		{"jpeg 60000×60000", jpegWithSize(t, 60_000, 60_000), "too_many"},
		{"jpeg 6000×6000", jpegWithSize(t, 6000, 6000), "too_many"},
		{"gif 65535×65535", gifWithSize(t, 65535, 65535), "too_many"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Less(t, len(tt.data), 1024, "the bomb is a small file")
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			out, err := attachment.ProcessLogo(bytes.NewReader(tt.data), nil)
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			requireField(t, err, "logo", tt.code)
			require.Nil(t, out)
			require.Less(t, elapsed, time.Second)
			require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(1<<20), "allocated %d bytes", after.TotalAlloc-before.TotalAlloc)
		})
	}
}

func TestProcessLogoSize(t *testing.T) {
	t.Parallel()
	for _, size := range []int{1, 64, 256, attachment.MaxLogoSize} {
		out, err := attachment.ProcessLogo(bytes.NewReader(encodePNG(t, solid(30, 20, green))), &attachment.LogoOptions{Size: size})
		require.NoError(t, err)
		requireAll(t, decodeLogo(t, out, size), green, 0)
	}
}

// paletted returns a w×h paletted image of one colour.
func paletted(w, h int, c color.NRGBA) *image.Paletted {
	m := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{c, black})
	return m // every index is 0: c
}

// gray returns a w×h mid-grey image.
func gray(w, h int) *image.Gray {
	m := image.NewGray(image.Rect(0, 0, w, h))
	for i := range m.Pix {
		m.Pix[i] = 128
	}
	return m
}

// rgba64 returns a w×h 16-bit image of one colour.
func rgba64(w, h int, c color.NRGBA) *image.RGBA64 {
	m := image.NewRGBA64(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.Set(x, y, c)
		}
	}
	return m
}
