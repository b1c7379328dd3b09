package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store/storetest"
)

func storedDocument(id, org string) models.StoredDocument {
	return models.StoredDocument{ID: id, Filename: "사업자등록증.pdf", SHA256: strings.Repeat("ab", 32), Size: 1234,
		ContentType: "application/pdf", Kind: models.DocBusinessRegistration, UploadedBy: "jung.provider",
		UploaderRole: models.RoleProvider, UploaderOrg: org, CreatedAt: appNow}
}

func TestDocuments_CreateGetAndDownloads(t *testing.T) {
	t.Parallel()
	s := storetest.New(t)
	ctx := context.Background()
	id := "DOC-" + strings.Repeat("0a", 16)
	if _, err := s.GetDocument(ctx, id); models.ErrorCode(err) != models.ENOTFOUND {
		t.Fatalf("GetDocument before upload: %v, want not_found", err)
	}
	d := storedDocument(id, "PV-0001")
	if err := s.CreateDocument(ctx, d); err != nil {
		t.Fatal(err)
	}
	// A retry under the same ID keeps the first record.
	again := d
	again.Filename = "다른이름.pdf"
	if err := s.CreateDocument(ctx, again); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetDocument(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Filename != d.Filename || got.SHA256 != d.SHA256 || got.Size != d.Size || got.ContentType != d.ContentType ||
		got.Kind != d.Kind || got.UploadedBy != d.UploadedBy || got.UploaderOrg != "PV-0001" ||
		got.UploaderRole != models.RoleProvider || !got.CreatedAt.Equal(appNow) {
		t.Fatalf("GetDocument = %+v, want %+v", got, d)
	}

	if err := s.RecordDocumentDownload(ctx, id, operatorPark, "10.0.0.1", appNow.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordDocumentDownload(ctx, id, expertCho, "10.0.0.2", appNow.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	downloads, next, err := s.DocumentDownloads(ctx, id, 1, "")
	if err != nil || next == "" {
		t.Fatalf("first page: %v, next %q", err, next)
	}
	older, last, err := s.DocumentDownloads(ctx, id, 1, next)
	if err != nil || last != "" {
		t.Fatalf("second page: %v, next %q", err, last)
	}
	// Newest first, a page at a time.
	downloads = append(downloads, older...)
	if len(downloads) != 2 || downloads[1].Sub != operatorPark.Sub || downloads[1].Role != models.RoleOperator ||
		downloads[1].Org != "NIA" || downloads[1].ClientIP != "10.0.0.1" || downloads[0].Sub != expertCho.Sub ||
		!downloads[0].DownloadedAt.Equal(appNow.Add(2*time.Hour)) {
		t.Fatalf("downloads = %+v", downloads)
	}
	// A download of a document that does not exist is refused by the database.
	if err := s.RecordDocumentDownload(ctx, "DOC-"+strings.Repeat("ff", 16), operatorPark, "", appNow); err == nil {
		t.Fatal("a download of an unknown document was recorded")
	}
}

func TestDocuments_ApplicationsReferencing(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	docID := "DOC-" + strings.Repeat("1b", 16)
	if err := s.CreateDocument(ctx, storedDocument(docID, "PV-0001")); err != nil {
		t.Fatal(err)
	}
	referencing := newApplication(t, "APP-2024-000001", "PV-0001", businessNoOf(t, s, "PV-0001"), "참조 서비스", appNow)
	referencing.Documents[0].DocumentID = docID
	other := newApplication(t, "APP-2024-000002", "PV-0001", businessNoOf(t, s, "PV-0001"), "다른 서비스", appNow)
	for _, a := range []*models.Application{referencing, other} {
		if err := s.SaveApplication(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	ids, err := s.ApplicationsReferencing(ctx, docID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 1 || ids[0] != referencing.ID {
		t.Fatalf("ApplicationsReferencing = %v, want [%s]", ids, referencing.ID)
	}
	if ids, err := s.ApplicationsReferencing(ctx, "DOC-"+strings.Repeat("2c", 16), 10); err != nil || len(ids) != 0 {
		t.Fatalf("ApplicationsReferencing of an unreferenced document = %v, %v", ids, err)
	}
}
