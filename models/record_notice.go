package models

import (
	"strconv"
	"strings"
	"time"
)

// The notices of a change someone else made to a registry record: a person's or an
// organization's. The registry holds the address every invitation, task and ballot of an
// expert or committee member is sent to; an insider who changes it, or silences the
// person's e-mail, could read their mail or keep them from a vote unseen. So the person is
// told each time, in their language, which fields changed and when, at the address they
// have now and, when the address is what changed, at the one they had: whatever they chose
// to receive by e-mail (MailTo) and whether or not they are still active. An
// organization's name, business number and size stand on its catalog entries and in the
// statistics (an SME's share), so its people are told of each change to them too.

// recordField is a field of a record a notice names, with its label's key.
type recordField[T any] struct {
	key string
	of  func(T) string
}

// differing are the labels of the fields whose value differs from before to after,
// in the order of fields.
func differing[T any](fields []recordField[T], before, after T) []string {
	var out []string
	for _, f := range fields {
		if f.of(before) != f.of(after) {
			out = append(out, f.key)
		}
	}
	return out
}

// personFields are the fields of a person's record a notice names, in the order a page
// shows them, each with its label.
var personFields = []recordField[User]{
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
	fields := differing(personFields, before, after)
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

// orgFields are the fields of an organization's record a notice names.
var orgFields = []recordField[Organization]{
	{key: "org_field.name", of: func(o Organization) string { return o.Name }},
	{key: "org_field.name_en", of: func(o Organization) string { return o.NameEn }},
	{key: "org_field.business_no", of: func(o Organization) string { return o.BusinessNo }},
	{key: "org_field.size", of: func(o Organization) string { return string(o.Size) }},
	{key: "org_field.founded_on", of: func(o Organization) string {
		if o.FoundedOn == nil {
			return ""
		}
		return o.FoundedOn.String()
	}},
	{key: "org_field.agency_kind", of: func(o Organization) string { return string(o.AgencyKind) }},
}

// OrganizationChangedNotices are the notices of a change by to an organization's record
// from before to after at at: one to the organization's people (its role and org, as news
// of their cases goes), or none when nothing it is told about changed or the change is its
// own.
func OrganizationChangedNotices(before, after Organization, by Actor, at time.Time) []Notification {
	fields := differing(orgFields, before, after)
	if len(fields) == 0 || by.Org == after.Org {
		return nil
	}
	x := Notice{Subject: Msg("notify.org_changed.subject"),
		Body: Msg("notify.org_changed.body", "at", minuteOf(at), "fields", strings.Join(fields, ","))}
	return []Notification{Notification{Key: "organization/" + after.Org + "/changed/" + at.UTC().Format(time.RFC3339Nano),
		ToRole: Role(after.Kind), ToOrg: after.Org, CaseType: "organization", CaseID: after.Org, CreatedAt: at}.Bilingual(x)}
}

// RelationDeclaredNotices are the notices of a relation someone else declared for a
// person at at: a declared relation keeps them from reviewing the company (ConflictOf), so
// an insider who declares one could keep an expert off a panel unseen. None when the
// person declared it themselves; else one to them, mailed to their address whatever they
// chose, as a change to their record is (PersonChangedNotices).
func RelationDeclaredNotices(r Relation, person User, by Actor, at time.Time) []Notification {
	if by.Sub == person.Sub {
		return nil
	}
	day := func(d *Date) string {
		if d == nil {
			return "-"
		}
		return d.String()
	}
	x := Notice{Subject: Msg("notify.relation_declared.subject"), Body: Msg("notify.relation_declared.body",
		"at", minuteOf(at), "business_no", r.BusinessNo, "kind", "relation_kind."+string(r.Kind),
		"since", day(r.Since), "until", day(r.Until))}
	return []Notification{Notification{Key: "person/" + person.Sub + "/relation/" + at.UTC().Format(time.RFC3339Nano),
		ToRole: person.Role, ToOrg: "user:" + person.Sub, CaseType: "person", CaseID: person.Sub, CreatedAt: at,
		MailTo: person.Email}.Bilingual(x)}
}
