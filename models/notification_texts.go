package models

import (
	"maps"
	"strconv"
	"strings"
	"time"
)

// The keyed texts of every kind of notification (notify.<kind>.subject and .body of
// messages/<lang>.json). The workflows build the bilingual Subject and Body of the REST
// contract as before and add one of these beside them, so that the e-mail reads in the
// recipient's language. Names, numbers and dates come in as arguments; a reason the domain
// keyed is shown in the reader's language, one a person typed as it was typed.

// NoticeTaskAssigned tells the person a task was opened for.
func NoticeTaskAssigned(t Task) Notice {
	return Notice{
		Subject: nest(Msg("notify.task_assigned.subject"), "task_title", taskTitle(t)),
		Body:    Msg("notify.task_assigned.body", "task", t.ID, "due", minuteOf(t.DueAt)),
	}
}

// NoticeTaskCancelled tells the person a task was opened for that it no longer waits for
// them, and why (the task's note): an expert taken off a review, a vote the session closed
// without, a case that ended.
func NoticeTaskCancelled(t Task) Notice {
	why := t.NoteText
	switch {
	case why == nil:
		why = verbatim(t.Note)
	case why.Args["status"] != "":
		// A case that closed names its status with a label of the pages' catalog, which an
		// e-mail does not read.
		why = Msg("notify.task_cancelled_closed")
		if t.NoteText.Args["status"] == "status."+string(AppWithdrawn) {
			why = Msg("notify.task_cancelled_withdrawn")
		}
	}
	return Notice{
		Subject: nest(Msg("notify.task_cancelled.subject"), "task_title", taskTitle(t)),
		Body:    nest(Msg("notify.task_cancelled.body", "task", t.ID), "why", why),
	}
}

// NoticeTaskOverdue tells a task's assignee that its due time has passed.
func NoticeTaskOverdue(t Task) Notice {
	return Notice{
		Subject: nest(Msg("notify.task_overdue.subject"), "task_title", taskTitle(t)),
		Body:    Msg("notify.task_overdue.body", "task", t.ID, "due", minuteOf(t.DueAt)),
	}
}

// NoticeApplicationStatus is the provider's news of the status a reaches; no texts for a
// status the provider is not told about.
func NoticeApplicationStatus(a *Application) Notice {
	name := a.serviceName()
	reason := applicationReason(a)
	switch {
	case a.Status == AppSupplementRequested:
		due := ""
		if a.SupplementDue != nil {
			due = a.SupplementDue.String()
		}
		return Notice{Msg("notify.supplement_requested.subject", name...),
			Msg("notify.supplement_requested.body", "kinds", kindLabels(a.MissingKinds), "due", due)}
	case a.Status == AppDocumentCheck:
		return Notice{Msg("notify.received.subject", name...), Msg("notify.received.body")}
	case a.Status == AppAwaitingCommittee:
		return Notice{Msg("notify.awaiting_committee.subject", name...), Msg("notify.awaiting_committee.body")}
	case a.Status == AppReturned:
		return Notice{Msg("notify.returned.subject", name...), because(Msg("notify.returned.body"), reason)}
	case a.Status == AppIneligible:
		return Notice{Msg("notify.ineligible.subject", name...), because(Msg("notify.ineligible.body"), reason)}
	case a.Rereview != nil && a.Status == AppSelected:
		return Notice{Msg("notify.rereview_confirmed.subject", name...),
			Msg("notify.rereview_confirmed.body", "service", a.Rereview.ServiceID)}
	case a.Rereview != nil && a.Status == AppNotSelected:
		return Notice{Msg("notify.rereview_not_selected.subject", name...),
			because(Msg("notify.rereview_not_selected.body"), reason)}
	case a.Status == AppNotSelected:
		return Notice{Msg("notify.not_selected.subject", name...), because(Msg("notify.not_selected.body"), reason)}
	case a.Status == AppSelected:
		return Notice{Msg("notify.selected.subject", append(name, "notice", a.NoticeNo)...),
			Msg("notify.selected.body", "notice", a.NoticeNo, "service", a.ServiceID)}
	}
	return Notice{}
}

// applicationReason is a.Reason keyed, from the step that gave it; nil without a reason.
func applicationReason(a *Application) *Text { return reasonOf(a.Steps, a.Reason) }

