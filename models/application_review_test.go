package models

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// --- experts ------------------------------------------------------------------------

func TestAssignExperts(t *testing.T) {
	eleven := []string{"e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9", "e10", "e11"}
	var many []ExpertCandidate
	for _, s := range eleven {
		many = append(many, ExpertCandidate{Sub: s, IsExpert: true})
	}
	for _, tc := range []struct {
		name    string
		by      Actor
		body    TaskCompletion
		cands   []ExpertCandidate
		code    string
		field   string
		experts []string
	}{
		{"OK_Two", selOperator, TaskCompletion{Experts: []string{"ex-lee", "ex-park"}}, selCandidates(), "", "", []string{"ex-lee", "ex-park"}},
		{"OK_OneTrimmed", selOperator, TaskCompletion{Experts: []string{" ex-choi "}}, selCandidates(), "", "", []string{"ex-choi"}},
		{"ErrNone", selOperator, TaskCompletion{Experts: []string{}}, selCandidates(), EINVALID, "experts", nil},
		{"ErrMissing", selOperator, TaskCompletion{}, selCandidates(), EINVALID, "experts", nil},
		{"ErrUnknown", selOperator, TaskCompletion{Experts: []string{"ex-lee", "ex-nobody"}}, selCandidates(), EINVALID, "experts[1]", nil},
		{"ErrNotExpert", selOperator, TaskCompletion{Experts: []string{"op-kang"}}, selCandidates(), EINVALID, "experts[0]", nil},
		{"ErrConflicted", selOperator, TaskCompletion{Experts: []string{"ex-park", "ex-yoon"}}, selCandidates(), EINVALID, "experts[1]", nil},
		{"ErrDuplicate", selOperator, TaskCompletion{Experts: []string{"ex-lee", "ex-park", "ex-lee"}}, selCandidates(), EINVALID, "experts[2]", nil},
		{"ErrDuplicateAfterTrim", selOperator, TaskCompletion{Experts: []string{"ex-lee", "ex-lee "}}, selCandidates(), EINVALID, "experts[1]", nil},
		{"ErrBlank", selOperator, TaskCompletion{Experts: []string{" "}}, selCandidates(), EINVALID, "experts[0]", nil},
		{"ErrNoCandidatesKnown", selOperator, TaskCompletion{Experts: []string{"ex-lee"}}, nil, EINVALID, "experts[0]", nil},
		{"ErrTooMany", selOperator, TaskCompletion{Experts: eleven}, many, EINVALID, "experts", nil},
		{"ErrFieldOfAnotherKind", selOperator, TaskCompletion{Experts: []string{"ex-lee"}, Note: "n"}, selCandidates(), EINVALID, "note", nil},
		{"ErrByExpert", selExpertLee, TaskCompletion{Experts: []string{"ex-lee"}}, selCandidates(), EFORBIDDEN, "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := appExpertReview(t)
			task := findOpen(t, a, TaskAssignExperts, selOperator)
			v := a.Version()
			err := completeErr(a, tAssignAt, tc.by, task.ID, tc.body, tc.cands...)
			wantErr(t, err, tc.code, tc.field)
			if tc.name == "ErrConflicted" && !strings.Contains(err.Error(), "재직") {
				t.Fatalf("the conflict is not explained: %v", err)
			}
			if err != nil {
				if a.Version() != v || len(a.Experts) != 0 {
					t.Fatal("a refused assignment changed the case")
				}
				return
			}
			if !slices.Equal(a.Experts, tc.experts) || a.Status != AppExpertReview {
				t.Fatalf("experts %v status %s", a.Experts, a.Status)
			}
			for _, sub := range tc.experts {
				x := Actor{Sub: sub, Role: RoleExpert}
				rt := findOpen(t, a, TaskExpertReview, x)
				if rt.Assignee != (Assignee{Role: RoleExpert, Sub: sub}) ||
					!rt.DueAt.Equal(tAssignAt.AddDate(0, 0, RuleInt(RuleExpertReviewDays, tAssignAt))) {
					t.Fatalf("review task %+v", rt)
				}
			}
			if s := a.Steps[v]; s.Action != ActionExpertsAssigned || s.Actor != tc.by {
				t.Fatalf("step %+v", s)
			}
		})
	}
}

