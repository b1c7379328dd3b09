package mail

import (
	"strings"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
)

// changeSubmitted is a change request's news to the operators, keyed as the workflow
// writes it.
func changeSubmitted(key, caseID string) models.Notification {
	cr := &models.ChangeRequest{ID: caseID, ServiceName: "민원 챗봇", Reason: "가격 인하",
		Changes: []models.FieldChange{{Field: "price"}}}
	return models.Notification{Key: key, ToRole: models.RoleOperator, ToOrg: "NIA", CaseType: "change_request",
		CaseID: caseID, Subject: "정보 변경 승인 요청 Change request: 민원 챗봇", Body: caseID + " (price): 가격 인하"}.
		Keyed(models.NoticeChangeSubmitted(cr))
}

// TestComposeKeyed: a keyed notification is written wholly in the recipient's language;
// one written before notifications were keyed keeps its bilingual subject and body, and a
// keyed subject without a keyed body keeps the stored body.
func TestComposeKeyed(t *testing.T) {
	n := changeSubmitted("change-CR-1/submitted", "CR-1")
	d := store.MailDelivery{NotificationKey: n.Key, Language: "ko", CaseType: n.CaseType, CaseID: n.CaseID,
		Subject: n.Subject, Body: n.Body, SubjectText: n.SubjectText, BodyText: n.BodyText}
	subject, text, _ := compose(d, "http://h", nil)
	if subject != "[디지털서비스 전문계약] 정보 변경 승인 요청: 민원 챗봇" ||
		!strings.Contains(text, "변경요청(CR-1)의 승인 여부를 결정해 주십시오. 변경 항목: price. 사유: 가격 인하") ||
		strings.Contains(text, "Change request") {
		t.Errorf("ko: subject %q, text:\n%s", subject, text)
	}
	d.Language = "en"
	subject, text, _ = compose(d, "http://h", nil)
	if subject != "[Digital Service Contracts] Change request: 민원 챗봇" ||
		!strings.Contains(text, "Please decide change request CR-1. Changed fields: price. Reason: 가격 인하") ||
		strings.Contains(text, "승인") {
		t.Errorf("en: subject %q, text:\n%s", subject, text)
	}
	d.BodyText = nil
	if _, text, _ = compose(d, "http://h", nil); !strings.Contains(text, n.Body) {
		t.Errorf("without a keyed body the stored one is lost:\n%s", text)
	}
	d.SubjectText = nil
	if subject, _, _ = compose(d, "http://h", nil); subject != "[Digital Service Contracts] "+n.Subject {
		t.Errorf("without a keyed subject: %q", subject)
	}
}

// TestSendInRecipientLanguage: the same notification reaches a Korean and an English
// operator, each with the subject and the body in their own language, as Mailpit received
// them; a notification written before keying reaches both in its bilingual words.
func TestSendInRecipientLanguage(t *testing.T) {
	t.Parallel()
	mp := startMailpit(t, "")
	st := storetest.New(t)
	person(t, st, "op.kim", "김운영", models.RoleOperator, "NIA", "kim@nia.example", "ko")
	person(t, st, "op.lee", "Lee Operator", models.RoleOperator, "NIA", "lee@nia.example", "en")
	keyed := changeSubmitted("change-CR-7/submitted", "CR-7")
	keyed.CreatedAt = testStart
	notify(t, st, keyed)
	old := models.Notification{Key: "change-CR-8/submitted", ToRole: models.RoleOperator, ToOrg: "NIA",
		CaseType: "change_request", CaseID: "CR-8", Subject: "정보 변경 승인 요청 Change request: 문서24",
		Body: "CR-8 (name): 명칭 변경", CreatedAt: testStart}
	notify(t, st, old)
	clk := &clock{t: testStart.Add(time.Minute)}
	s := newSender(t, st, mp.srv.SMTPURL(), clk, Config{})
	if r := runOnce(t, s); r.Sent != 4 {
		t.Fatalf("round: %+v, want 4 messages sent", r)
	}
	got := mp.byMessageID()
	for _, c := range []struct {
		key, sub, subject, body, foreign string
	}{
		{keyed.Key, "op.kim", "[디지털서비스 전문계약] 정보 변경 승인 요청: 민원 챗봇",
			"변경요청(CR-7)의 승인 여부를 결정해 주십시오. 변경 항목: price. 사유: 가격 인하", "Change request"},
		{keyed.Key, "op.lee", "[Digital Service Contracts] Change request: 민원 챗봇",
			"Please decide change request CR-7. Changed fields: price. Reason: 가격 인하", "승인"},
		{old.Key, "op.kim", "[디지털서비스 전문계약] " + old.Subject, old.Body, ""},
		{old.Key, "op.lee", "[Digital Service Contracts] " + old.Subject, old.Body, ""},
	} {
		m, ok := got[store.MailMessageID(c.key, c.sub)]
		if !ok {
			t.Errorf("no message %s to %s", c.key, c.sub)
			continue
		}
		if m.Subject != c.subject {
			t.Errorf("%s to %s: subject %q, want %q", c.key, c.sub, m.Subject, c.subject)
		}
		if !strings.Contains(m.Text, c.body) {
			t.Errorf("%s to %s: text lacks %q:\n%s", c.key, c.sub, c.body, m.Text)
		}
		if c.foreign != "" && strings.Contains(m.Text, c.foreign) {
			t.Errorf("%s to %s: text holds the other language's %q:\n%s", c.key, c.sub, c.foreign, m.Text)
		}
	}
}
