package models

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// DirectContractStatus is where a direct contract (수의계약) stands in its registration. The
// contract itself is concluded outside dsmarket; what the system tracks is that it, and each
// change to it, is registered within its window (국가계약법 시행령 제15조의2⑤).
type DirectContractStatus string

// Direct contract statuses.
const (
	ContractRegistered    DirectContractStatus = "registered"     // 등록: no change awaits its details
	ContractChangePending DirectContractStatus = "change_pending" // 변경 예고: an announced change awaits its details
	ContractChangeOverdue DirectContractStatus = "change_overdue" // 변경 등록 기한 경과: an announced change is past its due date
	ContractClosed        DirectContractStatus = "closed"         // 종료: the period and the window after it are over
)

// AllDirectContractStatuses lists every status, for filters and for SQL.
var AllDirectContractStatuses = []DirectContractStatus{ContractRegistered, ContractChangePending,
	ContractChangeOverdue, ContractClosed}

func (s DirectContractStatus) String() string { return string(s) }

// Final reports whether the contract takes no more changes.
func (s DirectContractStatus) Final() bool { return s == ContractClosed }

// ChangeStatus is where one change of a direct contract (계약 변경) stands.
type ChangeStatus string

// Change statuses.
const (
	ChangePending    ChangeStatus = "pending"    // announced; details not yet registered, due date not passed
	ChangeRegistered ChangeStatus = "registered" // details registered (late or not)
	ChangeOverdue    ChangeStatus = "overdue"    // announced; the due date passed without details
)

// Open reports whether the change still waits for its details.
func (s ChangeStatus) Open() bool { return s == ChangePending || s == ChangeOverdue }

// Direct contract actions, as recorded in the timeline.
const (
	ActionContractRegistered = "contract_registered"
	ActionChangeAnnounced    = "change_announced"
	ActionChangeRegistered   = "change_registered"
	ActionChangeReminded     = "change_reminded"
	ActionChangeOverdue      = "change_overdue"
	ActionContractClosed     = "contract_closed"
)

// MaxContractChanges bounds the changes of one contract, so that its state (read by
// every query and written to the projection) stays small. Real contracts have a few.
const MaxContractChanges = 100

// MaxContractFiles bounds the files of one contract, its registration's and its changes'
// together, for the same reason: each change may bring MaxDocuments.
const MaxContractFiles = 100

// DirectContractInput is the body of POST /contracts.
type DirectContractInput struct {
	ServiceID    string `json:"service_id"`
	Title        string `json:"title"` // optional (API.md): see WithDefaultTitle
	ContractedOn string `json:"contracted_on"`
	AmountKRW    int64  `json:"amount_krw"`
	PeriodFrom   string `json:"period_from"`
	PeriodTo     string `json:"period_to"`
	Method       string `json:"method"`
	// SearchID names the frozen direct-award search the contract follows (optional): the
	// service must be among its results (docs/searches.md).
	SearchID string `json:"search_id,omitempty"`
	// Documents are the contract's files (optional): the contract (계약서) and what backs it.
	Documents []DocumentInput `json:"documents,omitempty"`
}

// DirectContractRequest is a validated registration of a direct contract.
type DirectContractRequest struct {
	ServiceID    string `json:"service_id"`
	Title        string `json:"title"`
	ContractedOn Date   `json:"contracted_on"`
	AmountKRW    KRW    `json:"amount_krw"`
	PeriodFrom   Date   `json:"period_from"`
	PeriodTo     Date   `json:"period_to"`
}

// ParseDirectContract validates the fields of POST /contracts. today is the Seoul date of
// the request: a contract is registered after it was concluded, never before, and the
// system registers no contract, and no period, from before it came into force
// (RegimeStart). The period must not end before the contract date: a period wholly in the
// past of its contract is a typo. The title is optional (API.md); the caller names an
// untitled contract after its service with WithDefaultTitle once it has the service.
func ParseDirectContract(in DirectContractInput, today Date) (DirectContractRequest, error) {
	var fe Fields
	var r DirectContractRequest
	r.ServiceID = strings.TrimSpace(in.ServiceID)
	if r.ServiceID == "" {
		fe.AddText("service_id", Msg("invalid.required"))
	}
	r.Title = strings.TrimSpace(in.Title)
	if err := checkText(r.Title, 0, 200); err != nil {
		fe.AddErr("title", err)
	}
	if a, err := ParseKRW(in.AmountKRW); err != nil {
		fe.AddErr("amount_krw", err)
	} else {
		r.AmountKRW = a
	}
	contracted, err := ParseRegimeDate(in.ContractedOn)
	switch {
	case err != nil:
		fe.AddErr("contracted_on", err)
	case contracted.After(today.Time):
		fe.AddText("contracted_on", Msg("invalid.not_after_today_seoul", "today", today.String()))
	default:
		r.ContractedOn = contracted
	}
	from, errFrom := ParseRegimeDate(in.PeriodFrom)
	if errFrom != nil {
		fe.AddErr("period_from", errFrom)
	}
	to, errTo := ParseRegimeDate(in.PeriodTo)
	switch {
	case errTo != nil:
		fe.AddErr("period_to", errTo)
	case errFrom == nil && to.Before(from.Time):
		fe.AddText("period_to", Msg("invalid.not_before_period_from", "from", from.String()))
	case !r.ContractedOn.IsZero() && to.Before(r.ContractedOn.Time):
		fe.AddText("period_to", Msg("invalid.not_before_contracted_on", "date", r.ContractedOn.String()))
	}
	r.PeriodFrom, r.PeriodTo = from, to
	if in.Method != string(MethodDirect) {
		fe.AddText("method", Msg("invalid.direct_contract_method"))
	}
	return r, fe.Err()
}

