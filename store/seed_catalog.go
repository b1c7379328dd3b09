package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/dsmarket/dsmarket/models"
)

// A synthetic catalog at national scale (dsmarket seed --services N), to measure catalog
// search on more than the 425 services of 2024. Its services are SVC-S000001 … and its
// providers PV-S00001 …: neither format can be drawn by newServiceID or an applicant's
// organization, so the synthetic catalog sits beside the demo one and real registrations.
//
// Service i depends on i alone (and on the seeding day for CSAP renewals), never on N, so
// seeding 425 and then 50,000 gives the same first 425 as seeding 50,000 at once, and a
// second run finds every row present and adds none.

// MaxSyntheticServices bounds --services: business numbers and IDs stay unique below it.
const MaxSyntheticServices = 1_000_000

// Shape of the synthetic catalog. SPEC.md gives no share of English names; these are
// read off the public catalog, where most services carry a Korean name and an English
// one, some a Latin product brand, and a few an English name only.
const (
	synthProvidersPer100 = 61   // providers per 100 services, as 260 for the demo's 425
	synthNewProvider     = 0.55 // share of services that are their provider's first
	synthSMEProviders    = 0.74 // provider sizes: SME, then midsize, the rest large
	synthMidsize         = 0.16
	synthCoinedShare     = 0.20 // names with a Latin product brand: 한빛 SecuGuard 보안관제
	synthEnglishOnly     = 0.12 // names in English only
	synthNoNameEn        = 0.10 // Korean names without an English one
	synthDescEn          = 0.60 // descriptions with an English version
	synthSuspended       = 0.010
	synthRemoved         = 0.005
)

// SyntheticSeed is what SeedSyntheticCatalog added.
type SyntheticSeed struct {
	Services, Providers int // rows added by this run
	Total               int // synthetic services in the catalog afterwards
}

