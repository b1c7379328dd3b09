package api

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

// documentsPath is the upload route; bodyLimit gives its body room for a whole file.
const documentsPath = "/api/v1/documents"

// uploadBodyLimit is an upload's body: the file and the multipart framing around it, with
// the kind. A file past models.MaxUploadBytes within it is refused by the app layer.
const uploadBodyLimit = models.MaxUploadBytes + 64<<10

// bodyLimit is the limit limitBody puts on a request's body: MaxBodyBytes, but an upload's
// is its file's.
func bodyLimit(c *gin.Context) int64 {
	if c.Request.Method == http.MethodPost && c.FullPath() == documentsPath {
		return uploadBodyLimit
	}
	return MaxBodyBytes
}

// handleUploadDocument stores the multipart body's file: 201 with what the server computed
// of it (digest, size, type), 200 for a retry under the same Idempotency-Key.
func handleUploadDocument(d *app.Documents) gin.HandlerFunc {
	return func(c *gin.Context) {
		key, err := idempotencyKey(c)
		if err != nil {
			fail(c, err)
			return
		}
		in, err := readUpload(c)
		if err != nil {
			fail(c, err)
			return
		}
		out, err := d.Upload(c.Request.Context(), mustActor(c), in, key)
		if err != nil {
			fail(c, err)
			return
		}
		created(documentsPath+"/", func(out app.Uploaded) (string, bool) { return out.ID, out.Created })(c, out)
	}
}

// readUpload reads the parts "file" (required) and "kind" (optional) of a
// multipart/form-data body; any other part is an unknown field, as in a JSON body.
func readUpload(c *gin.Context) (app.UploadInput, error) {
	var in app.UploadInput
	if c.ContentType() != "multipart/form-data" {
		return in, models.Refuse(models.EMALFORMED, models.Msg("error.multipart_required"))
	}
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return in, models.Refuse(models.EMALFORMED, models.Msg("error.multipart_no_boundary"))
	}
	var gotFile, gotKind bool
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return in, uploadReadError(err)
		}
		switch name := part.FormName(); {
		case name == "file" && !gotFile:
			gotFile, in.Filename = true, part.FileName()
			if in.Content, err = io.ReadAll(io.LimitReader(part, models.MaxUploadBytes+1)); err != nil {
				return in, uploadReadError(err)
			}
			if len(in.Content) > models.MaxUploadBytes {
				return in, errFileTooLarge()
			}
		case name == "kind" && !gotKind:
			gotKind = true
			kind, err := io.ReadAll(io.LimitReader(part, 256))
			if err != nil {
				return in, uploadReadError(err)
			}
			in.Kind = string(kind)
		case name == "file" || name == "kind":
			return in, fieldErr(name, models.Msg("invalid.upload_part_twice"))
		default:
			return in, fieldErr(name, models.Msg("invalid.unknown_upload_field"))
		}
	}
	if !gotFile {
		return in, fieldErr("file", models.Msg("invalid.upload_file_required"))
	}
	return in, nil
}

// uploadReadError: a body past the limit is 413, any other failure a malformed body.
func uploadReadError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return errFileTooLarge()
	}
	if errors.Is(err, multipart.ErrMessageTooLarge) {
		return models.Refuse(models.ETOOLARGE, models.Msg("error.multipart_headers_too_large"))
	}
	return models.Refuse(models.EMALFORMED, models.Msg("error.multipart_unreadable"))
}

// handleDownloadDocument serves the file as an attachment under its uploaded name, to
// those who may see it (app.Documents.Download); the download is recorded before a byte
// is sent.
func handleDownloadDocument(d *app.Documents) gin.HandlerFunc {
	return func(c *gin.Context) {
		doc, r, err := d.Download(c.Request.Context(), mustActor(c), c.Param("id"))
		if err != nil {
			fail(c, err)
			return
		}
		defer r.Close()
		c.DataFromReader(http.StatusOK, doc.Size, doc.ContentType, r, map[string]string{
			"Content-Disposition":    ContentDisposition(doc.Filename),
			"X-Content-Type-Options": "nosniff",
			// A file opened in the browser anyway runs nothing and reaches nothing.
			"Content-Security-Policy": "default-src 'none'; sandbox",
			"Cache-Control":           "private, no-store",
		})
	}
}

// ContentDisposition is an attachment header for name (RFC 6266): filename* carries the
// name in UTF-8 (RFC 5987), which every current browser reads; filename is for the others,
// the name itself when it is plain ASCII, else "document" with the name's extension.
func ContentDisposition(name string) string {
	fallback := name
	if !plainASCII(fallback) {
		fallback = "document"
		if ext := path.Ext(name); plainASCII(ext) {
			fallback += ext
		}
	}
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, fallback, encodeRFC5987(name))
}

// plainASCII: printable ASCII that needs no escaping in a quoted string (no quote,
// backslash or percent sign, which some clients decode).
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < 0x20 || b > 0x7e || b == '"' || b == '\\' || b == '%' {
			return false
		}
	}
	return true
}

// encodeRFC5987 percent-encodes every byte of s but RFC 5987's attr-char.
func encodeRFC5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0x0f])
	}
	return b.String()
}

// errFileTooLarge is the 413 of a file past models.MaxUploadBytes.
func errFileTooLarge() error {
	return models.Refuse(models.ETOOLARGE, models.Msg("error.file_too_large", "limit", strconv.Itoa(models.MaxUploadBytes>>20)))
}
