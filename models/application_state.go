package models

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Application is the state of one application for selection (Process 1). The workflow
// owns it; the API shows it; the PostgreSQL projection is a copy for lists. Every change
// goes through a method below, which checks who may act, in which state, with which
// input, and records a Step with who, when and why.
type Application struct {
	ID                  string             `json:"id"`
	WorkflowID          string             `json:"workflow_id"`
	Status              ApplicationStatus  `json:"status"`
	Service             ApplicationService `json:"service"`
	Provider            Applicant          `json:"provider"`
	Broker              bool               `json:"broker"`
	SchoolEducationOnly bool               `json:"school_education_only"`
	AppliedAt           time.Time          `json:"applied_at"`
	AppliedBy           string             `json:"applied_by"`
	Eligibility         Eligibility        `json:"eligibility"`
	RequiredKinds       []DocumentKind     `json:"required_kinds"`
	MissingKinds        []DocumentKind     `json:"missing_kinds"`
	Documents           []Document         `json:"documents"`
	// SupplementDeadline is when an open supplement request lapses (the end of its due date).
	SupplementDue      *Date               `json:"supplement_due,omitempty"`
	SupplementDeadline *time.Time          `json:"supplement_deadline,omitempty"`
	Experts            []string            `json:"experts"`
	Reviews            []ExpertReview      `json:"reviews"`
	SiteVisitRequested bool                `json:"site_visit_requested"`
	SiteVisit          *SiteVisitReport    `json:"site_visit,omitempty"`
	ReviewReport       string              `json:"review_report,omitempty"`
	Session            *SessionRef         `json:"session,omitempty"`
	Votes              []CommitteeVote     `json:"votes"`
	Decisions          []CommitteeDecision `json:"decisions"`
	NoticeNo           string              `json:"notice_no,omitempty"`
	ServiceID          string              `json:"service_id,omitempty"`
	SelectedOn         *Date               `json:"selected_on,omitempty"`
	Reason             string              `json:"reason,omitempty"`
	ClosedAt           *time.Time          `json:"closed_at,omitempty"`
	Tasks              []Task              `json:"tasks"`
	Steps              []Step              `json:"steps"`
}

// Application step actions, as the audit trail names them.
const (
	ActionApplied            = "applied"
	ActionEligibilityChecked = "eligibility_checked"
	ActionSupplementRequest  = "supplement_requested"
	ActionSupplemented       = "documents_supplemented"
	ActionDocumentsAccepted  = "documents_accepted"
	ActionReturned           = "returned"
	ActionExpertsAssigned    = "experts_assigned"
	ActionReviewed           = "expert_reviewed"
	ActionSiteVisitRequested = "site_visit_requested"
	ActionSiteVisitReported  = "site_visit_reported"
	ActionReviewClosed       = "review_closed"
	ActionJoinedSession      = "joined_session"
	ActionLeftSession        = "left_session"
	ActionRecused            = "recused"
	ActionVoted              = "voted"
	ActionDecided            = "committee_decided"
	ActionRegistered         = "registered"
	ActionWithdrawn          = "withdrawn"
	ActionReminded           = "reminded"
)

// ApplicationWorkflowID is the business key of an application's workflow.
func ApplicationWorkflowID(id string) string { return "application-" + id }

