package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

func TestSaveServiceWatch_NeverMovesBackwards(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	svc, err := s.GetService(ctx, "SVC-0001")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, models.Seoul)
	w := models.NewServiceWatch(svc)
	if err := s.SaveServiceWatch(ctx, w); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Record(now, operatorPark, models.InspectionEventInput{Kind: "credit_rating", Value: "CCC",
		EffectiveOn: "2026-03-01", Source: "NICE"}); err != nil {
		t.Fatal(err)
	}
	newer := *w
	if err := s.SaveServiceWatch(ctx, &newer); err != nil {
		t.Fatal(err)
	}
	// A late retry of the first state changes nothing.
	if err := s.SaveServiceWatch(ctx, models.NewServiceWatch(svc)); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetServiceWatch(ctx, "SVC-0001")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != models.WatchRereviewRequired || len(got.Findings) != 1 || got.Events[0].Value != "CCC" {
		t.Fatalf("stored %+v", got)
	}
	var wid, status string
	if err := s.DB().Raw(`SELECT workflow_id, status FROM service_watches WHERE service_id = 'SVC-0001'`).Row().Scan(&wid, &status); err != nil {
		t.Fatal(err)
	}
	if wid != "service-SVC-0001" || status != "rereview_required" {
		t.Fatalf("row %s %s", wid, status)
	}
	if _, err := s.GetServiceWatch(ctx, "SVC-0002"); models.ErrorCode(err) != models.ENOTFOUND {
		t.Fatalf("no watch yet: %v", err)
	}
}

