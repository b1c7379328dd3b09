package flow

// HousekeepingWorkflowType is the registered type name of the nightly housekeeping
// workflow.
const HousekeepingWorkflowType = "Housekeeping"

// HousekeepingScheduleID names the Temporal Schedule that runs Housekeeping every night.
const HousekeepingScheduleID = "dsmarket-housekeeping"

// HousekeepingResult says what a run cleaned up.
type HousekeepingResult struct {
	PurgedIdempotencyKeys int64
	// RulesSentToCases counts the orders sent rule versions that apply to open cases.
	RulesSentToCases int64 `json:",omitempty"`
	// Reminders counts the follow-ups of waiting work queued that night.
	Reminders *Reminders `json:",omitempty"`
	// PurgedDocuments counts the uploaded files whose bytes were removed that night, no
	// request having named them in time (models.UnattachedDocumentDays).
	PurgedDocuments int64 `json:",omitempty"`
	// PurgedStrayContents counts the bytes removed that night that no document's row
	// named, a crash having come between an upload's two writes.
	PurgedStrayContents int64 `json:",omitempty"`
}

// Reminders counts the nightly follow-ups queued, each once (a second run of the same
// night queues none).
type Reminders struct {
	// TaskFollowUps: to the assignee (or the operators' queue) of a task still open
	// inbox.overdue_followup_days after its due time, and every such period after.
	TaskFollowUps int64
	// LateTasksToOperators: to the operators, of a task one person holds that is as late.
	LateTasksToOperators int64
	// EvaluationsWaiting: to the agency of a proposal it has not evaluated for
	// catalog_order.evaluation_reminder_days, and every such period after.
	EvaluationsWaiting int64
	// PreReviewsLate: to the operators, of a quality report past its pre-review's due
	// time, the first night after it and every inbox.overdue_followup_days after.
	PreReviewsLate int64 `json:",omitempty"`
	// ReportsDueSoon: to the provider, once, of a quality report not submitted yet whose
	// due date is quality.report_reminder_days_before days away or nearer.
	ReportsDueSoon int64 `json:",omitempty"`
	// RemediationsDueSoon: to the provider, once a round, of a remediation not reported
	// yet whose due date is quality.remediation_reminder_days_before days away or nearer.
	RemediationsDueSoon int64 `json:",omitempty"`
	// AccessLogChecksDue: to the auditors of each organization, once a month, when no
	// check of the access log of personal data covers the month before.
	AccessLogChecksDue int64 `json:",omitempty"`
}
