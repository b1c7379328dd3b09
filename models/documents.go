package models

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// DocumentKind is what a submitted file is: one of the documents an application must
// carry (SPEC.md, Process 1), or a file of the quality process or of an information change.
type DocumentKind string

// Document kinds of an application.
const (
	DocApplicationForm      DocumentKind = "application_form"      // 신청서
	DocCorporateRegistry    DocumentKind = "corporate_registry"    // 법인등기부등본
	DocBusinessRegistration DocumentKind = "business_registration" // 사업자등록증
	DocCreditRating         DocumentKind = "credit_rating"         // 신용평가등급 확인서
	DocServiceOverview      DocumentKind = "service_overview"      // 서비스 개요서
	DocCapabilityProof      DocumentKind = "capability_proof"      // 제공역량 증빙
	DocCSAPCertificate      DocumentKind = "csap_certificate"      // 클라우드 보안인증서
	DocSLAPolicy            DocumentKind = "sla_policy"            // 서비스수준협약(SLA) 정책
	DocBrokerAgreement      DocumentKind = "broker_agreement"      // 원 제공자 공급·기술지원 협약서
	DocCapabilitySplit      DocumentKind = "capability_split"      // 역량 항목 분담 확인서
)

// Document kinds of the quality process and of an information change: a quality report or
// a remediation carried none of the application's kinds, and had to be filed as one.
const (
	DocQualityReport      DocumentKind = "quality_report"       // 품질적합성 자가점검 보고서
	DocServiceLevelRecord DocumentKind = "service_level_record" // 서비스 수준 측정 기록 (가용성·장애)
	DocRemediationResult  DocumentKind = "remediation_result"   // 보완조치 결과 보고서
	DocSupporting         DocumentKind = "supporting"           // 기타 증빙 서류
	DocProposal           DocumentKind = "proposal"             // 제안서 (a catalog order's)
	DocPriceSheet         DocumentKind = "price_sheet"          // 가격 명세서
	DocContract           DocumentKind = "contract"             // 계약서 (a direct contract's)
)

// ApplicationDocumentKinds lists an application's kinds in the order forms show them; an
// application and its supplements take these alone.
var ApplicationDocumentKinds = []DocumentKind{
	DocApplicationForm, DocCorporateRegistry, DocBusinessRegistration, DocCreditRating,
	DocServiceOverview, DocCapabilityProof, DocCSAPCertificate, DocSLAPolicy,
	DocBrokerAgreement, DocCapabilitySplit,
}

// QualityDocumentKinds are the kinds a quality report's or a remediation's form offers.
var QualityDocumentKinds = []DocumentKind{DocQualityReport, DocServiceLevelRecord, DocRemediationResult,
	DocCSAPCertificate, DocSLAPolicy, DocCreditRating, DocSupporting}

// ContractDocumentKinds are the kinds a direct contract's registration takes.
var ContractDocumentKinds = []DocumentKind{DocContract, DocPriceSheet, DocSupporting}

// ProposalDocumentKinds are the kinds a catalog order's proposal takes.
var ProposalDocumentKinds = []DocumentKind{DocProposal, DocPriceSheet, DocServiceOverview, DocSupporting}

// ChangeRequestDocumentKinds are the kinds an information change's form offers: what backs
// a changed name, business number, certificate or description (the request takes any).
var ChangeRequestDocumentKinds = []DocumentKind{DocCSAPCertificate, DocSLAPolicy, DocCorporateRegistry,
	DocBusinessRegistration, DocServiceOverview, DocSupporting}

// AllDocumentKinds lists every kind. A quality report, a remediation and a change request
// take any of them (they took the application's before the others were named).
var AllDocumentKinds = append(slices.Clone(ApplicationDocumentKinds),
	DocQualityReport, DocServiceLevelRecord, DocRemediationResult, DocSupporting, DocProposal, DocPriceSheet,
	DocContract)

// ParseDocumentKind accepts every kind (an upload's).
func ParseDocumentKind(s string) (DocumentKind, error) {
	return oneOf(s, AllDocumentKinds, "invalid.not_document_kind")
}

