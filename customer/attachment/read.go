package attachment

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/customerkit/customerkit"
)

// Read reads an attachment's content from r and checks it with its name
// and declared content type, reporting every problem at once in a
// *customerkit.ValidationError (subject "attachment") matching
// customerkit.ErrInvalid:
//
//	path          code      when
//	name          ...       NormalizeName's rules
//	content       required  r is nil, or gives no bytes
//	content       too_long  r gives more than MaxSize bytes
//	content_type  invalid   declaredType is not a media type, or disagrees
//	                        with the bytes (see below)
//
// Read never takes more than MaxSize+1 bytes from r (an io.LimitReader):
// it stops reading an oversized upload as soon as it knows, and such an
// upload costs no more memory than the largest allowed one. An error from r itself (a client gone, a canceled
// request, a host's http.MaxBytesReader) comes back wrapped as it is, so
// errors.Is finds its cause; it is not an input rule broken.
//
// The content type is sniffed from the bytes with net/http's
// DetectContentType (the WHATWG MIME Sniffing algorithm) and is what the
// Upload records; the declared type, often just the file extension's
// guess, is never stored. It is only checked: it disagrees in a way that
// matters when
//
//   - both it and the sniffed type are specific types the sniffer
//     recognises (anything but text/plain and application/octet-stream)
//     and they differ, as a file declared image/png whose bytes are HTML or
//     a PDF; or
//   - it names an image format whose signature is mandatory (PNG, JPEG,
//     GIF, WebP, BMP, ICO) and the bytes do not carry it.
//
// Common aliases count as the same type (image/jpg and image/jpeg,
// application/gzip and application/x-gzip, application/xml and text/xml,
// ...). A declared type the sniffer cannot recognise (text/csv,
// application/json, image/svg+xml, Office formats) never disagrees; the
// upload keeps the sniffed type (text/plain, application/zip, text/xml).
// An empty declaredType is not checked. limits may be nil.
func Read(r io.Reader, name, declaredType string, limits *Limits) (*Upload, error) {
	l := limits.withDefaults()
	ve := &customerkit.ValidationError{Subject: "attachment"}
	n, code, detail := normalizeName(name, l.MaxNameLength)
	if code != "" {
		ve.Add("name", code, detail)
	}
	declared, ok := parseDeclared(declaredType)
	if !ok {
		ve.Add("content_type", customerkit.CodeInvalid, "not a media type (type/subtype)")
	}
	if r == nil {
		ve.Add("content", customerkit.CodeRequired, "no content")
		return nil, ve
	}
	data, err := io.ReadAll(io.LimitReader(r, l.MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("attachment: reading the content: %w", err)
	}
	var sniffed string
	switch {
	case int64(len(data)) > l.MaxSize:
		ve.Add("content", customerkit.CodeTooLong, "at most "+strconv.FormatInt(l.MaxSize, 10)+" bytes")
	case len(data) == 0:
		ve.Add("content", customerkit.CodeRequired, "empty")
	default:
		sniffed = http.DetectContentType(data)
		if declared != "" && disagrees(declared, sniffed) {
			ve.Add("content_type", customerkit.CodeInvalid,
				"the content is not "+declared+" (it looks like "+mediaType(sniffed)+")")
		}
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	return &Upload{Name: n, ContentType: sniffed, Size: int64(len(data)), SHA256: Sum(data), Data: data}, nil
}

// errNotMediaType is returned by parseDeclared's parsing.
var errNotMediaType = errors.New("not a media type")

// parseDeclared returns the canonical media type (lower case, parameters
// dropped, aliases resolved) of a declared content type; "" and true for
// a blank one; false when it does not parse.
func parseDeclared(s string) (string, bool) {
	if strings.TrimSpace(s) == "" {
		return "", true
	}
	mt, err := parseMediaType(s)
	if err != nil {
		return "", false
	}
	return canonicalType(mt), true
}

// parseMediaType parses s as a Content-Type and requires type/subtype.
func parseMediaType(s string) (string, error) {
	mt, _, err := mime.ParseMediaType(s)
	if err != nil {
		return "", err
	}
	if i := strings.IndexByte(mt, '/'); i <= 0 || i == len(mt)-1 {
		return "", errNotMediaType
	}
	return mt, nil
}

// mediaType returns the media type of a Content-Type the sniffer wrote,
// without its parameters.
func mediaType(ct string) string {
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return strings.TrimSpace(ct)
}

// disagrees reports whether a declared (canonical) media type disagrees
// with the sniffed Content-Type in a way that matters.
func disagrees(declared, sniffedCT string) bool {
	sniffed := mediaType(sniffedCT)
	if declared == sniffed {
		return false
	}
	if signatureImages[declared] {
		return true
	}
	return sniffable[declared] && sniffable[sniffed]
}

// sniffable holds the specific media types net/http.DetectContentType can
// return (all but its text/plain and application/octet-stream fallbacks).
var sniffable = map[string]bool{
	"text/html": true, "text/xml": true,
	"application/pdf": true, "application/postscript": true,
	"image/x-icon": true, "image/bmp": true, "image/gif": true, "image/webp": true, "image/png": true, "image/jpeg": true,
	"audio/basic": true, "audio/aiff": true, "audio/mpeg": true, "application/ogg": true, "audio/midi": true,
	"video/avi": true, "audio/wave": true, "video/webm": true, "video/mp4": true,
	"application/vnd.ms-fontobject": true, "font/ttf": true, "font/otf": true, "font/collection": true, "font/woff": true, "font/woff2": true,
	"application/x-gzip": true, "application/zip": true, "application/x-rar-compressed": true, "application/wasm": true,
}

// signatureImages holds the image formats that always start with a
// signature the sniffer recognises.
var signatureImages = map[string]bool{
	"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true, "image/bmp": true, "image/x-icon": true,
}

// aliases maps other names of a type to the name DetectContentType uses.
var aliases = map[string]string{
	"application/gzip":             "application/x-gzip",
	"application/x-zip-compressed": "application/zip",
	"application/xml":              "text/xml",
	"image/jpg":                    "image/jpeg",
	"image/pjpeg":                  "image/jpeg",
	"image/vnd.microsoft.icon":     "image/x-icon",
	"image/x-bmp":                  "image/bmp",
	"image/x-ms-bmp":               "image/bmp",
	"audio/mp3":                    "audio/mpeg",
	"audio/wav":                    "audio/wave",
	"audio/x-wav":                  "audio/wave",
	"audio/vnd.wave":               "audio/wave",
	"audio/x-aiff":                 "audio/aiff",
	"audio/mid":                    "audio/midi",
	"audio/x-midi":                 "audio/midi",
	"video/x-msvideo":              "video/avi",
	"video/msvideo":                "video/avi",
	"application/vnd.rar":          "application/x-rar-compressed",
	"application/x-rar":            "application/x-rar-compressed",
	"application/font-woff":        "font/woff",
}

// canonicalType resolves an alias.
func canonicalType(mt string) string {
	if c, ok := aliases[mt]; ok {
		return c
	}
	return mt
}
