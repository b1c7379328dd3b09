package models

import (
	"slices"
	"strings"
	"time"
)

// QualityCase is the state of one regular inspection (정기점검) of one service in one
// year (Process 4). The workflow owns it; the API shows it; the PostgreSQL projection is a
// copy for lists. Every change goes through a method below, which checks who may act, in
// which state, with which input, and records a Step with who, when and why; each has a
// Check twin that the workflow's Update validator calls.
type QualityCase struct {
	ID          string        `json:"id"`
	WorkflowID  string        `json:"workflow_id"`
	Year        int           `json:"year"`
	Status      QualityStatus `json:"status"`
	ServiceID   string        `json:"service_id"`
	ServiceName string        `json:"service_name"`
	// ServiceNameEn is the catalog's English name of the service when the case opened (empty
	// when it had none), for the texts an English reader reads (ServiceNameArgs).
	ServiceNameEn string      `json:"service_name_en,omitempty"`
	ServiceType   ServiceType `json:"service_type,omitempty"`
	ProviderOrg   string      `json:"provider_org"`
	SelectedOn    Date        `json:"selected_on"`
	// ReportDeadline is the instant the report window closes: the end of ReportDue.
	ReportDue      Date             `json:"report_due"`
	ReportDeadline time.Time        `json:"report_deadline"`
	Report         *QualityReport   `json:"report,omitempty"`
	Findings       []QualityFinding `json:"findings"`
	PreReviewDueAt *time.Time       `json:"prereview_due_at,omitempty"`
	PreReviewed    *PreReview       `json:"prereview,omitempty"`
	// Round counts the inspection rounds: 1 after the pre-review, one more after each
	// remediation. OnSite says the current round was asked to be held on site.
	Round       int                 `json:"round"`
	OnSite      bool                `json:"on_site"`
	Inspections []QualityInspection `json:"inspections"`
	// RemediationDeadline is the end of RemediationDue, when the next round opens.
	RemediationDue      *Date      `json:"remediation_due,omitempty"`
	RemediationDeadline *time.Time `json:"remediation_deadline,omitempty"`
	// Remediations are the provider's reports of the remediations it made, one a round
	// whose verdict asked for one (quality_remediation.go).
	Remediations []RemediationReport `json:"remediations,omitempty"`
	// Reason says why the case ended as it did.
	Reason   string     `json:"reason,omitempty"`
	OpenedAt time.Time  `json:"opened_at"`
	ClosedAt *time.Time `json:"closed_at,omitempty"`
	Tasks    []Task     `json:"tasks"`
	Steps    []Step     `json:"steps"`
	// Pins are the rule versions the case started under (nil for cases started before
	// cases pinned them, which read the table at each step) and the sandbox's time scale.
	Pins *CasePins `json:"pins,omitempty"`
}

// Quality case actions, as the audit trail names them.
const (
	ActionQualityReportRequested     = "quality_report_requested"
	ActionQualityReportSubmitted     = "quality_report_submitted"
	ActionQualityReportMissing       = "quality_report_missing"
	ActionQualityPreReviewed         = "prereviewed"
	ActionQualityOnSiteRequested     = "on_site_inspection_requested"
	ActionQualityInspected           = "inspected"
	ActionQualityReinspectionOpened  = "reinspection_opened"
	ActionQualityRemediationReported = "remediation_reported"
)

// NewQualityCase opens the year's case of a service: the provider is asked for the report
// by the end of the rule's number of days from now.
func NewQualityCase(svc QualityDueService, year int, workflowID string, now time.Time) *QualityCase {
	now = now.In(Seoul)
	c := &QualityCase{
		ID: QualityCaseID(svc.ID, year), WorkflowID: workflowID, Year: year,
		Status: QualityReportRequested, ServiceID: svc.ID, ServiceName: svc.Name, ServiceNameEn: svc.NameEn, ServiceType: svc.Type,
		ProviderOrg: svc.ProviderOrg, SelectedOn: svc.SelectedOn, OpenedAt: now,
		Findings: []QualityFinding{}, Inspections: []QualityInspection{}, Tasks: []Task{}, Steps: []Step{},
	}
	c.ReportDue, c.ReportDeadline = c.Pins.Window(now, c.Pins.Int(RuleQualityReportDays, now))
	c.Steps = append(c.Steps, c.reportRequested())
	return c
}

