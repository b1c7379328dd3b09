package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
)

// TestPersonReadChecks: a check keeps how many reads its period held; the same check sent
// again is the first; a second look with another outcome is a second check; a check is
// never changed; a month is checked only when one check covers all of it.
func TestPersonReadChecks(t *testing.T) {
	t.Parallel()
	s := storetest.New(t)
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, models.Seoul)
	op := models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"}
	for _, at := range []time.Time{
		time.Date(2026, 10, 31, 23, 59, 0, 0, models.Seoul), // before the period
		time.Date(2026, 11, 1, 0, 0, 0, 0, models.Seoul),
		time.Date(2026, 11, 30, 23, 59, 0, 0, models.Seoul),
		time.Date(2026, 12, 1, 0, 0, 0, 0, models.Seoul), // after it
	} {
		if err := s.RecordPersonReads(ctx, []string{"cho.expert"}, models.PersonReadRecord, op, store.ReadOrigin{}, at); err != nil {
			t.Fatal(err)
		}
	}
	auditor := models.Actor{Sub: "lee.auditor", Role: models.RoleAuditor, Org: "BAI"}
	in := models.PersonReadCheckInput{From: "2026-11-01", To: "2026-11-30", Outcome: "no_findings"}
	c, err := models.ParsePersonReadCheck(in, now)
	if err != nil {
		t.Fatal(err)
	}
	first, created, err := s.RecordPersonReadCheck(ctx, c, auditor, now)
	if err != nil || !created {
		t.Fatalf("recorded %v, %v", created, err)
	}
	if first.Reads != 2 || first.By != auditor || first.From.String() != "2026-11-01" || first.To.String() != "2026-11-30" {
		t.Errorf("check %+v: want the two reads of November, by the auditor", first)
	}
	again, created, err := s.RecordPersonReadCheck(ctx, c, auditor, now.Add(time.Minute))
	if err != nil || created || again != first {
		t.Errorf("retry: %+v, created %v, %v; want the first", again, created, err)
	}
	c.Outcome, c.Note = models.ReadCheckFindings, "a night read to ask about"
	if _, created, err := s.RecordPersonReadCheck(ctx, c, auditor, now.Add(time.Hour)); err != nil || !created {
		t.Errorf("a second look: created %v, %v", created, err)
	}
	list, _, err := s.ListPersonReadChecks(ctx, 10, "")
	if err != nil || len(list) != 2 || list[0].Outcome != models.ReadCheckFindings {
		t.Errorf("list %+v, %v: want the two checks, the last first", list, err)
	}
	if err := s.DB().Exec(`UPDATE person_read_checks SET outcome = 'no_findings'`).Error; err == nil {
		t.Error("a check was changed")
	}

	nov1, _ := models.ParseDate("2026-11-01")
	nov30, _ := models.ParseDate("2026-11-30")
	oct1, _ := models.ParseDate("2026-10-01")
	oct31, _ := models.ParseDate("2026-10-31")
	if ok, err := s.PersonReadsChecked(ctx, nov1, nov30); err != nil || !ok {
		t.Errorf("November checked: %v, %v", ok, err)
	}
	if ok, err := s.PersonReadsChecked(ctx, oct1, oct31); err != nil || ok {
		t.Errorf("October checked: %v, %v", ok, err)
	}
}
