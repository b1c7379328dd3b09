package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/dsmarket/dsmarket/models"
)

// Each case projection (orders, applications, committee sessions, contracts, change
// requests, quality cases) keeps the case as the workflow last wrote it in a jsonb column
// "doc"; these read it back the same way for all, and below are the reads of each kind.

// getDoc reads the doc of the row with this id from table; nounKey names the case in
// errors (case.order: "order", "카탈로그 주문").
func getDoc[T any](ctx context.Context, s *Store, table, nounKey, id string) (*T, error) {
	var doc []byte
	err := s.db.WithContext(ctx).Table(table).Select("doc").Where("id = ?", id).Limit(1).Row().Scan(&doc)
	if err != nil {
		if isNoRows(err) {
			return nil, models.Refuse(models.ENOTFOUND, models.Msg("error.case_id_not_found", "noun", nounKey, "id", id))
		}
		return nil, fmt.Errorf("get %s %s: %w", models.Msg(nounKey).English(), id, err)
	}
	return decodeDoc[T](nounKey, id, doc) // logs only: "decode case.order ORD-…"
}

func decodeDoc[T any](noun, id string, doc []byte) (*T, error) {
	var v T
	if err := json.Unmarshal(doc, &v); err != nil {
		return nil, fmt.Errorf("decode %s %s: %w", noun, id, err)
	}
	return &v, nil
}

// listDocs pages through the docs of a table newest first (by ID, which grows with time),
// where filters hold; the page token is the last ID of the page before.
func listDocs[T any](ctx context.Context, s *Store, table, noun string, requested int, pageToken string,
	filters ...filter) ([]T, string, error) {
	before, err := decodePageToken(pageToken)
	if err != nil {
		return nil, "", err
	}
	size := pageSize(requested)
	tx := where(s.db.WithContext(ctx).Table(table).Select("id, doc"), filters...)
	if before != "" {
		tx = tx.Where("id < ?", before)
	}
	return docPage[string, T](tx.Order("id DESC"), size, table, noun,
		func(last keyedRow[string]) string { return encodePageToken(last.ID) })
}

// GetOrder returns the stored copy of an order. The workflow holds the authoritative state;
// this copy may lag it by the activity that is writing it.
func (s *Store) GetOrder(ctx context.Context, id string) (*models.Order, error) {
	return getDoc[models.Order](ctx, s, "orders", "case.order", id)
}

// OrderFilter selects orders; zero values mean "any".
type OrderFilter struct {
	AgencyOrg   string
	ProviderOrg string
	Status      models.OrderStatus
	PageSize    int
	PageToken   string
}

// ListOrders lists orders newest first (by ID, which grows with time), one page at a time.
func (s *Store) ListOrders(ctx context.Context, f OrderFilter) ([]models.Order, string, error) {
	return listDocs[models.Order](ctx, s, "orders", "order", f.PageSize, f.PageToken,
		eq("agency_org", f.AgencyOrg), eq("provider_org", f.ProviderOrg), eq("status", string(f.Status)))
}

// GetApplication returns the stored copy of an application, which may lag the workflow
// by the activity that is writing it.
func (s *Store) GetApplication(ctx context.Context, id string) (*models.Application, error) {
	return getDoc[models.Application](ctx, s, "applications", "case.application", id)
}

// ApplicationFilter selects applications; zero values mean "any".
type ApplicationFilter struct {
	ProviderOrg string
	Status      models.ApplicationStatus
	PageSize    int
	PageToken   string
}

// ListApplications lists applications newest first (by ID, which grows with time), one
// page at a time.
func (s *Store) ListApplications(ctx context.Context, f ApplicationFilter) ([]models.Application, string, error) {
	return listDocs[models.Application](ctx, s, "applications", "application", f.PageSize, f.PageToken,
		eq("provider_org", f.ProviderOrg), eq("status", string(f.Status)))
}

// GetDirectContract returns the stored copy of a direct contract; the workflow holds the
// authoritative state.
func (s *Store) GetDirectContract(ctx context.Context, id string) (*models.DirectContract, error) {
	return getDoc[models.DirectContract](ctx, s, "direct_contracts", "case.contract", id)
}

// DirectContractFilter selects direct contracts; zero values mean "any".
type DirectContractFilter struct {
	AgencyOrg   string
	ProviderOrg string
	Status      models.DirectContractStatus
	PageSize    int
	PageToken   string
}

