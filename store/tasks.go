package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/dsmarket/dsmarket/models"
)

// TaskFilter selects tasks; zero values mean "any".
type TaskFilter struct {
	// AssigneeRole "" lists every role's tasks (the auditor's view).
	AssigneeRole models.Role
	// AssigneeSub lists the tasks assigned to that person.
	AssigneeSub string
	// IncludeRoleQueue adds the tasks of AssigneeRole that no one in particular holds (the
	// operators' queue). Without AssigneeSub it lists only that queue.
	IncludeRoleQueue bool
	Status           models.TaskStatus
	Kind             models.TaskKind
	// NotKind leaves a kind out (an operator's view of everyone's tasks leaves out the
	// members' votes, whose progress is the ballot's secret).
	NotKind models.TaskKind
	CaseID  string
	// DueBy, when set, keeps the tasks due at or before it (with Status open: the overdue).
	DueBy     time.Time
	PageSize  int
	PageToken string
}

// ListTasks lists tasks by due time, soonest first, then by ID, one page at a time. The
// page token holds both, since many tasks fall due at the same instant (the end of a
// committee day). Overdue is left for the caller, who knows what time it is.
func (s *Store) ListTasks(ctx context.Context, f TaskFilter) ([]models.Task, string, error) {
	afterDue, afterID, err := decodeKeyedToken(f.PageToken, func(due string) (time.Time, error) {
		return time.Parse(time.RFC3339Nano, due)
	})
	if err != nil {
		return nil, "", err
	}
	tx := s.db.WithContext(ctx).Table("tasks").Select("id, due_at AS sort, doc")
	if f.AssigneeRole != "" {
		tx = tx.Where("assignee_role = ?", string(f.AssigneeRole))
		switch {
		case f.AssigneeSub != "" && f.IncludeRoleQueue:
			tx = tx.Where("assignee_sub IN ?", []string{f.AssigneeSub, ""})
		case f.AssigneeSub != "":
			tx = tx.Where("assignee_sub = ?", f.AssigneeSub)
		case f.IncludeRoleQueue:
			tx = tx.Where("assignee_sub = ''")
		}
	} else if f.AssigneeSub != "" {
		tx = tx.Where("assignee_sub = ?", f.AssigneeSub)
	}
	tx = where(tx, eq("status", string(f.Status)), eq("kind", string(f.Kind)), eq("case_id", f.CaseID))
	if f.NotKind != "" {
		tx = tx.Where("kind <> ?", string(f.NotKind))
	}
	if !f.DueBy.IsZero() {
		tx = tx.Where("due_at <= ?", f.DueBy)
	}
	if afterID != "" {
		tx = tx.Where("(due_at, id) > (?, ?)", afterDue, afterID)
	}
	// The column, not the document: it holds the microseconds PostgreSQL compares.
	return docPage[time.Time, models.Task](tx.Order("due_at, id"), pageSize(f.PageSize), "tasks", "task",
		func(last keyedRow[time.Time]) string {
			return encodeKeyedToken(last.Sort.UTC().Format(time.RFC3339Nano), last.ID)
		})
}

// GetTask returns one task as its case last wrote it.
func (s *Store) GetTask(ctx context.Context, id string) (models.Task, error) {
	var doc []byte
	err := s.db.WithContext(ctx).Table("tasks").Select("doc").Where("id = ?", id).Limit(1).Row().Scan(&doc)
	if err != nil {
		if isNoRows(err) {
			return models.Task{}, models.Refuse(models.ENOTFOUND, models.Msg("error.task_id_not_found", "task", id))
		}
		return models.Task{}, fmt.Errorf("get task %s: %w", id, err)
	}
	var t models.Task
	if err := json.Unmarshal(doc, &t); err != nil {
		return models.Task{}, fmt.Errorf("decode task %s: %w", id, err)
	}
	return t, nil
}

// OpenReviews counts each expert's open review tasks, by sub, for the operators choosing
// whom to assign; an expert with none is not in it.
func (s *Store) OpenReviews(ctx context.Context) (map[string]int, error) {
	var rows []struct {
		Sub string
		N   int
	}
	err := s.db.WithContext(ctx).Raw(`SELECT assignee_sub AS sub, count(*) AS n FROM tasks
		WHERE assignee_role = ? AND status = ? AND kind = ? AND assignee_sub <> '' GROUP BY assignee_sub`,
		string(models.RoleExpert), string(models.TaskOpen), string(models.TaskExpertReview)).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("count open reviews: %w", err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.Sub] = r.N
	}
	return out, nil
}
