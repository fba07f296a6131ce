package attachment_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
)

// requireField asserts that err is a *customerkit.ValidationError with a
// problem at path with code.
func requireField(t testing.TB, err error, path, code string) {
	t.Helper()
	require.ErrorIs(t, err, customerkit.ErrInvalid)
	var ve *customerkit.ValidationError
	require.ErrorAs(t, err, &ve)
	for _, f := range ve.Fields {
		if f.Path == path && f.Code == code {
			return
		}
	}
	t.Fatalf("no %s problem at %q in %v", code, path, ve.Fields)
}

var (
	red   = color.NRGBA{255, 0, 0, 255}
	green = color.NRGBA{0, 255, 0, 255}
	blue  = color.NRGBA{0, 0, 255, 255}
	black = color.NRGBA{0, 0, 0, 255}
	white = color.NRGBA{255, 255, 255, 255}
)

// bands returns a w×h image coloured by fill(x, y).
func bands(w, h int, fill func(x, y int) color.NRGBA) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.SetNRGBA(x, y, fill(x, y))
		}
	}
	return m
}

// solid returns a w×h image of one colour.
func solid(w, h int, c color.NRGBA) *image.NRGBA {
	return bands(w, h, func(int, int) color.NRGBA { return c })
}

func encodePNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, m))
	return b.Bytes()
}

func encodeJPEG(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, jpeg.Encode(&b, m, &jpeg.Options{Quality: 95}))
	return b.Bytes()
}

func encodeGIF(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, gif.Encode(&b, m, nil))
	return b.Bytes()
}

// pngWithSize returns a real 1×1 PNG whose IHDR claims w×h pixels, with a
// correct CRC, so that only the pixel rules can refuse it.
func pngWithSize(t testing.TB, w, h uint32) []byte {
	t.Helper()
	b := encodePNG(t, solid(1, 1, red))
	// signature(8) | length(4) "IHDR"(4) width(4) height(4) ...(5) | crc(4)
	require.Equal(t, "IHDR", string(b[12:16]))
	binary.BigEndian.PutUint32(b[16:20], w)
	binary.BigEndian.PutUint32(b[20:24], h)
	binary.BigEndian.PutUint32(b[29:33], crc32.ChecksumIEEE(b[12:29]))
	return b
}

// jpegWithSize returns a real small JPEG whose SOF0 frame header claims
// w×h pixels.
func jpegWithSize(t testing.TB, w, h uint16) []byte {
	t.Helper()
	b := encodeJPEG(t, solid(8, 8, red))
	i := bytes.Index(b, []byte{0xFF, 0xC0})
	require.Positive(t, i)
	// FF C0 | length(2) precision(1) height(2) width(2) ...
	binary.BigEndian.PutUint16(b[i+5:], h)
	binary.BigEndian.PutUint16(b[i+7:], w)
	return b
}

// gifWithSize returns a real 1×1 GIF whose logical screen claims w×h.
func gifWithSize(t testing.TB, w, h uint16) []byte {
	t.Helper()
	b := encodeGIF(t, solid(1, 1, red))
	binary.LittleEndian.PutUint16(b[6:], w)
	binary.LittleEndian.PutUint16(b[8:], h)
	return b
}

// near reports whether two colours are within tol on every channel.
func near(a, b color.Color, tol int) bool {
	ar, ag, ab, aa := a.RGBA()
	br, bg, bb, ba := b.RGBA()
	d := func(x, y uint32) bool {
		v := int(x>>8) - int(y>>8)
		return v >= -tol && v <= tol
	}
	return d(ar, br) && d(ag, bg) && d(ab, bb) && d(aa, ba)
}
