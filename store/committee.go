package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/dsmarket/dsmarket/models"
)

// SaveSession writes the projection of a committee session; as for every projection, a
// late retry of an older version never replaces a newer one.
func (s *Store) SaveSession(ctx context.Context, cs *models.CommitteeSession) error {
	members := cs.Members
	if members == nil {
		members = []string{}
	}
	membersJSON, err := json.Marshal(members)
	if err != nil {
		return fmt.Errorf("save session %s: %w", cs.ID, err)
	}
	return s.saveProjection(ctx, projection{
		table: "committee_sessions", what: "session " + cs.ID, key: col("id", cs.ID),
		columns: []column{
			col("workflow_id", cs.WorkflowID), dateCol("held_on", &cs.HeldOn), col("status", string(cs.Status)),
			col("members", string(membersJSON)).as("jsonb"), col("opened_by", cs.OpenedBy),
			col("opened_at", cs.OpenedAt), col("closed_at", cs.ClosedAt),
		},
		version: cs.Version(), doc: cs,
		audit: auditCase{"committee_session", cs.ID, cs.WorkflowID}, steps: cs.Steps,
	})
}

// SessionFilter selects committee sessions; zero values mean "any".
type SessionFilter struct {
	Status    models.SessionStatus
	PageSize  int
	PageToken string
}

// ListSessions lists committee sessions by date, latest first (then by ID, latest first),
// one page at a time.
func (s *Store) ListSessions(ctx context.Context, f SessionFilter) ([]models.CommitteeSession, string, error) {
	beforeDay, beforeID, err := decodeKeyedToken(f.PageToken, func(day string) (string, error) {
		_, err := models.ParseDate(day)
		return day, err
	})
	if err != nil {
		return nil, "", err
	}
	tx := where(s.db.WithContext(ctx).Table("committee_sessions").Select("id, held_on AS sort, doc"),
		eq("status", string(f.Status)))
	if beforeID != "" {
		tx = tx.Where("(held_on, id) < (?::date, ?)", beforeDay, beforeID)
	}
	return docPage[time.Time, models.CommitteeSession](tx.Order("held_on DESC, id DESC"), pageSize(f.PageSize),
		"sessions", "session", func(last keyedRow[time.Time]) string {
			return encodeKeyedToken(dateFromDB(&last.Sort).String(), last.ID)
		})
}

// NextOpenSession returns the earliest open session (by date, then ID) other than those
// in skip, the sessions an application already failed to join; nil when there is none.
func (s *Store) NextOpenSession(ctx context.Context, skip []string) (*models.CommitteeSession, error) {
	tx := s.db.WithContext(ctx).Table("committee_sessions").Select("id, doc").
		Where("status = ?", string(models.SessionOpen))
	if len(skip) > 0 {
		// Only with a non-empty list: NOT IN () would be written NOT IN (NULL), which is never true.
		tx = tx.Where("id NOT IN ?", skip)
	}
	var rows []struct {
		ID  string
		Doc []byte
	}
	if err := tx.Order("held_on, id").Limit(1).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("next open session: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	return decodeDoc[models.CommitteeSession]("session", rows[0].ID, rows[0].Doc)
}

// UsersWithRole tells, for each of subs, whether an active user with that subject holds
// role; the operator's session form uses it to refuse members who are not on the committee
// (or were deactivated).
func (s *Store) UsersWithRole(ctx context.Context, role models.Role, subs []string) (map[string]bool, error) {
	out := make(map[string]bool, len(subs))
	for _, sub := range subs {
		out[strings.TrimSpace(sub)] = false
	}
	if len(subs) == 0 {
		return out, nil
	}
	var found []string
	err := s.db.WithContext(ctx).Table("users").Where("role = ? AND active AND sub IN ?", string(role), keys(out)).
		Pluck("sub", &found).Error
	if err != nil {
		return nil, fmt.Errorf("users with role %s: %w", role, err)
	}
	for _, sub := range found {
		out[sub] = true
	}
	return out, nil
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
