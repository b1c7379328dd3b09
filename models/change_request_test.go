package models

import (
	"errors"
	"testing"
	"time"
)

func changeTestService() Service {
	csap, _ := ParseDate("2028-12-31")
	return Service{ID: "SVC-0001", Name: "한빛 클라우드 서버", NameEn: "Hanbit Cloud Server", Description: "IaaS",
		Type: TypeCloud, Subtype: SubIaaS, Status: ServiceRegistered, CSAPValidUntil: &csap,
		Provider: Provider{Org: "PV-0001", Name: "(주)한빛클라우드", BusinessNo: "123-45-67890"}}
}

func strp(v string) *string { return &v }

func TestParseChangeRequest(t *testing.T) {
	svc := changeTestService()
	for _, tc := range []struct {
		name     string
		in       ChangeFields
		reason   string
		path     ChangePath
		criteria []string
		fields   []string // invalid fields, when the request is refused
	}{
		{name: "OK_Description", in: ChangeFields{Description: strp("새 소개")}, path: ChangeApproval},
		{name: "OK_NamesAndDescriptions", in: ChangeFields{Name: strp("새 이름"), NameEn: strp("New"), DescriptionEn: strp("d")}, path: ChangeApproval},
		{name: "OK_SubtypeWithinType", in: ChangeFields{Subtype: strp("paas")}, path: ChangeApproval},
		{name: "OK_TypeAndSubtype", in: ChangeFields{Type: strp("support"), Subtype: strp("consulting")}, path: ChangeRereview, criteria: []string{"type"}},
		{name: "OK_SubtypeToAnotherTypeWithType", in: ChangeFields{Type: strp("convergence"), Subtype: strp("convergence")}, path: ChangeRereview, criteria: []string{"type"}},
		{name: "OK_CSAP", in: ChangeFields{CSAPValidUntil: strp("2031-06-30")}, path: ChangeRereview, criteria: []string{"csap"}},
		{name: "OK_SLA", in: ChangeFields{SLA: strp("가용성 99.95%")}, path: ChangeRereview, criteria: []string{"sla"}},
		{name: "OK_ProviderName", in: ChangeFields{ProviderName: strp("(주)한빛")}, path: ChangeRereview, criteria: []string{"provider_identity"}},
		{name: "OK_BusinessNoAndDescription", in: ChangeFields{BusinessNo: strp("999-88-77777"), Description: strp("x")}, path: ChangeRereview, criteria: []string{"provider_identity"}},
		{name: "OK_AllCriteria", in: ChangeFields{Type: strp("support"), Subtype: strp("migration"), CSAPValidUntil: strp("2031-01-01"), SLA: strp("x"), ProviderName: strp("y")},
			path: ChangeRereview, criteria: []string{"type", "csap", "sla", "provider_identity"}},
		{name: "ErrNoChange", in: ChangeFields{}, fields: []string{"changes"}},
		{name: "ErrSameValue", in: ChangeFields{Name: strp(" 한빛 클라우드 서버 ")}, fields: []string{"changes.name"}},
		{name: "ErrEmptyName", in: ChangeFields{Name: strp(" ")}, fields: []string{"changes.name"}},
		{name: "ErrReasonRequired", in: ChangeFields{Name: strp("새 이름")}, reason: " ", fields: []string{"reason"}},
		{name: "ErrBadType", in: ChangeFields{Type: strp("hardware")}, fields: []string{"changes.type"}},
		{name: "ErrSubtypeOfAnotherType", in: ChangeFields{Subtype: strp("consulting")}, fields: []string{"changes.subtype"}},
		{name: "ErrTypeWithoutSubtype", in: ChangeFields{Type: strp("support")}, fields: []string{"changes.subtype"}},
		{name: "ErrBadCSAP", in: ChangeFields{CSAPValidUntil: strp("2031-13-01")}, fields: []string{"changes.csap_valid_until"}},
		{name: "ErrBadBusinessNo", in: ChangeFields{BusinessNo: strp("1234567890")}, fields: []string{"changes.business_no"}},
		{name: "ErrEmptySLA", in: ChangeFields{SLA: strp("")}, fields: []string{"changes.sla"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reason := "소개 갱신"
			if tc.reason != "" {
				reason = tc.reason
			}
			p, err := ParseChangeRequest(ChangeRequestInput{Changes: tc.in, Reason: reason}, svc)
			if tc.fields != nil {
				var e *Error
				if !errors.As(err, &e) || e.Code != EINVALID {
					t.Fatalf("want invalid, got %v", err)
				}
				got := map[string]bool{}
				for _, f := range e.Fields {
					got[f.Field] = true
				}
				for _, f := range tc.fields {
					if !got[f] {
						t.Errorf("want field %s in %v", f, e.Fields)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Path != tc.path {
				t.Errorf("path %s, want %s", p.Path, tc.path)
			}
			if len(p.Criteria) != len(tc.criteria) {
				t.Fatalf("criteria %v, want %v", p.Criteria, tc.criteria)
			}
			for i := range tc.criteria {
				if p.Criteria[i] != tc.criteria[i] {
					t.Errorf("criteria %v, want %v", p.Criteria, tc.criteria)
				}
			}
		})
	}
}

func TestChangeRequest_OldAndNewValues(t *testing.T) {
	p, err := ParseChangeRequest(ChangeRequestInput{Changes: ChangeFields{Description: strp(" 새 소개 "), CSAPValidUntil: strp("2031-06-30")}, Reason: "r"}, changeTestService())
	if err != nil {
		t.Fatal(err)
	}
	want := []FieldChange{{"description", "IaaS", "새 소개"}, {"csap_valid_until", "2028-12-31", "2031-06-30"}}
	if len(p.Changes) != 2 || p.Changes[0] != want[0] || p.Changes[1] != want[1] {
		t.Fatalf("changes %v, want %v", p.Changes, want)
	}
}

func TestChangeRequest_Decide(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, Seoul)
	provider := Actor{Sub: "jung.provider", Role: RoleProvider, Org: "PV-0001"}
	operator := Actor{Sub: "park.operator", Role: RoleOperator, Org: "NIA"}
	yes, no := true, false
	newCR := func(f ChangeFields) *ChangeRequest {
		p, err := ParseChangeRequest(ChangeRequestInput{Changes: f, Reason: "r"}, changeTestService())
		if err != nil {
			t.Fatal(err)
		}
		return NewChangeRequest("CR-2026-000001", "change-CR-2026-000001", p, changeTestService(), provider, now)
	}
	for _, tc := range []struct {
		name string
		by   Actor
		in   DecideChangeInput
		path ChangeFields
		code string
		want ChangeRequestStatus
	}{
		{"OK_Approve", operator, DecideChangeInput{Approve: &yes}, ChangeFields{Name: strp("n")}, "", ChangeApproved},
		{"OK_Reject", operator, DecideChangeInput{Approve: &no, Reason: "근거 부족"}, ChangeFields{Name: strp("n")}, "", ChangeRejected},
		{"ErrRejectWithoutReason", operator, DecideChangeInput{Approve: &no}, ChangeFields{Name: strp("n")}, EINVALID, ChangeSubmitted},
		{"ErrApproveMissing", operator, DecideChangeInput{}, ChangeFields{Name: strp("n")}, EINVALID, ChangeSubmitted},
		{"ErrProviderDecides", provider, DecideChangeInput{Approve: &yes}, ChangeFields{Name: strp("n")}, EFORBIDDEN, ChangeSubmitted},
		{"ErrOtherProvider", Actor{Sub: "x", Role: RoleProvider, Org: "PV-0002"}, DecideChangeInput{Approve: &yes}, ChangeFields{Name: strp("n")}, ENOTFOUND, ChangeSubmitted},
		{"ErrAgency", Actor{Sub: "x", Role: RoleAgency, Org: "AG-0001"}, DecideChangeInput{Approve: &yes}, ChangeFields{Name: strp("n")}, ENOTFOUND, ChangeSubmitted},
		{"ErrRereviewPath", operator, DecideChangeInput{Approve: &yes}, ChangeFields{SLA: strp("99.9%")}, ECONFLICT, ChangeSubmitted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cr := newCR(tc.path)
			err := cr.Decide(now.Add(time.Hour), tc.by, tc.in)
			if ErrorCode(err) != tc.code {
				t.Fatalf("code %q, want %q (%v)", ErrorCode(err), tc.code, err)
			}
			if cr.Status != tc.want {
				t.Errorf("status %s, want %s", cr.Status, tc.want)
			}
			if tc.code == "" {
				last := cr.Steps[len(cr.Steps)-1]
				if last.Actor != tc.by || !last.At.Equal(now.Add(time.Hour)) {
					t.Errorf("step %+v", last)
				}
			}
		})
	}
	cr := newCR(ChangeFields{Name: strp("n")})
	if err := cr.Decide(now, operator, DecideChangeInput{Approve: &yes}); err != nil {
		t.Fatal(err)
	}
	if err := cr.Decide(now, operator, DecideChangeInput{Approve: &yes}); ErrorCode(err) != ECONFLICT {
		t.Fatalf("second decision: %v", err)
	}
	cr.Applied(now)
	if got := cr.ApplyTo(changeTestService()).Name; got != "n" {
		t.Errorf("applied name %q", got)
	}
}

// TestCatalogValue_AsTheRequestWritesIt: for every field a request can change, the old value
// the request records is the catalog's value as CatalogValue writes it, so that an apply
// reading the catalog writes the same text when nothing changed in between.
func TestCatalogValue_AsTheRequestWritesIt(t *testing.T) {
	svc := changeTestService()
	svc.Features = []string{"가용성 99.95%"}
	svc.Prices = []PriceLine{{Item: "vCPU", Unit: "월", UnitPriceKRW: 30000}}
	features, prices := []string{"백업"}, []PriceLine{{Item: "vCPU", Unit: "월", UnitPriceKRW: 25000}}
	p, err := ParseChangeRequest(ChangeRequestInput{Reason: "갱신", Changes: ChangeFields{
		Name: strp("새 이름"), NameEn: strp("New"), Description: strp("새 소개"), DescriptionEn: strp("New intro"),
		Type: strp("convergence"), Subtype: strp("convergence"), Features: &features, Prices: &prices,
		CSAPValidUntil: strp("2030-01-31"), SLA: strp("월 가용성 99.9%"), ProviderName: strp("(주)새이름"),
		BusinessNo: strp("123-45-67891")}}, svc)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Changes) != 12 {
		t.Fatalf("%d changes", len(p.Changes))
	}
	for _, c := range p.Changes {
		v, ok := CatalogValue(svc, c.Field)
		if c.Field == "sla" {
			if ok {
				t.Error("the catalog holds no SLA statement")
			}
			continue
		}
		if !ok || v != c.Old {
			t.Errorf("%s: catalog %q (%v), request's old value %q", c.Field, v, ok, c.Old)
		}
	}
}

