package models

import (
	"strings"
	"testing"
	"time"
)

var personNow = time.Date(2026, 3, 2, 10, 0, 0, 0, Seoul)

func TestParseOrganization(t *testing.T) {
	provider := OrganizationInput{Org: "PV-0300", Kind: "provider", Name: "(주)가온", BusinessNo: "1248200262",
		Size: "sme", FoundedOn: "2018-01-02"}
	o, err := ParseOrganization(provider, personNow)
	if err != nil || o.BusinessNo != "124-82-00262" || o.FoundedOn == nil {
		t.Fatalf("%+v %v", o, err)
	}
	for _, tc := range []struct {
		name   string
		change func(*OrganizationInput)
		field  string
	}{
		{"ErrOrgID", func(in *OrganizationInput) { in.Org = "pv 1" }, "org"},
		{"ErrKind", func(in *OrganizationInput) { in.Kind = "bank" }, "kind"},
		{"ErrCheckDigit", func(in *OrganizationInput) { in.BusinessNo = "124-82-00263" }, "business_no"},
		{"ErrFoundedMissing", func(in *OrganizationInput) { in.FoundedOn = "" }, "founded_on"},
		{"ErrFoundedFuture", func(in *OrganizationInput) { in.FoundedOn = "2026-03-03" }, "founded_on"},
		{"ErrAgencyKindOnProvider", func(in *OrganizationInput) { in.AgencyKind = "school" }, "agency_kind"},
		{"ErrAgencyWithBusinessNo", func(in *OrganizationInput) { in.Kind, in.AgencyKind = "agency", "school" }, "business_no"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := provider
			tc.change(&in)
			_, err := ParseOrganization(in, personNow)
			wantErr(t, err, EINVALID, tc.field)
		})
	}
	// A patch keeps what it does not name and is checked as a whole.
	name := "(주)가온클라우드"
	p, err := o.Patched(OrganizationPatch{Name: &name}, personNow)
	if err != nil || p.Name != name || p.BusinessNo != o.BusinessNo {
		t.Fatalf("%+v %v", p, err)
	}
	empty := ""
	_, err = o.Patched(OrganizationPatch{Name: &empty}, personNow)
	wantErr(t, err, EINVALID, "name")
}

func TestParsePersonAndRelation(t *testing.T) {
	u, err := ParsePerson(PersonInput{Sub: "oidc|1", Role: "committee", Name: "송위원", Email: "song@msit.example"})
	if err != nil || u.Org != PoolOrg || u.Language != "ko" || !u.Active {
		t.Fatalf("%+v %v", u, err)
	}
	_, err = ParsePerson(PersonInput{Sub: "a b", Role: "operator", Name: "", Email: "Song <song@msit.example>", Language: "fr"})
	for _, f := range []string{"sub", "role", "name", "email", "language"} {
		wantErr(t, err, EINVALID, f)
	}
	_, err = ParsePerson(PersonInput{Sub: "idp/alice", Role: "expert", Name: "n", Email: "a@b.example"})
	wantErr(t, err, EINVALID, "sub")
	off := false
	d, err := u.Patched(PersonPatch{Active: &off})
	if err != nil || d.Active || d.Name != u.Name {
		t.Fatalf("%+v %v", d, err)
	}
	// The English name is optional, trimmed, bounded, and cleared by a blank.
	en := "  Song Jae-won "
	if d, err = u.Patched(PersonPatch{NameEn: &en}); err != nil || d.NameEn != "Song Jae-won" {
		t.Fatalf("%+v %v", d, err)
	}
	long := strings.Repeat("a", 101)
	_, err = d.Patched(PersonPatch{NameEn: &long})
	wantErr(t, err, EINVALID, "name_en")
	blank := ""
	if d, err = d.Patched(PersonPatch{NameEn: &blank}); err != nil || d.NameEn != "" {
		t.Fatalf("%+v %v", d, err)
	}

	r, err := ParseRelation("oidc|1", RelationInput{BusinessNo: "101-81-12341", Kind: "work", Since: "2025-01-02", Until: "2025-06-30"}, personNow)
	if err != nil || r.Since == nil || r.Until == nil || r.PersonSub != "oidc|1" {
		t.Fatalf("%+v %v", r, err)
	}
	for _, tc := range []struct {
		in    RelationInput
		field string
	}{
		{RelationInput{BusinessNo: "101-81-12342", Kind: "work"}, "business_no"},
		{RelationInput{BusinessNo: "101-81-12341", Kind: "friend"}, "kind"},
		{RelationInput{BusinessNo: "101-81-12341", Kind: "work", Since: "2026-04-01"}, "since"},
		{RelationInput{BusinessNo: "101-81-12341", Kind: "work", Since: "2025-06-30", Until: "2025-01-02"}, "until"},
	} {
		_, err := ParseRelation("oidc|1", tc.in, personNow)
		wantErr(t, err, EINVALID, tc.field)
	}
}
