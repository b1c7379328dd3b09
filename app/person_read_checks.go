package app

import (
	"context"

	"github.com/dsmarket/dsmarket/models"
)

// The auditors' checks of the access log of personal data (접속기록 점검): the log is to be
// checked at least once a month, and each check is recorded (what period, what was found,
// how many reads it held) so that the check itself can be shown to an inspector.

// RecordPersonReadCheck records an auditor's check; the same check sent again answers the
// first (Created false).
func (s *Directory) RecordPersonReadCheck(ctx context.Context, by models.Actor, in models.PersonReadCheckInput) (Registered[models.PersonReadCheck], error) {
	c, err := models.ParsePersonReadCheck(in, s.now())
	if err != nil {
		return Registered[models.PersonReadCheck]{}, err
	}
	out, created, err := s.Store.RecordPersonReadCheck(ctx, c, by, s.now())
	return Registered[models.PersonReadCheck]{Item: out, Created: created}, err
}

// ListPersonReadChecks is a page of the checks, the last recorded first.
func (s *Directory) ListPersonReadChecks(ctx context.Context, _ models.Actor, _ struct{}, size int, token string) ([]models.PersonReadCheck, string, error) {
	return s.Store.ListPersonReadChecks(ctx, size, token)
}

// CheckDue is the month before today when no check covers it; ok is false when one does.
func (s *Directory) CheckDue(ctx context.Context) (first, last models.Date, ok bool, err error) {
	return s.Store.LastMonthUnchecked(ctx, s.now())
}
