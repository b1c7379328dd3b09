package models

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// QualityStatus is where a quality case (품질관리 정기점검) stands: one case per service
// and year, from the request for the quality report (품질보고서) to the outcome.
type QualityStatus string

// Quality case statuses.
const (
	QualityReportRequested QualityStatus = "report_requested" // 품질보고서 제출요청
	QualityReportSubmitted QualityStatus = "report_submitted" // 제출 또는 미제출 지적: 사전검토 대기
	QualityPreReviewed     QualityStatus = "pre_reviewed"     // 사전검토 완료: 서면점검 대기
	QualityInspecting      QualityStatus = "inspecting"       // 현장점검 또는 보완 후 재점검
	QualityRemediating     QualityStatus = "remediating"      // 보완조치 (서비스는 계속 등록)
	QualityFit             QualityStatus = "fit"              // 적합
	QualityRereview        QualityStatus = "rereview"         // 재심사
	QualityUnfit           QualityStatus = "unfit"            // 부적합
)

// AllQualityStatuses lists every status, for filters and SQL checks.
var AllQualityStatuses = []QualityStatus{QualityReportRequested, QualityReportSubmitted, QualityPreReviewed,
	QualityInspecting, QualityRemediating, QualityFit, QualityRereview, QualityUnfit}

func (s QualityStatus) String() string { return string(s) }

// Final reports whether no further step can follow.
func (s QualityStatus) Final() bool {
	return s == QualityFit || s == QualityRereview || s == QualityUnfit
}

// ParseQualityStatus accepts the statuses above.
func ParseQualityStatus(s string) (QualityStatus, error) {
	return oneOf(s, AllQualityStatuses, "invalid.quality_status")
}

// QualityOutcome is the inspection team's verdict on one round (고시 제8조).
type QualityOutcome string

// Inspection outcomes.
const (
	QualityOutcomeFit       QualityOutcome = "fit"       // 적합: nothing changes
	QualityOutcomeRemediate QualityOutcome = "remediate" // 보완조치: a deadline, then a new round
	QualityOutcomeRereview  QualityOutcome = "rereview"  // 재심사 사유: expert review and committee again
	QualityOutcomeUnfit     QualityOutcome = "unfit"     // 부적합: removal from the catalog
)

// Finding kinds: what the case holds against the service besides the inspection outcomes.
const (
	QualityFindingNoReport          = "no_report"           // no report by the due date
	QualityFindingReportNotAccepted = "report_not_accepted" // the operator's pre-review found the report wanting
)

// --- identifiers ---------------------------------------------------------------------

var (
	qualityServiceIDPattern = regexp.MustCompile(`^SVC-(\d{4,6})$`)
	qualityCaseIDPattern    = regexp.MustCompile(`^QC-(\d{4})-(\d{4,6})$`)
)

// QualityCaseID names the case of a service in a year: QC-<year>-<the service's number>,
// so that the case, its tasks (models.TaskID) and its workflow are found from each other
// without a lookup. A service ID outside the catalog's SVC-<4–6 digits> keeps its whole ID,
// and its tasks then cannot be routed by ID.
func QualityCaseID(serviceID string, year int) string {
	if m := qualityServiceIDPattern.FindStringSubmatch(serviceID); m != nil {
		return fmt.Sprintf("QC-%d-%s", year, m[1])
	}
	return fmt.Sprintf("QC-%d-%s", year, serviceID)
}

// ParseQualityCaseID returns the service and year of a case ID (QC-2027-0001), or not
// found: the case's workflow is keyed by them (flow.QualityCaseWorkflowID).
func ParseQualityCaseID(caseID string) (serviceID string, year int, err error) {
	m := qualityCaseIDPattern.FindStringSubmatch(caseID)
	if m == nil {
		return "", 0, errQualityCaseNotFound
	}
	year, _ = strconv.Atoi(m[1])
	return "SVC-" + m[2], year, nil
}

