package models

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// votes builds one session's votes: s select, r reject, d defer, x recused.
func votes(session string, s, r, d, x int) []CommitteeVote {
	var out []CommitteeVote
	add := func(n int, v VoteChoice, recused bool) {
		for range n {
			out = append(out, CommitteeVote{SessionID: session, Member: fmt.Sprintf("m%d", len(out)+1), Vote: v, Recused: recused})
		}
	}
	add(s, VoteSelect, false)
	add(r, VoteReject, false)
	add(d, VoteDefer, false)
	add(x, "", true)
	return out
}

func TestDecideCommittee(t *testing.T) {
	const s1 = "CS-2026-03"
	for _, tc := range []struct {
		name    string
		members int
		votes   []CommitteeVote
		outcome CommitteeOutcome
		present int
		reason  string
	}{
		{"Selected_5Members3Present2Select", 5, votes(s1, 2, 1, 0, 0), OutcomeSelected, 3, "majority"},
		{"Selected_5Members3PresentAllSelect", 5, votes(s1, 3, 0, 0, 0), OutcomeSelected, 3, "majority"},
		{"Selected_AllPresentAllSelect", 5, votes(s1, 5, 0, 0, 0), OutcomeSelected, 5, "majority"},
		{"Deferred_5Members2Present", 5, votes(s1, 2, 0, 0, 0), OutcomeDeferred, 2, "정족수"},
		{"Deferred_5Members2PresentReject", 5, votes(s1, 0, 2, 0, 0), OutcomeDeferred, 2, "정족수"},
		{"Deferred_NoVotes", 5, nil, OutcomeDeferred, 0, "정족수"},
		{"Deferred_3PresentNoMajority", 5, votes(s1, 1, 1, 1, 0), OutcomeDeferred, 3, "과반수"},
		{"Deferred_Tie", 5, votes(s1, 2, 2, 0, 0), OutcomeDeferred, 4, "과반수"},
		{"Deferred_MajorityDefers", 5, votes(s1, 1, 0, 2, 0), OutcomeDeferred, 3, "과반수"},
		{"NotSelected_3Reject", 5, votes(s1, 0, 3, 0, 0), OutcomeNotSelected, 3, "not selected"},
		{"NotSelected_2Of3Reject", 5, votes(s1, 1, 2, 0, 0), OutcomeNotSelected, 3, "not selected"},
		{"Deferred_4Members2Present", 4, votes(s1, 2, 0, 0, 0), OutcomeDeferred, 2, "정족수"},
		{"Selected_4Members3Present", 4, votes(s1, 2, 0, 1, 0), OutcomeSelected, 3, "majority"},
		{"Selected_ChairAlone", 1, votes(s1, 1, 0, 0, 0), OutcomeSelected, 1, "majority"},
		{"Deferred_21Members10Present", 21, votes(s1, 10, 0, 0, 0), OutcomeDeferred, 10, "정족수"},
		{"Selected_21Members11Present6Select", 21, votes(s1, 6, 5, 0, 0), OutcomeSelected, 11, "majority"},
		{"Deferred_21Members11Present5Select5Reject", 21, votes(s1, 5, 5, 1, 0), OutcomeDeferred, 11, "과반수"},
		{"Deferred_RecusedNotPresent", 5, votes(s1, 2, 0, 0, 2), OutcomeDeferred, 2, "정족수"},
		{"Selected_DespiteRecusals", 5, votes(s1, 3, 0, 0, 2), OutcomeSelected, 3, "majority"},
		{"Deferred_OtherSessionIgnored", 5, append(votes("CS-2026-02", 4, 0, 0, 0), votes(s1, 1, 0, 0, 0)...), OutcomeDeferred, 1, "정족수"},
		{"NotSelected_OtherSessionSelectsIgnored", 5, append(votes("CS-2026-02", 5, 0, 0, 0), votes(s1, 0, 3, 0, 0)...), OutcomeNotSelected, 3, "not selected"},
		{"Deferred_BlankVoteNotCounted", 5, append(votes(s1, 2, 0, 0, 0), CommitteeVote{SessionID: s1, Member: "m9"}), OutcomeDeferred, 2, "정족수"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := DecideCommittee(s1, tc.members, tc.votes, time.Now())
			if d.Outcome != tc.outcome || d.Present != tc.present {
				t.Fatalf("outcome %s present %d, want %s %d (%s)", d.Outcome, d.Present, tc.outcome, tc.present, d.Reason)
			}
			if d.SessionID != s1 || d.Members != tc.members || d.Present != d.Select+d.Reject+d.Defer {
				t.Fatalf("decision %+v", d)
			}
			if !strings.Contains(d.Reason, tc.reason) || !strings.Contains(d.Reason, fmt.Sprintf("%d of %d members present", d.Present, d.Members)) {
				t.Fatalf("reason %q lacks %q and the count", d.Reason, tc.reason)
			}
		})
	}
}

