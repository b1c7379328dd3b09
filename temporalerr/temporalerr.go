// Package temporalerr carries domain errors through Temporal and back. A models.Error
// becomes a non-retryable application error whose type is the error code and whose
// details are the field errors, so that a caller of a workflow, an Update or an activity
// can answer 409 or 422 without parsing messages; every other error stays as it is and is
// retried (a database outage is waited out, a missing service is not).
package temporalerr

import (
	"errors"
	"strings"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/models"
)

// Wrap turns a business models.Error (conflict, invalid, not found, forbidden) into a
// non-retryable application error; other errors, and nil, pass through unchanged. A
// dependency that is down (EUNAVAILABLE) or an internal fault is not a business outcome:
// it stays retryable, so an outage is waited out instead of failing the case.
func Wrap(err error) error {
	var me *models.Error
	if !errors.As(err, &me) || !isBusinessCode(me.Code) {
		return err
	}
	// The keyed texts travel as details of their own: models keeps them out of the JSON
	// of a problem document, and the page that shows the refusal needs them.
	texts := make([]*models.Text, len(me.Fields))
	for i, f := range me.Fields {
		texts[i] = f.Text
	}
	return temporal.NewNonRetryableApplicationError(me.Message, me.Code, nil, me.Fields, me.Text, texts)
}

// ModelError returns the models.Error an error came back from Temporal as, or nil when it
// is not a business error (the caller then treats it as internal).
func ModelError(err error) *models.Error {
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
		var texts []*models.Text
		// An error wrapped before the texts travelled has the fields only: decoded from a
		// payload, Details leaves the pointers it has no value for as they are; in process
		// it refuses them.
		if ae.Details(&fields, &out.Text, &texts) == nil || ae.Details(&fields) == nil {
			out.Fields = fields
			if len(texts) == len(fields) {
				for i := range fields {
					out.Fields[i].Text = texts[i]
				}
			}
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

// WorkflowClosed reports whether an Update failed because its workflow has ended (before
// or while it ran), not because Temporal is unreachable or the step was refused.
func WorkflowClosed(err error) bool {
	var nf *serviceerror.NotFound
	return errors.As(err, &nf) || (err != nil && strings.Contains(err.Error(), "completed before the Update completed"))
}
