package web

import (
	"encoding/json"
	"errors"
	"net/url"
	"reflect"
	"slices"
	"testing"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

func ptr[T any](v T) *T { return &v }

// fieldsOfErr lists the fields an EINVALID error names, nil for nil.
func fieldsOfErr(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var me *models.Error
	if !errors.As(err, &me) || me.Code != models.EINVALID {
		t.Fatalf("error %v is not an EINVALID *models.Error", err)
	}
	var out []string
	for _, f := range me.Fields {
		out = append(out, f.Field)
	}
	return out
}

func TestWon(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     int64
		errField bool
	}{
		{"OK_Plain", "120000000", 120_000_000, false},
		{"OK_ThousandsSeparators", "120,000,000", 120_000_000, false},
		{"OK_WonSuffix", "1000원", 1000, false},
		{"OK_SpacesSeparatorsAndSuffix", " 1 000,000 원 ", 1_000_000, false},
		{"OK_Blank", "", 0, false},
		{"OK_BlankSpaces", "   ", 0, false},
		{"OK_NegativeLeftToTheValidator", "-5", -5, false},
		{"ErrHangulUnit", "1억", 0, true},
		{"ErrDecimal", "1.5", 0, true},
		{"ErrWonFirst", "원1000", 0, true},
		{"ErrOverflow", "99999999999999999999", 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var fe models.Fields
			got := won(url.Values{"budget_krw": {tc.in}}, "budget_krw", &fe)
			if tc.errField {
				if len(fe) != 1 || fe[0].Field != "budget_krw" || fe[0].Message != "must be a whole number of won" {
					t.Fatalf("errors %+v, want one naming budget_krw", fe)
				}
				return
			}
			if len(fe) != 0 {
				t.Fatalf("unexpected errors %+v", fe)
			}
			if got != tc.want {
				t.Errorf("got %d, want %d", got, tc.want)
			}
		})
	}
}

func TestFormOrderAndProposal(t *testing.T) {
	t.Run("OK_Order", func(t *testing.T) {
		in, err := orderFrom(url.Values{"service_id": {"SVC-0001"}, "title": {"민원포털"}, "budget_krw": {"120,000,000원"}, "proposal_due": {"2026-03-17"}})
		if err != nil {
			t.Fatal(err)
		}
		want := app.CreateOrderInput{ServiceID: "SVC-0001", Title: "민원포털", BudgetKRW: 120_000_000, ProposalDue: "2026-03-17"}
		if in != want {
			t.Errorf("got %+v, want %+v", in, want)
		}
	})
	t.Run("ErrOrderBudget", func(t *testing.T) {
		_, err := orderFrom(url.Values{"service_id": {"SVC-0001"}, "budget_krw": {"1억"}})
		if got := fieldsOfErr(t, err); !slices.Equal(got, []string{"budget_krw"}) {
			t.Errorf("fields %v, want [budget_krw]", got)
		}
	})
	t.Run("OK_Proposal", func(t *testing.T) {
		in, err := proposalFrom(url.Values{"price_krw": {"110,000,000"}, "summary": {"SaaS 12개월"}})
		if err != nil || !reflect.DeepEqual(in, models.ProposalInput{PriceKRW: 110_000_000, Summary: "SaaS 12개월"}) {
			t.Errorf("got %+v, %v", in, err)
		}
	})
	t.Run("ErrProposalPrice", func(t *testing.T) {
		_, err := proposalFrom(url.Values{"price_krw": {"일억"}})
		if got := fieldsOfErr(t, err); !slices.Equal(got, []string{"price_krw"}) {
			t.Errorf("fields %v, want [price_krw]", got)
		}
	})
}