func TestAssignExpertsOnlyOnce(t *testing.T) {
	a := appAssigned(t)
	task := a.Tasks[1]
	err := completeErr(a, tAssignAt, selOperator, task.ID, TaskCompletion{Experts: []string{"ex-choi"}}, selCandidates()...)
	wantErr(t, err, ECONFLICT, "")
}

func TestExpertReview(t *testing.T) {
	noCSAP := []func(*ApplicationInput){dropDocs(DocCSAPCertificate), func(in *ApplicationInput) { in.SchoolEducationOnly = true }}
	with := func(b TaskCompletion, f func(*TaskCompletion)) TaskCompletion {
		c := *b.Criteria // the criteria are a pointer: change a copy
		b.Criteria = &c
		f(&b)
		return b
	}
	suitable := reviewBody("suitable", false, VerdictNA)
	for _, tc := range []struct {
		name   string
		mutate []func(*ApplicationInput)
		by     Actor
		taskOf Actor // whose task is completed
		body   TaskCompletion
		code   string
		field  string
	}{
		{"OK_CSAPSecurityNA", nil, selExpertLee, selExpertLee, suitable, "", ""},
		{"OK_NoCSAPSecurityPass", noCSAP, selExpertLee, selExpertLee, reviewBody("suitable", false, VerdictPass), "", ""},
		{"OK_NoCSAPSecurityFailWithComment", noCSAP, selExpertLee, selExpertLee,
			with(reviewBody("unsuitable", false, VerdictFail), func(b *TaskCompletion) { b.Comment = "암호화 미흡" }), "", ""},
		{"OK_UnsuitableWithComment", nil, selExpertLee, selExpertLee,
			with(suitable, func(b *TaskCompletion) { b.Opinion, b.Comment = "unsuitable", "지원 체계 부족" }), "", ""},
		{"OK_SiteVisit", nil, selExpertLee, selExpertLee, reviewBody("suitable", true, VerdictNA), "", ""},
		{"ErrCSAPSecurityPass", nil, selExpertLee, selExpertLee, reviewBody("suitable", false, VerdictPass), EINVALID, "criteria.security"},
		{"ErrCSAPSecurityFail", nil, selExpertLee, selExpertLee,
			with(reviewBody("suitable", false, VerdictFail), func(b *TaskCompletion) { b.Comment = "c" }), EINVALID, "criteria.security"},
		{"ErrNoCSAPSecurityNA", noCSAP, selExpertLee, selExpertLee, reviewBody("suitable", false, VerdictNA), EINVALID, "criteria.security"},
		{"ErrNoCSAPSecurityMissing", noCSAP, selExpertLee, selExpertLee, reviewBody("suitable", false, ""), EINVALID, "criteria.security"},
		{"ErrEligibilityNA", nil, selExpertLee, selExpertLee,
			with(suitable, func(b *TaskCompletion) { b.Criteria.Eligibility = VerdictNA }), EINVALID, "criteria.eligibility"},
		{"ErrManagementMissing", nil, selExpertLee, selExpertLee,
			with(suitable, func(b *TaskCompletion) { b.Criteria.Management = "" }), EINVALID, "criteria.management"},
		{"ErrStabilityGarbage", nil, selExpertLee, selExpertLee,
			with(suitable, func(b *TaskCompletion) { b.Criteria.Stability = "good" }), EINVALID, "criteria.stability"},
		{"ErrSupportUppercase", nil, selExpertLee, selExpertLee,
			with(suitable, func(b *TaskCompletion) { b.Criteria.Support = "PASS" }), EINVALID, "criteria.support"},
		{"ErrOpinion", nil, selExpertLee, selExpertLee, with(suitable, func(b *TaskCompletion) { b.Opinion = "ok" }), EINVALID, "opinion"},
		{"ErrOpinionMissing", nil, selExpertLee, selExpertLee, with(suitable, func(b *TaskCompletion) { b.Opinion = "" }), EINVALID, "opinion"},
		{"ErrSiteVisitMissing", nil, selExpertLee, selExpertLee, with(suitable, func(b *TaskCompletion) { b.SiteVisit = nil }), EINVALID, "site_visit"},
		{"ErrCriteriaMissing", nil, selExpertLee, selExpertLee, with(suitable, func(b *TaskCompletion) { b.Criteria = nil }), EINVALID, "criteria"},
		{"ErrFailWithoutComment", nil, selExpertLee, selExpertLee,
			with(suitable, func(b *TaskCompletion) { b.Criteria.Stability = VerdictFail }), EINVALID, "comment"},
		{"ErrFailWithBlankComment", nil, selExpertLee, selExpertLee,
			with(suitable, func(b *TaskCompletion) { b.Criteria.Support, b.Comment = VerdictFail, "   " }), EINVALID, "comment"},
		{"ErrUnsuitableWithoutComment", nil, selExpertLee, selExpertLee,
			with(suitable, func(b *TaskCompletion) { b.Opinion = "unsuitable" }), EINVALID, "comment"},
		{"ErrCommentTooLong", nil, selExpertLee, selExpertLee,
			with(suitable, func(b *TaskCompletion) { b.Comment = strings.Repeat("가", 4001) }), EINVALID, "comment"},
		{"ErrFieldOfAnotherKind", nil, selExpertLee, selExpertLee,
			with(suitable, func(b *TaskCompletion) { b.HeldOn = "2026-03-03" }), EINVALID, "held_on"},
		{"ErrAnotherExpertsTask", nil, selExpertPark, selExpertLee, suitable, EFORBIDDEN, ""},
		{"ErrUnassignedExpert", nil, Actor{Sub: "ex-choi", Role: RoleExpert}, selExpertLee, suitable, EFORBIDDEN, ""},
		{"ErrOperator", nil, selOperator, selExpertLee, suitable, EFORBIDDEN, ""},
		{"ErrCommitteeMemberWithExpertsSub", nil, Actor{Sub: "ex-lee", Role: RoleCommittee}, selExpertLee, suitable, EFORBIDDEN, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := appAssigned(t, tc.mutate...)
			task := findOpen(t, a, TaskExpertReview, tc.taskOf)
			v := a.Version()
			err := completeErr(a, tReviewAt, tc.by, task.ID, tc.body)
			wantErr(t, err, tc.code, tc.field)
			if a.Status != AppExpertReview {
				t.Fatalf("status %s after one of two reviews", a.Status)
			}
			if err != nil {
				if a.Version() != v || len(a.Reviews) != 0 {
					t.Fatal("a refused review changed the case")
				}
				return
			}
			if len(a.Reviews) != 1 {
				t.Fatalf("reviews %+v", a.Reviews)
			}
			r := a.Reviews[0]
			if r.Expert != tc.by.Sub || r.Opinion != tc.body.Opinion || r.SiteVisit != *tc.body.SiteVisit ||
				r.Criteria != *tc.body.Criteria || r.Comment != strings.TrimSpace(tc.body.Comment) || !r.At.Equal(tReviewAt) {
				t.Fatalf("review %+v", r)
			}
			if a.SiteVisitRequested != r.SiteVisit {
				t.Fatalf("site visit requested %v", a.SiteVisitRequested)
			}
			last := a.Steps[len(a.Steps)-1]
			if last.Action != ActionReviewed || last.Actor != tc.by {
				t.Fatalf("step %+v", last)
			}
			// The REST note is the English it always was; a Korean page reads the opinion
			// in Korean (its label from the UI's catalog).
			labels := func(lang, key string) (string, bool) {
				v, ok := map[string]string{"opt.suitable": "적합", "opt.unsuitable": "부적합"}[key]
				return v, ok && lang == LangKO
			}
			wantEN, wantKO := tc.body.Opinion, "검토 의견: "+map[string]string{"suitable": "적합", "unsuitable": "부적합"}[tc.body.Opinion]
			if r.SiteVisit {
				wantEN, wantKO = wantEN+"; asks for a site visit", wantKO+"; 현장실사·기업면담 요청"
			}
			if last.Note != wantEN || last.NoteText == nil || last.NoteText.Format(LangKO, labels) != wantKO {
				t.Fatalf("note %q, %q in Korean", last.Note, last.NoteText.Format(LangKO, labels))
			}
		})
	}
}

