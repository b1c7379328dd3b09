package store_test

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
)

// searchCatalogSize is the synthetic part of the catalog the search tests run on, beside
// the demo's 425: enough for the planner's statistics to send some ranks through the gram
// index and others along the IDs.
const searchCatalogSize = 3000

// searchQueries are the words agencies search for (issue 14), one-syllable words, words
// found mostly in provider names, several words, English, and punctuation.
var searchQueries = []string{
	"클라우드", "보안", "챗봇", "AI", "백업",
	"웹", "앱", "망", "빛", "솔", "a",
	"AI 챗봇", "클라우드 보안", "자연어 처리", "cloud", "Security", "co., ltd", "99.9%", "(주)",
	// Korean spacing varies: a compound typed without its blank, or with one it lacks.
	"클라우드보안", "자연어처리", "보안 관제", "클라 우드", "AI챗봇", "ai 챗봇",
	// A subtype's code, which few names say.
	"SaaS", "paas", "consulting",
}

// TestSearchServices_Catalog compares every search with a brute-force scan of the whole
// catalog in Go: the same services (recall and precision both 100 %), in the same order
// (names, then provider names, then descriptions, each by ID), each once across pages.
func TestSearchServices_Catalog(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := storetest.New(t)
	if _, err := store.Seed(ctx, s, seedTime); err != nil {
		t.Fatal(err)
	}
	if _, err := store.SeedSyntheticCatalog(ctx, s, searchCatalogSize, seedTime); err != nil {
		t.Fatal(err)
	}
	today := models.DateOf(time.Date(2026, 12, 3, 0, 0, 0, 0, models.Seoul))
	store.SetNow(s, func() time.Time { return today.Time })
	all := searchAll(t, s, models.ServiceFilter{PageSize: models.MaxPageSize})
	if len(all) < searchCatalogSize {
		t.Fatalf("%d services listed", len(all))
	}

	// search walks every page of f and compares the whole list with the brute force.
	search := func(t *testing.T, f models.ServiceFilter) []string {
		t.Helper()
		want := wantIDs(f, all, today)
		var got []string
		for _, sv := range searchAll(t, s, f) {
			got = append(got, sv.ID)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			missing, extra := diff(want, got), diff(got, want)
			t.Fatalf("%+v: got %d services, want %d; missing %v, extra %v, first of each %v / %v",
				f, len(got), len(want), head(missing), head(extra), head(got), head(want))
		}
		return got
	}

	t.Run("OK_RecallAndOrder", func(t *testing.T) {
		t.Parallel()
		for _, q := range searchQueries {
			t.Run(q, func(t *testing.T) {
				t.Parallel()
				// 50 is the API's default; 500 sends most ranks through the index; small
				// pages end inside ranks and at their ends (few, where there are many
				// results, as thousands of tiny pages prove no more).
				n := len(wantIDs(models.ServiceFilter{Q: q}, all, today))
				sizes := []int{50, 500, 113}
				if n <= 300 {
					sizes = append(sizes, 7)
				}
				if n <= 40 {
					sizes = append(sizes, 1)
				}
				for _, size := range sizes {
					search(t, models.ServiceFilter{Q: q, PageSize: size})
				}
			})
		}
	})

	t.Run("OK_FiveWordsAreFound", func(t *testing.T) {
		t.Parallel()
		for _, q := range []string{"클라우드", "보안", "챗봇", "AI", "백업", "웹", "빛"} {
			if n := len(search(t, models.ServiceFilter{Q: q, PageSize: 200})); n < 30 {
				t.Errorf("%s: %d services; the test proves little on so few", q, n)
			}
		}
	})

	t.Run("OK_KoreanSpacingIgnored", func(t *testing.T) {
		t.Parallel()
		// Each pair finds the same services, and enough of them to prove it.
		for _, pair := range [][2]string{{"클라우드 보안", "클라우드보안"}, {"자연어 처리", "자연어처리"}, {"보안관제", "보안 관제"}, {"AI 챗봇", "AI챗봇"}} {
			spaced := search(t, models.ServiceFilter{Q: pair[0], PageSize: 500})
			joined := search(t, models.ServiceFilter{Q: pair[1], PageSize: 500})
			if len(spaced) < 5 || strings.Join(spaced, ",") != strings.Join(joined, ",") {
				t.Errorf("%q finds %d services, %q %d: want the same, at least 5", pair[0], len(spaced), pair[1], len(joined))
			}
		}
	})

	t.Run("OK_SubtypeByItsCode", func(t *testing.T) {
		t.Parallel()
		for _, sub := range []models.Subtype{models.SubSaaS, models.SubPaaS, models.SubConsulting} {
			var of []string
			for _, sv := range all {
				if sv.Subtype == sub {
					of = append(of, sv.ID)
				}
			}
			found := search(t, models.ServiceFilter{Q: strings.ToUpper(string(sub)), PageSize: 500})
			if missing := diff(of, found); len(of) < 5 || len(missing) > 0 {
				t.Errorf("%s: %d services of the subtype, the search misses %d (%v)", sub, len(of), len(missing), head(missing))
			}
		}
	})

	t.Run("OK_NamesBeforeProvidersBeforeDescriptions", func(t *testing.T) {
		t.Parallel()
		// Each word is found at the ranks listed: the order is proven only between them.
		for q, ranks := range map[string][]int{"보안": {0, 2}, "빛": {0, 1}, "클라우드": {0, 1, 2}} {
			f := models.ServiceFilter{Q: q, PageSize: 100}
			seen, last := map[int]int{}, 0
			for i, sv := range searchAll(t, s, f) {
				rank, _ := matches(f, sv, today)
				if rank < last {
					t.Fatalf("%s: result %d is of rank %d after one of rank %d", q, i, rank, last)
				}
				seen[rank]++
				last = rank
			}
			for _, r := range ranks {
				if seen[r] == 0 {
					t.Errorf("%s: results by rank %v, none of rank %d", q, seen, r)
				}
			}
		}
	})

	t.Run("OK_FiltersWithQ", func(t *testing.T) {
		t.Parallel()
		yes, no := true, false
		for _, f := range []models.ServiceFilter{
			{Q: "보안", Type: models.TypeSupport},
			{Q: "AI", SME: &yes},
			{Q: "클라우드", CSAP: &no, PageSize: 20},
			{Q: "백업", Subtype: models.SubSaaS, SME: &no},
			{Q: "챗봇", Type: models.TypeConvergence, CSAP: &no},
			{Q: "빛", SME: &no, CSAP: &yes, PageSize: 9},
			{Q: "웹", Subtype: models.SubSaaS, PageSize: 500},
		} {
			if f.PageSize == 0 {
				f.PageSize = 50
			}
			if n := len(search(t, f)); n == 0 {
				t.Errorf("%+v: nothing found; the filter proves nothing", f)
			}
		}
	})

	t.Run("OK_BothWaysOfReadingARank", func(t *testing.T) {
		t.Parallel()
		// The comparisons above hold whichever way a rank is read; this shows that both
		// were taken among them.
		ways := map[bool]int{}
		for _, q := range searchQueries {
			for _, limit := range []int{2, 501} {
				for _, rank := range []int{0, 2} {
					_, walk, err := store.SearchPlan(ctx, s, q, rank, limit)
					if err != nil {
						t.Fatal(err)
					}
					ways[walk]++
				}
			}
		}
		if ways[true] == 0 || ways[false] == 0 {
			t.Fatalf("walks and index reads: %v; want both", ways)
		}
	})

	t.Run("OK_WritesKeepTheIndexCurrent", func(t *testing.T) {
		// Whatever writes a service or a provider (a change request, a directory edit),
		// the grams follow, being generated columns.
		w := storetest.New(t)
		if _, err := store.SeedSyntheticCatalog(ctx, w, 200, seedTime); err != nil {
			t.Fatal(err)
		}
		ids := func(q string) []string {
			var out []string
			for _, sv := range searchAll(t, w, models.ServiceFilter{Q: q}) {
				out = append(out, sv.ID)
			}
			return out
		}
		if err := w.DB().Exec(`UPDATE services SET name = '한울 양자암호 메일' WHERE id = 'SVC-S000007'`).Error; err != nil {
			t.Fatal(err)
		}
		if err := w.DB().Exec(`UPDATE providers SET name_en = 'Qubitwave Co., Ltd.' WHERE org = 'PV-S00001'`).Error; err != nil {
			t.Fatal(err)
		}
		if got := ids("양자암호"); len(got) != 1 || got[0] != "SVC-S000007" {
			t.Errorf("renamed service: found %v", got)
		}
		if got := ids("qubitwave"); len(got) == 0 {
			t.Errorf("renamed provider: found none of its services")
		}
		if err := w.SetServiceStatus(ctx, "SVC-S000007", models.ServiceRemoved); err != nil {
			t.Fatal(err)
		}
		if got := ids("양자암호"); len(got) != 0 {
			t.Errorf("removed service still found: %v", got)
		}
	})

	t.Run("ErrPageToken", func(t *testing.T) {
		t.Parallel()
		for name, token := range map[string]string{
			// A token of the list before ranks: the last ID alone.
			"BeforeRanks": base64.RawURLEncoding.EncodeToString([]byte("SVC-0050")),
			"RankTooHigh": base64.RawURLEncoding.EncodeToString([]byte("r3|SVC-0050")),
			"NotARank":    base64.RawURLEncoding.EncodeToString([]byte("x|SVC-0050")),
		} {
			t.Run(name, func(t *testing.T) {
				_, _, err := s.SearchServices(ctx, models.ServiceFilter{Q: "보안", PageToken: token})
				assertField(t, err, models.EINVALID, "page_token")
			})
		}
		// A list without q has only the first rank.
		token := base64.RawURLEncoding.EncodeToString([]byte("r2|SVC-0050"))
		_, _, err := s.SearchServices(ctx, models.ServiceFilter{PageToken: token})
		assertField(t, err, models.EINVALID, "page_token")
		if _, _, err := s.SearchServices(ctx, models.ServiceFilter{Q: "보안", PageToken: token}); err != nil {
			t.Fatalf("a rank 2 token with q: %v", err)
		}
	})
}

// diff is what a holds that b does not.
func diff(a, b []string) []string {
	in := map[string]bool{}
	for _, x := range b {
		in[x] = true
	}
	var out []string
	for _, x := range a {
		if !in[x] {
			out = append(out, x)
		}
	}
	return out
}

func head(ids []string) []string { return ids[:min(len(ids), 5)] }
