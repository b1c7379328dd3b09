package models

import (
	"path"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MaxUploadBytes bounds one uploaded file (API.md, "Documents"): a scanned certificate or a
// service overview fits many times over, a video of a demonstration does not.
const MaxUploadBytes = 20 << 20

// DocumentIDPattern is how an uploaded document's ID is written: random, so that an ID seen
// once says nothing about any other document.
var DocumentIDPattern = regexp.MustCompile(`^DOC-[0-9a-f]{32}$`)

// StoredDocument is an uploaded file as the system keeps it: what identifies the file and
// who uploaded it. The bytes are in document storage under ID.
type StoredDocument struct {
	ID          string `json:"id"`
	Filename    string `json:"filename"`
	SHA256      string `json:"sha256"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
	// Kind is the kind the uploader said the file is, if any; a case names the kind again
	// when it references the file.
	Kind        DocumentKind `json:"kind,omitempty"`
	UploadedBy  string       `json:"uploaded_by"`
	UploaderOrg string       `json:"uploader_org"`
	// UploaderRole is kept for the record; who may read the file follows from the
	// organization and the cases that reference it.
	UploaderRole Role      `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
	// AttachedAt is when a request first named the file (an application, a supplement, a
	// quality report, a change request): from then on it is part of a case's record and is
	// kept. PurgedAt is when a file never attached lost its bytes, UnattachedDocumentDays
	// after its upload; its record stays.
	AttachedAt *time.Time `json:"attached_at,omitempty"`
	PurgedAt   *time.Time `json:"purged_at,omitempty"`
}

// UnattachedDocumentDays is how long an uploaded file waits to be named by a request
// before the nightly housekeeping removes its bytes: long enough for a provider to finish an
// application over weeks, short enough that files nobody submitted are not kept for ever.
const UnattachedDocumentDays = 30

// DocumentDownload records one download of a document: every one is kept (API.md).
type DocumentDownload struct {
	DocumentID   string    `json:"document_id"`
	Sub          string    `json:"sub"`
	Role         Role      `json:"role"`
	Org          string    `json:"org"`
	ClientIP     string    `json:"client_ip,omitempty"` // the auditors' only
	DownloadedAt time.Time `json:"downloaded_at"`
}

// maxUploadFilename bounds a kept file name, in bytes: what file systems and the
// Content-Disposition of a download carry safely.
const maxUploadFilename = 255

// CleanUploadFilename is the name an uploaded file is kept and served under: the last
// element of what the client sent (some browsers send a whole Windows path), in NFC (macOS
// sends Hangul decomposed, which would make two spellings of one name), without control
// characters. It says why a name cannot be used instead.
func CleanUploadFilename(name string) (string, *Text) {
	if !utf8.ValidString(name) {
		return "", Msg("invalid.upload_filename_encoding", "encoding", "UTF-8")
	}
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.TrimSpace(Composed(name))
	if strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return "", Msg("invalid.upload_filename_control")
	}
	switch {
	case name == "" || name == "." || name == "/":
		return "", Msg("invalid.upload_filename_empty")
	case len(name) > maxUploadFilename:
		return "", Msg("invalid.upload_filename_length", "max", itoa(maxUploadFilename))
	}
	return name, nil
}
