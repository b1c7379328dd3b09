package models

import "time"

// A Turn is a case that waits on an agency or a provider to act: no task holds it, since a
// task is for the people of the operators' side, so their inbox lists their turns: what is
// theirs to do, the soonest due first.
type Turn struct {
	Kind TurnKind `json:"kind"`
	// CaseID is the order, application, quality case or contract that waits.
	CaseID string `json:"case_id"`
	// Title is the case's own title (an order, a contract), "" for a case that has none.
	Title string `json:"title"`
	// ServiceID and ServiceName are empty for a turn of no one service (a saved search).
	ServiceID   string `json:"service_id"`
	ServiceName string `json:"service_name"`
	// DueAt is the instant the turn lapses or falls late; nil when nothing sets one (an
	// evaluation has no deadline in the regulation).
	DueAt *time.Time `json:"due_at"`
}

// TurnPage is a page of the turns of an organization, and how many wait on it in all.
type TurnPage struct {
	Items         []Turn
	Total         int64
	NextPageToken string
}

// TurnKind is what the organization is to do.
type TurnKind string

// The turns: a provider's, then an agency's.
const (
	TurnProposal       TurnKind = "proposal"        // submit the proposal an order requested
	TurnSupplement     TurnKind = "supplement"      // send the documents a supplement request asks for
	TurnQualityReport  TurnKind = "quality_report"  // submit the yearly quality report
	TurnRemediation    TurnKind = "remediation"     // remediate before the re-inspection
	TurnEvaluation     TurnKind = "evaluation"      // evaluate a proposal
	TurnNegotiation    TurnKind = "negotiation"     // record the negotiation's outcome
	TurnContractChange TurnKind = "contract_change" // register a contract's change
	TurnSearch         TurnKind = "search"          // evaluate a saved search and record its outcome
)

// AllTurnKinds lists every turn, for the pages' labels.
var AllTurnKinds = []TurnKind{TurnProposal, TurnSupplement, TurnQualityReport, TurnRemediation,
	TurnEvaluation, TurnNegotiation, TurnContractChange, TurnSearch}

// Late reports whether the turn is past its due time at now.
func (t Turn) Late(now time.Time) bool { return t.DueAt != nil && !now.Before(*t.DueAt) }
