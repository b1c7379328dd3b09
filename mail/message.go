package mail

import (
	"fmt"
	"net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/web/links"
)

// CaseURL is the address of a case's page in the web UI under base (PUBLIC_BASE_URL), or
// of the page of news of no case (links.Of); the UI's home page when there is none.
func CaseURL(base, caseType, caseID string) string {
	base = strings.TrimRight(base, "/")
	if p := links.Of(caseType, caseID); p != "" {
		return base + p
	}
	return base + links.Prefix + "/"
}

// wording is everything the sender writes itself, per language of users.language. The
// subject and the body are the notification's (see newsIn).
type wording struct {
	subjectPrefix string
	greeting      string // with the recipient's name
	greetingBare  string // when the name is unknown
	linkLine      string
	ownLines      map[string]string // the link of news of no case, by its type (links.Own)
	footer        string
}

var wordings = map[string]wording{
	"ko": {
		subjectPrefix: "[디지털서비스 전문계약] ",
		greeting:      "%s 님께,",
		greetingBare:  "안녕하십니까,",
		linkLine:      "사건 보기: %s",
		ownLines: map[string]string{"person": "내 설정 보기: %s", "organization": "우리 기관의 등록 정보 보기: %s",
			"access_log": "개인정보 접속기록 보기: %s"},
		footer: "이 메일은 디지털서비스 전문계약 시스템(dsmarket)이 자동으로 보낸 알림입니다. " +
			"이 주소로 회신하지 마십시오. 위 링크에서 로그인하면 지금의 상태를 볼 수 있습니다. " +
			"시각은 한국 표준시(Asia/Seoul)입니다.",
	},
	"en": {
		subjectPrefix: "[Digital Service Contracts] ",
		greeting:      "Dear %s,",
		greetingBare:  "Hello,",
		linkLine:      "View the case: %s",
		ownLines: map[string]string{"person": "Your settings: %s", "organization": "Your organization's record: %s",
			"access_log": "The access log of personal data: %s"},
		footer: "This is an automatic notification from dsmarket, the Digital Service Specialized " +
			"Contract System. Please do not reply to this address. Sign in at the link above to see " +
			"how things stand now. Times are Korea Standard Time (Asia/Seoul).",
	},
}

// wordingFor falls back to Korean, the default of users.language.
func wordingFor(lang string) (wording, string) {
	if w, ok := wordings[lang]; ok {
		return w, lang
	}
	return wordings["ko"], "ko"
}

// compose is the subject and the plain text of d's message, and its language; labels is the
// pages' catalog, for the labels a domain text names (nil: the domain's catalog alone).
func compose(d store.MailDelivery, baseURL string, labels models.Lookup) (subject, text, lang string) {
	w, lang := wordingFor(d.Language)
	greeting := w.greetingBare
	if d.RecipientName != "" {
		greeting = fmt.Sprintf(w.greeting, d.RecipientName)
	}
	news, body := newsIn(d, lang, labels)
	var b strings.Builder
	b.WriteString(greeting + "\n\n")
	b.WriteString(news + "\n\n")
	if body = strings.TrimSpace(body); body != "" {
		b.WriteString(body + "\n\n")
	}
	link := w.linkLine
	if line, ok := w.ownLines[d.CaseType]; ok {
		link = line
	}
	b.WriteString(fmt.Sprintf(link, CaseURL(baseURL, d.CaseType, d.CaseID)) + "\n\n")
	// "-- " is the signature separator mail readers fold away.
	b.WriteString("-- \n" + w.footer + "\n")
	return w.subjectPrefix + oneLine(news), b.String(), lang
}

// newsIn is the notification's subject and body in lang: its keyed texts where it has
// them, written for a reader as a page writes them (48,000,000 KRW) and with the labels a
// page shows (a reason's "서비스가 정지 상태여서", not "suspended"), each falling back to the
// bilingual text the workflows wrote before they were keyed.
func newsIn(d store.MailDelivery, lang string, labels models.Lookup) (subject, body string) {
	subject, body = d.Subject, d.Body
	if d.SubjectText != nil {
		subject = d.SubjectText.ForReader().Format(lang, labels)
	}
	if d.BodyText != nil {
		body = d.BodyText.ForReader().Format(lang, labels)
	}
	return subject, body
}

// oneLine keeps a subject on one header line whatever the workflow wrote.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// errBadAddress marks a message that no server will ever take: retrying cannot help.
type errBadAddress struct{ err error }

func (e errBadAddress) Error() string { return "invalid recipient address: " + e.err.Error() }

// message builds d's e-mail: UTF-8 plain text, in the recipient's language, with the
// Message-ID derived from (notification, recipient) so that a copy sent again is the same
// message to the receiver.
func message(d store.MailDelivery, from *mail.Address, baseURL string, labels models.Lookup, now time.Time) (*gomail.Msg, error) {
	subject, text, lang := compose(d, baseURL, labels)
	m := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP))
	m.FromMailAddress(from)
	if err := m.AddToFormat(d.RecipientName, d.Email); err != nil {
		return nil, errBadAddress{err}
	}
	m.Subject(subject)
	m.SetMessageIDWithValue(d.MessageID)
	m.SetDateWithValue(now)
	m.SetUserAgent("dsmarket")
	m.SetGenHeader(gomail.HeaderContentLang, lang)
	// RFC 3834: a notification, so that vacation responders leave it alone.
	m.SetGenHeader("Auto-Submitted", "auto-generated")
	m.SetGenHeader(gomail.HeaderXAutoResponseSuppress, "All")
	m.SetGenHeader("X-Dsmarket-Notification", d.NotificationKey)
	m.SetBodyString(gomail.TypeTextPlain, text)
	return m, nil
}
