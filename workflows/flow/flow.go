// Package flow is the contract of dsmarket's workflows with the rest of the house: each
// workflow's business key (its ID), registered type name, Update, Query and Signal names,
// the search attributes and the inputs that the app and the activities send. It is a
// leaf: workflows, activities, app, api, web and store import it; it imports only models
// and the Temporal SDK's types, so nothing below it mints a workflow ID.
//
// Each case kind's whole contract (ID, registered type name, handler names, inputs,
// results and signal payloads) is in a file of its own: order.go, application.go,
// committee.go, service_watch.go, contract.go, change_request.go, quality.go and
// housekeeping.go. This file holds only what all kinds share; start.go how any case's
// workflow is started under its business key.
//
// A kind's <Kind>WorkflowType is the name its workflow is registered under: a process that
// starts or signals a workflow by name (an activity cannot import workflows) uses it, and
// the workflows' tests hold each equal to its function's registered name.
package flow

import (
	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/models"
)

// TaskQueue is the one task queue of dsmarket's workers.
const TaskQueue = "dsmarket"

// Custom search attributes, so that auditors can filter cases in the Temporal Web UI.
// They must be registered with the server (the dev server gets them at start).
var (
	SACaseType    = temporal.NewSearchAttributeKeyKeyword("DsCaseType")
	SACaseStatus  = temporal.NewSearchAttributeKeyKeyword("DsCaseStatus")
	SAServiceType = temporal.NewSearchAttributeKeyKeyword("DsServiceType")
	SAServiceID   = temporal.NewSearchAttributeKeyKeyword("DsServiceId")
	SAProviderOrg = temporal.NewSearchAttributeKeyKeyword("DsProviderOrg")
	SAAgencyOrg   = temporal.NewSearchAttributeKeyKeyword("DsAgencyOrg")
)

// SearchAttributeKeys lists every custom search attribute, for registration.
var SearchAttributeKeys = []temporal.SearchAttributeKey{
	SACaseType, SACaseStatus, SAServiceType, SAServiceID, SAProviderOrg, SAAgencyOrg,
}

// SignalRulesChanged brings a running case the rule versions that apply to open
// cases (RulesChangedSignal).
const SignalRulesChanged = "rules-changed"

// RulesChangedSignal carries rule versions whose entries say they apply to open cases;
// a case takes those newer than the ones it holds (models.Order.Repin).
type RulesChangedSignal struct {
	Rules map[models.RuleKey]models.PinnedRule
}

// StepResult is what a human step's Update answers: the case's status and version after
// the step and the step it recorded, not the whole case, so that a case's history does not
// carry a copy of the case per step. The caller reads the case from its projection, which
// the step wrote before answering (app.afterStep).
type StepResult struct {
	Status  string       `json:"status"`
	Version int          `json:"version"`
	Step    *models.Step `json:"step,omitempty"`
}

// StepResultOf is the answer of a case at status and version whose timeline is steps.
func StepResultOf(status string, version int, steps []models.Step) StepResult {
	r := StepResult{Status: status, Version: version}
	if n := len(steps); n > 0 {
		last := steps[n-1]
		r.Step = &last
	}
	return r
}
