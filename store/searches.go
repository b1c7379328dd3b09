package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/dsmarket/dsmarket/models"
)

// Frozen direct-award searches (migration 00019, docs/searches.md). A search's query and
// results never change once saved; its evaluation and outcome change under a row lock, and
// each change is appended to the audit log with the search's steps as its timeline.

// NextSearchID draws the next search number: SR-<6 digits>.
func (s *Store) NextSearchID(ctx context.Context) (string, error) {
	n, err := s.nextval(ctx, "search_id_seq")
	if err != nil {
		return "", fmt.Errorf("next search id: %w", err)
	}
	return fmt.Sprintf("SR-%06d", n), nil
}

// ErrTooManyResults is the refusal of a search that finds more than MaxSearchResults.
func errTooManyResults() error {
	return models.FieldInvalid("q", models.Msg("invalid.search_too_many_results", "max", strconv.Itoa(models.MaxSearchResults)))
}

// FreezeSearchResults runs the catalog search q and returns its results as they stand now,
// each with its service's version, in the search's order. More than MaxSearchResults is a
// 422 on q asking to narrow the search. The fields of the results are read again by ID in
// one statement, so that all of them (the version included) come from one snapshot.
func (s *Store) FreezeSearchResults(ctx context.Context, q models.SearchQuery) ([]models.SearchResult, error) {
	f := q.Filter()
	f.PageSize = models.MaxSearchResults + 1
	found, _, err := s.SearchServices(ctx, f)
	if err != nil {
		return nil, err
	}
	if len(found) > models.MaxSearchResults {
		return nil, errTooManyResults()
	}
	ids := make([]string, len(found))
	for i, svc := range found {
		ids[i] = svc.ID
	}
	type frozenRow struct {
		ID, Name, Type, Subtype, ProviderOrg, ProviderName string
		Version                                            int
	}
	var rows []frozenRow
	if len(ids) > 0 {
		err = s.db.WithContext(ctx).Raw(`SELECT s.id, s.name, s.type, s.subtype, s.version,
			p.org AS provider_org, p.name AS provider_name
			FROM services s JOIN providers p ON p.org = s.provider_org WHERE s.id IN ?`, ids).Scan(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("freeze search: %w", err)
		}
	}
	byID := make(map[string]frozenRow, len(rows))
	for _, r := range rows {
		byID[r.ID] = r
	}
	out := make([]models.SearchResult, 0, len(rows))
	for _, id := range ids {
		r, ok := byID[id]
		if !ok {
			continue // removed from the catalog between the two reads: not there at this instant
		}
		out = append(out, models.SearchResult{ServiceID: r.ID, Name: r.Name, Type: models.ServiceType(r.Type),
			Subtype: models.Subtype(r.Subtype), Version: r.Version,
			Provider: models.SearchProvider{Org: r.ProviderOrg, Name: r.ProviderName}})
	}
	return out, nil
}

// searchRow is a row of searches.
type searchRow struct {
	ID            string
	AgencyOrg     string
	Title         string
	Query         []byte
	Results       []byte
	Count         int
	SHA256        string `gorm:"column:sha256"`
	CreatedBy     string
	CreatedAt     time.Time
	Outcome       string
	OutcomeReason string
	OutcomeAt     *time.Time
	Evaluation    []byte
	ContractID    *string
	Steps         []byte
}

const searchColumns = `id, agency_org, title, query, results, count, sha256, created_by, created_at,
	outcome, outcome_reason, outcome_at, evaluation, contract_id, steps`

func (r searchRow) model() (*models.Search, error) {
	out := &models.Search{ID: r.ID, AgencyOrg: r.AgencyOrg, Title: r.Title, Count: r.Count, SHA256: r.SHA256,
		CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt, Outcome: models.SearchOutcome(r.Outcome),
		OutcomeReason: r.OutcomeReason, OutcomeAt: r.OutcomeAt, Downloads: []models.SearchDownload{}}
	if r.ContractID != nil {
		out.ContractID = *r.ContractID
	}
	for _, part := range []struct {
		raw []byte
		dst any
	}{{r.Query, &out.Query}, {r.Results, &out.Results}, {r.Steps, &out.Steps}, {r.Evaluation, &out.Evaluation}} {
		if len(part.raw) == 0 {
			continue
		}
		if err := json.Unmarshal(part.raw, part.dst); err != nil {
			return nil, fmt.Errorf("decode search %s: %w", r.ID, err)
		}
	}
	if out.Results == nil {
		out.Results = []models.SearchResult{}
	}
	return out, nil
}

