package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/dsmarket/dsmarket/models"
)

// The catalog as the public figures give it for 2024-01 (SPEC.md): 425 services, 349
// cloud computing, 66 cloud support and 10 convergence, 307 of them (72.2 %) from SMEs.
const (
	seedServices   = 425
	seedSMEService = 307
	seedProviders  = 260
	seedNonSME     = 64 // providers that are not SMEs: seedMidsize midsize, the rest large
	seedMidsize    = 40
)

// seedSubtypes is how many services of each subtype the catalog holds, in this order.
var seedSubtypes = []struct {
	sub models.Subtype
	n   int
}{
	{models.SubIaaS, 92}, {models.SubPaaS, 57}, {models.SubSaaS, 200},
	{models.SubConsulting, 20}, {models.SubOperations, 30}, {models.SubMigration, 16},
	{models.SubConvergence, 10},
}

// A few services are out of the normal state so that the catalog shows every status.
var (
	seedSuspended = map[int]bool{48: true, 133: true, 219: true, 304: true, 391: true}
	seedRemoved   = map[int]bool{77: true, 256: true, 342: true}
)

// seedLockKey serializes concurrent seeders (a dev start and a test, say).
const seedLockKey = 0x64736d6b_73656564 // "dsmkseed"

// Seed fills an empty catalog with demo data: providers, agencies, services, users and the
// relations reviewers declared with providers. It is deterministic given now (now stamps
// created_at, renews CSAP certificates and dates the declared relations, so that they
// still make conflicts of interest when the demo runs) and runs once: if services already
// exist it returns false and changes nothing, except that a catalog seeded before relations
// existed gets the demo relations once.
func Seed(ctx context.Context, s *Store, now time.Time) (bool, error) {
	if err := loadSeedData(); err != nil {
		return false, err
	}
	providers, services := seedCatalog(now)
	relations := seedRelations(now)
	seeded := false
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`SELECT pg_advisory_xact_lock(?)`, int64(seedLockKey)).Error; err != nil {
			return err
		}
		var exists bool
		if err := tx.Raw(`SELECT EXISTS (SELECT 1 FROM services)`).Scan(&exists).Error; err != nil {
			return err
		}
		if err := seedHistoryOnce(tx); err != nil { // the demo contract history, once (seed_history.go)
			return err
		}
		if exists {
			return seedRelationsOnce(tx, relations)
		}
		agencies := make([]agencyRow, len(seedAgencies))
		for i, a := range seedAgencies {
			agencies[i] = agencyRow{Org: a.Org, Name: a.Name, NameEn: a.NameEn, Kind: string(a.Kind), CreatedAt: now}
		}
		users := make([]userRow, len(seedUsers))
		for i, u := range seedUsers {
			users[i] = userRow{Sub: u.Sub, Name: u.Name, NameEn: u.NameEn, Role: string(u.Role), Org: u.Org, Affiliation: u.Org,
				Email: seedEmail(u), Language: "ko", Active: true, EmailNotifications: models.EmailAll,
				CreatedAt: now, UpdatedAt: now}
		}
		skip := clause.OnConflict{DoNothing: true}
		for _, step := range []struct {
			what string
			rows any
		}{{"providers", providers}, {"agencies", agencies}, {"users", users}, {"services", services},
			{"relations", relations}} {
			if err := tx.Clauses(skip).CreateInBatches(step.rows, 200).Error; err != nil {
				return fmt.Errorf("seed %s: %w", step.what, err)
			}
		}
		seeded = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("seed: %w", err)
	}
	return seeded, nil
}

// seedRelationRow mirrors conflict_relations for the seed; the table numbers the rows.
type seedRelationRow struct {
	PersonSub  string
	BusinessNo string
	Kind       string
	Until      *string
	Note       string
	DeclaredOn string
}

func (seedRelationRow) TableName() string { return "conflict_relations" }

