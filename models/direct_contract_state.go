package models

import "time"

// DirectContract is the registration of one direct contract (수의계약 등록) and of its
// changes. The workflow owns it; the API shows it; the PostgreSQL projection is a copy for
// lists. The top-level terms (title, amount, period) are those in force: each registered
// change updates them and keeps the values it set.
//
// Deadlines, all in calendar days in Asia/Seoul from the rule table:
//   - the contract is due registration_due = contracted_on + 30 days (the rule in force on
//     the contract date) and is late when registered on a later Seoul date;
//   - each change is due changed_on + 30 days and is late likewise. A change may be
//     announced first (changed_on and reason only); the agency is then reminded at the start
//     of the day 3 days before its due date, and at the end of the due date the change is
//     marked overdue (and late). Details registered later complete the oldest open change;
//   - the contract closes at closes_at = the end of period_to + 30 days, once no change is
//     open; a closed contract takes no more changes.
type DirectContract struct {
	ID          string               `json:"id"`
	WorkflowID  string               `json:"workflow_id"`
	Status      DirectContractStatus `json:"status"`
	Method      ContractMethod       `json:"method"`
	ServiceID   string               `json:"service_id"`
	ServiceName string               `json:"service_name"`
	// ServiceNameEn is the catalog's English name of the service when the case opened (empty
	// when it had none), for the texts an English reader reads (ServiceNameArgs).
	ServiceNameEn   string           `json:"service_name_en,omitempty"`
	ServiceType     ServiceType      `json:"service_type"`
	AgencyOrg       string           `json:"agency_org"`
	ProviderOrg     string           `json:"provider_org"`
	Title           string           `json:"title"`
	AmountKRW       KRW              `json:"amount_krw"`
	ContractedOn    Date             `json:"contracted_on"`
	PeriodFrom      Date             `json:"period_from"`
	PeriodTo        Date             `json:"period_to"`
	RegisteredAt    time.Time        `json:"registered_at"`
	RegistrationDue Date             `json:"registration_due"`
	Late            bool             `json:"late"`
	ClosesAt        time.Time        `json:"closes_at"`
	ClosedAt        *time.Time       `json:"closed_at,omitempty"`
	Changes         []ContractChange `json:"changes"`
	// Documents are the files the agency registered the contract with (the contract itself),
	// by reference; its provider reads them.
	Documents []Document `json:"documents,omitempty"`
	Steps     []Step     `json:"steps"`
	// Pins are the rule versions in force on the contract date, which the contract keeps
	// to its end (nil for contracts registered before cases pinned them: those read the
	// table at each step), and the sandbox's time scale.
	Pins *CasePins `json:"pins,omitempty"`
}

// NewDirectContract registers a direct contract at instant at.
func NewDirectContract(id, workflowID string, req DirectContractRequest, svc Service, by Actor, at time.Time) *DirectContract {
	at = at.In(Seoul)
	c := &DirectContract{
		ID: id, WorkflowID: workflowID, Status: ContractRegistered, Method: MethodDirect,
		ServiceID: svc.ID, ServiceName: svc.Name, ServiceNameEn: svc.NameEn, ServiceType: svc.Type,
		AgencyOrg: by.Org, ProviderOrg: svc.Provider.Org,
		Title: req.Title, AmountKRW: req.AmountKRW, ContractedOn: req.ContractedOn,
		PeriodFrom: req.PeriodFrom, PeriodTo: req.PeriodTo,
		RegisteredAt: at, Changes: []ContractChange{},
	}
	c.RegistrationDue = c.registrationDue(req.ContractedOn)
	c.Late = lateOn(at, c.RegistrationDue)
	c.setClosesAt(at)
	c.record(at, by, ActionContractRegistered, c.registeredText())
	return c
}

