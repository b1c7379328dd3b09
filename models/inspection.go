package models

import (
	"strings"
	"time"
)

// InspectionKind is what a continuous-inspection fact (상시점검) is about: the management
// state and certificates of a selected service's provider change at any time, and the
// operator records each change as it learns of it (SPEC.md, Process 4).
type InspectionKind string

// Inspection kinds (API.md).
const (
	InspectCreditRating   InspectionKind = "credit_rating"   // 신용평가등급 변동
	InspectBusinessStatus InspectionKind = "business_status" // 휴업·폐업·부도
	InspectDebarment      InspectionKind = "debarment"       // 부정당업자 제재
	InspectCSAP           InspectionKind = "csap"            // 클라우드 보안인증(CSAP) 갱신·취소·만료
)

// AllInspectionKinds lists every kind, for messages and the API document.
var AllInspectionKinds = []InspectionKind{InspectCreditRating, InspectBusinessStatus, InspectDebarment, InspectCSAP}

// ParseInspectionKind accepts the kinds above.
func ParseInspectionKind(s string) (InspectionKind, error) {
	return oneOf(strings.TrimSpace(s), AllInspectionKinds, "invalid.inspection_kind")
}

// Values of a csap event besides "valid:YYYY-MM-DD" (renewed or confirmed valid until).
const (
	CSAPCancelled   = "cancelled"
	CSAPExpired     = "expired"
	csapValidPrefix = "valid:"
)

// CSAPValidValue is the value of a csap fact that renews the certificate until date
// (YYYY-MM-DD): the same words an operator types.
func CSAPValidValue(date string) string { return csapValidPrefix + date }

// InspectionEventInput is the body of POST /services/{id}/events.
type InspectionEventInput struct {
	Kind        string `json:"kind"`
	Value       string `json:"value"`
	EffectiveOn string `json:"effective_on"`
	Source      string `json:"source"`
}

// InspectionEvent is one validated continuous-inspection fact. Value is normalized (an
// upper-case grade, a date as YYYY-MM-DD) so that the record reads the same whoever typed it.
type InspectionEvent struct {
	Kind        InspectionKind `json:"kind"`
	Value       string         `json:"value"`
	EffectiveOn Date           `json:"effective_on"`
	Source      string         `json:"source"`
	RecordedAt  time.Time      `json:"recorded_at"`
	RecordedBy  string         `json:"recorded_by"`
}

// CSAPValidUntil returns the last valid day a "csap valid:" event gives.
func (e InspectionEvent) CSAPValidUntil() (Date, bool) {
	s, ok := strings.CutPrefix(e.Value, csapValidPrefix)
	if e.Kind != InspectCSAP || !ok {
		return Date{}, false
	}
	d, err := ParseDate(s)
	return d, err == nil
}

// ParseInspectionEvent validates a continuous-inspection fact recorded at now. Each field
// error names its field; the value is checked against its kind:
//   - credit_rating: a grade of the Korean corporate scale (AAA … B-, CCC+ … D);
//   - business_status: active, suspended, closed, bankrupt or rehabilitation_approved;
//   - debarment: the last day of the debarment, YYYY-MM-DD;
//   - csap: "valid:YYYY-MM-DD" (renewed or confirmed, valid through that day, not already
//     over and at most the certificate's validity from effective_on), "cancelled" or
//     "expired".
//
// effective_on is the day the fact took effect; it may not lie in the future, because the
// operator records what has happened, not what is announced. source says where the fact
// comes from (a rating agency's notice, the tax office's closure lookup, …): every finding
// must be traceable.
func ParseInspectionEvent(in InspectionEventInput, now time.Time) (InspectionEvent, error) {
	return parseInspectionEvent(in, now, nil)
}