func TestScoresFrom(t *testing.T) {
	for _, tc := range []struct {
		name      string
		form      url.Values
		want      []models.ScoreInput
		errFields []string
	}{
		{"OK_BlankRowsSkipped", url.Values{
			"scores[0].criterion": {" 기술 "}, "scores[0].score": {"42.5"}, "scores[0].max": {"50"},
			"scores[1].criterion": {""}, "scores[1].score": {" "}, "scores[1].max": {""},
			"scores[3].criterion": {"가격"}, "scores[3].score": {"45"}, "scores[3].max": {"50"},
		}, []models.ScoreInput{{Criterion: "기술", Score: 42.5, Max: 50}, {Criterion: "가격", Score: 45, Max: 50}}, nil},
		{"OK_AllBlankIsEmptyNotNil", url.Values{}, []models.ScoreInput{}, nil},
		{"OK_RowWithoutCriterionKept", url.Values{"scores[2].score": {"10"}},
			[]models.ScoreInput{{Score: 10}}, nil}, // the validator names the missing criterion
		{"OK_RowsBeyondTheFormIgnored", url.Values{"scores[5].criterion": {"여분"}, "scores[5].score": {"1"}, "scores[5].max": {"1"}},
			[]models.ScoreInput{}, nil},
		{"ErrScoreNotANumber", url.Values{
			"scores[0].criterion": {"기술"}, "scores[0].score": {"40"}, "scores[0].max": {"50"},
			"scores[1].criterion": {"가격"}, "scores[1].score": {"abc"}, "scores[1].max": {"50"},
		}, nil, []string{"scores[1].score"}},
		{"ErrScoreAndMax", url.Values{"scores[0].criterion": {"기술"}, "scores[0].score": {"4O"}, "scores[0].max": {"fifty"}},
			nil, []string{"scores[0].score", "scores[0].max"}},
		{"ErrBlankRowNamesItsOwnIndex", url.Values{
			"scores[2].criterion": {"보안"}, "scores[2].score": {"x"}, "scores[2].max": {"10"},
		}, nil, []string{"scores[2].score"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := scoresFrom(tc.form)
			if fields := fieldsOfErr(t, err); !slices.Equal(fields, tc.errFields) {
				t.Fatalf("error fields %v, want %v (%v)", fields, tc.errFields, err)
			}
			if tc.errFields != nil {
				if got != nil {
					t.Errorf("scores %v with an error", got)
				}
				return
			}
			if got == nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestNegotiationFrom(t *testing.T) {
	for _, tc := range []struct {
		name      string
		form      url.Values
		want      models.NegotiationInput
		errFields []string
	}{
		{"OK_Agreed", url.Values{"agreed": {"true"}, "final_price_krw": {"105,000,000원"}, "terms": {"SLA 99.9%"}, "reason": {"무시됨"}},
			models.NegotiationInput{Agreed: ptr(true), FinalPriceKRW: 105_000_000, Terms: "SLA 99.9%"}, nil},
		{"OK_Failed", url.Values{"agreed": {"false"}, "final_price_krw": {"abc"}, "terms": {"무시됨"}, "reason": {"가격 불일치"}},
			models.NegotiationInput{Agreed: ptr(false), Reason: "가격 불일치"}, nil}, // the price is not read
		{"OK_Missing", url.Values{"final_price_krw": {"105000000"}, "reason": {"x"}},
			models.NegotiationInput{}, nil}, // agreed nil: the validator names it
		{"OK_NeitherTrueNorFalse", url.Values{"agreed": {"yes"}}, models.NegotiationInput{}, nil},
		{"ErrAgreedPrice", url.Values{"agreed": {"true"}, "final_price_krw": {"1억"}, "terms": {"t"}},
			models.NegotiationInput{}, []string{"final_price_krw"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := negotiationFrom(tc.form)
			if fields := fieldsOfErr(t, err); !slices.Equal(fields, tc.errFields) {
				t.Fatalf("error fields %v, want %v", fields, tc.errFields)
			}
			if tc.errFields == nil && !reflect.DeepEqual(got, tc.want) {
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(tc.want)
				t.Errorf("got %s, want %s", g, w)
			}
		})
	}
}

// TestDocumentRowsFrom: rows that name their files by name and SHA-256, as a client
// without uploads sends them.
func TestDocumentRowsFrom(t *testing.T) {
	sum := "ABCDEF0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789"
	for _, tc := range []struct {
		name      string
		form      url.Values
		want      []models.DocumentInput
		errFields []string
	}{
		{"OK_OneRow", url.Values{"documents[0].kind": {"csap_certificate"}, "documents[0].filename": {" csap.pdf "},
			"documents[0].sha256": {" " + sum + " "}, "documents[0].size": {" 2048 "}, "documents[0].valid_until": {" 2027-06-30 "}},
			[]models.DocumentInput{{Kind: "csap_certificate", Filename: "csap.pdf", SHA256: "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
				Size: 2048, ValidUntil: "2027-06-30"}}, nil},
		{"OK_BlankRowsSkipped", url.Values{
			"documents[0].kind": {""}, "documents[0].filename": {" "}, "documents[0].size": {"5"}, // a size alone is a blank row
			"documents[2].kind": {"sla_policy"}, "documents[2].filename": {"sla.pdf"}, "documents[2].sha256": {sum},
		}, []models.DocumentInput{{Kind: "sla_policy", Filename: "sla.pdf", SHA256: "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"}}, nil},
		{"OK_SizeBlankIsZero", url.Values{"documents[1].kind": {"sla_policy"}, "documents[1].filename": {"sla.pdf"},
			"documents[1].sha256": {sum}, "documents[1].size": {""}},
			[]models.DocumentInput{{Kind: "sla_policy", Filename: "sla.pdf", SHA256: "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"}}, nil},
		{"ErrKindWithoutFile", url.Values{"documents[1].kind": {"sla_policy"}}, nil, []string{"documents[1].file"}},
		{"OK_AllBlankIsNone", url.Values{}, nil, nil}, // the validator asks for at least one
		{"OK_RowsBeyondTheFormIgnored", url.Values{"documents[3].kind": {"sla_policy"}, "documents[3].filename": {"x.pdf"}}, nil, nil},
		{"ErrSize", url.Values{"documents[0].kind": {"sla_policy"}, "documents[0].filename": {"sla.pdf"}, "documents[0].size": {"12kb"},
			"documents[1].kind": {"csap_certificate"}, "documents[1].size": {"1.5"}},
			nil, []string{"documents[0].size", "documents[1].file", "documents[1].size"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := documentRowsFrom(tc.form)
			if fields := fieldsOfErr(t, err); !slices.Equal(fields, tc.errFields) {
				t.Fatalf("error fields %v, want %v", fields, tc.errFields)
			}
			if tc.errFields == nil && !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

// TestFormMethods: what the templates ask of a form, refused or fresh.
func TestFormMethods(t *testing.T) {
	f := &form{Values: url.Values{"experts": {"a", "b"}, "note": {"x"}}, Key: "k", Errors: []models.FieldError{
		{Field: "experts[1]", Message: "not an expert"}, {Field: "experts", Message: "at most 10"},
		{Field: "scores[0].score", Message: "must be a number"}, {Field: "", Message: "whole form"}}}
	var none *form
	for _, tc := range []struct {
		name, got, want string
	}{
		{"OK_Val", f.Val("note"), "x"},
		{"OK_ValNil", none.Val("note"), ""},
		{"OK_ErrOfListElementsBelongsToTheList", f.Err("experts"), "not an expert; at most 10"},
		{"OK_ErrOfRowField", f.Err("scores[0].score"), "must be a number"},
		{"OK_ErrNone", f.Err("note"), ""},
		{"OK_ErrNil", none.Err("note"), ""},
		{"OK_AnchorOfListElement", f.Anchor("experts[1]"), "f-experts"},
		{"OK_AnchorOfRowField", f.Anchor("scores[1].score"), "f-scores"},
		{"OK_AnchorScoped", (&form{Scope: "cancel-"}).Anchor("reason"), "f-cancel-reason"},
		{"OK_ID", f.ID("reason"), "f-reason"},
		{"OK_IDNil", none.ID("reason"), "f-reason"},
		{"OK_ErrIDScoped", (&form{Scope: "cancel-"}).ErrID("reason"), "e-cancel-reason"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
	t.Run("OK_Checked", func(t *testing.T) {
		if !f.Checked("experts", "b") || f.Checked("experts", "c") || none.Checked("experts", "a") {
			t.Error("Checked")
		}
	})
	t.Run("OK_NewFormKeyIsRandom", func(t *testing.T) {
		a, b := newForm(nil), newForm(nil)
		if a.Key == b.Key || len(a.Key) < 20 || a.Values == nil {
			t.Errorf("keys %q and %q", a.Key, b.Key)
		}
	})
	t.Run("OK_OnlyTheRefusedFormKeepsItsValues", func(t *testing.T) {
		p := page{Form: f}
		same := p.Only("negotiation", "negotiation", "")
		if same.Form.Val("note") != "x" || len(same.Form.Errors) != 4 || same.Form.Key != "k" {
			t.Errorf("the refused form lost its values: %+v", same.Form)
		}
		other := p.Only("cancel", "negotiation", "cancel-")
		if other.Form.Val("note") != "" || len(other.Form.Errors) != 0 || other.Form.Key != "k" || other.Form.ID("reason") != "f-cancel-reason" {
			t.Errorf("another form shows the refused one's values: %+v", other.Form)
		}
		if p.Form != f {
			t.Error("Only changed the page it was called on")
		}
		if got := (page{}).Only("cancel", "", "cancel-"); got.Form == nil || got.Form.Values == nil {
			t.Error("Only without a form gives no form")
		}
	})
}

// TestCatalogChanges: a blank box is no change; "remove all" beside a blank box is the
// empty list, and beside lines a refusal of that box.
func TestCatalogChanges(t *testing.T) {
	for _, tc := range []struct {
		name      string
		form      url.Values
		features  *[]string
		prices    *[]models.PriceLine
		errFields []string
	}{
		{"OK_BlankIsNoChange", url.Values{}, nil, nil, nil},
		{"OK_ClearFeatures", url.Values{"features_clear": {"true"}, "features": {"  "}}, &[]string{}, nil, nil},
		{"OK_ClearPrices", url.Values{"prices_clear": {"true"}, "features": {"백업\n복구"}},
			&[]string{"백업", "복구"}, &[]models.PriceLine{}, nil},
		{"OK_UntickedIsNotClear", url.Values{"prices_clear": {"false"}}, nil, nil, nil},
		{"ErrClearBesideLines", url.Values{"features_clear": {"true"}, "features": {"백업"},
			"prices_clear": {"true"}, "prices": {"기본 | 월 | 12,000원"}}, nil, nil, []string{"features", "prices"}},
		{"ErrClearBesideBadLine", url.Values{"prices_clear": {"true"}, "prices": {"한 칸뿐"}}, nil, nil, []string{"prices", "prices"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var in models.ChangeRequestInput
			err := catalogChanges(tc.form, &in)
			if fields := fieldsOfErr(t, err); !slices.Equal(fields, tc.errFields) {
				t.Fatalf("error fields %v, want %v", fields, tc.errFields)
			}
			if tc.errFields != nil {
				return
			}
			if !reflect.DeepEqual(in.Changes.Features, tc.features) || !reflect.DeepEqual(in.Changes.Prices, tc.prices) {
				t.Errorf("got features %v prices %v, want %v %v", in.Changes.Features, in.Changes.Prices, tc.features, tc.prices)
			}
		})
	}
}
