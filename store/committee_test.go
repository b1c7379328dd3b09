package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// newSession builds a session's state as its workflow would: steps count the versions.
func newSession(id string, heldOn models.Date, status models.SessionStatus, steps int, members ...string) *models.CommitteeSession {
	cs := &models.CommitteeSession{ID: id, WorkflowID: "committee-" + id, HeldOn: heldOn, Members: members,
		Status: status, Agenda: []models.AgendaItem{}, OpenedBy: operatorPark.Sub, OpenedAt: appNow}
	for range steps {
		cs.Steps = append(cs.Steps, models.Step{At: appNow, Actor: operatorPark, Action: "opened", Status: string(status)})
	}
	return cs
}

func day(s string) models.Date {
	d, err := models.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestNextSessionID(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	first, err := s.NextSessionID(ctx, time.Date(2025, 12, 31, 16, 0, 0, 0, time.UTC))
	if err != nil || first != "CS-2026-0001" {
		t.Fatalf("first = %q, %v; want CS-2026-0001", first, err)
	}
	if second, _ := s.NextSessionID(ctx, appNow); second != "CS-2024-0002" {
		t.Fatalf("second = %q, want CS-2024-0002", second)
	}
}

func TestSaveSession(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	v1 := newSession("CS-2024-0001", day("2024-03-20"), models.SessionOpen, 1, committee3...)
	v2 := newSession("CS-2024-0001", day("2024-03-20"), models.SessionClosed, 3, committee3...)
	closed := appNow.Add(24 * time.Hour)
	v2.ClosedAt, v2.ClosedBy = &closed, operatorPark.Sub

	for _, cs := range []*models.CommitteeSession{v1, v2, v1, v2} {
		if err := s.SaveSession(ctx, cs); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.GetSession(ctx, v1.ID)
	if err != nil || got.Status != models.SessionClosed || got.Version() != 3 || got.HeldOn.String() != "2024-03-20" ||
		!slices.Equal(got.Members, committee3) || got.ClosedAt == nil || !got.ClosedAt.Equal(closed) {
		t.Fatalf("stored %+v, %v", got, err)
	}
	var status, members, heldOn string
	var version int
	row := s.DB().Raw(`SELECT status, members::text, held_on::text, version FROM committee_sessions WHERE id = ?`, v1.ID).Row()
	if err := row.Scan(&status, &members, &heldOn, &version); err != nil || status != "closed" || version != 3 ||
		heldOn != "2024-03-20" || members != `["song.committee", "kwon.committee", "hwang.committee"]` {
		t.Fatalf("columns %s %s %s %d %v", status, members, heldOn, version, err)
	}
	if _, err := s.GetSession(ctx, "CS-2024-0099"); models.ErrorCode(err) != models.ENOTFOUND {
		t.Fatalf("got %v, want not found", err)
	}
}

func TestListAndNextSessions(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	// Saved out of order; CS-0003 and CS-0004 are held on the same day.
	sessions := []*models.CommitteeSession{
		newSession("CS-2024-0004", day("2024-04-17"), models.SessionOpen, 1, committee3...),
		newSession("CS-2024-0001", day("2024-02-21"), models.SessionClosed, 4, committee3...),
		newSession("CS-2024-0003", day("2024-04-17"), models.SessionOpen, 1, committee3...),
		newSession("CS-2024-0002", day("2024-03-20"), models.SessionClosing, 2, committee3...),
		newSession("CS-2024-0005", day("2024-05-22"), models.SessionOpen, 1, committee3...),
	}
	for _, cs := range sessions {
		if err := s.SaveSession(ctx, cs); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("OK_NewestFirstInPages", func(t *testing.T) {
		var got []string
		token := ""
		for pages := 0; ; pages++ {
			items, next, err := s.ListSessions(ctx, store.SessionFilter{PageSize: 2, PageToken: token})
			if err != nil {
				t.Fatal(err)
			}
			for _, cs := range items {
				got = append(got, cs.ID)
			}
			if next == "" {
				break
			}
			if pages > 5 {
				t.Fatal("too many pages")
			}
			token = next
		}
		want := []string{"CS-2024-0005", "CS-2024-0004", "CS-2024-0003", "CS-2024-0002", "CS-2024-0001"}
		if !slices.Equal(got, want) {
			t.Fatalf("got %v, want %v", got, want)
		}
	})
	t.Run("OK_Status", func(t *testing.T) {
		items, _, err := s.ListSessions(ctx, store.SessionFilter{Status: models.SessionClosing})
		if err != nil || len(items) != 1 || items[0].ID != "CS-2024-0002" {
			t.Fatalf("got %+v, %v", items, err)
		}
	})
	t.Run("ErrBadToken", func(t *testing.T) {
		_, _, err := s.ListSessions(ctx, store.SessionFilter{PageToken: "bm90LWEtdG9rZW4"})
		if models.ErrorCode(err) != models.EINVALID {
			t.Fatalf("got %v, want invalid", err)
		}
	})
	t.Run("OK_NextOpenSession", func(t *testing.T) {
		for _, tc := range []struct {
			skip []string
			want string
		}{
			{nil, "CS-2024-0003"}, // earliest open date, then lowest ID; closing and closed ones never
			{[]string{}, "CS-2024-0003"},
			{[]string{"CS-2024-0003"}, "CS-2024-0004"},
			{[]string{"CS-2024-0003", "CS-2024-0004"}, "CS-2024-0005"},
			{[]string{"CS-2024-0003", "CS-2024-0004", "CS-2024-0005"}, ""},
		} {
			got, err := s.NextOpenSession(ctx, tc.skip)
			if err != nil {
				t.Fatal(err)
			}
			id := ""
			if got != nil {
				id = got.ID
				if got.WorkflowID != "committee-"+id || len(got.Members) != len(committee3) {
					t.Errorf("session %+v", got)
				}
			}
			if id != tc.want {
				t.Errorf("skip %v: got %q, want %q", tc.skip, id, tc.want)
			}
		}
	})
}

func TestUsersWithRole(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	got, err := s.UsersWithRole(context.Background(), models.RoleCommittee,
		[]string{"song.committee", " lim.committee ", "kang.expert", "nobody"})
	want := map[string]bool{"song.committee": true, "lim.committee": true, "kang.expert": false, "nobody": false}
	if err != nil || len(got) != len(want) {
		t.Fatalf("got %v, %v; want %v", got, err, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %v, want %v", k, got[k], v)
		}
	}
	if got, err := s.UsersWithRole(context.Background(), models.RoleCommittee, nil); err != nil || len(got) != 0 {
		t.Fatalf("no subjects: %v, %v", got, err)
	}
}

// TestExpertCandidatesAndConflicts relies on the seeded relations (seed.go): kang.expert
// left PV-0001 a year before the seed date, yoo.expert left PV-0002 six years before it,
// jang.committee still advises PV-0001, lim.committee's spouse runs PV-0002.
func TestExpertCandidatesAndConflicts(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	pv1, pv2 := businessNoOf(t, s, "PV-0001"), businessNoOf(t, s, "PV-0002")
	on := models.DateOf(appNow)

	t.Run("OK_Candidates", func(t *testing.T) {
		got, err := s.ExpertCandidates(ctx, []string{"kang.expert", " cho.expert", "yoo.expert", "song.committee", "ghost", "kang.expert"}, pv1, on, nil)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]models.ExpertCandidate{}
		var order []string
		for _, c := range got {
			byID[c.Sub] = c
			order = append(order, c.Sub)
		}
		if want := []string{"kang.expert", "cho.expert", "yoo.expert", "song.committee", "ghost"}; !slices.Equal(order, want) {
			t.Fatalf("candidates %v, want %v", order, want)
		}
		if c := byID["kang.expert"]; !c.IsExpert || c.Name != "강도윤" || !strings.Contains(c.Conflict, "3 years") {
			t.Errorf("kang %+v: want an expert with an employment conflict", c)
		}
		if c := byID["cho.expert"]; !c.IsExpert || c.Conflict != "" {
			t.Errorf("cho %+v: want an expert without conflict", c)
		}
		if c := byID["yoo.expert"]; !c.IsExpert || c.Conflict != "" {
			t.Errorf("yoo %+v: the relation is with another provider", c)
		}
		if c := byID["song.committee"]; c.IsExpert || c.Name == "" {
			t.Errorf("song %+v: a committee member is not an expert", c)
		}
		if c := byID["ghost"]; c.IsExpert || c.Name != "" || c.Conflict != "" {
			t.Errorf("ghost %+v", c)
		}
	})
	t.Run("OK_ConflictLapses", func(t *testing.T) {
		// yoo.expert left PV-0002 six years before the seed date: past the employment period.
		got, err := s.ExpertCandidates(ctx, []string{"yoo.expert"}, pv2, on, nil)
		if err != nil || len(got) != 1 || got[0].Conflict != "" {
			t.Fatalf("got %+v, %v", got, err)
		}
		// kang.expert's employment ended a year before the seed date; three years later it no
		// longer counts.
		later := models.DateOf(seedTime.AddDate(2, 0, 1))
		got, err = s.ExpertCandidates(ctx, []string{"kang.expert"}, pv1, later, nil)
		if err != nil || len(got) != 1 || got[0].Conflict != "" {
			t.Fatalf("on %s: got %+v, %v", later, got, err)
		}
	})
	t.Run("OK_Conflicts", func(t *testing.T) {
		members := []string{"song.committee", "lim.committee", "jang.committee", "kwon.committee"}
		got, err := s.Conflicts(ctx, members, pv1, on, nil)
		if err != nil || len(got) != 1 || !strings.Contains(got["jang.committee"], "용역") {
			t.Fatalf("PV-0001: %v, %v; want jang.committee", got, err)
		}
		got, err = s.Conflicts(ctx, members, pv2, on, nil)
		if err != nil || len(got) != 1 || !strings.Contains(got["lim.committee"], "배우자") {
			t.Fatalf("PV-0002: %v, %v; want lim.committee", got, err)
		}
		if got, err := s.Conflicts(ctx, nil, pv1, on, nil); err != nil || len(got) != 0 {
			t.Fatalf("no members: %v, %v", got, err)
		}
	})
}
