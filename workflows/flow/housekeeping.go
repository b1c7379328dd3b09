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
}
