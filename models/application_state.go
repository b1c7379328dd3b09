package models

import (
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
	SupplementDue      *Date      `json:"supplement_due,omitempty"`
	SupplementDeadline *time.Time `json:"supplement_deadline,omitempty"`
	Experts            []string   `json:"experts"`
	// ReleasedExperts were taken off the review before they gave it (deactivated from the
	// pool); the operator assigns others in their place.
	ReleasedExperts    []string         `json:"released_experts,omitempty"`
	Reviews            []ExpertReview   `json:"reviews"`
	SiteVisitRequested bool             `json:"site_visit_requested"`
	SiteVisit          *SiteVisitReport `json:"site_visit,omitempty"`
	ReviewReport       string           `json:"review_report,omitempty"`
	// ReviewReportBy and ReviewReportAt name the operator who wrote the report and when;
	// unset while it is the draft the case made from the opinions.
	ReviewReportBy string              `json:"review_report_by,omitempty"`
	ReviewReportAt *time.Time          `json:"review_report_at,omitempty"`
	Session        *SessionRef         `json:"session,omitempty"`
	Votes          []CommitteeVote     `json:"votes"`
	Decisions      []CommitteeDecision `json:"decisions"`
	NoticeNo       string              `json:"notice_no,omitempty"`
	ServiceID      string              `json:"service_id,omitempty"`
	SelectedOn     *Date               `json:"selected_on,omitempty"`
	Reason         string              `json:"reason,omitempty"`
	ClosedAt       *time.Time          `json:"closed_at,omitempty"`
	Tasks          []Task              `json:"tasks"`
	Steps          []Step              `json:"steps"`
	// Rereview makes the application a re-review (재심사) of a selected service; nil for an
	// application for selection.
	Rereview *RereviewRef `json:"rereview,omitempty"`
	// Pins are the rule versions the application started under and the sandbox's time
	// scale (NewPinnedApplication); nil for applications started before cases pinned them,
	// which read the table at each step.
	Pins *CasePins `json:"pins,omitempty"`
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
	// ActionReviewReportWritten: the operator wrote the review result report over the draft.
	ActionReviewReportWritten = "review_report_written"
	ActionJoinedSession       = "joined_session"
	ActionRecused             = "recused"
	ActionVoted               = "voted"
	ActionDecided             = "committee_decided"
	ActionRegistered          = "registered"
	// ActionRegistrationBlocked: the catalog refused the registration; an operator task
	// holds the case until the cause is sorted out (ActionRegistrationRetried).
	ActionRegistrationBlocked = "registration_blocked"
	ActionRegistrationRetried = "registration_retried"
	ActionWithdrawn           = "withdrawn"
	ActionReminded            = "reminded"
	// ActionExpertReleased: an expert left the pool before reviewing; their review task
	// went back to the operators' queue as an assignment.
	ActionExpertReleased = "expert_released"
	// ActionMemberReleased: a committee member left the roster before voting; their vote
	// counts as a recusal.
	ActionMemberReleased = "member_released"
)

// NewApplication opens an application: eligibility first (an ineligible provider's case
// ends at once, with the reason), then the documents the service type and flags require
// (missing ones are asked for at once, with a deadline), else the operator's document check.
func NewApplication(id, workflowID string, req ApplicationRequest, by Actor, now time.Time) *Application {
	return openApplication(id, workflowID, req, by, now, nil)
}

func openApplication(id, workflowID string, req ApplicationRequest, by Actor, now time.Time, pins *CasePins) *Application {
	now = now.In(Seoul)
	a := &Application{
		ID: id, WorkflowID: workflowID, Status: AppDocumentCheck, Pins: pins,
		Service: req.Service, Provider: req.Provider, Broker: req.Broker, SchoolEducationOnly: req.SchoolEducationOnly,
		AppliedAt: now, AppliedBy: by.Sub, Documents: req.Documents,
		RequiredKinds: RequiredDocuments(req.Service.Type, req.Broker, req.SchoolEducationOnly),
		Experts:       []string{}, Reviews: []ExpertReview{}, Votes: []CommitteeVote{}, Decisions: []CommitteeDecision{},
		Tasks: []Task{}, Steps: []Step{},
	}
	a.MissingKinds = MissingDocuments(a.RequiredKinds, a.Documents)
	// The type and subtype are labels a page names in its language (an application recorded
	// before holds the bare codes, which read as they did).
	a.record(now, by, ActionApplied, Msg("application.applied", append(ServiceNameArgs("name", a.Service.Name, a.Service.NameEn),
		"type", "stype."+string(a.Service.Type), "subtype", "subtype."+string(a.Service.Subtype),
		"documents", itoa(int64(len(a.Documents))))...))
	eligible, why := checkEligibilityPinned(a.Provider, DateOf(now), a.Pins)
	a.Eligibility = Eligibility{Eligible: eligible, Reason: why.English()}
	if !eligible {
		a.close(now, SystemActor, AppIneligible, ActionEligibilityChecked, why)
		return a
	}
	a.record(now, SystemActor, ActionEligibilityChecked, why)
	if len(a.MissingKinds) > 0 {
		a.requestSupplement(now, SystemActor, a.MissingKinds, "")
		return a
	}
	a.openTask(now, TaskDocumentCheck, Assignee{Role: RoleOperator}, RuleDocumentCheckDays, "", Msg("task.title.document_check", a.serviceName()...))
	return a
}

