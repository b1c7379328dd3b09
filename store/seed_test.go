package store_test

import (
	"context"
	"regexp"
	"slices"
	"testing"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
)

func TestSeed(t *testing.T) {
	t.Parallel()
	s := storetest.New(t)
	ctx := context.Background()

	seededNow, err := store.Seed(ctx, s, seedTime)
	if err != nil || !seededNow {
		t.Fatalf("first Seed = %v, %v; want true, nil", seededNow, err)
	}
	again, err := store.Seed(ctx, s, seedTime)
	if err != nil || again {
		t.Fatalf("second Seed = %v, %v; want false, nil", again, err)
	}

	count := func(query string) map[string]int {
		t.Helper()
		rows, err := s.DB().WithContext(ctx).Raw(query).Rows()
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]int{}
		for rows.Next() {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				t.Fatal(err)
			}
			out[k] = n
		}
		return out
	}
	check := func(name string, got map[string]int, want map[string]int) {
		t.Helper()
		for k, n := range want {
			if got[k] != n {
				t.Errorf("%s[%s] = %d, want %d (all: %v)", name, k, got[k], n, got)
			}
		}
	}
	check("total", count(`SELECT 'all', count(*) FROM services`), map[string]int{"all": 425})
	check("type", count(`SELECT type, count(*) FROM services GROUP BY type`),
		map[string]int{"cloud": 349, "support": 66, "convergence": 10})
	check("subtype", count(`SELECT subtype, count(*) FROM services GROUP BY subtype`),
		map[string]int{"iaas": 92, "paas": 57, "saas": 200, "consulting": 20, "operations": 30, "migration": 16, "convergence": 10})
	check("provider size of services", count(`SELECT p.size, count(*) FROM services s JOIN providers p ON p.org = s.provider_org GROUP BY p.size`),
		map[string]int{"sme": 307})
	check("status", count(`SELECT status, count(*) FROM services GROUP BY status`),
		map[string]int{"registered": 417, "suspended": 5, "removed": 3})
	check("agency kinds", count(`SELECT 'kinds', count(DISTINCT kind) FROM agencies`), map[string]int{"kinds": 4})
	check("provider sizes", count(`SELECT 'sizes', count(DISTINCT size) FROM providers`), map[string]int{"sizes": 3})
	check("providers", count(`SELECT 'all', count(*) FROM providers`), map[string]int{"all": 260})
	check("providers without service", count(`SELECT 'none', count(*) FROM providers p
		WHERE NOT EXISTS (SELECT 1 FROM services s WHERE s.provider_org = p.org)`), map[string]int{"none": 0})
	check("support with CSAP", count(`SELECT 'n', count(*) FROM services WHERE type <> 'cloud' AND csap_valid_until IS NOT NULL`),
		map[string]int{"n": 0})
	check("CSAP not selected_on + 5 years", count(`SELECT 'n', count(*) FROM services
		WHERE csap_valid_until IS DISTINCT FROM (selected_on + interval '5 years')::date AND csap_valid_until IS NOT NULL`),
		map[string]int{"n": 0})
	check("services selected before their provider was founded", count(`SELECT 'n', count(*) FROM services s
		JOIN providers p ON p.org = s.provider_org WHERE p.founded_on >= s.selected_on`), map[string]int{"n": 0})
	check("selected outside 2020-10..2024-01", count(`SELECT 'n', count(*) FROM services
		WHERE selected_on < '2020-10-01' OR selected_on > '2024-01-31' OR selected_on IS NULL`), map[string]int{"n": 0})

	t.Run("OK_DemoUsersCanAct", func(t *testing.T) {
		for _, org := range []string{"PV-0001", "PV-0002"} {
			got := count(`SELECT 'n', count(*) FROM services WHERE status = 'registered' AND provider_org = '` + org + `'`)
			if got["n"] == 0 {
				t.Errorf("%s has no registered service", org)
			}
		}
		sv, err := s.GetService(ctx, "SVC-0001")
		if err != nil || sv.Provider.Org != "PV-0001" || !sv.Status.Orderable() {
			t.Errorf("SVC-0001 = %+v, %v; want PV-0001's orderable service", sv, err)
		}
	})
	t.Run("OK_Providers", func(t *testing.T) {
		p, err := s.GetProvider(ctx, "PV-0001")
		if err != nil || p.Name != "(주)한빛클라우드" || p.NameEn == "" || p.Size != models.SizeSME || p.FoundedOn == nil {
			t.Fatalf("PV-0001 = %+v, %v", p, err)
		}
		var nos []string
		if err := s.DB().Table("providers").Pluck("business_no", &nos).Error; err != nil {
			t.Fatal(err)
		}
		format := regexp.MustCompile(`^\d{3}-\d{2}-\d{5}$`)
		for _, no := range nos {
			if !format.MatchString(no) || !validBusinessNo(no) {
				t.Errorf("business_no %q is not a valid 사업자등록번호", no)
			}
		}
		if _, err := s.GetProvider(ctx, "PV-9999"); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("GetProvider(PV-9999) = %v, want not found", err)
		}
	})
	t.Run("OK_Agencies", func(t *testing.T) {
		a, err := s.GetAgency(ctx, "AG-0001")
		if err != nil || a.Name != "행정안전부" || a.Kind != models.AgencyNational {
			t.Fatalf("AG-0001 = %+v, %v", a, err)
		}
		if _, err := s.GetAgency(ctx, "NIA"); models.ErrorCode(err) != models.ENOTFOUND {
			t.Errorf("the operator is not an agency, got %v", err)
		}
	})
	t.Run("OK_Users", func(t *testing.T) {
		users, err := s.ListUsers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		roles := map[models.Role]bool{}
		for i, u := range users {
			roles[u.Role] = true
			if i > 0 && (users[i-1].Role > u.Role || users[i-1].Role == u.Role && users[i-1].Sub >= u.Sub) {
				t.Errorf("%v before %v: want by role then sub", users[i-1], u)
			}
		}
		for _, r := range models.AllRoles {
			if !roles[r] {
				t.Errorf("no user with role %s", r)
			}
		}
		want := map[string]models.User{
			"kim.agency":    {Sub: "kim.agency", Role: models.RoleAgency, Org: "AG-0001"},
			"park.operator": {Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"},
			"lee.auditor":   {Sub: "lee.auditor", Role: models.RoleAuditor, Org: "BAI"},
		}
		for _, u := range users {
			if w, ok := want[u.Sub]; ok && (u.Role != w.Role || u.Org != w.Org) {
				t.Errorf("user %+v, want %+v", u, w)
			}
		}
	})
}

