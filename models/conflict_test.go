package models

import (
	"errors"
	"strings"
	"testing"
)

// TestConflictKeyed: a conflict of interest travels as the English string ConflictOf
// writes, and is read back keyed, so that a page says it in Korean; a string it does not
// write is left as it is.
func TestConflictKeyed(t *testing.T) {
	on := mustDate(t, "2026-03-02")
	rel := func(kind RelationKind) Relation { return Relation{BusinessNo: "1", Kind: kind} }
	for _, tc := range []struct {
		name string
		rels []Relation
		en   string
		ko   string
	}{
		{"Self", []Relation{rel(RelationSelf)}, "is the provider (본인)", "본인이 공급자임"},
		{"Spouse", []Relation{rel(RelationSpouse)}, "spouse is the provider (배우자)", "배우자가 공급자임"},
		{"Employment", []Relation{rel(RelationEmployment)}, "worked for the provider within 3 years (재직)",
			"최근 3년 이내 공급자에 재직"},
		{"Work", []Relation{rel(RelationWork)}, "did work for the provider since 2025-01-01 (용역·자문)",
			"2025-01-01 이후 공급자의 용역·자문 수행"},
		{"Two", []Relation{rel(RelationWork), rel(RelationSelf)},
			"did work for the provider since 2025-01-01 (용역·자문); is the provider (본인)",
			"2025-01-01 이후 공급자의 용역·자문 수행; 본인이 공급자임"},
		{"EveryKindOnce", []Relation{rel(RelationSelf), rel(RelationSpouse), rel(RelationEmployment), rel(RelationWork),
			rel(RelationEmployment), rel(RelationSelf)},
			"is the provider (본인); spouse is the provider (배우자); worked for the provider within 3 years (재직); " +
				"did work for the provider since 2025-01-01 (용역·자문)",
			"본인이 공급자임; 배우자가 공급자임; 최근 3년 이내 공급자에 재직; 2025-01-01 이후 공급자의 용역·자문 수행"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			why := ConflictOf(tc.rels, "1", on)
			if why != tc.en {
				t.Fatalf("ConflictOf %q, want %q", why, tc.en)
			}
			key, pairs, ok := conflictParts(why)
			if !ok {
				t.Fatalf("%q was not read back", why)
			}
			text := Msg(key, pairs...)
			if got := text.English(); got != tc.en {
				t.Errorf("read back as %q", got)
			}
			if got := text.In(LangKO); got != tc.ko {
				t.Errorf("Korean %q, want %q", got, tc.ko)
			}
		})
	}
	for _, why := range []string{"", "not a member of this session", "is the provider (본인); a friend",
		"worked for the provider within 3 years (재직); worked for the provider within 5 years (재직)",
		strings.Repeat("is the provider (본인); ", 4) + "is the provider (본인)"} {
		if _, _, ok := conflictParts(why); ok {
			t.Errorf("%q was read as a reason ConflictOf writes", why)
		}
	}
	// The years come from the rule table, and are read back whatever they are.
	saved := Rules
	t.Cleanup(func() { Rules = saved })
	Rules = append(append([]Rule(nil), saved...),
		Rule{Key: RuleConflictEmploymentYears, Value: "5", Unit: "years", Source: "hypothetical amendment", EffectiveFrom: seoulDate(2026, 1, 1)})
	key, pairs, ok := conflictParts(ConflictOf([]Relation{rel(RelationEmployment)}, "1", on))
	if got := Msg(key, pairs...).In(LangKO); !ok || got != "최근 5년 이내 공급자에 재직" {
		t.Errorf("after the amendment: %q (%v)", got, ok)
	}
}

// TestRecusalKeyed: a member recused for a conflict of interest has the reason in the
// trail keyed; the REST note and vote reason read as before.
func TestRecusalKeyed(t *testing.T) {
	a := appAwaitingCommittee(t)
	v := a.Version()
	a.JoinSession(tJoinAt, testSession(t, "CS-2026-03", "2026-03-20"), map[string]string{
		"cm-2": "spouse is the provider (배우자)", "cm-3": "declared by hand"})
	var recused []Step
	for _, s := range a.Steps[v:] {
		if s.Action == ActionRecused {
			recused = append(recused, s)
		}
	}
	if len(recused) != 2 {
		t.Fatalf("recusals %+v", recused)
	}
	for i, tc := range []struct{ en, ko string }{
		{"declared relation: spouse is the provider (배우자) (제척)", "신고된 관계: 배우자가 공급자임 (제척)"},
		{"declared relation: declared by hand (제척)", "신고된 관계: declared by hand (제척)"},
	} {
		if s := recused[i]; s.Note != tc.en || s.NoteText.In(LangKO) != tc.ko {
			t.Errorf("recusal %d: note %q, Korean %q", i, s.Note, s.NoteText.In(LangKO))
		}
	}
	if a.Votes[0].Reason != "conflict of interest: spouse is the provider (배우자)" {
		t.Errorf("vote reason %q", a.Votes[0].Reason)
	}
}

// TestConflictedExpertRefusedKeyed: the refusal of a conflicted expert says the reason in
// the visitor's language, with the same English message as before.
func TestConflictedExpertRefusedKeyed(t *testing.T) {
	a := appExpertReview(t)
	task := findOpen(t, a, TaskAssignExperts, selOperator)
	cands := append(selCandidates(), ExpertCandidate{Sub: "ex-hand", IsExpert: true, Conflict: "declared by hand"})
	err := completeErr(a, tAssignAt, selOperator, task.ID, TaskCompletion{Experts: []string{"ex-yoon", "ex-hand"}}, cands...)
	wantErr(t, err, EINVALID, "experts[0]")
	var refused *Error
	if !errors.As(err, &refused) {
		t.Fatalf("error %v", err)
	}
	fields := refused.Fields
	if len(fields) != 2 {
		t.Fatalf("fields %+v", fields)
	}
	if f := fields[0]; f.Message != `"ex-yoon" has a conflict of interest: worked for the provider within 3 years (재직)` ||
		f.Text.In(LangKO) != `"ex-yoon"에게 이해충돌이 있음: 최근 3년 이내 공급자에 재직` {
		t.Errorf("field %+v, Korean %q", f, f.Text.In(LangKO))
	}
	if f := fields[1]; f.Message != `"ex-hand" has a conflict of interest: declared by hand` || f.Text != nil {
		t.Errorf("a reason ConflictOf did not write: %+v", f)
	}
}
