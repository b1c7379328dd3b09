package models

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// decodeVotes turns fuzz bytes into votes: bit 0 picks the session, bits 1–2 the choice
// (select, reject, defer, or a blank/unknown vote), bit 3 a recusal, bit 4 an unknown
// choice string instead of the picked one.
func decodeVotes(data []byte) []CommitteeVote {
	choices := []VoteChoice{VoteSelect, VoteReject, VoteDefer, ""}
	out := make([]CommitteeVote, 0, len(data))
	for i, b := range data {
		v := CommitteeVote{SessionID: "S1", Member: "m" + string(rune('a'+i%26)), Vote: choices[(b>>1)&3], Recused: b&8 != 0}
		if b&1 != 0 {
			v.SessionID = "S2"
		}
		if b&16 != 0 {
			v.Vote = "SELECT"
		}
		out = append(out, v)
	}
	return out
}

// FuzzDecideCommittee checks the counting rules of 국가계약법 시행령 제15조의3: present
// members are those who voted; a selection needs a quorum and a majority of those present;
// the outcome depends on the votes of the session only, not on their order.
func FuzzDecideCommittee(f *testing.F) {
	f.Add(5, []byte{0, 0, 2})              // 3 present: 2 select, 1 reject → selected
	f.Add(5, []byte{0, 0})                 // 2 of 5 present → no quorum
	f.Add(5, []byte{0, 0, 2, 2})           // tie → deferred
	f.Add(5, []byte{2, 2, 2, 8, 8})        // 3 reject, 2 recused → not selected
	f.Add(4, []byte{0, 0, 1, 1, 1, 4})     // other session's selects ignored
	f.Add(21, []byte{0, 0, 0, 0, 0, 0, 2}) // 7 of 21: no quorum
	f.Add(0, []byte{})
	f.Add(-3, []byte{0, 16, 6})
	f.Fuzz(func(t *testing.T, members int, data []byte) {
		if len(data) > 200 {
			data = data[:200]
		}
		vs := decodeVotes(data)
		d := DecideCommittee("S1", members, vs, time.Now())

		inSession := 0
		for _, v := range vs {
			if v.SessionID == "S1" {
				inSession++
			}
		}
		if d.Present != d.Select+d.Reject+d.Defer || d.Present > len(vs) || d.Present+d.Recused > inSession {
			t.Fatalf("present %d = %d+%d+%d, recused %d, of %d votes (%d in session)", d.Present, d.Select, d.Reject, d.Defer, d.Recused, len(vs), inSession)
		}
		if d.Select < 0 || d.Reject < 0 || d.Defer < 0 || d.Recused < 0 {
			t.Fatalf("negative count %+v", d)
		}
		if d.SessionID != "S1" || d.Members != members || d.Reason == "" {
			t.Fatalf("decision %+v", d)
		}
		quorum := d.Present*2 > members
		switch d.Outcome {
		case OutcomeSelected:
			if !quorum || d.Select*2 <= d.Present {
				t.Fatalf("selected without quorum or majority: %+v", d)
			}
		case OutcomeNotSelected:
			if !quorum || d.Reject*2 <= d.Present {
				t.Fatalf("not selected without quorum or majority: %+v", d)
			}
		case OutcomeDeferred:
			if quorum && (d.Select*2 > d.Present || d.Reject*2 > d.Present) {
				t.Fatalf("deferred despite a majority: %+v", d)
			}
		default:
			t.Fatalf("outcome %q", d.Outcome)
		}
		if d.Select*2 > d.Present && d.Reject*2 > d.Present {
			t.Fatalf("both a select and a reject majority: %+v", d)
		}
		// Deterministic, independent of other sessions' votes, and of the order of votes
		// from different members; a member voting again counts once, with the last vote.
		if again := DecideCommittee("S1", members, vs, time.Now()); again != d {
			t.Fatalf("not deterministic: %+v vs %+v", d, again)
		}
		last := map[string]CommitteeVote{}
		for _, v := range vs {
			if v.SessionID == "S1" {
				last[v.Member] = v
			}
		}
		if d.Present+d.Recused > len(last) {
			t.Fatalf("a member counted twice: %+v from %d members' votes", d, len(last))
		}
		var once []CommitteeVote
		for _, v := range last {
			once = append(once, v)
		}
		slices.SortFunc(once, func(a, b CommitteeVote) int { return strings.Compare(b.Member, a.Member) })
		if r := DecideCommittee("S1", members, once, time.Now()); r != d {
			t.Fatalf("depends on order or on superseded votes: %+v vs %+v", d, r)
		}
		only := slices.DeleteFunc(slices.Clone(vs), func(v CommitteeVote) bool { return v.SessionID != "S1" })
		if o := DecideCommittee("S1", members, only, time.Now()); o != d {
			t.Fatalf("depends on another session: %+v vs %+v", d, o)
		}
	})
}

