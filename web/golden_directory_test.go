package web

import (
	"net/url"
	"testing"

	"golang.org/x/net/html"

	"github.com/dsmarket/dsmarket/models"
)

// The golden cases of the registry's pages: organizations, the expert pool and committee
// roster, declared relations, and the page of a sign-in the registry does not know.

var (
	fxProviderOrg = models.Organization{Org: "PV-0300", Kind: models.OrgProvider, Name: "(주)가온클라우드", NameEn: "Gaon Cloud",
		BusinessNo: "124-82-00262", Size: models.SizeSME, FoundedOn: datep("2018-01-02")}
	fxAgencyOrg = models.Organization{Org: "AG-0013", Kind: models.OrgAgency, Name: "세종특별자치시교육청",
		NameEn: "Sejong Office of Education", AgencyKind: models.AgencySchool}
	fxNewExpert = models.User{Sub: "oidc|7f3a", Name: "문서윤", Role: models.RoleExpert, Org: "NIA", Affiliation: "서울대학교",
		Email: "moon@snu.example", Language: "ko", Active: true, EmailNotifications: models.EmailMine}
	fxMember = models.User{Sub: "hwang.committee", Name: "황동현", NameEn: "Hwang Dong-hyun", Role: models.RoleCommittee, Org: "MSIT", Affiliation: "과학기술정보통신부",
		Email: "hwang@msit.example", Language: "en", EmailNotifications: models.EmailAll}
	fxRelations = []models.Relation{
		{PersonSub: "oidc|7f3a", BusinessNo: "101-81-12341", Kind: models.RelationEmployment, Since: datep("2019-03-01"), Until: datep("2022-02-28")},
		{PersonSub: "oidc|7f3a", BusinessNo: "124-82-00262", Kind: models.RelationWork, Since: datep("2025-02-01"), Note: "자문 용역"},
	}
)

// personCurrent is what showPerson fills the edit form with.
func personCurrent(u models.User) url.Values {
	return url.Values{"name": {u.Name}, "name_en": {u.NameEn}, "affiliation": {u.Affiliation}, "email": {u.Email}, "language": {u.Language}}
}