// untitledSuffix ends the title of a contract registered without one: "<service> 수의계약"
// reads in a list as the agency's own register would.
const untitledSuffix = " 수의계약"

// WithDefaultTitle gives a request without a title one derived from the name of its
// service, so that every list and page shows something a person recognises; a title the
// agency gave stays. It is applied after the Idempotency-Key is claimed, so that a retry
// of the same body is the same request even if the service was renamed in between.
func (r DirectContractRequest) WithDefaultTitle(serviceName string) DirectContractRequest {
	if r.Title != "" {
		return r
	}
	name := []rune(strings.TrimSpace(serviceName))
	if len(name) == 0 {
		name = []rune(r.ServiceID)
	}
	if limit := 200 - utf8.RuneCountInString(untitledSuffix); len(name) > limit {
		name = name[:limit]
	}
	r.Title = string(name) + untitledSuffix
	return r
}

// ContractChangeInput is the body of PATCH /contracts/{id}: a change of the contract (계약
// 변경) on changed_on for a reason. Without any new value it announces the change, whose
// details are then due; with values it registers them. A value left out stays as it is.
type ContractChangeInput struct {
	ChangedOn  string  `json:"changed_on"`
	Reason     string  `json:"reason"`
	AmountKRW  *int64  `json:"amount_krw,omitempty"`
	PeriodFrom *string `json:"period_from,omitempty"`
	PeriodTo   *string `json:"period_to,omitempty"`
	Title      *string `json:"title,omitempty"`
	// Documents are the change's files (optional): the amended contract (변경계약서) and
	// what backs it. They are not values: a change with files but no new value announces.
	Documents []DocumentInput `json:"documents,omitempty"`
}

// HasValues reports whether the change carries details, as opposed to announcing them.
func (in ContractChangeInput) HasValues() bool {
	return in.AmountKRW != nil || in.PeriodFrom != nil || in.PeriodTo != nil || in.Title != nil
}

// ContractChange is one change of a direct contract with its own registration window:
// due changed_on + 30 calendar days, late when registered after that date.
type ContractChange struct {
	No        int    `json:"no"`
	ChangedOn Date   `json:"changed_on"`
	Reason    string `json:"reason"`
	// The new values; a value the change left as it was is absent.
	AmountKRW  *KRW   `json:"amount_krw,omitempty"`
	PeriodFrom *Date  `json:"period_from,omitempty"`
	PeriodTo   *Date  `json:"period_to,omitempty"`
	Title      string `json:"title,omitempty"`
	// AnnouncedAt is set when the change was announced before its details.
	AnnouncedAt     *time.Time   `json:"announced_at,omitempty"`
	RegisteredAt    *time.Time   `json:"registered_at,omitempty"`
	RegistrationDue Date         `json:"registration_due"`
	Late            bool         `json:"late"`
	Status          ChangeStatus `json:"status"`
	// RemindAt is when the agency is reminded of the details, the start of the day three
	// days before the due date; absent when that moment had passed at the announcement.
	RemindAt   *time.Time `json:"remind_at,omitempty"`
	RemindedAt *time.Time `json:"reminded_at,omitempty"`
	// Documents are the files registered with the change (its announcement and its
	// details), by reference; the contract's provider reads them.
	Documents []Document `json:"documents,omitempty"`
}

// Deadline is the instant the change's window closes: midnight Seoul after its due date.
func (ch ContractChange) Deadline() time.Time { return ch.RegistrationDue.EndOfDay() }

// changeValues is a validated change.
type changeValues struct {
	changedOn Date
	reason    string
	amount    *KRW
	from, to  *Date
	title     *string
	docs      []Document
}

func (v changeValues) hasValues() bool {
	return v.amount != nil || v.from != nil || v.to != nil || v.title != nil
}

// registrationDue is the last day to register something that happened on day: day plus the
// registration period the contract holds (pinned), or, for a contract without pins, the one
// in force on that day. The day comes from the request, so the due stays a date even in the
// sandbox; the waits derived from it are shortened instead (deadlineOf).
func (c *DirectContract) registrationDue(day Date) Date {
	return Date{day.AddDate(0, 0, c.Pins.Int(RuleDirectContractDays, day.Time))}
}