func TestDecideCommitteeCountsRecused(t *testing.T) {
	vs := append(votes("CS-1", 3, 1, 0, 2), votes("CS-2", 0, 0, 0, 4)...)
	d := DecideCommittee("CS-1", 7, vs, time.Now())
	if d.Select != 3 || d.Reject != 1 || d.Defer != 0 || d.Recused != 2 || d.Present != 4 || d.Outcome != OutcomeSelected {
		t.Fatalf("decision %+v", d)
	}
}

func TestConflictOf(t *testing.T) {
	const bno = "123-45-67890"
	on := mustDate(t, "2026-03-02")
	rel := func(kind RelationKind, until string) Relation {
		r := Relation{PersonSub: "ex-lee", BusinessNo: bno, Kind: kind}
		if until != "" {
			r.Until = datePtr(t, until)
		}
		return r
	}
	for _, tc := range []struct {
		name string
		rels []Relation
		want string // a part of the reason; "" for no conflict
	}{
		{"None", nil, ""},
		{"SelfCurrent", []Relation{rel(RelationSelf, "")}, "본인"},
		{"SelfLongAgo", []Relation{rel(RelationSelf, "2000-01-01")}, "본인"},
		{"SpouseCurrent", []Relation{rel(RelationSpouse, "")}, "배우자"},
		{"SpouseLongAgo", []Relation{rel(RelationSpouse, "1999-12-31")}, "배우자"},
		{"EmploymentCurrent", []Relation{rel(RelationEmployment, "")}, "재직"},
		{"EmploymentLastYear", []Relation{rel(RelationEmployment, "2025-06-30")}, "재직"},
		{"EmploymentUntilExactlyThreeYearsBefore", []Relation{rel(RelationEmployment, "2023-03-02")}, "재직"},
		{"EmploymentUntilThreeYearsAndADayBefore", []Relation{rel(RelationEmployment, "2023-03-01")}, ""},
		{"EmploymentLongAgo", []Relation{rel(RelationEmployment, "2010-01-01")}, ""},
		{"EmploymentEndsInFuture", []Relation{rel(RelationEmployment, "2027-01-01")}, "재직"},
		{"WorkCurrent", []Relation{rel(RelationWork, "")}, "용역"},
		{"WorkUntilJan1PreviousYear", []Relation{rel(RelationWork, "2025-01-01")}, "2025-01-01"},
		{"WorkThisYear", []Relation{rel(RelationWork, "2026-02-01")}, "용역"},
		{"WorkUntilDec31TwoYearsBefore", []Relation{rel(RelationWork, "2024-12-31")}, ""},
		{"WorkLongAgo", []Relation{rel(RelationWork, "2019-05-01")}, ""},
		{"OtherBusinessNoIgnored", []Relation{
			{PersonSub: "ex-lee", BusinessNo: "999-99-99999", Kind: RelationSelf},
			{PersonSub: "ex-lee", BusinessNo: "999-99-99999", Kind: RelationEmployment},
			{PersonSub: "ex-lee", BusinessNo: "123-45-6789", Kind: RelationWork},
		}, ""},
		{"UnknownKindIgnored", []Relation{rel("friend", "")}, ""},
		{"OldAndCurrentRelations", []Relation{rel(RelationWork, "2020-01-01"), rel(RelationEmployment, "")}, "재직"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ConflictOf(tc.rels, bno, on)
			if tc.want == "" {
				if got != "" {
					t.Fatalf("conflict %q, want none", got)
				}
				return
			}
			if !strings.Contains(got, tc.want) {
				t.Fatalf("conflict %q, want one mentioning %q", got, tc.want)
			}
		})
	}
}

