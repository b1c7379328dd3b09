package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// appNow is a month after the seed date, so that the seeded relations still hold.
var appNow = time.Date(2024, 3, 4, 10, 0, 0, 0, models.Seoul)

var (
	operatorPark = models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"}
	expertCho    = models.Actor{Sub: "cho.expert", Role: models.RoleExpert, Org: "ETRI"}
	committee3   = []string{"song.committee", "kwon.committee", "hwang.committee"}
)

// Business numbers of the seeded providers PV-0001 and PV-0002 (seedBusinessNo(0), (1)).
func businessNoOf(t *testing.T, s *store.Store, org string) string {
	t.Helper()
	p, err := s.GetProvider(context.Background(), org)
	if err != nil {
		t.Fatal(err)
	}
	return p.BusinessNo
}

// newApplication opens a complete cloud application as the workflow would.
func newApplication(t *testing.T, id, org, businessNo, service string, now time.Time) *models.Application {
	t.Helper()
	kinds := models.RequiredDocuments(models.TypeCloud, false, false)
	docs := make([]models.DocumentInput, len(kinds))
	for i, k := range kinds {
		docs[i] = models.DocumentInput{Kind: string(k), Filename: string(k) + ".pdf", SHA256: strings.Repeat(fmt.Sprintf("%x", i%16), 64), Size: 2048}
	}
	in := models.ApplicationInput{
		Service: models.ApplicationServiceInput{Name: service, Type: "cloud", Subtype: "saas",
			Description: service + ": 공공기관용 클라우드 서비스"},
		Provider: models.ApplicantInput{BusinessNo: businessNo, Name: "(주)" + org, FoundedOn: "2015-03-02",
			CreditRating: "A", BusinessStatus: "active", Size: "sme"},
		Documents: docs,
	}
	by := models.Actor{Sub: "applicant." + strings.ToLower(org), Role: models.RoleProvider, Org: org}
	req, err := models.ParseApplication(in, org, by.Sub, now)
	if err != nil {
		t.Fatalf("ParseApplication: %v", err)
	}
	a := models.NewApplication(id, "application-"+id, req, by, now)
	if a.Status != models.AppDocumentCheck {
		t.Fatalf("new application is %s (%s)", a.Status, a.Reason)
	}
	return a
}

// complete completes x's open task of kind.
func complete(t *testing.T, a *models.Application, now time.Time, x models.Actor, kind models.TaskKind, body models.TaskCompletion, cands ...models.ExpertCandidate) {
	t.Helper()
	for _, task := range a.OpenTasks(now) {
		if task.Kind == kind && task.AssignedTo(x) {
			if err := a.CompleteTask(now, x, models.CompleteTaskInput{TaskID: task.ID, Body: body, Candidates: cands}); err != nil {
				t.Fatalf("complete %s as %s: %v", task.ID, x.Sub, err)
			}
			return
		}
	}
	t.Fatalf("%s has no open %s task for %s", a.ID, kind, x.Sub)
}

// toExpertReview accepts the documents and assigns cho.expert.
func toExpertReview(t *testing.T, a *models.Application, now time.Time) {
	t.Helper()
	complete(t, a, now, operatorPark, models.TaskDocumentCheck, models.TaskCompletion{Outcome: "accept"})
	complete(t, a, now, operatorPark, models.TaskAssignExperts, models.TaskCompletion{Experts: []string{"cho.expert"}},
		models.ExpertCandidate{Sub: "cho.expert", IsExpert: true})
}

// toCommittee takes a new application to awaiting_committee.
func toCommittee(t *testing.T, a *models.Application, now time.Time) {
	t.Helper()
	toExpertReview(t, a, now)
	no := false
	complete(t, a, now, expertCho, models.TaskExpertReview, models.TaskCompletion{Opinion: "suitable", SiteVisit: &no,
		Criteria: &models.ReviewCriteria{Eligibility: "pass", Management: "pass", Security: "na", Stability: "pass", Support: "pass"}})
	if a.Status != models.AppAwaitingCommittee {
		t.Fatalf("status %s, want awaiting_committee", a.Status)
	}
}

func sessionRef(id string, heldOn models.Date, members ...string) models.SessionRef {
	return models.SessionRef{ID: id, WorkflowID: "committee-" + id, HeldOn: heldOn, Members: members}
}

// toSelected takes a new application through a session in which every member selects it.
func toSelected(t *testing.T, a *models.Application, now time.Time) {
	t.Helper()
	toCommittee(t, a, now)
	ref := sessionRef("CS-2024-0001", models.DateOf(now), committee3...)
	a.JoinSession(now, ref, nil)
	for _, m := range committee3 {
		complete(t, a, now, models.Actor{Sub: m, Role: models.RoleCommittee, Org: "MSIT"}, models.TaskCommitteeVote,
			models.TaskCompletion{Vote: "select"})
	}
	if d, ok := a.DecideSession(now, ref.ID); !ok || a.Status != models.AppSelected {
		t.Fatalf("decision %+v, status %s", d, a.Status)
	}
}

