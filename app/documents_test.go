package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

var (
	provider2 = models.Actor{Sub: "han.provider", Role: models.RoleProvider, Org: "PV-0002"}
	auditor   = models.Actor{Sub: "lee.auditor", Role: models.RoleAuditor, Org: "BAI"}
)

var pdf = []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

// zipOf is a ZIP archive of the named entries, stored in order, as office formats write theirs.
func zipOf(t *testing.T, entries ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for i := 0; i+1 < len(entries); i += 2 {
		f, err := w.CreateHeader(&zip.FileHeader{Name: entries[i], Method: zip.Store})
		require.NoError(t, err)
		_, err = f.Write([]byte(entries[i+1]))
		require.NoError(t, err)
	}
	require.NoError(t, w.Close())
	return b.Bytes()
}

// ole is an OLE compound file's header with body after it, as HWP 5 and old Office files are.
func ole(body string) []byte {
	head := make([]byte, 512)
	copy(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	return append(head, body...)
}

// fieldOf is the first field a models.Error names.
func fieldOf(t *testing.T, err error) string {
	t.Helper()
	var me *models.Error
	require.ErrorAs(t, err, &me)
	require.NotEmpty(t, me.Fields, "%v", err)
	return me.Fields[0].Field
}

// TestUpload_TypesFromTheBytes: the type is decided from the content, whatever the name
// says; HWP and HWPX, which the detector does not know, are recognized; what could run or
// is not a document is refused.
func TestUpload_TypesFromTheBytes(t *testing.T) {
	a, _ := seededApp(t)
	ctx := context.Background()
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 32)...)
	jpeg := append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0}, make([]byte, 32)...)
	for _, tc := range []struct {
		name    string
		content []byte
		want    string // "" for refused
	}{
		{"pdf", pdf, "application/pdf"},
		{"png", png, "image/png"},
		{"jpeg", jpeg, "image/jpeg"},
		{"hwp5", ole(strings.Repeat("\x00", 600) + "HWP Document File\x00\x00\x05\x05"), "application/x-hwp"},
		{"hwp3", []byte("HWP Document File V3.00 \x1a\x01\x02\x03\x04\x05"), "application/x-hwp"},
		{"hwpx", zipOf(t, "mimetype", "application/hwp+zip", "Contents/section0.xml", "<hs:sec/>"), "application/hwp+zip"},
		{"zip", zipOf(t, "a.txt", "a", "b.txt", "b"), "application/zip"},
		{"docx", zipOf(t, "[Content_Types].xml", "<Types/>", "word/document.xml", "<w:document/>"),
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"xlsx", zipOf(t, "[Content_Types].xml", "<Types/>", "xl/workbook.xml", "<workbook/>"),
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"odt", zipOf(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", "<office:document-content/>"),
			"application/vnd.oasis.opendocument.text"},
		{"jar", zipOf(t, "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n", "a/Main.class", "\xca\xfe\xba\xbe"), ""},
		{"exe", append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), make([]byte, 64)...), ""},
		{"text", []byte("just some text, not a document\n"), ""},
		{"html", []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"), ""},
		{"ole that is not HWP", ole(strings.Repeat("\x00", 600)), ""},
		{"empty", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := a.Documents.Upload(ctx, provider, app.UploadInput{Filename: "file.pdf", Content: tc.content}, "")
			if tc.want == "" {
				require.Equal(t, models.EUNSUPPORTEDTYPE, models.ErrorCode(err), "%v", err)
				require.Equal(t, "file", fieldOf(t, err))
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, out.ContentType)
		})
	}
}

