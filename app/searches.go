package app

import (
	"context"
	"strings"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// Searches keeps the frozen direct-award searches (docs/searches.md): an agency saves a
// catalog search as evidence, evaluates its candidates and ends it with an outcome; a
// direct contract that names it must be for one of its services. A search is a record,
// not a process: nothing waits on it, so no workflow runs it. Agencies see their own
// organization's searches, auditors every one; to anyone else a search does not exist.
type Searches struct{ service }

func searchNotFound(id string) error {
	return models.Refuse(models.ENOTFOUND, models.Msg("error.search_not_found", "search", id))
}

// Create runs the catalog search of in and saves its results as they stand now. A retry
// with the same Idempotency-Key answers the search the first request saved. The search
// runs before the key is claimed, so a refused search (more than 100 results) binds no key.
func (s *Searches) Create(ctx context.Context, by models.Actor, in models.SearchInput, key string) (Registered[*models.Search], error) {
	title, q, err := models.ParseSearch(in)
	if err != nil {
		return Registered[*models.Search]{}, err
	}
	results, err := s.Store.FreezeSearchResults(ctx, q)
	if err != nil {
		return Registered[*models.Search]{}, err
	}
	id, _, err := claimID(ctx, s.Store, "searches", by, key, struct {
		Title string             `json:"title"`
		Query models.SearchQuery `json:"query"`
	}{title, q}, func(ctx context.Context) (string, error) { return s.Store.NextSearchID(ctx) })
	if err != nil {
		return Registered[*models.Search]{}, err
	}
	// Concurrent first requests under one key share the winner's ID; whichever inserts
	// first saves its results, and all of them answer that row.
	sr := models.NewSearch(id, title, q, results, by, s.now(), requestIDOf(ctx))
	created, err := s.Store.InsertSearch(ctx, sr)
	if err != nil {
		return Registered[*models.Search]{}, err
	}
	got, err := s.Store.GetSearch(ctx, id)
	return Registered[*models.Search]{Item: got, Created: created}, err
}

// Get reads a search as by may see it.
func (s *Searches) Get(ctx context.Context, by models.Actor, id string) (*models.Search, error) {
	sr, err := s.Store.GetSearch(ctx, id)
	if err != nil {
		return nil, err
	}
	if !canRead(by, sr) {
		return nil, searchNotFound(id)
	}
	return sr, nil
}

func canRead(by models.Actor, sr *models.Search) bool {
	return by.Role == models.RoleAuditor || (by.Role == models.RoleAgency && by.Org == sr.AgencyOrg)
}

// Download reads a search for a download in format (json or csv) and records the download
// first, so that the answer lists it among the downloads.
func (s *Searches) Download(ctx context.Context, by models.Actor, id, format string) (*models.Search, error) {
	sr, err := s.Get(ctx, by, id)
	if err != nil {
		return nil, err
	}
	at := s.now().Truncate(time.Microsecond) // as PostgreSQL keeps it, so a later read agrees
	if err := s.Store.RecordSearchDownload(ctx, id, format, by, at); err != nil {
		return nil, err
	}
	sr.Downloads = append(sr.Downloads, models.SearchDownload{Format: format, By: by.Sub, Org: by.Org, At: at})
	return sr, nil
}

// List pages the searches by may see, newest first.
func (s *Searches) List(ctx context.Context, by models.Actor, _ struct{}, size int, token string) ([]models.Search, string, error) {
	org := ""
	if by.Role != models.RoleAuditor {
		if by.Org == "" {
			return nil, "", nil // the store reads an empty organization as "every one"
		}
		org = by.Org
	}
	return s.Store.ListSearches(ctx, org, size, token)
}

// Evaluate records the agency's evaluation and choice, replacing an earlier one while the
// search is open (the audit log keeps each).
func (s *Searches) Evaluate(ctx context.Context, by models.Actor, id, key string, in models.SearchEvaluationInput) (*models.Search, error) {
	return s.change(ctx, by, id, key, "searches/evaluation", in, func(sr *models.Search) error {
		ev, err := sr.Evaluate(in, by, s.now())
		if err != nil {
			return err
		}
		return sr.SetEvaluation(ev, by, requestIDOf(ctx))
	})
}

// SetOutcome ends an open search as none_suitable or cancelled.
func (s *Searches) SetOutcome(ctx context.Context, by models.Actor, id, key string, in models.SearchOutcomeInput) (*models.Search, error) {
	o, reason, err := models.ParseSearchOutcome(in)
	if err != nil {
		return nil, err
	}
	return s.change(ctx, by, id, key, "searches/outcome", in, func(sr *models.Search) error {
		return sr.Close(o, reason, by, s.now(), requestIDOf(ctx))
	})
}

// change applies apply to the caller's own search under the search's row lock. Under an
// Idempotency-Key a repeat of the same request answers the search as it now stands
// without applying it again; apply's refusal binds no key.
func (s *Searches) change(ctx context.Context, by models.Actor, id, key, scope string, request any,
	apply func(*models.Search) error) (*models.Search, error) {
	claim := store.KeyClaim{Scope: scope, Caller: callerOf(by), Key: key, RequestHash: hashOf(struct {
		ID      string `json:"id"`
		Request any    `json:"request"`
	}{id, request})}
	out, err := s.Store.UpdateSearchOnce(ctx, id, claim, func(sr *models.Search) error {
		if by.Role != models.RoleAgency || by.Org != sr.AgencyOrg {
			return searchNotFound(id)
		}
		return apply(sr)
	})
	if err != nil {
		return nil, err
	}
	if !canRead(by, out) {
		return nil, searchNotFound(id)
	}
	return out, nil
}

// searchForContract checks that a contract's search_id names a search of the caller's
// organization that froze serviceID. Another agency's search is "not found" here too,
// on the field, so that a contract reveals nothing of it. Whether the search is still
// open is decided when the contract takes it (contractSearch). It returns the search as read.
func (s *Searches) searchForContract(ctx context.Context, by models.Actor, searchID, serviceID string) (*models.Search, error) {
	sr, err := s.Store.GetSearch(ctx, strings.TrimSpace(searchID))
	switch {
	case models.ErrorCode(err) == models.ENOTFOUND || (err == nil && sr.AgencyOrg != by.Org):
		return nil, models.FieldInvalid("search_id", models.Msg("invalid.search_not_yours"))
	case err != nil:
		return nil, err
	}
	if _, ok := sr.Result(serviceID); !ok {
		var fe models.Fields
		fe.AddText("service_id", models.Msg("invalid.search_result_not_found", "search", sr.ID))
		fe.AddText("search_id", models.Msg("invalid.search_lacks_service", "service", serviceID))
		return nil, fe.Err()
	}
	if sr.Outcome.Final() && sr.Outcome != models.SearchContracted {
		return nil, models.FieldInvalid("search_id", models.Msg("invalid.search_ended", "outcome", "srstatus."+string(sr.Outcome)))
	}
	return sr, nil
}

// contractSearch ends the search as contracted by contractID: the same contract again is
// a retry and changes nothing; another contract is refused (422 on search_id).
func (s *Searches) contractSearch(ctx context.Context, by models.Actor, searchID, contractID string) error {
	_, err := s.Store.UpdateSearch(ctx, strings.TrimSpace(searchID), func(sr *models.Search) error {
		return sr.Contract(contractID, by, s.now(), requestIDOf(ctx))
	})
	return err
}