var (
	fuzzApplicationFieldPrefixes = []string{"service.", "provider.", "documents"}
	fuzzSHA256                   = sumOf("fuzz")
)

// FuzzParseApplication checks that any body either parses into a request whose every part
// holds the invariants the workflow relies on, or fails with field errors naming what to fix.
func FuzzParseApplication(f *testing.F) {
	v := validAppInput()
	f.Add(v.Service.Name, v.Service.Type, v.Service.Subtype, v.Service.Description,
		v.Provider.BusinessNo, v.Provider.Name, v.Provider.FoundedOn, v.Provider.CreditRating, v.Provider.BusinessStatus, v.Provider.Size, "",
		"application_form", "form.pdf", fuzzSHA256, "sla_policy", "sla.pdf", strings.ToUpper(fuzzSHA256), int64(10), false, false)
	f.Add("AI 상담", "convergence", "convergence", "AI", "000-00-00000", "주식회사", "2026-03-02", "d", "rehabilitation_approved", "large", "2026-03-02",
		"csap_certificate", "c.pdf", fuzzSHA256, "csap_certificate", "c2.pdf", fuzzSHA256, int64(0), true, true)
	f.Add("", "", "", "", "", "", "", "", "", "", "x", "", "", "", "", "", "", int64(-1), false, false)
	f.Add("n", "cloud", "consulting", "d", "123-45-67890", "p", "2030-01-01", "B+", "closed", "sme", "",
		"capability_split", "a/b", "zz", "kind", "\x00", " "+fuzzSHA256+" ", int64(1<<31), true, false)
	f.Fuzz(func(t *testing.T, name, typ, subtype, desc, bno, pname, founded, rating, status, size, debarred,
		k1, fn1, sum1, k2, fn2, sum2 string, docSize int64, broker, school bool) {
		in := ApplicationInput{
			Service:             ApplicationServiceInput{Name: name, Type: typ, Subtype: subtype, Description: desc},
			Provider:            ApplicantInput{BusinessNo: bno, Name: pname, FoundedOn: founded, CreditRating: rating, BusinessStatus: status, Size: size, DebarredUntil: debarred},
			Broker:              broker,
			SchoolEducationOnly: school,
			Documents:           []DocumentInput{{Kind: k1, Filename: fn1, SHA256: sum1, Size: docSize}, {Kind: k2, Filename: fn2, SHA256: sum2}},
		}
		req, err := ParseApplication(in, "PV-0001", "choi", tNow)
		if err != nil {
			var me *Error
			if !errors.As(err, &me) || me.Code != EINVALID || len(me.Fields) == 0 {
				t.Fatalf("error %v is not a field error", err)
			}
			for _, fe := range me.Fields {
				if fe.Message == "" || !slices.ContainsFunc(fuzzApplicationFieldPrefixes, func(p string) bool { return strings.HasPrefix(fe.Field, p) }) {
					t.Fatalf("field error %+v", fe)
				}
			}
			if !reflect.DeepEqual(req, ApplicationRequest{}) {
				t.Fatalf("a failed parse returned a request: %+v", req)
			}
			return
		}
		kinds := map[DocumentKind]bool{}
		for _, d := range req.Documents {
			if !sha256Pattern.MatchString(d.SHA256) {
				t.Fatalf("sha256 %q", d.SHA256)
			}
			if _, err := ParseDocumentKind(string(d.Kind)); err != nil || kinds[d.Kind] {
				t.Fatalf("kind %q invalid or repeated", d.Kind)
			}
			kinds[d.Kind] = true
			if d.Filename == "" || len(d.Filename) > 255 || strings.ContainsAny(d.Filename, "/\\\x00") || d.Filename != strings.TrimSpace(d.Filename) {
				t.Fatalf("filename %q", d.Filename)
			}
			if d.Size < 0 || d.UploadedBy != "choi" || !d.UploadedAt.Equal(tNow) {
				t.Fatalf("document %+v", d)
			}
		}
		if len(req.Documents) != 2 {
			t.Fatalf("%d documents of 2", len(req.Documents))
		}
		s, p := req.Service, req.Provider
		if s.Subtype.Type() != s.Type || s.Type == "" || s.Name == "" || s.Description == "" {
			t.Fatalf("service %+v", s)
		}
		if !businessNoPattern.MatchString(p.BusinessNo) || p.Org != "PV-0001" || p.Name == "" {
			t.Fatalf("provider %+v", p)
		}
		if p.FoundedOn.IsZero() || p.FoundedOn.After(DateOf(tNow).Time) {
			t.Fatalf("founded on %s", p.FoundedOn)
		}
		if _, err := ParseCreditRating(string(p.CreditRating)); err != nil || string(p.CreditRating) != strings.ToUpper(string(p.CreditRating)) {
			t.Fatalf("credit rating %q", p.CreditRating)
		}
		if _, err := ParseBusinessStatus(string(p.BusinessStatus)); err != nil {
			t.Fatalf("business status %q", p.BusinessStatus)
		}
		if (strings.TrimSpace(debarred) == "") != (p.DebarredUntil == nil) {
			t.Fatalf("debarred until %v from %q", p.DebarredUntil, debarred)
		}
		// Whatever parses opens a case in one of the three first states.
		a := NewApplication(testAppID, "application-"+testAppID, req, tProvider, tNow)
		switch a.Status {
		case AppIneligible:
			if len(a.Tasks) != 0 || a.Eligibility.Eligible || a.Reason == "" {
				t.Fatalf("ineligible %+v", a)
			}
		case AppSupplementRequested:
			if len(a.MissingKinds) == 0 || a.SupplementDeadline == nil || len(a.Tasks) != 0 {
				t.Fatalf("supplement %+v", a)
			}
		case AppDocumentCheck:
			if len(a.MissingKinds) != 0 || len(a.OpenTasks(tNow)) != 1 {
				t.Fatalf("document check %+v", a)
			}
		default:
			t.Fatalf("status %s", a.Status)
		}
		if !slices.Equal(a.MissingKinds, MissingDocuments(a.RequiredKinds, a.Documents)) || a.Version() < 2 {
			t.Fatalf("missing %v, version %d", a.MissingKinds, a.Version())
		}
	})
}