// parseInspectionEvent is ParseInspectionEvent for a watch that holds pins (nil: the
// table's versions).
func parseInspectionEvent(in InspectionEventInput, now time.Time, pins *CasePins) (InspectionEvent, error) {
	var fe Fields
	today := DateOf(now)
	e := InspectionEvent{Source: strings.TrimSpace(in.Source)}
	kind, kindErr := ParseInspectionKind(in.Kind)
	if kindErr != nil {
		fe.AddErr("kind", kindErr)
	}
	e.Kind = kind
	effective, effErr := ParseRegimeDate(strings.TrimSpace(in.EffectiveOn))
	switch {
	case effErr != nil:
		fe.AddErr("effective_on", effErr)
	case effective.After(today.Time):
		fe.AddText("effective_on", Msg("invalid.inspection_effective_future", "today", today.String()))
	}
	e.EffectiveOn = effective
	if err := checkText(e.Source, 1, 200); err != nil {
		fe.AddErr("source", err)
	}
	value := strings.TrimSpace(in.Value)
	if kindErr == nil {
		v, msg := parseInspectionValue(kind, value, effective, effErr == nil, today, pins)
		if msg != nil {
			fe.AddText("value", msg)
		}
		e.Value = v
	}
	if err := fe.Err(); err != nil {
		return InspectionEvent{}, err
	}
	return e, nil
}

// parseInspectionValue normalizes value for kind, or says why it is invalid (an error of
// another parser passes on as it came).
func parseInspectionValue(kind InspectionKind, value string, effective Date, effectiveOK bool, today Date, pins *CasePins) (string, *Text) {
	switch kind {
	case InspectCreditRating:
		r, err := ParseCreditRating(value)
		if err != nil {
			return "", textOf(err)
		}
		return string(r), nil
	case InspectBusinessStatus:
		b, err := ParseBusinessStatus(value)
		if err != nil {
			return "", textOf(err)
		}
		return string(b), nil
	case InspectDebarment:
		if _, err := ParseDate(value); err != nil {
			return "", Msg("invalid.debarment_last_day")
		}
		d, err := ParseRegimeDate(value)
		if err != nil {
			return "", textOf(err)
		}
		return d.String(), nil
	case InspectCSAP:
		if value == CSAPCancelled || value == CSAPExpired {
			return value, nil
		}
		s, ok := strings.CutPrefix(value, csapValidPrefix)
		if !ok {
			return "", Msg("invalid.csap_inspection_value")
		}
		until, err := ParseDate(s)
		switch {
		case err != nil:
			return "", Msg("invalid.csap_inspection_value")
		case until.Before(today.Time):
			return "", Msg("invalid.csap_ran_out", "date", until.String())
		case effectiveOK:
			years, err := watchRuleIntAt(pins, RuleCSAPValidYears, effective.Time)
			if err != nil {
				return "", Msg("invalid.inspection_cannot_judge", "reason", err.Error())
			}
			if until.After(effective.AddDate(years, 0, 0)) {
				return "", Msg("invalid.csap_valid_years_from_effective", "years", itoa(int64(years)))
			}
		}
		return csapValidPrefix + until.String(), nil
	}
	return "", Msg("invalid.inspection_value_unchecked")
}

// InspectionOutcome is what a continuous-inspection fact means for the service.
type InspectionOutcome string

// Outcomes (SPEC.md, Process 4). Remediation (보완조치) comes from the regular inspection's
// quality report, not from these facts, so no fact leads to it.
const (
	InspectionFit      InspectionOutcome = "fit"      // 적합: recorded, nothing changes
	InspectionRereview InspectionOutcome = "rereview" // 재심사 사유: expert review and committee again
	InspectionUnfit    InspectionOutcome = "unfit"    // 부적합: removed from the catalog, notice published
)

// InspectionDecision is the outcome of one fact and why.
type InspectionDecision struct {
	Outcome InspectionOutcome `json:"outcome"`
	Reason  string            `json:"reason"`
	// text is Reason keyed; the finding keeps it for the pages.
	text *Text
}

func decided(o InspectionOutcome, t *Text) InspectionDecision {
	return InspectionDecision{Outcome: o, Reason: t.English(), text: t}
}