// NewApplication opens an application: eligibility first (an ineligible provider's case
// ends at once, with the reason), then the documents the service type and flags require
// (missing ones are asked for at once, with a deadline), else the operator's document check.
func NewApplication(id string, req ApplicationRequest, by Actor, now time.Time) *Application {
	now = now.In(Seoul)
	a := &Application{
		ID: id, WorkflowID: ApplicationWorkflowID(id), Status: AppDocumentCheck,
		Service: req.Service, Provider: req.Provider, Broker: req.Broker, SchoolEducationOnly: req.SchoolEducationOnly,
		AppliedAt: now, AppliedBy: by.Sub, Documents: req.Documents,
		RequiredKinds: RequiredDocuments(req.Service.Type, req.Broker, req.SchoolEducationOnly),
		Experts:       []string{}, Reviews: []ExpertReview{}, Votes: []CommitteeVote{}, Decisions: []CommitteeDecision{},
		Tasks: []Task{}, Steps: []Step{},
	}
	a.MissingKinds = MissingDocuments(a.RequiredKinds, a.Documents)
	a.record(now, by, ActionApplied, fmt.Sprintf("%s (%s/%s), %d documents", a.Service.Name, a.Service.Type, a.Service.Subtype, len(a.Documents)))
	a.Eligibility = CheckEligibility(a.Provider, DateOf(now))
	if !a.Eligibility.Eligible {
		a.close(now, SystemActor, AppIneligible, ActionEligibilityChecked, a.Eligibility.Reason)
		return a
	}
	a.record(now, SystemActor, ActionEligibilityChecked, a.Eligibility.Reason)
	if len(a.MissingKinds) > 0 {
		a.requestSupplement(now, SystemActor, a.MissingKinds, "required documents missing")
		return a
	}
	a.openTask(now, TaskDocumentCheck, Assignee{Role: RoleOperator}, RuleDocumentCheckDays, "", "서류 확인 Document check: "+a.Service.Name)
	return a
}

// Version counts the changes so far; projections keep the highest version they saw.
func (a *Application) Version() int { return len(a.Steps) }

func (a *Application) record(now time.Time, by Actor, action, note string) {
	a.Steps = append(a.Steps, Step{At: now.In(Seoul), Actor: by, Action: action, Status: string(a.Status), Note: note})
}

func (a *Application) close(now time.Time, by Actor, status ApplicationStatus, action, reason string) {
	a.Status = status
	a.Reason = reason
	t := now
	a.ClosedAt = &t
	a.cancelOpenTasks(now, "the application is "+string(status))
	a.record(now, by, action, reason)
}

// HasCSAP reports whether a CSAP certificate is among the documents: its security review
// items are then skipped (SPEC.md).
func (a *Application) HasCSAP() bool {
	return slices.ContainsFunc(a.Documents, func(d Document) bool { return d.Kind == DocCSAPCertificate })
}

// VisibleTo reports whether an actor may see this application at all. Reviewers and
// the operator read every application; a provider reads only its own.
func (a *Application) VisibleTo(x Actor) bool {
	switch x.Role {
	case RoleAuditor, RoleOperator, RoleExpert, RoleCommittee:
		return true
	case RoleProvider:
		return x.Org == a.Provider.Org
	}
	return false
}

var errApplicationNotFound = Errorf(ENOTFOUND, "application not found")

// --- tasks -------------------------------------------------------------------------

func (a *Application) openTask(now time.Time, kind TaskKind, to Assignee, dueRule RuleKey, sessionID, title string) {
	due := AddCalendarDays(now, RuleInt(dueRule, now))
	a.openTaskDue(now, kind, to, due, sessionID, title)
}

func (a *Application) openTaskDue(now time.Time, kind TaskKind, to Assignee, due time.Time, sessionID, title string) {
	a.Tasks = append(a.Tasks, Task{
		ID: TaskID(a.ID, len(a.Tasks)+1), Kind: kind, CaseType: "application", CaseID: a.ID,
		WorkflowID: a.WorkflowID, Title: title, Assignee: to, DueAt: due.In(Seoul), CreatedAt: now.In(Seoul),
		Status: TaskOpen, SessionID: sessionID,
	})
}

func (a *Application) cancelOpenTasks(now time.Time, why string) {
	for i := range a.Tasks {
		a.cancelTask(now, i, why)
	}
}

func (a *Application) cancelTask(now time.Time, i int, why string) {
	if a.Tasks[i].Status != TaskOpen {
		return
	}
	t := now.In(Seoul)
	a.Tasks[i].Status, a.Tasks[i].CompletedAt, a.Tasks[i].Note = TaskCancelled, &t, why
}

