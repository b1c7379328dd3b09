package web

import (
	"encoding/json"

	"github.com/dsmarket/dsmarket/models"
)

// changeValue is one side of a field change as a page shows it. The record keeps every
// value as text (the REST contract's old/new strings), a list as its JSON array; an operator
// deciding a change reads the features as lines and the price list as prices, and a type
// by its name, not the JSON or the code.
type changeValue struct {
	Text   string
	List   bool // features or prices: an empty list reads "none", not a blank
	Lines  []string
	Prices []models.PriceLine
}

// ChangeValue is value, the old or new text of a change of field, read for the page. A
// list that does not read as one (never written so) is shown as its text.
func (p page) ChangeValue(field, value string) changeValue {
	switch field {
	case "features", "features_en":
		var lines []string
		if json.Unmarshal([]byte(value), &lines) == nil {
			return changeValue{List: true, Lines: lines}
		}
	case "prices":
		var prices []models.PriceLine
		if json.Unmarshal([]byte(value), &prices) == nil {
			return changeValue{List: true, Prices: prices}
		}
	case "type":
		if value != "" {
			return changeValue{Text: p.L("stype", value)}
		}
	case "subtype":
		if value != "" {
			return changeValue{Text: p.L("subtype", value)}
		}
	}
	return changeValue{Text: value}
}