// lateOn reports whether a registration at instant at misses the due date: it is on time
// through the whole of the due date in Seoul, and late from the midnight after it.
func lateOn(at time.Time, due Date) bool { return DateOf(at).After(due.Time) }

// parseChange validates a change against the contract as it stands at now.
func (c *DirectContract) parseChange(now time.Time, by string, in ContractChangeInput) (changeValues, error) {
	var fe Fields
	var v changeValues
	today := DateOf(now)
	switch d, err := ParseRegimeDate(in.ChangedOn); {
	case err != nil:
		fe.AddErr("changed_on", err)
	case d.Before(c.ContractedOn.Time):
		fe.AddText("changed_on", Msg("invalid.not_before_contracted_on", "date", c.ContractedOn.String()))
	case d.After(today.Time):
		fe.AddText("changed_on", Msg("invalid.not_after_today_seoul", "today", today.String()))
	default:
		v.changedOn = d
	}
	v.reason = strings.TrimSpace(in.Reason)
	if err := checkText(v.reason, 1, 1000); err != nil {
		fe.AddErr("reason", err)
	}
	v.amount = optional(&fe, "amount_krw", in.AmountKRW, ParseKRW)
	if len(in.Documents) > 0 {
		v.docs = parseDocuments("documents", in.Documents, ContractDocumentKinds, by, now, &fe)
		if held := len(c.Files()); held+len(in.Documents) > MaxContractFiles {
			fe.AddText("documents", Msg("invalid.contract_files_full", "max", itoa(MaxContractFiles), "held", itoa(int64(held))))
		}
	}
	if in.Title != nil {
		t := strings.TrimSpace(*in.Title)
		if err := checkText(t, 1, 200); err != nil {
			fe.AddErr("title", err)
		} else {
			v.title = &t
		}
	}
	v.from = optional(&fe, "period_from", in.PeriodFrom, ParseRegimeDate)
	v.to = optional(&fe, "period_to", in.PeriodTo, ParseRegimeDate)
	// The period as it would stand after the change must still hold together.
	from, to := c.PeriodFrom, c.PeriodTo
	if v.from != nil {
		from = *v.from
	}
	if v.to != nil {
		to = *v.to
	}
	parsed := (in.PeriodFrom == nil || v.from != nil) && (in.PeriodTo == nil || v.to != nil)
	field := "period_to"
	if v.to == nil {
		field = "period_from"
	}
	switch {
	case !parsed || (v.from == nil && v.to == nil):
	case to.Before(from.Time):
		fe.AddText(field, Msg("invalid.change_period_reversed", "from", from.String(), "to", to.String()))
	case to.Before(c.ContractedOn.Time):
		fe.AddText("period_to", Msg("invalid.not_before_contracted_on", "date", c.ContractedOn.String()))
	}
	// Details complete the oldest change still waiting for them, so that no announced
	// change is silently overtaken by a later one.
	if open := c.oldestOpen(); open != nil && v.hasValues() && !v.changedOn.IsZero() && !v.changedOn.Equal(open.ChangedOn.Time) {
		fe.AddText("changed_on", Msg("invalid.change_details_due_first",
			"date", open.ChangedOn.String(), "no", itoa(int64(open.No)), "due", open.RegistrationDue.String()))
	}
	return v, fe.Err()
}

// Files are all the files the contract holds: its registration's, then its changes'.
func (c *DirectContract) Files() []Document {
	out := slices.Clone(c.Documents)
	for _, ch := range c.Changes {
		out = append(out, ch.Documents...)
	}
	return out
}

// describeValues is the text of the values a change sets: each of amount, period and title
// its own keyed part, several joined as a contract.values_<n> text of them in that order.
// A change registered with details sets at least one.
func describeValues(v changeValues) *Text {
	var parts []*Text
	if v.amount != nil {
		parts = append(parts, Msg("contract.value_amount", "amount", itoa(int64(*v.amount))))
	}
	switch {
	case v.from != nil && v.to != nil:
		parts = append(parts, Msg("contract.value_period", "from", v.from.String(), "to", v.to.String()))
	case v.from != nil:
		parts = append(parts, Msg("contract.value_period_from", "from", v.from.String()))
	case v.to != nil:
		parts = append(parts, Msg("contract.value_period_to", "to", v.to.String()))
	}
	if v.title != nil {
		parts = append(parts, Msg("contract.value_title", "title", fmt.Sprintf("%q", *v.title)))
	}
	var key string
	switch len(parts) {
	case 1:
		return parts[0]
	case 2:
		key = "contract.values_two"
	default:
		key = "contract.values_three"
	}
	list := Msg(key)
	for i, part := range parts {
		list = nest(list, valueOrdinals[i], part)
	}
	return list
}

// valueOrdinals name the parts of a contract.values_<n> text, in order.
var valueOrdinals = []string{"first", "second", "third"}
