package models

import (
	"strings"
	"time"
)

// Notification is a message to a party of a case (e-mail or the inbox later). Key makes
// sending idempotent: an activity retried after a crash finds the first one.
type Notification struct {
	Key      string `json:"key"`
	ToRole   Role   `json:"to_role"`
	ToOrg    string `json:"to_org"`
	CaseType string `json:"case_type"`
	CaseID   string `json:"case_id"`
	// Subject and Body are the REST contract's and the table's text, Korean words then
	// English ("기한 경과 Overdue: …"), as they were before notifications were keyed.
	Subject string `json:"subject"`
	Body    string `json:"body"`
	// SubjectText and BodyText are the same news as keyed texts, for an e-mail or a page in
	// the reader's language; nil on a notification written before they were keyed.
	SubjectText *Text     `json:"subject_text,omitempty"`
	BodyText    *Text     `json:"body_text,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	// MailTo, when set, is the one address the message is mailed to, whatever the person
	// named by ToOrg ("user:<sub>", or "mail:<sub>" for a copy no inbox lists) chose to
	// receive: a notice about their own record (PersonChangedNotices).
	MailTo string `json:"-"`
}

// Notice is a notification's subject and body as keyed texts; the constructors in
// notification_texts.go make one per kind of news. Body is nil when there is nothing to
// say beyond the subject.
type Notice struct {
	Subject *Text
	Body    *Text
}

// Keyed returns n with the keyed texts of x.
func (n Notification) Keyed(x Notice) Notification {
	n.SubjectText, n.BodyText = x.Subject, x.Body
	return n
}

// Bilingual returns n with the keyed texts of x and, for the table and the REST contract,
// the same texts in Korean then English, as every notification has them.
func (n Notification) Bilingual(x Notice) Notification {
	n.Subject, n.Body = bilingual(x.Subject), bilingual(x.Body)
	return n.Keyed(x)
}

// bilingual is t in Korean then English. The case's name both languages end with, after a
// colon, is written once ("제안서 접수 Proposal received: T"), as in the subjects written
// before they were keyed; a reader of the REST field should not read the title twice.
func bilingual(t *Text) string {
	if t == nil {
		return ""
	}
	ko, en := t.In(LangKO), t.RecordedNames().English()
	if ko == en {
		return ko
	}
	for i := strings.Index(en, ": "); i >= 0; {
		if tail := en[i:]; strings.HasSuffix(ko, tail) && len(ko) > len(tail) {
			return strings.TrimSuffix(ko, tail) + " " + en
		}
		next := strings.Index(en[i+2:], ": ")
		if next < 0 {
			break
		}
		i += 2 + next
	}
	return ko + " " + en
}

// SubjectIn is the subject in lang: the keyed text when there is one, else the stored
// bilingual subject.
func (n Notification) SubjectIn(lang string) string {
	if n.SubjectText != nil {
		return n.SubjectText.In(lang)
	}
	return n.Subject
}

// BodyIn is the body in lang: the keyed text when there is one, else the stored bilingual
// body.
func (n Notification) BodyIn(lang string) string {
	if n.BodyText != nil {
		return n.BodyText.In(lang)
	}
	return n.Body
}

// NotificationsRead is how far a person has read their news, and how much is newer.
type NotificationsRead struct {
	// Unread counts the news newer than ReadThrough, at most MaxUnread.
	Unread int `json:"unread"`
	// ReadThrough is the time (created_at) of the newest news they marked read; null before
	// they marked any.
	ReadThrough *time.Time `json:"read_through"`
}

// MaxUnread bounds the unread count: a badge says "99+" past it.
const MaxUnread = 100

// ReadThroughInput marks a person's news read up to and including a time: the created_at
// of the newest notification they were shown.
type ReadThroughInput struct {
	ReadThrough *time.Time `json:"read_through"`
}

// Parse refuses an input without a time.
func (in ReadThroughInput) Parse() (time.Time, error) {
	if in.ReadThrough == nil || in.ReadThrough.IsZero() {
		var fe Fields
		fe.AddText("read_through", Msg("invalid.required"))
		return time.Time{}, fe.Err()
	}
	return *in.ReadThrough, nil
}