// RegisteredWith gives a contract just registered the files it was registered with, and
// names them in the registration's step.
func (c *DirectContract) RegisteredWith(docs []Document) {
	c.Documents = docs
	if len(docs) > 0 && len(c.Steps) == 1 && c.Steps[0].NoteText != nil {
		note := withFiles(c.Steps[0].NoteText, docs)
		c.Steps[0].NoteText, c.Steps[0].Note = note, note.English()
	}
}

// registeredText is the note of the registration's step: the contract's terms, its due date
// and whether it was registered in time.
func (c *DirectContract) registeredText() *Text {
	return Msg("contract.registered", c.registeredArgs()...)
}

// registeredArgs are the arguments of contract.registered, for a text that says it too.
func (c *DirectContract) registeredArgs() []string {
	return []string{"contracted_on", c.ContractedOn.String(), "amount", itoa(int64(c.AmountKRW)),
		"from", c.PeriodFrom.String(), "to", c.PeriodTo.String(), "due", c.RegistrationDue.String(),
		"timeliness", timeliness(c.Late)}
}

// timeliness is the label of a registration made by its due date or after it.
func timeliness(late bool) (key string) {
	key = "contract.registered_in_time"
	if late {
		key = "contract.registered_late"
	}
	return key
}

// Version counts the changes so far; projections keep the highest version they saw.
func (c *DirectContract) Version() int { return len(c.Steps) }

func (c *DirectContract) record(now time.Time, by Actor, action string, note *Text) {
	c.Steps = append(c.Steps, keyedStep(now, by, action, string(c.Status), note))
}

// setClosesAt puts the end of the contract's life after the period plus the registration
// window, so that a change made on the last day of the period can still be registered. The
// period's end is a date of the request; in the sandbox the wait from now until the close is
// shortened instead.
func (c *DirectContract) setClosesAt(now time.Time) {
	closes := AddCalendarDays(c.PeriodTo.EndOfDay(), c.Pins.Int(RuleDirectContractDays, c.PeriodTo.Time))
	c.ClosesAt = c.Pins.Shorten(now, closes)
}

// deadlineOf is the instant ch's window closes: the end of its due date, or, in the
// sandbox, the wait from its announcement to then shortened by the time scale.
func (c *DirectContract) deadlineOf(ch ContractChange) time.Time {
	if ch.AnnouncedAt == nil {
		return ch.Deadline()
	}
	return c.Pins.Shorten(*ch.AnnouncedAt, ch.Deadline())
}

// remindAt is when the agency is reminded of the details of an announced change: the start
// of the day the reminder rule's days before its due date, or, in the sandbox, the wait
// from its announcement to then shortened.
func (c *DirectContract) remindAt(ch ContractChange) time.Time {
	at := ch.RegistrationDue.AddDate(0, 0, -c.Pins.Int(RuleContractReminderDays, ch.ChangedOn.Time))
	return c.Pins.Shorten(*ch.AnnouncedAt, at)
}

// VisibleTo reports whether an actor may see this contract at all. Others get "not found".
func (c *DirectContract) VisibleTo(a Actor) bool {
	return partyOrAuditor(a, c.AgencyOrg, c.ProviderOrg)
}

var errContractNotFound = Refuse(ENOTFOUND, Msg("error.contract_not_found"))

// oldestOpen returns the earliest change still waiting for its details, or nil.
func (c *DirectContract) oldestOpen() *ContractChange {
	for i := range c.Changes {
		if c.Changes[i].Status.Open() {
			return &c.Changes[i]
		}
	}
	return nil
}

// openStatus is the contract's status from its changes: an overdue change weighs more than
// a pending one.
func (c *DirectContract) openStatus() DirectContractStatus {
	status := ContractRegistered
	for _, ch := range c.Changes {
		switch ch.Status {
		case ChangeOverdue:
			return ContractChangeOverdue
		case ChangePending:
			status = ContractChangePending
		}
	}
	return status
}