func searchAudit(id string) auditCase {
	return auditCase{Type: "search", ID: id, WorkflowID: "search-" + id}
}

// InsertSearch saves a new search, unless one with its ID exists (a retry under the same
// Idempotency-Key), and logs its first step; it reports whether this call saved it.
func (s *Store) InsertSearch(ctx context.Context, sr *models.Search) (bool, error) {
	query, _ := json.Marshal(sr.Query)
	results, _ := json.Marshal(sr.Results)
	steps, _ := json.Marshal(sr.Steps)
	inserted := false
	err := s.writeSearch(ctx, sr.ID, func(tx *gorm.DB) ([]models.Step, error) {
		res := tx.Exec(`INSERT INTO searches (id, agency_org, title, query, results, count, sha256, created_by,
			created_at, outcome, steps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
			sr.ID, sr.AgencyOrg, sr.Title, query, results, sr.Count, sr.SHA256, sr.CreatedBy, sr.CreatedAt,
			string(sr.Outcome), steps)
		if res.Error != nil || res.RowsAffected == 0 {
			return nil, res.Error
		}
		inserted = true
		return sr.Steps, nil
	})
	if err != nil {
		return false, fmt.Errorf("save search %s: %w", sr.ID, err)
	}
	return inserted, nil
}

// writeSearch runs write and appends the steps it returns to the audit log, sealed before
// it returns, as a case's projection write does.
func (s *Store) writeSearch(ctx context.Context, id string, write func(tx *gorm.DB) ([]models.Step, error)) error {
	return s.writeAudited(ctx, searchAudit(id), write)
}

// GetSearch reads a search and its downloads, oldest first.
func (s *Store) GetSearch(ctx context.Context, id string) (*models.Search, error) {
	return s.getSearch(s.db.WithContext(ctx), id, "")
}

func (s *Store) getSearch(tx *gorm.DB, id, lock string) (*models.Search, error) {
	var rows []searchRow
	if err := tx.Raw(`SELECT `+searchColumns+` FROM searches WHERE id = ?`+lock, id).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("get search %s: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, models.Refuse(models.ENOTFOUND, models.Msg("error.search_not_found", "search", id))
	}
	out, err := rows[0].model()
	if err != nil {
		return nil, err
	}
	var dl []struct {
		Format, BySub, ByOrg string
		At                   time.Time
	}
	if err := tx.Raw(`SELECT format, by_sub, by_org, at FROM search_downloads WHERE search_id = ? ORDER BY at, ctid`, id).
		Scan(&dl).Error; err != nil {
		return nil, fmt.Errorf("get search %s downloads: %w", id, err)
	}
	for _, d := range dl {
		out.Downloads = append(out.Downloads, models.SearchDownload{Format: d.Format, By: d.BySub, Org: d.ByOrg, At: d.At})
	}
	return out, nil
}

// ListSearches pages the searches of agency (every agency's when empty), newest first.
func (s *Store) ListSearches(ctx context.Context, agency string, requested int, pageToken string) ([]models.Search, string, error) {
	before, err := decodePageToken(pageToken)
	if err != nil {
		return nil, "", err
	}
	size := pageSize(requested)
	tx := where(s.db.WithContext(ctx).Table("searches").Select(searchColumns), eq("agency_org", agency))
	if before != "" {
		tx = tx.Where("id < ?", before)
	}
	var rows []searchRow
	if err := tx.Order("id DESC").Limit(size + 1).Scan(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("list searches: %w", err)
	}
	rows, next := keysetPage(rows, size, func(last searchRow) string { return encodePageToken(last.ID) })
	out := make([]models.Search, len(rows))
	for i, r := range rows {
		m, err := r.model()
		if err != nil {
			return nil, "", err
		}
		out[i] = *m
	}
	return out, next, nil
}

// RecordSearchDownload records that by downloaded the search in format at at.
func (s *Store) RecordSearchDownload(ctx context.Context, id, format string, by models.Actor, at time.Time) error {
	err := s.db.WithContext(ctx).Exec(`INSERT INTO search_downloads (search_id, format, by_sub, by_org, at)
		VALUES (?, ?, ?, ?, ?)`, id, format, by.Sub, by.Org, at).Error
	if err != nil {
		return fmt.Errorf("record download of search %s: %w", id, err)
	}
	return nil
}

// UpdateSearch changes a search under its row lock: change sees the current search and
// changes its evaluation, outcome or contract, appending a step; concurrent changes apply
// one after the other, each to what the one before left. An error from change changes
// nothing and is returned as it is.
func (s *Store) UpdateSearch(ctx context.Context, id string, change func(*models.Search) error) (*models.Search, error) {
	return s.UpdateSearchOnce(ctx, id, KeyClaim{}, change)
}

// KeyClaim is a caller's Idempotency-Key on one request: Key "" for none.
type KeyClaim struct {
	Scope, Caller, Key, RequestHash string
}

// UpdateSearchOnce is UpdateSearch under the caller's key: the key is bound in the change's
// own transaction, behind the search's row lock, so that of two requests with one key (a
// double click, a retry racing its original) one changes the search and the other finds
// the key bound and answers the search as it stands. A refused change binds no key; the
// same key with another request is EIDEMPOTENCY.
func (s *Store) UpdateSearchOnce(ctx context.Context, id string, claim KeyClaim, change func(*models.Search) error) (*models.Search, error) {
	var out *models.Search
	err := s.writeSearch(ctx, id, func(tx *gorm.DB) ([]models.Step, error) {
		cur, err := s.getSearch(tx, id, " FOR UPDATE")
		if err != nil {
			return nil, err
		}
		if claim.Key != "" {
			_, found, err := lookupIdempotencyKey(tx, claim.Scope, claim.Caller, claim.Key, claim.RequestHash)
			if err != nil {
				return nil, err
			}
			if found {
				out = cur
				return nil, nil // the key's first request changed it
			}
		}
		before := len(cur.Steps)
		if err := change(cur); err != nil {
			return nil, err
		}
		out = cur
		if claim.Key != "" {
			res := tx.Exec(`INSERT INTO idempotency_keys (scope, caller, key, request_hash, resource_id, created_at)
				VALUES (?, ?, ?, ?, ?, now()) ON CONFLICT (scope, caller, key) DO NOTHING`,
				claim.Scope, claim.Caller, claim.Key, claim.RequestHash, id)
			if res.Error != nil {
				return nil, fmt.Errorf("claim idempotency key: %w", res.Error)
			}
			if res.RowsAffected == 0 {
				// Taken meanwhile by a request for another search (one for this search
				// waits for the row lock): the same key for another request.
				return nil, errIdempotencyMismatch()
			}
		}
		if len(cur.Steps) == before {
			return nil, nil // nothing changed: an idempotent repeat
		}
		ev, _ := json.Marshal(cur.Evaluation)
		steps, _ := json.Marshal(cur.Steps)
		return cur.Steps, tx.Exec(`UPDATE searches SET outcome = ?, outcome_reason = ?, outcome_at = ?,
			evaluation = ?::jsonb, contract_id = ?, steps = ? WHERE id = ?`,
			string(cur.Outcome), cur.OutcomeReason, cur.OutcomeAt, nullJSON(cur.Evaluation != nil, ev),
			nullIfEmpty(cur.ContractID), steps, id).Error
	})
	var me *models.Error
	if errors.As(err, &me) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("update search %s: %w", id, err)
	}
	return out, nil
}

func nullJSON(present bool, b []byte) any {
	if !present {
		return nil
	}
	return string(b)
}