func TestExpertReviewSecondCompletion(t *testing.T) {
	a := appAssigned(t)
	task := findOpen(t, a, TaskExpertReview, selExpertLee)
	if err := completeErr(a, tReviewAt, selExpertLee, task.ID, reviewBody("suitable", false, VerdictNA)); err != nil {
		t.Fatal(err)
	}
	err := completeErr(a, tReviewAt, selExpertLee, task.ID, reviewBody("unsuitable", false, VerdictNA))
	wantErr(t, err, ECONFLICT, "")
	if !strings.Contains(ErrorMessage(err), "already done") {
		t.Fatalf("message %q", ErrorMessage(err))
	}
	if len(a.Reviews) != 1 || a.Reviews[0].Opinion != "suitable" {
		t.Fatalf("reviews %+v", a.Reviews)
	}
}

func TestReviewClosesIntoCommittee(t *testing.T) {
	a := appAssigned(t)
	completeOK(t, a, tReviewAt, selExpertLee, TaskExpertReview, reviewBody("suitable", false, VerdictNA))
	if a.Status != AppExpertReview || a.ReviewReport != "" {
		t.Fatalf("closed after one of two reviews: %s", a.Status)
	}
	body := reviewBody("unsuitable", false, VerdictNA)
	body.Comment = "운영 안정성 근거 부족"
	completeOK(t, a, tReviewAt.Add(time.Hour), selExpertPark, TaskExpertReview, body)
	if a.Status != AppAwaitingCommittee || !a.AwaitsSession() {
		t.Fatalf("status %s", a.Status)
	}
	if want := "1 of 2 experts found the service suitable; security items skipped (CSAP certificate)"; a.ReviewReport != want {
		t.Fatalf("report %q, want %q", a.ReviewReport, want)
	}
	last := a.Steps[len(a.Steps)-1]
	if last.Action != ActionReviewClosed || last.Actor != SystemActor || last.Note != a.ReviewReport || last.Status != string(AppAwaitingCommittee) {
		t.Fatalf("step %+v", last)
	}
	if len(openKinds(a)) != 0 {
		t.Fatalf("open tasks %v", openKinds(a))
	}
}

