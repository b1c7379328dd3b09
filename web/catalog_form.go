package web

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/dsmarket/dsmarket/models"
)

// The catalog as two text boxes (docs/catalog.md), read the same way by the change request
// form and the application form: people type lists, not rows of fields.

// catalogLines reads a form's key features (one a line) and price lines (one a line: item |
// unit | unit price | conditions | item in English | conditions in English, the last three
// optional); a blank box is nil, which the forms send as "not given".
// A unit price is written as people write amounts (32,000원). A line that does not read is
// an error of its box, so the message stands beside the box it came from; the validator
// checks the lines that do read (models.ParseCatalog).
func catalogLines(sent url.Values, featuresField, pricesField string) (*[]string, *[]models.PriceLine, error) {
	var fe models.Fields
	features := featureLines(sent, featuresField)
	var prices *[]models.PriceLine
	if text := strings.TrimSpace(sent.Get(pricesField)); text != "" {
		list := []models.PriceLine{}
		for _, l := range strings.Split(text, "\n") {
			if l = strings.TrimSpace(l); l == "" {
				continue
			}
			parts := strings.Split(l, "|")
			if len(parts) < 3 || len(parts) > 6 {
				refuse(&fe, pricesField, "msg.form.price_line_shape", "line", strconv.Quote(l))
				continue
			}
			amount := strings.TrimSuffix(strings.NewReplacer(",", "", " ", "").Replace(parts[2]), "원")
			n, err := strconv.ParseInt(amount, 10, 64)
			if err != nil {
				refuse(&fe, pricesField, "msg.form.price_line_won", "line", strconv.Quote(l))
				continue
			}
			p := models.PriceLine{Item: parts[0], Unit: unitCode(parts[1]), UnitPriceKRW: models.KRW(n)}
			// The optional cells: the conditions, then the item and the conditions in English.
			for i, cell := range []*string{&p.Conditions, &p.ItemEn, &p.ConditionsEn} {
				if len(parts) > 3+i {
					*cell = parts[3+i]
				}
			}
			list = append(list, p)
		}
		prices = &list
	}
	return features, prices, fe.Err()
}

// featureLines reads a box of key features, one a line; a blank box is nil.
func featureLines(sent url.Values, field string) *[]string {
	text := strings.TrimSpace(sent.Get(field))
	if text == "" {
		return nil
	}
	list := []string{}
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			list = append(list, l)
		}
	}
	return &list
}

// PriceUnit is how a page writes a price line's unit: one of the catalog's units
// (models.PriceUnits) in the page's language, "vCPU·월" on a Korean page, and any other as
// its provider typed it.
func (p page) PriceUnit(unit string) string {
	if _, ok := messages["priceunit."+unit]; ok {
		return translate(p.Lang, "priceunit."+unit)
	}
	return unit
}

// unitCode reads a unit typed in a form: a catalog unit named in either language is kept
// as the unit itself, so that a provider who types "사용자·월" is read "user-month" on an
// English page. Any other unit is kept as typed.
func unitCode(typed string) string {
	t := strings.TrimSpace(typed)
	for _, u := range models.PriceUnits {
		key := "priceunit." + u
		if strings.EqualFold(t, translate(langKO, key)) || strings.EqualFold(t, translate(langEN, key)) {
			return u
		}
	}
	return typed
}

// KRW writes an amount of won with digit groups, as the page's language writes won:
// 48,000,000원 or 48,000,000 KRW. A nil amount is empty.
func (p page) KRW(v any) string {
	var n int64
	switch k := v.(type) {
	case models.KRW:
		n = int64(k)
	case *models.KRW:
		if k == nil {
			return ""
		}
		n = int64(*k)
	case int64:
		n = k
	default:
		return fmt.Sprint(v)
	}
	if p.Lang == langEN {
		return groupDigits(n) + " KRW"
	}
	return groupDigits(n) + "원"
}

// catalogArgs are the "catalog" partial's: the page, the prefix of its elements' ids, and
// the catalog.
type catalogArgs struct {
	P        page
	ID       string
	Features []string
	Prices   []models.PriceLine
}

// Catalog is the "catalog" partial's arguments, for a page that shows a catalog (a
// service's, or the one an application brings): an English page lists the features in
// English when the provider gave them (featuresEn), and each price line says its item and
// conditions in English where it has them.
func (p page) Catalog(id string, features, featuresEn []string, prices []models.PriceLine) catalogArgs {
	return catalogArgs{P: p, ID: id, Features: p.Features(features, featuresEn), Prices: prices}
}

// Features are the key features a page lists: in English on an English page when the
// provider gave them so, else as written.
func (p page) Features(ko, en []string) []string {
	if p.Lang == langEN && len(en) > 0 {
		return en
	}
	return ko
}