// RequiredDocuments derives the documents an application must carry from the service's
// type and the applicant's flags:
//   - every application: the six general documents;
//   - cloud computing services: the CSAP certificate, unless the service is given only to
//     schools for students' education, and the SLA policy;
//   - brokers (중개 제공자): the original provider's agreement and the capability split.
func RequiredDocuments(t ServiceType, broker, schoolEducationOnly bool) []DocumentKind {
	kinds := []DocumentKind{DocApplicationForm, DocCorporateRegistry, DocBusinessRegistration,
		DocCreditRating, DocServiceOverview, DocCapabilityProof}
	if t == TypeCloud {
		if !schoolEducationOnly {
			kinds = append(kinds, DocCSAPCertificate)
		}
		kinds = append(kinds, DocSLAPolicy)
	}
	if broker {
		kinds = append(kinds, DocBrokerAgreement, DocCapabilitySplit)
	}
	return kinds
}

// MissingDocuments returns the required kinds that no document covers, in required order.
func MissingDocuments(required []DocumentKind, docs []Document) []DocumentKind {
	var missing []DocumentKind
	for _, k := range required {
		if !slices.ContainsFunc(docs, func(d Document) bool { return d.Kind == k }) {
			missing = append(missing, k)
		}
	}
	return missing
}

// Document is a submitted file, kept by reference: the file itself lives in document
// storage, the case keeps what identifies it.
type Document struct {
	Kind     DocumentKind `json:"kind"`
	Filename string       `json:"filename"`
	SHA256   string       `json:"sha256"`
	Size     int64        `json:"size"`
	// DocumentID is the uploaded file (POST /documents) this reference was resolved from;
	// empty for a reference sent as a name and a digest only.
	DocumentID string `json:"document_id,omitempty"`
	// ValidUntil is the last day a certificate is valid (the CSAP certificate's expiry);
	// the catalog shows it once the service is selected.
	ValidUntil *Date     `json:"valid_until,omitempty"`
	UploadedBy string    `json:"uploaded_by"`
	UploadedAt time.Time `json:"uploaded_at"`
}

// DocumentInput is a document reference as a provider sends it.
type DocumentInput struct {
	Kind string `json:"kind"`
	// DocumentID names an uploaded file; the app layer fills Filename, SHA256 and Size from
	// it before anything else reads the reference.
	DocumentID string `json:"document_id,omitempty"`
	Filename   string `json:"filename"`
	SHA256     string `json:"sha256"`
	Size       int64  `json:"size,omitempty"`
	// ValidUntil (YYYY-MM-DD) is the CSAP certificate's expiry; other kinds have none.
	ValidUntil string `json:"valid_until,omitempty"`
}

var sha256Pattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// MaxDocuments bounds one submission so that a case stays small.
const MaxDocuments = 30

// maxFilenameBytes bounds a document's file name, as most file systems do.
const maxFilenameBytes = 255

// ParseDocuments validates the document references a request sends by (a change request's
// evidence, of any kind), on the date now; field names are prefixed by field.
func ParseDocuments(field string, in []DocumentInput, by string, now time.Time) ([]Document, error) {
	return ParseDocumentsOf(field, in, AllDocumentKinds, by, now)
}