func TestNextApplicationID(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	// 2025-12-31 16:00 UTC is already 2026 in Seoul.
	first, err := s.NextApplicationID(ctx, time.Date(2025, 12, 31, 16, 0, 0, 0, time.UTC))
	if err != nil || first != "APP-2026-000001" {
		t.Fatalf("first = %q, %v; want APP-2026-000001", first, err)
	}
	second, _ := s.NextApplicationID(ctx, time.Date(2025, 12, 31, 14, 59, 0, 0, time.UTC))
	if second != "APP-2025-000002" {
		t.Fatalf("second = %q, want APP-2025-000002", second)
	}
	// The case ID inside a task ID must route back to the case.
	if id, err := models.ParseTaskID(models.TaskID(second, 1)); err != nil || id != second {
		t.Fatalf("ParseTaskID(TaskID(%s)) = %q, %v", second, id, err)
	}
}

func TestSaveApplication(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	bn := businessNoOf(t, s, "PV-0001")
	const id = "APP-2024-000001"

	v1 := newApplication(t, id, "PV-0001", bn, "한빛 민원 챗봇", appNow)
	v1.Tasks[0].Overdue = true // computed on read; must not be stored
	if err := s.SaveApplication(ctx, v1); err != nil {
		t.Fatal(err)
	}
	v2 := newApplication(t, id, "PV-0001", bn, "한빛 민원 챗봇", appNow)
	toCommittee(t, v2, appNow.Add(time.Hour))
	v3 := newApplication(t, id, "PV-0001", bn, "한빛 민원 챗봇", appNow)
	toCommittee(t, v3, appNow.Add(time.Hour))
	v3.JoinSession(appNow.Add(2*time.Hour), sessionRef("CS-2024-0007", models.DateOf(appNow), committee3...), nil)

	type cols struct {
		Status, SessionID, BusinessNo string
		Version                       int
	}
	columns := func(t *testing.T) cols {
		t.Helper()
		var c cols
		row := s.DB().Raw(`SELECT status, coalesce(session_id, ''), business_no, version FROM applications WHERE id = ?`, id).Row()
		if err := row.Scan(&c.Status, &c.SessionID, &c.BusinessNo, &c.Version); err != nil {
			t.Fatal(err)
		}
		return c
	}
	taskStatus := func(t *testing.T, taskID string) models.TaskStatus {
		t.Helper()
		task, err := s.GetTask(ctx, taskID)
		if err != nil {
			t.Fatal(err)
		}
		return task.Status
	}

	t.Run("OK_FirstWrite", func(t *testing.T) {
		got, err := s.GetApplication(ctx, id)
		if err != nil || got.Version() != v1.Version() || got.Status != models.AppDocumentCheck || len(got.Tasks) != 1 {
			t.Fatalf("stored %+v, %v", got, err)
		}
		task, err := s.GetTask(ctx, models.TaskID(id, 1))
		if err != nil || task.Kind != models.TaskDocumentCheck || task.Status != models.TaskOpen || task.Overdue ||
			task.Assignee != (models.Assignee{Role: models.RoleOperator}) || task.CaseID != id || !task.DueAt.Equal(v1.Tasks[0].DueAt) {
			t.Fatalf("task %+v, %v", task, err)
		}
		if c := columns(t); c != (cols{Status: "document_check", BusinessNo: bn, Version: v1.Version()}) {
			t.Fatalf("columns %+v", c)
		}
	})
	t.Run("OK_NewerWinsWithItsTasks", func(t *testing.T) {
		if err := s.SaveApplication(ctx, v3); err != nil {
			t.Fatal(err)
		}
		if c := columns(t); c != (cols{Status: "awaiting_committee", SessionID: "CS-2024-0007", BusinessNo: bn, Version: v3.Version()}) {
			t.Fatalf("columns %+v", c)
		}
		if st := taskStatus(t, models.TaskID(id, 1)); st != models.TaskDone {
			t.Fatalf("document check task %s, want done", st)
		}
		open, _, err := s.ListTasks(ctx, store.TaskFilter{CaseID: id, Status: models.TaskOpen})
		if err != nil || len(open) != len(committee3) {
			t.Fatalf("open tasks %+v, %v; want %d votes", open, err, len(committee3))
		}
		for _, task := range open {
			if task.Kind != models.TaskCommitteeVote || task.SessionID != "CS-2024-0007" {
				t.Errorf("open task %+v", task)
			}
		}
	})
	t.Run("OK_OlderDoesNotOverwrite", func(t *testing.T) {
		for _, old := range []*models.Application{v1, v2} {
			if err := s.SaveApplication(ctx, old); err != nil {
				t.Fatal(err)
			}
		}
		got, _ := s.GetApplication(ctx, id)
		if got.Version() != v3.Version() || got.Session == nil {
			t.Fatalf("older write won: version %d session %v", got.Version(), got.Session)
		}
		if c := columns(t); c.Version != v3.Version() || c.SessionID != "CS-2024-0007" {
			t.Fatalf("columns %+v", c)
		}
		if st := taskStatus(t, models.TaskID(id, 1)); st != models.TaskDone {
			t.Fatalf("document check task moved back to %s", st)
		}
		var n int64
		if err := s.DB().Table("tasks").Where("case_id = ?", id).Count(&n).Error; err != nil || int(n) != len(v3.Tasks) {
			t.Fatalf("%d task rows, %v; want %d", n, err, len(v3.Tasks))
		}
	})
	t.Run("OK_SameVersionAgain", func(t *testing.T) {
		if err := s.SaveApplication(ctx, v3); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := s.GetApplication(ctx, "APP-2024-999999"); models.ErrorCode(err) != models.ENOTFOUND {
			t.Fatalf("got %v, want not found", err)
		}
	})
}

