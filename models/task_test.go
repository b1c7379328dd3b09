package models

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseTaskID(t *testing.T) {
	for _, tc := range []struct {
		id, caseID string
	}{
		{"APP-2026-000001-T01", "APP-2026-000001"},
		{"APP-2026-000001-T99", "APP-2026-000001"},
		{"APP-2026-000001-T100", "APP-2026-000001"},
		{"APP-2026-123456-T9999", "APP-2026-123456"},
		{"ORD-2026-0001-T02", "ORD-2026-0001"},
		{"QC-2027-00042-T01", "QC-2027-00042"},
		{"CT-2026-000010-T03", "CT-2026-000010"},
		// garbage: not found, never a panic or a partial match
		{"", ""},
		{"APP-2026-000001", ""},
		{"APP-2026-000001-T1", ""},
		{"APP-2026-000001-T12345", ""},
		{"APP-2026-000001-T", ""},
		{"APP-2026-000001-t01", ""},
		{"app-2026-000001-T01", ""},
		{"XYZ-2026-000001-T01", ""},
		{"APP-26-000001-T01", ""},
		{"APP-2026-001-T01", ""},
		{"APP-2026-0000001-T01", ""},
		{" APP-2026-000001-T01", ""},
		{"APP-2026-000001-T01 ", ""},
		{"APP-2026-000001-T01/../x", ""},
		{"../APP-2026-000001-T01", ""},
		{"APP-2026-000001-T01\n", ""},
		{"APP-２０２６-000001-T01", ""},
	} {
		t.Run(tc.id, func(t *testing.T) {
			got, err := ParseTaskID(tc.id)
			if tc.caseID == "" {
				if ErrorCode(err) != ENOTFOUND || got != "" {
					t.Fatalf("%q: case %q err %v, want not found", tc.id, got, err)
				}
				return
			}
			if err != nil || got != tc.caseID {
				t.Fatalf("%q: case %q err %v, want %q", tc.id, got, err, tc.caseID)
			}
		})
	}
}

func TestTaskIDRoundTrip(t *testing.T) {
	for _, n := range []int{1, 2, 9, 10, 99, 100, 999, 1000, 9999} {
		id := TaskID(testAppID, n)
		got, err := ParseTaskID(id)
		if err != nil || got != testAppID {
			t.Fatalf("TaskID(%d) = %s parses to %q %v", n, id, got, err)
		}
	}
	if TaskID(testAppID, 1) != "APP-2026-000001-T01" {
		t.Fatalf("TaskID = %s", TaskID(testAppID, 1))
	}
}

// completionWith sets the one body field named f.
func completionWith(f string) TaskCompletion {
	var c TaskCompletion
	switch f {
	case "outcome":
		c.Outcome = "accept"
	case "missing_kinds":
		c.MissingKinds = []string{}
	case "note":
		c.Note = "n"
	case "experts":
		c.Experts = []string{}
	case "opinion":
		c.Opinion = "suitable"
	case "site_visit":
		c.SiteVisit = boolPtr(false)
	case "comment":
		c.Comment = "c"
	case "criteria":
		c.Criteria = &ReviewCriteria{}
	case "held_on":
		c.HeldOn = "2026-03-02"
	case "report":
		c.Report = "r"
	case "vote":
		c.Vote = "select"
	case "recuse":
		c.Recuse = true
	case "reason":
		c.Reason = "r"
	case "due":
		c.Due = "2026-03-02"
	default:
		panic("unknown field " + f)
	}
	return c
}

var allCompletionFields = []string{"outcome", "missing_kinds", "note", "experts", "opinion", "site_visit", "comment",
	"criteria", "held_on", "report", "vote", "recuse", "reason", "due"}