// validBusinessNo checks the check digit of a 사업자등록번호.
func validBusinessNo(s string) bool {
	var d []int
	for _, r := range s {
		if r >= '0' && r <= '9' {
			d = append(d, int(r-'0'))
		}
	}
	if len(d) != 10 {
		return false
	}
	w := []int{1, 3, 7, 1, 3, 7, 1, 3, 5}
	sum := 0
	for i := range w {
		sum += d[i] * w[i]
	}
	sum += d[8] * 5 / 10
	return (10-sum%10)%10 == d[9]
}

// TestSeedCertificatesValidWhenSeeded: the demo catalog's CSAP certificates have been
// renewed, so none has expired on the day the data is seeded, and none runs longer than
// the rule table's validity.
func TestSeedCertificatesValidWhenSeeded(t *testing.T) {
	t.Parallel()
	s := storetest.New(t)
	ctx := context.Background()
	if _, err := store.Seed(ctx, s, seedTime); err != nil {
		t.Fatal(err)
	}
	years := models.RuleInt(models.RuleCSAPValidYears, seedTime)
	var expired, tooLong, certified int64
	day := models.DateOf(seedTime).String()
	limit := models.DateOf(seedTime.AddDate(years, 0, 0)).String()
	db := s.DB().WithContext(ctx)
	if err := db.Raw("SELECT count(*) FROM services WHERE csap_valid_until IS NOT NULL").Scan(&certified).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Raw("SELECT count(*) FROM services WHERE csap_valid_until <= ?::date", day).Scan(&expired).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Raw("SELECT count(*) FROM services WHERE csap_valid_until > ?::date", limit).Scan(&tooLong).Error; err != nil {
		t.Fatal(err)
	}
	if certified < 300 || expired != 0 || tooLong != 0 {
		t.Fatalf("certified %d, expired %d, longer than %d years %d", certified, expired, years, tooLong)
	}
}

// TestSeedRelations: the demo reviewers' declared relations make each case of conflict of
// interest meet the demo providers, on the seed date and during the following months.
func TestSeedRelations(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	pv1, pv2 := businessNoOf(t, s, "PV-0001"), businessNoOf(t, s, "PV-0002")

	kang, err := s.ListRelations(ctx, "kang.expert")
	if err != nil || len(kang) != 1 || kang[0].BusinessNo != pv1 || kang[0].Kind != models.RelationEmployment ||
		kang[0].Until == nil || kang[0].Until.String() != "2023-02-01" {
		t.Fatalf("kang.expert's relations %+v, %v", kang, err)
	}
	if none, err := s.ListRelations(ctx, "cho.expert"); err != nil || len(none) != 0 {
		t.Fatalf("cho.expert's relations %+v, %v", none, err)
	}
	everyone := []string{"kang.expert", "cho.expert", "yoo.expert", "song.committee", "lim.committee",
		"jang.committee", "kwon.committee", "hwang.committee"}
	for _, on := range []models.Date{models.DateOf(seedTime), models.DateOf(seedTime.AddDate(0, 11, 0))} {
		for bn, want := range map[string][]string{pv1: {"jang.committee", "kang.expert"}, pv2: {"lim.committee"}} {
			got, err := s.Conflicts(ctx, everyone, bn, on, nil)
			if err != nil {
				t.Fatal(err)
			}
			var subs []string
			for sub := range got {
				subs = append(subs, sub)
			}
			slices.Sort(subs)
			if !slices.Equal(subs, want) {
				t.Errorf("conflicts with %s on %s: %v, want %v", bn, on, got, want)
			}
		}
	}
}

// TestSeedRelationsUpgrade: a catalog seeded before relations existed gets them once;
// relations deleted afterwards stay deleted.
func TestSeedRelationsUpgrade(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	db := s.DB().WithContext(ctx)
	count := func() int64 {
		t.Helper()
		var n int64
		if err := db.Table("conflict_relations").Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := db.Exec(`DELETE FROM conflict_relations`).Error; err != nil {
		t.Fatal(err)
	}
	if again, err := store.Seed(ctx, s, seedTime); err != nil || again || count() != 0 {
		t.Fatalf("Seed after deleting = %v, %v, %d relations; want false, nil, 0", again, err, count())
	}
	// As the database was before any relation was declared.
	if err := db.Exec(`ALTER SEQUENCE conflict_relations_id_seq RESTART`).Error; err != nil {
		t.Fatal(err)
	}
	if again, err := store.Seed(ctx, s, seedTime); err != nil || again || count() != 4 {
		t.Fatalf("Seed of an older catalog = %v, %v, %d relations; want false, nil, 4", again, err, count())
	}
	if again, err := store.Seed(ctx, s, seedTime); err != nil || again || count() != 4 {
		t.Fatalf("Seed again = %v, %v, %d relations; want false, nil, 4", again, err, count())
	}
}
