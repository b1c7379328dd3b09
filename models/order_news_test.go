package models

import (
	"strings"
	"testing"
)

// TestOrderNews: each move tells the other party, in both languages, with the step's own
// note as the body; a move nobody needs to hear of, or one already told, tells no one.
func TestOrderNews(t *testing.T) {
	prop := ProposalInput{PriceKRW: 90_000_000, Summary: "제안"}
	type told struct {
		role Role
		org  string
	}
	for _, tc := range []struct {
		name  string
		act   func(o *Order)
		want  []told
		title string // the English subject
	}{
		{"ProposalToAgency", func(o *Order) { _ = o.SubmitProposal(tNow, tProvider, prop) },
			[]told{{RoleAgency, "AG-0001"}}, "Proposal received: 클라우드 전환"},
		{"QualifiedToProvider", func(o *Order) {
			_ = o.SubmitProposal(tNow, tProvider, prop)
			_ = o.Evaluate(tNow, tAgency, []ScoreInput{{"a", 90, 100}})
		}, []told{{RoleProvider, "PV-0001"}}, "Selected for negotiation: 클라우드 전환"},
		{"NotQualifiedToProvider", func(o *Order) {
			_ = o.SubmitProposal(tNow, tProvider, prop)
			_ = o.Evaluate(tNow, tAgency, []ScoreInput{{"a", 78, 100}})
		}, []told{{RoleProvider, "PV-0001"}}, "Not selected for negotiation: 클라우드 전환"},
		{"CancelledToProvider", func(o *Order) { _ = o.Cancel(tNow, tAgency, CancelInput{Reason: "예산 삭감"}) },
			[]told{{RoleProvider, "PV-0001"}}, "Order cancelled: 클라우드 전환"},
		{"LapsedToBoth", func(o *Order) { o.LapseProposal(o.ProposalDeadline) },
			[]told{{RoleAgency, "AG-0001"}, {RoleProvider, "PV-0001"}}, "Order closed: 클라우드 전환"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := newTestOrder(t)
			heard := o.Status
			tc.act(o)
			news := OrderNews(o, heard)
			if len(news) != len(tc.want) {
				t.Fatalf("%d notifications, want %d: %+v", len(news), len(tc.want), news)
			}
			last := o.Steps[len(o.Steps)-1]
			for i, n := range news {
				if n.ToRole != tc.want[i].role || n.ToOrg != tc.want[i].org {
					t.Errorf("notification %d to %s %s, want %+v", i, n.ToRole, n.ToOrg, tc.want[i])
				}
				if got := n.SubjectIn(LangEN); got != tc.title {
					t.Errorf("subject %q, want %q", got, tc.title)
				}
				if ko := n.SubjectIn(LangKO); ko == tc.title || !strings.Contains(ko, "클라우드 전환") {
					t.Errorf("Korean subject %q", ko)
				}
				if n.BodyText == nil || n.BodyText.In(LangEN) != last.Note || n.Body != bilingual(n.BodyText) {
					t.Errorf("body %q / %v, want the step's note %q", n.Body, n.BodyText, last.Note)
				}
				if strings.Count(n.Subject, "클라우드 전환") != 1 || !strings.HasSuffix(n.Subject, " "+tc.title) {
					t.Errorf("REST subject %q, want the Korean words, then %q, the title once", n.Subject, tc.title)
				}
				if !n.CreatedAt.Equal(last.At) || n.CaseID != o.ID || !strings.HasPrefix(n.Key, o.WorkflowID+"/") {
					t.Errorf("notification %+v", n)
				}
			}
			if again := OrderNews(o, o.Status); again != nil {
				t.Errorf("told again: %+v", again)
			}
		})
	}
	o := newTestOrder(t)
	if news := OrderNews(o, ""); news != nil {
		t.Errorf("the proposal request is told apart, not as news: %+v", news)
	}
}