// Version counts the changes so far; projections keep the highest version they saw.
func (a *Application) Version() int { return len(a.Steps) }

func (a *Application) record(now time.Time, by Actor, action string, note *Text) {
	a.Steps = append(a.Steps, keyedStep(now, by, action, string(a.Status), note))
}

func (a *Application) close(now time.Time, by Actor, status ApplicationStatus, action string, reason *Text) {
	a.Status = status
	a.Reason = reason.English()
	t := now
	a.ClosedAt = &t
	a.cancelOpenTasks(now, Msg("task.note.application_closed", "status", "status."+string(status)))
	a.record(now, by, action, reason)
}

// CSAPValidUntil is the expiry of the application's CSAP certificate, if it gave one.
func (a *Application) CSAPValidUntil() *Date {
	for _, d := range a.Documents {
		if d.Kind == DocCSAPCertificate {
			return d.ValidUntil
		}
	}
	return nil
}

// HasCSAP reports whether a CSAP certificate is among the documents: its security review
// items are then skipped (SPEC.md).
func (a *Application) HasCSAP() bool {
	if a.Rereview != nil && a.Rereview.CSAPValidUntil != nil {
		return true
	}
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

// FilesVisibleTo reports whether an actor may open the application's files: whoever may
// see it, except an expert, who reads them only once assigned to review it.
func (a *Application) FilesVisibleTo(x Actor) bool {
	return a.VisibleTo(x) && (x.Role != RoleExpert || slices.Contains(a.Experts, x.Sub))
}

var errApplicationNotFound = Refuse(ENOTFOUND, Msg("error.application_not_found"))

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
	return commit(a.supplement(now, x, docs))
}

func (a *Application) supplement(now time.Time, x Actor, in []DocumentInput) (func(), error) {
	if err := a.mayProvider(x); err != nil {
		return nil, err
	}
	if a.Status != AppSupplementRequested {
		return nil, Conflict("supplement documents", a.Status)
	}
	if a.SupplementDeadline != nil && !now.Before(*a.SupplementDeadline) {
		return nil, Refuse(ECONFLICT, Msg("error.due_passed", "action", "do.supplement_documents", "due", a.SupplementDue.String()))
	}
	var fe Fields
	if len(in) == 0 {
		fe.AddText("documents", Msg("invalid.supplement_documents_required"))
	}
	docs := parseDocumentsPinned("documents", in, ApplicationDocumentKinds, x.Sub, now, &fe, a.Pins)
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return func() {
		var kinds []DocumentKind
		for _, d := range docs {
			// A supplemented kind replaces the earlier file of that kind; the trail keeps
			// that it was replaced.
			a.Documents = slices.DeleteFunc(a.Documents, func(old Document) bool { return old.Kind == d.Kind })
			a.Documents = append(a.Documents, d)
			a.MissingKinds = slices.DeleteFunc(a.MissingKinds, func(k DocumentKind) bool { return k == d.Kind })
			kinds = append(kinds, d.Kind)
		}
		a.record(now, x, ActionSupplemented, supplementedText(kinds))
		if len(a.MissingKinds) == 0 {
			a.Status = AppDocumentCheck
			a.SupplementDue, a.SupplementDeadline = nil, nil
			a.openTask(now, TaskDocumentCheck, Assignee{Role: RoleOperator}, RuleDocumentCheckDays, "", Msg("task.title.document_check", a.serviceName()...))
		}
	}, nil
}