func TestUpload_StoresAndRecords(t *testing.T) {
	a, _ := seededApp(t)
	ctx := context.Background()
	name := "C:\\Users\\정\\사업자등록증.pdf"
	decomposed := "\u1109\u1161\u110b\u1165\u11b8\u110c\u1161\u1103\u1173\u11bc\u1105\u1169\u11a8\u110c\u1173\u11bc.pdf" // NFD
	out, err := a.Documents.Upload(ctx, provider, app.UploadInput{Filename: name, Kind: "business_registration", Content: pdf}, "k1")
	require.NoError(t, err)
	sum := sha256.Sum256(pdf)
	require.True(t, out.Created)
	require.Regexp(t, models.DocumentIDPattern, out.ID)
	require.Equal(t, "사업자등록증.pdf", out.Filename, "the last element of a Windows path")
	require.Equal(t, hex.EncodeToString(sum[:]), out.SHA256)
	require.Equal(t, int64(len(pdf)), out.Size)
	require.Equal(t, models.DocBusinessRegistration, out.Kind)
	require.Equal(t, "PV-0001", out.UploaderOrg)
	require.Equal(t, "jung.provider", out.UploadedBy)

	// A retry under the key answers the first upload; another file under it is refused.
	again, err := a.Documents.Upload(ctx, provider, app.UploadInput{Filename: name, Kind: "business_registration", Content: pdf}, "k1")
	require.NoError(t, err)
	require.False(t, again.Created)
	require.Equal(t, out.ID, again.ID)
	_, err = a.Documents.Upload(ctx, provider, app.UploadInput{Filename: name, Content: append(pdf, ' ')}, "k1")
	require.Equal(t, models.EIDEMPOTENCY, models.ErrorCode(err))

	// Without a key, each upload is a document of its own; a decomposed Hangul name is kept composed.
	other, err := a.Documents.Upload(ctx, provider, app.UploadInput{Filename: decomposed, Content: pdf}, "")
	require.NoError(t, err)
	require.NotEqual(t, out.ID, other.ID)
	require.Equal(t, "사업자등록증.pdf", other.Filename)

	d, r, err := a.Documents.Download(ctx, provider, out.ID)
	require.NoError(t, err)
	got, err := io.ReadAll(r)
	require.NoError(t, err)
	require.NoError(t, r.Close())
	require.Equal(t, pdf, got)
	require.Equal(t, out.SHA256, d.SHA256)
}

func TestUpload_Refusals(t *testing.T) {
	a, _ := seededApp(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		in    app.UploadInput
		code  string
		field string
	}{
		{"413_TooLarge", app.UploadInput{Filename: "big.pdf", Content: append(pdf, make([]byte, models.MaxUploadBytes)...)}, models.ETOOLARGE, ""},
		{"422_UnknownKind", app.UploadInput{Filename: "a.pdf", Kind: "brochure", Content: pdf}, models.EINVALID, "kind"},
		{"422_NoName", app.UploadInput{Filename: "", Content: pdf}, models.EINVALID, "file"},
		{"422_ControlCharacterInName", app.UploadInput{Filename: "a\x1b[31m.pdf", Content: pdf}, models.EINVALID, "file"},
		{"422_NameTooLong", app.UploadInput{Filename: strings.Repeat("가", 90) + ".pdf", Content: pdf}, models.EINVALID, "file"},
		{"422_NotUTF8", app.UploadInput{Filename: "\xff.pdf", Content: pdf}, models.EINVALID, "file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := a.Documents.Upload(ctx, provider, tc.in, "")
			require.Equal(t, tc.code, models.ErrorCode(err), "%v", err)
			if tc.field != "" {
				require.Equal(t, tc.field, fieldOf(t, err))
			}
		})
	}
}

