package mail

import (
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/web/links"
)

// TestCasePathsCoverWorkflows: every case_type a workflow or an activity writes into a
// notification has a page to link to.
func TestCasePathsCoverWorkflows(t *testing.T) {
	var files []string
	for _, dir := range []string{"workflows", "activities"} {
		fs, err := filepath.Glob(filepath.Join("..", dir, "*.go"))
		if err != nil || len(fs) == 0 {
			t.Fatalf("no sources in %s (%v)", dir, err)
		}
		files = append(files, fs...)
	}
	re := regexp.MustCompile(`CaseType:\s*"([a-z_]+)"`)
	seen := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			seen[m[1]] = true
		}
	}
	if len(seen) == 0 {
		t.Fatal("found no CaseType in workflows/ or activities/: has the notification literal changed?")
	}
	for _, ct := range links.OwnTypes() {
		for _, lang := range models.CatalogLangs {
			if _, ok := wordings[lang].ownLines[ct]; !ok {
				t.Errorf("news of type %q has no link line in %s", ct, lang)
			}
		}
	}
	for ct := range seen {
		if links.Of(ct, "X") == "" {
			t.Errorf("case_type %q of a notification has no page in web/links", ct)
		}
	}
}

func TestCaseURL(t *testing.T) {
	for _, c := range []struct{ base, typ, id, want string }{
		{"http://localhost:8080", "application", "APP-2026-0001", "http://localhost:8080/ui/applications/APP-2026-0001"},
		{"https://x.example/", "change_request", "CR-1", "https://x.example/ui/changes/CR-1"},
		{"https://x.example", "service", "SVC 1/2", "https://x.example/ui/services/SVC%201%2F2"},
		{"https://x.example", "unknown", "X", "https://x.example/ui/"},
		{"https://x.example", "order", "", "https://x.example/ui/"},
		{"https://x.example", "person", "exp.kim", "https://x.example/ui/me/settings"},
		{"https://x.example", "organization", "PV-0001", "https://x.example/ui/me/settings"},
	} {
		if got := CaseURL(c.base, c.typ, c.id); got != c.want {
			t.Errorf("CaseURL(%q, %q, %q) = %q, want %q", c.base, c.typ, c.id, got, c.want)
		}
	}
}

// TestComposePersonNotice: the notice of an operator's change to an expert's record reads
// in the expert's language, names the fields and both addresses, and leads to their
// settings rather than to a case.
func TestComposePersonNotice(t *testing.T) {
	before := models.User{Sub: "exp.kim", Role: models.RoleExpert, Org: "EXPERTS", Email: "kim@uni.example", Active: true}
	after := before
	after.Email = "someone@elsewhere.example"
	at := time.Date(2026, 5, 4, 9, 30, 0, 0, models.Seoul)
	notices := models.PersonChangedNotices(before, after, models.Actor{Sub: "op.lee", Role: models.RoleOperator, Org: "NIA"}, at)
	if len(notices) != 2 {
		t.Fatalf("%d notices, want the one to the new address and the copy to the old", len(notices))
	}
	for _, n := range notices {
		d := store.MailDelivery{NotificationKey: n.Key, RecipientName: "Kim", Language: "en", CaseType: n.CaseType,
			CaseID: n.CaseID, Subject: n.Subject, Body: n.Body, SubjectText: n.SubjectText, BodyText: n.BodyText}
		subject, text, _ := compose(d, "https://x.example", nil)
		for _, want := range []string{"The operator changed your record", "e-mail address", "kim@uni.example",
			"someone@elsewhere.example", "2026-05-04 09:30", "Your settings: https://x.example/ui/me/settings"} {
			if !strings.Contains(subject+"\n"+text, want) {
				t.Errorf("%s: message does not say %q:\n%s\n%s", n.Key, want, subject, text)
			}
		}
		if strings.Contains(text, "{") || strings.Contains(text, "person_field.") {
			t.Errorf("%s: a placeholder or a raw key:\n%s", n.Key, text)
		}
	}
}

// TestCompose: the sender's words follow the recipient's language (Korean when unknown);
// the notification's own subject and body are kept as written.
func TestCompose(t *testing.T) {
	d := store.MailDelivery{NotificationKey: "k", RecipientName: "김운영", Language: "ko", CaseType: "order",
		CaseID: "ORD-1", Subject: "제안요청 Proposal request:\n민원", Body: "제안서 제출기한 Proposal due"}
	subject, text, lang := compose(d, "http://h", nil)
	if lang != "ko" || subject != "[디지털서비스 전문계약] 제안요청 Proposal request: 민원" {
		t.Errorf("ko: subject %q, lang %s", subject, lang)
	}
	// The times a notification names (a deadline) are Korean time, which the footer says,
	// as the pages' footer does, for a reader whose mail shows another zone.
	for _, s := range []string{"김운영 님께,", "제안서 제출기한 Proposal due", "사건 보기: http://h/ui/orders/ORD-1", wordings["ko"].footer,
		"시각은 한국 표준시(Asia/Seoul)입니다."} {
		if !strings.Contains(text, s) {
			t.Errorf("ko text lacks %q:\n%s", s, text)
		}
	}
	d.Language, d.RecipientName = "en", ""
	subject, text, lang = compose(d, "http://h", nil)
	if lang != "en" || !strings.HasPrefix(subject, "[Digital Service Contracts] ") || !strings.HasPrefix(text, "Hello,\n") ||
		!strings.Contains(text, "View the case: http://h/ui/orders/ORD-1") || strings.Contains(text, "사건 보기") ||
		!strings.Contains(text, "Times are Korea Standard Time (Asia/Seoul).") {
		t.Errorf("en: subject %q, lang %s, text:\n%s", subject, lang, text)
	}
	d.Language = "fr"
	if _, _, lang := compose(d, "http://h", nil); lang != "ko" {
		t.Errorf("unknown language composed in %s, want ko", lang)
	}
}

