package models

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// OrderStatus is where a catalog order (카탈로그계약 납품요구) stands.
type OrderStatus string

// Order statuses (API.md).
const (
	OrderProposalRequested OrderStatus = "proposal_requested" // 제안요청
	OrderProposalSubmitted OrderStatus = "proposal_submitted" // 제안서 제출
	OrderNegotiating       OrderStatus = "negotiating"        // 협상
	OrderNotQualified      OrderStatus = "not_qualified"      // 85점 미만
	OrderDeliveryRequested OrderStatus = "delivery_requested" // 납품요구 (계약 체결)
	OrderLapsed            OrderStatus = "lapsed"             // 기한 경과 또는 협상 결렬
	OrderCancelled         OrderStatus = "cancelled"          // 취소 또는 서비스 제외로 중단
)

func (s OrderStatus) String() string { return string(s) }

// AllOrderStatuses lists every status in the order a case passes them, for filters.
var AllOrderStatuses = []OrderStatus{OrderProposalRequested, OrderProposalSubmitted, OrderNegotiating,
	OrderNotQualified, OrderDeliveryRequested, OrderLapsed, OrderCancelled}

// Final reports whether no further step can follow.
func (s OrderStatus) Final() bool {
	switch s {
	case OrderNotQualified, OrderDeliveryRequested, OrderLapsed, OrderCancelled:
		return true
	}
	return false
}

// Order actions, as recorded in the timeline.
const (
	ActionProposalRequested  = "proposal_requested"
	ActionProposalSubmitted  = "proposal_submitted"
	ActionEvaluated          = "evaluated"
	ActionNegotiationAgreed  = "negotiation_agreed"
	ActionNegotiationFailed  = "negotiation_failed"
	ActionDeliveryRequested  = "delivery_requested"
	ActionProposalLapsed     = "proposal_lapsed"
	ActionNegotiationLapsed  = "negotiation_lapsed"
	ActionCancelled          = "cancelled"
	ActionServiceRemoved     = "stopped_service_removed"
	ActionServiceUnorderable = "stopped_service_not_orderable"
)

// Step is one entry of a case's timeline: who did what, when, and why.
type Step struct {
	At     time.Time `json:"at"`
	Actor  Actor     `json:"actor"`
	Action string    `json:"action"`
	Status string    `json:"status"`
	Note   string    `json:"note,omitempty"`
	// NoteText is Note as a keyed text, for a page in the visitor's language; steps
	// recorded before their notes were keyed, and notes a person typed, have none.
	NoteText *Text `json:"note_text,omitempty"`
	// Request names the request that made a human step, for the audit log: the ID of the
	// workflow Update, which the API begins with its X-Request-Id (the first request's, for
	// a request retried with its Idempotency-Key). Empty for the system's own steps.
	Request string `json:"request,omitempty"`
}

// keyedStep is a step of a timeline: its note in English for the REST contract and, for a
// note of the domain's own, the key and its arguments for the pages.
func keyedStep(now time.Time, by Actor, action, status string, note *Text) Step {
	s := Step{At: now.In(Seoul), Actor: by, Action: action, Status: status, Note: note.English()}
	if note.Key != "" {
		s.NoteText = note
	}
	return s
}

// OrderRequest is a validated request to open a catalog order.
type OrderRequest struct {
	ServiceID   string `json:"service_id"`
	Title       string `json:"title"`
	BudgetKRW   KRW    `json:"budget_krw"`
	ProposalDue Date   `json:"proposal_due"`
}

// ParseOrderRequest validates the fields of POST /orders. today is the Seoul date of the
// request: a proposal due date must leave the provider at least until the end of today.
func ParseOrderRequest(serviceID, title string, budget int64, proposalDue string, today Date) (OrderRequest, error) {
	var fe Fields
	var r OrderRequest
	r.ServiceID = strings.TrimSpace(serviceID)
	if r.ServiceID == "" {
		fe.AddText("service_id", Msg("invalid.required"))
	}
	r.Title = strings.TrimSpace(title)
	if err := checkText(r.Title, 1, 200); err != nil {
		fe.AddErr("title", err)
	}
	if b, err := ParseKRW(budget); err != nil {
		fe.AddErr("budget_krw", err)
	} else {
		r.BudgetKRW = b
	}
	if d, err := ParseDate(proposalDue); err != nil {
		fe.AddErr("proposal_due", err)
	} else if d.Before(today.Time) {
		fe.AddText("proposal_due", Msg("invalid.not_before_today_seoul", "today", today.String()))
	} else if d.After(today.AddDate(1, 0, 0)) {
		fe.AddText("proposal_due", Msg("invalid.proposal_due_within_one_year"))
	} else {
		r.ProposalDue = d
	}
	return r, fe.Err()
}

func checkText(s string, minLen, maxLen int) error {
	n := utf8.RuneCountInString(s)
	switch {
	case !utf8.ValidString(s):
		return refusal("invalid.text_encoding", "encoding", "UTF-8")
	case n < minLen && minLen == 1:
		return refusal("invalid.required")
	case n < minLen:
		return refusal("invalid.min_chars", "min", itoa(int64(minLen)))
	case n > maxLen:
		return refusal("invalid.max_chars", "max", itoa(int64(maxLen)))
	}
	return nil
}

// Proposal is the provider's answer to a proposal request (제안서).
type Proposal struct {
	PriceKRW    KRW       `json:"price_krw"`
	Summary     string    `json:"summary"`
	SubmittedAt time.Time `json:"submitted_at"`
	SubmittedBy string    `json:"submitted_by"`
	// Documents are the proposal's files (the proposal itself, its price sheet), by
	// reference; the order's agency reads them.
	Documents []Document `json:"documents,omitempty"`
}