func TestReviewReportWithoutCSAP(t *testing.T) {
	a := appAssigned(t, dropDocs(DocCSAPCertificate), func(in *ApplicationInput) { in.SchoolEducationOnly = true })
	if a.HasCSAP() {
		t.Fatal("no CSAP document")
	}
	completeOK(t, a, tReviewAt, selExpertLee, TaskExpertReview, reviewBody("suitable", false, VerdictPass))
	completeOK(t, a, tReviewAt, selExpertPark, TaskExpertReview, reviewBody("suitable", false, VerdictPass))
	if a.ReviewReport != "2 of 2 experts found the service suitable" {
		t.Fatalf("report %q", a.ReviewReport)
	}
}

// --- site visit ---------------------------------------------------------------------

func TestSiteVisitRequested(t *testing.T) {
	for _, tc := range []struct {
		name        string
		lee, park   bool
		wantVisit   bool
		requestedBy string
	}{
		{"ByFirstExpert", true, false, true, "ex-lee"},
		{"BySecondExpert", false, true, true, "ex-park"},
		{"ByBoth", true, true, true, "ex-lee"},
		{"ByNone", false, false, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := appAssigned(t)
			completeOK(t, a, tReviewAt, selExpertLee, TaskExpertReview, reviewBody("suitable", tc.lee, VerdictNA))
			if a.Status != AppExpertReview {
				t.Fatalf("status %s after one review", a.Status)
			}
			completeOK(t, a, tReviewAt, selExpertPark, TaskExpertReview, reviewBody("suitable", tc.park, VerdictNA))
			if !tc.wantVisit {
				if a.Status != AppAwaitingCommittee || a.SiteVisitRequested {
					t.Fatalf("status %s", a.Status)
				}
				return
			}
			if a.Status != AppSiteVisit || !a.SiteVisitRequested {
				t.Fatalf("status %s", a.Status)
			}
			task := findOpen(t, a, TaskSiteVisit, selOperator)
			if task.Assignee != (Assignee{Role: RoleOperator}) || !task.DueAt.Equal(tReviewAt.AddDate(0, 0, RuleInt(RuleSiteVisitDays, tReviewAt))) {
				t.Fatalf("task %+v", task)
			}
			var requests []Step
			for _, s := range a.Steps {
				if s.Action == ActionSiteVisitRequested {
					requests = append(requests, s)
				}
			}
			// Once by the expert who asked first, once by the system when the reviews are in.
			if len(requests) != 2 || requests[0].Actor.Sub != tc.requestedBy || requests[1].Actor != SystemActor {
				t.Fatalf("site visit steps %+v", requests)
			}
		})
	}
}

