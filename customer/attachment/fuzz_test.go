package attachment_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"image/png"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer/attachment"
)

// FuzzRead checks Read on arbitrary content, names and declared types: it
// never panics, never takes more than MaxSize+1 bytes from the reader, and
// either refuses with a *customerkit.ValidationError on its known paths or
// returns an upload whose size and digest are those of the content, whose
// type is the sniffed one, and whose name is already normal.
//
//	go test ./customer/attachment -run '^$' -fuzz '^FuzzRead$' -fuzztime 60s
func FuzzRead(f *testing.F) {
	f.Add([]byte("hello"), "a.txt", "", uint16(10))
	f.Add(pngData, "logo.png", "image/png", uint16(1000))
	f.Add(htmlData, "x.png", "image/png", uint16(1000))
	f.Add([]byte{}, "", "nonsense", uint16(0))
	f.Add(bytes.Repeat([]byte("a"), 300), "../x", "text/plain; charset=utf-8", uint16(299))
	f.Add(zipData, "doc\u202Excod.exe", "application/zip", uint16(64))
	f.Fuzz(func(t *testing.T, data []byte, name, declared string, max uint16) {
		limits := &attachment.Limits{MaxSize: int64(max%512) + 1}
		r := &countingReader{r: bytes.NewReader(data)}
		up, err := attachment.Read(r, name, declared, limits)
		require.LessOrEqual(t, r.n, limits.MaxSize+1, "read past MaxSize+1")
		if err != nil {
			require.Nil(t, up)
			var ve *customerkit.ValidationError
			require.True(t, errors.As(err, &ve), "%T %v", err, err)
			require.NotEmpty(t, ve.Fields)
			for _, fe := range ve.Fields {
				require.Contains(t, []string{"name", "content", "content_type"}, fe.Path)
			}
			if int64(len(data)) > limits.MaxSize {
				require.True(t, ve.Has("content"))
			}
			return
		}
		require.LessOrEqual(t, up.Size, limits.MaxSize)
		require.Equal(t, data, up.Data)
		require.Equal(t, int64(len(data)), up.Size)
		require.Equal(t, attachment.Digest(sha256.Sum256(data)), up.SHA256)
		require.NotEmpty(t, up.ContentType)
		again, err := attachment.NormalizeName(up.Name, limits)
		require.NoError(t, err)
		require.Equal(t, up.Name, again)
	})
}