// TestDownload_WhoMay: without a case that references the file, its uploader's
// organization and auditors read it; anyone else, the operators included (API.md: a file is
// for those who may see a case that references it), is told it does not exist, as for an
// ID that names nothing. Each download, and only a download, is recorded.
func TestDownload_WhoMay(t *testing.T) {
	a, _ := seededApp(t)
	ctx := context.Background()
	out, err := a.Documents.Upload(ctx, provider, app.UploadInput{Filename: "a.pdf", Content: pdf}, "")
	require.NoError(t, err)
	colleague := models.Actor{Sub: "lee.provider", Role: models.RoleProvider, Org: "PV-0001"}
	expert := models.Actor{Sub: "cho.expert", Role: models.RoleExpert, Org: "ETRI"}
	member := models.Actor{Sub: "song.committee", Role: models.RoleCommittee, Org: "MSIT"}
	for _, by := range []models.Actor{colleague, auditor} {
		_, r, err := a.Documents.Download(ctx, by, out.ID)
		require.NoError(t, err, "%+v", by)
		require.NoError(t, r.Close())
	}
	for _, by := range []models.Actor{provider2, agency, expert, member, operator} {
		_, _, err := a.Documents.Download(ctx, by, out.ID)
		require.Equal(t, models.ENOTFOUND, models.ErrorCode(err), "%+v", by)
	}
	for _, id := range []string{"DOC-" + strings.Repeat("0", 32), "../" + out.ID, "", strings.ToUpper(out.ID)} {
		_, _, err := a.Documents.Download(ctx, operator, id)
		require.Equal(t, models.ENOTFOUND, models.ErrorCode(err), "%q", id)
	}
	downloads, _, err := a.Documents.Downloads(ctx, auditor, out.ID, 0, "")
	require.NoError(t, err)
	var who []string
	for _, d := range downloads {
		who = append(who, string(d.Role)+" "+d.Org+" "+d.Sub)
	}
	require.Equal(t, []string{"auditor BAI lee.auditor", "provider PV-0001 lee.provider"}, who, "newest first")
}

// TestApplicationsCreate_DocumentIDs: a reference by document_id reaches the workflow as a
// reference by name and digest, with the ID beside them; a document of another
// organization, an unknown one or a digest that is not the file's is refused on its field
// before any case starts.
func TestApplicationsCreate_DocumentIDs(t *testing.T) {
	a, tc := seededApp(t)
	ctx := context.Background()
	own, err := a.Documents.Upload(ctx, provider, app.UploadInput{Filename: "신청서.pdf", Content: pdf}, "")
	require.NoError(t, err)
	foreign, err := a.Documents.Upload(ctx, provider2, app.UploadInput{Filename: "남의서류.pdf", Content: pdf}, "")
	require.NoError(t, err)

	in := applicationRequest()
	for _, refs := range []struct {
		name  string
		docs  []models.DocumentInput
		field string
	}{
		{"AnotherOrganizations", []models.DocumentInput{{Kind: "application_form", DocumentID: foreign.ID}}, "documents[0].document_id"},
		{"Unknown", []models.DocumentInput{{Kind: "application_form", DocumentID: "DOC-" + strings.Repeat("9", 32)}}, "documents[0].document_id"},
		{"NotAnID", []models.DocumentInput{{Kind: "application_form", DocumentID: "신청서.pdf"}}, "documents[0].document_id"},
		{"WrongDigest", []models.DocumentInput{{Kind: "application_form", Filename: "x.pdf", SHA256: strings.Repeat("0", 64)},
			{Kind: "corporate_registry", DocumentID: own.ID, SHA256: strings.Repeat("a", 64)}}, "documents[1].sha256"},
	} {
		in.Documents = refs.docs
		_, err := a.Applications.Create(ctx, provider, in, "")
		require.Equal(t, models.EINVALID, models.ErrorCode(err), refs.name)
		require.Equal(t, refs.field, fieldOf(t, err), refs.name)
	}

	tc.On("ExecuteWorkflow", mock.Anything, mock.Anything, mock.Anything, mock.Anything).Return(nil, nil).Once()
	in.Documents = []models.DocumentInput{{Kind: "application_form", DocumentID: own.ID},
		{Kind: "corporate_registry", Filename: "등기부.pdf", SHA256: strings.Repeat("b", 64)}}
	_, err = a.Applications.Create(ctx, provider, in, "")
	require.NoError(t, err)
	var started *flow.ApplicationInput
	for _, c := range tc.Calls {
		if c.Method == "ExecuteWorkflow" {
			started = c.Arguments.Get(3).(*flow.ApplicationInput)
		}
	}
	require.NotNil(t, started)
	docs := started.Request.Documents
	require.Len(t, docs, 2)
	require.Equal(t, models.Document{Kind: models.DocApplicationForm, Filename: "신청서.pdf", SHA256: own.SHA256, Size: own.Size,
		DocumentID: own.ID, UploadedBy: "jung.provider", UploadedAt: docs[0].UploadedAt}, docs[0])
	require.Empty(t, docs[1].DocumentID, "a reference by name and digest stays one")
	require.Equal(t, "등기부.pdf", docs[1].Filename)
}