// CheckRegisterChange validates a change without changing anything.
func (c *DirectContract) CheckRegisterChange(now time.Time, a Actor, in ContractChangeInput) error {
	_, err := c.checkChange(now, a, in)
	return err
}

func (c *DirectContract) checkChange(now time.Time, a Actor, in ContractChangeInput) (changeValues, error) {
	if !c.VisibleTo(a) {
		return changeValues{}, errContractNotFound
	}
	if a.Role != RoleAgency || a.Org != c.AgencyOrg {
		return changeValues{}, Refuse(EFORBIDDEN, Msg("error.contract_change_agency_only"))
	}
	if c.Status.Final() {
		return changeValues{}, Conflict("register a change", c.Status)
	}
	v, err := c.parseChange(now, a.Sub, in)
	if err != nil {
		return changeValues{}, err
	}
	if c.oldestOpen() == nil || !v.hasValues() {
		if len(c.Changes) >= MaxContractChanges {
			return changeValues{}, Refuse(ECONFLICT, Msg("error.contract_changes_full", "max", itoa(MaxContractChanges)))
		}
	}
	return v, nil
}

// RegisterChange records a change: an announcement (no new values), the details of the
// oldest announced change, or a change registered with its details at once.
func (c *DirectContract) RegisterChange(now time.Time, a Actor, in ContractChangeInput) error {
	now = now.In(Seoul) // times are shown with the business offset, +09:00
	v, err := c.checkChange(now, a, in)
	if err != nil {
		return err
	}
	switch open := c.oldestOpen(); {
	case !v.hasValues():
		c.announce(now, a, v)
	case open != nil:
		c.complete(now, a, open, v)
	default:
		c.Changes = append(c.Changes, ContractChange{No: len(c.Changes) + 1, ChangedOn: v.changedOn,
			RegistrationDue: c.registrationDue(v.changedOn)})
		c.complete(now, a, &c.Changes[len(c.Changes)-1], v)
	}
	return nil
}

func (c *DirectContract) announce(now time.Time, a Actor, v changeValues) {
	due := c.registrationDue(v.changedOn)
	at := now
	ch := ContractChange{No: len(c.Changes) + 1, ChangedOn: v.changedOn, Reason: v.reason,
		AnnouncedAt: &at, RegistrationDue: due, Status: ChangePending, Documents: v.docs}
	if remindAt := c.remindAt(ch); remindAt.After(now) {
		ch.RemindAt = &remindAt
	}
	pairs := []string{"no", itoa(int64(ch.No)), "changed_on", ch.ChangedOn.String(), "reason", v.reason, "due", due.String()}
	note := Msg("contract.change_announced", pairs...)
	if !now.Before(c.deadlineOf(ch)) {
		// Announced after its own window: there is nothing to wait for.
		ch.Status, ch.Late = ChangeOverdue, true
		note = Msg("contract.change_announced_overdue", pairs...)
	}
	c.Changes = append(c.Changes, ch)
	c.Status = c.openStatus()
	c.record(now, a, ActionChangeAnnounced, withFiles(note, v.docs))
}

// complete registers the details of ch. The reason given with the details replaces the
// announcement's; the announcement's stays in the timeline.
func (c *DirectContract) complete(now time.Time, a Actor, ch *ContractChange, v changeValues) {
	at := now
	ch.Reason = v.reason
	ch.AmountKRW, ch.PeriodFrom, ch.PeriodTo = v.amount, v.from, v.to
	if v.title != nil {
		ch.Title = *v.title
	}
	ch.RegisteredAt = &at
	ch.Documents = append(ch.Documents, v.docs...)
	ch.Late = ch.Late || lateOn(now, ch.RegistrationDue)
	ch.Status = ChangeRegistered
	if v.amount != nil {
		c.AmountKRW = *v.amount
	}
	if v.title != nil {
		c.Title = *v.title
	}
	if v.from != nil {
		c.PeriodFrom = *v.from
	}
	if v.to != nil {
		c.PeriodTo = *v.to
		c.setClosesAt(now)
	}
	c.Status = c.openStatus()
	note := Msg("contract.change_registered", "no", itoa(int64(ch.No)), "changed_on", ch.ChangedOn.String(),
		"reason", v.reason, "due", ch.RegistrationDue.String(), "timeliness", timeliness(ch.Late))
	c.record(now, a, ActionChangeRegistered, withFiles(nest(note, "values", describeValues(v)), v.docs))
}

