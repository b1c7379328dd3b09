package faulttest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dsmarket/dsmarket/models"
)

// The seeded reviewers: cho.expert and yoo.expert have no conflict with PV-0001; of the
// committee, jang.committee has one and is recused by the session itself.
var (
	faultExperts   = []string{"cho.expert", "yoo.expert"}
	expertOrgs     = map[string]string{"cho.expert": "ETRI", "yoo.expert": "KAIST"}
	faultCommittee = []string{"song.committee", "lim.committee", "jang.committee", "kwon.committee", "hwang.committee"}
)

// appCase is one application as its driver saw it.
type appCase struct {
	n    int
	name string // the service's name, unique per application: its catalog entry is found by it
	id   string
	err  error
}

// appView is what the driver reads of GET /applications/{id}.
type appView struct {
	ID        string `json:"id"`
	Status    string `json:"status"`
	ServiceID string `json:"service_id"`
	NoticeNo  string `json:"notice_no"`
	Session   *struct {
		ID string `json:"id"`
	} `json:"session"`
	OpenTasks []struct {
		ID       string `json:"id"`
		Kind     string `json:"kind"`
		Assignee struct {
			Role string `json:"role"`
			Sub  string `json:"sub"`
		} `json:"assignee"`
	} `json:"open_tasks"`
}

// appDriver walks applications of PV-0001 through selection over REST, each person
// acting with their own token: jung.provider applies, park.operator checks the documents,
// seo.operator assigns the experts, the experts review, the members vote in their inboxes.
type appDriver struct {
	sys      *system
	c        *restClient
	provider string
	operator string
	assigner string
	auditor  string
	inFlight atomic.Int64
	steps    atomic.Int64 // task completions and applications that succeeded
}

func newAppDriver(sys *system, c *restClient) *appDriver {
	return &appDriver{sys: sys, c: c,
		provider: sys.token(models.RoleProvider, "PV-0001", "jung.provider"),
		operator: sys.token(models.RoleOperator, "NIA", "park.operator"),
		assigner: sys.token(models.RoleOperator, "NIA", "seo.operator"),
		auditor:  sys.token(models.RoleAuditor, "BAI", "lee.auditor")}
}

func (d *appDriver) tokenOf(role, sub string) string {
	switch role {
	case string(models.RoleExpert):
		return d.sys.token(models.RoleExpert, expertOrgs[sub], sub)
	case string(models.RoleCommittee):
		return d.sys.token(models.RoleCommittee, "MSIT", sub)
	}
	return d.operator
}

// applicationBody is a SaaS application with every document a cloud service needs, the
// CSAP certificate valid for two years; the digests are the kinds', so a retry is equal.
func applicationBody(name string) map[string]any {
	var docs []models.DocumentInput
	for _, k := range models.RequiredDocuments(models.TypeCloud, false, false) {
		sum := sha256.Sum256([]byte(k))
		doc := models.DocumentInput{Kind: string(k), Filename: string(k) + ".pdf", SHA256: hex.EncodeToString(sum[:]), Size: 1 << 20}
		if k == models.DocCSAPCertificate {
			doc.ValidUntil = models.DateOf(time.Now().AddDate(2, 0, 0)).String()
		}
		docs = append(docs, doc)
	}
	return map[string]any{
		"service": map[string]any{"name": name, "type": "cloud", "subtype": "saas",
			"description": "내결함성 시험용 민원 접수 SaaS"},
		"provider": map[string]any{"business_no": "101-81-12341", "name": "(주)한빛클라우드", "founded_on": "2015-04-01",
			"credit_rating": "BBB", "business_status": "active", "size": "sme"},
		"documents": docs,
	}
}

// toCommittee applies and takes the application to awaiting_committee: document check,
// expert assignment, two reviews without a site visit.
func (d *appDriver) toCommittee(ctx context.Context, ac *appCase) {
	d.inFlight.Add(1)
	defer d.inFlight.Add(-1)
	a := d.c.do(ctx, http.MethodPost, "/api/v1/applications", d.provider, fmt.Sprintf("ft-app-%02d-apply", ac.n), applicationBody(ac.name))
	var created struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	if (a.code != http.StatusCreated && a.code != http.StatusOK) || a.decode(&created) != nil || created.ID == "" {
		d.c.tally.unexpectedAnswer("apply: "+codeKind(a), fmt.Sprintf("application %02d: apply: %s", ac.n, a))
		ac.err = fmt.Errorf("apply: %s", a)
		return
	}
	ac.id = created.ID
	d.steps.Add(1)
	review := map[string]any{"opinion": "suitable", "site_visit": false, "comment": "가용성·백업 확인",
		"criteria": map[string]any{"eligibility": "pass", "management": "pass", "security": "na", "stability": "pass", "support": "pass"}}
	steps := []struct {
		kind, sub, token string
		body             any
	}{
		{"document_check", "", d.operator, map[string]any{"outcome": "accept", "note": "서류 완비"}},
		{"assign_experts", "", d.assigner, map[string]any{"experts": faultExperts}},
		{"expert_review", faultExperts[0], d.tokenOf("expert", faultExperts[0]), review},
		{"expert_review", faultExperts[1], d.tokenOf("expert", faultExperts[1]), review},
	}
	for _, st := range steps {
		task, err := d.waitTask(ctx, ac.id, st.kind, st.sub)
		if err != nil {
			ac.err = err
			return
		}
		if err := d.complete(ctx, ac, task, st.kind, st.sub, st.token, st.body); err != nil {
			ac.err = err
			return
		}
	}
}

