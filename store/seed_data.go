package store

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/dsmarket/dsmarket/models"
)

// The demo data's words and numbers are data, in seeddata/: demo.json (the demo providers'
// names and offerings, the agencies and the development sign-in's people), synthetic.json
// (the synthetic catalog's word lists, seed_catalog.go) and catalog.json (every subtype's
// key features and price lines, seed_catalog_prices.go). Company and service names are
// invented; agency names are the real public bodies that buy through the system; the
// products and phrases are those the public catalog's services describe themselves with,
// so that the words agencies search for (클라우드, 보안, 챗봇, AI, 백업) appear about as
// often as they do there. A few offerings' descriptions carry % and _ on purpose: catalog
// search must treat them as plain characters. The draws index these lists, so an edit
// changes the demo catalog: the seed tests say where.
//
//go:embed seeddata/*.json
var seedFiles embed.FS

// brand is a word in both languages: half of a company's name, a syllable of a brand, a
// qualifier or an edition of a product's name, a sentence of a description. In the files,
// ["한빛", "Hanbit"].
type brand struct{ ko, en string }

func (b *brand) UnmarshalJSON(data []byte) error {
	var p [2]string
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	b.ko, b.en = p[0], p[1]
	return nil
}

// product is a kind of service, its name after the brand and the sentence that says what
// it is, in both languages.
type product struct{ ko, en, desc, descEn string }

func (p *product) UnmarshalJSON(data []byte) error {
	var v struct {
		Ko, En, Desc string
		DescEn       string `json:"desc_en"`
	}
	if err := strictJSON(data, &v); err != nil {
		return err
	}
	*p = product{v.Ko, v.En, v.Desc, v.DescEn}
	return nil
}

// seedPrice is a price line to draw: a unit price from lo to hi, rounded to step.
type seedPrice struct {
	item, unit, conditions string
	itemEn, conditionsEn   string
	lo, hi, step           int64
}

func (l *seedPrice) UnmarshalJSON(data []byte) error {
	var v struct {
		Item, Unit, Conditions string
		ItemEn                 string `json:"item_en"`
		ConditionsEn           string `json:"conditions_en"`
		Lo, Hi, Step           int64
	}
	if err := strictJSON(data, &v); err != nil {
		return err
	}
	if v.Step <= 0 || v.Lo > v.Hi {
		return fmt.Errorf("price line %q: %d to %d by %d", v.Item, v.Lo, v.Hi, v.Step)
	}
	*l = seedPrice{item: v.Item, unit: v.Unit, conditions: v.Conditions, itemEn: v.ItemEn, conditionsEn: v.ConditionsEn,
		lo: v.Lo, hi: v.Hi, step: v.Step}
	return nil
}

// priceSheet is a subtype's lines: the first Always are on every sheet, the others drawn.
type priceSheet struct {
	Always int         `json:"always"`
	Lines  []seedPrice `json:"lines"`
}

// seedUser is a person of the development sign-in.
type seedUser struct {
	Sub, Name, Org string
	NameEn         string `json:"name_en"`
	Role           models.Role
}

var (
	seedBrands, seedTrades []brand
	seedOfferings          map[models.Subtype][]product
	seedAgencies           []models.Agency
	seedUsers              []models.User

	synthSyllables, synthTrades, synthQualifiers, synthEditions, synthFeatures []brand
	synthProducts                                                              map[models.Subtype][]product
	synthCoined                                                                []string

	seedPriceSheets map[models.Subtype]priceSheet
	seedFeatures    map[models.Subtype][]string
	// seedFeaturesEn are seedFeatures in English, item by item.
	seedFeaturesEn map[models.Subtype][]string
)

// loadSeedData reads the files once, when a seed first needs them (not at every process's
// start: the API and the worker never seed). A file that does not read fails the seed.
var loadSeedData = sync.OnceValue(readSeedData)

func readSeedData() error {
	var users []seedUser
	for _, f := range []struct {
		name string
		into any
	}{
		{"demo.json", &struct {
			Brands    *[]brand                      `json:"brands"`
			Trades    *[]brand                      `json:"trades"`
			Offerings *map[models.Subtype][]product `json:"offerings"`
			Agencies  *[]models.Agency              `json:"agencies"`
			Users     *[]seedUser                   `json:"users"`
		}{&seedBrands, &seedTrades, &seedOfferings, &seedAgencies, &users}},
		{"synthetic.json", &struct {
			Syllables  *[]brand                      `json:"syllables"`
			Trades     *[]brand                      `json:"trades"`
			Products   *map[models.Subtype][]product `json:"products"`
			Coined     *[]string                     `json:"coined"`
			Qualifiers *[]brand                      `json:"qualifiers"`
			Editions   *[]brand                      `json:"editions"`
			Features   *[]brand                      `json:"features"`
		}{&synthSyllables, &synthTrades, &synthProducts, &synthCoined, &synthQualifiers, &synthEditions, &synthFeatures}},
		{"catalog.json", &struct {
			PriceSheets *map[models.Subtype]priceSheet `json:"price_sheets"`
			Features    *map[models.Subtype][]string   `json:"features"`
			FeaturesEn  *map[models.Subtype][]string   `json:"features_en"`
		}{&seedPriceSheets, &seedFeatures, &seedFeaturesEn}},
	} {
		data, err := seedFiles.ReadFile("seeddata/" + f.name)
		if err == nil {
			err = strictJSON(data, f.into)
		}
		if err != nil {
			return fmt.Errorf("seeddata/%s: %w", f.name, err)
		}
	}
	seedUsers = make([]models.User, len(users))
	for i, u := range users {
		seedUsers[i] = models.User{Sub: u.Sub, Name: u.Name, NameEn: u.NameEn, Role: u.Role, Org: u.Org}
	}
	if err := seedDataComplete(); err != nil {
		return fmt.Errorf("seeddata: %w", err)
	}
	return nil
}

// seedDataComplete refuses lists the draws would find empty: every subtype the catalog
// holds needs its products, offerings, features and a sheet with enough lines.
func seedDataComplete() error {
	for _, st := range seedSubtypes {
		s := seedPriceSheets[st.sub]
		switch {
		case len(seedOfferings[st.sub]) == 0, len(synthProducts[st.sub]) == 0:
			return fmt.Errorf("subtype %s has no offerings or products", st.sub)
		case len(seedFeatures[st.sub]) < 3:
			return fmt.Errorf("subtype %s has fewer than 3 features", st.sub)
		case len(seedFeaturesEn[st.sub]) != len(seedFeatures[st.sub]):
			return fmt.Errorf("subtype %s has %d features and %d in English", st.sub, len(seedFeatures[st.sub]), len(seedFeaturesEn[st.sub]))
		case len(s.Lines) < 2 || s.Always > len(s.Lines):
			return fmt.Errorf("subtype %s has a price sheet of %d lines, %d always", st.sub, len(s.Lines), s.Always)
		}
	}
	for name, l := range map[string]int{"brands": len(seedBrands), "trades": len(seedTrades),
		"syllables": len(synthSyllables), "synthetic trades": len(synthTrades), "coined": len(synthCoined),
		"qualifiers": len(synthQualifiers), "editions": len(synthEditions), "features": len(synthFeatures)} {
		if l == 0 {
			return fmt.Errorf("no %s", name)
		}
	}
	return nil
}

// strictJSON decodes data into v, refusing a field v does not have (a typo in a file).
func strictJSON(data []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	return d.Decode(v)
}
