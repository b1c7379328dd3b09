package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dsmarket/dsmarket/models"
)

// documentRow is a row of documents (migration 00013).
type documentRow struct {
	ID           string
	Filename     string
	SHA256       string `gorm:"column:sha256"`
	Size         int64
	ContentType  string
	Kind         string
	UploadedBy   string
	UploaderRole string
	UploaderOrg  string
	CreatedAt    time.Time
	AttachedAt   *time.Time
	PurgedAt     *time.Time
}

func (documentRow) TableName() string { return "documents" }

func (r documentRow) model() *models.StoredDocument {
	return &models.StoredDocument{ID: r.ID, Filename: r.Filename, SHA256: r.SHA256, Size: r.Size,
		ContentType: r.ContentType, Kind: models.DocumentKind(r.Kind), UploadedBy: r.UploadedBy,
		UploaderRole: models.Role(r.UploaderRole), UploaderOrg: r.UploaderOrg, CreatedAt: r.CreatedAt.In(models.Seoul),
		AttachedAt: inSeoul(r.AttachedAt), PurgedAt: inSeoul(r.PurgedAt)}
}

// inSeoul is t in Seoul's time, nil for nil.
func inSeoul(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	s := t.In(models.Seoul)
	return &s
}

// CreateDocument records an uploaded document whose bytes are already stored. A document
// already recorded under its ID (a retry after a crash, or a concurrent request under the
// same Idempotency-Key) is left as it is: the ID stands for one upload.
func (s *Store) CreateDocument(ctx context.Context, d models.StoredDocument) error {
	err := s.db.WithContext(ctx).Exec(`
		INSERT INTO documents (id, filename, sha256, size, content_type, kind, uploaded_by, uploader_role, uploader_org, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`,
		d.ID, d.Filename, d.SHA256, d.Size, d.ContentType, string(d.Kind), d.UploadedBy, string(d.UploaderRole),
		d.UploaderOrg, d.CreatedAt).Error
	if err != nil {
		return fmt.Errorf("create document %s: %w", d.ID, err)
	}
	return nil
}

// GetDocument reads what a document is; ENOTFOUND if no such document was uploaded.
func (s *Store) GetDocument(ctx context.Context, id string) (*models.StoredDocument, error) {
	var rows []documentRow
	if err := s.db.WithContext(ctx).Where("id = ?", id).Limit(1).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("get document %s: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, models.Refuse(models.ENOTFOUND, models.Msg("error.document_not_found"))
	}
	return rows[0].model(), nil
}

// RecordDocumentDownload notes that by downloaded the document at at, from clientIP.
func (s *Store) RecordDocumentDownload(ctx context.Context, id string, by models.Actor, clientIP string, at time.Time) error {
	err := s.db.WithContext(ctx).Exec(`INSERT INTO document_downloads (document_id, sub, role, org, client_ip, downloaded_at)
		VALUES (?, ?, ?, ?, ?, ?)`, id, by.Sub, string(by.Role), by.Org, clientIP, at).Error
	if err != nil {
		return fmt.Errorf("record download of %s: %w", id, err)
	}
	return nil
}

// DocumentDownloads is a keyset page of a document's downloads, newest first: who read the
// file and when. The token is the last row's time and ID.
func (s *Store) DocumentDownloads(ctx context.Context, id string, size int, token string) ([]models.DocumentDownload, string, error) {
	q := s.db.WithContext(ctx).Table("document_downloads").Where("document_id = ?", id).
		Select("id, document_id, sub, role, org, client_ip, downloaded_at")
	return newestFirst(q, "downloaded_at", size, token, "list downloads of "+id,
		func(r downloadRow) (time.Time, int64) { return r.DownloadedAt, r.ID },
		func(r downloadRow) models.DocumentDownload {
			return models.DocumentDownload{DocumentID: r.DocumentID, Sub: r.Sub, Role: models.Role(r.Role), Org: r.Org,
				ClientIP: r.ClientIP, DownloadedAt: r.DownloadedAt.In(models.Seoul)}
		})
}

