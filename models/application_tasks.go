package models

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The human tasks of an application: each kind's body is validated and applied here, so
// that the workflow's validator and its handler share every rule.

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
	return commit(a.completion(now, x, in))
}

// completion validates and returns the change to make, so that checking and applying
// share every rule.
func (a *Application) completion(now time.Time, x Actor, in CompleteTaskInput) (func(), error) {
	i := a.taskIndex(in.TaskID)
	if i < 0 || !a.VisibleTo(x) {
		return nil, TaskNotFound()
	}
	t := a.Tasks[i]
	if t.Status != TaskOpen {
		return nil, TaskClosed(t.ID, t.Status)
	}
	if !t.AssignedTo(x) {
		return nil, Refuse(EFORBIDDEN, Msg("error.task_assigned_to_other", "task", t.ID, "role", "role."+string(t.Assignee.Role), "sub", t.Assignee.Sub))
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
	case TaskRegistration:
		return a.retryRegistration(now, x, i, in.Body)
	}
	return nil, Refuse(ECONFLICT, Msg("error.task_kind_not_on_application", "task", t.ID, "kind", "kind."+string(t.Kind)))
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
			fe.AddText("missing_kinds", Msg("invalid.missing_kinds_on_accept"))
		}
	case CheckSupplement:
		if len(b.MissingKinds) == 0 {
			fe.AddText("missing_kinds", Msg("invalid.missing_kinds_required"))
		}
		for j, k := range b.MissingKinds {
			kind, err := oneOf(k, ApplicationDocumentKinds, "invalid.not_document_kind")
			if err != nil {
				fe.AddText(fmt.Sprintf("missing_kinds[%d]", j), Msg("invalid.missing_kind_one_of", "kinds", kindLabels(ApplicationDocumentKinds)))
				continue
			}
			if !slices.Contains(kinds, kind) {
				kinds = append(kinds, kind)
			}
		}
		if note == "" {
			fe.AddText("note", Msg("invalid.supplement_note_required"))
		}
	case CheckReturn:
		if note == "" {
			fe.AddText("note", Msg("invalid.return_note_required"))
		}
	default:
		fe.AddText("outcome", Msg("invalid.document_check_outcome"))
	}
	checkNote(&fe, "note", note)
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return func() {
		switch DocumentCheckOutcome(b.Outcome) {
		case CheckAccept:
			a.finishTask(now, i, x, Msg("task.note.accepted"))
			a.Status = AppExpertReview
			a.record(now, x, ActionDocumentsAccepted, verbatim(note))
			a.openTask(now, TaskAssignExperts, Assignee{Role: RoleOperator}, RuleAssignExpertsDays, "", Msg("task.title.assign_experts", a.serviceName()...))
		case CheckSupplement:
			a.finishTask(now, i, x, Msg("task.note.supplement_requested"))
			a.requestSupplement(now, x, kinds, note)
		case CheckReturn:
			a.finishTask(now, i, x, Msg("task.note.returned"))
			a.close(now, x, AppReturned, ActionReturned, verbatim(note))
		}
	}, nil
}

func (a *Application) requestSupplement(now time.Time, by Actor, kinds []DocumentKind, note string) {
	a.Status = AppSupplementRequested
	a.MissingKinds = kinds
	due, deadline := a.Pins.Window(now, a.Pins.Int(RuleSupplementDays, now))
	a.SupplementDue, a.SupplementDeadline = &due, &deadline
	text := Msg("application.supplement_requested", "kinds", kindLabels(kinds), "due", due.String(), "note", note)
	if note == "" {
		// Asked by the system at the application, for the documents it came without.
		text = Msg("application.supplement_requested_missing", "kinds", kindLabels(kinds), "due", due.String())
	}
	a.record(now, by, ActionSupplementRequest, text)
}

// MaxExperts bounds the experts of one review, so that a review stays a panel.
const MaxExperts = 10

