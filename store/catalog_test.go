package store_test

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
)

var seedTime = time.Date(2024, 2, 1, 9, 0, 0, 0, models.Seoul)

// seeded returns a store holding the demo catalog.
func seeded(t *testing.T) *store.Store {
	t.Helper()
	s := storetest.New(t)
	if _, err := store.Seed(context.Background(), s, seedTime); err != nil {
		t.Fatalf("Seed: %v", err)
	}
	return s
}

// searchAll walks every page of a search and fails on a repeated service.
func searchAll(t *testing.T, s *store.Store, f models.ServiceFilter) []models.Service {
	t.Helper()
	var all []models.Service
	seen := map[string]bool{}
	for page := 0; ; page++ {
		items, next, err := s.SearchServices(context.Background(), f)
		if err != nil {
			t.Fatalf("SearchServices(%+v): %v", f, err)
		}
		for _, it := range items {
			if seen[it.ID] {
				t.Fatalf("service %s returned twice", it.ID)
			}
			seen[it.ID] = true
		}
		all = append(all, items...)
		if next == "" {
			return all
		}
		if page > 1000 {
			t.Fatal("pagination does not end")
		}
		f.PageToken = next
	}
}

func ptr[T any](v T) *T { return &v }

// matches is what a search for f should return, written plainly in Go: whether sv is
// listed, and at which rank (0 the name, 1 the provider's name, 2 the description).
func matches(f models.ServiceFilter, sv models.Service, today models.Date) (int, bool) {
	if sv.Status == models.ServiceRemoved {
		return 0, false
	}
	rank := 0
	if q := fold(f.Q); q != "" {
		in := func(texts ...string) bool {
			for _, t := range texts {
				if strings.Contains(fold(t), q) {
					return true
				}
			}
			return false
		}
		switch {
		case in(sv.Name, sv.NameEn):
		case in(sv.Provider.Name, sv.Provider.NameEn):
			rank = 1
		case in(sv.Description, sv.DescriptionEn, string(sv.Subtype)):
			rank = 2
		default:
			return 0, false
		}
	}
	if f.Type != "" && sv.Type != f.Type || f.Subtype != "" && sv.Subtype != f.Subtype {
		return 0, false
	}
	if f.SME != nil && *f.SME != (sv.Provider.Size == models.SizeSME) {
		return 0, false
	}
	valid := sv.CSAPValidUntil != nil && !sv.CSAPValidUntil.Before(today.Time)
	return rank, f.CSAP == nil || *f.CSAP == valid
}

// wantIDs is the result of f over all, in the order a search must give it: by rank, then ID.
// fold is catalog_fold (migration 00036) in Go: lower case, and no blank between a Hangul
// syllable and a syllable, a Latin letter or a digit.
func fold(s string) string {
	r := []rune(strings.ToLower(s))
	out := make([]rune, 0, len(r))
	hangul := func(c rune) bool { return c >= '가' && c <= '힣' }
	latin := func(c rune) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }
	for i := 0; i < len(r); i++ {
		if unicode.IsSpace(r[i]) && len(out) > 0 && (hangul(out[len(out)-1]) || latin(out[len(out)-1])) {
			j := i
			for j < len(r) && unicode.IsSpace(r[j]) {
				j++
			}
			if prev := out[len(out)-1]; j < len(r) && (hangul(prev) && (hangul(r[j]) || latin(r[j])) || latin(prev) && hangul(r[j])) {
				i = j - 1
				continue
			}
		}
		out = append(out, r[i])
	}
	return string(out)
}

func wantIDs(f models.ServiceFilter, all []models.Service, today models.Date) []string {
	type hit struct {
		rank int
		id   string
	}
	var hits []hit
	for _, sv := range all {
		if rank, ok := matches(f, sv, today); ok {
			hits = append(hits, hit{rank, sv.ID})
		}
	}
	slices.SortFunc(hits, func(a, b hit) int { return cmp.Or(cmp.Compare(a.rank, b.rank), strings.Compare(a.id, b.id)) })
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	return ids
}

