package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dsmarket/dsmarket/docstore"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// Documents keeps uploaded files (API.md, "Documents"): the bytes in a docstore.Backend,
// what they are and who uploaded them in PostgreSQL. Cases reference a file by its ID;
// who may download it follows from who uploaded it and which applications reference it.
type Documents struct {
	service
	Backend docstore.Backend
	// Applications decides who may read an application that references a document: the
	// same check as reading the application itself; Orders, an order whose proposal does;
	// Contracts, a direct contract registered with it.
	Applications *Applications
	Orders       *Orders
	Contracts    *Contracts
}

// defaultBackend is the PostgreSQL table of st's database, for an App built without a
// backend of its own (tests, development); nil without a store.
func defaultBackend(st *store.Store) docstore.Backend {
	if st == nil {
		return nil
	}
	db, err := st.DB().DB()
	if err != nil {
		return nil
	}
	return docstore.NewPostgres(db)
}

// UploadInput is one file as the client sent it.
type UploadInput struct {
	Filename string
	Kind     string
	Content  []byte
}

// Uploaded is a stored document; Created is false for a retry under the same
// Idempotency-Key, which answers the first upload.
type Uploaded struct {
	models.StoredDocument
	Created bool `json:"-"`
}

// uploadRequest identifies an upload for its Idempotency-Key: the same key with another
// file is refused.
type uploadRequest struct {
	Filename string `json:"filename"`
	Kind     string `json:"kind"`
	SHA256   string `json:"sha256"`
}

// Upload checks the file (name, kind, size, type from its bytes), stores its bytes under a
// new random ID and records it. Every signed-in role may upload; a file is readable by its
// uploader's organization and by whoever may see a case that references it.
func (s *Documents) Upload(ctx context.Context, by models.Actor, in UploadInput, key string) (Uploaded, error) {
	if len(in.Content) > models.MaxUploadBytes {
		return Uploaded{}, models.Refuse(models.ETOOLARGE, models.Msg("error.upload_too_large", "mib", strconv.Itoa(models.MaxUploadBytes>>20)))
	}
	var fe models.Fields
	name, why := models.CleanUploadFilename(in.Filename)
	if why != nil {
		fe.AddText("file", why)
	}
	var kind models.DocumentKind
	if k := strings.TrimSpace(in.Kind); k != "" {
		var err error
		if kind, err = models.ParseDocumentKind(k); err != nil {
			fe.AddText("kind", models.Msg("invalid.not_document_kind"))
		}
	}
	if err := fe.Err(); err != nil {
		return Uploaded{}, err
	}
	contentType, ok := sniffType(in.Content)
	if !ok {
		return Uploaded{}, &models.Error{Code: models.EUNSUPPORTEDTYPE,
			Message: fmt.Sprintf("a file of type %s is not accepted; accepted types are %s", contentType, AcceptedTypesText),
			Fields:  []models.FieldError{{Field: "file", Message: "is " + contentType + ", which is not an accepted type"}}}
	}
	if s.Backend == nil {
		return Uploaded{}, errors.New("no document storage is configured")
	}
	sum := sha256.Sum256(in.Content)
	digest := hex.EncodeToString(sum[:])
	id, created, err := claimID(ctx, s.Store, "documents", by, key,
		uploadRequest{Filename: name, Kind: string(kind), SHA256: digest}, newDocumentID)
	if err != nil {
		return Uploaded{}, err
	}
	switch d, err := s.Store.GetDocument(ctx, id); {
	case err == nil:
		return Uploaded{StoredDocument: *d, Created: created}, nil
	case models.ErrorCode(err) != models.ENOTFOUND:
		return Uploaded{}, err
	}
	// The bytes first, the record second: a crash between them leaves bytes that no record
	// names, never a record whose file is missing. A retry under the key writes them again.
	if err := s.Backend.Put(ctx, id, bytes.NewReader(in.Content), int64(len(in.Content)), contentType); err != nil {
		return Uploaded{}, err
	}
	d := models.StoredDocument{ID: id, Filename: name, SHA256: digest, Size: int64(len(in.Content)),
		ContentType: contentType, Kind: kind, UploadedBy: by.Sub, UploaderRole: by.Role, UploaderOrg: by.Org,
		CreatedAt: s.now().In(models.Seoul)}
	if err := s.Store.CreateDocument(ctx, d); err != nil {
		return Uploaded{}, err
	}
	// A concurrent request under the same key may have recorded the upload first: answer
	// the record as it is.
	stored, err := s.Store.GetDocument(ctx, id)
	if err != nil {
		return Uploaded{}, err
	}
	return Uploaded{StoredDocument: *stored, Created: created}, nil
}

func newDocumentID(context.Context) (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return "DOC-" + hex.EncodeToString(b[:]), nil
}

var errDocumentNotFound = models.Refuse(models.ENOTFOUND, models.Msg("error.document_not_found"))