// seedRelations are declared links of the demo reviewers with the demo providers PV-0001
// and PV-0002, so that assigning experts and holding a session meet each case of
// 국가계약법 시행령 제15조의4. Dates count back from now:
//   - kang.expert left PV-0001 a year ago, within the employment period: a conflict;
//   - yoo.expert left PV-0002 six years ago, long past it: none;
//   - jang.committee advises PV-0001 since 1 January of last year, and still does: a conflict;
//   - lim.committee's spouse runs PV-0002: a conflict.
func seedRelations(now time.Time) []seedRelationRow {
	today := models.DateOf(now)
	pv1, pv2 := seedBusinessNo(0), seedBusinessNo(1)
	kangLeft, yooLeft := today.AddDate(-1, 0, 0), today.AddDate(-6, 0, 0)
	since := seoulDay(today.Year()-1, 1, 1)
	day := func(t time.Time) *string { d := models.DateOf(t); return dateToDB(&d) }
	return []seedRelationRow{
		{PersonSub: "kang.expert", BusinessNo: pv1, Kind: string(models.RelationEmployment), Until: day(kangLeft),
			Note: "재직 (보안팀장)", DeclaredOn: today.String()},
		{PersonSub: "yoo.expert", BusinessNo: pv2, Kind: string(models.RelationEmployment), Until: day(yooLeft),
			Note: "재직 (연구원)", DeclaredOn: today.String()},
		{PersonSub: "jang.committee", BusinessNo: pv1, Kind: string(models.RelationWork),
			Note: "자문 용역 since " + since.String(), DeclaredOn: today.String()},
		{PersonSub: "lim.committee", BusinessNo: pv2, Kind: string(models.RelationSpouse),
			Note: "배우자가 대표이사", DeclaredOn: today.String()},
	}
}

// seedRelationsOnce adds the demo relations to a catalog seeded before they existed: only
// if no relation was ever declared (the table's sequence was never drawn from, so that
// relations someone deleted do not come back) and the demo reviewers are users.
func seedRelationsOnce(tx *gorm.DB, rows []seedRelationRow) error {
	var used bool
	if err := tx.Raw(`SELECT is_called FROM conflict_relations_id_seq`).Scan(&used).Error; err != nil {
		return err
	}
	subs := map[string]bool{}
	for _, r := range rows {
		subs[r.PersonSub] = true
	}
	var users int64
	if err := tx.Table("users").Where("sub IN ?", keys(subs)).Count(&users).Error; err != nil {
		return err
	}
	if used || int(users) != len(subs) {
		return nil
	}
	if err := tx.Create(rows).Error; err != nil {
		return fmt.Errorf("seed relations: %w", err)
	}
	return nil
}

// seedCatalog builds the providers and services. Orders are mixed by multiplying indexes
// with numbers coprime to the list length, which spreads subtypes and sizes across the IDs
// like a shuffle but needs no random source and never changes between Go versions.
func seedCatalog(now time.Time) ([]providerRow, []serviceRow) {
	providers := make([]providerRow, seedProviders)
	var sme, nonSME []int // provider indexes by size class, in ID order
	for i := range providers {
		providers[i] = seedProvider(i, now)
		if providers[i].Size == string(models.SizeSME) {
			sme = append(sme, i)
		} else {
			nonSME = append(nonSME, i)
		}
	}

	subtypes := make([]models.Subtype, 0, seedServices)
	for _, st := range seedSubtypes {
		for range st.n {
			subtypes = append(subtypes, st.sub)
		}
	}
	services := make([]serviceRow, seedServices)
	offeringNo := map[models.Subtype]int{}
	var nSME, nOther int
	for i := range services {
		// 163 and 211 are coprime to 425, so both maps are permutations; slot 0 stays 0, so
		// SVC-0001 is an SME's IaaS: PV-0001's orderable cloud server.
		sub := subtypes[(i*163)%seedServices]
		var p providerRow
		if (i*211)%seedServices < seedSMEService {
			p = providers[sme[nSME%len(sme)]]
			nSME++
		} else {
			p = providers[nonSME[nOther%len(nonSME)]]
			nOther++
		}
		services[i] = seedService(i, sub, offeringNo[sub], p, now)
		offeringNo[sub]++
	}
	return providers, services
}