func TestSearchServices(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	// Half the seeded CSAP certificates (selected_on + 5 years) have expired by then.
	today := models.DateOf(time.Date(2027, 1, 1, 0, 0, 0, 0, models.Seoul))
	store.SetNow(s, func() time.Time { return today.Time })
	all := searchAll(t, s, models.ServiceFilter{PageSize: models.MaxPageSize})
	if len(all) != 422 {
		t.Fatalf("%d services listed, want 425 less 3 removed", len(all))
	}

	tests := []struct {
		name     string
		f        models.ServiceFilter
		min, max int // bounds on the number of results, so that no case passes vacuously
	}{
		{"OK_Korean", models.ServiceFilter{Q: "클라우드"}, 150, 422},
		{"OK_EnglishCaseInsensitive", models.ServiceFilter{Q: "video CONFERENCING"}, 1, 30},
		// The provider's services, and those named 한빛 클라우드 … (Korean spacing is ignored).
		{"OK_ProviderNameKorean", models.ServiceFilter{Q: "한빛클라우드"}, 6, 10},
		{"OK_ProviderNameEnglish", models.ServiceFilter{Q: "hanbit cloud co"}, 1, 5},
		{"OK_Description", models.ServiceFilter{Q: "자연어 처리"}, 1, 5},
		{"OK_PercentIsLiteral", models.ServiceFilter{Q: "%"}, 1, 200},
		{"OK_PercentInText", models.ServiceFilter{Q: "99.95%"}, 1, 50},
		{"OK_UnderscoreIsLiteral", models.ServiceFilter{Q: "_"}, 1, 50},
		{"OK_BackslashIsLiteral", models.ServiceFilter{Q: `\`}, 0, 0},
		{"OK_TrimmedQuery", models.ServiceFilter{Q: "  AI 번역 "}, 1, 5},
		{"OK_NoMatch", models.ServiceFilter{Q: "존재하지않는서비스"}, 0, 0},
		{"OK_Type", models.ServiceFilter{Type: models.TypeSupport}, 60, 66},
		{"OK_Subtype", models.ServiceFilter{Subtype: models.SubConvergence}, 8, 10},
		{"OK_SME", models.ServiceFilter{SME: ptr(true)}, 300, 307},
		{"OK_NotSME", models.ServiceFilter{SME: ptr(false)}, 110, 118},
		{"OK_CSAP", models.ServiceFilter{CSAP: ptr(true)}, 50, 320},
		{"OK_NoCSAP", models.ServiceFilter{CSAP: ptr(false)}, 100, 372},
		{"OK_Combined", models.ServiceFilter{Q: "클라우드", Subtype: models.SubIaaS, SME: ptr(true), CSAP: ptr(true)}, 1, 92},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := tt.f
			f.PageSize = 37 // pages end mid-way through every list
			want := wantIDs(models.ServiceFilter{Q: strings.TrimSpace(f.Q), Type: f.Type, Subtype: f.Subtype, SME: f.SME, CSAP: f.CSAP}, all, today)
			var got []string
			for _, sv := range searchAll(t, s, f) {
				got = append(got, sv.ID)
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Fatalf("got %d services %v,\nwant %d %v", len(got), got, len(want), want)
			}
			if len(got) < tt.min || len(got) > tt.max {
				t.Fatalf("got %d services, want %d..%d", len(got), tt.min, tt.max)
			}
		})
	}
}

func TestSearchServices_Pages(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()

	t.Run("OK_DefaultAndCap", func(t *testing.T) {
		items, next, err := s.SearchServices(ctx, models.ServiceFilter{})
		if err != nil || len(items) != models.DefaultPageSize || next == "" {
			t.Fatalf("default page: %d items, next %q, err %v", len(items), next, err)
		}
		items, next, err = s.SearchServices(ctx, models.ServiceFilter{PageSize: 10_000})
		if err != nil || len(items) != 422 || next != "" {
			t.Fatalf("capped page: %d items, next %q, err %v", len(items), next, err)
		}
	})
	t.Run("OK_OrderedByID", func(t *testing.T) {
		all := searchAll(t, s, models.ServiceFilter{PageSize: 1})
		for i := 1; i < len(all); i++ {
			if all[i-1].ID >= all[i].ID {
				t.Fatalf("%s before %s", all[i-1].ID, all[i].ID)
			}
		}
	})
	t.Run("OK_SuspendedListedRemovedNot", func(t *testing.T) {
		var suspended int
		for _, sv := range searchAll(t, s, models.ServiceFilter{PageSize: 100}) {
			if sv.Status == models.ServiceSuspended {
				suspended++
			}
		}
		if suspended != 5 {
			t.Fatalf("%d suspended services listed, want 5", suspended)
		}
	})
	for _, token := range []string{"!!!", "not base64 ~", "AA"} {
		t.Run("ErrPageToken_"+token, func(t *testing.T) {
			_, _, err := s.SearchServices(ctx, models.ServiceFilter{PageToken: token})
			assertField(t, err, models.EINVALID, "page_token")
		})
	}
	t.Run("ErrQueryTooLong", func(t *testing.T) {
		_, _, err := s.SearchServices(ctx, models.ServiceFilter{Q: strings.Repeat("가", 101)})
		assertField(t, err, models.EINVALID, "q")
	})
}

func assertField(t *testing.T, err error, code, field string) {
	t.Helper()
	if got := models.ErrorCode(err); got != code {
		t.Fatalf("error code %q (%v), want %q", got, err, code)
	}
	var me *models.Error
	if !errors.As(err, &me) {
		t.Fatalf("error %v is not a models.Error", err)
	}
	for _, f := range me.Fields {
		if f.Field == field {
			return
		}
	}
	t.Fatalf("error %v does not name field %q", err, field)
}

func TestGetService(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()

	t.Run("OK", func(t *testing.T) {
		sv, err := s.GetService(ctx, "SVC-0001")
		if err != nil {
			t.Fatal(err)
		}
		if sv.Provider.Org != "PV-0001" || sv.Status != models.ServiceRegistered || sv.Type != models.TypeCloud ||
			sv.SelectedOn == nil || sv.SelectedOn.String() != "2020-10-08" ||
			sv.CSAPValidUntil == nil || sv.CSAPValidUntil.String() != "2025-10-08" ||
			sv.Provider.BusinessNo == "" || sv.Provider.FoundedOn == nil {
			t.Fatalf("unexpected service %+v", sv)
		}
		if sv.SelectedOn.Location() != models.Seoul {
			t.Errorf("selected_on in %v, want Asia/Seoul", sv.SelectedOn.Location())
		}
	})
	t.Run("OK_Removed", func(t *testing.T) {
		sv, err := s.GetService(ctx, "SVC-0077")
		if err != nil || sv.Status != models.ServiceRemoved {
			t.Fatalf("got %v %v, want a removed service", sv.Status, err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_, err := s.GetService(ctx, "SVC-9999")
		if models.ErrorCode(err) != models.ENOTFOUND {
			t.Fatalf("got %v, want not found", err)
		}
	})
}

func TestSetServiceStatus(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	if err := s.SetServiceStatus(ctx, "SVC-0002", models.ServiceRemoved); err != nil {
		t.Fatal(err)
	}
	if sv, _ := s.GetService(ctx, "SVC-0002"); sv.Status != models.ServiceRemoved {
		t.Fatalf("status %s, want removed", sv.Status)
	}
	if n := len(searchAll(t, s, models.ServiceFilter{PageSize: 500})); n != 421 {
		t.Fatalf("%d listed after removal, want 421", n)
	}
	if err := s.SetServiceStatus(ctx, "SVC-9999", models.ServiceSuspended); models.ErrorCode(err) != models.ENOTFOUND {
		t.Fatalf("got %v, want not found", err)
	}
	if err := s.SetServiceStatus(ctx, "SVC-0002", "gone"); models.ErrorCode(err) != models.EINVALID {
		t.Fatalf("got %v, want invalid", err)
	}
}
