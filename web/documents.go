package web

import (
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

// Uploaded files in the pages: a form that carries files uploads each one through the call
// of POST /api/v1/documents and references it by its ID in the case, as a REST client
// does; a file is downloaded through the call of GET /api/v1/documents/{id}, which decides
// who may read it.

// downloadDocument serves an uploaded file as an attachment under its name, to those who
// may read it; anyone else gets the 404 page, as for an ID that names nothing.
func (u *UI) downloadDocument(c *gin.Context) {
	d, r, err := u.app.Documents.Download(ctx(c), sessionOf(c).actor(), c.Param("id"))
	if err != nil {
		u.fail(c, err)
		return
	}
	defer r.Close()
	c.DataFromReader(http.StatusOK, d.Size, d.ContentType, r, map[string]string{
		"Content-Disposition": api.ContentDisposition(d.Filename),
		// A file opened in the browser anyway runs nothing and reaches nothing.
		"Content-Security-Policy": "default-src 'none'; sandbox",
		"Cache-Control":           "private, no-store",
	})
}

// UploadLimit is how large the body of a form that carries files may be: each of its files
// at the largest an upload may be, and the rest of the form; 0 for every other request,
// whose body keeps the API's limit. The API's body limit asks it (api.UploadForms).
func (u *UI) UploadLimit(method, fullPath string) int64 {
	if method != http.MethodPost {
		return 0
	}
	files := 0
	switch fullPath {
	case Prefix + "/applications":
		files = len(models.ApplicationDocumentKinds)
	case Prefix + "/applications/:id/documents", Prefix + "/quality/:id/report", Prefix + "/quality/:id/remediation",
		Prefix + "/orders/:id/proposal", Prefix + "/contracts", Prefix + "/contracts/:id/changes",
		Prefix + "/services/:id/change-requests":
		files = documentRows
	default:
		return 0
	}
	return int64(files)*models.MaxUploadBytes + formOverhead
}

// formOverhead is a form's room beside its files: the text fields and the multipart framing.
const formOverhead = 1 << 20

// formFile is the file sent in the form's field name, nil when none was chosen (a browser
// sends an empty part without a file name for a file input left empty).
func formFile(c *gin.Context, name string) *multipart.FileHeader {
	mf := c.Request.MultipartForm
	if mf == nil {
		return nil
	}
	for _, fh := range mf.File[name] {
		if fh.Filename != "" {
			return fh
		}
	}
	return nil
}

// uploadFile stores a file of the form through the app layer's upload, under the form's
// key and the field's name, so that the same form sent twice stores each file once. A
// refusal of the file itself (its name, size or type) is a field error of field.
func (u *UI) uploadFile(ctx context.Context, by models.Actor, fh *multipart.FileHeader, kind, formKey, field string) (app.Uploaded, error) {
	if fh.Size > models.MaxUploadBytes {
		return app.Uploaded{}, uploadRefused(field, models.Errorf(models.ETOOLARGE, "too large"))
	}
	f, err := fh.Open()
	if err != nil {
		return app.Uploaded{}, fmt.Errorf("open the uploaded file of %s: %w", field, err)
	}
	defer f.Close()
	content, err := io.ReadAll(io.LimitReader(f, models.MaxUploadBytes+1))
	if err != nil {
		return app.Uploaded{}, fmt.Errorf("read the uploaded file of %s: %w", field, err)
	}
	if _, err := models.ParseDocumentKind(kind); err != nil {
		kind = "" // the case's reference names the kind; the form's own check says what is wrong with it
	}
	key := ""
	if formKey != "" {
		key = formKey + "/" + field
	}
	out, err := u.app.Documents.Upload(ctx, by, app.UploadInput{Filename: fh.Filename, Kind: kind, Content: content}, key)
	if err != nil {
		return app.Uploaded{}, uploadRefused(field, err)
	}
	return out, nil
}

// uploadRefused turns the refusal of one file into an error beside the form's file field,
// said in the visitor's language; any other failure stays what it is.
func uploadRefused(field string, err error) error {
	var t *models.Text
	switch models.ErrorCode(err) {
	case models.ETOOLARGE:
		t = models.Msg("msg.upload.too_large", "mib", fmt.Sprint(models.MaxUploadBytes>>20))
	case models.EUNSUPPORTEDTYPE:
		t = models.Msg("msg.upload.type")
	case models.EIDEMPOTENCY:
		t = models.Msg("msg.upload.again")
	case models.EINVALID:
		// The file's name: its message is the app layer's own.
		if fs := fieldsOf(err); len(fs) > 0 {
			return models.Invalid([]models.FieldError{{Field: field, Message: fs[0].Message, Text: fs[0].Text}})
		}
		return err
	default:
		return err
	}
	return models.Invalid([]models.FieldError{uiFieldError(field, t)})
}

// uiFieldError is a field error whose text is the UI catalog's: the English text for the
// record, the keyed text for the page.
func uiFieldError(field string, t *models.Text) models.FieldError {
	return models.FieldError{Field: field, Message: say(langEN, t, t.Key), Text: t}
}

// keptDocuments are the files a refused form had already uploaded, by the form field that
// holds each one's ID, for the form to show as kept: only those of the visitor's
// organization, which its case may reference.
func (u *UI) keptDocuments(c *gin.Context, f *form, fields []string) map[string]*models.StoredDocument {
	out := map[string]*models.StoredDocument{}
	if f == nil {
		return out
	}
	org := sessionOf(c).Org
	for _, name := range fields {
		id := strings.TrimSpace(f.Val(name))
		if !models.DocumentIDPattern.MatchString(id) {
			continue
		}
		if d, err := u.app.Store.GetDocument(ctx(c), id); err == nil && d.UploaderOrg == org && org != "" {
			out[name] = d
		}
	}
	return out
}

// documentRowFields are the fields of a document rows form (a supplement, a quality
// report) that hold a kept file's ID.
func documentRowFields() []string {
	out := make([]string, documentRows)
	for i := range out {
		out[i] = fmt.Sprintf("documents[%d].document_id", i)
	}
	return out
}

// supplementDocuments sends the provider's supplement (see uploadedRows).
func (u *UI) supplementDocuments() gin.HandlerFunc {
	return func(c *gin.Context) {
		u.caseStep("/applications/", "documents", func(ctx context.Context, by models.Actor, id, key string, sent url.Values) error {
			docs, err := u.uploadedRows(ctx, c, by, key, sent)
			if err != nil {
				return err
			}
			_, err = u.app.Applications.Supplement(ctx, by, id, key, docs)
			return err
		}, u.applicationPage())(c)
	}
}

// uploadedRows reads the document rows of a form that carries files: each row's file is
// uploaded first and referenced by its ID; a row may instead name a file by its name and
// SHA-256, as before files could be uploaded. The IDs go into sent, so that a refused form
// fileRows are the rows of files a form uploads with it (the "documentrows" partial): the
// kinds it offers, its row numbers, the files a refused form had already uploaded (by the
// field holding each one's ID) and how large one may be.
type fileRows struct {
	DocumentKinds []models.DocumentKind
	DocumentRows  []int
	Kept          map[string]*models.StoredDocument
	MaxMiB        int64
}

// newFileRows are a form's rows of files of kinds; kept, when the form came back refused,
// the files it had uploaded (keptDocuments), else nil.
func newFileRows(kinds []models.DocumentKind, kept map[string]*models.StoredDocument) fileRows {
	return fileRows{DocumentKinds: kinds, DocumentRows: rowNumbers(documentRows), Kept: kept, MaxMiB: models.MaxUploadBytes >> 20}
}

// uploadSend sends a step of the case x with the documents its form uploaded.
type uploadSend[C any] func(ctx context.Context, by models.Actor, x C, key string, docs []models.DocumentInput) error

// uploadStep is a step whose form carries files (the "documentrows"): it reads the case
// first, so that one the visitor may not see is not found before any file is stored; read
// reads the form but its files, which are uploaded as a supplement's are (uploadedRows);
// the refusals of both stand together, and a refused step comes back with its files kept.
func uploadStep[C any](u *UI, c *gin.Context, get func(ctx context.Context, by models.Actor, id string) (C, error),
	read func(url.Values) (uploadSend[C], error)) step {
	return func(ctx context.Context, by models.Actor, id, key string, sent url.Values) error {
		x, err := get(ctx, by, id)
		if err != nil {
			return pageError{err}
		}
		send, err := read(sent)
		docs, err := u.formFiles(ctx, c, by, key, sent, err)
		if err != nil {
			return err
		}
		return send(ctx, by, x, key, docs)
	}
}

// formFiles uploads a form's files (uploadedRows) once its other fields were read, with
// formErr their refusal: the refusals of both stand together, and a form refused for
// either keeps the files it uploaded.
func (u *UI) formFiles(ctx context.Context, c *gin.Context, by models.Actor, key string, sent url.Values,
	formErr error) ([]models.DocumentInput, error) {
	if formErr != nil && !errIs(formErr, models.EINVALID) {
		return nil, formErr
	}
	docs, err := u.uploadedRows(ctx, c, by, key, sent)
	if err != nil && !errIs(err, models.EINVALID) {
		return nil, err
	}
	if err := models.JoinInvalid(formErr, err); err != nil {
		return nil, err
	}
	return docs, nil
}

// comes back with the files it uploaded kept.
func (u *UI) uploadedRows(ctx context.Context, c *gin.Context, by models.Actor, key string, sent url.Values) ([]models.DocumentInput, error) {
	var fe models.Fields
	for i := range documentRows {
		field := fmt.Sprintf("documents[%d].file", i)
		fh := formFile(c, field)
		if fh == nil {
			continue
		}
		doc, err := u.uploadFile(ctx, by, fh, sent.Get(fmt.Sprintf("documents[%d].kind", i)), key, field)
		if errIs(err, models.EINVALID) {
			fe = append(fe, fieldsOf(err)...)
			continue
		} else if err != nil {
			return nil, err
		}
		sent.Set(fmt.Sprintf("documents[%d].document_id", i), doc.ID)
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return documentRowsFrom(sent)
}

// documentRowsFrom reads a form's document rows: a row references an uploaded file by its
// ID, or a file by its name and SHA-256; a row left blank is not part of the list.
func documentRowsFrom(f url.Values) ([]models.DocumentInput, error) {
	var fe models.Fields
	out := rows("documents", documentRows, func(key func(string) string) (models.DocumentInput, bool) {
		d := models.DocumentInput{Kind: f.Get(key("kind")), DocumentID: strings.TrimSpace(f.Get(key("document_id"))),
			Filename: strings.TrimSpace(f.Get(key("filename"))), SHA256: strings.ToLower(strings.TrimSpace(f.Get(key("sha256")))),
			ValidUntil: strings.TrimSpace(f.Get(key("valid_until")))}
		if d.Kind == "" && d.DocumentID == "" && d.Filename == "" && d.SHA256 == "" {
			return d, false
		}
		switch {
		case d.DocumentID != "":
			// The uploaded file is the reference: the name and digest fields are for a file
			// not uploaded, and the app layer fills them from the upload.
			d.Filename, d.SHA256 = "", ""
			return d, true
		case d.Filename == "" && d.SHA256 == "":
			fe = append(fe, uiFieldError(key("file"), models.Msg("msg.upload.choose")))
		}
		documentSize(f, key, &d, &fe)
		return d, true
	})
	return out, fe.Err()
}

// documentDownloadsView is the record of who downloaded a file (GET
// /api/v1/documents/{id}/downloads), for the operators and auditors who answer for it.
type documentDownloadsView struct {
	Document  *models.StoredDocument
	Items     []models.DocumentDownload
	NextToken string
}

func (u *UI) documentDownloads(c *gin.Context) {
	d, items, next, err := u.app.Documents.DownloadsOf(ctx(c), sessionOf(c).actor(), c.Param("id"), 50, c.Query("page_token"))
	if err != nil {
		u.fail(c, err)
		return
	}
	v := documentDownloadsView{Document: d, Items: items, NextToken: next}
	u.showCase(c, http.StatusOK, "document_downloads", u.pageFor(c, "h.docdownloads"), nil, "", v)
}