// vote waits until the application is on the session's agenda and every member without
// a conflict has voted to select it.
func (d *appDriver) vote(ctx context.Context, ac *appCase, sessionID string) {
	d.inFlight.Add(1)
	defer d.inFlight.Add(-1)
	deadline := time.Now().Add(2 * time.Minute)
	voted := 0
	for time.Now().Before(deadline) && ctx.Err() == nil {
		v, err := d.view(ctx, ac.id)
		if err == nil && v.Session != nil && v.Session.ID == sessionID {
			open := 0
			for _, task := range v.OpenTasks {
				if task.Kind != string(models.TaskCommitteeVote) {
					continue
				}
				open++
				sub := task.Assignee.Sub
				if err := d.complete(ctx, ac, task.ID, task.Kind, sub, d.tokenOf(task.Assignee.Role, sub),
					map[string]any{"vote": "select"}); err != nil {
					ac.err = err
					return
				}
				voted++
			}
			if open == 0 && voted > 0 {
				return
			}
		}
		time.Sleep(250 * time.Millisecond)
	}
	ac.err = fmt.Errorf("%s: no committee_vote tasks of session %s to complete (voted %d) within 2 minutes", ac.id, sessionID, voted)
}

// view reads the application as the auditor sees it: the workflow's state with its open
// tasks and their assignees.
func (d *appDriver) view(ctx context.Context, id string) (appView, error) {
	a := d.c.do(ctx, http.MethodGet, "/api/v1/applications/"+id, d.auditor, "", nil)
	var v appView
	if a.code != http.StatusOK {
		return v, fmt.Errorf("GET %s: %s", id, a)
	}
	return v, a.decode(&v)
}

// waitTask waits for the application's open task of kind (assigned to sub, if given).
func (d *appDriver) waitTask(ctx context.Context, id, kind, sub string) (string, error) {
	deadline := time.Now().Add(2 * time.Minute)
	var last error
	for time.Now().Before(deadline) && ctx.Err() == nil {
		v, err := d.view(ctx, id)
		last = err
		for _, task := range v.OpenTasks {
			if task.Kind == kind && (sub == "" || task.Assignee.Sub == sub) {
				return task.ID, nil
			}
		}
		time.Sleep(250 * time.Millisecond)
	}
	return "", fmt.Errorf("%s: no open %s task for %q within 2 minutes (last read: %w)", id, kind, sub, last)
}

// complete completes a task with its own Idempotency-Key. An answer that is not 200 is
// recorded; the journey goes on if the task was done anyway (its first attempt landed).
func (d *appDriver) complete(ctx context.Context, ac *appCase, task, kind, sub, token string, body any) error {
	key := fmt.Sprintf("ft-app-%02d-%s-%s", ac.n, kind, sub)
	a := d.c.do(ctx, http.MethodPost, "/api/v1/tasks/"+task+"/complete", token, key, body)
	if a.code == http.StatusOK {
		d.steps.Add(1)
		return nil
	}
	d.c.tally.unexpectedAnswer(kind+": "+codeKind(a), fmt.Sprintf("%s %s %s: %s", ac.id, kind, sub, a))
	v, err := d.view(ctx, ac.id)
	if err != nil {
		return fmt.Errorf("%s %s: %s, and the application cannot be read: %w", ac.id, kind, a, err)
	}
	for _, t := range v.OpenTasks {
		if t.ID == task {
			return fmt.Errorf("%s %s: %s; the task is still open", ac.id, kind, a)
		}
	}
	d.steps.Add(1)
	return nil
}

// run drives n applications to the committee concurrently, opens a session, has every
// member vote and closes it. It returns the cases and the session's ID.
func (d *appDriver) run(ctx context.Context, n int) ([]*appCase, string, error) {
	cases := make([]*appCase, n)
	var wg sync.WaitGroup
	for i := range n {
		cases[i] = &appCase{n: i + 1, name: fmt.Sprintf("내결함성 시험 클라우드 %02d", i+1)}
		wg.Go(func() { d.toCommittee(ctx, cases[i]) })
	}
	wg.Wait()

	a := d.c.do(ctx, http.MethodPost, "/api/v1/committee/sessions", d.operator, "ft-session",
		map[string]any{"held_on": models.DateOf(time.Now()).String(), "members": faultCommittee})
	var session struct {
		ID string `json:"id"`
	}
	if (a.code != http.StatusCreated && a.code != http.StatusOK) || a.decode(&session) != nil || session.ID == "" {
		d.c.tally.unexpectedAnswer("open session: "+codeKind(a), "open session: "+a.String())
		return cases, "", fmt.Errorf("open the committee session: %s", a)
	}
	for _, ac := range cases {
		if ac.err == nil {
			wg.Go(func() { d.vote(ctx, ac, session.ID) })
		}
	}
	wg.Wait()

	a = d.c.do(ctx, http.MethodPost, "/api/v1/committee/sessions/"+session.ID+"/close", d.operator, "ft-session-close", nil)
	if a.code != http.StatusOK {
		d.c.tally.unexpectedAnswer("close session: "+codeKind(a), "close session: "+a.String())
		return cases, session.ID, fmt.Errorf("close the committee session %s: %s", session.ID, a)
	}
	return cases, session.ID, nil
}
