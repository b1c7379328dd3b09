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