func TestTaskCompletionFieldsOfAnotherKind(t *testing.T) {
	if len(fieldsOf) != len(AllTaskKinds) {
		t.Fatalf("fields known for %d of %d kinds", len(fieldsOf), len(AllTaskKinds))
	}
	for _, kind := range AllTaskKinds {
		for _, f := range allCompletionFields {
			t.Run(string(kind)+"/"+f, func(t *testing.T) {
				c := completionWith(f)
				if got := c.present(); !slices.Equal(got, []string{f}) {
					t.Fatalf("present %v, want [%s]", got, f)
				}
				var fe Fields
				c.checkFieldsOf(kind, &fe)
				own := slices.Contains(fieldsOf[kind], f)
				if own {
					if len(fe) != 0 {
						t.Fatalf("own field refused: %v", fe)
					}
					return
				}
				if len(fe) != 1 || fe[0].Field != f || fe[0].Message == "" {
					t.Fatalf("fields %v, want one naming %s", fe, f)
				}
			})
		}
	}
}

func TestTaskCompletionEveryForeignFieldNamed(t *testing.T) {
	all := TaskCompletion{Outcome: "o", MissingKinds: []string{"k"}, Note: "n", Experts: []string{"e"}, Opinion: "o",
		SiteVisit: boolPtr(true), Comment: "c", Criteria: &ReviewCriteria{}, HeldOn: "h", Report: "r", Vote: "v",
		Recuse: true, Reason: "r", Due: "d"}
	if got := all.present(); !slices.Equal(got, allCompletionFields) {
		t.Fatalf("present %v", got)
	}
	var fe Fields
	all.checkFieldsOf(TaskSiteVisit, &fe)
	var named []string
	for _, f := range fe {
		named = append(named, f.Field)
	}
	want := slices.DeleteFunc(slices.Clone(allCompletionFields), func(f string) bool { return f == "held_on" || f == "report" })
	if !slices.Equal(named, want) {
		t.Fatalf("named %v, want %v", named, want)
	}
}

// TestCompleteTaskRefusesForeignFields sends each open task of a case a field of
// another kind: 422 naming that field, and nothing changes.
func TestCompleteTaskRefusesForeignFields(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T) *Application
		kind  TaskKind
		by    Actor
		body  TaskCompletion
		field string
	}{
		{"DocumentCheckWithExperts", func(t *testing.T) *Application { return newTestApp(t) }, TaskDocumentCheck, selOperator,
			TaskCompletion{Outcome: "accept", Experts: []string{"ex-lee"}}, "experts"},
		{"DocumentCheckWithDue", func(t *testing.T) *Application { return newTestApp(t) }, TaskDocumentCheck, selOperator,
			TaskCompletion{Outcome: "accept", Due: "2026-04-01"}, "due"},
		{"DocumentCheckWithReason", func(t *testing.T) *Application { return newTestApp(t) }, TaskDocumentCheck, selOperator,
			TaskCompletion{Outcome: "return", Note: "n", Reason: "r"}, "reason"},
		{"AssignExpertsWithOpinion", func(t *testing.T) *Application { return appExpertReview(t) }, TaskAssignExperts, selOperator,
			TaskCompletion{Experts: []string{"ex-lee"}, Opinion: "suitable"}, "opinion"},
		{"ExpertReviewWithVote", func(t *testing.T) *Application { return appAssigned(t) }, TaskExpertReview, selExpertLee,
			func() TaskCompletion { b := reviewBody("suitable", false, VerdictNA); b.Vote = "select"; return b }(), "vote"},
		{"SiteVisitWithComment", func(t *testing.T) *Application { return appSiteVisit(t) }, TaskSiteVisit, selOperator,
			TaskCompletion{HeldOn: "2026-03-03", Report: "r", Comment: "c"}, "comment"},
		{"CommitteeVoteWithMissingKinds", func(t *testing.T) *Application { return appInSession(t, nil) }, TaskCommitteeVote, member("cm-2"),
			TaskCompletion{Vote: "select", MissingKinds: []string{}}, "missing_kinds"},
		{"CommitteeVoteWithCriteria", func(t *testing.T) *Application { return appInSession(t, nil) }, TaskCommitteeVote, member("cm-2"),
			TaskCompletion{Vote: "select", Criteria: &ReviewCriteria{}}, "criteria"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.setup(t)
			task := findOpen(t, a, tc.kind, tc.by)
			v, status := a.Version(), a.Status
			err := completeErr(a, tVisitAt, tc.by, task.ID, tc.body)
			wantErr(t, err, EINVALID, tc.field)
			if got := fieldNames(err); len(got) != 1 {
				t.Fatalf("fields %v, want only %s", got, tc.field)
			}
			if a.Version() != v || a.Status != status || a.Tasks[slices.IndexFunc(a.Tasks, func(x Task) bool { return x.ID == task.ID })].Status != TaskOpen {
				t.Fatal("a refused completion changed the case")
			}
		})
	}
}

