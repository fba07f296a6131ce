package attachment_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"image/png"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer/attachment"
)

// Sample contents and what the sniffer makes of them.
var (
	pngData = func() []byte {
		var b bytes.Buffer
		if err := png.Encode(&b, solid(2, 2, red)); err != nil {
			panic(err)
		}
		return b.Bytes()
	}()
	htmlData = []byte("<!DOCTYPE html><html><script>alert(1)</script></html>")
	pdfData  = []byte("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
	zipData  = []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00word/document.xml")
	gzData   = []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03")
	csvData  = []byte("name,amount\nacme,10\n")
	svgData  = []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>`)
	binData  = []byte{0x00, 0x01, 0x02, 0xfe, 0x13, 0x37}
)

func TestReadContentType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		data     []byte
		declared string
		want     string // the stored type; "" when refused
	}{
		{"png undeclared", pngData, "", "image/png"},
		{"png declared", pngData, "image/png", "image/png"},
		{"png declared upper case with parameters", pngData, "IMAGE/PNG; name=x", "image/png"},
		{"png declared octet-stream", pngData, "application/octet-stream", "image/png"},
		{"png declared as jpeg", pngData, "image/jpeg", ""},
		{"png declared as jpg alias", pngData, "image/jpg", ""},
		{"html declared as png", htmlData, "image/png", ""},
		{"html declared as pdf", htmlData, "application/pdf", ""},
		{"html declared as text", htmlData, "text/plain", "text/html; charset=utf-8"},
		{"html declared as html", htmlData, "text/html; charset=utf-8", "text/html; charset=utf-8"},
		{"text declared as png", csvData, "image/png", ""},
		{"text declared as gif", csvData, "image/gif", ""},
		{"text declared as webp", csvData, "image/webp", ""},
		{"csv declared as csv", csvData, "text/csv", "text/plain; charset=utf-8"},
		{"json declared as json", []byte(`{"a":1}`), "application/json", "text/plain; charset=utf-8"},
		{"svg declared as svg", svgData, "image/svg+xml", "text/plain; charset=utf-8"},
		{"pdf declared as pdf", pdfData, "application/pdf", "application/pdf"},
		{"pdf declared as zip", pdfData, "application/zip", ""},
		{"pdf declared as docx", pdfData, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/pdf"},
		{"docx declared as docx", zipData, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"},
		{"zip declared as x-zip-compressed", zipData, "application/x-zip-compressed", "application/zip"},
		{"gzip declared as application/gzip", gzData, "application/gzip", "application/x-gzip"},
		{"gzip declared as zip", gzData, "application/zip", ""},
		{"binary declared custom", binData, "application/x-acme", "application/octet-stream"},
		{"binary declared pdf", binData, "application/pdf", "application/octet-stream"},
		{"binary declared png", binData, "image/png", ""},
		{"declared not a media type", pngData, "png", ""},
		{"declared without subtype", pngData, "image/", ""},
		{"declared garbage", pngData, "image/png;;; ==", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			up, err := attachment.Read(bytes.NewReader(tt.data), "file", tt.declared, nil)
			if tt.want == "" {
				requireField(t, err, "content_type", "invalid")
				require.Nil(t, up)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, up.ContentType)
		})
	}
}

func TestRead(t *testing.T) {
	t.Parallel()
	data := []byte("hello, world\n")
	up, err := attachment.Read(bytes.NewReader(data), " greeting.txt ", "text/plain", nil)
	require.NoError(t, err)
	require.Equal(t, &attachment.Upload{
		Name:        "greeting.txt",
		ContentType: "text/plain; charset=utf-8",
		Size:        int64(len(data)),
		SHA256:      sha256.Sum256(data),
		Data:        data,
	}, up)
}

func TestReadSize(t *testing.T) {
	t.Parallel()
	limits := &attachment.Limits{MaxSize: 10}
	tests := []struct {
		name string
		size int
		code string
	}{
		{"one byte", 1, ""},
		{"at the limit", 10, ""},
		{"one over", 11, "too_long"},
		{"far over", 1 << 20, "too_long"},
		{"empty", 0, "required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := &countingReader{r: bytes.NewReader(bytes.Repeat([]byte("a"), tt.size))}
			up, err := attachment.Read(r, "a.txt", "", limits)
			require.LessOrEqual(t, r.n, int64(11), "read past MaxSize+1")
			if tt.code != "" {
				requireField(t, err, "content", tt.code)
				return
			}
			require.NoError(t, err)
			require.Equal(t, int64(tt.size), up.Size)
		})
	}

	// The default limit is 10 MiB.
	_, err := attachment.Read(bytes.NewReader(make([]byte, attachment.DefaultMaxSize)), "a", "", nil)
	require.NoError(t, err)
	r := &countingReader{r: io.LimitReader(zeros{}, 1<<30)}
	_, err = attachment.Read(r, "a", "", nil)
	requireField(t, err, "content", "too_long")
	require.Equal(t, int64(attachment.DefaultMaxSize+1), r.n)
}

// Every problem at once.
func TestReadAllProblems(t *testing.T) {
	t.Parallel()
	_, err := attachment.Read(strings.NewReader(strings.Repeat("x", 20)), "a/b", "nonsense", &attachment.Limits{MaxSize: 10})
	var ve *customerkit.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Len(t, ve.Fields, 3)
	requireField(t, err, "name", "invalid")
	requireField(t, err, "content_type", "invalid")
	requireField(t, err, "content", "too_long")

	_, err = attachment.Read(nil, "", "", nil)
	requireField(t, err, "name", "required")
	requireField(t, err, "content", "required")
}

func TestReadReaderError(t *testing.T) {
	t.Parallel()
	boom := errors.New("connection reset")
	_, err := attachment.Read(io.MultiReader(strings.NewReader("partial"), iotest.ErrReader(boom)), "a.txt", "", nil)
	require.ErrorIs(t, err, boom)
	require.NotErrorIs(t, err, customerkit.ErrInvalid)
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// zeros is an endless reader of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
