package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dsmarket/dsmarket/models"
)

type relationRow struct {
	PersonSub  string
	BusinessNo string
	Kind       string
	Since      *time.Time
	Until      *time.Time
	Note       string
}

func (r relationRow) model() models.Relation {
	return models.Relation{PersonSub: r.PersonSub, BusinessNo: r.BusinessNo, Kind: models.RelationKind(r.Kind),
		Since: dateFromDB(r.Since), Until: dateFromDB(r.Until), Note: r.Note}
}

// ListRelations returns the relations a person declared, in the order declared.
func (s *Store) ListRelations(ctx context.Context, personSub string) ([]models.Relation, error) {
	rels, err := s.relations(ctx, "person_sub = ?", personSub)
	if err != nil {
		return nil, fmt.Errorf("relations of %s: %w", personSub, err)
	}
	return rels, nil
}

// relationsWith returns the relations of each of subs with the provider businessNo; the
// others cannot make a conflict with it.
func (s *Store) relationsWith(ctx context.Context, subs []string, businessNo string) (map[string][]models.Relation, error) {
	out := map[string][]models.Relation{}
	if len(subs) == 0 {
		return out, nil
	}
	rels, err := s.relations(ctx, "person_sub IN ? AND business_no = ?", subs, businessNo)
	if err != nil {
		return nil, err
	}
	for _, r := range rels {
		out[r.PersonSub] = append(out[r.PersonSub], r)
	}
	return out, nil
}

// relations reads declared relations matching where, in the order declared.
func (s *Store) relations(ctx context.Context, where string, args ...any) ([]models.Relation, error) {
	var rows []relationRow
	err := s.db.WithContext(ctx).Table("conflict_relations").
		Select("person_sub, business_no, kind, since, until, note").
		Where(where, args...).Order("id").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]models.Relation, len(rows))
	for i, r := range rows {
		out[i] = r.model()
	}
	return out, nil
}

// ExpertCandidates tells, for each person proposed as expert of an application by the
// provider businessNo, whether they are an expert and why they may not review it on date
// on. Subjects are trimmed the way the assignment reads them, and each appears once, in
// the order first proposed.
func (s *Store) ExpertCandidates(ctx context.Context, subs []string, businessNo string, on models.Date, pins *models.CasePins) ([]models.ExpertCandidate, error) {
	var uniq []string
	seen := map[string]bool{}
	for _, sub := range subs {
		sub = strings.TrimSpace(sub)
		if !seen[sub] {
			seen[sub] = true
			uniq = append(uniq, sub)
		}
	}
	if len(uniq) == 0 {
		return []models.ExpertCandidate{}, nil
	}
	var users []userRow
	if err := s.db.WithContext(ctx).Where("sub IN ?", uniq).Find(&users).Error; err != nil {
		return nil, fmt.Errorf("expert candidates: %w", err)
	}
	byID := make(map[string]userRow, len(users))
	for _, u := range users {
		byID[u.Sub] = u
	}
	rels, err := s.relationsWith(ctx, uniq, businessNo)
	if err != nil {
		return nil, fmt.Errorf("expert candidates: %w", err)
	}
	out := make([]models.ExpertCandidate, len(uniq))
	for i, sub := range uniq {
		u, known := byID[sub]
		out[i] = models.ExpertCandidate{
			Sub: sub, Name: u.Name, IsExpert: known && u.Role == string(models.RoleExpert) && u.Active,
			Conflict: models.ConflictOfPinned(rels[sub], businessNo, on, pins),
		}
	}
	return out, nil
}

// Conflicts returns, for those of subs who may not review the provider businessNo on date
// on, why not (sub → reason); the others are absent.
func (s *Store) Conflicts(ctx context.Context, subs []string, businessNo string, on models.Date, pins *models.CasePins) (map[string]string, error) {
	rels, err := s.relationsWith(ctx, subs, businessNo)
	if err != nil {
		return nil, fmt.Errorf("conflicts of interest: %w", err)
	}
	out := map[string]string{}
	for sub, rs := range rels {
		if why := models.ConflictOfPinned(rs, businessNo, on, pins); why != "" {
			out[sub] = why
		}
	}
	return out, nil
}