// downloadRow is a row of document_downloads.
type downloadRow struct {
	ID                                   int64
	DocumentID, Sub, Role, Org, ClientIP string
	DownloadedAt                         time.Time
}

// Which cases reference an uploaded document, as their projection last saw them: the case
// kinds whose files someone other than the uploader may read, each with where its
// projection keeps the references (GIN-indexed: migrations 00013, 00032, 00033, 00034,
// 00035).
// A third part names the key under which each element of an array of objects holds its
// own list (a contract's changes, each with its files).
const (
	applicationDocuments = "applications|doc -> 'documents'"
	orderProposalFiles   = "orders|doc -> 'proposal' -> 'documents'"
	contractDocuments    = "direct_contracts|doc -> 'documents'"
	contractChangeFiles  = "direct_contracts|doc -> 'changes'|documents"
	qualityReportFiles   = "quality_cases|doc -> 'report' -> 'documents'"
	remediationFiles     = "quality_cases|doc -> 'remediations'|documents"
	changeRequestFiles   = "change_requests|doc -> 'documents'"
)

// InOperatorsCases reports whether a case of the operators' processes references the
// uploaded document id: an application, a quality case (its report or a remediation), a
// change request. The operators see no orders nor contracts.
func (s *Store) InOperatorsCases(ctx context.Context, id string) (bool, error) {
	var args []any
	exists := func(where ...string) string {
		table, cond, more := references(id, where...)
		args = append(args, more...)
		return `EXISTS (SELECT 1 FROM ` + table + ` WHERE ` + cond + `)`
	}
	// Applications first: most of the files the operators read are theirs (document checks).
	sql := `SELECT ` + exists(applicationDocuments) + ` OR ` + exists(qualityReportFiles, remediationFiles) +
		` OR ` + exists(changeRequestFiles)
	var held bool
	if err := s.db.WithContext(ctx).Raw(sql, args...).Scan(&held).Error; err != nil {
		return false, fmt.Errorf("cases referencing %s: %w", id, err)
	}
	return held, nil
}

// references is the table of where (constants above, of one table) and the condition, with
// its arguments, that a case of it references the document id in any of the places named.
func references(id string, where ...string) (table, cond string, args []any) {
	conds := make([]string, len(where))
	for i, w := range where {
		parts := strings.Split(w, "|")
		probe := `jsonb_build_array(jsonb_build_object('document_id', ?::text))`
		if len(parts) == 3 {
			probe = `jsonb_build_array(jsonb_build_object('` + parts[2] + `', ` + probe + `))`
		}
		table, conds[i] = parts[0], parts[1]+` @> `+probe
		args = append(args, id)
	}
	return table, "(" + strings.Join(conds, " OR ") + ")", args
}

// ApplicationsReferencing lists the applications whose documents reference the uploaded
// document id; newest first, at most limit.
func (s *Store) ApplicationsReferencing(ctx context.Context, id string, limit int) ([]string, error) {
	return s.referencing(ctx, id, limit, applicationDocuments)
}

// ContractsReferencing lists the direct contracts registered with the uploaded document
// id, or one of whose changes was.
func (s *Store) ContractsReferencing(ctx context.Context, id string, limit int) ([]string, error) {
	return s.referencing(ctx, id, limit, contractDocuments, contractChangeFiles)
}

// OrdersReferencing lists the orders whose proposal references the uploaded document id.
func (s *Store) OrdersReferencing(ctx context.Context, id string, limit int) ([]string, error) {
	return s.referencing(ctx, id, limit, orderProposalFiles)
}

// referencing lists the cases of where (constants above, of one table) that reference the
// document id in any of the places they name, newest first, at most limit.
func (s *Store) referencing(ctx context.Context, id string, limit int, where ...string) ([]string, error) {
	table, cond, args := references(id, where...)
	var ids []string
	err := s.db.WithContext(ctx).Raw(`SELECT id FROM `+table+` WHERE `+cond+
		` ORDER BY id DESC LIMIT ?`, append(args, limit)...).Scan(&ids).Error
	if err != nil {
		return nil, fmt.Errorf("%s referencing %s: %w", table, id, err)
	}
	return ids, nil
}
