package web

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dsmarket/dsmarket/models"
)

// The golden cases of applying in the browser, the documents of an application and the
// committee's sessions.

// fxApplyView is what showApply builds for the form's values, with the files kept.
func fxApplyView(values url.Values, preview bool, kept map[models.DocumentKind]*models.StoredDocument) applyView {
	required := requiredKinds(values)
	v := applyView{Preview: preview, MaxMiB: 20, MaxBytes: models.MaxUploadBytes, Today: "2026-03-10"}
	for _, k := range models.ApplicationDocumentKinds {
		v.Documents = append(v.Documents, applyDocument{Kind: k, Rule: docRules[k], Required: slices.Contains(required, k), Kept: kept[k]})
	}
	return v
}

var fxUploaded = models.StoredDocument{ID: "DOC-0123456789abcdef0123456789abcdef", Filename: "신청서.pdf", SHA256: sha('a'),
	Size: 1 << 20, ContentType: "application/pdf", UploadedBy: "jung.provider", UploaderOrg: "PV-0001", CreatedAt: at(2, 9, 0)}

var fxRoster = []models.User{
	{Sub: "hwang.committee", Name: "황동현", Role: models.RoleCommittee, Org: "MSIT", Affiliation: "과학기술정보통신부", Active: true},
	{Sub: "lim.committee", Name: "임수정", Role: models.RoleCommittee, Org: "MSIT", Affiliation: "한국정보화진흥원", Active: true},
	{Sub: "song.committee", Name: "송재원", Role: models.RoleCommittee, Org: "MSIT", Affiliation: "행정안전부", Active: true},
}

// fxSession is a session of three members with one application on its agenda, closed with
// its decision when closed.
func fxSession(closed bool) *models.CommitteeSession {
	operator := models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"}
	s := &models.CommitteeSession{ID: "CS-2026-0001", WorkflowID: "committee-CS-2026-0001", HeldOn: date("2026-03-20"),
		Members: []string{"song.committee", "hwang.committee", "lim.committee"}, Status: models.SessionOpen,
		OpenedBy: "park.operator", OpenedAt: at(10, 9, 0),
		Agenda: []models.AgendaItem{{ApplicationID: "APP-2026-000001", WorkflowID: "application-APP-2026-000001",
			ServiceName: fxService.Name, JoinedAt: at(10, 9, 0)}},
		Steps: []models.Step{{At: at(10, 9, 0), Actor: operator, Action: "session_opened", Status: string(models.SessionOpen)},
			{At: at(10, 9, 0), Actor: models.SystemActor, Action: "application_joined", Status: string(models.SessionOpen), Note: "APP-2026-000001"}},
	}
	if !closed {
		return s
	}
	d := models.DecideCommittee(s.ID, 3, []models.CommitteeVote{
		{SessionID: s.ID, Member: "song.committee", Vote: models.VoteSelect}, {SessionID: s.ID, Member: "lim.committee", Vote: models.VoteSelect},
		{SessionID: s.ID, Member: "hwang.committee", Recused: true}}, at(20, 11, 0))
	s.Agenda[0].Decision = &d
	s.Agenda = append(s.Agenda, models.AgendaItem{ApplicationID: "APP-2026-000002", WorkflowID: "application-APP-2026-000002",
		ServiceName: fxService2.Name, JoinedAt: at(11, 9, 0)})
	none := models.DecideCommittee(s.ID, 3, nil, at(20, 11, 0))
	s.Agenda[1].Decision = &none
	s.Status, s.ClosedBy, s.ClosedAt = models.SessionClosed, "park.operator", atp(20, 11, 0)
	s.Steps = append(s.Steps, models.Step{At: at(20, 11, 0), Actor: operator, Action: "session_closed", Status: string(models.SessionClosed)})
	return s
}

func fxSessionView(s *models.CommitteeSession, who *session) sessionView {
	v := sessionView{Session: s, CanClose: who.Role == models.RoleOperator && s.Status == models.SessionOpen}
	// lim.committee is left out of the names: a member the roster no longer holds shows by sub.
	v.Names = namesOf([]models.User{fxRoster[0], fxRoster[2]})
	for _, item := range s.Agenda {
		row := agendaRow{AgendaItem: item}
		if item.Decision != nil {
			row.DecisionText = models.DecisionText(*item.Decision)
		}
		v.Agenda = append(v.Agenda, row)
	}
	return v
}

