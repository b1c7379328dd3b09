package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// qualityDueByHand lists the seeded services the cycle must find, one GetService at a
// time, so that the paged query is checked against something other than itself.
func qualityDueByHand(t *testing.T, s *store.Store, cutoff models.Date) []string {
	t.Helper()
	var want []string
	for i := 1; ; i++ {
		sv, err := s.GetService(context.Background(), fmt.Sprintf("SVC-%04d", i))
		if models.ErrorCode(err) == models.ENOTFOUND {
			return want
		}
		if err != nil {
			t.Fatal(err)
		}
		if sv.Status == models.ServiceRegistered && sv.SelectedOn != nil && !sv.SelectedOn.After(cutoff.Time) {
			want = append(want, sv.ID)
		}
	}
}

func TestListQualityDueServices(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	cutoff, _ := models.ParseDate("2022-06-30")
	want := qualityDueByHand(t, s, cutoff)
	if len(want) < 100 || len(want) > 400 {
		t.Fatalf("the seeded catalog should have some services due and some not: %d", len(want))
	}

	t.Run("OK_PagesCoverEveryDueServiceOnce", func(t *testing.T) {
		var got []string
		after, pages := "", 0
		for {
			page, more, err := s.ListQualityDueServices(ctx, after, cutoff, 37)
			if err != nil {
				t.Fatal(err)
			}
			pages++
			if len(page) > 37 || (more && len(page) != 37) {
				t.Fatalf("page %d has %d services, more=%v", pages, len(page), more)
			}
			for _, sv := range page {
				if sv.ProviderOrg == "" || sv.Name == "" || sv.Type == "" || sv.SelectedOn.After(cutoff.Time) {
					t.Fatalf("incomplete or not due: %+v", sv)
				}
				got = append(got, sv.ID)
			}
			if !more {
				break
			}
			after = page[len(page)-1].ID
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("paged %d services, want %d:\n%v\n%v", len(got), len(want), got, want)
		}
		if wantPages := (len(want) + 36) / 37; pages != wantPages {
			t.Fatalf("%d pages, want %d: no empty page after an exact fit", pages, wantPages)
		}
	})

	t.Run("OK_SelectedOnTheCutoffIsDue", func(t *testing.T) {
		sv, err := s.GetService(ctx, want[len(want)-1])
		if err != nil {
			t.Fatal(err)
		}
		page, _, err := s.ListQualityDueServices(ctx, "", *sv.SelectedOn, 500)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, p := range page {
			found = found || p.ID == sv.ID
		}
		if !found {
			t.Fatalf("%s, selected on the cutoff %s, is not due", sv.ID, sv.SelectedOn)
		}
	})

	t.Run("OK_NotRegisteredIsNotDue", func(t *testing.T) {
		if err := s.SetServiceStatus(ctx, want[0], models.ServiceSuspended); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.SetServiceStatus(ctx, want[0], models.ServiceRegistered) })
		page, _, err := s.ListQualityDueServices(ctx, "", cutoff, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) != 1 || page[0].ID != want[1] {
			t.Fatalf("first due service %+v, want %s", page, want[1])
		}
	})

	t.Run("ErrCutoffRequired", func(t *testing.T) {
		_, _, err := s.ListQualityDueServices(ctx, "", models.Date{}, 10)
		if models.ErrorCode(err) != models.EINVALID {
			t.Fatalf("%v, want invalid", err)
		}
	})
}

// qualityCase opens SVC-0001's 2024 case as the workflow would.
func qualityCase(t *testing.T, s *store.Store, now time.Time) *models.QualityCase {
	t.Helper()
	sv, err := s.GetService(context.Background(), "SVC-0001")
	if err != nil {
		t.Fatal(err)
	}
	return models.NewQualityCase(models.QualityDueService{ID: sv.ID, Name: sv.Name, Type: sv.Type,
		ProviderOrg: sv.Provider.Org, SelectedOn: *sv.SelectedOn}, 2024, "quality-"+sv.ID+"-2024", now)
}

func TestSaveQualityCase(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	now := time.Date(2024, 3, 2, 9, 0, 0, 0, models.Seoul)
	operator := models.Actor{Sub: "nia-lee", Role: models.RoleOperator, Org: "NIA"}

	v1 := qualityCase(t, s, now)
	if err := s.SaveQualityCase(ctx, v1); err != nil {
		t.Fatal(err)
	}
	v2 := qualityCase(t, s, now)
	v2.MissReport(v2.ReportDeadline)
	accepted := false
	if err := v2.PreReview(v2.ReportDeadline.Add(time.Hour), operator, models.PreReviewInput{Accepted: &accepted, Note: "미제출"}); err != nil {
		t.Fatal(err)
	}

	t.Run("OK_NewerWinsWithItsTasks", func(t *testing.T) {
		if err := s.SaveQualityCase(ctx, v2); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetQualityCase(ctx, v2.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != models.QualityPreReviewed || got.Version() != v2.Version() || len(got.Findings) != 2 || got.WorkflowID != "quality-SVC-0001-2024" {
			t.Fatalf("stored %+v", got)
		}
		tasks, _, err := s.ListTasks(ctx, store.TaskFilter{CaseID: v2.ID, Status: models.TaskOpen})
		if err != nil {
			t.Fatal(err)
		}
		if len(tasks) != 1 || tasks[0].Kind != models.TaskQualityInspection || tasks[0].CaseType != "quality" {
			t.Fatalf("open tasks %+v", tasks)
		}
	})

	t.Run("OK_OlderIsIgnored", func(t *testing.T) {
		if err := s.SaveQualityCase(ctx, v1); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetQualityCase(ctx, v1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != models.QualityPreReviewed {
			t.Fatalf("a late write of version %d replaced version %d", v1.Version(), v2.Version())
		}
	})

	t.Run("OK_ClosedCaseClosesItsTask", func(t *testing.T) {
		var v3 models.QualityCase
		b, _ := json.Marshal(v2)
		if err := json.Unmarshal(b, &v3); err != nil {
			t.Fatal(err)
		}
		if err := v3.Inspect(v2.ReportDeadline.AddDate(0, 0, 2), operator, models.QualityInspectionInput{Outcome: "fit"}); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveQualityCase(ctx, &v3); err != nil {
			t.Fatal(err)
		}
		open, _, err := s.ListTasks(ctx, store.TaskFilter{CaseID: v3.ID, Status: models.TaskOpen})
		if err != nil || len(open) != 0 {
			t.Fatalf("open tasks after the verdict: %+v %v", open, err)
		}
		list, _, err := s.ListQualityCases(ctx, store.QualityCaseFilter{Year: 2024, Status: models.QualityFit, ProviderOrg: v3.ProviderOrg})
		if err != nil || len(list) != 1 || list[0].ID != v3.ID {
			t.Fatalf("list %+v %v", list, err)
		}
		none, _, err := s.ListQualityCases(ctx, store.QualityCaseFilter{Year: 2025})
		if err != nil || len(none) != 0 {
			t.Fatalf("list of 2025 %+v %v", none, err)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := s.GetQualityCase(ctx, "QC-2024-0999"); models.ErrorCode(err) != models.ENOTFOUND {
			t.Fatalf("%v, want not found", err)
		}
	})
}
