package models

import (
	"strings"
	"testing"
	"time"
)

// TestPersonChangedNotices: who is told of which change, at which address.
func TestPersonChangedNotices(t *testing.T) {
	at := time.Date(2026, 5, 4, 9, 0, 0, 0, Seoul)
	op := Actor{Sub: "op.lee", Role: RoleOperator, Org: "NIA"}
	base := User{Sub: "exp.kim", Name: "김전문", Role: RoleExpert, Org: "EXPERTS", Email: "kim@uni.example",
		Language: LangKO, Active: true, EmailNotifications: EmailAll}
	with := func(f func(*User)) User { u := base; f(&u); return u }
	for _, c := range []struct {
		name    string
		after   User
		by      Actor
		mailTo  []string // the address of each notice, in order
		toOrgs  []string
		hasText string
	}{
		{"nothing changed", base, op, nil, nil, ""},
		{"the person's own settings", with(func(u *User) { u.EmailNotifications = EmailNone }),
			Actor{Sub: "exp.kim", Role: RoleExpert, Org: "EXPERTS"}, nil, nil, ""},
		{"a name", with(func(u *User) { u.Name = "김전문가" }), op,
			[]string{"kim@uni.example"}, []string{"user:exp.kim"}, "이름"},
		{"silenced", with(func(u *User) { u.EmailNotifications = EmailNone }), op,
			[]string{"kim@uni.example"}, []string{"user:exp.kim"}, "메일로 받을 알림"},
		{"the address", with(func(u *User) { u.Email = "x@elsewhere.example" }), op,
			[]string{"x@elsewhere.example", "kim@uni.example"}, []string{"user:exp.kim", "mail:exp.kim"}, "x@elsewhere.example"},
		{"the address taken away", with(func(u *User) { u.Email = "" }), op,
			[]string{"", "kim@uni.example"}, []string{"user:exp.kim", "mail:exp.kim"}, "kim@uni.example에서 -(으)로"},
	} {
		got := PersonChangedNotices(base, c.after, c.by, at)
		if len(got) != len(c.mailTo) {
			t.Errorf("%s: %d notices, want %d", c.name, len(got), len(c.mailTo))
			continue
		}
		for i, n := range got {
			if n.MailTo != c.mailTo[i] || n.ToOrg != c.toOrgs[i] || n.CaseType != "person" || n.CaseID != "exp.kim" {
				t.Errorf("%s: notice %d to %s at %q, want %s at %q", c.name, i, n.ToOrg, n.MailTo, c.toOrgs[i], c.mailTo[i])
			}
			if body := n.BodyText.In(LangKO); !strings.Contains(body, c.hasText) {
				t.Errorf("%s: body %q does not say %q", c.name, body, c.hasText)
			}
		}
	}
	a := PersonChangedNotices(base, with(func(u *User) { u.Active = false }), op, at)
	b := PersonChangedNotices(base, with(func(u *User) { u.Active = false }), op, at.Add(time.Second))
	if a[0].Key == b[0].Key {
		t.Errorf("two changes share the key %s: the second notice would be dropped", a[0].Key)
	}
}