// ProposalInput is the body of POST /orders/{id}/proposal. Documents are optional.
type ProposalInput struct {
	PriceKRW  int64           `json:"price_krw"`
	Summary   string          `json:"summary"`
	Documents []DocumentInput `json:"documents,omitempty"`
}

// parse validates the proposal by sends at now.
func (in ProposalInput) parse(now time.Time, by string) (Proposal, error) {
	var fe Fields
	price, err := ParseKRW(in.PriceKRW)
	if err != nil {
		fe.AddErr("price_krw", err)
	}
	summary := strings.TrimSpace(in.Summary)
	if err := checkText(summary, 1, 4000); err != nil {
		fe.AddErr("summary", err)
	}
	var docs []Document
	if len(in.Documents) > 0 {
		docs = parseDocuments("documents", in.Documents, ProposalDocumentKinds, by, now, &fe)
	}
	if err := fe.Err(); err != nil {
		return Proposal{}, err
	}
	return Proposal{PriceKRW: price, Summary: summary, SubmittedAt: now, SubmittedBy: by, Documents: docs}, nil
}

// ScoreInput is one criterion of an evaluation as the agency sends it.
type ScoreInput struct {
	Criterion string  `json:"criterion"`
	Score     float64 `json:"score"`
	Max       float64 `json:"max"`
}

// Score is one validated criterion.
type Score struct {
	Criterion string `json:"criterion"`
	Score     Points `json:"score"`
	Max       Points `json:"max"`
}

// Evaluation is the agency's scoring of a proposal (제안서 평가), total on 0–100.
type Evaluation struct {
	Scores      []Score   `json:"scores"`
	Total       Points    `json:"total"`
	Qualified   bool      `json:"qualified"`
	EvaluatedAt time.Time `json:"evaluated_at"`
	EvaluatedBy string    `json:"evaluated_by"`
}

// MaxCriteria bounds an evaluation's length.
const MaxCriteria = 50

// ParseScores validates the criteria and computes the total on a 0–100 scale: the sum of
// scores over the sum of maxima. With maxima summing to 100 (PPS's default criteria) the
// total is the plain sum. Whether it qualifies is decided exactly, without rounding, so a
// total that would display as 85.00 but is below 85 does not qualify.
func ParseScores(in []ScoreInput, at time.Time) (Evaluation, error) {
	return parseScores(in, RuleInt(RuleQualifyingScore, at))
}

// parseScores is ParseScores against a threshold the caller holds (a case's pinned rule).
func parseScores(in []ScoreInput, threshold int) (Evaluation, error) {
	var fe Fields
	if len(in) == 0 {
		fe.AddText("scores", Msg("invalid.order_scores_required"))
		return Evaluation{}, fe.Err()
	}
	if len(in) > MaxCriteria {
		fe.AddText("scores", Msg("invalid.order_max_criteria", "max", itoa(MaxCriteria)))
		return Evaluation{}, fe.Err()
	}
	seen := map[string]bool{}
	var ev Evaluation
	var sum, sumMax Points
	for i, s := range in {
		name := strings.TrimSpace(s.Criterion)
		field := fmt.Sprintf("scores[%d]", i)
		if err := checkText(name, 1, 200); err != nil {
			fe.AddErr(field+".criterion", err)
		} else if seen[name] {
			fe.AddText(field+".criterion", Msg("invalid.order_criterion_twice", "name", strconv.Quote(name)))
		}
		seen[name] = true
		score, errS := ParsePoints(s.Score)
		if errS != nil {
			fe.AddErr(field+".score", errS)
		}
		maxPts, errM := ParsePoints(s.Max)
		if errM != nil {
			fe.AddErr(field+".max", errM)
		} else if maxPts == 0 {
			fe.AddText(field+".max", Msg("invalid.order_max_points_greater_than", "min", "0"))
		}
		if errS == nil && errM == nil && score > maxPts {
			fe.AddText(field+".score", Msg("invalid.order_score_exceeds_max", "max", maxPts.String()))
		}
		ev.Scores = append(ev.Scores, Score{Criterion: name, Score: score, Max: maxPts})
		sum += score
		sumMax += maxPts
	}
	if err := fe.Err(); err != nil {
		return Evaluation{}, err
	}
	ev.Total = sum * 10000 / sumMax // hundredths of a point on 0–100, rounded down
	ev.Qualified = int64(sum)*100 >= int64(threshold)*int64(sumMax)
	return ev, nil
}

// NegotiationInput is the body of POST /orders/{id}/negotiation.
type NegotiationInput struct {
	Agreed        *bool  `json:"agreed"`
	FinalPriceKRW int64  `json:"final_price_krw,omitempty"`
	Terms         string `json:"terms,omitempty"`
	Reason        string `json:"reason,omitempty"`
}

func (in NegotiationInput) validate() error {
	var fe Fields
	switch {
	case in.Agreed == nil:
		fe.AddText("agreed", Msg("invalid.agreed_required"))
	case *in.Agreed:
		if _, err := ParseKRW(in.FinalPriceKRW); err != nil {
			fe.AddErr("final_price_krw", err)
		}
		if err := checkText(strings.TrimSpace(in.Terms), 1, 4000); err != nil {
			fe.AddErr("terms", err)
		}
	default:
		if err := checkText(strings.TrimSpace(in.Reason), 1, 1000); err != nil {
			fe.AddErr("reason", err)
		}
	}
	return fe.Err()
}

// CancelInput is the body of POST /orders/{id}/cancel.
type CancelInput struct {
	Reason string `json:"reason"`
}

func (in CancelInput) validate() error {
	var fe Fields
	if err := checkText(strings.TrimSpace(in.Reason), 1, 1000); err != nil {
		fe.AddErr("reason", err)
	}
	return fe.Err()
}