// QualityDueService is a catalog service the year's cycle inspects: registered, and
// selected on or before the cycle's cutoff.
type QualityDueService struct {
	ID          string      `json:"id"`
	Name        string      `json:"name"`
	NameEn      string      `json:"name_en,omitempty"`
	Type        ServiceType `json:"type"`
	ProviderOrg string      `json:"provider_org"`
	SelectedOn  Date        `json:"selected_on"`
}

// --- the provider's report -----------------------------------------------------------

// QualityReportInput is the body of POST /services/{id}/quality-reports. The numbers are
// pointers so that a missing field is told apart from zero.
type QualityReportInput struct {
	Summary         string          `json:"summary"`
	AvailabilityPct *float64        `json:"availability_pct"`
	Incidents       *int64          `json:"incidents"`
	Documents       []DocumentInput `json:"documents,omitempty"`
}

// QualityReport is the provider's yearly self-assessment (품질적합성 자가점검 보고서).
type QualityReport struct {
	Summary string `json:"summary"`
	// AvailabilityPct is the service's measured availability over the year, in hundredths
	// of a percent so that 99.95 compares exactly.
	AvailabilityPct Points     `json:"availability_pct"`
	Incidents       int64      `json:"incidents"`
	Documents       []Document `json:"documents"`
	SubmittedAt     time.Time  `json:"submitted_at"`
	SubmittedBy     string     `json:"submitted_by"`
}

// MaxIncidents bounds the incident count of one report.
const MaxIncidents = 1_000_000

// parseQualityReport validates a report; documents are references, validated as an
// application's are.
func parseQualityReport(in QualityReportInput, by string, now time.Time) (QualityReport, error) {
	var fe Fields
	r := QualityReport{Summary: strings.TrimSpace(in.Summary), SubmittedAt: now, SubmittedBy: by}
	if err := checkText(r.Summary, 1, 4000); err != nil {
		fe.AddErr("summary", err)
	}
	switch f := in.AvailabilityPct; {
	case f == nil:
		fe.AddText("availability_pct", Msg("invalid.required"))
	case math.IsNaN(*f) || *f < 0 || *f > 100:
		fe.AddText("availability_pct", Msg("invalid.availability_percentage", "min", "0", "max", "100"))
	default:
		p, err := ParsePoints(*f)
		if err != nil {
			fe.AddErr("availability_pct", err)
		}
		r.AvailabilityPct = p
	}
	switch n := in.Incidents; {
	case n == nil:
		fe.AddText("incidents", Msg("invalid.incidents_required", "zero", "0"))
	case *n < 0 || *n > MaxIncidents:
		fe.AddText("incidents", Msg("invalid.incidents_count", "min", "0", "max", itoa(MaxIncidents)))
	default:
		r.Incidents = *n
	}
	r.Documents = parseDocuments("documents", in.Documents, AllDocumentKinds, by, now, &fe)
	if err := fe.Err(); err != nil {
		return QualityReport{}, err
	}
	return r, nil
}

// --- the operator's pre-review -------------------------------------------------------

// PreReviewInput is the operator's pre-review (사전검토) of the report.
type PreReviewInput struct {
	Accepted *bool  `json:"accepted"`
	Note     string `json:"note,omitempty"`
}

// PreReview is the recorded pre-review.
type PreReview struct {
	Accepted bool      `json:"accepted"`
	Note     string    `json:"note,omitempty"`
	By       string    `json:"by"`
	At       time.Time `json:"at"`
}

func (in PreReviewInput) validate(hasReport bool) error {
	var fe Fields
	note := strings.TrimSpace(in.Note)
	switch {
	case in.Accepted == nil:
		fe.AddText("accepted", Msg("invalid.agreed_required"))
	case *in.Accepted && !hasReport:
		fe.AddText("accepted", Msg("invalid.pre_review_no_report"))
	case !*in.Accepted && note == "":
		fe.AddText("note", Msg("invalid.pre_review_note_lacks"))
	}
	checkNote(&fe, "note", note)
	return fe.Err()
}