// FuzzNormalizeName checks that NormalizeName never panics, is idempotent,
// and never lets a forbidden character through.
//
//	go test ./customer/attachment -run '^$' -fuzz '^FuzzNormalizeName$' -fuzztime 60s
func FuzzNormalizeName(f *testing.F) {
	for _, s := range []string{"report.pdf", " a ", "e\u0301", "..", "a/b", "\u202E", "\xff", "\u00a0x\u3000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := attachment.NormalizeName(s, nil)
		if err != nil {
			require.Empty(t, n)
			var ve *customerkit.ValidationError
			require.True(t, errors.As(err, &ve))
			require.Equal(t, "name", ve.Fields[0].Path)
			return
		}
		again, err := attachment.NormalizeName(n, nil)
		require.NoError(t, err)
		require.Equal(t, n, again)
		require.NotContains(t, n, "/")
		require.NotContains(t, n, `\`)
		require.NotContains(t, n, "\x00")
		require.NotContains(t, n, "\u202E")
	})
}

// FuzzProcessLogo checks ProcessLogo on arbitrary bytes: it never panics,
// refuses with a *customerkit.ValidationError at "logo", or returns a
// PNG of the asked size.
//
//	go test ./customer/attachment -run '^$' -fuzz '^FuzzProcessLogo$' -fuzztime 60s
func FuzzProcessLogo(f *testing.F) {
	f.Add(encodePNG(f, solid(3, 2, red)))
	f.Add(encodePNG(f, paletted(4, 5, blue)))
	f.Add(encodeJPEG(f, solid(9, 7, green)))
	f.Add(encodeGIF(f, paletted(2, 3, green)))
	f.Add(pngWithSize(f, 100_000, 100_000))
	f.Add(jpegWithSize(f, 60_000, 60_000))
	f.Add(gifWithSize(f, 0, 0))
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "))
	f.Add([]byte("<svg/>"))
	opts := &attachment.LogoOptions{MaxBytes: 64 << 10, MaxPixels: 64 * 64, MaxSide: 256, Size: 8}
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := attachment.ProcessLogo(bytes.NewReader(data), opts)
		if err != nil {
			require.Nil(t, out)
			var ve *customerkit.ValidationError
			require.True(t, errors.As(err, &ve), "%T %v", err, err)
			require.Equal(t, "logo", ve.Fields[0].Path)
			return
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(out))
		require.NoError(t, err)
		require.Equal(t, 8, cfg.Width)
		require.Equal(t, 8, cfg.Height)
	})
}

// FuzzUpload uploads arbitrary content, names and declared types through
// the Service over memstore, into one customer with a small quota. It
// checks that an upload is either refused with exactly one sentinel (a
// *customerkit.ValidationError on Read's paths, or a *QuotaError) and
// changes nothing, or stored so that Get and Content give back the record
// and the very bytes; that the usage is the sum of what was stored and
// never exceeds the quota; and that deleting an attachment returns its
// bytes to the quota.
//
//	go test ./customer/attachment -run '^$' -fuzz '^FuzzUpload$' -fuzztime 60s
func FuzzUpload(f *testing.F) {
	f.Add([]byte("hello"), "a.txt", "", false)
	f.Add(pngData, "logo.png", "image/png", true)
	f.Add(htmlData, "x.png", "image/png", false)
	f.Add([]byte{}, "", "nonsense", false)
	f.Add(bytes.Repeat([]byte("a"), 300), "big.bin", "", false)
	f.Add(zipData, "doc\u202Excod.exe", "application/zip", true)
	limits := attachment.Limits{MaxSize: 256, Quota: 1000}
	e := newEnv(f, &attachment.Options{Limits: limits})
	cust := e.customer(f, "Fuzz")
	f.Fuzz(func(t *testing.T, data []byte, name, declared string, keep bool) {
		ctx := t.Context()
		before, err := e.svc.Usage(ctx, cust)
		require.NoError(t, err)
		a, err := e.svc.Upload(ctx, cust, bytes.NewReader(data), name, declared)
		after, uerr := e.svc.Usage(ctx, cust)
		require.NoError(t, uerr)
		require.LessOrEqual(t, after.Bytes, limits.Quota)
		if err != nil {
			require.Nil(t, a)
			require.Equal(t, before, after, "a refused upload changed the usage")
			var ve *customerkit.ValidationError
			var qe *attachment.QuotaError
			switch {
			case errors.As(err, &ve):
				requireOnly(t, err, customerkit.ErrInvalid)
				for _, fe := range ve.Fields {
					require.Contains(t, []string{"name", "content", "content_type"}, fe.Path)
				}
			case errors.As(err, &qe):
				requireOnly(t, err, customerkit.ErrFailedPrecondition)
				require.Greater(t, before.Bytes+int64(len(data)), limits.Quota)
			default:
				t.Fatalf("unexpected error %T %v", err, err)
			}
			return
		}
		require.Equal(t, attachment.Usage{Count: before.Count + 1, Bytes: before.Bytes + int64(len(data))}, after)
		got, content, err := e.svc.Content(ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, a, got)
		require.Equal(t, data, content)
		require.Equal(t, attachment.Sum(data), got.SHA256)
		if !keep {
			require.NoError(t, e.svc.Delete(ctx, a.ID))
			again, err := e.svc.Usage(ctx, cust)
			require.NoError(t, err)
			require.Equal(t, before, again)
		}
	})
}