func TestListApplications(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	bn1, bn2 := businessNoOf(t, s, "PV-0001"), businessNoOf(t, s, "PV-0002")
	var pv1 []string
	for i := 1; i <= 7; i++ {
		id := fmt.Sprintf("APP-2024-%06d", i)
		org, bn := "PV-0001", bn1
		if i%3 == 0 {
			org, bn = "PV-0002", bn2
		} else {
			pv1 = append(pv1, id)
		}
		a := newApplication(t, id, org, bn, fmt.Sprintf("서비스 %d", i), appNow)
		if i == 4 {
			toExpertReview(t, a, appNow)
		}
		if err := s.SaveApplication(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	slices.Reverse(pv1)

	t.Run("OK_PagesNewestFirst", func(t *testing.T) {
		var got []string
		token := ""
		for pages := 0; ; pages++ {
			items, next, err := s.ListApplications(ctx, store.ApplicationFilter{ProviderOrg: "PV-0001", PageSize: 2, PageToken: token})
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range items {
				got = append(got, a.ID)
			}
			if next == "" {
				break
			}
			if pages > 5 {
				t.Fatal("too many pages")
			}
			token = next
		}
		if !slices.Equal(got, pv1) {
			t.Fatalf("got %v, want %v", got, pv1)
		}
	})
	t.Run("OK_Status", func(t *testing.T) {
		items, next, err := s.ListApplications(ctx, store.ApplicationFilter{Status: models.AppExpertReview})
		if err != nil || next != "" || len(items) != 1 || items[0].ID != "APP-2024-000004" {
			t.Fatalf("got %+v, %q, %v", items, next, err)
		}
	})
	t.Run("OK_Everything", func(t *testing.T) {
		items, next, err := s.ListApplications(ctx, store.ApplicationFilter{})
		if err != nil || next != "" || len(items) != 7 || items[0].ID != "APP-2024-000007" {
			t.Fatalf("got %d items, %q, %v", len(items), next, err)
		}
	})
	t.Run("ErrBadToken", func(t *testing.T) {
		_, _, err := s.ListApplications(ctx, store.ApplicationFilter{PageToken: "%%%"})
		if models.ErrorCode(err) != models.EINVALID {
			t.Fatalf("got %v, want invalid", err)
		}
	})
}

func TestAwaitingApplicationWorkflowIDs(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	bn := businessNoOf(t, s, "PV-0001")
	waiting := newApplication(t, "APP-2024-000002", "PV-0001", bn, "대기", appNow)
	toCommittee(t, waiting, appNow)
	joined := newApplication(t, "APP-2024-000001", "PV-0001", bn, "상정", appNow)
	toCommittee(t, joined, appNow)
	joined.JoinSession(appNow, sessionRef("CS-2024-0001", models.DateOf(appNow), committee3...), nil)
	reviewing := newApplication(t, "APP-2024-000003", "PV-0001", bn, "검토", appNow)
	toExpertReview(t, reviewing, appNow)
	for _, a := range []*models.Application{waiting, joined, reviewing} {
		if err := s.SaveApplication(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	ids, err := s.AwaitingApplicationWorkflowIDs(ctx)
	if err != nil || !slices.Equal(ids, []string{waiting.WorkflowID}) {
		t.Fatalf("got %v, %v; want [%s]", ids, err, waiting.WorkflowID)
	}
}