func applyGoldenCases() []goldenCase {
	var cs []goldenCase
	add := func(name, tmpl string, p page, check func(*testing.T, string, *html.Node)) {
		cs = append(cs, goldenCase{name: name, tmpl: tmpl, p: p, check: check})
	}

	// The application form: as it opens with the registry's facts, refused in English with a
	// file kept, and showing the documents a cloud service of a broker requires.
	values := url.Values{"provider.business_no": {"101-81-12341"}, "provider.name": {"(주)한빛클라우드"}, "provider.size": {"sme"},
		"provider.founded_on": {"2015-04-01"}, "provider.business_status": {"active"}}
	p := fxPage(langKO, fxProvider, "h.newapp", "/ui/applications/new")
	p.Form, p.Data = fxForm(values), fxApplyView(values, false, nil)
	add("application_new", "application_new", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<form method="post" action="/ui/applications" enctype="multipart/form-data" novalidate data-upload`,
			`<input type="text" id="f-provider.business_no" name="provider.business_no" value="101-81-12341">`,
			`<input type="file" id="f-documents.csap_certificate" name="documents.csap_certificate">`,
			`<option value="sme" selected>`, `<a href="/ui/applications/new">새 심사신청</a>`, `<script src="/ui/static/upload.js" defer></script>`)
		required := find(doc, `tr[data-rule="always"] strong.warn`)
		if len(required) != 6 {
			t.Errorf("%d general documents marked required, want 6", len(required))
		}
		for _, mark := range find(doc, `tr[data-rule="csap"] strong.warn`, `tr[data-rule="broker"] strong.warn`) {
			if !hasAttr(mark, "hidden") {
				t.Error("a document no type or flag requires yet is marked required")
			}
		}
		mustNotContain(t, body, `name="document_id.`)
	})

	values = url.Values{"service.name": {""}, "service.type": {"cloud"}, "service.subtype": {"consulting"},
		"service.description": {"민원 접수"}, "provider.business_no": {"101-81-12341"}, "provider.name": {"(주)한빛클라우드"},
		"provider.credit_rating": {"BBB"}, "provider.business_status": {"active"}, "provider.size": {"sme"},
		"provider.founded_on": {"2015-04-01"}, "broker": {"true"}, "document_id.application_form": {fxUploaded.ID},
		"service.features": {"민원 접수\n상담 이력"}, "service.prices": {"표준 | user-month | -1"}}
	p = fxPage(langEN, fxProvider, "h.newapp", "/ui/applications")
	p.Form = fxForm(values,
		models.FieldError{Field: "service.name", Message: "is required, at most 200 characters"},
		models.FieldError{Field: "service.prices[0].unit_price_krw", Message: "must be a whole amount from 0 to 10000000000 KRW"},
		models.FieldError{Field: "service.subtype", Message: "consulting belongs to type support, not cloud"},
		uiFieldError("documents.csap_certificate", models.Msg("msg.upload.type")))
	p.Form.Lang = langEN
	p.Data = fxApplyView(values, false, map[models.DocumentKind]*models.StoredDocument{models.DocApplicationForm: &fxUploaded})
	add("application_new_errors_en", "application_new", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<input type="hidden" name="document_id.application_form" value="`+fxUploaded.ID+`">`,
			`<p class="hint" id="kept-documents.application_form">Uploaded: 신청서.pdf (choose another file to replace it)</p>`,
			`<p class="field-error" id="e-documents.csap_certificate">This type of file is not accepted`,
			`aria-invalid="true" aria-describedby="e-documents.csap_certificate"`,
			`<a href="#f-service.subtype">Subtype: consulting belongs to type support, not cloud</a>`,
			`<input type="checkbox" id="f-broker" name="broker" value="true" checked>`,
			// A price line's error stands beside the box the line was typed in, which keeps it.
			`<p class="field-error" id="e-service.prices">must be a whole amount from 0 to 10000000000 KRW</p>`,
			`name="service.prices" rows="4" aria-invalid="true" aria-describedby="e-service.prices">표준 | user-month | -1</textarea>`,
			`<a href="#f-service.prices">Price lines 1: must be a whole amount`,
			`<textarea id="f-service.features" name="service.features" rows="4">민원 접수
상담 이력</textarea>`)
		for _, rule := range []string{"always", "cloud", "csap", "broker"} {
			for _, mark := range find(doc, `tr[data-rule="`+rule+`"] strong.warn`) {
				if hasAttr(mark, "hidden") {
					t.Errorf("a %s document of a cloud service by a broker is not marked required", rule)
				}
			}
		}
	})

	values = url.Values{"service.type": {"cloud"}, "school_education_only": {"true"}}
	p = fxPage(langKO, fxProvider, "h.newapp", "/ui/applications")
	p.Form, p.Data = fxForm(values), fxApplyView(values, true, nil)
	add("application_new_preview", "application_new", p, func(t *testing.T, body string, doc *html.Node) {
		summary := textOf(findOne(t, doc, "#required-summary"))
		if !strings.Contains(summary, translate(langKO, "doc.sla_policy")) || strings.Contains(summary, translate(langKO, "doc.csap_certificate")) {
			t.Errorf("a cloud service for schools only requires the SLA policy and no CSAP certificate: %q", summary)
		}
	})

	// The documents of an application link to their downloads; a supplement refused in
	// English keeps the file it uploaded.
	a := fxApplication()
	a.Documents[0].DocumentID = fxUploaded.ID
	a.Service.Features = []string{"행정기관 SSO 연동"}
	a.Service.Prices = []models.PriceLine{{Item: "표준 요금제", Unit: "user-month", UnitPriceKRW: 9500, Conditions: "최소 10명"},
		{Item: "특별 라이선스", Unit: "license-year", UnitPriceKRW: 9_000_000}}
	p = fxPage(langKO, fxOperator, "h.app", "/ui/applications/"+a.ID)
	p.Title = a.ID + " · " + p.Title
	p.Form, p.Data = fxForm(nil), fxApplicationView(a, fxOperator)
	add("application_documents_operator", "application", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<a href="/ui/documents/`+fxUploaded.ID+`" data-document="`+fxUploaded.ID+`">신청서.pdf</a>`,
			`<td>csap.pdf <span class="muted">`,
			// An operator reads who downloaded it.
			`<a class="muted" href="/ui/documents/`+fxUploaded.ID+`/downloads">내려받기 기록</a>`,
			// The catalog the application brings, as the service page would show it.
			`<ul id="application-features" aria-labelledby="application-features-h">`, `<li>행정기관 SSO 연동</li>`,
			`<td class="num">9,500원</td><td>최소 10명</td>`, `<td class="num">9,000,000원</td><td>—</td>`)
	})
	a = fxApplication()
	a.Status, a.MissingKinds, a.OpenTasks = models.AppSupplementRequested, []models.DocumentKind{models.DocSLAPolicy}, nil
	a.Provider.CreditRating = "" // a company too new to be rated (or a re-review, which asks none)
	p = fxPage(langEN, fxProvider, "h.app", "/ui/applications/"+a.ID)
	p.Title = a.ID + " · " + p.Title
	p.Form = fxForm(url.Values{"documents[0].kind": {"sla_policy"}, "documents[0].document_id": {fxUploaded.ID}, "documents[1].kind": {"sla_policy"}},
		uiFieldError("documents[1].file", models.Msg("msg.upload.choose")))
	p.Form.Lang = langEN
	av := fxApplicationView(a, fxProvider)
	av.Action, av.Kept = "documents", map[string]*models.StoredDocument{"documents[0].document_id": &fxUploaded}
	p.Data = av
	add("application_supplement_kept_en", "application", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `enctype="multipart/form-data"`, `<input type="hidden" name="documents[0].document_id" value="`+fxUploaded.ID+`">`,
			`<p class="field-error" id="e-documents[1].file">Choose a file.</p>`, `<input type="file" id="f-documents[2].file" name="documents[2].file">`)
		mustNotContain(t, body, `id="application-catalog"`, // an application that brings no catalog
			` · </span></dd>`) // nor a separator before a credit rating it lacks
	})

	// The committee's sessions: the operator's list with the form, refused in English, and
	// the auditor's list.
	sessions := []models.CommitteeSession{*fxSession(false), *fxSession(true)}
	sessions[1].ID = "CS-2026-0000"
	p = fxPage(langKO, fxOperator, "h.sessions", "/ui/committee")
	p.Form = fxForm(url.Values{"held_on": {"2026-03-10"}})
	p.Data = committeeView{Sessions: sessions, CanOpen: true, Roster: fxRoster, MaxMembers: 11, Today: "2026-03-10", NextToken: "tok-cs",
		Names: namesOf(fxRoster)}
	add("committee_operator", "committee", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<a href="/ui/committee/CS-2026-0001">CS-2026-0001</a>`, `<form method="post" action="/ui/committee" novalidate>`,
			`<input type="checkbox" id="f-members-2" name="members" value="song.committee">`,
			`<input type="radio" id="f-chair-2" name="chair" value="song.committee">`, `href="/ui/committee?page_token=tok-cs"`,
			`<a href="/ui/committee">심사위원회</a>`,
			`<td>송재원 <span class="muted">(song.committee)</span>, 황동현 <span class="muted">(hwang.committee)</span>, 임수정 <span class="muted">(lim.committee)</span></td>`)
	})
	p = fxPage(langEN, fxOperator, "h.sessions", "/ui/committee")
	p.Form = fxForm(url.Values{"held_on": {"2026-03-01"}, "members": {"lim.committee", "song.committee"}},
		models.FieldError{Field: "held_on", Message: "cannot be before today (2026-03-10)"},
		uiFieldError("chair", models.Msg("msg.chair.required")))
	p.Form.Lang = langEN
	p.Data = committeeView{CanOpen: true, Roster: fxRoster, MaxMembers: 11, Today: "2026-03-10"}
	add("committee_errors_en", "committee", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<p class="field-error" id="e-chair">Choose the chair among the members.</p>`,
			`<input type="checkbox" id="f-members-1" name="members" value="lim.committee" checked>`,
			`<a href="#f-chair">Chair: Choose the chair among the members.</a>`)
	})
	p = fxPage(langEN, fxAuditor, "h.sessions", "/ui/committee")
	p.Data = committeeView{Sessions: sessions, Names: namesOf(fxRoster[:1])}
	add("committee_auditor_en", "committee", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<td>song.committee, 황동현 <span class="muted">(hwang.committee)</span>, lim.committee</td>`)
		mustNotContain(t, body, `action="/ui/committee"`, `id="roster"`)
	})

	// One session: open for the operator, with its close form; closed, with its decisions.
	s := fxSession(false)
	p = fxPage(langKO, fxOperator, "h.session", "/ui/committee/"+s.ID)
	p.Title = s.ID + " · " + p.Title
	p.Form, p.Data = fxForm(nil), fxSessionView(s, fxOperator)
	p.users = func(sub string) (models.User, bool) {
		return models.User{Sub: sub, Name: fxOperator.Name}, sub == fxOperator.Sub
	}
	add("committee_session_operator", "committee_session", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<form method="post" action="/ui/committee/CS-2026-0001/close" novalidate>`,
			`<dt>개최</dt><dd>박지훈 <span class="muted">(park.operator)</span> · `,
			`<a href="/ui/applications/APP-2026-000001">APP-2026-000001</a>`, `<dt>위원장</dt><dd id="session-chair">송재원 <span class="muted">(song.committee)</span></dd>`,
			`<dd id="session-members">송재원 <span class="muted">(song.committee)</span>, 황동현 <span class="muted">(hwang.committee)</span>, lim.committee</dd>`)
		mustNotContain(t, body, `class="outcome"`)
	})
	for _, lang := range []string{langKO, langEN} {
		s = fxSession(true)
		p = fxPage(lang, fxCommittee, "h.session", "/ui/committee/"+s.ID)
		p.Title = s.ID + " · " + p.Title
		p.Form, p.Data = fxForm(nil), fxSessionView(s, fxCommittee)
		add("committee_session_closed_"+lang, "committee_session", p, func(t *testing.T, body string, doc *html.Node) {
			mustContain(t, body, `<strong class="outcome" data-outcome="selected">`+translate(lang, "status.selected")+`</strong>`,
				`<strong class="outcome" data-outcome="deferred">`+translate(lang, "msg.deferred")+`</strong>`,
				say(lang, models.DecisionText(*s.Agenda[0].Decision), ""))
			mustNotContain(t, body, `/close"`)
		})
	}
	return cs
}