// reasonOf is a case's reason (the English string the REST contract carries) keyed, from
// the last of steps that gave it, so that a reader reads it in their language; a reason
// no step keyed is shown as it is; nil without a reason.
func reasonOf(steps []Step, reason string) *Text {
	if reason == "" {
		return nil
	}
	for i := len(steps) - 1; i >= 0; i-- {
		if s := steps[i]; s.Note == reason && s.NoteText != nil {
			return s.NoteText
		}
	}
	return verbatim(reason)
}

// NoticeContractRegistered tells the provider that an agency registered a direct contract
// for its service, with the registration's terms, so that a contract it does not know of
// is seen at once.
func NoticeContractRegistered(c *DirectContract) Notice {
	args := []string{"agency", c.AgencyOrg, "contract", c.ID, "registration", "contract.registered"}
	args = append(args, ServiceNameArgs("service", c.ServiceName, c.ServiceNameEn)...)
	body := Msg("notify.contract_registered.body", append(args, c.registeredArgs()...)...)
	// The provider reads the files the contract came with (Documents.mayRead).
	return Notice{Msg("notify.contract_registered.subject", "title", c.Title), newsWithFiles(body, c.Documents)}
}

// NoticeContractChanged tells the provider of a change registered with its details.
func NoticeContractChanged(c *DirectContract, ch ContractChange) Notice {
	body := Msg("notify.contract_changed.body", "agency", c.AgencyOrg, "contract", c.ID, "no", strconv.Itoa(ch.No),
		"changed_on", ch.ChangedOn.String(), "reason", ch.Reason, "amount", itoa(int64(c.AmountKRW)),
		"from", c.PeriodFrom.String(), "to", c.PeriodTo.String())
	return Notice{Msg("notify.contract_changed.subject", "title", c.Title), newsWithFiles(body, ch.Documents)}
}

// NoticeChangeDueSoon reminds a direct contract's agency that a change's details are due.
func NoticeChangeDueSoon(c *DirectContract, ch ContractChange) Notice {
	return Notice{Msg("notify.change_due_soon.subject", "title", c.Title),
		Msg("notify.change_due_soon.body", "contract", c.ID, "no", strconv.Itoa(ch.No),
			"changed_on", ch.ChangedOn.String(), "due", ch.RegistrationDue.String())}
}

// NoticeChangeOverdue tells a direct contract's agency that a change's details are late.
func NoticeChangeOverdue(c *DirectContract, ch ContractChange) Notice {
	return Notice{Msg("notify.change_overdue.subject", "title", c.Title),
		Msg("notify.change_overdue.body", "contract", c.ID, "no", strconv.Itoa(ch.No),
			"changed_on", ch.ChangedOn.String(), "due", ch.RegistrationDue.String())}
}

// NoticeRereviewGround tells the operators what the continuous inspection found.
func NoticeRereviewGround(svc Service, f InspectionFinding) Notice {
	return Notice{Msg("notify.rereview_ground.subject", append(ServiceNameArgs("name", svc.Name, svc.NameEn), "service", svc.ID)...),
		because(Msg("notify.rereview_ground.body"), findingReason(f))}
}

// NoticeUnfit tells the provider its service was removed as unfit, and for how long the
// notice is posted.
func NoticeUnfit(svc Service, f InspectionFinding, notice UnfitNotice) Notice {
	return Notice{Msg("notify.unfit.subject", append(ServiceNameArgs("name", svc.Name, svc.NameEn), "service", svc.ID)...),
		because(Msg("notify.unfit.body", "from", notice.From.String(), "until", notice.Until.String()), findingReason(f))}
}

func findingReason(f InspectionFinding) *Text {
	if f.ReasonText != nil {
		return f.ReasonText
	}
	return verbatim(f.Reason)
}

// NoticeChangeSubmitted asks the operators to decide a change request.
func NoticeChangeSubmitted(cr *ChangeRequest) Notice {
	return Notice{Msg("notify.change_submitted.subject", cr.serviceName()...),
		Msg("notify.change_submitted.body", "request", cr.ID, "fields", changedFields(cr), "reason", cr.Reason)}
}

// NoticeChangeWaiting reminds the operators of a change request undecided for days.
func NoticeChangeWaiting(cr *ChangeRequest, days int) Notice {
	return Notice{Msg("notify.change_waiting.subject", cr.serviceName()...),
		Msg("notify.change_waiting.body", "request", cr.ID, "days", strconv.Itoa(days))}
}

