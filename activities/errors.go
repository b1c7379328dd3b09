package activities

import (
	"errors"

	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/models"
)

// businessOrRetry makes a business failure (not found, invalid) non-retryable with its
// code as the error type, and leaves every other error retryable: a database outage is
// waited out, a missing service is not.
func businessOrRetry(err error) error {
	if err == nil {
		return nil
	}
	var me *models.Error
	if errors.As(err, &me) {
		return temporal.NewNonRetryableApplicationError(me.Message, me.Code, nil, me.Fields)
	}
	return err
}
