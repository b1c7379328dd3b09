package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/dsmarket/dsmarket/models"
)

// PeopleFilter narrows the pool's list; zero values mean any.
type PeopleFilter struct {
	Role   models.Role
	Active *bool
}

// ListPeople returns a keyset page of the expert pool and committee roster by subject.
func (s *Store) ListPeople(ctx context.Context, f PeopleFilter, size int, token string) ([]models.User, string, error) {
	after, err := decodePageToken(token)
	if err != nil {
		return nil, "", err
	}
	q := s.db.WithContext(ctx).Where("role IN ? AND sub > ?", poolRoles(), after)
	if f.Role != "" {
		q = q.Where("role = ?", string(f.Role))
	}
	if f.Active != nil {
		q = q.Where("active = ?", *f.Active)
	}
	return rowPage(q.Model(&userRow{}), "sub", size, "list people", func(r userRow) string { return r.Sub }, userRow.model)
}

func poolRoles() []string {
	out := make([]string, len(models.PoolRoles))
	for i, r := range models.PoolRoles {
		out[i] = string(r)
	}
	return out
}

// GetPerson reads a member of the pool or roster; anyone else is not found.
func (s *Store) GetPerson(ctx context.Context, sub string) (models.User, error) {
	return getPerson(s.db.WithContext(ctx), sub, false)
}

func getPerson(tx *gorm.DB, sub string, lock bool) (models.User, error) {
	return getUser(tx.Where("role IN ?", poolRoles()), sub, lock)
}

// GetUser reads anyone who signs in with a record here (a person of the pool or roster, or
// of an organization the demo seeds); anyone else is not found.
func (s *Store) GetUser(ctx context.Context, sub string) (models.User, error) {
	return getUser(s.db.WithContext(ctx), sub, false)
}

func getUser(tx *gorm.DB, sub string, lock bool) (models.User, error) {
	q := tx.Where("sub = ?", sub)
	if lock {
		q = q.Set("gorm:query_option", "FOR UPDATE")
	}
	var r userRow
	if err := q.Take(&r).Error; err != nil {
		return models.User{}, notFound(err, models.Msg("error.person_not_found", "sub", sub))
	}
	return r.model(), nil
}

// CreatePerson adds u to the pool or roster. Adding the same person again answers them (a
// retried request); a subject already taken by someone else is refused on the field.
func (s *Store) CreatePerson(ctx context.Context, u models.User, by models.Actor, at time.Time) (models.User, bool, error) {
	var out models.User
	created := false
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Exec(`INSERT INTO users (sub, name, name_en, role, org, affiliation, email, language, active,
				email_notifications, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sub) DO NOTHING`,
			u.Sub, u.Name, u.NameEn, string(u.Role), u.Org, u.Affiliation, u.Email, u.Language, u.Active,
			u.EmailNotifications, at, at)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 1 {
			created, out = true, u
			return recordDirectoryChange(tx, "person", u.Sub, nil, u, by, at)
		}
		var existing userRow
		if err := tx.Where("sub = ?", u.Sub).Take(&existing).Error; err != nil {
			return err
		}
		if existing.model() != u {
			return models.FieldInvalid("sub", models.Msg("invalid.sub_registered"))
		}
		out = u
		return nil
	})
	if err != nil {
		return models.User{}, false, err
	}
	return out, created, nil
}

// UpdatePerson applies change to a member of the pool or roster under a row lock and
// records the change; an unchanged result writes nothing.
func (s *Store) UpdatePerson(ctx context.Context, sub string, by models.Actor, at time.Time,
	change func(models.User) (models.User, error)) (models.User, error) {
	return s.updateUser(ctx, sub, by, at, getPerson, change)
}

// UpdateUser is UpdatePerson for anyone with a record (GetUser): a person's own settings.
func (s *Store) UpdateUser(ctx context.Context, sub string, by models.Actor, at time.Time,
	change func(models.User) (models.User, error)) (models.User, error) {
	return s.updateUser(ctx, sub, by, at, getUser, change)
}

func (s *Store) updateUser(ctx context.Context, sub string, by models.Actor, at time.Time,
	get func(*gorm.DB, string, bool) (models.User, error),
	change func(models.User) (models.User, error)) (models.User, error) {
	var before models.User
	return changeRecorded(s.db.WithContext(ctx), "person", sub, by, at,
		func(tx *gorm.DB) (models.User, error) {
			var err error
			before, err = get(tx, sub, true)
			return before, err
		}, change,
		func(a, b models.User) bool { return a == b },
		func(tx *gorm.DB, u models.User) error {
			err := tx.Table("users").Where("sub = ?", sub).Updates(map[string]any{"name": u.Name, "name_en": u.NameEn,
				"affiliation": u.Affiliation, "email": u.Email, "language": u.Language, "active": u.Active,
				"email_notifications": u.EmailNotifications, "updated_at": at}).Error
			if err != nil {
				return err
			}
			return insertNotices(tx, models.PersonChangedNotices(before, u, by, at))
		})
}

// insertNotices writes the notices of a change to the registry in the change's own
// transaction: a change is never made without its notice.
func insertNotices(tx *gorm.DB, notices []models.Notification) error {
	for _, n := range notices {
		w, err := notificationInsert(n)
		if err == nil {
			err = tx.Exec(w.sql, w.args...).Error
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// AddRelation records a relation a member of the pool or roster declares (or the operator
// declares for them). Declaring the same relation again records nothing new.
func (s *Store) AddRelation(ctx context.Context, r models.Relation, by models.Actor, at time.Time) (models.Relation, bool, error) {
	created := false
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		person, err := getPerson(tx, r.PersonSub, true)
		if err != nil {
			return err
		}
		var n int64
		err = tx.Table("conflict_relations").Where(`person_sub = ? AND business_no = ? AND kind = ?
			AND since IS NOT DISTINCT FROM ? AND until IS NOT DISTINCT FROM ? AND note = ?`,
			r.PersonSub, r.BusinessNo, string(r.Kind), dateToDB(r.Since), dateToDB(r.Until), r.Note).Count(&n).Error
		if err != nil || n > 0 {
			return err
		}
		err = tx.Exec(`INSERT INTO conflict_relations (person_sub, business_no, kind, since, until, note, declared_on, recorded_by)
			VALUES (?, ?, ?, ?::date, ?::date, ?, ?::date, ?)`, r.PersonSub, r.BusinessNo, string(r.Kind), dateToDB(r.Since),
			dateToDB(r.Until), r.Note, models.DateOf(at).String(), by.Sub).Error
		if err != nil {
			return err
		}
		created = true
		if err := insertNotices(tx, models.RelationDeclaredNotices(r, person, by, at)); err != nil {
			return err
		}
		return recordDirectoryChange(tx, "relation", r.PersonSub, nil, r, by, at)
	})
	if err != nil {
		return models.Relation{}, false, fmt.Errorf("declare relation: %w", err)
	}
	return r, created, nil
}
