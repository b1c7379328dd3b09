package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/dsmarket/dsmarket/models"
)

// SaveApplication writes the projection of an application and of its tasks, in one
// transaction so that the inbox never shows tasks of a state the application list does
// not. As for orders, only a newer version replaces the stored row; when it does not, the
// tasks are left alone too, since they belong to the same (or a newer) state.
func (s *Store) SaveApplication(ctx context.Context, a *models.Application) error {
	var sessionID *string
	if a.Session != nil {
		sessionID = &a.Session.ID
	}
	return s.saveProjection(ctx, projection{
		table: "applications", what: "application " + a.ID, key: col("id", a.ID),
		columns: []column{
			col("workflow_id", a.WorkflowID), col("status", string(a.Status)), col("provider_org", a.Provider.Org),
			col("business_no", a.Provider.BusinessNo), col("service_name", a.Service.Name),
			col("service_type", string(a.Service.Type)), col("service_subtype", string(a.Service.Subtype)),
			col("applied_at", a.AppliedAt), col("closed_at", a.ClosedAt), col("session_id", sessionID),
			col("notice_no", nullIfEmpty(a.NoticeNo)), col("service_id", nullIfEmpty(a.ServiceID)),
		},
		version: a.Version(), doc: a,
		audit: auditCase{"application", a.ID, a.WorkflowID}, steps: a.Steps,
		onWritten: func(tx *gorm.DB) error { return saveTasks(tx, a.Tasks, a.Version()) },
	})
}

// taskColumns are written by saveTasks, in this order.
const taskColumns = `id, kind, case_type, case_id, workflow_id, title, assignee_role, assignee_sub,
	due_at, created_at, status, completed_at, completed_by, session_id, case_version, doc`

// saveTasks upserts a case's tasks in one statement. caseVersion guards each row the way
// the case's version guards the case.
func saveTasks(tx *gorm.DB, tasks []models.Task, caseVersion int) error {
	if len(tasks) == 0 {
		return nil
	}
	var sql strings.Builder
	sql.WriteString(`INSERT INTO tasks (` + taskColumns + `) VALUES `)
	args := make([]any, 0, len(tasks)*16)
	for i, t := range tasks {
		// Overdue depends on when the task is read, so the stored copy never carries it.
		t.Overdue = false
		doc, err := json.Marshal(t)
		if err != nil {
			return fmt.Errorf("task %s: %w", t.ID, err)
		}
		if i > 0 {
			sql.WriteString(", ")
		}
		sql.WriteString(`(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)`)
		args = append(args, t.ID, string(t.Kind), t.CaseType, t.CaseID, t.WorkflowID, t.Title,
			string(t.Assignee.Role), t.Assignee.Sub, t.DueAt, t.CreatedAt, string(t.Status),
			t.CompletedAt, t.CompletedBy, nullIfEmpty(t.SessionID), caseVersion, string(doc))
	}
	sql.WriteString(`
		ON CONFLICT (id) DO UPDATE SET
			kind = EXCLUDED.kind, case_type = EXCLUDED.case_type, case_id = EXCLUDED.case_id,
			workflow_id = EXCLUDED.workflow_id, title = EXCLUDED.title,
			assignee_role = EXCLUDED.assignee_role, assignee_sub = EXCLUDED.assignee_sub,
			due_at = EXCLUDED.due_at, created_at = EXCLUDED.created_at, status = EXCLUDED.status,
			completed_at = EXCLUDED.completed_at, completed_by = EXCLUDED.completed_by,
			session_id = EXCLUDED.session_id, case_version = EXCLUDED.case_version, doc = EXCLUDED.doc
		WHERE tasks.case_version < EXCLUDED.case_version`)
	if err := tx.Exec(sql.String(), args...).Error; err != nil {
		return fmt.Errorf("save tasks: %w", err)
	}
	return nil
}

// AwaitingApplicationWorkflowIDs returns the workflows of applications that wait for a
// committee session, oldest first, so that a new session can call them in.
func (s *Store) AwaitingApplicationWorkflowIDs(ctx context.Context) ([]string, error) {
	var ids []string
	err := s.db.WithContext(ctx).Table("applications").
		Where("status = ? AND session_id IS NULL", string(models.AppAwaitingCommittee)).
		Order("id").Pluck("workflow_id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("applications awaiting a session: %w", err)
	}
	return ids, nil
}

// nullIfEmpty stores an absent identifier as NULL, so that UNIQUE and IS NULL mean
// "none" rather than "the empty string".
func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// selectionLockClass is the first key of the advisory locks that serialize the
// registration of one application ("DSSL"); the second is a hash of its ID.
const selectionLockClass = 0x4453534c

// ServiceIDTaken says whether a catalog number is already used outside the database: by a
// service whose workflows still run after the database was restored from an older backup.
type ServiceIDTaken func(ctx context.Context, serviceID string) (bool, error)