// TestComposeWritesAmountsForAReader: an English e-mail groups an amount's digits as the
// Korean one and the pages do; the REST note keeps the bare number.
func TestComposeWritesAmountsForAReader(t *testing.T) {
	body := models.Msg("contract.value_amount", "amount", "48000000")
	d := store.MailDelivery{NotificationKey: "k", Language: "en", CaseType: "contract", CaseID: "CT-1",
		Subject: "s", SubjectText: models.Msg("contract.value_amount", "amount", "1000"), BodyText: body}
	_, text, _ := compose(d, "http://h", nil)
	if !strings.Contains(text, "amount 48,000,000 KRW") {
		t.Errorf("en text lacks the grouped amount:\n%s", text)
	}
	d.Language = "ko"
	if _, text, _ = compose(d, "http://h", nil); !strings.Contains(text, "48,000,000원") {
		t.Errorf("ko text lacks the grouped amount:\n%s", text)
	}
	if en := body.English(); en != "amount 48000000 KRW" {
		t.Errorf("the REST note changed: %q", en)
	}
}

func TestMessageBadAddress(t *testing.T) {
	d := store.MailDelivery{Email: "not an address", Language: "en", MessageID: "x@dsmarket"}
	if _, err := message(d, &mail.Address{Address: "no-reply@h.example"}, "http://h", nil, time.Now()); err == nil {
		t.Fatal("a message to an invalid address was built")
	}
}

func TestParseSMTPURL(t *testing.T) {
	for _, c := range []struct {
		raw  string
		want smtpServer
	}{
		{"smtp://127.0.0.1:1025", smtpServer{host: "127.0.0.1", port: 1025, starttls: gomail.TLSOpportunistic}},
		{"smtp://mail.example", smtpServer{host: "mail.example", port: 25, starttls: gomail.TLSOpportunistic}},
		{"smtp://u%40x:p%3Ass@mail.example:587?starttls=required",
			smtpServer{host: "mail.example", port: 587, user: "u@x", pass: "p:ss", starttls: gomail.TLSMandatory}},
		{"smtp://mail.example?starttls=none", smtpServer{host: "mail.example", port: 25, starttls: gomail.NoTLS}},
		{"smtps://u:p@mail.example", smtpServer{host: "mail.example", port: 465, user: "u", pass: "p", implicit: true,
			starttls: gomail.TLSOpportunistic}},
	} {
		got, err := parseSMTPURL(c.raw)
		if err != nil || got != c.want {
			t.Errorf("parseSMTPURL(%q) = %+v, %v; want %+v", c.raw, got, err, c.want)
		}
	}
	for _, raw := range []string{"", "http://mail.example", "smtp://", "smtp://h:0", "smtp://h:x",
		"smtp://h?starttls=maybe", "smtp://h?from=x", "smtps://h?starttls=required", "smtp://u:secret@h:99999"} {
		_, err := parseSMTPURL(raw)
		if err == nil {
			t.Errorf("parseSMTPURL(%q): no error", raw)
		} else if strings.Contains(err.Error(), "secret") {
			t.Errorf("parseSMTPURL(%q): the error shows the password: %v", raw, err)
		}
	}
}

func TestRetryDelay(t *testing.T) {
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute,
		32 * time.Minute, time.Hour, time.Hour}
	for n, w := range want {
		if got := retryDelay(n); got != w {
			t.Errorf("retryDelay(%d) = %s, want %s", n, got, w)
		}
	}
}

func TestNewConfig(t *testing.T) {
	s, err := New(nil, Config{SMTPURL: "smtp://mail.example", From: "디지털서비스 전문계약 <no-reply@dsmarket.go.kr>"})
	if err != nil {
		t.Fatal(err)
	}
	if s.from.Address != "no-reply@dsmarket.go.kr" || s.baseURL != DefaultPublicBaseURL || s.poll != DefaultPoll ||
		s.maxAttempts != DefaultMaxAttempts || s.Server() != "mail.example:25" {
		t.Errorf("defaults not applied: %+v", s)
	}
	for _, cfg := range []Config{{SMTPURL: "smtp://h", From: "not an address"}, {SMTPURL: "ftp://h"}} {
		if _, err := New(nil, cfg); err == nil {
			t.Errorf("New(%+v): no error", cfg)
		}
	}
}

// TestComposeNamesLabelsAsThePagesDo: a reason that names a label of the pages' catalog (a
// service's status) reads it in the recipient's language when the sender has that catalog,
// and its code without.
func TestComposeNamesLabelsAsThePagesDo(t *testing.T) {
	labels := func(lang, key string) (string, bool) {
		if key != "svcstatus.suspended" {
			return "", false
		}
		if lang == models.LangKO {
			return "정지", true
		}
		return "suspended (정지)", true
	}
	d := store.MailDelivery{NotificationKey: "k", Language: "ko", CaseType: "order", CaseID: "ORD-1",
		Subject: "s", Body: "b", BodyText: models.Msg("order.not_orderable", "status", "svcstatus.suspended")}
	if _, text, _ := compose(d, "http://h", labels); !strings.Contains(text, "서비스가 정지 상태여서 주문할 수 없음") {
		t.Errorf("ko text:\n%s", text)
	}
	if _, text, _ := compose(d, "http://h", nil); !strings.Contains(text, "서비스가 suspended 상태여서") {
		t.Errorf("ko text without the pages' catalog:\n%s", text)
	}
	d.Language = "en"
	if _, text, _ := compose(d, "http://h", labels); !strings.Contains(text, "service is suspended (정지) and cannot be ordered") {
		t.Errorf("en text:\n%s", text)
	}
}