func directoryGoldenCases() []goldenCase {
	var cs []goldenCase
	add := func(name, tmpl string, p page, check func(*testing.T, string, *html.Node)) {
		cs = append(cs, goldenCase{name: name, tmpl: tmpl, p: p, check: check})
	}

	// Organizations: the operator's list with both register forms, the same refused in
	// English, and the auditor's list without forms.
	orgs := []models.Organization{fxAgencyOrg, fxProviderOrg}
	p := fxPage(langKO, fxOperator, "h.organizations", "/ui/organizations")
	p.Form = fxForm(nil)
	p.Data = organizationsView{Organizations: orgs, Kinds: orgKinds, NextToken: "tok-org", CanRegister: true, Today: "2026-03-10"}
	add("organizations_operator", "organizations", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<a href="/ui/organizations/PV-0300">PV-0300</a>`, `<td>교육기관</td>`, `<td>중소기업 · 설립 2018-01-02</td>`,
			`href="/ui/organizations?kind=&amp;page_token=tok-org"`, `<input type="hidden" name="kind" value="provider">`,
			`<input type="hidden" name="kind" value="agency">`, `id="f-provider-business_no"`, `id="f-agency-agency_kind"`,
			`<a href="/ui/people">전문가·심사위원</a>`)
		findOne(t, doc, `select#f-provider-size`)
	})
	p = fxPage(langEN, fxOperator, "h.organizations", "/ui/organizations")
	p.Form = fxForm(url.Values{"kind": {"provider"}, "org": {"PV-0300"}, "name": {"(주)가온클라우드"}, "business_no": {"124-82-00269"},
		"size": {"sme"}, "founded_on": {""}},
		models.FieldError{Field: "business_no", Message: "is not a valid business registration number (its check digit does not match)"},
		models.FieldError{Field: "founded_on", Message: "is required for a provider (YYYY-MM-DD)"})
	p.Data = organizationsView{Organizations: orgs, Kind: models.OrgProvider, Kinds: orgKinds, CanRegister: true, Action: "provider",
		Today: "2026-03-10"}
	add("organizations_provider_errors_en", "organizations", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `id="e-provider-business_no">is not a valid business registration number`,
			`value="124-82-00269"`, `<option value="sme" selected>Small or medium</option>`, `<option value="provider" selected>Provider</option>`)
		// The agency's form starts empty: the refused values are the provider form's.
		agency := find(doc, `input#f-agency-org`)
		if len(agency) != 1 || attr(agency[0], "value") != "" {
			t.Errorf("the agency's form is not empty")
		}
	})
	p = fxPage(langKO, fxAuditor, "h.organizations", "/ui/organizations?kind=agency")
	p.Data = organizationsView{Organizations: []models.Organization{fxAgencyOrg}, Kind: models.OrgAgency, Kinds: orgKinds}
	add("organizations_auditor", "organizations", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<option value="agency" selected>수요기관</option>`, `<a href="/ui/organizations">기관 관리</a>`)
		mustNotContain(t, body, `action="/ui/organizations"`+` novalidate`)
	})

	// One organization: the operator's edit form filled with it, the same refused for an
	// agency in English, the auditor's page.
	current := func(o models.Organization) url.Values {
		v := url.Values{"name": {o.Name}, "name_en": {o.NameEn}}
		if o.Kind == models.OrgProvider {
			v.Set("business_no", o.BusinessNo)
			v.Set("size", string(o.Size))
			v.Set("founded_on", o.FoundedOn.String())
		} else {
			v.Set("agency_kind", string(o.AgencyKind))
		}
		return v
	}
	p = fxPage(langKO, fxOperator, "h.organization", "/ui/organizations/PV-0300?done=edit")
	p.Title = "PV-0300 · (주)가온클라우드"
	p.Flash = translate(langKO, "flash.edit")
	p.Form = fxForm(nil)
	p.Data = organizationView{Org: fxProviderOrg, CanEdit: true, Current: current(fxProviderOrg), Today: "2026-03-10"}
	add("organization_provider_operator", "organization", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `action="/ui/organizations/PV-0300"`, `id="f-business_no" name="business_no" value="124-82-00262"`,
			`<option value="sme" selected>중소기업</option>`, `value="2018-01-02"`, `변경 내용 저장`)
		mustNotContain(t, body, `name="agency_kind"`)
	})
	p = fxPage(langEN, fxOperator, "h.organization", "/ui/organizations/AG-0013")
	p.Title = "AG-0013 · 세종특별자치시교육청"
	p.Form = fxForm(url.Values{"name": {"세종특별자치시교육청"}, "name_en": {""}, "agency_kind": {"bank"}},
		models.FieldError{Field: "agency_kind", Message: "must be one of national, public_institution, local_government, school"})
	p.Data = organizationView{Org: fxAgencyOrg, CanEdit: true, Current: current(fxAgencyOrg), Action: "edit", Today: "2026-03-10"}
	add("organization_agency_errors_en", "organization", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `id="e-agency_kind">must be one of national`, `<dd>School or office of education</dd>`)
		mustNotContain(t, body, `name="business_no"`, `Sejong Office of Education"`)
	})
	p = fxPage(langKO, fxAuditor, "h.organization", "/ui/organizations/PV-0300")
	p.Title = "PV-0300 · (주)가온클라우드"
	p.Data = organizationView{Org: fxProviderOrg, Current: current(fxProviderOrg), Changes: registryChangesView{
		Path: "/ui/organizations/PV-0300", Next: "MTI", Items: []models.RegistryChange{
			{ID: 14, Subject: "organization", SubjectID: "PV-0300", Action: "changed", By: fxOperator.actor(), At: at(4, 11, 30),
				Changes: []models.FieldChange{{Field: "size", Old: "midsize", New: "sme"}}},
			{ID: 13, Subject: "organization", SubjectID: "PV-0300", Action: "created", By: fxOperator.actor(), At: at(2, 9, 0),
				Changes: []models.FieldChange{{Field: "business_no", New: "124-82-00262"}, {Field: "name", New: "(주)가온클라우드"}}},
		}}}
	add("organization_auditor", "organization", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<dd>124-82-00262</dd>`, `<dd>중소기업</dd>`, translate(langKO, "msg.noforms.auditor"),
			`<li>기업 규모: 중견기업 → 중소기업</li>`, `<td>park.operator <span class="muted">(운영기관 · 한국지능정보사회진흥원 NIA)</span></td>`, `<li>사업자등록번호: 124-82-00262</li>`,
			`href="/ui/organizations/PV-0300?changes_token=MTI#changes"`)
		mustNotContain(t, body, `action="/ui/organizations/`)
	})

	// The pool: the operator's list with the form to add a person, the form refused in
	// English, and the auditor's list of inactive people.
	people := []models.User{fxMember, fxNewExpert}
	p = fxPage(langKO, fxOperator, "h.people", "/ui/people")
	p.Form = fxForm(nil)
	p.Data = peopleView{People: people, Roles: models.PoolRoles, NextToken: "tok-p", CanRegister: true}
	add("people_operator", "people", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<a href="/ui/people/oidc%7c7f3a">문서윤</a>`, `<code>oidc|7f3a</code>`, `<strong class="badge">비활성</strong>`,
			`href="/ui/people?role=&amp;active=&amp;page_token=tok-p"`, `action="/ui/people"`, `<option value="committee">심사위원</option>`)
		findOne(t, doc, `select#f-language`)
	})
	p = fxPage(langEN, fxOperator, "h.people", "/ui/people")
	p.Form = fxForm(url.Values{"sub": {"oidc|9b21"}, "role": {"operator"}, "name": {"Alex Kim"}, "email": {"alex at kaist"}, "language": {"en"}},
		models.FieldError{Field: "role", Message: "must be one of expert, committee"},
		models.FieldError{Field: "email", Message: "must be one e-mail address such as name@agency.go.kr"})
	p.Data = peopleView{People: people, Roles: models.PoolRoles, CanRegister: true}
	add("people_errors_en", "people", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `id="e-role">must be one of expert, committee<`, `value="alex at kaist"`,
			`<option value="en" selected>English</option>`)
	})
	p = fxPage(langKO, fxAuditor, "h.people", "/ui/people?role=committee&active=false")
	p.Data = peopleView{People: []models.User{fxMember}, Roles: models.PoolRoles, Role: models.RoleCommittee, Active: "false"}
	add("people_auditor", "people", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<option value="false" selected>비활성</option>`, `<option value="committee" selected>심사위원</option>`)
		mustNotContain(t, body, `action="/ui/people" novalidate`)
	})

	// A person: the operator's page of an active expert (the deactivation says what it does),
	// an inactive member's page with a refused relation in English, the auditor's page.
	p = fxPage(langKO, fxOperator, "h.person", "/ui/people/oidc%7C7f3a")
	p.Title = "문서윤 · " + p.Title
	p.Form = fxForm(nil)
	p.Data = personView{Person: fxNewExpert, Relations: fxRelations, CanEdit: true, Current: personCurrent(fxNewExpert), Today: "2026-03-10"}
	add("person_expert_operator", "person", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `action="/ui/people/oidc%7c7f3a"`, `action="/ui/people/oidc%7c7f3a/status"`,
			`action="/ui/people/oidc%7c7f3a/relations"`, `<input type="hidden" name="active" value="false">`,
			translate(langKO, "msg.deactivate.expert"), `id="f-name" name="name" value="문서윤"`,
			`<td>124-82-00262</td><td>용역·자문 수행</td><td>2025-02-01</td><td>현재</td><td>자문 용역</td>`, `id="f-rel-business_no"`)
		mustContain(t, translate(langKO, "msg.deactivate.expert"), "운영기관 작업함으로 돌아가")
		mustContain(t, translate(langEN, "msg.deactivate.expert"), "goes back to the operators' queue")
	})
	// An English page names the person, and the signed-in operator, in English.
	en := *fxOperator
	en.NameEn = "Park Ji-hoon"
	p = fxPage(langEN, &en, "h.person", "/ui/people/hwang.committee")
	p.Title = "Hwang Dong-hyun · " + p.Title
	p.Form = fxForm(url.Values{"business_no": {"124-82-0026"}, "kind": {"spouse"}, "since": {"2027-01-01"}},
		models.FieldError{Field: "business_no", Message: "must be a business registration number 000-00-00000"},
		models.FieldError{Field: "since", Message: "cannot be after today (2026-03-10)"})
	p.Data = personView{Person: fxMember, CanEdit: true, Current: personCurrent(fxMember), Action: "relation", Today: "2026-03-10"}
	add("person_relation_errors_en", "person", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `id="e-rel-business_no">must be a business registration number`, `<option value="spouse" selected>Spouse</option>`,
			`<input type="hidden" name="active" value="true">`, `No relation declared.`, `id="f-name" name="name" value="황동현"`,
			translate(langEN, "msg.inactive"), `<h1>Hwang Dong-hyun <span`, `id="f-name_en" name="name_en" value="Hwang Dong-hyun"`,
			`<strong>Park Ji-hoon</strong>`)
		mustNotContain(t, body, translate(langEN, "msg.deactivate.committee"))
	})
	p = fxPage(langKO, fxAuditor, "h.person", "/ui/people/oidc%7C7f3a")
	p.Title = "문서윤 · " + p.Title
	p.Data = personView{Person: fxNewExpert, Relations: fxRelations, Changes: registryChangesView{Items: []models.RegistryChange{
		{ID: 22, Subject: "person", SubjectID: "oidc|7f3a", Action: "changed", By: models.Actor{Sub: "oidc|7f3a", Role: models.RoleExpert, Org: "NIA"},
			At: at(5, 8, 0), Changes: []models.FieldChange{{Field: "email_notifications", Old: "all", New: "mine"}}},
		{ID: 21, Subject: "relation", SubjectID: "oidc|7f3a", Action: "created", By: fxOperator.actor(), At: at(3, 9, 0),
			Changes: []models.FieldChange{{Field: "business_no", New: "101-81-12341"}, {Field: "kind", New: "employment"},
				{Field: "until", New: "2022-02-28"}}},
	}}}
	add("person_auditor", "person", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<td>101-81-12341</td><td>재직</td><td>2019-03-01</td><td>2022-02-28</td>`,
			`<li>메일로 받을 알림: 모든 알림 (소속 기관·역할의 알림과 나에게 온 알림) → 나에게 온 알림만 (내 작업과 그 독촉)</li>`, `등록: 이해관계`, `<td>oidc|7f3a <span class="muted">(전문가 검토위원 · 한국지능정보사회진흥원 NIA)</span></td>`)
		mustNotContain(t, body, "older changes", "이전 변경 이력")
		mustNotContain(t, body, `action="/ui/people/`)
	})

	// One's own relations: an expert's list and form, a committee member's refused form in English.
	p = fxPage(langKO, fxExpert, "h.myrelations", "/ui/me/relations?done=relation")
	p.Flash = translate(langKO, "flash.relation")
	p.Form = fxForm(nil)
	p.Data = myRelationsView{Relations: fxRelations, Today: "2026-03-10"}
	add("my_relations_expert", "my_relations", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `action="/ui/me/relations"`, `<a href="/ui/me/relations">이해관계 신고</a>`, `<td>재직</td>`)
		mustNotContain(t, body, `href="/ui/people"`)
	})
	p = fxPage(langEN, fxCommittee, "h.myrelations", "/ui/me/relations")
	p.Form = fxForm(url.Values{"business_no": {"124-82-00262"}, "kind": {"friend"}, "since": {"2024-01-01"}, "until": {"2023-01-01"}},
		models.FieldError{Field: "kind", Message: "must be one of self, spouse, employment, work"},
		models.FieldError{Field: "until", Message: "cannot be before since (2024-01-01)"})
	p.Data = myRelationsView{Today: "2026-03-10"}
	add("my_relations_committee_errors_en", "my_relations", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `id="e-kind">must be one of self, spouse, employment, work<`, `value="2023-01-01"`, `<a href="#f-until">`)
	})

	// One's own settings: a member's, just changed, in English; an agency's token with no
	// record of its own.
	p = fxPage(langEN, fxCommittee, "h.mysettings", "/ui/me/settings?done=settings")
	p.Flash = translate(langEN, "flash.settings")
	p.Form = fxForm(url.Values{"language": {fxMember.Language}, "email_notifications": {fxMember.EmailNotifications}})
	p.Data = mySettingsView{Me: &fxMember, Choices: models.EmailNotificationChoices}
	p.Unread = models.MaxUnread // a member who has not read their news for long: the badge says so, bounded
	add("my_settings_en", "my_settings", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `>Notifications <span class="badge badge-unread" id="unread" aria-hidden="true">99&#43;</span><span class="sr-only">99&#43; unread</span></a>`,
			`action="/ui/me/settings"`, `<dd id="my-email">hwang@msit.example</dd>`,
			`name="email_notifications" value="all" checked>`, `<option value="en" selected>`,
			`Only those addressed to me (my tasks and their reminders)`, `<a href="/ui/me/settings">My settings</a>`)
	})
	p = fxPage(langKO, fxAgency, "h.mysettings", "/ui/me/settings")
	p.Data = mySettingsView{Choices: models.EmailNotificationChoices, Org: &models.Organization{Org: "AG-0001",
		Kind: models.OrgAgency, Name: "행정안전부", NameEn: "Ministry of the Interior and Safety", AgencyKind: models.AgencyNational}}
	add("my_settings_norecord", "my_settings", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<p class="hint" id="no-record">이 계정은 기관의 토큰으로만 알려져`,
			`<dl class="summary" id="my-org">`, `<span class="muted">AG-0001</span>`, `<span lang="en">Ministry of the Interior and Safety</span>`, `<dt>기관 유형</dt><dd>국가기관</dd>`)
		mustNotContain(t, body, `action="/ui/me/settings"`, `사업자등록번호`)
	})

	// One's news: an expert's, one addressed to them by name (keyed, in Korean) and one to
	// their organization recorded before news was keyed (its bilingual text as stored); and
	// an empty list in English.
	task := fxTask(models.TaskExpertReview)
	p = fxPage(langKO, fxExpert, "h.notifications", "/ui/notifications")
	p.Data = notificationsView{NextToken: "bmV4dA", Items: []notificationItem{
		{Notification: models.Notification{Key: "application-APP-2026-000001/assigned-" + task.ID, ToRole: models.RoleExpert,
			ToOrg: "user:cho.expert", CaseType: "application", CaseID: "APP-2026-000001",
			Subject:                                          "과제 배정 Task assigned: " + task.Title, Body: "과제 " + task.ID, CreatedAt: at(3, 10, 5)}.
			Keyed(models.NoticeTaskAssigned(task)), CasePath: "/ui/applications/APP-2026-000001", Personal: true},
		{Notification: models.Notification{Key: "committee-CS-2026-03/opened", ToRole: models.RoleExpert, ToOrg: "ETRI",
			CaseType: "committee_session", CaseID: "CS-2026-03", Subject: "위원회 개최 Committee session opened",
			CreatedAt: at(2, 9, 0)}, CasePath: "/ui/committee/CS-2026-03"},
	}}
	p.Data.(notificationsView).Items[0].New = true // unread until this page showed it
	add("notifications_expert", "notifications", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<a href="/ui/notifications">알림</a>`,
			`<span class="badge badge-unread">새 알림</span>`, `<span class="badge">나에게</span>`,
			`<a href="/ui/applications/APP-2026-000001">APP-2026-000001</a>`, `<strong>위원회 개최 Committee session opened</strong>`,
			`<a href="/ui/committee/CS-2026-03">CS-2026-03</a>`, `href="/ui/notifications?page_token=bmV4dA"`)
		mustNotContain(t, body, "notify.")
	})
	p = fxPage(langEN, fxAgency, "h.notifications", "/ui/notifications")
	p.Data = notificationsView{}
	add("notifications_none_en", "notifications", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<p id="no-notifications">No news for you yet.</p>`)
	})

	// Who downloaded a file: an auditor's page with two downloads and a next page, and an
	// operator's of a file nobody has read yet, in English.
	file := &models.StoredDocument{ID: "DOC-0123456789abcdef0123456789abcdef", Filename: "보안인증서.pdf", SHA256: "abababababababababababababababababababababababababababababababab",
		Size: 52100, ContentType: "application/pdf", Kind: models.DocCSAPCertificate, UploadedBy: "jung.provider",
		UploaderOrg: "PV-0001", CreatedAt: at(1, 9, 30)}
	p = fxPage(langKO, fxAuditor, "h.docdownloads", "/ui/documents/"+file.ID+"/downloads")
	p.Data = documentDownloadsView{Document: file, NextToken: "bmV4dA", Items: []models.DocumentDownload{
		{DocumentID: file.ID, Sub: "cho.expert", Role: models.RoleExpert, Org: "ETRI", ClientIP: "203.0.113.7", DownloadedAt: at(3, 14, 2)},
		{DocumentID: file.ID, Sub: "lee.operator", Role: models.RoleOperator, Org: "NIA", DownloadedAt: at(2, 10, 0)},
	}}
	add("document_downloads_auditor", "document_downloads", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<td>cho.expert</td><td>전문가 검토위원</td><td>한국전자통신연구원 <span class="muted">ETRI</span></td><td>203.0.113.7</td>`, `<a href="/ui/documents/DOC-0123456789abcdef0123456789abcdef">보안인증서.pdf</a>`,
			`href="/ui/documents/DOC-0123456789abcdef0123456789abcdef/downloads?page_token=bmV4dA"`)
	})
	p = fxPage(langEN, fxOperator, "h.docdownloads", "/ui/documents/"+file.ID+"/downloads")
	p.Data = documentDownloadsView{Document: file}
	add("document_downloads_none_en", "document_downloads", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<p id="no-downloads">Nobody has downloaded this file yet.</p>`)
	})

	// A sign-in the registry does not know: a provider's organization, in Korean with the
	// English below; an expert not in the pool, in English with the Korean below.
	p = fxPage(langKO, nil, "h.notregistered", "/ui/login")
	p.Data = unregisteredView{Sub: "kim.gaon", Org: "PV-0777", Role: models.RoleProvider}
	add("not_registered_org", "not_registered", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `기관 PV-0777(제공기업)은(는) 아직 등록되어 있지 않습니다`, `운영기관(NIA)에 기관 등록을 요청`,
			`<section lang="en"`, `your organization PV-0777 (Provider) is not registered yet`, `Ask the operator (NIA) to register your organization`,
			`<a href="/ui/login">로그인</a>`)
		mustNotContain(t, body, pageSignedOut)
	})
	p = fxPage(langEN, nil, "h.notregistered", "/ui/login")
	p.Data = unregisteredView{Sub: "oidc|51ab", Org: "SNU", Role: models.RoleExpert, Person: true}
	add("not_registered_person_en", "not_registered", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `oidc|51ab is not an active member of the expert pool or the committee roster (role: Expert reviewer)`, `Ask the operator (NIA) to add you`,
			`<section lang="ko"`, `운영기관(NIA)에 전문가 풀 또는 심사위원 명단 등록을 요청`)
	})
	return cs
}

// pageSignedOut is what only a signed-in person's page has: the sign-out form.
const pageSignedOut = `action="/ui/logout"`