// RegisterSelection issues the selection notice of a selected application and enters its
// service in the catalog as registered, selected today (Seoul), in one transaction. The
// notice is keyed by application ID, so a second call (a retried activity) returns the
// first notice and service and writes nothing. The provider's row is created from the
// application if the organization has none yet.
// The service's English name and description are the application's (empty when it gave
// none). The service's CSAP validity is the certificate's expiry as the application gave it
// (NULL when it gave none); its catalog (features, prices) is the application's, at
// version 1.
// The service's number is drawn past those taken says are used (nil: the catalog's own
// table decides alone).
func (s *Store) RegisterSelection(ctx context.Context, app *models.Application, now time.Time,
	taken ServiceIDTaken) (noticeNo, serviceID string, err error) {
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Two runs of the same registration at once would otherwise both find no notice
		// and both add a service; the second waits here and then finds the first's notice.
		if err := tx.Exec(`SELECT pg_advisory_xact_lock(?, hashtext(?))`, selectionLockClass, app.ID).Error; err != nil {
			return err
		}
		var prior []struct{ NoticeNo, ServiceID string }
		if err := tx.Raw(`SELECT notice_no, service_id FROM selection_notices WHERE application_id = ?`, app.ID).
			Scan(&prior).Error; err != nil {
			return err
		}
		if len(prior) > 0 {
			noticeNo, serviceID = prior[0].NoticeNo, prior[0].ServiceID
			return nil
		}
		if app.Status != models.AppSelected {
			return models.Conflict("register the selection", app.Status)
		}
		if err := ensureProvider(tx, app.Provider, now); err != nil {
			return err
		}
		var err error
		if serviceID, err = newServiceID(ctx, tx, taken); err != nil {
			return err
		}
		on := models.DateOf(now)
		err = tx.Exec(`
			INSERT INTO services (id, provider_org, name, name_en, description, description_en, type, subtype, status,
				selected_on, csap_valid_until, created_at, updated_at, features, features_en, prices)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::date, ?::date, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb)`,
			serviceID, app.Provider.Org, app.Service.Name, app.Service.NameEn, app.Service.Description, app.Service.DescriptionEn, string(app.Service.Type),
			string(app.Service.Subtype), string(models.ServiceRegistered), dateToDB(&on), dateToDB(app.CSAPValidUntil()), now, now,
			models.FeaturesJSON(app.Service.Features), models.FeaturesJSON(app.Service.FeaturesEn), models.PricesJSON(app.Service.Prices)).Error
		if err != nil {
			return fmt.Errorf("add service: %w", err)
		}
		n, err := nextvalTx(tx, "notice_no_seq")
		if err != nil {
			return err
		}
		noticeNo = fmt.Sprintf("DS-%d-%04d", now.In(models.Seoul).Year(), n)
		return tx.Exec(`INSERT INTO selection_notices (application_id, notice_no, service_id, issued_at)
			VALUES (?, ?, ?, ?)`, app.ID, noticeNo, serviceID, now).Error
	})
	if err != nil {
		return "", "", fmt.Errorf("register selection of %s: %w", app.ID, err)
	}
	return noticeNo, serviceID, nil
}

// ensureProvider adds the applicant as a provider unless its organization is one already.
// A business number is one company: if another organization holds it, the applicant's
// organization and number disagree, and a person must sort that out.
func ensureProvider(tx *gorm.DB, p models.Applicant, now time.Time) error {
	var holders []string
	if err := tx.Raw(`SELECT org FROM providers WHERE business_no = ?`, p.BusinessNo).Scan(&holders).Error; err != nil {
		return err
	}
	if len(holders) > 0 && holders[0] != p.Org {
		return models.Refuse(models.ECONFLICT, models.Msg("error.business_no_held",
			"business_no", p.BusinessNo, "holder", holders[0], "org", p.Org))
	}
	founded := p.FoundedOn
	return tx.Exec(`
		INSERT INTO providers (org, name, business_no, size, founded_on, created_at)
		VALUES (?, ?, ?, ?, ?::date, ?)
		ON CONFLICT (org) DO NOTHING`,
		p.Org, p.Name, p.BusinessNo, string(p.Size), dateToDB(&founded), now).Error
}

// newServiceID draws a catalog ID in the seeded format SVC-<4 digits or more>. The
// sequence starts above the demo catalog; the check covers services added by hand and, with
// taken, numbers held by services the database no longer knows of.
func newServiceID(ctx context.Context, tx *gorm.DB, taken ServiceIDTaken) (string, error) {
	for range 100 {
		n, err := nextvalTx(tx, "service_id_seq")
		if err != nil {
			return "", err
		}
		id := fmt.Sprintf("SVC-%04d", n)
		var inTable bool
		if err := tx.Raw(`SELECT EXISTS (SELECT 1 FROM services WHERE id = ?)`, id).Scan(&inTable).Error; err != nil {
			return "", err
		}
		if inTable {
			continue
		}
		if taken == nil {
			return id, nil
		}
		elsewhere, err := taken(ctx, id)
		if err != nil {
			return "", err
		}
		if !elsewhere {
			return id, nil
		}
	}
	return "", fmt.Errorf("no free service ID after 100 draws from service_id_seq")
}