// NoticeChangeApplied tells the provider its change is in the catalog.
func NoticeChangeApplied(cr *ChangeRequest) Notice {
	return Notice{Msg("notify.change_applied.subject", cr.serviceName()...),
		Msg("notify.change_applied.body", "request", cr.ID)}
}

// NoticeChangeRejected tells the provider its change was rejected, and why.
func NoticeChangeRejected(cr *ChangeRequest) Notice {
	body := Msg("notify.change_rejected.body", "request", cr.ID)
	if cr.DecisionReason != "" {
		body = Msg("notify.change_rejected.body_reason", "request", cr.ID, "reason", cr.DecisionReason)
	}
	return Notice{Msg("notify.change_rejected.subject", cr.serviceName()...), body}
}

// NoticeChangeRereviewNotSelected tells the provider its change was rejected because the
// re-review it started did not select the service.
func NoticeChangeRereviewNotSelected(cr *ChangeRequest) Notice {
	return Notice{Msg("notify.change_rereview_not_selected.subject", cr.serviceName()...),
		Msg("notify.change_rereview_not_selected.body", "request", cr.ID, "application", cr.RereviewApplicationID)}
}

// NoticeChangeRereview tells the operators that a change touches the selection criteria.
func NoticeChangeRereview(cr *ChangeRequest) Notice {
	return Notice{Msg("notify.change_rereview.subject", cr.serviceName()...),
		Msg("notify.change_rereview.body", "request", cr.ID, "criteria", strings.Join(cr.Criteria, ", "),
			"fields", changedFields(cr), "reason", cr.Reason)}
}

func changedFields(cr *ChangeRequest) string {
	parts := make([]string, len(cr.Changes))
	for i, c := range cr.Changes {
		parts[i] = c.Field
	}
	return strings.Join(parts, ", ")
}

// NoticeReportRequested asks the provider for the year's quality report.
func NoticeReportRequested(c *QualityCase) Notice {
	year := strconv.Itoa(c.Year)
	return Notice{Msg("notify.report_requested.subject", append([]string{"year", year}, c.serviceName()...)...),
		Msg("notify.report_requested.body", "year", year, "due", c.ReportDue.String())}
}

// NoticeReportDueSoon reminds the provider, before its due date, of a report it has not
// submitted yet.
func NoticeReportDueSoon(c *QualityCase) Notice {
	year := strconv.Itoa(c.Year)
	return Notice{Msg("notify.report_due_soon.subject", c.serviceName()...),
		Msg("notify.report_due_soon.body", "year", year, "due", c.ReportDue.String())}
}

// NoticeRemediationDueSoon reminds the provider of a remediation's due date, and that it
// may report the remediation before then.
func NoticeRemediationDueSoon(c *QualityCase) Notice {
	due := ""
	if c.RemediationDue != nil {
		due = c.RemediationDue.String()
	}
	return Notice{Msg("notify.remediation_due_soon.subject", c.serviceName()...),
		Msg("notify.remediation_due_soon.body", "due", due, "round", strconv.Itoa(c.Round))}
}

// NoticeReportMissing tells the provider no report came by the due date.
func NoticeReportMissing(c *QualityCase) Notice {
	return Notice{Msg("notify.report_missing.subject", c.serviceName()...),
		Msg("notify.report_missing.body", "due", c.ReportDue.String())}
}

// NoticeRemediation asks the provider to remediate what the inspection found by its due date.
func NoticeRemediation(c *QualityCase) Notice {
	due, reason := "", ""
	if c.RemediationDue != nil {
		due = c.RemediationDue.String()
	}
	if n := len(c.Inspections); n > 0 {
		reason = c.Inspections[n-1].Reason
	}
	return Notice{Msg("notify.remediation.subject", c.serviceName()...),
		Msg("notify.remediation.body", "due", due, "reason", reason)}
}

// storedTexts are keys no code writes any more that texts already stored still name (a
// notification's body): the catalog keeps them so that those read as they did, beside the
// key written in their place.
var storedTexts = []struct{ key, replacedBy string }{
	{key: "notify.quality_outcome.body", replacedBy: "notify.quality_verdict.body"},
	{key: "notify.quality_rereview_requested.body", replacedBy: "notify.quality_rereview_ground.body"},
	{key: "notify.quality_rereview_requested.body_started", replacedBy: "notify.quality_rereview_ground.body_started"},
}

