package models

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// TaskKind is a human step of a case, completed in the inbox or through the API.
type TaskKind string

// Task kinds (API.md).
const (
	TaskDocumentCheck     TaskKind = "document_check"     // 서류 확인 (operator)
	TaskAssignExperts     TaskKind = "assign_experts"     // 검토위원 배정 (operator)
	TaskExpertReview      TaskKind = "expert_review"      // 전문가 검토 (expert)
	TaskSiteVisit         TaskKind = "site_visit"         // 현장실사·기업면담 (operator)
	TaskCommitteeVote     TaskKind = "committee_vote"     // 심사위원회 의결 (committee member)
	TaskQualityInspection TaskKind = "quality_inspection" // 품질점검 (operator)
	// 선정 등록 확인 (operator): the catalog refused a selected service; the operator sorts
	// out the cause (a business number held by another organization) and has it retried.
	TaskRegistration TaskKind = "registration"
)

// AllTaskKinds lists every kind, for filters.
var AllTaskKinds = []TaskKind{TaskDocumentCheck, TaskAssignExperts, TaskExpertReview, TaskSiteVisit,
	TaskCommitteeVote, TaskQualityInspection, TaskRegistration}

// TaskStatus is whether a task still waits for someone.
type TaskStatus string

// Task statuses.
const (
	TaskOpen      TaskStatus = "open"
	TaskDone      TaskStatus = "done"
	TaskCancelled TaskStatus = "cancelled"
)

// Assignee is who must complete a task: one person (Sub) or, with Sub empty, anyone of
// the role (the operators' queue).
type Assignee struct {
	Role Role   `json:"role"`
	Sub  string `json:"sub,omitempty"`
}

// Task is one human step waiting in an inbox. The case's workflow creates, completes and
// cancels it; the task list is a projection of the cases.
type Task struct {
	ID         string   `json:"id"`
	Kind       TaskKind `json:"kind"`
	CaseType   string   `json:"case_type"`
	CaseID     string   `json:"case_id"`
	WorkflowID string   `json:"workflow_id"`
	// Title is the REST contract's title, Korean words then English ("서류 확인 Document
	// check: <service>"), as it was before titles were keyed; see titleOf.
	Title string `json:"title"`
	// TitleText is the title as a keyed text, for a page in the visitor's language; nil on a
	// task opened before titles were keyed.
	TitleText   *Text      `json:"title_text,omitempty"`
	Assignee    Assignee   `json:"assignee"`
	DueAt       time.Time  `json:"due_at"`
	CreatedAt   time.Time  `json:"created_at"`
	Status      TaskStatus `json:"status"`
	CompletedAt *time.Time `json:"completed_at,omitempty"`
	CompletedBy string     `json:"completed_by,omitempty"`
	// Note says why a task was cancelled or how it was completed, for the audit trail.
	Note string `json:"note,omitempty"`
	// NoteText is Note keyed, for a page in the visitor's language; nil on a task done or
	// cancelled before notes were keyed.
	NoteText *Text `json:"note_text,omitempty"`
	// SessionID ties a committee vote to its session.
	SessionID string `json:"session_id,omitempty"`
	// RemindedAt is when the overdue reminder went out; a task is reminded once.
	RemindedAt *time.Time `json:"reminded_at,omitempty"`
	// Overdue is computed when the task is read: open and past its due time.
	Overdue bool `json:"overdue"`
}

// titleOf is the REST title of a task whose keyed title is t: the Korean text up to its
// first argument or colon, then the English text. The REST title predates the keyed one
// and clients match on it, so it stays as it was; the task tests pin every kind's.
// end closes an open task as status at at, by the person who did it ("" when it was
// cancelled), with note: the REST contract's words and, keyed, what a page shows.
func (t *Task) end(status TaskStatus, at time.Time, by string, note *Text) {
	t.Status, t.CompletedAt, t.CompletedBy = status, &at, by
	t.Note, t.NoteText = note.English(), note
}

func titleOf(t *Text) string {
	ko, _ := domainText(LangKO, t.Key)
	if i := strings.IndexAny(ko, "{:"); i >= 0 {
		ko = ko[:i]
	}
	return strings.TrimSpace(strings.TrimSpace(ko) + " " + t.RecordedNames().English())
}

// IsOverdue reports whether the task is open past its due time.
func (t Task) IsOverdue(now time.Time) bool { return t.Status == TaskOpen && !now.Before(t.DueAt) }

// AssignedTo reports whether a may complete the task.
func (t Task) AssignedTo(a Actor) bool {
	return a.Role == t.Assignee.Role && (t.Assignee.Sub == "" || t.Assignee.Sub == a.Sub)
}

// TaskID names the n-th task of a case: "<case id>-T<n>". The case ID inside routes a
// completion to the case's workflow without a lookup.
func TaskID(caseID string, n int) string { return fmt.Sprintf("%s-T%02d", caseID, n) }

var taskIDPattern = regexp.MustCompile(`^((APP|ORD|QC|CT)-\d{4}-\d{4,6})-T\d{2,4}$`)