// reportRequested is the case's opening step, which names the report's due date.
func (c *QualityCase) reportRequested() Step {
	return keyedStep(c.OpenedAt, SystemActor, ActionQualityReportRequested, string(QualityReportRequested),
		Msg("quality.report_requested", "year", itoa(int64(c.Year)), "selected", c.SelectedOn.String(), "due", c.ReportDue.String()))
}

// Version counts the changes so far; projections keep the highest version they saw.
func (c *QualityCase) Version() int { return len(c.Steps) }

func (c *QualityCase) record(now time.Time, by Actor, action string, note *Text) {
	c.Steps = append(c.Steps, keyedStep(now, by, action, string(c.Status), note))
}

func (c *QualityCase) close(now time.Time, by Actor, status QualityStatus, note *Text) {
	c.Status = status
	c.Reason = note.English()
	t := now
	c.ClosedAt = &t
	for i := range c.Tasks {
		if c.Tasks[i].Status == TaskOpen {
			c.Tasks[i].end(TaskCancelled, now, "", Msg("task.note.quality_closed", "status", "status."+string(status)))
		}
	}
	c.record(now, by, ActionQualityInspected, note)
}

// VisibleTo reports whether an actor may see this case at all: the operator and auditors
// see every case, a provider its own services' cases. Others get "not found".
func (c *QualityCase) VisibleTo(x Actor) bool {
	switch x.Role {
	case RoleOperator, RoleAuditor:
		return true
	case RoleProvider:
		return x.Org == c.ProviderOrg
	}
	return false
}

var errQualityCaseNotFound = Refuse(ENOTFOUND, Msg("error.quality_case_not_found"))

func (c *QualityCase) may(x Actor, role Role) error {
	if !c.VisibleTo(x) {
		return errQualityCaseNotFound
	}
	switch {
	case role == RoleProvider && (x.Role != RoleProvider || x.Org != c.ProviderOrg):
		return Refuse(EFORBIDDEN, Msg("error.quality_provider_only"))
	case x.Role != role:
		return Refuse(EFORBIDDEN, Msg("error.quality_role_only", "role", "role."+string(role)))
	}
	return nil
}

// OpenInspectionTask returns the open quality_inspection task of the current round.
func (c *QualityCase) OpenInspectionTask() (Task, bool) {
	i := c.openTaskIndex()
	if i < 0 {
		return Task{}, false
	}
	return c.Tasks[i], true
}

func (c *QualityCase) openTaskIndex() int {
	return slices.IndexFunc(c.Tasks, func(t Task) bool { return t.Kind == TaskQualityInspection && t.Status == TaskOpen })
}

func (c *QualityCase) openInspectionTask(now time.Time) {
	title := Msg("task.title.quality_inspection",
		append([]string{"year", itoa(int64(c.Year)), "round", itoa(int64(c.Round))}, c.serviceName()...)...)
	c.Tasks = append(c.Tasks, Task{
		ID: TaskID(c.ID, len(c.Tasks)+1), Kind: TaskQualityInspection, CaseType: "quality", CaseID: c.ID,
		WorkflowID: c.WorkflowID, Assignee: Assignee{Role: RoleOperator},
		Title:     titleOf(title),
		TitleText: title,
		DueAt:     c.dueIn(now, RuleQualityInspectionDays),
		CreatedAt: now.In(Seoul), Status: TaskOpen,
	})
}

// --- the provider's report -----------------------------------------------------------

// CheckSubmitReport validates a report without changing anything.
func (c *QualityCase) CheckSubmitReport(now time.Time, x Actor, in QualityReportInput) error {
	_, err := c.submitReport(now, x, in)
	return err
}

// SubmitReport records the provider's report; the operator pre-reviews it next.
func (c *QualityCase) SubmitReport(now time.Time, x Actor, in QualityReportInput) error {
	return commit(c.submitReport(now.In(Seoul), x, in))
}