func TestConflictOfJoinsEveryReason(t *testing.T) {
	rels := []Relation{
		{BusinessNo: "123-45-67890", Kind: RelationSpouse},
		{BusinessNo: "123-45-67890", Kind: RelationEmployment},
		{BusinessNo: "123-45-67890", Kind: RelationWork},
	}
	got := ConflictOf(rels, "123-45-67890", mustDate(t, "2026-03-02"))
	parts := strings.Split(got, "; ")
	if len(parts) != 3 || !strings.Contains(parts[0], "배우자") || !strings.Contains(parts[1], "3 years") || !strings.Contains(parts[2], "2025-01-01") {
		t.Fatalf("conflict %q", got)
	}
}

func TestConflictOfFollowsTheRuleTable(t *testing.T) {
	saved := Rules
	t.Cleanup(func() { Rules = saved })
	Rules = append(append([]Rule(nil), saved...),
		Rule{Key: RuleConflictEmploymentYears, Value: "5", Unit: "years", Source: "hypothetical amendment", EffectiveFrom: seoulDate(2026, 1, 1)})
	rels := []Relation{{BusinessNo: "1", Kind: RelationEmployment, Until: datePtr(t, "2022-01-01")}}
	if ConflictOf(rels, "1", mustDate(t, "2025-12-31")) != "" {
		t.Fatal("3 years before the amendment")
	}
	if got := ConflictOf(rels, "1", mustDate(t, "2026-03-02")); !strings.Contains(got, "5 years") {
		t.Fatalf("5 years after the amendment: %q", got)
	}
}