func (a *Application) finishTask(now time.Time, i int, by Actor, note string) {
	t := now.In(Seoul)
	a.Tasks[i].Status, a.Tasks[i].CompletedAt, a.Tasks[i].CompletedBy, a.Tasks[i].Note = TaskDone, &t, by.Sub, note
}

// OpenTasks returns the tasks still waiting, with Overdue set for now.
func (a *Application) OpenTasks(now time.Time) []Task {
	var out []Task
	for _, t := range a.Tasks {
		if t.Status == TaskOpen {
			t.Overdue = t.IsOverdue(now)
			out = append(out, t)
		}
	}
	return out
}

func (a *Application) taskIndex(id string) int {
	return slices.IndexFunc(a.Tasks, func(t Task) bool { return t.ID == id })
}

// NextReminder returns the earliest due time of an open task not yet reminded.
func (a *Application) NextReminder() (time.Time, bool) {
	var next time.Time
	for _, t := range a.Tasks {
		if t.Status == TaskOpen && t.RemindedAt == nil && (next.IsZero() || t.DueAt.Before(next)) {
			next = t.DueAt
		}
	}
	return next, !next.IsZero()
}

// RemindOverdue marks every open task past its due time as reminded and returns them,
// so that the workflow can tell their assignees. An overdue task stays open: nobody's
// work is dropped by a clock.
func (a *Application) RemindOverdue(now time.Time) []Task {
	var out []Task
	for i := range a.Tasks {
		t := &a.Tasks[i]
		if t.Status == TaskOpen && t.RemindedAt == nil && t.IsOverdue(now) {
			at := now.In(Seoul)
			t.RemindedAt = &at
			out = append(out, *t)
			a.record(now, SystemActor, ActionReminded, fmt.Sprintf("task %s (%s) overdue since %s", t.ID, t.Kind, t.DueAt.Format(time.RFC3339)))
		}
	}
	return out
}

// CompleteTaskInput completes one task. Candidates carries what the system knows of the
// people an assign_experts body names.
type CompleteTaskInput struct {
	TaskID     string            `json:"task_id"`
	Body       TaskCompletion    `json:"body"`
	Candidates []ExpertCandidate `json:"candidates,omitempty"`
}

// CheckCompleteTask validates a task completion without changing anything: the task must
// be this case's (else not found), open (else 409), the caller's (else 403), the case in
// the step the task belongs to (else 409), and the body valid for the kind (else 422).
func (a *Application) CheckCompleteTask(now time.Time, x Actor, in CompleteTaskInput) error {
	_, err := a.completion(now, x, in)
	return err
}

// CompleteTask applies a task completion.
func (a *Application) CompleteTask(now time.Time, x Actor, in CompleteTaskInput) error {
	now = now.In(Seoul) // times are shown with the business offset, +09:00
	apply, err := a.completion(now, x, in)
	if err != nil {
		return err
	}
	apply()
	return nil
}

// completion validates and returns the change to make, so that checking and applying
// share every rule.
func (a *Application) completion(now time.Time, x Actor, in CompleteTaskInput) (func(), error) {
	i := a.taskIndex(in.TaskID)
	if i < 0 || !a.VisibleTo(x) {
		return nil, Errorf(ENOTFOUND, "task not found")
	}
	t := a.Tasks[i]
	if t.Status != TaskOpen {
		return nil, Errorf(ECONFLICT, "task %s is already %s", t.ID, t.Status)
	}
	if !t.AssignedTo(x) {
		return nil, Errorf(EFORBIDDEN, "task %s is assigned to %s %s, not to you", t.ID, t.Assignee.Role, t.Assignee.Sub)
	}
	var fe Fields
	in.Body.checkFieldsOf(t.Kind, &fe)
	if err := fe.Err(); err != nil {
		return nil, err
	}
	switch t.Kind {
	case TaskDocumentCheck:
		return a.documentCheck(now, x, i, in.Body)
	case TaskAssignExperts:
		return a.assignExperts(now, x, i, in.Body, in.Candidates)
	case TaskExpertReview:
		return a.expertReview(now, x, i, in.Body)
	case TaskSiteVisit:
		return a.siteVisit(now, x, i, in.Body)
	case TaskCommitteeVote:
		return a.committeeVote(now, x, i, in.Body)
	}
	return nil, Errorf(ECONFLICT, "task %s (%s) cannot be completed on an application", t.ID, t.Kind)
}