// NoticeQualityOutcome tells the provider the inspection's verdict.
func NoticeQualityOutcome(c *QualityCase) Notice {
	var key string
	switch c.Status {
	case QualityFit:
		key = "notify.quality_fit.subject"
	case QualityRereview:
		key = "notify.quality_rereview.subject"
	case QualityUnfit:
		key = "notify.quality_unfit.subject"
	default:
		return Notice{}
	}
	subject := Msg(key, append([]string{"year", strconv.Itoa(c.Year)}, c.serviceName()...)...)
	// The verdict's note in the reader's language; notify.quality_outcome.body, which took the
	// English note, stays for the notifications written with it.
	return Notice{subject, because(Msg("notify.quality_verdict.body"), reasonOf(c.Steps, c.Reason))}
}

// NoticeQualityRereviewRequested tells the operators that the quality inspection found a
// re-review ground, and which application carries the re-review ("" when none started).
func NoticeQualityRereviewRequested(serviceName, serviceNameEn, serviceID string, reason *Text, applicationID string) Notice {
	body := because(Msg("notify.quality_rereview_ground.body"), reason)
	if applicationID != "" {
		body = because(Msg("notify.quality_rereview_ground.body_started", "application", applicationID), reason)
	}
	return Notice{Msg("notify.quality_rereview_requested.subject",
		append(ServiceNameArgs("name", serviceName, serviceNameEn), "service", serviceID)...), body}
}

// KeyedOr is the keyed text of a reason when there is one, else the reason as it is (a
// text recorded before its reason was keyed); nil for no reason.
func KeyedOr(keyed *Text, reason string) *Text {
	if keyed != nil {
		return keyed
	}
	return reasonOf(nil, reason)
}

// NoticeProposalRequested asks the provider for a proposal by its due date.
func NoticeProposalRequested(o *Order) Notice {
	return Notice{Msg("notify.proposal_requested.subject", "title", o.Title),
		Msg("notify.proposal_requested.body", "due", o.ProposalDue.String())}
}

// NoticeDeliveryRequested tells the provider of the delivery request and its contract.
func NoticeDeliveryRequested(o *Order) Notice {
	return Notice{Msg("notify.delivery_requested.subject", "title", o.Title),
		Msg("notify.delivery_requested.body", "contract", o.ContractID)}
}

// taskTitle is t's keyed title, or its REST title as it is for a task opened before
// titles were keyed.
func taskTitle(t Task) *Text {
	if t.TitleText != nil {
		return t.TitleText
	}
	return verbatim(t.Title)
}

// minuteOf writes a due time as a person reads it, in Seoul's time.
func minuteOf(t time.Time) string { return t.In(Seoul).Format("2006-01-02 15:04") }

// because is t with reason as its {@because}; nil without a reason, so that the message
// keeps the stored body rather than a sentence that ends in a placeholder.
func because(t *Text, reason *Text) *Text {
	if reason == nil {
		return nil
	}
	return nest(t, "because", reason)
}

// nest sets t's argument name to sub, a sentence of its own shown where t says {@name}, in
// the same language: sub's key names it and its arguments join t's. A sub-text without a
// key (typed by a person, or not keyed yet) is shown as it is, through notify.verbatim; t
// holds at most one such. An argument of sub that t already has with another value would
// change t's sentence: sub is then shown as its English text.
//
// Workflows call it, and it ranges over maps: the result is the same in any order (a copy,
// and a test for any collision at all), so the determinism check may pass over it.
//
//workflowcheck:ignore
func nest(t *Text, name string, sub *Text) *Text {
	if sub.Key == "" {
		sub = Msg("notify.verbatim", "verbatim", sub.Args["text"])
	}
	for k, v := range sub.Args {
		if w, ok := t.Args[k]; (ok && w != v) || k == name {
			sub = Msg("notify.verbatim", "verbatim", sub.English())
			break
		}
	}
	out := &Text{Key: t.Key, Args: make(map[string]string, len(t.Args)+len(sub.Args)+1)}
	maps.Copy(out.Args, t.Args)
	maps.Copy(out.Args, sub.Args)
	out.Args[name] = sub.Key
	return out
}