// supplementedText is the note of a supplement: the kinds it brought.
func supplementedText(kinds []DocumentKind) *Text {
	return Msg("application.supplemented", "kinds", kindLabels(kinds))
}

func (a *Application) mayProvider(x Actor) error {
	if !a.VisibleTo(x) {
		return errApplicationNotFound
	}
	if x.Role != RoleProvider || x.Org != a.Provider.Org {
		return Refuse(EFORBIDDEN, Msg("error.application_provider_only"))
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
	if a.Rereview != nil {
		return Refuse(ECONFLICT, Msg("error.rereview_withdraw", "service", a.Rereview.ServiceID))
	}
	var fe Fields
	checkNote(&fe, "reason", strings.TrimSpace(in.Reason))
	return fe.Err()
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
	a.close(now, x, AppWithdrawn, ActionWithdrawn, verbatim(reason))
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
		Msg("application.not_supplemented", "kinds", kindLabels(a.MissingKinds), "due", a.SupplementDue.String()))
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
	a.record(now, SystemActor, ActionJoinedSession, Msg("application.joined_session", "session", s.ID,
		"held_on", s.HeldOn.String(), "members", itoa(int64(len(s.Members)))))
	for _, m := range s.Members {
		if why := conflicts[m]; why != "" {
			a.Votes = append(a.Votes, CommitteeVote{SessionID: s.ID, Member: m, Recused: true, Reason: recusalPrefix + why, At: now})
			a.record(now, Actor{Sub: m, Role: RoleCommittee}, ActionRecused, recusedText(why))
			continue
		}
		a.openTaskDue(now, TaskCommitteeVote, Assignee{Role: RoleCommittee, Sub: m}, s.HeldOn.EndOfDay(), s.ID,
			Msg("task.title.committee_vote", a.serviceName()...))
	}
}

// recusalPrefix begins the reason of a vote recused for a conflict of interest.
const recusalPrefix = "conflict of interest: "

// ReasonText is a recused vote's reason keyed, for a page in the visitor's language; nil
// for a reason a member typed or one not recognised, which is shown as it is.
func (v CommitteeVote) ReasonText() *Text {
	why, ok := strings.CutPrefix(v.Reason, recusalPrefix)
	if !v.Recused || !ok {
		return nil
	}
	key, pairs, ok := conflictParts(why)
	if !ok {
		return nil
	}
	return Msg("vote.recused_conflict", append([]string{"why", key}, pairs...)...)
}

// recusedText is the note of a recusal for a conflict of interest: the reason keyed when it
// is one ConflictOf wrote, else as it came.
func recusedText(why string) *Text {
	if key, pairs, ok := conflictParts(why); ok {
		return Msg("application.recused_for", append([]string{"why", key}, pairs...)...)
	}
	return Msg("application.recused", "why", why)
}

// DecideSession counts the votes when the session closes: selected, not selected, or
// deferred to the next session (the application then waits for it).
func (a *Application) DecideSession(now time.Time, sessionID string) (CommitteeDecision, bool) {
	now = now.In(Seoul) // times are shown with the business offset, +09:00
	if a.Status != AppAwaitingCommittee || a.Session == nil || a.Session.ID != sessionID || len(a.Session.Members) == 0 {
		return CommitteeDecision{SessionID: sessionID, Outcome: OutcomeWithdrawn, Reason: "not on the agenda: the application is " + string(a.Status)}, false
	}
	d := DecideCommitteePinned(sessionID, len(a.Session.Members), a.Votes, now, a.Pins)
	a.Decisions = append(a.Decisions, d)
	for i, t := range a.Tasks {
		if t.SessionID == sessionID {
			a.cancelTask(now, i, Msg("task.note.session_closed"))
		}
	}
	chair := Actor{Sub: a.Session.Members[0], Role: RoleCommittee}
	switch d.Outcome {
	case OutcomeSelected:
		a.Status = AppSelected
		a.record(now, chair, ActionDecided, DecisionText(d))
	case OutcomeNotSelected:
		// The provider is told why: the reasons members gave for rejecting, without names
		// and sorted, so that their order does not follow the roster or the voting.
		a.close(now, chair, AppNotSelected, ActionDecided, notSelectedText(d, RejectReasons(a.Votes, sessionID)))
	default:
		a.Session = nil
		a.record(now, chair, ActionDecided, DecisionText(d))
	}
	return d, true
}