// DecideInspection is the one rule of continuous inspection, after 디지털서비스
// 이용지원시스템 운영 고시 제6–8조 as SPEC.md (Process 4) summarises them:
//
//   - unfit (부적합), at once: the provider closed (폐업) or went bankrupt (부도·파산), or
//     the CSAP certificate was cancelled or expired. These are the grounds the notice names
//     as unfit; no committee could select the service again as it is.
//   - rereview (재심사 사유): a credit rating below the floor of the rule table
//     (RuleMinCreditRating, B-), a debarment (부정당업자 제재) whose last day is on or after
//     the effective date, or a suspended business (휴업). Each means a selection criterion
//     (eligibility, 심사·선정 고시) is no longer met; the regulation's "criteria no longer
//     met" ground for unfitness is decided by the committee in a re-review rather than by
//     this rule, because these states are reversible (a suspension ends, a rating recovers,
//     a debarment runs out) and the exemption of companies founded within 3 years is the
//     committee's to weigh again. A suspension in particular is dsmarket's choice: SPEC.md
//     names only closure and bankruptcy as unfit.
//   - fit (적합): anything else — an active business or an approved rehabilitation plan, a
//     rating at or above the floor, a debarment that ended before the effective date, a CSAP
//     renewal. The fact is recorded and nothing changes.
//
// The floor is the rule in force on the fact's effective date, the day the state changed
// (a watch that pinned its rules judges by the version it holds: ServiceWatch.Record).
func DecideInspection(e InspectionEvent) InspectionDecision {
	return decideInspection(e, tableCreditFloor(e.EffectiveOn))
}

// tableCreditFloor is the credit floor of the table in force on day on. A stored fact from
// before the regime (recorded before its parser refused such dates) is judged by the first
// floor; an absent floor would put every grade below it.
func tableCreditFloor(on Date) CreditRating {
	r, _ := ruleInForce(Rules, RuleMinCreditRating, on.Time)
	return CreditRating(r.Value)
}

// decideInspection is DecideInspection against the credit floor the caller holds.
func decideInspection(e InspectionEvent, floor CreditRating) InspectionDecision {
	on := e.EffectiveOn
	switch e.Kind {
	case InspectBusinessStatus:
		switch BusinessStatus(e.Value) {
		case BusinessClosed:
			return decided(InspectionUnfit, Msg("inspection.closed", "on", on.String()))
		case BusinessBankrupt:
			return decided(InspectionUnfit, Msg("inspection.bankrupt", "on", on.String()))
		case BusinessSuspended:
			return decided(InspectionRereview, Msg("inspection.suspended", "on", on.String()))
		}
		return decided(InspectionFit, Msg("inspection.business", "status", "business."+e.Value, "on", on.String()))
	case InspectCreditRating:
		if CreditRating(e.Value).Below(floor) {
			return decided(InspectionRereview, Msg("inspection.rating_below", "rating", e.Value, "floor", string(floor), "on", on.String()))
		}
		return decided(InspectionFit, Msg("inspection.rating_ok", "rating", e.Value, "floor", string(floor), "on", on.String()))
	case InspectDebarment:
		last, _ := ParseDate(e.Value)
		if !last.Before(on.Time) {
			return decided(InspectionRereview, Msg("inspection.debarred", "until", last.String(), "on", on.String()))
		}
		return decided(InspectionFit, Msg("inspection.debarment_ended", "until", last.String(), "on", on.String()))
	case InspectCSAP:
		switch e.Value {
		case CSAPCancelled:
			return decided(InspectionUnfit, Msg("inspection.csap_cancelled", "on", on.String()))
		case CSAPExpired:
			return decided(InspectionUnfit, Msg("inspection.csap_expired", "on", on.String()))
		}
		until, _ := e.CSAPValidUntil()
		return decided(InspectionFit, Msg("inspection.csap_valid", "until", until.String()))
	}
	// ParseInspectionEvent admits no other kind; a stored event of a kind added later and
	// then withdrawn changes nothing rather than removing a service.
	return decided(InspectionFit, Msg("inspection.recorded", "kind", string(e.Kind), "value", e.Value))
}