func (c *QualityCase) submitReport(now time.Time, x Actor, in QualityReportInput) (func(), error) {
	if err := c.may(x, RoleProvider); err != nil {
		return nil, err
	}
	if c.Status != QualityReportRequested {
		return nil, Conflict("submit the quality report", c.Status)
	}
	if !now.Before(c.ReportDeadline) {
		return nil, Refuse(ECONFLICT, Msg("error.due_passed", "action", "do.submit_the_quality_report", "due", c.ReportDue.String()))
	}
	r, err := parseQualityReport(in, x.Sub, now)
	if err != nil {
		return nil, err
	}
	return func() {
		c.Report = &r
		c.awaitPreReview(now)
		c.record(now, x, ActionQualityReportSubmitted,
			Msg("quality.report_submitted", "availability", r.AvailabilityPct.String(),
				"incidents", itoa(int64(r.Incidents)), "documents", itoa(int64(len(r.Documents)))))
	}, nil
}

func (c *QualityCase) awaitPreReview(now time.Time) {
	c.Status = QualityReportSubmitted
	due := c.dueIn(now, RuleQualityPreReviewDays)
	c.PreReviewDueAt = &due
}

// MissReport records, at the end of the due date, that no report came: a finding, and the
// case goes to the operator's pre-review with it. Earlier, or once a report is in, it
// changes nothing and returns false.
func (c *QualityCase) MissReport(now time.Time) bool {
	now = now.In(Seoul)
	if c.Status != QualityReportRequested || now.Before(c.ReportDeadline) {
		return false
	}
	note := Msg("quality.report_missing", "due", c.ReportDue.String())
	c.Findings = append(c.Findings, QualityFinding{Kind: QualityFindingNoReport, Note: note.English(), NoteText: note,
		By: SystemActor.Sub, At: now})
	c.awaitPreReview(now)
	c.record(now, SystemActor, ActionQualityReportMissing, note)
	return true
}

// --- the operator's pre-review -------------------------------------------------------

// CheckPreReview validates a pre-review without changing anything.
func (c *QualityCase) CheckPreReview(now time.Time, x Actor, in PreReviewInput) error {
	_, err := c.preReview(now, x, in)
	return err
}

// PreReview records the operator's pre-review and opens the first inspection round. A
// report found wanting is a finding for the inspectors, not a return to the provider: the
// regulation inspects every service once a year whatever its report says.
func (c *QualityCase) PreReview(now time.Time, x Actor, in PreReviewInput) error {
	return commit(c.preReview(now.In(Seoul), x, in))
}

func (c *QualityCase) preReview(now time.Time, x Actor, in PreReviewInput) (func(), error) {
	if err := c.may(x, RoleOperator); err != nil {
		return nil, err
	}
	if c.Status != QualityReportSubmitted {
		return nil, Conflict("pre-review the quality report", c.Status)
	}
	if err := in.validate(c.Report != nil); err != nil {
		return nil, err
	}
	return func() {
		note := strings.TrimSpace(in.Note)
		c.PreReviewed = &PreReview{Accepted: *in.Accepted, Note: note, By: x.Sub, At: now}
		if !*in.Accepted {
			c.Findings = append(c.Findings, QualityFinding{Kind: QualityFindingReportNotAccepted, Note: note, By: x.Sub, At: now})
		}
		c.Status = QualityPreReviewed
		c.Round = 1
		c.openInspectionTask(now)
		key := "quality.report_accepted"
		if !*in.Accepted {
			key = "quality.report_not_accepted"
		}
		text := Msg("quality.pre_reviewed", "verdict", key)
		if note != "" {
			text = Msg("quality.pre_reviewed_note", "verdict", key, "note", note)
		}
		c.record(now, x, ActionQualityPreReviewed, text)
	}, nil
}

// --- the inspection ------------------------------------------------------------------

// CheckInspect validates an inspection record without changing anything.
func (c *QualityCase) CheckInspect(now time.Time, x Actor, in QualityInspectionInput) error {
	_, err := c.inspect(now, x, in)
	return err
}

// Inspect records the round's verdict (fit, remediate, rereview, unfit) or, with no
// outcome and on_site, that the round continues on site.
func (c *QualityCase) Inspect(now time.Time, x Actor, in QualityInspectionInput) error {
	return commit(c.inspect(now.In(Seoul), x, in))
}