func TestCompleteTaskOfKindNotForApplications(t *testing.T) {
	a := newTestApp(t)
	a.openTaskDue(tNow, TaskQualityInspection, Assignee{Role: RoleOperator}, tNow.AddDate(0, 0, 1), "",
		Msg("task.title.quality_inspection", "year", "2026", "round", "1", "name", a.Service.Name))
	id := a.Tasks[len(a.Tasks)-1].ID
	err := completeErr(a, tNow, selOperator, id, TaskCompletion{Outcome: "fit"})
	wantErr(t, err, ECONFLICT, "")
}

func TestTaskAssignedTo(t *testing.T) {
	queue := Task{Assignee: Assignee{Role: RoleOperator}}
	personal := Task{Assignee: Assignee{Role: RoleExpert, Sub: "ex-lee"}}
	for _, tc := range []struct {
		name string
		task Task
		x    Actor
		want bool
	}{
		{"QueueAnyOperator", queue, selOperator, true},
		{"QueueAnotherOperator", queue, selOperator2, true},
		{"QueueNotExpert", queue, selExpertLee, false},
		{"QueueNotAuditor", queue, selAuditor, false},
		{"PersonalAssignee", personal, selExpertLee, true},
		{"PersonalOtherExpert", personal, selExpertPark, false},
		{"PersonalSameSubOtherRole", personal, Actor{Sub: "ex-lee", Role: RoleOperator}, false},
		{"PersonalEmptySub", personal, Actor{Role: RoleExpert}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.task.AssignedTo(tc.x); got != tc.want {
				t.Fatalf("AssignedTo = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestTaskIsOverdue(t *testing.T) {
	due := time.Date(2026, 3, 7, 10, 0, 0, 0, Seoul)
	for _, tc := range []struct {
		name   string
		status TaskStatus
		now    time.Time
		want   bool
	}{
		{"OpenBeforeDue", TaskOpen, due.Add(-time.Nanosecond), false},
		{"OpenAtDue", TaskOpen, due, true},
		{"OpenAtDueUTC", TaskOpen, due.UTC(), true},
		{"OpenAfterDue", TaskOpen, due.AddDate(0, 0, 1), true},
		{"DoneAfterDue", TaskDone, due.AddDate(0, 0, 1), false},
		{"CancelledAfterDue", TaskCancelled, due.AddDate(0, 0, 1), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := (Task{Status: tc.status, DueAt: due}).IsOverdue(tc.now); got != tc.want {
				t.Fatalf("IsOverdue = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestTaskTitles: a task's title is keyed, and the REST title, which clients matched on
// before it was keyed, reads as it always did: the Korean words, then the English text.
func TestTaskTitles(t *testing.T) {
	type titleCase struct {
		key      string
		args     []string
		rest, ko string
	}
	cases := []titleCase{
		{"task.title.document_check", nil, "서류 확인 Document check: 한빛", "서류 확인: 한빛"},
		{"task.title.assign_experts", nil, "검토위원 배정 Assign experts: 한빛", "검토위원 배정: 한빛"},
		{"task.title.expert_review", nil, "전문가 검토 Expert review: 한빛", "전문가 검토: 한빛"},
		{"task.title.site_visit", nil, "현장실사 Site visit: 한빛", "현장실사: 한빛"},
		{"task.title.committee_vote", nil, "심사위원회 의결 Committee vote: 한빛", "심사위원회 의결: 한빛"},
		{"task.title.registration", nil, "선정 등록 확인 Registration blocked: 한빛", "선정 등록 확인: 한빛"},
		{"task.title.rereview_assign_experts", nil, "재심사 검토위원 배정 Re-review, assign experts: 한빛", "재심사 검토위원 배정: 한빛"},
		{"task.title.replace_expert", nil, "검토위원 교체 배정 Replace an expert: 한빛", "검토위원 교체 배정: 한빛"},
		{"task.title.quality_inspection", []string{"year", "2027", "round", "2"},
			"품질점검 Quality inspection 2027/2: 한빛", "품질점검 2027년 2차: 한빛"},
	}
	for _, tc := range cases {
		t.Run(tc.key, func(t *testing.T) {
			title := Msg(tc.key, append([]string{"name", "한빛"}, tc.args...)...)
			if got := titleOf(title); got != tc.rest {
				t.Errorf("REST title %q, want %q", got, tc.rest)
			}
			if got := title.In(LangKO); got != tc.ko {
				t.Errorf("Korean title %q, want %q", got, tc.ko)
			}
		})
	}
	// A new title is pinned here too.
	for _, key := range DomainKeys() {
		if strings.HasPrefix(key, "task.title.") && !slices.ContainsFunc(cases, func(c titleCase) bool { return c.key == key }) {
			t.Errorf("title %q has no REST title pinned here", key)
		}
	}

	// Every task a case opens carries both, the one made from the other.
	selected := appSelected(t)
	selected.BlockRegistration(tDecideAt, errors.New("refused"))
	rereview := rereviewDecided(t, "select", "select", "select")
	quality := qPreReviewed(t)
	tasks := append(append(selected.Tasks, rereview.Tasks...), quality.Tasks...)
	kinds := map[TaskKind]bool{}
	for _, task := range tasks {
		kinds[task.Kind] = true
		if task.TitleText == nil || task.Title != titleOf(task.TitleText) || !strings.HasPrefix(task.TitleText.Key, "task.title.") {
			t.Errorf("task %s: title %q, keyed %+v", task.ID, task.Title, task.TitleText)
		}
	}
	for _, kind := range AllTaskKinds {
		if !kinds[kind] {
			t.Errorf("no %s task was opened here", kind)
		}
	}
	if got := quality.Tasks[0].Title; got != "품질점검 Quality inspection 2027/1: "+quality.ServiceName {
		t.Errorf("quality inspection title %q", got)
	}
}

// TestTaskNotesAreKeyed: how a task was completed or why it was cancelled reads in the
// page's language, and the REST note in English as it always did.
func TestTaskNotesAreKeyed(t *testing.T) {
	a := newTestApp(t)
	completeOK(t, a, tCheckAt, selOperator, TaskDocumentCheck, TaskCompletion{Outcome: "accept"})
	q := qPreReviewed(t)
	if err := q.Inspect(qInspectAt, qOperator, QualityInspectionInput{Outcome: "fit"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		task   Task
		en, ko string
	}{
		{a.Tasks[0], "accepted", "승인"},
		{q.Tasks[0], "fit", "점검 결과: 적합"},
	} {
		if tc.task.Note != tc.en || tc.task.NoteText == nil || tc.task.NoteText.In(LangKO) != tc.ko {
			t.Errorf("task %s: note %q, keyed %q; want %q and %q", tc.task.ID, tc.task.Note, tc.task.NoteText.In(LangKO), tc.en, tc.ko)
		}
	}
}