// ListDirectContracts lists direct contracts newest first (by ID), one page at a time.
func (s *Store) ListDirectContracts(ctx context.Context, f DirectContractFilter) ([]models.DirectContract, string, error) {
	return listDocs[models.DirectContract](ctx, s, "direct_contracts", "contract", f.PageSize, f.PageToken,
		eq("agency_org", f.AgencyOrg), eq("provider_org", f.ProviderOrg), eq("status", string(f.Status)))
}

// GetChangeRequest returns the stored copy of a change request.
func (s *Store) GetChangeRequest(ctx context.Context, id string) (*models.ChangeRequest, error) {
	return getDoc[models.ChangeRequest](ctx, s, "change_requests", "case.change_request", id)
}

// ChangeRequestFilter selects change requests; zero values mean "any".
type ChangeRequestFilter struct {
	ProviderOrg string
	ServiceID   string
	Status      models.ChangeRequestStatus
	// Statuses keeps the requests in any of them (with Status, in both).
	Statuses  []models.ChangeRequestStatus
	PageSize  int
	PageToken string
}

// ListChangeRequests lists change requests newest first, one page at a time.
func (s *Store) ListChangeRequests(ctx context.Context, f ChangeRequestFilter) ([]models.ChangeRequest, string, error) {
	return listDocs[models.ChangeRequest](ctx, s, "change_requests", "change request", f.PageSize, f.PageToken,
		eq("provider_org", f.ProviderOrg), eq("service_id", f.ServiceID), eq("status", string(f.Status)),
		in("status", f.Statuses))
}

// GetQualityCase returns the stored copy of a quality case, which may lag the workflow by
// the activity that is writing it.
func (s *Store) GetQualityCase(ctx context.Context, id string) (*models.QualityCase, error) {
	return getDoc[models.QualityCase](ctx, s, "quality_cases", "case.quality", id)
}

// QualityCaseFilter selects quality cases; zero values mean "any".
type QualityCaseFilter struct {
	ProviderOrg string
	ServiceID   string
	Year        int
	Status      models.QualityStatus
	PageSize    int
	PageToken   string
}

// ListQualityCases lists quality cases by ID, descending, one page at a time.
func (s *Store) ListQualityCases(ctx context.Context, f QualityCaseFilter) ([]models.QualityCase, string, error) {
	return listDocs[models.QualityCase](ctx, s, "quality_cases", "quality case", f.PageSize, f.PageToken,
		eq("provider_org", f.ProviderOrg), eq("service_id", f.ServiceID), eq("year", f.Year),
		eq("status", string(f.Status)))
}

// QualityAwaitingPreReview returns the quality cases whose report, or the finding that none
// came, waits for the operators' pre-review, soonest due first, at most limit, and how many
// wait in all.
func (s *Store) QualityAwaitingPreReview(ctx context.Context, limit int) ([]models.QualityCase, int64, error) {
	return queueOf[models.QualityCase](ctx, s, "quality_cases", "quality case", "(doc->>'prereview_due_at')::timestamptz, id",
		limit, eq("status", string(models.QualityReportSubmitted)))
}

// ChangesAwaitingDecision returns the information changes that wait for the operators'
// approval (a change touching a selection criterion waits for its re-review instead),
// oldest first, at most limit, and how many wait in all.
func (s *Store) ChangesAwaitingDecision(ctx context.Context, limit int) ([]models.ChangeRequest, int64, error) {
	return queueOf[models.ChangeRequest](ctx, s, "change_requests", "change request", "requested_at, id",
		limit, eq("status", string(models.ChangeSubmitted)), eq("path", string(models.ChangeApproval)))
}

// queueOf reads a queue of work that no task holds, which the inbox lists beside the tasks:
// the first limit docs of table where filters hold, in order, and how many there are in all.
func queueOf[T any](ctx context.Context, s *Store, table, noun, order string, limit int, filters ...filter) ([]T, int64, error) {
	// The window's count is taken before the limit: how many wait in all, in the same pass.
	var rows []struct {
		ID    string
		Doc   []byte
		Total int64
	}
	err := where(s.db.WithContext(ctx).Table(table), filters...).Select("id, doc, count(*) OVER () AS total").
		Order(order).Limit(limit).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("list the waiting %ss: %w", noun, err)
	}
	out, n := make([]T, 0, len(rows)), int64(0)
	for _, r := range rows {
		v, err := decodeDoc[T](noun, r.ID, r.Doc)
		if err != nil {
			return nil, 0, err
		}
		out, n = append(out, *v), r.Total
	}
	return out, n, nil
}

// GetSession returns the stored copy of a committee session.
func (s *Store) GetSession(ctx context.Context, id string) (*models.CommitteeSession, error) {
	return getDoc[models.CommitteeSession](ctx, s, "committee_sessions", "case.committee_session", id)
}
