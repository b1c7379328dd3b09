package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// TestListTasks covers the inbox: one application in the operators' queue, one with an
// expert, one on a committee session's agenda (votes that fall due at the same instant).
func TestListTasks(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	bn := businessNoOf(t, s, "PV-0002")

	queued := newApplication(t, "APP-2024-000001", "PV-0002", bn, "문서 확인 대기", appNow)
	reviewing := newApplication(t, "APP-2024-000002", "PV-0002", bn, "전문가 검토 중", appNow.Add(-time.Hour))
	toExpertReview(t, reviewing, appNow)
	voting := newApplication(t, "APP-2024-000003", "PV-0002", bn, "의결 대기", appNow)
	toCommittee(t, voting, appNow)
	voting.JoinSession(appNow, sessionRef("CS-2024-0001", models.DateOf(appNow.AddDate(0, 0, 10)), committee3...), nil)
	for _, a := range []*models.Application{queued, reviewing, voting} {
		if err := s.SaveApplication(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	total := len(queued.Tasks) + len(reviewing.Tasks) + len(voting.Tasks)

	list := func(t *testing.T, f store.TaskFilter) []models.Task {
		t.Helper()
		items, next, err := s.ListTasks(ctx, f)
		if err != nil || next != "" {
			t.Fatalf("ListTasks(%+v) = %q, %v", f, next, err)
		}
		return items
	}
	ids := func(tasks []models.Task) []string {
		out := make([]string, len(tasks))
		for i, task := range tasks {
			out[i] = task.ID
		}
		return out
	}
	song := "song.committee"

	t.Run("OK_OperatorSeesTheQueue", func(t *testing.T) {
		got := list(t, store.TaskFilter{AssigneeRole: models.RoleOperator, AssigneeSub: "park.operator",
			IncludeRoleQueue: true, Status: models.TaskOpen})
		if want := []string{models.TaskID(queued.ID, 1)}; !slices.Equal(ids(got), want) {
			t.Fatalf("got %v, want %v", ids(got), want)
		}
		// park completed the other applications' steps, but the queue's tasks stay the queue's.
		mine := list(t, store.TaskFilter{AssigneeRole: models.RoleOperator, AssigneeSub: "park.operator"})
		if len(mine) != 0 {
			t.Fatalf("park's own tasks %v, want none", ids(mine))
		}
	})
	t.Run("OK_PersonOnly", func(t *testing.T) {
		got := list(t, store.TaskFilter{AssigneeRole: models.RoleExpert, AssigneeSub: "cho.expert", IncludeRoleQueue: true})
		if len(got) != 2 || got[0].Kind != models.TaskExpertReview || got[0].Assignee.Sub != "cho.expert" {
			t.Fatalf("cho's tasks %+v", got)
		}
		open := list(t, store.TaskFilter{AssigneeRole: models.RoleExpert, AssigneeSub: "cho.expert", Status: models.TaskOpen})
		if want := []string{models.TaskID(reviewing.ID, 3)}; !slices.Equal(ids(open), want) {
			t.Fatalf("cho's open tasks %v, want %v", ids(open), want)
		}
		votes := list(t, store.TaskFilter{AssigneeRole: models.RoleCommittee, AssigneeSub: song, Status: models.TaskOpen})
		if len(votes) != 1 || votes[0].Assignee.Sub != song || votes[0].SessionID != "CS-2024-0001" {
			t.Fatalf("song's votes %+v", votes)
		}
		if got := list(t, store.TaskFilter{AssigneeRole: models.RoleCommittee, AssigneeSub: "kang.expert"}); len(got) != 0 {
			t.Fatalf("a person's tasks of another role: %v", ids(got))
		}
	})
	t.Run("OK_RoleQueueOnly", func(t *testing.T) {
		got := list(t, store.TaskFilter{AssigneeRole: models.RoleOperator, IncludeRoleQueue: true})
		for _, task := range got {
			if task.Assignee.Sub != "" || task.Assignee.Role != models.RoleOperator {
				t.Errorf("not a queue task: %+v", task)
			}
		}
		if len(got) != 5 { // queued T01; reviewing T01, T02; voting T01, T02
			t.Fatalf("queue %v", ids(got))
		}
	})
	t.Run("OK_WholeRole", func(t *testing.T) {
		got := list(t, store.TaskFilter{AssigneeRole: models.RoleCommittee, Status: models.TaskOpen})
		if len(got) != len(committee3) {
			t.Fatalf("committee tasks %v", ids(got))
		}
	})
	t.Run("OK_AuditorSeesAllByDueTime", func(t *testing.T) {
		got := list(t, store.TaskFilter{})
		if len(got) != total {
			t.Fatalf("%d tasks, want %d", len(got), total)
		}
		for i := 1; i < len(got); i++ {
			a, b := got[i-1], got[i]
			if b.DueAt.Before(a.DueAt) || b.DueAt.Equal(a.DueAt) && b.ID <= a.ID {
				t.Fatalf("%s (%s) before %s (%s)", a.ID, a.DueAt, b.ID, b.DueAt)
			}
		}
		for _, task := range got {
			if task.Overdue {
				t.Errorf("%s stored as overdue", task.ID)
			}
		}
	})
	t.Run("OK_KindAndCase", func(t *testing.T) {
		if got := list(t, store.TaskFilter{Kind: models.TaskExpertReview}); len(got) != 2 {
			t.Fatalf("expert reviews %v", ids(got))
		}
		if got := list(t, store.TaskFilter{CaseID: reviewing.ID}); len(got) != len(reviewing.Tasks) {
			t.Fatalf("tasks of %s: %v", reviewing.ID, ids(got))
		}
	})
	t.Run("OK_PagesThroughEqualDueTimes", func(t *testing.T) {
		var got []string
		token := ""
		for pages := 0; ; pages++ {
			items, next, err := s.ListTasks(ctx, store.TaskFilter{Kind: models.TaskCommitteeVote, PageSize: 1, PageToken: token})
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, ids(items)...)
			if next == "" {
				break
			}
			if pages > len(committee3) {
				t.Fatal("too many pages")
			}
			token = next
		}
		want := ids(list(t, store.TaskFilter{Kind: models.TaskCommitteeVote}))
		if len(want) != len(committee3) || !slices.Equal(got, want) {
			t.Fatalf("paged %v, want %v", got, want)
		}
	})
	t.Run("OK_PagesOfAll", func(t *testing.T) {
		seen := map[string]bool{}
		token := ""
		for {
			items, next, err := s.ListTasks(ctx, store.TaskFilter{PageSize: 2, PageToken: token})
			if err != nil {
				t.Fatal(err)
			}
			for _, task := range items {
				if seen[task.ID] {
					t.Fatalf("%s twice", task.ID)
				}
				seen[task.ID] = true
			}
			if next == "" {
				break
			}
			token = next
		}
		if len(seen) != total {
			t.Fatalf("%d tasks paged, want %d", len(seen), total)
		}
	})
	t.Run("ErrBadToken", func(t *testing.T) {
		for _, token := range []string{"!!", "bm90LWEtdG9rZW4"} { // the second is base64 of "not-a-token"
			if _, _, err := s.ListTasks(ctx, store.TaskFilter{PageToken: token}); models.ErrorCode(err) != models.EINVALID {
				t.Errorf("token %q: got %v, want invalid", token, err)
			}
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := s.GetTask(ctx, "APP-2024-000001-T99"); models.ErrorCode(err) != models.ENOTFOUND {
			t.Fatalf("got %v, want not found", err)
		}
	})
}