func (a *Application) assignExperts(now time.Time, x Actor, i int, b TaskCompletion, candidates []ExpertCandidate) (func(), error) {
	// After the first assignment, only a replacement for a released expert assigns again.
	if a.Status != AppExpertReview || len(a.Experts) > 0 && len(a.ReleasedExperts) == 0 {
		return nil, Conflict("assign experts", a.Status)
	}
	var fe Fields
	if len(b.Experts) == 0 {
		fe.AddText("experts", Msg("invalid.experts_required"))
	}
	if len(a.Experts)+len(b.Experts) > MaxExperts {
		fe.AddText("experts", Msg("invalid.max_experts", "max", itoa(MaxExperts)))
	}
	var subs []string
	for j, sub := range b.Experts {
		f := fmt.Sprintf("experts[%d]", j)
		sub = strings.TrimSpace(sub)
		k := slices.IndexFunc(candidates, func(c ExpertCandidate) bool { return c.Sub == sub })
		switch {
		case slices.Contains(subs, sub):
			fe.AddText(f, Msg("invalid.sub_appears_twice", "sub", strconv.Quote(sub)))
		case slices.Contains(a.Experts, sub) || slices.Contains(a.ReleasedExperts, sub):
			fe.AddText(f, Msg("invalid.expert_already_on_review", "sub", strconv.Quote(sub)))
		case k < 0 || !candidates[k].IsExpert:
			fe.AddText(f, Msg("invalid.not_registered_expert", "sub", strconv.Quote(sub)))
		case candidates[k].Conflict != "":
			why := candidates[k].Conflict
			if key, pairs, ok := conflictParts(why); ok {
				fe.AddText(f, Msg("invalid.conflict_of_interest", append([]string{"expert", strconv.Quote(sub), "why", key}, pairs...)...))
			} else {
				fe.Add(f, "%q has a conflict of interest: %s", sub, why)
			}
		}
		subs = append(subs, sub)
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return func() {
		a.finishTask(now, i, x, Msg("task.note.assigned", "experts", strings.Join(subs, ", ")))
		a.Experts = append(a.Experts, subs...) // a replacement joins those still reviewing
		a.record(now, x, ActionExpertsAssigned, Msg("application.experts_assigned", "experts", strings.Join(subs, ", ")))
		for _, sub := range subs {
			a.openTask(now, TaskExpertReview, Assignee{Role: RoleExpert, Sub: sub}, RuleExpertReviewDays, "", Msg("task.title.expert_review", a.serviceName()...))
		}
	}, nil
}

func parseVerdict(field string, v ReviewVerdict, allowNA bool, fe *Fields) {
	switch v {
	case VerdictPass, VerdictFail:
	case VerdictNA:
		if !allowNA {
			fe.AddText(field, Msg("invalid.verdict_pass_fail"))
		}
	default:
		fe.AddText(field, Msg("invalid.verdict"))
	}
}

func (a *Application) expertReview(now time.Time, x Actor, i int, b TaskCompletion) (func(), error) {
	if a.Status != AppExpertReview {
		return nil, Conflict("submit a review", a.Status)
	}
	var fe Fields
	if b.Opinion != "suitable" && b.Opinion != "unsuitable" {
		fe.AddText("opinion", Msg("invalid.review_opinion"))
	}
	if b.SiteVisit == nil {
		fe.AddText("site_visit", Msg("invalid.site_visit_required"))
	}
	comment := strings.TrimSpace(b.Comment)
	if len([]rune(comment)) > 4000 {
		fe.AddText("comment", Msg("invalid.at_most_chars", "max", "4000"))
	}
	if b.Criteria == nil {
		fe.AddText("criteria", Msg("invalid.review_criteria_required"))
	} else {
		c := b.Criteria
		parseVerdict("criteria.eligibility", c.Eligibility, false, &fe)
		parseVerdict("criteria.management", c.Management, false, &fe)
		parseVerdict("criteria.stability", c.Stability, false, &fe)
		parseVerdict("criteria.support", c.Support, false, &fe)
		if a.HasCSAP() {
			if c.Security != VerdictNA {
				fe.AddText("criteria.security", Msg("invalid.security_na_with_csap"))
			}
		} else {
			parseVerdict("criteria.security", c.Security, false, &fe)
		}
		anyFail := slices.Contains([]ReviewVerdict{c.Eligibility, c.Management, c.Security, c.Stability, c.Support}, VerdictFail)
		if (anyFail || b.Opinion == "unsuitable") && comment == "" {
			fe.AddText("comment", Msg("invalid.review_comment_required"))
		}
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return func() {
		r := ExpertReview{Expert: x.Sub, Opinion: b.Opinion, SiteVisit: *b.SiteVisit, Comment: comment, Criteria: *b.Criteria, At: now}
		a.Reviews = append(a.Reviews, r)
		a.finishTask(now, i, x, Msg("task.note.opinion", "opinion", "opt."+b.Opinion))
		note := Msg("application.reviewed", "opinion", "opt."+b.Opinion)
		if r.SiteVisit {
			note = Msg("application.reviewed_site_visit", "opinion", "opt."+b.Opinion)
			if !a.SiteVisitRequested {
				a.SiteVisitRequested = true
				a.record(now, x, ActionSiteVisitRequested, Msg("application.site_visit_asked", "expert", x.Sub))
			}
		}
		a.record(now, x, ActionReviewed, note)
		// A released expert's place must be filled and reviewed before the review closes.
		if len(a.Reviews) < len(a.Experts) || a.hasOpenTask(TaskAssignExperts) {
			return
		}
		if a.SiteVisitRequested {
			a.Status = AppSiteVisit
			a.openTask(now, TaskSiteVisit, Assignee{Role: RoleOperator}, RuleSiteVisitDays, "", Msg("task.title.site_visit", a.serviceName()...))
			a.record(now, SystemActor, ActionSiteVisitRequested, Msg("application.site_visit_due"))
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
		fe.AddErr("held_on", err)
	case held.After(DateOf(now).Time):
		fe.AddText("held_on", Msg("invalid.site_visit_after_today", "held", held.String()))
	case held.Before(DateOf(a.AppliedAt).Time):
		fe.AddText("held_on", Msg("invalid.before_application", "applied", DateOf(a.AppliedAt).String()))
	}
	report := strings.TrimSpace(b.Report)
	if report == "" || len([]rune(report)) > 8000 {
		fe.AddText("report", Msg("invalid.required_max_chars", "max", "8000"))
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return func() {
		a.SiteVisit = &SiteVisitReport{HeldOn: held, Report: report, ReportedBy: x.Sub, At: now}
		a.finishTask(now, i, x, Msg("task.note.site_visit_held", "on", held.String()))
		a.record(now, x, ActionSiteVisitReported, Msg("application.site_visit_held", "on", held.String()))
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
	key := "application.review_report"
	switch {
	case a.SiteVisit != nil && a.HasCSAP():
		key = "application.review_report_site_csap"
	case a.SiteVisit != nil:
		key = "application.review_report_site"
	case a.HasCSAP():
		key = "application.review_report_csap"
	}
	pairs := []string{"suitable", itoa(int64(suitable)), "experts", itoa(int64(len(a.Reviews)))}
	if a.SiteVisit != nil {
		pairs = append(pairs, "held_on", a.SiteVisit.HeldOn.String())
	}
	report := Msg(key, pairs...)
	a.ReviewReport = report.English()
	a.Status = AppAwaitingCommittee
	a.record(now, SystemActor, ActionReviewClosed, report)
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
			fe.AddText("vote", Msg("invalid.recused_no_vote"))
		}
		if reason == "" {
			fe.AddText("reason", Msg("invalid.recuse_reason_required"))
		}
	} else {
		switch VoteChoice(b.Vote) {
		case VoteSelect, VoteReject, VoteDefer:
		default:
			fe.AddText("vote", Msg("invalid.committee_vote"))
		}
	}
	checkNote(&fe, "reason", reason)
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return func() {
		v := CommitteeVote{SessionID: t.SessionID, Member: x.Sub, Vote: VoteChoice(b.Vote), Recused: b.Recuse, Reason: reason, At: now}
		a.Votes = append(a.Votes, v)
		if b.Recuse {
			a.finishTask(now, i, x, Msg("task.note.recused"))
			a.record(now, x, ActionRecused, verbatim(reason))
			return
		}
		a.finishTask(now, i, x, Msg("task.note.voted"))
		// The vote itself is secret until the session closes; the trail says that a member voted.
		a.record(now, x, ActionVoted, Msg("application.voted", "session", t.SessionID))
	}, nil
}
