package web

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

// The ballot pages are compared with web/testdata/ballot/<name>.html, rewritten by
// `go test ./web/ -run Ballot -update` like the golden pages.
const ballotGoldenDir = "testdata/ballot"

var ballotMembers = []string{"song.committee", "lim.committee", "jang.committee", "kwon.committee", "hwang.committee"}

// fxBallotApplication is fxApplication taken by its models through the committee session
// of ballotMembers (hwang recused for a conflict of interest), with the votes cast in the
// order kwon, song, lim, jang; decided when closed.
func fxBallotApplication(t *testing.T, closed bool) *models.Application {
	t.Helper()
	fx := fxApplication().Application
	provider := models.Actor{Sub: "jung.provider", Role: models.RoleProvider, Org: "PV-0001"}
	operator := models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"}
	in := models.ApplicationInput{
		Service: models.ApplicationServiceInput{Name: fx.Service.Name, Type: "support", Subtype: "consulting", Description: "컨설팅"},
		Provider: models.ApplicantInput{BusinessNo: fx.Provider.BusinessNo, Name: fx.Provider.Name, FoundedOn: "2015-04-01",
			CreditRating: "BBB", BusinessStatus: "active", Size: "sme"},
	}
	for _, k := range models.RequiredDocuments(models.TypeSupport, false, false) {
		in.Documents = append(in.Documents, models.DocumentInput{Kind: string(k), Filename: string(k) + ".pdf", SHA256: sha('a')})
	}
	now := at(2, 9, 0)
	req, err := models.ParseApplication(in, provider.Org, provider.Sub, now)
	if err != nil {
		t.Fatal(err)
	}
	a := models.NewApplication(fx.ID, fx.WorkflowID, req, provider, now)
	complete := func(by models.Actor, body models.TaskCompletion, cands ...models.ExpertCandidate) {
		t.Helper()
		now = now.Add(time.Hour)
		for _, task := range a.OpenTasks(now) {
			if task.AssignedTo(by) {
				if err := a.CompleteTask(now, by, models.CompleteTaskInput{TaskID: task.ID, Body: body, Candidates: cands}); err != nil {
					t.Fatal(err)
				}
				return
			}
		}
		t.Fatalf("no open task of %s", by.Sub)
	}
	complete(operator, models.TaskCompletion{Outcome: "accept"})
	complete(operator, models.TaskCompletion{Experts: []string{"cho.expert"}}, models.ExpertCandidate{Sub: "cho.expert", IsExpert: true})
	no := false
	complete(models.Actor{Sub: "cho.expert", Role: models.RoleExpert, Org: "ETRI"}, models.TaskCompletion{Opinion: "suitable",
		SiteVisit: &no, Criteria: &models.ReviewCriteria{Eligibility: "pass", Management: "pass", Security: "pass", Stability: "pass", Support: "pass"}})
	now = at(20, 10, 0)
	a.JoinSession(now, models.SessionRef{ID: "CS-2026-0001", WorkflowID: "committee-CS-2026-0001", HeldOn: date("2026-03-20"),
		Members: slices.Clone(ballotMembers)}, map[string]string{"hwang.committee": "worked for the provider within 3 years (재직)"})
	votes := []struct {
		member string
		body   models.TaskCompletion
	}{
		{"kwon.committee", models.TaskCompletion{Vote: "reject", Reason: "지원 인력 부족"}},
		{"song.committee", models.TaskCompletion{Vote: "reject", Reason: "보안 인증 미비"}},
		{"lim.committee", models.TaskCompletion{Vote: "select"}},
		{"jang.committee", models.TaskCompletion{Vote: "reject", Reason: "가격 근거 부족"}},
	}
	if !closed {
		votes = votes[:2]
	}
	for _, v := range votes {
		complete(models.Actor{Sub: v.member, Role: models.RoleCommittee, Org: "MSIT"}, v.body)
	}
	if closed {
		if d, ok := a.DecideSession(at(20, 18, 0), "CS-2026-0001"); !ok || d.Outcome != models.OutcomeNotSelected {
			t.Fatalf("decision %+v", d)
		}
	}
	return a
}

// TestBallotPages renders the application page of a ballot for each kind of visitor from
// the view the app gives them: the provider's page names no member, a member's shows their
// own vote alone, the auditor's every vote in the order cast; the reasons are sorted.
func TestBallotPages(t *testing.T) {
	ps, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	sorted := `<ul class="reasons" aria-label="사유"><li>가격 근거 부족</li><li>보안 인증 미비</li><li>지원 인력 부족</li></ul>`
	for _, tc := range []struct {
		name    string
		who     *session
		closed  bool
		contain []string
		names   []string // the members the page may name
	}{
		{"provider_closed", fxProvider, true, []string{sorted, `<td>심사위원</td>`,
			`<p class="decision">출석위원 과반수로 미선정; 위원 5명 중 4명 출석 (제척 1명): 선정 1, 미선정 3, 보류 0</p>`}, nil},
		{"provider_open", fxProvider, false, []string{`<span class="status">개회</span>`, `<td>심사위원</td>`}, nil},
		{"expert_closed", fxExpert, true, []string{sorted}, nil},
		{"operator_closed", fxOperator, true, []string{sorted}, []string{"song.committee"}},
		{"member_rejected_closed", &session{Sub: "song.committee", Role: models.RoleCommittee, Org: "MSIT", Name: "송재원", CSRF: fixtureCSRF},
			true, []string{sorted, `<tr><td>song.committee</td><td>미선정</td><td>보안 인증 미비</td><td>2026-03-20 12:00</td></tr>`},
			[]string{"song.committee"}},
		{"member_other_closed", &session{Sub: "lim.committee", Role: models.RoleCommittee, Org: "MSIT", Name: "임", CSRF: fixtureCSRF},
			true, []string{sorted, `<tr><td>lim.committee</td><td>선정</td><td></td>`}, []string{"song.committee", "lim.committee"}},
		{"auditor_closed", fxAuditor, true, []string{sorted, `<td>hwang.committee</td><td>회피</td>`}, ballotMembers},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := app.ViewOf(fxBallotApplication(t, tc.closed), tc.who.actor(), at(20, 19, 0))
			p := fxPage(langKO, tc.who, "h.app", "/ui/applications/"+v.ID).about(v.ID)
			p.Form, p.Data = fxForm(nil), applicationViewFor(v, tc.who.Role)
			var buf bytes.Buffer
			if err := ps.render(&buf, "application", p); err != nil {
				t.Fatal(err)
			}
			body := buf.String()
			compareGolden(t, filepath.Join(ballotGoldenDir, tc.name+".html"), buf.Bytes())
			doc, err := html.Parse(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			checkWellFormed(t, body)
			checkPage(t, p, body, doc)
			mustContain(t, body, tc.contain...)
			for _, m := range ballotMembers {
				if !slices.Contains(tc.names, m) {
					mustNotContain(t, body, m)
				}
			}
			if tc.who.Role == models.RoleAuditor {
				// Every vote, in the order cast: hwang's recusal, then kwon, song, lim, jang.
				i := []int{strings.Index(body, "<td>hwang.committee</td>"), strings.Index(body, "<td>kwon.committee</td>"),
					strings.Index(body, "<td>song.committee</td>"), strings.Index(body, "<td>lim.committee</td>"),
					strings.Index(body, "<td>jang.committee</td>")}
				if !slices.IsSorted(i) || i[0] < 0 {
					t.Errorf("the auditor's votes are not in the order cast: %v", i)
				}
			}
		})
	}
}
