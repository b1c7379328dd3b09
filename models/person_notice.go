package models

import (
	"strconv"
	"strings"
	"time"
)

// The notices of a change someone else made to a person's record. The registry holds the
// address every invitation, task and ballot of an expert or committee member is sent to;
// an insider who changes it, or silences the person's e-mail, could read their mail or
// keep them from a vote unseen. So the person is told each time, in their language, which
// fields changed and when, at the address they have now and, when the address is what
// changed, at the one they had: whatever they chose to receive by e-mail (MailTo) and
// whether or not they are still active.

// personFields are the fields of a person's record a notice names, in the order a page
// shows them, each with its label.
var personFields = []struct {
	key string
	of  func(User) string
}{
	{key: "person_field.name", of: func(u User) string { return u.Name }},
	{key: "person_field.name_en", of: func(u User) string { return u.NameEn }},
	{key: "person_field.affiliation", of: func(u User) string { return u.Affiliation }},
	{key: "person_field.email", of: func(u User) string { return u.Email }},
	{key: "person_field.language", of: func(u User) string { return u.Language }},
	{key: "person_field.email_notifications", of: func(u User) string { return u.EmailNotifications }},
	{key: "person_field.active", of: func(u User) string { return strconv.FormatBool(u.Active) }},
}

// PersonChangedNotices are the notices of a change by to a person's record from before to
// after at at: none when the person made it (their own settings) or nothing they are told
// about changed; else one to the person by name, mailed to their address now, and, when
// the address changed, a copy mailed to the one before, which no inbox lists ("mail:").
func PersonChangedNotices(before, after User, by Actor, at time.Time) []Notification {
	if by.Sub == after.Sub {
		return nil
	}
	var fields []string
	for _, f := range personFields {
		if f.of(before) != f.of(after) {
			fields = append(fields, f.key)
		}
	}
	if len(fields) == 0 {
		return nil
	}
	key := "notify.person_changed.body"
	args := []string{"at", minuteOf(at), "fields", strings.Join(fields, ",")}
	if before.Email != after.Email {
		key = "notify.person_changed.body_email"
		args = append(args, "old", orNone(before.Email), "new", orNone(after.Email))
	}
	x := Notice{Subject: Msg("notify.person_changed.subject"), Body: Msg(key, args...)}
	id := "person/" + after.Sub + "/changed/" + at.UTC().Format(time.RFC3339Nano)
	n := Notification{Key: id, ToRole: after.Role, ToOrg: "user:" + after.Sub, CaseType: "person",
		CaseID: after.Sub, CreatedAt: at, MailTo: after.Email}.Bilingual(x)
	out := []Notification{n}
	if before.Email != after.Email && before.Email != "" {
		prev := n
		prev.Key, prev.ToOrg, prev.MailTo = id+"/previous", "mail:"+after.Sub, before.Email
		out = append(out, prev)
	}
	return out
}

// orNone is an address as a notice writes it, a dash for none.
func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
