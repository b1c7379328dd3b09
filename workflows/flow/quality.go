package flow

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dsmarket/dsmarket/models"
)

// QualityCaseWorkflowID is the business key of a quality case: one service, one year, so
// that a second cycle of the same year finds the case instead of opening another.
func QualityCaseWorkflowID(serviceID string, year int) string {
	return fmt.Sprintf("quality-%s-%d", serviceID, year)
}

// QualityCaseWorkflowIDOf returns the workflow of a quality case's ID, or not found.
func QualityCaseWorkflowIDOf(caseID string) (string, error) {
	serviceID, year, err := models.ParseQualityCaseID(caseID)
	if err != nil {
		return "", err
	}
	return QualityCaseWorkflowID(serviceID, year), nil
}

// ParseQualityCaseWorkflowID reads quality-<service ID>-<year>, the workflow ID of a
// quality case, back into its service and year.
func ParseQualityCaseWorkflowID(wid string) (serviceID string, year int, ok bool) {
	rest, ok := strings.CutPrefix(wid, "quality-")
	i := strings.LastIndexByte(rest, '-')
	if !ok || i < 0 {
		return "", 0, false
	}
	year, err := strconv.Atoi(rest[i+1:])
	if err != nil || rest[:i] == "" || QualityCaseWorkflowID(rest[:i], year) != wid {
		return "", 0, false
	}
	return rest[:i], year, true
}

// Registered type names of the quality case and of the year's quality cycle.
const (
	QualityCaseWorkflowType  = "QualityCase"
	QualityCycleWorkflowType = "QualityCycle"
)

// Names of the quality case workflow's handlers.
const (
	UpdateSubmitQualityReport = "submit-report"
	UpdatePreReview           = "prereview"
	UpdateInspect             = "inspect"
	UpdateReportRemediation   = "report-remediation"
	QueryQualityCase          = "quality-case"
)

// QualityCycleScheduleID names the Temporal Schedule that starts the year's cycle.
const QualityCycleScheduleID = "dsmarket-quality-cycle"

// QualityCycleWorkflowID is the business key of a cycle started by hand for a year; the
// Schedule's runs carry the Schedule's own IDs.
func QualityCycleWorkflowID(year int) string { return fmt.Sprintf("quality-cycle-%d", year) }

// QualityCaseInput opens the year's quality case of one service.
type QualityCaseInput struct {
	Service models.QualityDueService
	Year    int
	// Pins are the rule versions in force at the start and the sandbox's time scale
	// (models.CasePins), as the cycle's listing activity recorded them; absent in cases
	// started before they existed.
	Pins *models.CasePins `json:",omitempty"`
}

// QualityCaseResult is how the case ended.
type QualityCaseResult struct {
	Status   models.QualityStatus
	Rounds   int
	Findings int
}

// SubmitQualityReportInput is the provider's report.
type SubmitQualityReportInput struct {
	Actor  models.Actor
	Report models.QualityReportInput
}

// QualityPreReviewInput is the operator's pre-review.
type QualityPreReviewInput struct {
	Actor     models.Actor
	PreReview models.PreReviewInput
}

// QualityRemediationInput is the provider's report of a remediation done.
type QualityRemediationInput struct {
	Actor       models.Actor
	Remediation models.RemediationReportInput
}

// QualityInspectInput is the inspection team's record of a round.
type QualityInspectInput struct {
	Actor      models.Actor
	Inspection models.QualityInspectionInput
}

// QualityCycleInput is the state of the year's cycle, carried from run to run.
type QualityCycleInput struct {
	// Year is the cycle's year; 0 is the Seoul year when the first run starts.
	Year int
	// Cutoff is the last selection date inspected; zero: the cycle computes it, selected more
	// than the rule's years before the cycle day (models.QualityCycleCutoffStrict; cycles
	// recorded before version 1 of "quality-cutoff-more-than-a-year" used QualityCycleCutoff).
	Cutoff models.Date
	// After is the last service ID whose case start is confirmed; "" before the first page.
	After string
	// PageSize is 0 for QualityCyclePageSize; larger values are cut to it.
	PageSize int
	// Started counts the cases this cycle opened, AlreadyStarted those it found open or done
	// (a second cycle of the same year), Runs the runs so far, this one included.
	Started, AlreadyStarted, Runs int
	// TimeScale, above 1, is the development sandbox's factor of a cycle started by hand
	// under it: the cases it opens pin it. The Schedule's cycles run in real time.
	TimeScale int `json:",omitempty"`
}

// QualityCycleResult is what the whole cycle did, over all its runs.
type QualityCycleResult struct {
	Year                          int
	Cutoff                        models.Date
	Started, AlreadyStarted, Runs int
}
