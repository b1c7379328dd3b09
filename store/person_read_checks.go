package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/dsmarket/dsmarket/models"
)

// RecordPersonReadCheck records an auditor's check of the access log (접속기록 점검) with
// the number of reads its period holds now. The same check sent again by the same auditor
// (a retry) records nothing new and answers the first: created is false.
func (s *Store) RecordPersonReadCheck(ctx context.Context, c models.PersonReadCheck, by models.Actor, at time.Time) (models.PersonReadCheck, bool, error) {
	created := false
	var row personReadCheckRow
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// One auditor's identical checks are one: the lock keeps two retries from both
		// finding none.
		if err := tx.Exec(`SELECT pg_advisory_xact_lock(hashtext('person_read_checks:' || ?))`, by.Sub).Error; err != nil {
			return err
		}
		err := tx.Table("person_read_checks").Select(personReadCheckColumns).Where(`actor_sub = ? AND actor_role = ? AND actor_org = ?
			AND period_from = ?::date AND period_to = ?::date AND outcome = ? AND note = ?`,
			by.Sub, string(by.Role), by.Org, c.From.String(), c.To.String(), string(c.Outcome), c.Note).
			Order("id").Limit(1).Scan(&row).Error
		if err != nil || row.ID != 0 {
			return err
		}
		created = true
		return tx.Raw(`INSERT INTO person_read_checks (period_from, period_to, outcome, note, reads, actor_sub, actor_role, actor_org, checked_at)
			SELECT ?::date, ?::date, ?, ?, (SELECT count(*) FROM person_reads WHERE read_at >= ? AND read_at < ?), ?, ?, ?, ?
			RETURNING `+personReadCheckColumns,
			c.From.String(), c.To.String(), string(c.Outcome), c.Note, c.From.Time, c.To.EndOfDay(),
			by.Sub, string(by.Role), by.Org, at).Scan(&row).Error
	})
	if err != nil {
		return models.PersonReadCheck{}, false, fmt.Errorf("record a check of the access log: %w", err)
	}
	return row.model(), created, nil
}

// ListPersonReadChecks is a keyset page of the checks, the last recorded first.
func (s *Store) ListPersonReadChecks(ctx context.Context, size int, token string) ([]models.PersonReadCheck, string, error) {
	q := s.db.WithContext(ctx).Table("person_read_checks").Select(personReadCheckColumns)
	return newestFirst(q, "checked_at", size, token, "list checks of the access log",
		func(r personReadCheckRow) (time.Time, int64) { return r.CheckedAt, r.ID }, personReadCheckRow.model)
}

// LastMonthUnchecked is the month before now's (models.LastMonth), and whether no check
// covers all of it: what the auditors' page says and the night's reminder tells.
func (s *Store) LastMonthUnchecked(ctx context.Context, now time.Time) (first, last models.Date, unchecked bool, err error) {
	first, last = models.LastMonth(now)
	checked, err := s.PersonReadsChecked(ctx, first, last)
	return first, last, err == nil && !checked, err
}

// PersonReadsChecked says whether a check covers every day from first to last.
func (s *Store) PersonReadsChecked(ctx context.Context, first, last models.Date) (bool, error) {
	var found bool
	err := s.db.WithContext(ctx).Raw(`SELECT EXISTS (SELECT 1 FROM person_read_checks
		WHERE period_from <= ?::date AND period_to >= ?::date)`, first.String(), last.String()).Scan(&found).Error
	if err != nil {
		return false, fmt.Errorf("find a check of the access log: %w", err)
	}
	return found, nil
}

const personReadCheckColumns = "id, period_from::text AS period_from, period_to::text AS period_to, outcome, note, reads, " +
	"actor_sub, actor_role, actor_org, checked_at"

// personReadCheckRow is a row of person_read_checks.
type personReadCheckRow struct {
	ID                            int64
	PeriodFrom, PeriodTo          string
	Outcome, Note                 string
	Reads                         int64
	ActorSub, ActorRole, ActorOrg string
	CheckedAt                     time.Time
}

func (r personReadCheckRow) model() models.PersonReadCheck {
	from, _ := models.ParseDate(r.PeriodFrom)
	to, _ := models.ParseDate(r.PeriodTo)
	return models.PersonReadCheck{ID: r.ID, From: from, To: to, Outcome: models.PersonReadCheckWhat(r.Outcome),
		Note: r.Note, Reads: r.Reads, By: models.Actor{Sub: r.ActorSub, Role: models.Role(r.ActorRole), Org: r.ActorOrg},
		CheckedAt: r.CheckedAt.In(models.Seoul)}
}

// AuditorOrgs are the organizations of the active auditors, to whom the reminder of a
// check goes.
func (s *Store) AuditorOrgs(ctx context.Context) ([]string, error) {
	var orgs []string
	err := s.db.WithContext(ctx).Table("users").Where("role = ? AND active", string(models.RoleAuditor)).
		Distinct("org").Order("org").Pluck("org", &orgs).Error
	if err != nil {
		return nil, fmt.Errorf("list the auditors' organizations: %w", err)
	}
	return orgs, nil
}