// --- the inspection ------------------------------------------------------------------

// QualityInspectionInput is the inspection team's record of a round (the
// quality_inspection task). An empty outcome with on_site asks for an on-site inspection
// (현장점검) before the verdict; with an outcome, on_site records that the round was held
// on site. TaskID, when given, must be the round's open task.
type QualityInspectionInput struct {
	TaskID  string `json:"task_id,omitempty"`
	Outcome string `json:"outcome"`
	Reason  string `json:"reason,omitempty"`
	Due     string `json:"due,omitempty"`
	OnSite  bool   `json:"on_site,omitempty"`
}

// QualityInspectionFromTask reads a quality_inspection task completion of the inbox.
func QualityInspectionFromTask(taskID string, b TaskCompletion) QualityInspectionInput {
	return QualityInspectionInput{TaskID: taskID, Outcome: b.Outcome, Reason: b.Reason, Due: b.Due, OnSite: b.OnSite}
}

// QualityInspection is one round's verdict.
type QualityInspection struct {
	Round   int            `json:"round"`
	Outcome QualityOutcome `json:"outcome"`
	Reason  string         `json:"reason,omitempty"`
	Due     *Date          `json:"due,omitempty"`
	OnSite  bool           `json:"on_site"`
	By      string         `json:"by"`
	At      time.Time      `json:"at"`
}

// QualityFinding is a shortcoming the case records outside a verdict.
type QualityFinding struct {
	Kind string    `json:"kind"`
	Note string    `json:"note"`
	By   string    `json:"by"`
	At   time.Time `json:"at"`
	// NoteText is Note keyed, for a note the system wrote, so that a page shows it in its
	// language; absent for a note a person typed and in findings recorded before.
	NoteText *Text `json:"note_text,omitempty"`
}

// parseQualityInspection validates a round's record on the Seoul date today. A remediation
// due date must leave at least until the end of tomorrow and fall within maxDays, the
// rule's maximum as the case holds it.
func parseQualityInspection(in QualityInspectionInput, now time.Time, maxDays int) (QualityOutcome, string, *Date, error) {
	var fe Fields
	outcome := QualityOutcome(strings.TrimSpace(in.Outcome))
	reason := strings.TrimSpace(in.Reason)
	due := strings.TrimSpace(in.Due)
	checkNote(&fe, "reason", reason)
	var dueDate *Date
	switch outcome {
	case "":
		if !in.OnSite {
			fe.AddText("outcome", Msg("invalid.quality_outcome_required"))
		}
	case QualityOutcomeFit, QualityOutcomeRereview, QualityOutcomeUnfit:
		if outcome != QualityOutcomeFit && reason == "" {
			fe.AddText("reason", Msg("invalid.quality_reason_required_for_outcome", "outcome", string(outcome)))
		}
	case QualityOutcomeRemediate:
		if reason == "" {
			fe.AddText("reason", Msg("invalid.quality_remediation_reason"))
		}
		today := DateOf(now)
		switch d, err := ParseDate(due); {
		case due == "":
			fe.AddText("due", Msg("invalid.quality_due_required"))
		case err != nil:
			fe.AddErr("due", err)
		case !d.After(today.Time):
			fe.AddText("due", Msg("invalid.quality_due_after_today", "today", today.String()))
		case d.After(today.AddDate(0, 0, maxDays)):
			fe.AddText("due", Msg("invalid.within_days", "days", itoa(int64(maxDays))))
		default:
			dueDate = &d
		}
	default:
		fe.AddText("outcome", Msg("invalid.quality_outcome"))
	}
	if due != "" && outcome != QualityOutcomeRemediate {
		fe.AddText("due", Msg("invalid.quality_due_only_remediation"))
	}
	return outcome, reason, dueDate, fe.Err()
}