// ParseDocumentsOf is ParseDocuments for a request that takes the kinds given alone.
func ParseDocumentsOf(field string, in []DocumentInput, kinds []DocumentKind, by string, now time.Time) ([]Document, error) {
	var fe Fields
	out := parseDocuments(field, in, kinds, by, now, &fe)
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// parseDocuments validates document references, each of one of kinds; field names are
// prefixed by field.
func parseDocuments(field string, in []DocumentInput, kinds []DocumentKind, by string, now time.Time, fe *Fields) []Document {
	return parseDocumentsPinned(field, in, kinds, by, now, fe, nil)
}

// parseDocumentsPinned is parseDocuments under the rules a case holds (nil: the table's).
func parseDocumentsPinned(field string, in []DocumentInput, kinds []DocumentKind, by string, now time.Time, fe *Fields, pins *CasePins) []Document {
	if len(in) > MaxDocuments {
		fe.AddText(field, Msg("invalid.document_max_count", "max", itoa(MaxDocuments)))
		return nil
	}
	seen := map[DocumentKind]bool{}
	out := make([]Document, 0, len(in))
	for i, d := range in {
		f := fmt.Sprintf("%s[%d]", field, i)
		kind, err := oneOf(d.Kind, kinds, "invalid.not_document_kind")
		if err != nil {
			fe.AddText(f+".kind", Msg("invalid.document_kind", "kinds", kindLabels(kinds)))
		} else if seen[kind] {
			fe.AddText(f+".kind", Msg("invalid.document_kind_twice", "kind", string(kind)))
		}
		seen[kind] = true
		name := strings.TrimSpace(d.Filename)
		switch {
		case name == "":
			fe.AddText(f+".filename", Msg("invalid.required"))
		case len(name) > maxFilenameBytes || strings.ContainsAny(name, "/\\\x00"):
			fe.AddText(f+".filename", Msg("invalid.document_filename", "max", itoa(maxFilenameBytes)))
		}
		sum := strings.ToLower(strings.TrimSpace(d.SHA256))
		if !sha256Pattern.MatchString(sum) {
			fe.AddText(f+".sha256", Msg("invalid.document_sha", "algorithm", "SHA-256", "digits", "64"))
		}
		if d.Size < 0 || d.Size > 1<<30 {
			fe.AddText(f+".size", Msg("invalid.document_size", "min", "0", "max", "1"))
		}
		var validUntil *Date
		if v := strings.TrimSpace(d.ValidUntil); v != "" {
			switch until, err := ParseDate(v); {
			case kind != DocCSAPCertificate:
				fe.AddText(f+".valid_until", Msg("invalid.document_validity_csap_only"))
			case err != nil:
				fe.AddErr(f+".valid_until", err)
			case until.Before(DateOf(now).Time):
				fe.AddText(f+".valid_until", Msg("invalid.document_certificate_expired", "date", until.String()))
			case until.After(DateOf(now).AddDate(pins.Int(RuleCSAPValidYears, now), 0, 0)):
				fe.AddText(f+".valid_until", Msg("invalid.csap_valid_years", "years", itoa(int64(pins.Int(RuleCSAPValidYears, now)))))
			default:
				validUntil = &until
			}
		}
		docID := strings.TrimSpace(d.DocumentID)
		if docID != "" && !DocumentIDPattern.MatchString(docID) {
			fe.AddText(f+".document_id", Msg("invalid.document_id", "digits", "32"))
		}
		out = append(out, Document{Kind: kind, Filename: name, SHA256: sum, Size: d.Size, DocumentID: docID,
			ValidUntil: validUntil, UploadedBy: by, UploadedAt: now})
	}
	return out
}

// kindLabels is a list of kinds for a {@@kinds} placeholder: each its label doc.<kind>,
// which a page translates and the REST text shows as the kind itself.
func kindLabels(kinds []DocumentKind) string {
	s := make([]string, len(kinds))
	for i, k := range kinds {
		s[i] = "doc." + string(k)
	}
	return strings.Join(s, ",")
}

func joinKinds(kinds []DocumentKind) string {
	s := make([]string, len(kinds))
	for i, k := range kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// withFiles is the note of a step that brought files, followed by their names, so that the
// case's timeline and the audit log say what was submitted, not only that it was.
func withFiles(note *Text, docs []Document) *Text {
	return filesAfter(Msg("step.with_files"), note, docs)
}

// newsWithFiles is a notification's body followed by the names of the files it tells of.
func newsWithFiles(body *Text, docs []Document) *Text {
	return filesAfter(Msg("notify.with_files"), body, docs)
}

// filesAfter is text shown in frame (its {@note}) with the names of docs (its {files});
// text alone when there are none.
func filesAfter(frame, text *Text, docs []Document) *Text {
	if len(docs) == 0 {
		return text
	}
	names := make([]string, len(docs))
	for i, d := range docs {
		names[i] = d.Filename
	}
	frame.Args = map[string]string{"files": strings.Join(names, ", ")}
	return nest(frame, "note", text)
}