// TestNewChangeRequest_NoteSaysThePath: the first step says which path the change takes,
// keyed for a page in Korean; the REST note reads as it always did.
func TestNewChangeRequest_NoteSaysThePath(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, Seoul)
	provider := Actor{Sub: "jung.provider", Role: RoleProvider, Org: "PV-0001"}
	for _, tc := range []struct {
		name   string
		in     ChangeFields
		en, ko string
	}{
		{"Approval", ChangeFields{Description: strp("새 소개")}, "operator approval required", "운영기관 승인 필요"},
		{"Rereview", ChangeFields{CSAPValidUntil: strp("2031-06-30"), ProviderName: strp("(주)한빛")},
			"touches selection criteria (csap, provider_identity): re-review", "선정 기준(csap, provider_identity)에 해당하는 변경: 재심사"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ParseChangeRequest(ChangeRequestInput{Changes: tc.in, Reason: "r"}, changeTestService())
			if err != nil {
				t.Fatal(err)
			}
			step := NewChangeRequest("CR-2026-000001", "change-CR-2026-000001", p, changeTestService(), provider, now).Steps[0]
			if step.Note != tc.en {
				t.Errorf("REST note %q, want %q", step.Note, tc.en)
			}
			if step.NoteText == nil {
				t.Fatal("the note is not keyed")
			}
			// The domain alone names the criteria by their codes; a page's catalog labels them.
			if ko := step.NoteText.In(LangKO); ko != tc.ko {
				t.Errorf("Korean note %q, want %q", ko, tc.ko)
			}
		})
	}
}
