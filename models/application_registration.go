package models

import (
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Register records the selection notice and the catalog entry of a selected service.
func (a *Application) Register(now time.Time, noticeNo, serviceID string) {
	now = now.In(Seoul) // times are shown with the business offset, +09:00
	if a.Status != AppSelected || a.ServiceID != "" {
		return
	}
	on := DateOf(now)
	a.NoticeNo, a.ServiceID, a.SelectedOn = noticeNo, serviceID, &on
	t := now
	a.ClosedAt = &t
	a.Reason = "selected; notice " + noticeNo
	a.record(now, SystemActor, ActionRegistered, Msg("application.registered", "notice", noticeNo, "service", serviceID, "on", on.String()))
}

// BlockRegistration records that the catalog refused to register the selected service
// (reason says why, in the reader's language when it is a keyed refusal) and opens an operator task: the committee's decision stays, visibly
// waiting, instead of the case failing. It does nothing when a task is already open.
func (a *Application) BlockRegistration(now time.Time, reason error) bool {
	now = now.In(Seoul)
	if a.Status != AppSelected || a.ServiceID != "" || a.RegistrationBlocked() {
		return false
	}
	a.openTaskDue(now, TaskRegistration, Assignee{Role: RoleOperator}, a.dueIn(now, RuleDocumentCheckDays),
		"", Msg("task.title.registration", a.serviceName()...))
	a.record(now, SystemActor, ActionRegistrationBlocked, refusalText(reason))
	return true
}

// RegistrationBlocked reports whether a registration waits for an operator.
func (a *Application) RegistrationBlocked() bool {
	return slices.ContainsFunc(a.Tasks, func(t Task) bool { return t.Kind == TaskRegistration && t.Status == TaskOpen })
}

// retryRegistration is the operator's word that the cause is sorted out: the workflow
// registers the service again.
func (a *Application) retryRegistration(now time.Time, x Actor, i int, b TaskCompletion) (func(), error) {
	if a.Status != AppSelected || a.ServiceID != "" {
		return nil, Conflict("retry the registration", a.Status)
	}
	var fe Fields
	if strings.TrimSpace(b.Note) == "" {
		fe.AddText("note", Msg("invalid.registration_retry_note_required"))
	} else if n := utf8.RuneCountInString(b.Note); n > 2000 {
		fe.AddText("note", Msg("invalid.max_chars", "max", "2000"))
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return func() {
		a.finishTask(now, i, x, verbatim(b.Note))
		a.record(now, x, ActionRegistrationRetried, verbatim(b.Note))
	}, nil
}

// refusalText is what a refusal says: its keyed text, or its message as it was written.
func refusalText(err error) *Text {
	var me *Error
	if !errors.As(err, &me) {
		return verbatim(err.Error())
	}
	if me.Text != nil && me.Text.Key != "" {
		return me.Text
	}
	return verbatim(me.Message)
}