// OpenChange is the oldest change whose details are still to come (pending or overdue), nil
// when none is: its registration due date is the one the agency has to meet next.
func (c *DirectContract) OpenChange() *ContractChange {
	for i := range c.Changes {
		if c.Changes[i].Status.Open() {
			return &c.Changes[i]
		}
	}
	return nil
}

// NextEvent returns the next instant at which Advance has something to do: a reminder, a
// change's due date ending, or the contract's close. ok is false when only a person can
// move the contract on (an overdue change waits for its details).
func (c *DirectContract) NextEvent() (next time.Time, ok bool) {
	if c.Status.Final() {
		return time.Time{}, false
	}
	consider := func(t time.Time) {
		if !ok || t.Before(next) {
			next, ok = t, true
		}
	}
	open := false
	for _, ch := range c.Changes {
		open = open || ch.Status.Open()
		if ch.Status != ChangePending {
			continue
		}
		if ch.RemindAt != nil && ch.RemindedAt == nil {
			consider(*ch.RemindAt)
		}
		consider(c.deadlineOf(ch))
	}
	if !open {
		consider(c.ClosesAt)
	}
	return next, ok
}

// ContractEvents is what Advance did, for the notifications it calls for.
type ContractEvents struct {
	Reminded []ContractChange
	Overdue  []ContractChange
	Closed   bool
}

// Any reports whether anything changed.
func (e ContractEvents) Any() bool { return len(e.Reminded) > 0 || len(e.Overdue) > 0 || e.Closed }

// Advance applies every deadline that has come by now: reminders of pending changes, pending
// changes past their due date becoming overdue, and the close of a contract whose period and
// window are over with no change open. A reminder that comes due only after its change's due
// date (the worker was down) is not sent: the overdue notice says more.
func (c *DirectContract) Advance(now time.Time) ContractEvents {
	now = now.In(Seoul) // times are shown with the business offset, +09:00
	var ev ContractEvents
	if c.Status.Final() {
		return ev
	}
	for i := range c.Changes {
		ch := &c.Changes[i]
		if ch.Status != ChangePending {
			continue
		}
		if !now.Before(c.deadlineOf(*ch)) {
			ch.Status, ch.Late = ChangeOverdue, true
			c.Status = c.openStatus()
			c.record(now, SystemActor, ActionChangeOverdue, Msg("contract.change_overdue", "no", itoa(int64(ch.No)),
				"changed_on", ch.ChangedOn.String(), "due", ch.RegistrationDue.String()))
			ev.Overdue = append(ev.Overdue, *ch)
			continue
		}
		if ch.RemindAt != nil && ch.RemindedAt == nil && !now.Before(*ch.RemindAt) {
			at := now
			ch.RemindedAt = &at
			c.record(now, SystemActor, ActionChangeReminded, Msg("contract.change_reminded", "no", itoa(int64(ch.No)),
				"changed_on", ch.ChangedOn.String(), "due", ch.RegistrationDue.String()))
			ev.Reminded = append(ev.Reminded, *ch)
		}
	}
	if c.oldestOpen() == nil && !now.Before(c.ClosesAt) {
		at := now
		c.Status, c.ClosedAt, ev.Closed = ContractClosed, &at, true
		c.record(now, SystemActor, ActionContractClosed, Msg("contract.closed", "period_to", c.PeriodTo.String(),
			"closes_at", c.ClosesAt.In(Seoul).Format(time.RFC3339)))
	}
	return ev
}