// FuzzCompleteTask sends arbitrary completions of the document check: never a panic; a
// refusal has an API code and changes nothing; an acceptance closes the task and moves
// the application to the state its outcome names.
func FuzzCompleteTask(f *testing.F) {
	f.Add("accept", "", "", uint8(0), "", "", "", "operator", "nia-lee", "NIA", "")
	f.Add("accept", "", "", uint8(1), "ok", "", "", "operator", "nia-kim", "", "")
	f.Add("supplement", "sla_policy", "sla_policy", uint8(3), "서명 누락", "", "", "operator", "nia-lee", "NIA", "")
	f.Add("supplement", "sla_policy", "passport", uint8(3), "x", "", "", "operator", "nia-lee", "NIA", "")
	f.Add("return", "", "", uint8(0), "위조", "", "", "operator", "nia-lee", "NIA", "")
	f.Add("return", "", "", uint8(0), "", "select", "2026-03-02", "operator", "nia-lee", "NIA", "")
	f.Add("accept", "", "", uint8(0), "", "", "", "expert", "ex-lee", "", "")
	f.Add("accept", "", "", uint8(0), "", "", "", "provider", "choi", "PV-0001", "")
	f.Add("accept", "", "", uint8(0), "", "", "", "provider", "han", "PV-0002", "")
	f.Add("accept", "", "", uint8(0), "", "", "", "operator", "nia-lee", "NIA", "APP-2026-000001-T02")
	f.Add("accept", "", "", uint8(0), "", "", "", "operator", "nia-lee", "NIA", "garbage")
	f.Fuzz(func(t *testing.T, outcome, k1, k2 string, nKinds uint8, note, vote, heldOn, role, sub, org, taskID string) {
		a, fresh := newTestApp(t), newTestApp(t)
		if taskID == "" {
			taskID = a.Tasks[0].ID
		}
		body := TaskCompletion{Outcome: outcome, Note: note, Vote: vote, HeldOn: heldOn}
		switch nKinds % 4 {
		case 1:
			body.MissingKinds = []string{}
		case 2:
			body.MissingKinds = []string{k1}
		case 3:
			body.MissingKinds = []string{k1, k2}
		}
		x := Actor{Sub: sub, Role: Role(role), Org: org}
		in := CompleteTaskInput{TaskID: taskID, Body: body}
		now := tCheckAt

		checkErr := a.CheckCompleteTask(now, x, in)
		if !reflect.DeepEqual(a, fresh) {
			t.Fatal("CheckCompleteTask changed the case")
		}
		err := a.CompleteTask(now, x, in)
		if ErrorCode(checkErr) != ErrorCode(err) {
			t.Fatalf("check %v, complete %v", checkErr, err)
		}
		if err != nil {
			switch ErrorCode(err) {
			case EINVALID:
				if len(fieldNames(err)) == 0 {
					t.Fatalf("invalid without a field: %v", err)
				}
			case ECONFLICT, EFORBIDDEN, ENOTFOUND:
			default:
				t.Fatalf("code %q: %v", ErrorCode(err), err)
			}
			if !reflect.DeepEqual(a, fresh) {
				t.Fatalf("a refused completion (%v) changed the case", err)
			}
			return
		}
		if x.Role != RoleOperator || vote != "" || heldOn != "" {
			t.Fatalf("accepted from %+v with vote %q held_on %q", x, vote, heldOn)
		}
		task := a.Tasks[0]
		if task.ID != taskID || task.Status != TaskDone || task.CompletedBy != sub || task.CompletedAt == nil || !task.CompletedAt.Equal(now) {
			t.Fatalf("task %+v", task)
		}
		if a.Version() <= fresh.Version() {
			t.Fatal("version did not grow")
		}
		last := a.Steps[len(a.Steps)-1]
		if last.Actor != x && last.Actor != SystemActor {
			t.Fatalf("step %+v", last)
		}
		trimmed := strings.TrimSpace(note)
		switch DocumentCheckOutcome(outcome) {
		case CheckAccept:
			if a.Status != AppExpertReview || len(body.MissingKinds) != 0 || !slices.Equal(openKinds(a), []TaskKind{TaskAssignExperts}) {
				t.Fatalf("accept → %s, open %v", a.Status, openKinds(a))
			}
		case CheckSupplement:
			if a.Status != AppSupplementRequested || trimmed == "" || len(a.MissingKinds) == 0 || a.SupplementDeadline == nil || len(openKinds(a)) != 0 {
				t.Fatalf("supplement → %s missing %v", a.Status, a.MissingKinds)
			}
			seen := map[DocumentKind]bool{}
			for _, k := range a.MissingKinds {
				if _, err := ParseDocumentKind(string(k)); err != nil || seen[k] {
					t.Fatalf("missing kinds %v", a.MissingKinds)
				}
				seen[k] = true
			}
			if !a.SupplementDeadline.Equal(a.SupplementDue.EndOfDay()) || !a.SupplementDeadline.After(now.Add(9*24*time.Hour)) {
				t.Fatalf("deadline %s", a.SupplementDeadline)
			}
		case CheckReturn:
			if a.Status != AppReturned || a.Reason != trimmed || trimmed == "" || a.ClosedAt == nil || len(openKinds(a)) != 0 {
				t.Fatalf("return → %s reason %q", a.Status, a.Reason)
			}
		default:
			t.Fatalf("outcome %q accepted", outcome)
		}
		if len([]rune(trimmed)) > 2000 {
			t.Fatalf("note of %d characters accepted", len([]rune(trimmed)))
		}
		// The same completion again is refused: the task is done.
		if err := a.CompleteTask(now, x, in); ErrorCode(err) != ECONFLICT {
			t.Fatalf("second completion: %v", err)
		}
	})
}