func seedProvider(i int, now time.Time) providerRow {
	b := seedBrands[i%len(seedBrands)]
	t := seedTrades[(i/len(seedBrands)+i)%len(seedTrades)] // unique (brand, trade) for i < 300
	// 37 is coprime to 260; the offset keeps PV-0001 and PV-0002 SMEs (their demo users
	// sell services the way most providers do).
	// Founded by 2018 at the latest, so that no company is younger than its first service.
	size, founded := models.SizeSME, seoulDay(1998+(i*7)%21, 1+(i*5)%12, 1+(i*11)%28)
	switch r := (i*37 + 100) % seedProviders; {
	case r < seedMidsize:
		size, founded = models.SizeMidsize, seoulDay(1990+(i*3)%20, 1+(i*5)%12, 1+(i*11)%28)
	case r < seedNonSME:
		size, founded = models.SizeLarge, seoulDay(1970+(i*3)%25, 1+(i*5)%12, 1+(i*11)%28)
	}
	return providerRow{
		Org:        fmt.Sprintf("PV-%04d", i+1),
		Name:       "(주)" + b.ko + t.ko,
		NameEn:     b.en + " " + t.en + " Co., Ltd.",
		BusinessNo: seedBusinessNo(i),
		Size:       string(size),
		FoundedOn:  dateToDB(&founded),
		CreatedAt:  now,
	}
}

func seedService(i int, sub models.Subtype, n int, p providerRow, now time.Time) serviceRow {
	offers := seedOfferings[sub]
	o := offers[n%len(offers)]
	b := seedBrands[providerIndex(p.Org)%len(seedBrands)]
	status := models.ServiceRegistered
	switch {
	case seedSuspended[i+1]:
		status = models.ServiceSuspended
	case seedRemoved[i+1]:
		status = models.ServiceRemoved
	}
	// Monthly committee sessions from October 2020 to January 2024 (40 months), services
	// numbered in the order they were selected.
	month := i * 40 / seedServices
	selected := seoulDay(2020, 10+month, 8+(month*7)%20)
	var csap *string
	// Every IaaS and PaaS holds CSAP; some SaaS are for schools' education only and need
	// none (SPEC.md); support and convergence services are not certified.
	// A certificate is valid for the rule table's years and renewed on expiry, so the one
	// in force at seeding is the latest period that has not ended yet.
	if sub == models.SubIaaS || sub == models.SubPaaS || (sub == models.SubSaaS && n%7 != 3) {
		years := models.RuleInt(models.RuleCSAPValidYears, now)
		until := selected.AddDate(years, 0, 0)
		for !until.After(now) {
			until = until.AddDate(years, 0, 0)
		}
		d := models.Date{Time: until}
		csap = dateToDB(&d)
	}
	features, featuresEn, prices := catalogColumns(seedCatalogOf(sub, streamDemoCatalog, i))
	return serviceRow{
		ID:             fmt.Sprintf("SVC-%04d", i+1),
		ProviderOrg:    p.Org,
		Name:           b.ko + " " + o.ko,
		NameEn:         b.en + " " + o.en,
		Description:    p.Name + "의 " + o.desc,
		DescriptionEn:  p.NameEn + " offers " + o.descEn,
		Type:           string(sub.Type()),
		Subtype:        string(sub),
		Status:         string(status),
		SelectedOn:     dateToDB(&selected),
		CSAPValidUntil: csap,
		CreatedAt:      now,
		UpdatedAt:      now,
		Features:       features,
		FeaturesEn:     featuresEn,
		Prices:         prices,
	}
}

func providerIndex(org string) int {
	var n int
	_, _ = fmt.Sscanf(org, "PV-%d", &n)
	return n - 1
}

// seedBusinessNo makes a unique 10-digit 사업자등록번호 whose last digit is a valid check
// digit, so that validators in other systems accept the demo data.
func seedBusinessNo(i int) string {
	office := 101 + (i*37)%899
	kind := []int{81, 86, 87, 88}[i%4] // corporate taxpayer codes
	serial := (i*389 + 1234) % 10000   // a permutation of 0..9999: unique for every i
	digits := fmt.Sprintf("%03d%02d%04d", office, kind, serial)
	weights := []int{1, 3, 7, 1, 3, 7, 1, 3, 5}
	sum := 0
	for k, w := range weights {
		sum += int(digits[k]-'0') * w
	}
	sum += int(digits[8]-'0') * 5 / 10
	check := (10 - sum%10) % 10
	return fmt.Sprintf("%s-%s-%s%d", digits[:3], digits[3:5], digits[5:], check)
}

// seoulDay is a calendar date; months past 12 roll into the next years.
func seoulDay(y, m, d int) models.Date {
	return models.Date{Time: time.Date(y, time.Month(m), d, 0, 0, 0, 0, models.Seoul)}
}

// seedEmail is a demo person's address, under a reserved example domain (RFC 2606) so that
// no notification of the demo can reach a real mailbox.
func seedEmail(u models.User) string {
	return u.Sub + "@" + strings.ToLower(u.Org) + ".example"
}