func TestUnwatchedServiceIDs_KeysetPages(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	svc, _ := s.GetService(ctx, "SVC-0002")
	if err := s.SaveServiceWatch(ctx, models.NewServiceWatch(svc)); err != nil {
		t.Fatal(err)
	}
	first, err := s.UnwatchedServiceIDs(ctx, "", 3)
	if err != nil {
		t.Fatal(err)
	}
	// SVC-0002 has a watch.
	if want := []string{"SVC-0001", "SVC-0003", "SVC-0004"}; !equal(first, want) {
		t.Fatalf("first page %v, want %v", first, want)
	}
	next, _ := s.UnwatchedServiceIDs(ctx, first[len(first)-1], 3)
	if want := []string{"SVC-0005", "SVC-0006", "SVC-0007"}; !equal(next, want) {
		t.Fatalf("second page %v, want %v", next, want)
	}
	// Every service but the removed ones (three in the seed) and the watched one, once.
	seen := map[string]bool{}
	after := ""
	for {
		page, err := s.UnwatchedServiceIDs(ctx, after, 500)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for _, id := range page {
			if seen[id] {
				t.Fatalf("%s twice", id)
			}
			seen[id] = true
		}
		after = page[len(page)-1]
	}
	if len(seen) != 425-3-1 || seen["SVC-0077"] || !seen["SVC-0048"] {
		t.Fatalf("%d services; removed SVC-0077 listed %v, suspended SVC-0048 listed %v", len(seen), seen["SVC-0077"], seen["SVC-0048"])
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestCurrentUnfitNotices_ShownFromThroughUntil: a notice is listed from its first day
// through its last (Seoul), and is gone the day after, by the store's clock alone.
func TestCurrentUnfitNotices_ShownFromThroughUntil(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	decided := time.Date(2026, 3, 2, 23, 30, 0, 0, models.Seoul)
	svc1, _ := s.GetService(ctx, "SVC-0001")
	svc2, _ := s.GetService(ctx, "SVC-0002")
	older := models.NewUnfitNotice(svc1, models.InspectionFinding{At: decided, Outcome: models.InspectionUnfit, Reason: "폐업 (business closed)"})
	newer := models.NewUnfitNotice(svc2, models.InspectionFinding{At: decided.Add(24 * time.Hour), Outcome: models.InspectionUnfit, Reason: "CSAP 인증 취소 (CSAP cancelled)"})
	for _, n := range []models.UnfitNotice{older, newer, older} { // the second publication of older changes nothing
		if err := s.SaveUnfitNotice(ctx, n, decided); err != nil {
			t.Fatal(err)
		}
	}
	shown := func(day string) []string {
		t.Helper()
		d, _ := models.ParseDate(day)
		// The last instant of the day in Seoul: the filter is by date, not by time.
		store.SetNow(s, func() time.Time { return d.EndOfDay().Add(-time.Nanosecond).UTC() })
		ns, err := s.CurrentUnfitNotices(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ids := []string{}
		for _, n := range ns {
			ids = append(ids, n.ServiceID)
		}
		return ids
	}
	for day, want := range map[string][]string{
		"2026-03-01": {},
		"2026-03-02": {"SVC-0001"},
		"2026-03-03": {"SVC-0002", "SVC-0001"}, // newest first
		"2026-03-22": {"SVC-0002", "SVC-0001"}, // older's last day: from + 20 days
		"2026-03-23": {"SVC-0002"},
		"2026-03-24": {},
	} {
		if got := shown(day); !equal(got, want) {
			t.Errorf("%s: %v, want %v", day, got, want)
		}
	}
	store.SetNow(s, func() time.Time { return time.Date(2026, 3, 3, 9, 0, 0, 0, models.Seoul) })
	// A page at a time, newest first, each notice once.
	first, next, err := s.UnfitNoticesPage(ctx, 1, "")
	if err != nil || len(first) != 1 || first[0].ServiceID != "SVC-0002" || next == "" {
		t.Fatalf("first page %+v %q %v", first, next, err)
	}
	second, last, err := s.UnfitNoticesPage(ctx, 1, next)
	if err != nil || len(second) != 1 || second[0].ServiceID != "SVC-0001" || last != "" {
		t.Fatalf("second page %+v %q %v", second, last, err)
	}
	ns, _ := s.CurrentUnfitNotices(ctx)
	n := ns[1]
	if n.Name != svc1.Name || n.Provider != svc1.Provider.Name || n.Reason != "폐업 (business closed)" ||
		n.From.String() != "2026-03-02" || n.Until.String() != "2026-03-22" {
		t.Fatalf("notice %+v", n)
	}
}

func TestSetServiceCSAPValidUntil(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	d, _ := models.ParseDate("2030-06-30")
	if err := s.SetServiceCSAPValidUntil(ctx, "SVC-0001", d); err != nil {
		t.Fatal(err)
	}
	svc, _ := s.GetService(ctx, "SVC-0001")
	if svc.CSAPValidUntil.String() != "2030-06-30" {
		t.Fatalf("csap %s", svc.CSAPValidUntil)
	}
	if err := s.SetServiceCSAPValidUntil(ctx, "SVC-9999", d); models.ErrorCode(err) != models.ENOTFOUND {
		t.Fatalf("unknown service: %v", err)
	}
}

// TestUnfitNotice_KeepsItsLanguages: a notice keeps the English names and the keyed
// reason beside the REST strings, for the public page in its reader's language; one
// without them (a reason a person typed, a service with no English name) reads back
// without them.
func TestUnfitNotice_KeepsItsLanguages(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	decided := time.Date(2026, 3, 2, 10, 0, 0, 0, models.Seoul)
	store.SetNow(s, func() time.Time { return decided })
	svc1, err := s.GetService(ctx, "SVC-0001")
	if err != nil {
		t.Fatal(err)
	}
	keyed := models.Msg("inspection.closed", "on", "2026-03-01")
	withText := models.NewUnfitNotice(svc1, models.InspectionFinding{At: decided, Outcome: models.InspectionUnfit,
		Reason: keyed.English(), ReasonText: keyed})
	if withText.NameEn == "" || withText.ProviderEn == "" {
		t.Fatalf("the seed names SVC-0001 and its provider in English: %+v", withText)
	}
	svc2, _ := s.GetService(ctx, "SVC-0002")
	svc2.NameEn, svc2.Provider.NameEn = "", ""
	typed := models.NewUnfitNotice(svc2, models.InspectionFinding{At: decided, Outcome: models.InspectionUnfit, Reason: "운영자 메모"})
	for _, n := range []models.UnfitNotice{withText, typed} {
		if err := s.SaveUnfitNotice(ctx, n, decided); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.CurrentUnfitNotices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]models.UnfitNotice{}
	for _, n := range got {
		byID[n.ServiceID] = n
	}
	if !reflect.DeepEqual(byID["SVC-0001"], withText) {
		t.Errorf("read back %+v, want %+v", byID["SVC-0001"], withText)
	}
	if !reflect.DeepEqual(byID["SVC-0002"], typed) {
		t.Errorf("read back %+v, want %+v", byID["SVC-0002"], typed)
	}
	if got := byID["SVC-0001"].ReasonText.In(models.LangKO); got != "폐업 (2026-03-01부터)" {
		t.Errorf("the Korean reason %q", got)
	}
}
