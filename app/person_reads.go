package app

import (
	"context"
	"slices"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// The reads of personal data (개인정보 접속기록): the registry's people are named, addressed
// and placed in it, so every read of a person's record is noted (personReads), the auditors
// read who read whom, and the person that their record was read.

// personReads records that by is shown these people's records (개인정보 접속기록): a record
// that cannot be noted is not shown, so that no read goes unrecorded. A person reading
// their own record (their relations) is no one else's access to it, and a person the
// request has shown already is not read again.
func (s *service) personReads(ctx context.Context, by models.Actor, action string, subs ...string) error {
	others := slices.DeleteFunc(slices.Clone(subs), func(sub string) bool { return sub == by.Sub })
	return s.Store.RecordPersonReads(ctx, shownOnce(ctx, others), action, by,
		store.ReadOrigin{RequestID: requestIDOf(ctx), ClientIP: clientIPOf(ctx)}, s.now())
}

// PersonReads is a page of who read the person's record, newest first (auditors); it is
// itself a read of the person's record, in the access log (PersonReadAccessLog), noted
// before the page is shown and after it is read, as a list's are (ListPersonReads).
func (s *Directory) PersonReads(ctx context.Context, by models.Actor, sub string, size int, token string) ([]models.PersonRead, string, error) {
	if _, err := s.Store.GetPerson(ctx, sub); err != nil {
		return nil, "", err
	}
	reads, next, err := s.Store.PersonReads(ctx, sub, size, token)
	return shownPage(ctx, s, by, models.PersonReadAccessLog, readSubject, reads, next, err)
}

// MyReads is a page of the reads of the caller's own record, newest first, each by the
// reader's role and organization only: a member of the pool learns that their record was
// read, and by which office, not by whom.
func (s *Directory) MyReads(ctx context.Context, by models.Actor, _ struct{}, size int, token string) ([]models.PersonRead, string, error) {
	if _, err := s.MySettings(ctx, by); err != nil {
		return nil, "", err
	}
	reads, next, err := s.Store.PersonReads(ctx, by.Sub, size, token)
	for i := range reads {
		reads[i].Sub, reads[i].RequestID, reads[i].ClientIP = "", "", ""
	}
	return reads, next, err
}

// ListPersonReads is a page of the reads f selects, newest first (auditors); each person
// whose reads it shows is read in the access log (PersonReadAccessLog), before the page is
// shown.
func (s *Directory) ListPersonReads(ctx context.Context, by models.Actor, f store.PersonReadFilter, size int, token string) ([]models.PersonRead, string, error) {
	reads, next, err := s.Store.ListPersonReads(ctx, f, size, token)
	return shownPage(ctx, s, by, models.PersonReadAccessLog, readSubject, reads, next, err)
}

// readSubject is whose record a read of the access log shows.
func readSubject(r models.PersonRead) (string, bool) { return r.Subject, true }

// shownPage answers a page read (items, next, err) once by's reads of the people it shows
// are noted (personReads; subject says whose record an item shows, if any's): a page
// whose reads cannot be noted is not shown.
func shownPage[T any](ctx context.Context, s *Directory, by models.Actor, action string, subject func(T) (string, bool),
	items []T, next string, err error) ([]T, string, error) {
	if err != nil {
		return nil, "", err
	}
	var subs []string
	for _, it := range items {
		if sub, ok := subject(it); ok && !slices.Contains(subs, sub) {
			subs = append(subs, sub)
		}
	}
	if err := s.personReads(ctx, by, action, subs...); err != nil {
		return nil, "", err
	}
	return items, next, nil
}

// maxReaders bounds the readers a period's count lists: the most active first, which is
// what the count is for.
const maxReaders = 100

// PersonReaders counts, for the reads f selects, each reader's reads and people, the most
// first (auditors).
func (s *Directory) PersonReaders(ctx context.Context, _ models.Actor, f store.PersonReadFilter) ([]models.PersonReader, error) {
	return s.Store.PersonReaders(ctx, f, maxReaders)
}

// ListRegistryChanges is a page of the registry's change log across organizations and
// people, newest first (auditors): who registered or changed what, and when, the way the
// access log tells who read what. The values of a person's record are theirs, so each
// person it shows (their record changed, or a relation declared for them) is a read of
// their record, noted before the page is shown.
func (s *Directory) ListRegistryChanges(ctx context.Context, by models.Actor, f store.RegistryChangeFilter, size int, token string) ([]models.RegistryChange, string, error) {
	changes, next, err := s.Store.ListRegistryChanges(ctx, f, size, token)
	return shownPage(ctx, s, by, models.PersonReadRecord, func(c models.RegistryChange) (string, bool) {
		return c.SubjectID, c.Subject != "organization"
	}, changes, next, err)
}
