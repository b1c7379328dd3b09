package web

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/dsmarket/dsmarket/models"
)

// The golden cases of the quality cases' pages.

// qualityGoldenCases: the quality cases' pages, from the report to the remediation.
func qualityGoldenCases() []goldenCase {
	var cs []goldenCase
	add := func(name, tmpl string, p page, check func(*testing.T, string, *html.Node)) {
		cs = append(cs, goldenCase{name: name, tmpl: tmpl, p: p, check: check})
	}

	// Quality: the provider's report form refused, and the operator's pre-review of a
	// case whose report did not come (a finding).
	qc := &models.QualityCase{ID: "QC-2026-0001", WorkflowID: "quality-SVC-0001-2026", Year: 2026,
		Status: models.QualityReportRequested, ServiceID: "SVC-0001", ServiceName: "한빛 민원 접수 클라우드",
		ProviderOrg: "PV-0001", SelectedOn: date("2024-01-10"), ReportDue: date("2026-12-26"),
		ReportDeadline: at(27, 0, 0), OpenedAt: at(26, 9, 0), Findings: []models.QualityFinding{},
		Steps: []models.Step{{At: at(26, 9, 0), Actor: models.SystemActor, Action: models.ActionQualityReportRequested,
			Status: string(models.QualityReportRequested), Note: "report due 2026-12-26"}},
		Pins: fxPins(models.RuleQualityReportDays, "30")}
	p := fxPage(langKO, fxProvider, "h.qualitycase", "/ui/quality/QC-2026-0001")
	p.Form = fxForm(url.Values{"summary": {"연간 가용성"}, "availability_pct": {"abc"}},
		models.FieldError{Field: "availability_pct", Message: "must be a number"})
	p.Data = qualityView{Case: qc, CanReport: true, Action: "report", fileRows: fileRows{DocumentKinds: models.QualityDocumentKinds, DocumentRows: []int{0, 1, 2},
		MaxMiB: models.MaxUploadBytes >> 20}}
	add("quality_report_errors", "quality_case", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `action="/ui/quality/QC-2026-0001/report"`, `id="e-availability_pct">must be a number<`,
			`<script src="/ui/static/upload.js" defer></script>`,
			`data-status="report_requested">보고서 제출요청<`, `<code>quality.report_days@2024-01-01</code></a> = <strong>30</strong> <span class="muted">품질 보고서 제출 기한</span>`)
		// A report's files are of the quality process, not an application's forms.
		mustContain(t, body, `<option value="quality_report">품질적합성 자가점검 보고서</option>`)
		mustNotContain(t, body, `<option value="application_form">`)
	})
	missed := *qc
	missed.Status, missed.Pins = models.QualityReportSubmitted, nil
	missed.Findings = []models.QualityFinding{{Kind: models.QualityFindingNoReport, Note: "no report by 2026-12-26", By: "dsmarket", At: at(27, 0, 0)}}
	p = fxPage(langEN, fxOperator, "h.qualitycase", "/ui/quality/QC-2026-0001")
	p.Form = fxForm(nil)
	p.Data = qualityView{Case: &missed, CanPreReview: true, fileRows: fileRows{DocumentKinds: models.QualityDocumentKinds, DocumentRows: []int{0, 1, 2}}}
	add("quality_prereview_en", "quality_case", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `action="/ui/quality/QC-2026-0001/prereview"`, `No report by the due date`,
			`id="quality-rules-current">Started before cases kept their rule versions: follows the current rule table.<`)
		mustNotContain(t, body, `/report"`)
	})
	// A finding the system keyed reads in the page's language.
	keyed := missed
	note := models.Msg("quality.report_missing", "due", "2026-12-26")
	keyed.Findings = []models.QualityFinding{{Kind: models.QualityFindingNoReport, Note: note.English(), NoteText: note, By: "dsmarket", At: at(27, 0, 0)}}
	p = fxPage(langKO, fxOperator, "h.qualitycase", "/ui/quality/QC-2026-0001")
	p.Form = fxForm(nil)
	p.Data = qualityView{Case: &keyed, CanPreReview: true, fileRows: fileRows{DocumentKinds: models.QualityDocumentKinds, DocumentRows: []int{0, 1, 2}}}
	add("quality_prereview_keyed_finding_ko", "quality_case", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `제출기한 2026-12-26까지 품질보고서가 제출되지 않음 (Asia/Seoul)`)
		mustNotContain(t, body, `no quality report by`)
	})
	// The operator's pre-review of a report that came with an uploaded file: the file is
	// opened from the case.
	reported := *qc
	reported.Status, reported.Pins = models.QualityReportSubmitted, nil
	reported.Report = &models.QualityReport{Summary: "연간 가용성 99.95%, 장애 2건", AvailabilityPct: 9995, Incidents: 2,
		SubmittedAt: at(28, 10, 0), SubmittedBy: "jung.provider", Documents: []models.Document{{Kind: models.DocSLAPolicy,
			DocumentID: "DOC-0123456789abcdef0123456789abcdef", Filename: "가용성.pdf", SHA256: strings.Repeat("ab", 32),
			UploadedBy: "jung.provider", UploadedAt: at(28, 9, 58)}}}
	p = fxPage(langKO, fxOperator, "h.qualitycase", "/ui/quality/QC-2026-0001")
	p.Form = fxForm(nil)
	p.Data = qualityView{Case: &reported, CanPreReview: true, fileRows: fileRows{DocumentKinds: models.QualityDocumentKinds, DocumentRows: []int{0, 1, 2}}}
	add("quality_prereview_report", "quality_case", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `action="/ui/quality/QC-2026-0001/prereview"`,
			`<a href="/ui/documents/DOC-0123456789abcdef0123456789abcdef" data-document="DOC-0123456789abcdef0123456789abcdef">가용성.pdf</a>`,
			`<td>서비스 수준(SLA) 정책</td>`)
		mustNotContain(t, body, `/report"`)
	})
	// The provider's remediation form of a case whose first round asked for one, and the
	// second round it opened as the auditor reads it, with the report's file.
	remediating := reported
	remediating.Status, remediating.Round = models.QualityRemediating, 1
	rdue := date("2027-01-31")
	rdeadline := time.Date(2027, 2, 1, 0, 0, 0, 0, models.Seoul)
	remediating.RemediationDue, remediating.RemediationDeadline = &rdue, &rdeadline
	remediating.Inspections = []models.QualityInspection{{Round: 1, Outcome: models.QualityOutcomeRemediate,
		Reason: "백업 복구 훈련 미실시", Due: &rdue, By: "park.operator", At: at(29, 10, 0)}}
	for _, lang := range []string{langKO, langEN} {
		p = fxPage(lang, fxProvider, "h.qualitycase", "/ui/quality/QC-2026-0001")
		p.Form = fxForm(nil)
		p.Data = qualityView{Case: &remediating, CanRemediate: true, fileRows: fileRows{DocumentKinds: models.QualityDocumentKinds, DocumentRows: []int{0, 1, 2},
			MaxMiB: models.MaxUploadBytes >> 20}}
		add("quality_remediation_form_"+lang, "quality_case", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `action="/ui/quality/QC-2026-0001/remediation"`, translate(lang, "msg.remediation"),
				`<script src="/ui/static/upload.js" defer></script>`)
			mustNotContain(t, body, `/report"`, `id="quality-remediations"`)
		})
	}
	reinspecting := remediating
	reinspecting.Status, reinspecting.Round = models.QualityInspecting, 2
	reinspecting.Remediations = []models.RemediationReport{{Round: 1, Summary: "분기 복구 훈련을 시행했습니다", By: "jung.provider",
		At: at(30, 14, 0), Documents: []models.Document{{Kind: models.DocSLAPolicy, DocumentID: "DOC-fedcba9876543210fedcba9876543210",
			Filename: "복구훈련.pdf", SHA256: strings.Repeat("cd", 32), UploadedBy: "jung.provider", UploadedAt: at(30, 13, 58)}}}}
	p = fxPage(langKO, fxAuditor, "h.qualitycase", "/ui/quality/QC-2026-0001")
	p.Form = fxForm(nil)
	p.Data = qualityView{Case: &reinspecting}
	add("quality_remediation_reported", "quality_case", p, func(t *testing.T, body string, doc *html.Node) {
		row := findOne(t, doc, `#quality-remediations li[data-round="1"]`)
		if !strings.Contains(textOf(row), "분기 복구 훈련을 시행했습니다") || len(find(row, `a[data-document="DOC-fedcba9876543210fedcba9876543210"]`)) != 1 {
			t.Error("the remediation report or its file is not shown")
		}
		mustNotContain(t, body, `/remediation"`)
	})

	p = fxPage(langKO, fxAuditor, "h.quality", "/ui/quality")
	p.Data = qualityListView{Cases: []models.QualityCase{missed}}
	add("quality_cases_auditor", "quality_cases", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `href="/ui/quality/QC-2026-0001"`, `<td>사전검토 대기</td>`)
	})
	return cs
}
