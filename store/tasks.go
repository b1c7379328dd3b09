package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
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
	CaseID           string
	PageSize         int
	PageToken        string
}

// ListTasks lists tasks by due time, soonest first, then by ID, one page at a time. The
// page token holds both, since many tasks fall due at the same instant (the end of a
// committee day). Overdue is left for the caller, who knows what time it is.
func (s *Store) ListTasks(ctx context.Context, f TaskFilter) ([]models.Task, string, error) {
	afterDue, afterID, err := decodeTaskToken(f.PageToken)
	if err != nil {
		return nil, "", err
	}
	size := pageSize(f.PageSize)
	tx := s.db.WithContext(ctx).Table("tasks").Select("id, due_at, doc")
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
	if afterID != "" {
		tx = tx.Where("(due_at, id) > (?, ?)", afterDue, afterID)
	}
	type taskRow struct {
		ID    string
		DueAt time.Time
		Doc   []byte
	}
	var rows []taskRow
	if err := tx.Order("due_at, id").Limit(size + 1).Scan(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("list tasks: %w", err)
	}
	// The column, not the document: it holds the microseconds PostgreSQL compares.
	rows, next := keysetPage(rows, size, func(last taskRow) string { return encodeTaskToken(last.DueAt, last.ID) })
	out := make([]models.Task, len(rows))
	for i, r := range rows {
		if err := json.Unmarshal(r.Doc, &out[i]); err != nil {
			return nil, "", fmt.Errorf("decode task %s: %w", r.ID, err)
		}
	}
	return out, next, nil
}

// GetTask returns one task as its case last wrote it.
func (s *Store) GetTask(ctx context.Context, id string) (models.Task, error) {
	var doc []byte
	err := s.db.WithContext(ctx).Table("tasks").Select("doc").Where("id = ?", id).Limit(1).Row().Scan(&doc)
	if err != nil {
		if isNoRows(err) {
			return models.Task{}, models.Errorf(models.ENOTFOUND, "task %s not found", id)
		}
		return models.Task{}, fmt.Errorf("get task %s: %w", id, err)
	}
	var t models.Task
	if err := json.Unmarshal(doc, &t); err != nil {
		return models.Task{}, fmt.Errorf("decode task %s: %w", id, err)
	}
	return t, nil
}

// A task page token is "<due_at RFC 3339 UTC>|<last ID>", opaque like every other token.
const keysetSep = "|"

func encodeTaskToken(due time.Time, id string) string {
	return encodePageToken(due.UTC().Format(time.RFC3339Nano) + keysetSep + id)
}

func decodeTaskToken(token string) (time.Time, string, error) {
	raw, err := decodePageToken(token)
	if err != nil || raw == "" {
		return time.Time{}, "", err
	}
	due, id, ok := strings.Cut(raw, keysetSep)
	t, perr := time.Parse(time.RFC3339Nano, due)
	if !ok || id == "" || perr != nil {
		return time.Time{}, "", invalidField("page_token", "is not a page token returned by this list")
	}
	return t, id, nil
}