func TestSiteVisitReport(t *testing.T) {
	for _, tc := range []struct {
		name  string
		by    Actor
		body  TaskCompletion
		code  string
		field string
	}{
		{"OK_HeldToday", selOperator, TaskCompletion{HeldOn: "2026-03-05", Report: "데이터센터 점검 완료"}, "", ""},
		{"OK_HeldOnApplicationDay", selOperator2, TaskCompletion{HeldOn: "2026-03-02", Report: "면담"}, "", ""},
		{"ErrHeldOnFuture", selOperator, TaskCompletion{HeldOn: "2026-03-06", Report: "r"}, EINVALID, "held_on"},
		{"ErrHeldOnBeforeApplication", selOperator, TaskCompletion{HeldOn: "2026-03-01", Report: "r"}, EINVALID, "held_on"},
		{"ErrHeldOnMalformed", selOperator, TaskCompletion{HeldOn: "5 March", Report: "r"}, EINVALID, "held_on"},
		{"ErrHeldOnMissing", selOperator, TaskCompletion{Report: "r"}, EINVALID, "held_on"},
		{"ErrReportMissing", selOperator, TaskCompletion{HeldOn: "2026-03-05", Report: " "}, EINVALID, "report"},
		{"ErrReportTooLong", selOperator, TaskCompletion{HeldOn: "2026-03-05", Report: strings.Repeat("r", 8001)}, EINVALID, "report"},
		{"ErrFieldOfAnotherKind", selOperator, TaskCompletion{HeldOn: "2026-03-05", Report: "r", Note: "n"}, EINVALID, "note"},
		{"ErrExpert", selExpertLee, TaskCompletion{HeldOn: "2026-03-05", Report: "r"}, EFORBIDDEN, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := appSiteVisit(t)
			task := findOpen(t, a, TaskSiteVisit, selOperator)
			v := a.Version()
			err := completeErr(a, tVisitAt, tc.by, task.ID, tc.body) // tVisitAt is 2026-03-05
			wantErr(t, err, tc.code, tc.field)
			if err != nil {
				if a.Status != AppSiteVisit || a.Version() != v || a.SiteVisit != nil {
					t.Fatal("a refused report changed the case")
				}
				return
			}
			if a.Status != AppAwaitingCommittee || a.SiteVisit == nil || a.SiteVisit.HeldOn.String() != tc.body.HeldOn ||
				a.SiteVisit.ReportedBy != tc.by.Sub || a.SiteVisit.Report != strings.TrimSpace(tc.body.Report) {
				t.Fatalf("status %s visit %+v", a.Status, a.SiteVisit)
			}
			if !strings.Contains(a.ReviewReport, "site visit held on "+tc.body.HeldOn) {
				t.Fatalf("report %q", a.ReviewReport)
			}
			actions := []string{}
			for _, s := range a.Steps[v:] {
				actions = append(actions, s.Action)
			}
			if !slices.Equal(actions, []string{ActionSiteVisitReported, ActionReviewClosed}) || a.Steps[v].Actor != tc.by {
				t.Fatalf("steps %v", a.Steps[v:])
			}
		})
	}
}
