package web

import (
	"encoding/json"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/dsmarket/dsmarket/models"
)

func TestCompletionFrom(t *testing.T) {
	// Every field of every kind, filled: each kind must read only its own.
	all := url.Values{
		"outcome": {" supplement "}, "missing_kinds": {"csap_certificate", "sla_policy"}, "note": {"CSAP 인증서 누락"},
		"experts": {"cho.expert"}, "opinion": {"suitable"}, "site_visit": {"true"}, "comment": {"양호"},
		"criteria.eligibility": {"pass"}, "criteria.management": {"pass"}, "criteria.security": {"na"},
		"criteria.stability": {"fail"}, "criteria.support": {"pass"},
		"held_on": {"2026-03-09"}, "report": {"현장 확인 완료"}, "vote": {"select"}, "reason": {"이해충돌"}, "due": {"2026-04-30"},
	}
	with := func(changes url.Values, drop ...string) url.Values {
		v := url.Values{}
		for k, vs := range all {
			if !slices.Contains(drop, k) {
				v[k] = vs
			}
		}
		for k, vs := range changes {
			v[k] = vs
		}
		return v
	}
	for _, tc := range []struct {
		name string
		kind models.TaskKind
		form url.Values
		want models.TaskCompletion
	}{
		{"OK_DocumentCheckSupplement", models.TaskDocumentCheck, all,
			models.TaskCompletion{Outcome: "supplement", MissingKinds: []string{"csap_certificate", "sla_policy"}, Note: "CSAP 인증서 누락"}},
		{"OK_DocumentCheckAcceptWithoutMissingKinds", models.TaskDocumentCheck, with(url.Values{"outcome": {"accept"}}, "missing_kinds"),
			models.TaskCompletion{Outcome: "accept", Note: "CSAP 인증서 누락"}}, // MissingKinds nil: the field is not sent
		{"OK_AssignExperts", models.TaskAssignExperts, with(url.Values{"experts": {"cho.expert", "kang.expert"}}),
			models.TaskCompletion{Experts: []string{"cho.expert", "kang.expert"}}},
		{"OK_AssignExpertsNone", models.TaskAssignExperts, with(nil, "experts"),
			models.TaskCompletion{Experts: []string{}}}, // an empty list, so the validator names the field
		{"OK_ExpertReviewSiteVisitChecked", models.TaskExpertReview, all,
			models.TaskCompletion{Opinion: "suitable", SiteVisit: ptr(true), Comment: "양호", Criteria: &models.ReviewCriteria{
				Eligibility: "pass", Management: "pass", Security: "na", Stability: "fail", Support: "pass"}}},
		{"OK_ExpertReviewSiteVisitUnchecked", models.TaskExpertReview, with(nil, "site_visit", "criteria.support"),
			models.TaskCompletion{Opinion: "suitable", SiteVisit: ptr(false), Comment: "양호", Criteria: &models.ReviewCriteria{
				Eligibility: "pass", Management: "pass", Security: "na", Stability: "fail", Support: ""}}},
		{"OK_ExpertReviewNothingChosen", models.TaskExpertReview, url.Values{},
			models.TaskCompletion{SiteVisit: ptr(false), Criteria: &models.ReviewCriteria{}}},
		{"OK_SiteVisit", models.TaskSiteVisit, all,
			models.TaskCompletion{HeldOn: "2026-03-09", Report: "현장 확인 완료"}},
		{"OK_CommitteeVote", models.TaskCommitteeVote, all,
			models.TaskCompletion{Vote: "select"}}, // a vote carries no reason
		{"OK_CommitteeRecuse", models.TaskCommitteeVote, with(url.Values{"recuse": {"true"}}),
			models.TaskCompletion{Recuse: true, Reason: "이해충돌"}}, // a recusal carries no vote
		{"OK_CommitteeRecuseNotTrue", models.TaskCommitteeVote, with(url.Values{"recuse": {"on"}}),
			models.TaskCompletion{Vote: "select"}},
		{"OK_QualityInspection", models.TaskQualityInspection, with(url.Values{"outcome": {"remediate"}}),
			models.TaskCompletion{Outcome: "remediate", Reason: "이해충돌", Due: "2026-04-30"}},
		{"OK_UnknownKind", models.TaskKind("nope"), all, models.TaskCompletion{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := completionFrom(tc.kind, tc.form)
			if !reflect.DeepEqual(got, tc.want) {
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(tc.want)
				t.Errorf("got  %s\nwant %s", g, w)
			}
			if tc.name == "OK_AssignExpertsNone" && (got.Experts == nil || len(got.Experts) != 0) {
				t.Errorf("experts %#v, want an empty non-nil list", got.Experts)
			}
		})
	}
}

// TestCompletionFromOnlyItsKind: a completion read from a form with every field filled
// has, as JSON, only the fields of its kind (API.md), which the validator requires.
func TestCompletionFromOnlyItsKind(t *testing.T) {
	all := url.Values{}
	for _, k := range []string{"outcome", "missing_kinds", "note", "experts", "opinion", "site_visit", "comment",
		"criteria.eligibility", "criteria.management", "criteria.security", "criteria.stability", "criteria.support",
		"held_on", "report", "vote", "recuse", "reason", "due"} {
		all.Set(k, "true")
	}
	recuse := url.Values{}
	for k, v := range all {
		recuse[k] = v
	}
	allowed := map[models.TaskKind][]string{
		models.TaskDocumentCheck:     {"missing_kinds", "note", "outcome"},
		models.TaskAssignExperts:     {"experts"},
		models.TaskExpertReview:      {"comment", "criteria", "opinion", "site_visit"},
		models.TaskSiteVisit:         {"held_on", "report"},
		models.TaskCommitteeVote:     {"reason", "recuse"}, // recuse is "true" here
		models.TaskQualityInspection: {"due", "outcome", "reason"},
		models.TaskRegistration:      {"note"},
	}
	for _, kind := range models.AllTaskKinds {
		t.Run("OK_"+string(kind), func(t *testing.T) {
			b, err := json.Marshal(completionFrom(kind, all))
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			var got []string
			for k := range m {
				got = append(got, k)
			}
			sort.Strings(got)
			if !slices.Equal(got, allowed[kind]) {
				t.Errorf("fields %v, want %v", got, allowed[kind])
			}
		})
	}
}
