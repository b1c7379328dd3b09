package models

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// --- supplement ---------------------------------------------------------------------

func TestSupplement(t *testing.T) {
	deadline := time.Date(2026, 3, 13, 0, 0, 0, 0, Seoul)
	both := docInputs(DocCSAPCertificate, DocSLAPolicy)
	for _, tc := range []struct {
		name    string
		now     time.Time
		by      Actor
		docs    []DocumentInput
		code    string
		field   string
		status  ApplicationStatus
		missing []DocumentKind
	}{
		{"OK_Full", tNow.AddDate(0, 0, 1), tProvider, both, "", "", AppDocumentCheck, nil},
		{"OK_JustBeforeDeadline", deadline.Add(-time.Nanosecond), tProvider, both, "", "", AppDocumentCheck, nil},
		{"OK_BySomeoneElseOfTheProvider", tNow, Actor{Sub: "choi2", Role: RoleProvider, Org: "PV-0001"}, both, "", "", AppDocumentCheck, nil},
		{"OK_PartialStays", tNow, tProvider, docInputs(DocSLAPolicy), "", "", AppSupplementRequested, []DocumentKind{DocCSAPCertificate}},
		{"OK_UnrelatedKindStays", tNow, tProvider, docInputs(DocApplicationForm), "", "", AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
		{"ErrAtDeadline", deadline, tProvider, both, ECONFLICT, "", AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
		{"ErrAtDeadlineUTC", deadline.UTC(), tProvider, both, ECONFLICT, "", AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
		{"ErrAfterDeadline", deadline.AddDate(0, 0, 3), tProvider, both, ECONFLICT, "", AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
		{"ErrOtherProvider", tNow, selOtherProvider, both, ENOTFOUND, "", AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
		{"ErrAgency", tNow, tAgency, both, ENOTFOUND, "", AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
		{"ErrOperator", tNow, selOperator, both, EFORBIDDEN, "", AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
		{"ErrExpert", tNow, selExpertLee, both, EFORBIDDEN, "", AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
		{"ErrNoDocuments", tNow, tProvider, nil, EINVALID, "documents", AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
		{"ErrBadSHA256", tNow, tProvider, []DocumentInput{{Kind: "sla_policy", Filename: "sla.pdf", SHA256: "x"}}, EINVALID, "documents[0].sha256",
			AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
		{"ErrDuplicateKind", tNow, tProvider, append(docInputs(DocSLAPolicy), docInputs(DocSLAPolicy)...), EINVALID, "documents[1].kind",
			AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
		{"ErrPathInFilename", tNow, tProvider, []DocumentInput{{Kind: "sla_policy", Filename: "a/sla.pdf", SHA256: sumOf("x")}}, EINVALID, "documents[0].filename",
			AppSupplementRequested, []DocumentKind{DocCSAPCertificate, DocSLAPolicy}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestApp(t, dropDocs(DocCSAPCertificate, DocSLAPolicy))
			if !a.SupplementDeadline.Equal(deadline) {
				t.Fatalf("deadline %s", a.SupplementDeadline)
			}
			v := a.Version()
			checkErr := a.CheckSupplement(tc.now, tc.by, tc.docs)
			err := a.Supplement(tc.now, tc.by, tc.docs)
			wantErr(t, err, tc.code, tc.field)
			if ErrorCode(checkErr) != ErrorCode(err) {
				t.Fatalf("CheckSupplement %v, Supplement %v", checkErr, err)
			}
			if a.Status != tc.status || !slices.Equal(a.MissingKinds, tc.missing) {
				t.Fatalf("status %s missing %v, want %s %v", a.Status, a.MissingKinds, tc.status, tc.missing)
			}
			if err != nil {
				if a.Version() != v {
					t.Fatal("a refused supplement changed the case")
				}
				return
			}
			last := a.Steps[len(a.Steps)-1]
			if last.Action != ActionSupplemented || last.Actor != tc.by {
				t.Fatalf("step %+v", last)
			}
			if tc.status == AppDocumentCheck {
				if a.SupplementDue != nil || a.SupplementDeadline != nil {
					t.Fatal("due date kept after the supplement")
				}
				task := findOpen(t, a, TaskDocumentCheck, selOperator)
				if task.ID != "APP-2026-000001-T01" || !task.CreatedAt.Equal(tc.now) {
					t.Fatalf("task %+v", task)
				}
				if MissingDocuments(a.RequiredKinds, a.Documents) != nil {
					t.Fatal("documents still missing")
				}
			} else if len(a.Tasks) != 0 {
				t.Fatalf("tasks %+v before the supplement is complete", a.Tasks)
			}
		})
	}
}

func TestSupplementInTwoParts(t *testing.T) {
	a := newTestApp(t, dropDocs(DocCSAPCertificate, DocSLAPolicy))
	if err := a.Supplement(tNow.AddDate(0, 0, 1), tProvider, docInputs(DocCSAPCertificate)); err != nil {
		t.Fatal(err)
	}
	if a.Status != AppSupplementRequested || a.SupplementDue == nil {
		t.Fatal("a partial supplement keeps the request and its due date")
	}
	if err := a.Supplement(tNow.AddDate(0, 0, 2), tProvider, docInputs(DocSLAPolicy)); err != nil {
		t.Fatal(err)
	}
	if a.Status != AppDocumentCheck || len(openKinds(a)) != 1 {
		t.Fatalf("status %s tasks %v", a.Status, openKinds(a))
	}
	if err := a.Supplement(tNow.AddDate(0, 0, 2), tProvider, docInputs(DocSLAPolicy)); ErrorCode(err) != ECONFLICT {
		t.Fatalf("supplement in document_check: %v", err)
	}
}

func TestSupplementReplacesDocumentOfSameKind(t *testing.T) {
	// The operator asks to replace a defective SLA policy.
	a := newTestApp(t)
	completeOK(t, a, tCheckAt, selOperator, TaskDocumentCheck, TaskCompletion{Outcome: "supplement", MissingKinds: []string{"sla_policy"}, Note: "서명 누락"})
	fixed := DocumentInput{Kind: "sla_policy", Filename: "sla-v2.pdf", SHA256: sumOf("v2")}
	if err := a.Supplement(tCheckAt.Add(time.Hour), tProvider, []DocumentInput{fixed}); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range a.Documents {
		if d.Kind == DocSLAPolicy {
			n++
			if d.SHA256 != sumOf("v2") || d.Filename != "sla-v2.pdf" || d.UploadedBy != "choi" {
				t.Fatalf("document %+v", d)
			}
		}
	}
	if n != 1 || len(a.Documents) != len(a.RequiredKinds) {
		t.Fatalf("%d SLA policies, %d documents", n, len(a.Documents))
	}
	if a.Status != AppDocumentCheck {
		t.Fatalf("status %s", a.Status)
	}
	if task := findOpen(t, a, TaskDocumentCheck, selOperator2); task.ID != "APP-2026-000001-T02" {
		t.Fatalf("task %s", task.ID)
	}
}

func TestReturnUnsupplemented(t *testing.T) {
	a := newTestApp(t, dropDocs(DocSLAPolicy))
	at := *a.SupplementDeadline
	if !a.ReturnUnsupplemented(at) {
		t.Fatal("not returned")
	}
	if a.Status != AppReturned || a.ClosedAt == nil || !a.ClosedAt.Equal(at) {
		t.Fatalf("status %s closed %v", a.Status, a.ClosedAt)
	}
	if !strings.Contains(a.Reason, "sla_policy") || !strings.Contains(a.Reason, "2026-03-12") {
		t.Fatalf("reason %q", a.Reason)
	}
	last := a.Steps[len(a.Steps)-1]
	if last.Action != ActionReturned || last.Actor != SystemActor || last.Status != string(AppReturned) {
		t.Fatalf("step %+v", last)
	}
	v := a.Version()
	if a.ReturnUnsupplemented(at) || a.Version() != v {
		t.Fatal("returned twice")
	}
	if err := a.Supplement(at.Add(-time.Hour), tProvider, docInputs(DocSLAPolicy)); ErrorCode(err) != ECONFLICT {
		t.Fatalf("supplement after return: %v", err)
	}
	b := newTestApp(t)
	if b.ReturnUnsupplemented(tNow.AddDate(0, 1, 0)) || b.Status != AppDocumentCheck {
		t.Fatal("an application without a supplement request is not returned")
	}
}

// --- document check -----------------------------------------------------------------

func TestDocumentCheck(t *testing.T) {
	hangul := strings.Repeat("서", 1000) // 1000 characters, 3000 bytes
	for _, tc := range []struct {
		name   string
		by     Actor
		taskID string
		body   TaskCompletion
		code   string
		field  string
		status ApplicationStatus
	}{
		{"OK_Accept", selOperator, "", TaskCompletion{Outcome: "accept", Note: "이상 없음"}, "", "", AppExpertReview},
		{"OK_AcceptByAnyOperator", selOperator2, "", TaskCompletion{Outcome: "accept"}, "", "", AppExpertReview},
		{"OK_AcceptEmptyList", selOperator, "", TaskCompletion{Outcome: "accept", MissingKinds: []string{}}, "", "", AppExpertReview},
		{"OK_Supplement", selOperator, "", TaskCompletion{Outcome: "supplement", MissingKinds: []string{"sla_policy", "sla_policy", "broker_agreement"}, Note: "SLA 서명 누락"}, "", "", AppSupplementRequested},
		{"OK_Return", selOperator, "", TaskCompletion{Outcome: "return", Note: "위조 서류"}, "", "", AppReturned},
		{"OK_LongKoreanNote", selOperator, "", TaskCompletion{Outcome: "return", Note: hangul}, "", "", AppReturned},
		{"ErrAcceptWithMissingKinds", selOperator, "", TaskCompletion{Outcome: "accept", MissingKinds: []string{"sla_policy"}}, EINVALID, "missing_kinds", AppDocumentCheck},
		{"ErrSupplementNoKinds", selOperator, "", TaskCompletion{Outcome: "supplement", Note: "보완"}, EINVALID, "missing_kinds", AppDocumentCheck},
		{"ErrSupplementUnknownKind", selOperator, "", TaskCompletion{Outcome: "supplement", MissingKinds: []string{"sla_policy", "passport"}, Note: "보완"}, EINVALID, "missing_kinds[1]", AppDocumentCheck},
		{"ErrSupplementNoNote", selOperator, "", TaskCompletion{Outcome: "supplement", MissingKinds: []string{"sla_policy"}, Note: "  "}, EINVALID, "note", AppDocumentCheck},
		{"ErrReturnNoNote", selOperator, "", TaskCompletion{Outcome: "return"}, EINVALID, "note", AppDocumentCheck},
		{"ErrOutcomeUnknown", selOperator, "", TaskCompletion{Outcome: "approve"}, EINVALID, "outcome", AppDocumentCheck},
		{"ErrOutcomeMissing", selOperator, "", TaskCompletion{}, EINVALID, "outcome", AppDocumentCheck},
		{"ErrNoteTooLong", selOperator, "", TaskCompletion{Outcome: "return", Note: strings.Repeat("x", 2001)}, EINVALID, "note", AppDocumentCheck},
		{"ErrKoreanNoteTooLong", selOperator, "", TaskCompletion{Outcome: "return", Note: strings.Repeat("서", 2001)}, EINVALID, "note", AppDocumentCheck},
		{"OK_NoteOf2000Characters", selOperator, "", TaskCompletion{Outcome: "return", Note: strings.Repeat("서", 2000)}, "", "", AppReturned},
		{"ErrFieldOfAnotherKind", selOperator, "", TaskCompletion{Outcome: "accept", Vote: "select"}, EINVALID, "vote", AppDocumentCheck},
		{"ErrByExpert", selExpertLee, "", TaskCompletion{Outcome: "accept"}, EFORBIDDEN, "", AppDocumentCheck},
		{"ErrByOwnProvider", tProvider, "", TaskCompletion{Outcome: "accept"}, EFORBIDDEN, "", AppDocumentCheck},
		{"ErrByAuditor", selAuditor, "", TaskCompletion{Outcome: "accept"}, EFORBIDDEN, "", AppDocumentCheck},
		{"ErrByOtherProvider", selOtherProvider, "", TaskCompletion{Outcome: "accept"}, ENOTFOUND, "", AppDocumentCheck},
		{"ErrByAgency", tAgency, "", TaskCompletion{Outcome: "accept"}, ENOTFOUND, "", AppDocumentCheck},
		{"ErrUnknownTask", selOperator, "APP-2026-000001-T09", TaskCompletion{Outcome: "accept"}, ENOTFOUND, "", AppDocumentCheck},
		{"ErrTaskOfAnotherCase", selOperator, "APP-2026-000002-T01", TaskCompletion{Outcome: "accept"}, ENOTFOUND, "", AppDocumentCheck},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestApp(t)
			id := tc.taskID
			if id == "" {
				id = a.Tasks[0].ID
			}
			v := a.Version()
			in := CompleteTaskInput{TaskID: id, Body: tc.body}
			checkErr := a.CheckCompleteTask(tCheckAt, tc.by, in)
			err := a.CompleteTask(tCheckAt, tc.by, in)
			wantErr(t, err, tc.code, tc.field)
			if ErrorCode(checkErr) != ErrorCode(err) {
				t.Fatalf("check %v, complete %v", checkErr, err)
			}
			if a.Status != tc.status {
				t.Fatalf("status %s, want %s", a.Status, tc.status)
			}
			if err != nil {
				if a.Version() != v || a.Tasks[0].Status != TaskOpen {
					t.Fatal("a refused completion changed the case")
				}
				return
			}
			done := a.Tasks[0]
			if done.Status != TaskDone || done.CompletedBy != tc.by.Sub || done.CompletedAt == nil || !done.CompletedAt.Equal(tCheckAt) {
				t.Fatalf("task %+v", done)
			}
			if a.Version() <= v {
				t.Fatal("version did not grow")
			}
			switch tc.status {
			case AppExpertReview:
				task := findOpen(t, a, TaskAssignExperts, selOperator)
				if task.ID != "APP-2026-000001-T02" || !task.DueAt.Equal(tCheckAt.AddDate(0, 0, RuleInt(RuleAssignExpertsDays, tCheckAt))) {
					t.Fatalf("assign task %+v", task)
				}
				if s := a.Steps[v]; s.Action != ActionDocumentsAccepted || s.Actor != tc.by {
					t.Fatalf("step %+v", s)
				}
			case AppSupplementRequested:
				if !slices.Equal(a.MissingKinds, []DocumentKind{DocSLAPolicy, DocBrokerAgreement}) {
					t.Fatalf("missing %v", a.MissingKinds)
				}
				if a.SupplementDue.String() != "2026-03-12" || len(openKinds(a)) != 0 {
					t.Fatalf("due %s, open %v", a.SupplementDue, openKinds(a))
				}
				if s := a.Steps[len(a.Steps)-1]; s.Action != ActionSupplementRequest || s.Actor != tc.by || !strings.Contains(s.Note, tc.body.Note) {
					t.Fatalf("step %+v", s)
				}
			case AppReturned:
				if a.Reason != strings.TrimSpace(tc.body.Note) || a.ClosedAt == nil {
					t.Fatalf("reason %q closed %v", a.Reason, a.ClosedAt)
				}
				if s := a.Steps[len(a.Steps)-1]; s.Action != ActionReturned || s.Actor != tc.by {
					t.Fatalf("step %+v", s)
				}
			}
		})
	}
}

func TestDocumentCheckTwice(t *testing.T) {
	a := newTestApp(t)
	id := a.Tasks[0].ID
	if err := completeErr(a, tCheckAt, selOperator, id, TaskCompletion{Outcome: "accept"}); err != nil {
		t.Fatal(err)
	}
	err := completeErr(a, tCheckAt, selOperator2, id, TaskCompletion{Outcome: "return", Note: "x"})
	wantErr(t, err, ECONFLICT, "")
	if !strings.Contains(ErrorMessage(err), "already done") || a.Status != AppExpertReview {
		t.Fatalf("%v, status %s", err, a.Status)
	}
}