// Download opens a document for by and records the download; the caller closes the
// reader. A document by may not see is not found, as one that does not exist.
func (s *Documents) Download(ctx context.Context, by models.Actor, id string) (*models.StoredDocument, io.ReadCloser, error) {
	if !models.DocumentIDPattern.MatchString(id) {
		return nil, nil, errDocumentNotFound
	}
	d, err := s.Store.GetDocument(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	switch ok, err := s.mayRead(ctx, by, d); {
	case err != nil:
		return nil, nil, err
	case !ok:
		return nil, nil, errDocumentNotFound
	case d.PurgedAt != nil:
		// Said only to those who may read the file: to others it does not exist.
		return nil, nil, models.Refuse(models.ENOTFOUND, models.Msg("error.document_purged",
			"days", strconv.Itoa(models.UnattachedDocumentDays)))
	}
	if s.Backend == nil {
		return nil, nil, errors.New("no document storage is configured")
	}
	r, _, err := s.Backend.Get(ctx, id)
	if err != nil {
		return nil, nil, fmt.Errorf("document %s is recorded but its bytes cannot be read from %s: %w", id, s.Backend, err)
	}
	if err := s.Store.RecordDocumentDownload(ctx, id, by, clientIPOf(ctx), s.now()); err != nil {
		_ = r.Close()
		return nil, nil, err
	}
	return d, r, nil
}

// Downloads is a page of who downloaded the document and when, newest first: the record
// Download keeps, for the operators and auditors (the routes admit no one else).
func (s *Documents) Downloads(ctx context.Context, by models.Actor, id string, size int, token string) ([]models.DocumentDownload, string, error) {
	_, items, next, err := s.DownloadsOf(ctx, by, id, size, token)
	return items, next, err
}

// DownloadsOf is Downloads with the document itself, for a page that names the file. Who
// read a file is told only to those who may read it.
func (s *Documents) DownloadsOf(ctx context.Context, by models.Actor, id string, size int, token string) (*models.StoredDocument, []models.DocumentDownload, string, error) {
	if !models.DocumentIDPattern.MatchString(id) {
		return nil, nil, "", errDocumentNotFound
	}
	d, err := s.Store.GetDocument(ctx, id)
	if err != nil {
		return nil, nil, "", err
	}
	switch ok, err := s.mayRead(ctx, by, d); {
	case err != nil:
		return nil, nil, "", err
	case !ok:
		return nil, nil, "", errDocumentNotFound
	}
	items, next, err := s.Store.DocumentDownloads(ctx, id, size, token)
	if by.Role != models.RoleAuditor {
		// Where a download came from is the access log's, which the auditors check; the
		// operators answer for who read the file.
		for i := range items {
			items[i].ClientIP = ""
		}
	}
	return d, items, next, err
}

// maxReferencingCases bounds the cases read to decide one download: a file is referenced
// by one case, or a few when a provider reuses a certificate.
const maxReferencingCases = 20

// mayRead: the uploader's organization and auditors read every document; the operators
// one that an application, a quality case or a change request references (API.md gives a
// file to those who may see a case that references it: they see those cases, and no
// orders nor contracts); an agency one that the proposal of its order references; a
// provider one its direct contract or a change of it was registered with; anyone else one
// that an application they may read references, where an expert must be one assigned to
// that application. Each case is read as the caller may read it (one they may not is
// skipped), and must itself still hold the file: the projection that found it may be older
// than the case (a supplement replaces a kind's file).
func (s *Documents) mayRead(ctx context.Context, by models.Actor, d *models.StoredDocument) (bool, error) {
	holds := func(docs []models.Document) bool {
		return slices.ContainsFunc(docs, func(x models.Document) bool { return x.DocumentID == d.ID })
	}
	switch {
	case by.Org != "" && by.Org == d.UploaderOrg:
		return true, nil
	case by.Role == models.RoleAuditor:
		return true, nil
	case by.Role == models.RoleOperator:
		return s.Store.InOperatorsCases(ctx, d.ID)
	case by.Role == models.RoleAgency && s.Orders != nil:
		return referencedIn(ctx, s.Store.OrdersReferencing, d.ID, func(id string) (bool, error) {
			o, err := s.Orders.Get(ctx, by, id)
			return err == nil && o.Proposal != nil && holds(o.Proposal.Documents), err
		})
	}
	if by.Role == models.RoleProvider && s.Contracts != nil {
		ok, err := referencedIn(ctx, s.Store.ContractsReferencing, d.ID, func(id string) (bool, error) {
			c, err := s.Contracts.Get(ctx, by, id)
			return err == nil && holds(c.Files()), err
		})
		if ok || err != nil {
			return ok, err
		}
	}
	return referencedIn(ctx, s.Store.ApplicationsReferencing, d.ID, func(id string) (bool, error) {
		a, err := s.Applications.Get(ctx, by, id)
		return err == nil && holds(a.Documents) && a.FilesVisibleTo(by), err
	})
}

// referencedIn: one of the cases refs finds referencing the document id holds it for the
// caller (holds reads the case as they may: one they may not read, not found or
// forbidden, is skipped).
func referencedIn(ctx context.Context, refs func(context.Context, string, int) ([]string, error), id string,
	holds func(caseID string) (bool, error)) (bool, error) {
	ids, err := refs(ctx, id, maxReferencingCases)
	if err != nil {
		return false, err
	}
	for _, caseID := range ids {
		ok, err := holds(caseID)
		switch models.ErrorCode(err) {
		case "":
		case models.ENOTFOUND, models.EFORBIDDEN:
			continue
		default:
			return false, err
		}
		if ok {
			return true, nil
		}
	}
	return false, nil
}

// resolveDocuments fills each reference that names an uploaded document (document_id)
// with the file's name, digest and size (lookupDocuments) and marks the files attached as
// of now (namedDocuments.attach): for a step, whose case then records them or refuses.
func resolveDocuments(ctx context.Context, st *store.Store, now time.Time, by models.Actor, field string,
	in []models.DocumentInput) ([]models.DocumentInput, error) {
	out, named, err := lookupDocuments(ctx, st, by, field, in)
	if err != nil {
		return nil, err
	}
	return out, named.attach(ctx, st, now)
}

// stepFiles resolves the files a step on case id names (resolveDocuments) once the case is
// read as by may read it (get): a case the caller may not see is not found before any of
// the files is looked at. A step without files reads nothing.
func stepFiles[T any](ctx context.Context, s *service, by models.Actor, id string,
	get func(context.Context, models.Actor, string) (T, error), docs []models.DocumentInput) ([]models.DocumentInput, error) {
	if len(docs) == 0 {
		return docs, nil
	}
	if _, err := get(ctx, by, id); err != nil {
		return nil, err
	}
	return resolveDocuments(ctx, s.Store, s.now(), by, "documents", docs)
}

// namedDocuments are the uploaded files a request names, with the field naming each.
type namedDocuments struct {
	ids     []string
	fieldOf map[string]string
}

// lookupDocuments fills each reference that names an uploaded document (document_id) with
// the file's name, digest and size, so that the case and its workflow carry the same
// reference as one sent by name and digest. The document must be one by's organization
// uploaded, and still hold its bytes; a digest sent with it must be the file's. Field names
// are prefixed by field. Nothing is written: the request attaches the files it names
// (namedDocuments.attach) once it is accepted, so a refused one leaves them as they were.
func lookupDocuments(ctx context.Context, st *store.Store, by models.Actor, field string,
	in []models.DocumentInput) ([]models.DocumentInput, namedDocuments, error) {
	named := namedDocuments{fieldOf: map[string]string{}}
	if len(in) > models.MaxDocuments {
		return in, named, nil // refused with the count by the models' parse, before any read here
	}
	out := slices.Clone(in)
	var fe models.Fields
	for i, ref := range out {
		id := strings.TrimSpace(ref.DocumentID)
		if id == "" {
			continue
		}
		f := fmt.Sprintf("%s[%d]", field, i)
		if !models.DocumentIDPattern.MatchString(id) {
			fe.AddText(f+".document_id", models.Msg("invalid.document_id", "digits", "32"))
			continue
		}
		d, err := st.GetDocument(ctx, id)
		switch {
		case models.ErrorCode(err) == models.ENOTFOUND || err == nil && d.UploaderOrg != by.Org:
			fe.AddText(f+".document_id", models.Msg("invalid.document_not_yours"))
			continue
		case err != nil:
			return nil, named, err
		case d.PurgedAt != nil:
			fe.AddText(f+".document_id", purgedRefusal())
			continue
		}
		if sum := strings.ToLower(strings.TrimSpace(ref.SHA256)); sum != "" && sum != d.SHA256 {
			fe.AddText(f+".sha256", models.Msg("invalid.document_checksum_mismatch", "algo", "SHA-256", "sum", d.SHA256))
			continue
		}
		out[i].DocumentID, out[i].Filename, out[i].SHA256, out[i].Size = id, d.Filename, d.SHA256, d.Size
		named.ids = append(named.ids, id)
		named.fieldOf[id] = f + ".document_id"
	}
	if err := fe.Err(); err != nil {
		return nil, named, err
	}
	return out, named, nil
}

// attach marks the files attached as of now, and kept from then on: a file a case names
// is part of its record. The night's purge may have taken one since it was looked up; it
// is refused on its field.
func (n namedDocuments) attach(ctx context.Context, st *store.Store, now time.Time) error {
	purged, err := st.AttachDocuments(ctx, n.ids, now)
	if err != nil {
		return err
	}
	var fe models.Fields
	for _, id := range purged {
		fe.AddText(n.fieldOf[id], purgedRefusal())
	}
	return fe.Err()
}

// purgedRefusal says that a file named lost its bytes, never attached in time.
func purgedRefusal() *models.Text {
	return models.Msg("invalid.document_purged", "days", strconv.Itoa(models.UnattachedDocumentDays))
}
