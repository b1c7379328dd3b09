package app

import (
	"archive/zip"
	"bytes"
	"io"

	"github.com/gabriel-vasile/mimetype"
)

// The types of file a case may carry (API.md, "Documents"): what ministries and providers
// exchange, and nothing that runs. A type is decided from the bytes, never from the name
// or the client's Content-Type, which say what the sender claims.
const (
	typeHWP  = "application/x-hwp"   // 한글 (HWP 3 and 5)
	typeHWPX = "application/hwp+zip" // 한글 OWPML (HWPX): the type its own "mimetype" entry states
)

var acceptedTypes = []string{
	"application/pdf", "image/png", "image/jpeg", typeHWP, typeHWPX, "application/zip",
	"application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation",
	"application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
	"application/vnd.oasis.opendocument.presentation",
}

// AcceptedTypesText names the accepted types for a person, in the 415 answer.
const AcceptedTypesText = "PDF, PNG, JPEG, HWP, HWPX, ZIP, Word, Excel, PowerPoint (doc, docx, xls, xlsx, ppt, pptx) " +
	"and OpenDocument (odt, ods, odp)"

// hwpSignature opens an HWP 3 file and the FileHeader stream of an HWP 5 file; that
// stream is small, so it sits uncompressed in the compound file's mini stream.
var hwpSignature = []byte("HWP Document File")

// sniffType is the accepted type content is, or false. The detector knows neither HWP
// (to it an HWP 5 file is only an OLE compound file) nor HWPX (a ZIP archive), so those
// are told apart here.
func sniffType(content []byte) (string, bool) {
	m := mimetype.Detect(content)
	switch {
	case bytes.HasPrefix(content, hwpSignature):
		return typeHWP, true
	case m.Is("application/x-ole-storage") && bytes.Contains(content, hwpSignature):
		return typeHWP, true
	case m.Is("application/zip") && isHWPX(content):
		return typeHWPX, true
	}
	for _, t := range acceptedTypes {
		if m.Is(t) {
			return t, true
		}
	}
	return m.String(), false
}

// isHWPX: an HWPX archive states its type in a "mimetype" entry, as OpenDocument does.
func isHWPX(content []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if f.Name != "mimetype" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return false
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, 64))
		return err == nil && string(bytes.TrimSpace(b)) == typeHWPX
	}
	return false
}
