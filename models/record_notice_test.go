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

// TestOrganizationChangedNotices: an organization's people are told which fields of its
// record the operator changed, and nothing else is news.
func TestOrganizationChangedNotices(t *testing.T) {
	at := time.Date(2026, 5, 4, 9, 0, 0, 0, Seoul)
	op := Actor{Sub: "op.lee", Role: RoleOperator, Org: "NIA"}
	founded := Date{time.Date(2019, 5, 2, 0, 0, 0, 0, Seoul)}
	base := Organization{Org: "PV-0900", Kind: OrgProvider, Name: "(주)새싹클라우드", BusinessNo: "124-82-00262",
		Size: SizeSME, FoundedOn: &founded}
	if got := OrganizationChangedNotices(base, base, op, at); len(got) != 0 {
		t.Errorf("nothing changed, yet %d notices", len(got))
	}
	later := Date{founded.AddDate(1, 0, 0)}
	after := base
	after.Size, after.FoundedOn = SizeLarge, &later
	got := OrganizationChangedNotices(base, after, op, at)
	if len(got) != 1 {
		t.Fatalf("%d notices, want one", len(got))
	}
	n := got[0]
	if n.ToOrg != "PV-0900" || n.ToRole != RoleProvider || n.CaseType != "organization" || n.CaseID != "PV-0900" || n.MailTo != "" {
		t.Errorf("notice to %s %s about %s %s at %q, want the provider's people as news of their cases goes",
			n.ToRole, n.ToOrg, n.CaseType, n.CaseID, n.MailTo)
	}
	body := n.BodyText.In(LangKO)
	for _, want := range []string{"기업 규모", "설립일", "2026-05-04 09:00"} {
		if !strings.Contains(body, want) {
			t.Errorf("body %q does not say %q", body, want)
		}
	}
	if strings.Contains(body, "기관명") || strings.Contains(body, "사업자등록번호") {
		t.Errorf("body %q names a field that did not change", body)
	}
	if en := n.BodyText.In(LangEN); !strings.Contains(en, "company size, founding date") {
		t.Errorf("English body %q", en)
	}
	if OrganizationChangedNotices(base, after, Actor{Sub: "kim", Role: RoleProvider, Org: "PV-0900"}, at) != nil {
		t.Error("an organization's own change is news to it")
	}
}

// TestRelationDeclaredNotices: a relation the operator declares for a person is news to
// them at their address whatever they chose, with the company, the kind and the period in
// their language; one they declare themselves is not.
func TestRelationDeclaredNotices(t *testing.T) {
	at := time.Date(2026, 5, 4, 9, 0, 0, 0, Seoul)
	kim := User{Sub: "exp.kim", Name: "김전문", Role: RoleExpert, Org: "EXPERTS", Email: "kim@uni.example",
		Language: LangKO, Active: true, EmailNotifications: EmailNone}
	since := Date{time.Date(2025, 2, 1, 0, 0, 0, 0, Seoul)}
	r := Relation{PersonSub: kim.Sub, BusinessNo: "124-82-00262", Kind: RelationWork, Since: &since}
	if got := RelationDeclaredNotices(r, kim, Actor{Sub: kim.Sub, Role: RoleExpert, Org: "EXPERTS"}, at); got != nil {
		t.Errorf("their own declaration told them: %+v", got)
	}
	got := RelationDeclaredNotices(r, kim, Actor{Sub: "op.lee", Role: RoleOperator, Org: "NIA"}, at)
	if len(got) != 1 {
		t.Fatalf("%d notices, want one", len(got))
	}
	n := got[0]
	if n.ToOrg != "user:exp.kim" || n.MailTo != "kim@uni.example" || n.CaseType != "person" || n.ToRole != RoleExpert {
		t.Errorf("notice to %s at %q about %s", n.ToOrg, n.MailTo, n.CaseType)
	}
	for lang, want := range map[string][]string{
		LangKO: {"124-82-00262", "그 기업의 용역·자문 수행", "2025-02-01 ~ -", "2026-05-04 09:00"},
		LangEN: {"124-82-00262", "you provided a service or advice to the company", "from 2025-02-01 to -"},
	} {
		body := n.BodyText.In(lang)
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s body %q does not say %q", lang, body, w)
			}
		}
	}
}
