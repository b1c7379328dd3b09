package workflows

import (
	"errors"

	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/models"
)

// businessError carries a models.Error through Temporal: the code becomes the application
// error's type and the field errors its details, so the API can answer 409 or 422 without
// parsing messages. Business errors are never retried.
func businessError(err error) error {
	if err == nil {
		return nil
	}
	var me *models.Error
	if !errors.As(err, &me) {
		return err
	}
	return temporal.NewNonRetryableApplicationError(me.Message, me.Code, nil, me.Fields)
}

// AsModelError turns an error that came back from a workflow, an Update or an activity
// into the models.Error it started as. Errors that are not business errors come back as
// nil so that the caller treats them as internal.
func AsModelError(err error) *models.Error {
	var me *models.Error
	if errors.As(err, &me) {
		return me
	}
	var ae *temporal.ApplicationError
	if !errors.As(err, &ae) || !isBusinessCode(ae.Type()) {
		return nil
	}
	out := &models.Error{Code: ae.Type(), Message: ae.Message()}
	if ae.HasDetails() {
		var fields []models.FieldError
		if ae.Details(&fields) == nil {
			out.Fields = fields
		}
	}
	return out
}

func isBusinessCode(code string) bool {
	switch code {
	case models.ECONFLICT, models.EINVALID, models.ENOTFOUND, models.EFORBIDDEN:
		return true
	}
	return false
}