func (a *Application) documentCheck(now time.Time, x Actor, i int, b TaskCompletion) (func(), error) {
	if a.Status != AppDocumentCheck {
		return nil, Conflict("check the documents", a.Status)
	}
	var fe Fields
	note := strings.TrimSpace(b.Note)
	var kinds []DocumentKind
	switch DocumentCheckOutcome(b.Outcome) {
	case CheckAccept:
		if len(b.MissingKinds) > 0 {
			fe.Add("missing_kinds", "must be empty when the documents are accepted")
		}
	case CheckSupplement:
		if len(b.MissingKinds) == 0 {
			fe.Add("missing_kinds", "name at least one kind to supplement")
		}
		for j, k := range b.MissingKinds {
			kind, err := ParseDocumentKind(k)
			if err != nil {
				fe.Add(fmt.Sprintf("missing_kinds[%d]", j), "is not a document kind (one of %s)", joinKinds(AllDocumentKinds))
				continue
			}
			if !slices.Contains(kinds, kind) {
				kinds = append(kinds, kind)
			}
		}
		if note == "" {
			fe.Add("note", "say what is missing or defective, for the provider")
		}
	case CheckReturn:
		if note == "" {
			fe.Add("note", "say why the application is returned")
		}
	default:
		fe.Add("outcome", "must be one of accept, supplement, return")
	}
	if len(note) > 2000 {
		fe.Add("note", "at most 2000 characters")
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return func() {
		switch DocumentCheckOutcome(b.Outcome) {
		case CheckAccept:
			a.finishTask(now, i, x, "accepted")
			a.Status = AppExpertReview
			a.record(now, x, ActionDocumentsAccepted, note)
			a.openTask(now, TaskAssignExperts, Assignee{Role: RoleOperator}, RuleAssignExpertsDays, "", "검토위원 배정 Assign experts: "+a.Service.Name)
		case CheckSupplement:
			a.finishTask(now, i, x, "supplement requested")
			a.requestSupplement(now, x, kinds, note)
		case CheckReturn:
			a.finishTask(now, i, x, "returned")
			a.close(now, x, AppReturned, ActionReturned, note)
		}
	}, nil
}

func (a *Application) requestSupplement(now time.Time, by Actor, kinds []DocumentKind, note string) {
	a.Status = AppSupplementRequested
	a.MissingKinds = kinds
	due := DateOf(AddCalendarDays(now, RuleInt(RuleSupplementDays, now)))
	deadline := due.EndOfDay()
	a.SupplementDue, a.SupplementDeadline = &due, &deadline
	a.record(now, by, ActionSupplementRequest, fmt.Sprintf("supplement %s by %s (Asia/Seoul): %s", joinKinds(kinds), due, note))
}

func (a *Application) assignExperts(now time.Time, x Actor, i int, b TaskCompletion, candidates []ExpertCandidate) (func(), error) {
	if a.Status != AppExpertReview || len(a.Experts) > 0 {
		return nil, Conflict("assign experts", a.Status)
	}
	var fe Fields
	if len(b.Experts) == 0 {
		fe.Add("experts", "name at least one expert")
	}
	if len(b.Experts) > 10 {
		fe.Add("experts", "at most 10 experts")
	}
	var subs []string
	for j, sub := range b.Experts {
		f := fmt.Sprintf("experts[%d]", j)
		sub = strings.TrimSpace(sub)
		k := slices.IndexFunc(candidates, func(c ExpertCandidate) bool { return c.Sub == sub })
		switch {
		case slices.Contains(subs, sub):
			fe.Add(f, "%q appears twice", sub)
		case k < 0 || !candidates[k].IsExpert:
			fe.Add(f, "%q is not a registered expert", sub)
		case candidates[k].Conflict != "":
			fe.Add(f, "%q has a conflict of interest: %s", sub, candidates[k].Conflict)
		}
		subs = append(subs, sub)
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return func() {
		a.finishTask(now, i, x, "assigned "+strings.Join(subs, ", "))
		a.Experts = subs
		a.record(now, x, ActionExpertsAssigned, strings.Join(subs, ", ")+" (no declared conflict of interest)")
		for _, sub := range subs {
			a.openTask(now, TaskExpertReview, Assignee{Role: RoleExpert, Sub: sub}, RuleExpertReviewDays, "", "전문가 검토 Expert review: "+a.Service.Name)
		}
	}, nil
}

func parseVerdict(field string, v ReviewVerdict, allowNA bool, fe *Fields) {
	switch v {
	case VerdictPass, VerdictFail:
	case VerdictNA:
		if !allowNA {
			fe.Add(field, "must be pass or fail")
		}
	default:
		fe.Add(field, "must be one of pass, fail, na")
	}
}

func (a *Application) expertReview(now time.Time, x Actor, i int, b TaskCompletion) (func(), error) {
	if a.Status != AppExpertReview {
		return nil, Conflict("submit a review", a.Status)
	}
	var fe Fields
	if b.Opinion != "suitable" && b.Opinion != "unsuitable" {
		fe.Add("opinion", "must be suitable or unsuitable")
	}
	if b.SiteVisit == nil {
		fe.Add("site_visit", "is required: true to ask for a site visit and company interview")
	}
	comment := strings.TrimSpace(b.Comment)
	if len([]rune(comment)) > 4000 {
		fe.Add("comment", "at most 4000 characters")
	}
	if b.Criteria == nil {
		fe.Add("criteria", "is required: eligibility, management, security, stability, support")
	} else {
		c := b.Criteria
		parseVerdict("criteria.eligibility", c.Eligibility, false, &fe)
		parseVerdict("criteria.management", c.Management, false, &fe)
		parseVerdict("criteria.stability", c.Stability, false, &fe)
		parseVerdict("criteria.support", c.Support, false, &fe)
		if a.HasCSAP() {
			if c.Security != VerdictNA {
				fe.Add("criteria.security", "must be na: the CSAP certificate replaces the security review")
			}
		} else {
			parseVerdict("criteria.security", c.Security, false, &fe)
		}
		anyFail := slices.Contains([]ReviewVerdict{c.Eligibility, c.Management, c.Security, c.Stability, c.Support}, VerdictFail)
		if (anyFail || b.Opinion == "unsuitable") && comment == "" {
			fe.Add("comment", "is required when a criterion fails or the opinion is unsuitable")
		}
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return func() {
		r := ExpertReview{Expert: x.Sub, Opinion: b.Opinion, SiteVisit: *b.SiteVisit, Comment: comment, Criteria: *b.Criteria, At: now}
		a.Reviews = append(a.Reviews, r)
		a.finishTask(now, i, x, b.Opinion)
		note := b.Opinion
		if r.SiteVisit {
			note += "; asks for a site visit"
			if !a.SiteVisitRequested {
				a.SiteVisitRequested = true
				a.record(now, x, ActionSiteVisitRequested, "현장실사·기업면담 requested by "+x.Sub)
			}
		}
		a.record(now, x, ActionReviewed, note)
		if len(a.Reviews) < len(a.Experts) {
			return
		}
		if a.SiteVisitRequested {
			a.Status = AppSiteVisit
			a.openTask(now, TaskSiteVisit, Assignee{Role: RoleOperator}, RuleSiteVisitDays, "", "현장실사 Site visit: "+a.Service.Name)
			a.record(now, SystemActor, ActionSiteVisitRequested, "site visit to be scheduled, held and reported before the review closes")
			return
		}
		a.closeReview(now)
	}, nil
}

func (a *Application) siteVisit(now time.Time, x Actor, i int, b TaskCompletion) (func(), error) {
	if a.Status != AppSiteVisit {
		return nil, Conflict("report a site visit", a.Status)
	}
	var fe Fields
	held, err := ParseDate(b.HeldOn)
	switch {
	case err != nil:
		fe.Add("held_on", "%s", err.Error())
	case held.After(DateOf(now).Time):
		fe.Add("held_on", "a visit is reported after it is held; %s is after today", held)
	case held.Before(DateOf(a.AppliedAt).Time):
		fe.Add("held_on", "cannot be before the application (%s)", DateOf(a.AppliedAt))
	}
	report := strings.TrimSpace(b.Report)
	if report == "" || len([]rune(report)) > 8000 {
		fe.Add("report", "is required, at most 8000 characters")
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return func() {
		a.SiteVisit = &SiteVisitReport{HeldOn: held, Report: report, ReportedBy: x.Sub, At: now}
		a.finishTask(now, i, x, "held on "+held.String())
		a.record(now, x, ActionSiteVisitReported, "held on "+held.String())
		a.closeReview(now)
	}, nil
}

// closeReview writes the review result report (검토 결과보고서) from the opinions and
// sends the application to the committee.
func (a *Application) closeReview(now time.Time) {
	suitable := 0
	for _, r := range a.Reviews {
		if r.Opinion == "suitable" {
			suitable++
		}
	}
	a.ReviewReport = fmt.Sprintf("%d of %d experts found the service suitable", suitable, len(a.Reviews))
	if a.SiteVisit != nil {
		a.ReviewReport += fmt.Sprintf("; site visit held on %s", a.SiteVisit.HeldOn)
	}
	if a.HasCSAP() {
		a.ReviewReport += "; security items skipped (CSAP certificate)"
	}
	a.Status = AppAwaitingCommittee
	a.record(now, SystemActor, ActionReviewClosed, a.ReviewReport)
}

func (a *Application) committeeVote(now time.Time, x Actor, i int, b TaskCompletion) (func(), error) {
	t := a.Tasks[i]
	if a.Status != AppAwaitingCommittee || a.Session == nil || a.Session.ID != t.SessionID {
		return nil, Conflict("vote", a.Status)
	}
	var fe Fields
	reason := strings.TrimSpace(b.Reason)
	if b.Recuse {
		if b.Vote != "" {
			fe.Add("vote", "a member who recuses does not vote")
		}
		if reason == "" {
			fe.Add("reason", "say why you recuse")
		}
	} else {
		switch VoteChoice(b.Vote) {
		case VoteSelect, VoteReject, VoteDefer:
		default:
			fe.Add("vote", "must be one of select, reject, defer (or recuse: true with a reason)")
		}
	}
	if len([]rune(reason)) > 2000 {
		fe.Add("reason", "at most 2000 characters")
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return func() {
		v := CommitteeVote{SessionID: t.SessionID, Member: x.Sub, Vote: VoteChoice(b.Vote), Recused: b.Recuse, Reason: reason, At: now}
		a.Votes = append(a.Votes, v)
		if b.Recuse {
			a.finishTask(now, i, x, "recused")
			a.record(now, x, ActionRecused, reason)
			return
		}
		a.finishTask(now, i, x, "voted")
		// The vote itself is secret until the session closes; the trail says that a member voted.
		a.record(now, x, ActionVoted, "session "+t.SessionID)
	}, nil
}

// --- provider's steps --------------------------------------------------------------

// CheckSupplement validates supplementary documents without changing anything.
func (a *Application) CheckSupplement(now time.Time, x Actor, docs []DocumentInput) error {
	_, err := a.supplement(now, x, docs)
	return err
}

// Supplement adds the provider's documents; once every missing kind is covered the
// application goes back to the operator's document check.
func (a *Application) Supplement(now time.Time, x Actor, docs []DocumentInput) error {
	now = now.In(Seoul) // times are shown with the business offset, +09:00
	apply, err := a.supplement(now, x, docs)
	if err != nil {
		return err
	}
	apply()
	return nil
}

func (a *Application) supplement(now time.Time, x Actor, in []DocumentInput) (func(), error) {
	if err := a.mayProvider(x); err != nil {
		return nil, err
	}
	if a.Status != AppSupplementRequested {
		return nil, Conflict("supplement documents", a.Status)
	}
	if a.SupplementDeadline != nil && !now.Before(*a.SupplementDeadline) {
		return nil, Errorf(ECONFLICT, "cannot supplement documents: the due date %s has passed", a.SupplementDue)
	}
	var fe Fields
	if len(in) == 0 {
		fe.Add("documents", "send at least one document")
	}
	docs := parseDocuments("documents", in, x.Sub, now, &fe)
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return func() {
		var kinds []string
		for _, d := range docs {
			// A supplemented kind replaces the earlier file of that kind; the trail keeps
			// that it was replaced.
			a.Documents = slices.DeleteFunc(a.Documents, func(old Document) bool { return old.Kind == d.Kind })
			a.Documents = append(a.Documents, d)
			a.MissingKinds = slices.DeleteFunc(a.MissingKinds, func(k DocumentKind) bool { return k == d.Kind })
			kinds = append(kinds, string(d.Kind))
		}
		a.record(now, x, ActionSupplemented, strings.Join(kinds, ", "))
		if len(a.MissingKinds) == 0 {
			a.Status = AppDocumentCheck
			a.SupplementDue, a.SupplementDeadline = nil, nil
			a.openTask(now, TaskDocumentCheck, Assignee{Role: RoleOperator}, RuleDocumentCheckDays, "", "서류 확인 Document check: "+a.Service.Name)
		}
	}, nil
}

func (a *Application) mayProvider(x Actor) error {
	if !a.VisibleTo(x) {
		return errApplicationNotFound
	}
	if x.Role != RoleProvider || x.Org != a.Provider.Org {
		return Errorf(EFORBIDDEN, "only the provider of this application may do this")
	}
	return nil
}

// WithdrawInput is the body of POST /applications/{id}/withdraw.
type WithdrawInput struct {
	Reason string `json:"reason"`
}

// CheckWithdraw validates a withdrawal without changing anything.
func (a *Application) CheckWithdraw(_ time.Time, x Actor, in WithdrawInput) error {
	if err := a.mayProvider(x); err != nil {
		return err
	}
	if a.Status.Final() {
		return Conflict("withdraw", a.Status)
	}
	if len([]rune(strings.TrimSpace(in.Reason))) > 2000 {
		return &Error{Code: EINVALID, Message: "one or more fields are invalid", Fields: []FieldError{{Field: "reason", Message: "at most 2000 characters"}}}
	}
	return nil
}

// Withdraw ends the application at the provider's request, before the decision.
func (a *Application) Withdraw(now time.Time, x Actor, in WithdrawInput) error {
	now = now.In(Seoul) // times are shown with the business offset, +09:00
	if err := a.CheckWithdraw(now, x, in); err != nil {
		return err
	}
	reason := strings.TrimSpace(in.Reason)
	if reason == "" {
		reason = "withdrawn by the provider"
	}
	a.close(now, x, AppWithdrawn, ActionWithdrawn, reason)
	return nil
}

// --- the system's steps ------------------------------------------------------------

// ReturnUnsupplemented returns the application when the supplement was not in by its due date.
func (a *Application) ReturnUnsupplemented(now time.Time) bool {
	now = now.In(Seoul) // times are shown with the business offset, +09:00
	if a.Status != AppSupplementRequested {
		return false
	}
	a.close(now, SystemActor, AppReturned, ActionReturned,
		fmt.Sprintf("documents %s not supplemented by the due date %s", joinKinds(a.MissingKinds), a.SupplementDue))
	return true
}

// AwaitsSession reports whether the application waits for a committee session to join.
func (a *Application) AwaitsSession() bool {
	return a.Status == AppAwaitingCommittee && a.Session == nil
}

// JoinSession puts the application on a session's agenda: each member gets a vote task,
// due at the end of the session day; a member with a declared conflict of interest is
// recused at once, with the reason.
func (a *Application) JoinSession(now time.Time, s SessionRef, conflicts map[string]string) {
	now = now.In(Seoul) // times are shown with the business offset, +09:00
	if !a.AwaitsSession() {
		return
	}
	a.Session = &s
	a.record(now, SystemActor, ActionJoinedSession, fmt.Sprintf("session %s on %s, %d members", s.ID, s.HeldOn, len(s.Members)))
	for _, m := range s.Members {
		if why := conflicts[m]; why != "" {
			a.Votes = append(a.Votes, CommitteeVote{SessionID: s.ID, Member: m, Recused: true, Reason: "conflict of interest: " + why, At: now})
			a.record(now, Actor{Sub: m, Role: RoleCommittee}, ActionRecused, "declared relation: "+why+" (제척)")
			continue
		}
		a.openTaskDue(now, TaskCommitteeVote, Assignee{Role: RoleCommittee, Sub: m}, s.HeldOn.EndOfDay(), s.ID,
			"심사위원회 의결 Committee vote: "+a.Service.Name)
	}
}

// LeaveSession takes the application off a session it could not join (the session closed
// first); it waits for the next one.
func (a *Application) LeaveSession(now time.Time, sessionID, why string) bool {
	now = now.In(Seoul) // times are shown with the business offset, +09:00
	if a.Status != AppAwaitingCommittee || a.Session == nil || a.Session.ID != sessionID {
		return false
	}
	a.Session = nil
	for i, t := range a.Tasks {
		if t.SessionID == sessionID {
			a.cancelTask(now, i, why)
		}
	}
	a.record(now, SystemActor, ActionLeftSession, fmt.Sprintf("session %s: %s", sessionID, why))
	return true
}

// DecideSession counts the votes when the session closes: selected, not selected, or
// deferred to the next session (the application then waits for it).
func (a *Application) DecideSession(now time.Time, sessionID string) (CommitteeDecision, bool) {
	now = now.In(Seoul) // times are shown with the business offset, +09:00
	if a.Status != AppAwaitingCommittee || a.Session == nil || a.Session.ID != sessionID {
		return CommitteeDecision{SessionID: sessionID, Outcome: OutcomeWithdrawn, Reason: "not on the agenda: the application is " + string(a.Status)}, false
	}
	d := DecideCommittee(sessionID, len(a.Session.Members), a.Votes)
	a.Decisions = append(a.Decisions, d)
	for i, t := range a.Tasks {
		if t.SessionID == sessionID {
			a.cancelTask(now, i, "session closed without this vote")
		}
	}
	chair := Actor{Sub: a.Session.Members[0], Role: RoleCommittee}
	switch d.Outcome {
	case OutcomeSelected:
		a.Status = AppSelected
		a.record(now, chair, ActionDecided, d.Reason)
	case OutcomeNotSelected:
		a.close(now, chair, AppNotSelected, ActionDecided, d.Reason)
	default:
		a.Session = nil
		a.record(now, chair, ActionDecided, d.Reason)
	}
	return d, true
}

// Register records the selection notice and the catalog entry of a selected service.
func (a *Application) Register(now time.Time, noticeNo, serviceID string) {
	now = now.In(Seoul) // times are shown with the business offset, +09:00
	if a.Status != AppSelected || a.ServiceID != "" {
		return
	}
	on := DateOf(now)
	a.NoticeNo, a.ServiceID, a.SelectedOn = noticeNo, serviceID, &on
	t := now
	a.ClosedAt = &t
	a.Reason = "selected; notice " + noticeNo
	a.record(now, SystemActor, ActionRegistered, fmt.Sprintf("선정 통보서 %s; service %s registered in the catalog on %s", noticeNo, serviceID, on))
}