func (c *QualityCase) inspect(now time.Time, x Actor, in QualityInspectionInput) (func(), error) {
	if err := c.may(x, RoleOperator); err != nil {
		return nil, err
	}
	if in.TaskID != "" {
		j := slices.IndexFunc(c.Tasks, func(t Task) bool { return t.ID == in.TaskID })
		if j < 0 {
			return nil, TaskNotFound()
		}
		if c.Tasks[j].Status != TaskOpen {
			return nil, TaskClosed(in.TaskID, c.Tasks[j].Status)
		}
	}
	i := c.openTaskIndex()
	if (c.Status != QualityPreReviewed && c.Status != QualityInspecting) || i < 0 {
		return nil, Conflict("record an inspection", c.Status)
	}
	outcome, reason, due, err := parseQualityInspection(in, now, c.Pins.Int(RuleQualityRemediationMaxDays, now))
	if err != nil {
		return nil, err
	}
	if outcome == "" && c.OnSite {
		return nil, Refuse(ECONFLICT, Msg("error.quality_on_site_under_way", "round", itoa(int64(c.Round))))
	}
	return func() {
		if outcome == "" {
			c.OnSite = true
			c.Status = QualityInspecting
			c.Tasks[i].DueAt = c.dueIn(now, RuleQualityInspectionDays)
			note := Msg("quality.on_site_continues")
			if reason != "" {
				note = verbatim(reason) // as the operator typed it
			}
			c.record(now, x, ActionQualityOnSiteRequested, note)
			return
		}
		onSite := c.OnSite || in.OnSite
		c.Tasks[i].end(TaskDone, now, x.Sub, Msg("task.note.outcome", "outcome", outcomeKey(outcome)))
		c.Inspections = append(c.Inspections, QualityInspection{Round: c.Round, Outcome: outcome, Reason: reason,
			Due: due, OnSite: onSite, By: x.Sub, At: now})
		note := inspectedText(c.Round, onSite, outcome, reason, due)
		switch outcome {
		case QualityOutcomeFit:
			c.close(now, x, QualityFit, note)
		case QualityOutcomeRereview:
			c.close(now, x, QualityRereview, note)
		case QualityOutcomeUnfit:
			c.close(now, x, QualityUnfit, note)
		case QualityOutcomeRemediate:
			// In the sandbox the wait until the end of the due date runs faster too.
			deadline := c.Pins.Shorten(now, due.EndOfDay())
			c.Status = QualityRemediating
			c.RemediationDue, c.RemediationDeadline = due, &deadline
			c.record(now, x, ActionQualityInspected, note)
		}
	}, nil
}

// Reinspect opens the next round at the end of the remediation due date; the service
// stayed listed meanwhile. Earlier, or in another status, it changes nothing.
func (c *QualityCase) Reinspect(now time.Time) bool {
	now = now.In(Seoul)
	if c.Status != QualityRemediating || c.RemediationDeadline == nil || now.Before(*c.RemediationDeadline) {
		return false
	}
	c.nextRound(now)
	c.record(now, SystemActor, ActionQualityReinspectionOpened, Msg("quality.reinspection",
		"due", c.RemediationDue.String(), "round", itoa(int64(c.Round))))
	return true
}

// nextRound opens the inspection round after a remediation, in writing until the
// inspectors ask for a visit.
func (c *QualityCase) nextRound(now time.Time) {
	c.Status = QualityInspecting
	c.Round++
	c.OnSite = false
	c.openInspectionTask(now)
}

// inspectedText is the note of a round's verdict: the round, in writing or on site, the
// outcome, the reason if one was given, and for a remediation its due date.
func inspectedText(round int, onSite bool, outcome QualityOutcome, reason string, due *Date) *Text {
	where := Msg("quality.in_writing")
	if onSite {
		where = Msg("quality.on_site")
	}
	var key string
	switch {
	case outcome == QualityOutcomeRemediate && reason != "":
		key = "quality.inspected_remediate_reason"
	case outcome == QualityOutcomeRemediate:
		key = "quality.inspected_remediate"
	case reason != "":
		key = "quality.inspected_reason"
	default:
		key = "quality.inspected"
	}
	pairs := []string{"round", itoa(int64(round)), "outcome", outcomeKey(outcome)}
	if reason != "" {
		pairs = append(pairs, "reason", reason)
	}
	if outcome == QualityOutcomeRemediate {
		pairs = append(pairs, "due", due.String())
	}
	return nest(Msg(key, pairs...), "where", where)
}

// outcomeKey is the label of an inspection's outcome.
func outcomeKey(o QualityOutcome) string { return "quality.outcome." + string(o) }