func TestParseSession(t *testing.T) {
	members := map[string]bool{}
	var all []string
	for i := 1; i <= 30; i++ {
		m := fmt.Sprintf("cm-%02d", i)
		members[m] = true
		all = append(all, m)
	}
	isMember := func(s string) bool { return members[s] }
	maxMembers := RuleInt(RuleCommitteeMaxMembers, tNow) + 1
	if maxMembers != 21 {
		t.Fatalf("chair plus 20 members, got %d", maxMembers)
	}
	for _, tc := range []struct {
		name   string
		now    time.Time
		in     SessionInput
		fields []string
	}{
		{"OK_Today", tNow, SessionInput{HeldOn: "2026-03-02", Members: all[:5]}, nil},
		{"OK_Future", tNow, SessionInput{HeldOn: "2026-04-15", Members: all[:1]}, nil},
		{"OK_ChairPlus20", tNow, SessionInput{HeldOn: "2026-03-20", Members: all[:maxMembers]}, nil},
		{"OK_Trimmed", tNow, SessionInput{HeldOn: "2026-03-20", Members: []string{" cm-01", "cm-02 "}}, nil},
		{"ErrPastDate", tNow, SessionInput{HeldOn: "2026-03-01", Members: all[:5]}, []string{"held_on"}},
		// 01:00 on 2026-03-02 in Seoul: 2026-03-01 is already past there.
		{"ErrPastDateInSeoul", time.Date(2026, 3, 1, 16, 0, 0, 0, time.UTC), SessionInput{HeldOn: "2026-03-01", Members: all[:5]}, []string{"held_on"}},
		{"ErrMalformedDate", tNow, SessionInput{HeldOn: "20 March", Members: all[:5]}, []string{"held_on"}},
		{"ErrNoMembers", tNow, SessionInput{HeldOn: "2026-03-20"}, []string{"members"}},
		{"ErrTooManyMembers", tNow, SessionInput{HeldOn: "2026-03-20", Members: all[:maxMembers+1]}, []string{"members"}},
		{"ErrDuplicate", tNow, SessionInput{HeldOn: "2026-03-20", Members: []string{"cm-01", "cm-02", "cm-01"}}, []string{"members[2]"}},
		{"ErrDuplicateAfterTrim", tNow, SessionInput{HeldOn: "2026-03-20", Members: []string{"cm-01", " cm-01 "}}, []string{"members[1]"}},
		{"ErrNonMember", tNow, SessionInput{HeldOn: "2026-03-20", Members: []string{"cm-01", "ex-lee"}}, []string{"members[1]"}},
		{"ErrBlankMember", tNow, SessionInput{HeldOn: "2026-03-20", Members: []string{""}}, []string{"members[0]"}},
		{"ErrEverything", tNow, SessionInput{HeldOn: "2026-02-01", Members: []string{"x", "x"}}, []string{"held_on", "members[0]", "members[1]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := ParseSession(tc.in, tc.now, isMember)
			if len(tc.fields) > 0 {
				if ErrorCode(err) != EINVALID {
					t.Fatalf("error %v, want invalid", err)
				}
				if got := fieldNames(err); !slices.Equal(got, tc.fields) {
					t.Fatalf("fields %v, want %v", got, tc.fields)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if req.HeldOn.String() != tc.in.HeldOn || len(req.Members) != len(tc.in.Members) {
				t.Fatalf("request %+v", req)
			}
			for i, m := range req.Members {
				if m != strings.TrimSpace(tc.in.Members[i]) {
					t.Fatalf("member %d is %q", i, m)
				}
			}
		})
	}
}

func TestCommitteeSessionVersion(t *testing.T) {
	s := CommitteeSession{}
	if s.Version() != 0 {
		t.Fatal("a new session has version 0")
	}
	s.Steps = append(s.Steps, Step{Action: "opened"}, Step{Action: "closed"})
	if s.Version() != 2 {
		t.Fatalf("version %d", s.Version())
	}
	if SessionClosing.String() != "closing" {
		t.Fatal("status string")
	}
}

// The quorum is data: an amendment to two thirds applies from its effective date only.
func TestDecideCommittee_QuorumFollowsRuleTable(t *testing.T) {
	saved := Rules
	t.Cleanup(func() { Rules = saved })
	Rules = append(append([]Rule(nil), saved...),
		Rule{Key: RuleCommitteeQuorum, Value: "2/3", Unit: "share exceeded", Source: "hypothetical amendment", EffectiveFrom: seoulDate(2027, 1, 1)})
	votes := []CommitteeVote{
		{SessionID: "S", Member: "a", Vote: VoteSelect}, {SessionID: "S", Member: "b", Vote: VoteSelect},
		{SessionID: "S", Member: "c", Vote: VoteSelect}, {SessionID: "S", Member: "d", Vote: VoteReject},
	}
	// 4 of 6 present, 3 select. Under "more than 1/2": quorum (4 > 3) and selected (3 > 2).
	// Under "more than 2/3": 4 is not more than 4, so no quorum.
	before := DecideCommittee("S", 6, votes, seoulDate(2026, 12, 31))
	after := DecideCommittee("S", 6, votes, seoulDate(2027, 1, 1))
	if before.Outcome != OutcomeSelected {
		t.Fatalf("1/2 rule: want selected, got %s (%s)", before.Outcome, before.Reason)
	}
	if after.Outcome != OutcomeDeferred || !strings.Contains(after.Reason, "no quorum") {
		t.Fatalf("2/3 rule: want deferred for no quorum, got %s (%s)", after.Outcome, after.Reason)
	}
}

// A member's last vote counts once, however often the vote was recorded.
func TestDecideCommittee_LastVoteOfMemberCounts(t *testing.T) {
	votes := []CommitteeVote{
		{SessionID: "S", Member: "a", Vote: VoteReject}, {SessionID: "S", Member: "a", Vote: VoteSelect},
		{SessionID: "S", Member: "b", Vote: VoteSelect},
	}
	d := DecideCommittee("S", 3, votes, seoulDate(2026, 3, 1))
	if d.Present != 2 || d.Select != 2 || d.Reject != 0 || d.Outcome != OutcomeSelected {
		t.Fatalf("got %+v", d)
	}
}

// TestRejectReasons: the reasons for rejecting, each once, sorted by their text: neither
// the roster's order nor the voting order, and a member's changed vote drops their reason.
func TestRejectReasons(t *testing.T) {
	votes := []CommitteeVote{
		{SessionID: "S", Member: "cm-4", Vote: VoteReject, Reason: "지원 인력 부족"},
		{SessionID: "S", Member: "cm-chair", Vote: VoteReject, Reason: "보안 인증 미비"},
		{SessionID: "S", Member: "cm-2", Vote: VoteSelect, Reason: "운영 안정성 확인"},
		{SessionID: "S", Member: "cm-3", Vote: VoteReject, Reason: "가격 근거 부족"},
		{SessionID: "S", Member: "cm-5", Vote: VoteReject, Reason: "보안 인증 미비"},
		{SessionID: "S", Member: "cm-6", Recused: true, Reason: "최근 자문"},
		{SessionID: "S", Member: "cm-7", Vote: VoteReject},
		{SessionID: "S", Member: "cm-8", Vote: VoteReject, Reason: "마음이 바뀜"},
		{SessionID: "S", Member: "cm-8", Vote: VoteSelect},
		{SessionID: "OTHER", Member: "cm-2", Vote: VoteReject, Reason: "다른 회의"},
	}
	got := RejectReasons(votes, "S")
	want := []string{"가격 근거 부족", "보안 인증 미비", "지원 인력 부족"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	if got := RejectReasons(nil, "S"); got == nil || len(got) != 0 {
		t.Fatalf("no votes: got %#v, want an empty list", got)
	}
}

// TestDecideSession_ReasonsSortedWithoutNames: the provider's reason quotes the reasons
// sorted, whatever order the members voted in, and names nobody.
func TestDecideSession_ReasonsSortedWithoutNames(t *testing.T) {
	a := appInSession(t, nil)
	for _, v := range []struct{ member, reason string }{
		{"cm-4", "지원 인력 부족"}, {"cm-chair", "보안 인증 미비"}, {"cm-3", "가격 근거 부족"},
	} {
		completeOK(t, a, tVoteAt, member(v.member), TaskCommitteeVote, TaskCompletion{Vote: "reject", Reason: v.reason})
	}
	d, ok := a.DecideSession(tDecideAt, "CS-2026-03")
	if !ok || d.Outcome != OutcomeNotSelected {
		t.Fatalf("decision %+v", d)
	}
	want := "; reasons: 가격 근거 부족; 보안 인증 미비; 지원 인력 부족"
	last := a.Steps[len(a.Steps)-1]
	if !strings.HasSuffix(a.Reason, want) || last.Note != a.Reason {
		t.Fatalf("reason %q, step note %q: want the reasons sorted, %q", a.Reason, last.Note, want)
	}
	if last.NoteText == nil || last.NoteText.Args["reasons"] != "가격 근거 부족; 보안 인증 미비; 지원 인력 부족" {
		t.Fatalf("note text %+v", last.NoteText)
	}
	for _, m := range testMembers {
		if strings.Contains(a.Reason, m) {
			t.Fatalf("the reason names %s: %q", m, a.Reason)
		}
	}
}
