package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
)

// TestPersonChangedByOperatorIsTold: an operator who moves an expert's address, silences
// their e-mail and takes them off the pool in one change does not do it unseen. The change
// writes, in its own transaction, a notice to the expert's inbox mailed to the new address
// and a copy mailed to the old one that no inbox lists, both whatever the expert had chosen
// and though they are no longer active; the expert's own change of settings writes none.
func TestPersonChangedByOperatorIsTold(t *testing.T) {
	t.Parallel()
	s := storetest.New(t)
	ctx := context.Background()
	now := time.Date(2026, 5, 4, 9, 0, 0, 0, models.Seoul)
	expert := models.Actor{Sub: "exp.kim", Role: models.RoleExpert, Org: "EXPERTS"}
	mailPerson(t, s, expert.Sub, expert.Role, expert.Org, "kim@uni.example", "ko", true)

	none := models.EmailNone
	if _, err := s.UpdatePerson(ctx, expert.Sub, expert, now, func(u models.User) (models.User, error) {
		return u.Patched(models.PersonPatch{EmailNotifications: &none})
	}); err != nil {
		t.Fatal(err)
	}
	operator := models.Actor{Sub: "op.lee", Role: models.RoleOperator, Org: "NIA"}
	addr, all, inactive := "someone@elsewhere.example", models.EmailAll, false
	at := now.Add(time.Hour)
	if _, err := s.UpdatePerson(ctx, expert.Sub, operator, at, func(u models.User) (models.User, error) {
		return u.Patched(models.PersonPatch{Email: &addr, EmailNotifications: &all, Active: &inactive})
	}); err != nil {
		t.Fatal(err)
	}

	inbox, _, err := s.NotificationsFor(ctx, expert, 50, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(inbox) != 1 {
		t.Fatalf("inbox: %d notices, want the operator's change alone (none for the expert's own): %+v", len(inbox), inbox)
	}
	n := inbox[0]
	if n.CaseType != "person" || n.ToOrg != "user:"+expert.Sub || n.BodyText == nil {
		t.Fatalf("notice: %+v", n)
	}
	body := n.BodyText.In(models.LangKO)
	for _, want := range []string{"kim@uni.example", addr, "이메일 주소", "메일로 받을 알림", "활동 여부", "2026-05-04 10:00"} {
		if !strings.Contains(body, want) {
			t.Errorf("body %q does not say %q", body, want)
		}
	}
	if strings.Contains(body, "이름") || strings.Contains(body, "{") {
		t.Errorf("body %q names a field that did not change or a placeholder", body)
	}

	if _, _, err := s.PlanMailDeliveries(ctx, at, 0); err != nil {
		t.Fatal(err)
	}
	mailed := map[string]string{}
	for _, key := range []string{n.Key, n.Key + "/previous"} {
		got := mailRecipients(t, s, key)
		requireRecipients(t, got, key, []string{expert.Sub})
		mailed[key] = got[expert.Sub].Email
	}
	if mailed[n.Key] != addr || mailed[n.Key+"/previous"] != "kim@uni.example" {
		t.Errorf("mailed to %v, want the notice to the new address and its copy to the old one", mailed)
	}
}

// TestOrganizationChangedByOperatorIsTold: the operator's change to a provider's size
// (what the catalog's SME filter and the statistics read) is news to the provider's
// people, in their inbox; another provider hears nothing.
func TestOrganizationChangedByOperatorIsTold(t *testing.T) {
	t.Parallel()
	s := storetest.New(t)
	ctx := context.Background()
	now := time.Date(2026, 5, 4, 9, 0, 0, 0, models.Seoul)
	operator := models.Actor{Sub: "op.lee", Role: models.RoleOperator, Org: "NIA"}
	registerProvider(t, s, "PV-0900", operator, now)
	large := string(models.SizeLarge)
	if _, err := s.UpdateOrganization(ctx, "PV-0900", operator, now.Add(time.Hour), func(o models.Organization) (models.Organization, error) {
		return o.Patched(models.OrganizationPatch{Size: &large}, now)
	}); err != nil {
		t.Fatal(err)
	}
	inbox, _, err := s.NotificationsFor(ctx, models.Actor{Sub: "kim", Role: models.RoleProvider, Org: "PV-0900"}, 50, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(inbox) != 1 || inbox[0].CaseType != "organization" || inbox[0].BodyText == nil ||
		!strings.Contains(inbox[0].BodyText.In(models.LangKO), "기업 규모") {
		t.Fatalf("the provider's inbox: %+v, want the one notice of the change to its size", inbox)
	}
	other, _, err := s.NotificationsFor(ctx, models.Actor{Sub: "lee", Role: models.RoleProvider, Org: "PV-0001"}, 50, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range other {
		if n.CaseType == "organization" {
			t.Errorf("another provider was told: %+v", n)
		}
	}
}

// TestRelationDeclaredByOperatorIsTold: a relation the operator declares for an expert,
// which keeps them from reviewing that company, is news to them in their inbox, mailed
// though they chose no e-mail; the relation they declare themselves is not.
func TestRelationDeclaredByOperatorIsTold(t *testing.T) {
	t.Parallel()
	s := storetest.New(t)
	ctx := context.Background()
	now := time.Date(2026, 5, 4, 9, 0, 0, 0, models.Seoul)
	expert := models.Actor{Sub: "exp.kim", Role: models.RoleExpert, Org: "EXPERTS"}
	mailPerson(t, s, expert.Sub, expert.Role, expert.Org, "kim@uni.example", "ko", true)
	noErr(t, s.DB().Exec(`UPDATE users SET email_notifications = 'none' WHERE sub = ?`, expert.Sub).Error)
	own := models.Relation{PersonSub: expert.Sub, BusinessNo: "101-81-12341", Kind: models.RelationSpouse}
	_, _, err := s.AddRelation(ctx, own, expert, now)
	noErr(t, err)
	declared := models.Relation{PersonSub: expert.Sub, BusinessNo: "124-82-00262", Kind: models.RelationSelf}
	_, _, err = s.AddRelation(ctx, declared, models.Actor{Sub: "op.lee", Role: models.RoleOperator, Org: "NIA"}, now.Add(time.Hour))
	noErr(t, err)

	inbox, _, err := s.NotificationsFor(ctx, expert, 50, "")
	noErr(t, err)
	if len(inbox) != 1 || !strings.Contains(inbox[0].BodyText.In(models.LangKO), "124-82-00262") {
		t.Fatalf("inbox: %+v, want the operator's declaration alone", inbox)
	}
	_, _, err = s.PlanMailDeliveries(ctx, now.Add(time.Hour), 0)
	noErr(t, err)
	got := mailRecipients(t, s, inbox[0].Key)
	requireRecipients(t, got, inbox[0].Key, []string{expert.Sub})
}

// noErr fails the test on an error.
func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// registerProvider registers a small provider founded in 2019.
func registerProvider(t *testing.T, s *store.Store, org string, by models.Actor, at time.Time) {
	t.Helper()
	o, err := models.ParseOrganization(models.OrganizationInput{Org: org, Kind: "provider", Name: "(주)새싹클라우드",
		BusinessNo: "124-82-00262", Size: "sme", FoundedOn: "2019-05-02"}, at)
	if err == nil {
		_, _, err = s.CreateOrganization(context.Background(), o, by, at)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestRegistryChangeWithoutNoticeIsNotMade: a change and its notice are one transaction; a
// notice that cannot be written leaves the record, a person's or an organization's, as it
// was.
func TestRegistryChangeWithoutNoticeIsNotMade(t *testing.T) {
	t.Parallel()
	s := storetest.New(t)
	ctx := context.Background()
	now := time.Date(2026, 5, 4, 9, 0, 0, 0, models.Seoul)
	mailPerson(t, s, "exp.park", models.RoleExpert, "EXPERTS", "park@uni.example", "ko", true)
	registerProvider(t, s, "PV-0900", models.Actor{Sub: "op.lee", Role: models.RoleOperator, Org: "NIA"}, now)
	if err := s.DB().Exec(`CREATE FUNCTION refuse_notice() RETURNS trigger LANGUAGE plpgsql AS
		$$ BEGIN RAISE EXCEPTION 'notifications refused'; END $$`).Error; err != nil {
		t.Fatal(err)
	}
	if err := s.DB().Exec(`CREATE TRIGGER refuse_notice BEFORE INSERT ON notifications
		FOR EACH ROW EXECUTE FUNCTION refuse_notice()`).Error; err != nil {
		t.Fatal(err)
	}
	addr := "someone@elsewhere.example"
	_, err := s.UpdatePerson(ctx, "exp.park", models.Actor{Sub: "op.lee", Role: models.RoleOperator, Org: "NIA"}, now,
		func(u models.User) (models.User, error) { return u.Patched(models.PersonPatch{Email: &addr}) })
	if err == nil {
		t.Fatal("the change was made without its notice")
	}
	u, err := s.GetPerson(ctx, "exp.park")
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "park@uni.example" {
		t.Errorf("address %q after a change that failed", u.Email)
	}
	large := string(models.SizeLarge)
	_, err = s.UpdateOrganization(ctx, "PV-0900", models.Actor{Sub: "op.lee", Role: models.RoleOperator, Org: "NIA"}, now,
		func(o models.Organization) (models.Organization, error) {
			return o.Patched(models.OrganizationPatch{Size: &large}, now)
		})
	if err == nil {
		t.Fatal("the organization's change was made without its notice")
	}
	o, err := s.GetOrganization(ctx, "PV-0900")
	if err != nil {
		t.Fatal(err)
	}
	if o.Size != models.SizeSME {
		t.Errorf("size %q after a change that failed", o.Size)
	}
	_, _, err = s.AddRelation(ctx, models.Relation{PersonSub: "exp.park", BusinessNo: "124-82-00262", Kind: models.RelationSelf},
		models.Actor{Sub: "op.lee", Role: models.RoleOperator, Org: "NIA"}, now)
	if err == nil {
		t.Fatal("the relation was declared without its notice")
	}
	if rels, err := s.ListRelations(ctx, "exp.park"); err != nil || len(rels) != 0 {
		t.Errorf("relations %+v (%v) after a declaration that failed", rels, err)
	}
}
