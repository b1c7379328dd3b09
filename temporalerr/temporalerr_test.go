package temporalerr

import (
	"errors"
	"testing"

	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/models"
)

func TestRoundTrip(t *testing.T) {
	in := &models.Error{Code: models.EINVALID, Message: "bad", Fields: []models.FieldError{{Field: "price_krw", Message: "must be positive"}}}
	wrapped := Wrap(in)
	var ae *temporal.ApplicationError
	if !errors.As(wrapped, &ae) || !ae.NonRetryable() || ae.Type() != models.EINVALID {
		t.Fatalf("wrapped %v", wrapped)
	}
	// What a client sees is a new application error built from the failure; simulate it.
	back := ModelError(temporal.NewApplicationError(ae.Message(), ae.Type(), in.Fields))
	if back == nil || back.Code != models.EINVALID || back.Fields[0].Field != "price_krw" {
		t.Fatalf("back %+v", back)
	}
	plain := errors.New("connection refused")
	//nolint:errorlint // identity on purpose: other errors must come back unchanged, not wrapped
	if Wrap(plain) != plain || ModelError(plain) != nil || Wrap(nil) != nil {
		t.Fatal("other errors pass through and are not business errors")
	}
	if ModelError(temporal.NewApplicationError("x", "SomeOtherType")) != nil {
		t.Fatal("only our codes are business errors")
	}
}

// A database outage surfaces as EUNAVAILABLE: it must stay retryable, or an activity that
// meets an outage fails its case for good.
func TestWrap_UnavailableAndInternalStayRetryable(t *testing.T) {
	for _, code := range []string{models.EUNAVAILABLE, models.EINTERNAL, models.EIDEMPOTENCY} {
		in := &models.Error{Code: code, Message: "down"}
		var ae *temporal.ApplicationError
		if errors.As(Wrap(in), &ae) && ae.NonRetryable() {
			t.Errorf("%s became non-retryable", code)
		}
	}
}

// A refusal from a workflow keeps its keyed texts, so that a Korean page shows it in Korean.
func TestRoundTrip_KeepsKeyedTexts(t *testing.T) {
	in := &models.Error{Code: models.ECONFLICT, Message: "deadline has passed", Text: models.Msg("err.deadline_passed", "action", "proposal"),
		Fields: []models.FieldError{{Field: "price_krw", Message: "must be positive", Text: models.Msg("field.positive")}, {Field: "note", Message: "too long"}}}
	var ae *temporal.ApplicationError
	if !errors.As(Wrap(in), &ae) {
		t.Fatal("not an application error")
	}
	var fields []models.FieldError
	var text *models.Text
	var texts []*models.Text
	if err := ae.Details(&fields, &text, &texts); err != nil {
		t.Fatal(err)
	}
	back := ModelError(temporal.NewApplicationError(ae.Message(), ae.Type(), fields, text, texts))
	if back == nil || back.Text == nil || back.Text.Key != "err.deadline_passed" || back.Text.Args["action"] != "proposal" {
		t.Fatalf("text of %+v", back)
	}
	if back.Fields[0].Text == nil || back.Fields[0].Text.Key != "field.positive" || back.Fields[1].Text != nil {
		t.Fatalf("field texts of %+v", back.Fields)
	}
}