// TaskNotFound refuses a task the caller has no case of, or may not see.
func TaskNotFound() *Error { return Refuse(ENOTFOUND, Msg("error.task_not_found")) }

// TaskClosed refuses a step on task id, which is already status.
func TaskClosed(id string, status TaskStatus) *Error {
	return Refuse(ECONFLICT, Msg("error.task_already_closed", "task", id, "status", "taskstatus."+string(status)))
}

// ParseTaskID returns the case ID of a task ID, or not found.
func ParseTaskID(id string) (caseID string, err error) {
	m := taskIDPattern.FindStringSubmatch(id)
	if m == nil {
		return "", TaskNotFound()
	}
	return m[1], nil
}

// TaskCompletion is the body of POST /tasks/{id}/complete. Which fields apply depends on
// the task kind; a field of another kind is refused, so that a form sent to the wrong
// task fails loudly instead of being half read.
type TaskCompletion struct {
	// document_check
	Outcome      string   `json:"outcome,omitempty"`
	MissingKinds []string `json:"missing_kinds,omitempty"`
	Note         string   `json:"note,omitempty"`
	// assign_experts
	Experts []string `json:"experts,omitempty"`
	// expert_review
	Opinion   string          `json:"opinion,omitempty"`
	SiteVisit *bool           `json:"site_visit,omitempty"`
	Comment   string          `json:"comment,omitempty"`
	Criteria  *ReviewCriteria `json:"criteria,omitempty"`
	// site_visit
	HeldOn string `json:"held_on,omitempty"`
	Report string `json:"report,omitempty"`
	// committee_vote
	Vote   string `json:"vote,omitempty"`
	Recuse bool   `json:"recuse,omitempty"`
	Reason string `json:"reason,omitempty"`
	// quality_inspection (with outcome and reason above): on_site without an outcome asks
	// for an on-site inspection before the verdict.
	Due    string `json:"due,omitempty"`
	OnSite bool   `json:"on_site,omitempty"`
}

// fieldsOf lists the body fields each kind reads.
var fieldsOf = map[TaskKind][]string{
	TaskDocumentCheck:     {"outcome", "missing_kinds", "note"},
	TaskAssignExperts:     {"experts"},
	TaskExpertReview:      {"opinion", "site_visit", "comment", "criteria"},
	TaskSiteVisit:         {"held_on", "report"},
	TaskCommitteeVote:     {"vote", "recuse", "reason"},
	TaskQualityInspection: {"outcome", "reason", "due", "on_site"},
	TaskRegistration:      {"note"},
}

// present lists the fields of c that are set.
func (c TaskCompletion) present() []string {
	var out []string
	add := func(ok bool, name string) {
		if ok {
			out = append(out, name)
		}
	}
	add(c.Outcome != "", "outcome")
	add(c.MissingKinds != nil, "missing_kinds")
	add(c.Note != "", "note")
	add(c.Experts != nil, "experts")
	add(c.Opinion != "", "opinion")
	add(c.SiteVisit != nil, "site_visit")
	add(c.Comment != "", "comment")
	add(c.Criteria != nil, "criteria")
	add(c.HeldOn != "", "held_on")
	add(c.Report != "", "report")
	add(c.Vote != "", "vote")
	add(c.Recuse, "recuse")
	add(c.Reason != "", "reason")
	add(c.Due != "", "due")
	add(c.OnSite, "on_site")
	return out
}

// CheckFieldsOf refuses (422) the fields of c that do not belong to kind.
func (c TaskCompletion) CheckFieldsOf(kind TaskKind) error {
	var fe Fields
	c.checkFieldsOf(kind, &fe)
	return fe.Err()
}

// checkFieldsOf refuses fields that do not belong to kind.
func (c TaskCompletion) checkFieldsOf(kind TaskKind, fe *Fields) {
	allowed := fieldsOf[kind]
	for _, f := range c.present() {
		ok := false
		for _, a := range allowed {
			ok = ok || a == f
		}
		if !ok {
			fe.AddText(f, Msg("invalid.task_field", "kind", string(kind), "fields", strings.Join(allowed, ", ")))
		}
	}
}

// DocumentCheckOutcome is the operator's decision on an application's documents.
type DocumentCheckOutcome string

// Document check outcomes.
const (
	CheckAccept     DocumentCheckOutcome = "accept"
	CheckSupplement DocumentCheckOutcome = "supplement"
	CheckReturn     DocumentCheckOutcome = "return"
)

// VoteChoice is a committee member's vote on one application.
type VoteChoice string

// Votes.
const (
	VoteSelect VoteChoice = "select"
	VoteReject VoteChoice = "reject"
	VoteDefer  VoteChoice = "defer"
)

// ExpertCandidate is what the system knows about a person proposed as expert: whether
// they are an expert at all, and any conflict of interest with the applicant. The app
// layer looks it up before the assignment reaches the workflow, which cannot read the
// database in a validator.
type ExpertCandidate struct {
	Sub      string `json:"sub"`
	Name     string `json:"name"`
	IsExpert bool   `json:"is_expert"`
	Conflict string `json:"conflict,omitempty"`
}
