package models

import "strings"

// The validation of a change request against the catalog: which fields change, and
// whether the change touches a selection criterion (re-review) or waits for approval.

// ParsedChange is a validated change request: the field changes and the path it takes.
type ParsedChange struct {
	Changes   []FieldChange
	Reason    string
	Path      ChangePath
	Criteria  []string
	Documents []Document `json:",omitempty"`
}

// ParseChangeRequest validates a change request against the service as the catalog holds
// it. A field equal to its current value is refused, so that every change changes
// something; type and subtype must stay consistent (a subtype belongs to one type).
func ParseChangeRequest(in ChangeRequestInput, svc Service) (ParsedChange, error) {
	var fe Fields
	var out ParsedChange
	criteria := map[string]bool{}
	add := func(field, old, new string) {
		if old == new {
			fe.AddText("changes."+field, Msg("invalid.change_same_value"))
			return
		}
		out.Changes = append(out.Changes, FieldChange{Field: field, Old: old, New: new})
	}
	text := func(field string, p *string, old string, required bool, max int) {
		if p == nil {
			return
		}
		v := strings.TrimSpace(*p)
		switch {
		case required && v == "":
			fe.AddText("changes."+field, Msg("invalid.catalog_not_empty"))
		case len([]rune(v)) > max:
			fe.AddText("changes."+field, Msg("invalid.max_chars", "max", itoa(int64(max))))
		default:
			add(field, old, v)
		}
	}
	c := in.Changes
	text("name", c.Name, svc.Name, true, 200)
	text("name_en", c.NameEn, svc.NameEn, false, 200)
	text("description", c.Description, svc.Description, false, 4000)
	text("description_en", c.DescriptionEn, svc.DescriptionEn, false, 4000)

	// Type and subtype: the resulting pair must be consistent; a change of type is a
	// change of selection criterion, a subtype within the same type is not.
	newType, newSub := svc.Type, svc.Subtype
	typeOK := true
	if c.Type != nil {
		t, err := ParseServiceType(strings.TrimSpace(*c.Type))
		if err != nil {
			fe.AddErr("changes.type", err)
			typeOK = false
		} else {
			newType = t
		}
	}
	if c.Subtype != nil {
		s, err := ParseSubtype(strings.TrimSpace(*c.Subtype))
		if err != nil {
			fe.AddErr("changes.subtype", err)
			typeOK = false
		} else {
			newSub = s
		}
	}
	if typeOK && (c.Type != nil || c.Subtype != nil) {
		switch {
		case newSub.Type() != newType && c.Subtype == nil:
			fe.AddText("changes.subtype", Msg("invalid.change_subtype_required", "subtype", string(newSub), "type", string(newType)))
		case newSub.Type() != newType:
			fe.AddText("changes.subtype", Msg("invalid.search_subtype_of_type", "subtype", string(newSub), "type", string(newType)))
		default:
			if c.Type != nil {
				add("type", string(svc.Type), string(newType))
			}
			if c.Subtype != nil {
				add("subtype", string(svc.Subtype), string(newSub))
			}
			if newType != svc.Type {
				criteria["type"] = true
			}
		}
	}

	if c.Features != nil || c.Prices != nil {
		// The catalog is a whole: an absent part stays as it is.
		features, prices := svc.Features, svc.Prices
		if c.Features != nil {
			features = *c.Features
		}
		if c.Prices != nil {
			prices = *c.Prices
		}
		before := len(fe)
		if cat := parseCatalog("changes.", features, prices, &fe); len(fe) == before {
			if c.Features != nil {
				add("features", FeaturesJSON(svc.Features), FeaturesJSON(cat.Features))
			}
			if c.Prices != nil {
				add("prices", PricesJSON(svc.Prices), PricesJSON(cat.Prices))
			}
		}
	}
	if c.FeaturesEn != nil {
		before := len(fe)
		if en := ParseFeatures("changes.features_en", *c.FeaturesEn, &fe); len(fe) == before {
			add("features_en", FeaturesJSON(svc.FeaturesEn), FeaturesJSON(en))
		}
	}
	if c.CSAPValidUntil != nil {
		d, err := ParseRegimeDate(strings.TrimSpace(*c.CSAPValidUntil))
		if err != nil {
			fe.AddErr("changes.csap_valid_until", err)
		} else {
			old := ""
			if svc.CSAPValidUntil != nil {
				old = svc.CSAPValidUntil.String()
			}
			add("csap_valid_until", old, d.String())
			criteria["csap"] = true
		}
	}
	if c.SLA != nil {
		v := strings.TrimSpace(*c.SLA)
		if v == "" || len([]rune(v)) > 500 {
			fe.AddText("changes.sla", Msg("invalid.change_sla_statement", "min", "1", "max", "500"))
		} else {
			add("sla", "", v)
			criteria["sla"] = true
		}
	}
	if c.ProviderName != nil {
		v := strings.TrimSpace(*c.ProviderName)
		if v == "" || len([]rune(v)) > 200 {
			fe.AddText("changes.provider_name", Msg("invalid.change_chars_between", "min", "1", "max", "200"))
		} else {
			add("provider_name", svc.Provider.Name, v)
			criteria["provider_identity"] = true
		}
	}
	if c.BusinessNo != nil {
		v := strings.TrimSpace(*c.BusinessNo)
		if !businessNoPattern.MatchString(v) {
			fe.AddText("changes.business_no", Msg("invalid.business_no_shape", "shape", "000-00-00000"))
		} else {
			add("business_no", svc.Provider.BusinessNo, v)
			criteria["provider_identity"] = true
		}
	}
	out.Reason = strings.TrimSpace(in.Reason)
	if out.Reason == "" || len([]rune(out.Reason)) > 1000 {
		fe.AddText("reason", Msg("invalid.change_chars_between", "min", "1", "max", "1000"))
	}
	if len(fe) == 0 && len(out.Changes) == 0 {
		fe.AddText("changes", Msg("invalid.change_no_field"))
	}
	if err := fe.Err(); err != nil {
		return ParsedChange{}, err
	}
	out.Path = ChangeApproval
	for _, k := range ChangeCriteria {
		if criteria[k] {
			out.Criteria = append(out.Criteria, k)
		}
	}
	if len(out.Criteria) > 0 {
		out.Path = ChangeRereview
	}
	return out, nil
}

// CatalogValue is field's value in the catalog's service svc, written as a FieldChange
// writes it (ParseChangeRequest's old values); false for a field the catalog does not hold
// (the SLA statement). The apply records it as the old value, so that of two requests on
// one field the second's history names what the first left, not what stood when it was
// asked.
func CatalogValue(svc Service, field string) (string, bool) {
	switch field {
	case "name":
		return svc.Name, true
	case "name_en":
		return svc.NameEn, true
	case "description":
		return svc.Description, true
	case "description_en":
		return svc.DescriptionEn, true
	case "type":
		return string(svc.Type), true
	case "subtype":
		return string(svc.Subtype), true
	case "features":
		return FeaturesJSON(svc.Features), true
	case "features_en":
		return FeaturesJSON(svc.FeaturesEn), true
	case "prices":
		return PricesJSON(svc.Prices), true
	case "csap_valid_until":
		if svc.CSAPValidUntil == nil {
			return "", true
		}
		return svc.CSAPValidUntil.String(), true
	case "provider_name":
		return svc.Provider.Name, true
	case "business_no":
		return svc.Provider.BusinessNo, true
	}
	return "", false
}