// SeedSyntheticCatalog makes the catalog hold the synthetic services 1…n and their
// providers, adding what is missing by COPY in one transaction, then vacuums and analyzes
// both tables so that searches are planned for the new size at once.
func SeedSyntheticCatalog(ctx context.Context, s *Store, n int, now time.Time) (SyntheticSeed, error) {
	if n < 0 || n > MaxSyntheticServices {
		return SyntheticSeed{}, fmt.Errorf("synthetic catalog: %d services is outside 0…%d", n, MaxSyntheticServices)
	}
	if err := loadSeedData(); err != nil {
		return SyntheticSeed{}, err
	}
	services := make([]serviceRow, n)
	var providers []providerRow
	seen := map[int]bool{}
	for i := range services {
		var j int
		services[i], j = syntheticService(i, now)
		if !seen[j] {
			seen[j] = true
			providers = append(providers, syntheticProvider(j, now))
		}
	}
	var out SyntheticSeed
	err := s.withConn(ctx, func(conn *pgx.Conn) error {
		tx, err := conn.Begin(ctx)
		if err != nil {
			return err
		}
		defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(seedLockKey)); err != nil {
			return err
		}
		if out.Providers, err = copyMissing(ctx, tx, "providers", "org", "PV-S%", providers,
			func(p providerRow) string { return p.Org }, providerCopyColumns, providerCopyValues); err != nil {
			return err
		}
		if out.Services, err = copyMissing(ctx, tx, "services", "id", "SVC-S%", services,
			func(r serviceRow) string { return r.ID }, serviceCopyColumns, serviceCopyValues); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM services WHERE id LIKE 'SVC-S%'`).Scan(&out.Total); err != nil {
			return err
		}
		if err := tx.Commit(ctx); err != nil {
			return err
		}
		if out.Services+out.Providers == 0 {
			return nil
		}
		// VACUUM merges the rows' grams from the GIN indexes' pending lists, which every
		// search would otherwise read through, and ANALYZE counts them for the planner.
		_, err = conn.Exec(ctx, `VACUUM (ANALYZE) services, providers`)
		return err
	})
	s.forgetGramStats()
	if err != nil {
		return SyntheticSeed{}, fmt.Errorf("synthetic catalog: %w", err)
	}
	return out, nil
}

// copyMissing copies the rows whose key is not yet in table (keys matching like) and
// returns how many it copied.
func copyMissing[R any](ctx context.Context, tx pgx.Tx, table, key, like string, rows []R,
	keyOf func(R) string, columns []string, values func(R) []any) (int, error) {
	present := map[string]bool{}
	res, err := tx.Query(ctx, `SELECT `+key+` FROM `+table+` WHERE `+key+` LIKE $1`, like)
	if err != nil {
		return 0, err
	}
	for res.Next() {
		var k string
		if err := res.Scan(&k); err != nil {
			res.Close()
			return 0, err
		}
		present[k] = true
	}
	if err := res.Err(); err != nil {
		return 0, err
	}
	var missing [][]any
	for _, r := range rows {
		if !present[keyOf(r)] {
			missing = append(missing, values(r))
		}
	}
	if len(missing) == 0 {
		return 0, nil
	}
	n, err := tx.CopyFrom(ctx, pgx.Identifier{table}, columns, pgx.CopyFromRows(missing))
	if err != nil {
		return 0, fmt.Errorf("copy %s: %w", table, err)
	}
	return int(n), nil
}

var providerCopyColumns = []string{"org", "name", "name_en", "business_no", "size", "founded_on", "created_at"}

func providerCopyValues(p providerRow) []any {
	return []any{p.Org, p.Name, p.NameEn, p.BusinessNo, p.Size, copyDate(p.FoundedOn), p.CreatedAt}
}

var serviceCopyColumns = []string{"id", "provider_org", "name", "name_en", "description", "description_en",
	"type", "subtype", "status", "selected_on", "csap_valid_until", "created_at", "updated_at", "features", "features_en", "prices"}

func serviceCopyValues(r serviceRow) []any {
	features, _ := r.Features.Value() // text: COPY encodes it into the jsonb column
	featuresEn, _ := r.FeaturesEn.Value()
	prices, _ := r.Prices.Value()
	return []any{r.ID, r.ProviderOrg, r.Name, r.NameEn, r.Description, r.DescriptionEn, r.Type, r.Subtype,
		r.Status, copyDate(r.SelectedOn), copyDate(r.CSAPValidUntil), r.CreatedAt, r.UpdatedAt, features, featuresEn, prices}
}

// copyDate turns a row's YYYY-MM-DD into the midnight UTC that pgx writes as that date.
func copyDate(s *string) any {
	if s == nil {
		return nil
	}
	t, err := time.Parse(time.DateOnly, *s)
	if err != nil {
		panic(fmt.Sprintf("synthetic catalog: date %q: %v", *s, err)) // made by dateToDB
	}
	return t
}

// withConn runs f on one pooled connection as pgx sees it, for what database/sql cannot
// do: COPY, and choosing how a statement is planned.
func (s *Store) withConn(ctx context.Context, f func(*pgx.Conn) error) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	c, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = c.Close() }()
	return c.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return errors.New("the database driver is not pgx")
		}
		return f(sc.Conn())
	})
}

// syntheticService is service i and the index of its provider.
func syntheticService(i int, now time.Time) (serviceRow, int) {
	r := newSynthRand(1, i)
	sub := synthSubtype(i)
	// A service is its provider's first about half the time; otherwise it is another
	// service of a provider picked among those that exist by then, so older providers
	// gather a few services each, as in the public catalog.
	pool := i*synthProvidersPer100/100 + 1
	j := pool - 1
	if r.float() >= synthNewProvider {
		j = r.intn(pool)
	}
	p := synthBrandOf(j)
	prod := pick(r, synthProducts[sub])

	var name, nameEn string
	qual, edition := brand{}, brand{}
	if r.float() < 0.3 {
		qual = pick(r, synthQualifiers)
		qual.ko, qual.en = qual.ko+" ", qual.en+" "
	}
	if r.float() < 0.25 {
		edition = pick(r, synthEditions)
	}
	switch u := r.float(); {
	case u < synthCoinedShare:
		coined := pick(r, synthCoined)
		name = p.ko + " " + coined + " " + qual.ko + prod.ko + edition.ko
		nameEn = p.en + " " + coined + " " + qual.en + prod.en + edition.en
	case u < synthCoinedShare+synthEnglishOnly:
		name = p.en + " " + qual.en + prod.en + edition.en
	default:
		name = p.ko + " " + qual.ko + prod.ko + edition.ko
		if r.float() >= synthNoNameEn {
			nameEn = p.en + " " + qual.en + prod.en + edition.en
		}
	}

	desc, descEn := []string{prod.desc}, []string{prod.descEn}
	for range 1 + r.intn(3) {
		f := pick(r, synthFeatures)
		desc, descEn = append(desc, f.ko), append(descEn, f.en)
	}
	description, descriptionEn := strings.Join(desc, " "), ""
	if r.float() < synthDescEn {
		descriptionEn = strings.Join(descEn, " ")
	}

	status := models.ServiceRegistered
	switch u := r.float(); {
	case u < synthRemoved:
		status = models.ServiceRemoved
	case u < synthRemoved+synthSuspended:
		status = models.ServiceSuspended
	}
	selected := seoulDay(2020, 10, 1+r.intn(6*365)) // from the regime's start to late 2026
	var csap *string
	if sub == models.SubIaaS || sub == models.SubPaaS || (sub == models.SubSaaS && r.float() < 0.85) {
		years := models.RuleInt(models.RuleCSAPValidYears, now)
		until := selected.AddDate(years, 0, 0)
		for !until.After(now) {
			until = until.AddDate(years, 0, 0)
		}
		csap = dateToDB(&models.Date{Time: until})
	}
	features, featuresEn, prices := catalogColumns(seedCatalogOf(sub, streamSyntheticCatalog, i))
	return serviceRow{
		ID: fmt.Sprintf("SVC-S%06d", i+1), ProviderOrg: synthOrg(j),
		Name: name, NameEn: nameEn, Description: description, DescriptionEn: descriptionEn,
		Type: string(sub.Type()), Subtype: string(sub), Status: string(status),
		SelectedOn: dateToDB(&selected), CSAPValidUntil: csap, CreatedAt: now, UpdatedAt: now,
		Features: features, FeaturesEn: featuresEn, Prices: prices,
	}, j
}

// synthSubtype spreads the subtypes in the demo's proportions (SPEC.md, seedSubtypes) by
// the golden-ratio sequence: every prefix of the catalog is within a few services of the
// exact shares, which random draws would not be at 425.
func synthSubtype(i int) models.Subtype {
	_, u := math.Modf(float64(i+1) * 0.6180339887498949)
	at := int(u * seedServices)
	for _, st := range seedSubtypes {
		if at < st.n {
			return st.sub
		}
		at -= st.n
	}
	return seedSubtypes[len(seedSubtypes)-1].sub
}

func synthOrg(j int) string { return fmt.Sprintf("PV-S%05d", j+1) }

// synthBrandOf is provider j's brand: two syllables, Korean and romanized.
func synthBrandOf(j int) brand {
	r := newSynthRand(2, j)
	a, b := pick(r, synthSyllables), pick(r, synthSyllables)
	return brand{ko: a.ko + b.ko, en: strings.ToUpper(a.en[:1]) + a.en[1:] + b.en}
}

func syntheticProvider(j int, now time.Time) providerRow {
	b := synthBrandOf(j)
	r := newSynthRand(3, j)
	t := pick(r, synthTrades)
	name := "(주)" + b.ko + t.ko
	switch u := r.float(); {
	case u < 0.25:
		name = "주식회사 " + b.ko + t.ko
	case u < 0.35:
		name = b.ko + t.ko
	}
	size := models.SizeLarge
	founded := seoulDay(1975+r.intn(44), 1+r.intn(12), 1+r.intn(28)) // by 2018
	switch u := r.float(); {
	case u < synthSMEProviders:
		size, founded = models.SizeSME, seoulDay(1998+r.intn(21), 1+r.intn(12), 1+r.intn(28))
	case u < synthSMEProviders+synthMidsize:
		size = models.SizeMidsize
	}
	return providerRow{
		Org: synthOrg(j), Name: name, NameEn: b.en + " " + t.en + " Co., Ltd.",
		BusinessNo: synthBusinessNo(j), Size: string(size), FoundedOn: dateToDB(&founded), CreatedAt: now,
	}
}

// synthBusinessNo is a unique 사업자등록번호 with a valid check digit for provider j. The
// middle code 85 is one the demo providers never use.
func synthBusinessNo(j int) string {
	digits := fmt.Sprintf("%03d85%04d", 100+j/10000, j%10000)
	weights := []int{1, 3, 7, 1, 3, 7, 1, 3, 5}
	sum := 0
	for k, w := range weights {
		sum += int(digits[k]-'0') * w
	}
	sum += int(digits[8]-'0') * 5 / 10
	return fmt.Sprintf("%s-%s-%s%d", digits[:3], digits[3:5], digits[5:], (10-sum%10)%10)
}

// synthRand is SplitMix64: written out here so that the catalog never changes with the
// Go version, as math/rand's streams may.
type synthRand struct{ state uint64 }

func newSynthRand(stream, i int) *synthRand {
	return &synthRand{state: uint64(stream)<<48 ^ uint64(i)*0xD1B54A32D192ED03}
}

func (r *synthRand) next() uint64 {
	r.state += 0x9E3779B97F4A7C15
	z := r.state
	z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
	z = (z ^ z>>27) * 0x94D049BB133111EB
	return z ^ z>>31
}

// intn is in [0, n); the modulo's bias is far below what a demo catalog can show.
func (r *synthRand) intn(n int) int { return int(r.next() % uint64(n)) }

func (r *synthRand) float() float64 { return float64(r.next()>>11) / (1 << 53) }

func pick[T any](r *synthRand, xs []T) T { return xs[r.intn(len(xs))] }
