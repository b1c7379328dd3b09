package app

import (
	"context"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// Directory is the registry the operator keeps by hand (API.md, "People and
// organizations"): provider organizations and agencies, the expert pool and the committee
// roster, and the relations each person declares, from which conflicts of interest are
// computed. Routes let only the operator write and the operator and auditors read; a
// provider or agency reads its own organization, and a pool member their own relations.
type Directory struct{ service }

// Registered is a registry write's answer: the object, and whether this request made it
// (201) or found it made by an earlier one (200).
type Registered[T any] struct {
	Item    T
	Created bool
}

// ListOrganizations pages the registered organizations.
func (s *Directory) ListOrganizations(ctx context.Context, _ models.Actor, f store.OrganizationFilter, size int, token string) ([]models.Organization, string, error) {
	return s.Store.ListOrganizations(ctx, f, size, token)
}

// GetOrganization reads one organization; a provider or agency may read only its own.
func (s *Directory) GetOrganization(ctx context.Context, by models.Actor, org string) (models.Organization, error) {
	if !readsRegistry(by) && by.Org != org {
		return models.Organization{}, models.Refuse(models.ENOTFOUND, models.Msg("error.organization_not_found", "org", org))
	}
	return s.Store.GetOrganization(ctx, org)
}

// RegisterOrganization registers a provider organization or an agency.
func (s *Directory) RegisterOrganization(ctx context.Context, by models.Actor, in models.OrganizationInput) (Registered[models.Organization], error) {
	o, err := models.ParseOrganization(in, s.now())
	if err != nil {
		return Registered[models.Organization]{}, err
	}
	out, created, err := s.Store.CreateOrganization(ctx, o, by, s.now())
	return Registered[models.Organization]{Item: out, Created: created}, err
}

// UpdateOrganization changes the fields the patch names.
func (s *Directory) UpdateOrganization(ctx context.Context, by models.Actor, org, _ string, p models.OrganizationPatch) (models.Organization, error) {
	now := s.now()
	return s.Store.UpdateOrganization(ctx, org, by, now, func(o models.Organization) (models.Organization, error) {
		return o.Patched(p, now)
	})
}

// ListPeople pages the expert pool and the committee roster; each person listed is a read
// of their record (personReads).
func (s *Directory) ListPeople(ctx context.Context, by models.Actor, f store.PeopleFilter, size int, token string) ([]models.User, string, error) {
	people, next, err := s.Store.ListPeople(ctx, f, size, token)
	if err != nil {
		return nil, "", err
	}
	subs := make([]string, len(people))
	for i, p := range people {
		subs[i] = p.Sub
	}
	if err := s.personReads(ctx, by, models.PersonReadList, subs...); err != nil {
		return nil, "", err
	}
	return people, next, nil
}

// GetPerson reads a member of the pool or roster, a read of their record (personReads).
func (s *Directory) GetPerson(ctx context.Context, by models.Actor, sub string) (models.User, error) {
	u, err := s.Store.GetPerson(ctx, sub)
	if err != nil {
		return models.User{}, err
	}
	if err := s.personReads(ctx, by, models.PersonReadRecord, sub); err != nil {
		return models.User{}, err
	}
	return u, nil
}

// Deactivated says whether a's person was taken off the expert pool or the committee
// roster: they lose access at once, whatever token or session they still hold, rather than
// reading applications until it expires. Whom the registry does not keep in a's role (the
// other roles, a person not registered, or registered in another role) is not its to refuse.
func (s *Directory) Deactivated(ctx context.Context, a models.Actor) (bool, error) {
	if a.Role != models.RoleExpert && a.Role != models.RoleCommittee {
		return false, nil
	}
	p, err := s.Store.GetPerson(ctx, a.Sub)
	switch {
	case models.ErrorCode(err) == models.ENOTFOUND:
		return false, nil
	case err != nil:
		return false, err
	}
	return p.Role == a.Role && !p.Active, nil
}

// RegisterPerson adds an expert or a committee member.
func (s *Directory) RegisterPerson(ctx context.Context, by models.Actor, in models.PersonInput) (Registered[models.User], error) {
	u, err := models.ParsePerson(in)
	if err != nil {
		return Registered[models.User]{}, err
	}
	out, created, err := s.Store.CreatePerson(ctx, u, by, s.now())
	return Registered[models.User]{Item: out, Created: created}, err
}

// UpdatePerson changes the fields the patch names; `active: false` deactivates, after which
// the person is neither assigned as an expert nor seated as a member, each review they have
// not given goes back to the operators' queue as an assignment, and each vote they have not
// cast counts as a recusal (release).
func (s *Directory) UpdatePerson(ctx context.Context, by models.Actor, sub, _ string, p models.PersonPatch) (models.User, error) {
	u, err := s.Store.UpdatePerson(ctx, sub, by, s.now(), func(u models.User) (models.User, error) { return u.Patched(p) })
	if err != nil || u.Active {
		return u, err
	}
	switch u.Role {
	case models.RoleExpert:
		return u, s.release(ctx, by, u, models.TaskExpertReview, step{Update: flow.UpdateReleaseExpert,
			Arg: flow.ReleaseExpertInput{Actor: by, Release: models.ReleaseExpertInput{Expert: sub}}})
	case models.RoleCommittee:
		return u, s.release(ctx, by, u, models.TaskCommitteeVote, step{Update: flow.UpdateReleaseMember,
			Arg: flow.ReleaseMemberInput{Actor: by, Release: models.ReleaseMemberInput{Member: sub}}})
	}
	return u, nil
}

// release sends an inactive person's release to every application where a task of theirs
// of the kind is open. It runs on every PATCH that leaves the person inactive, not only on
// the one that deactivated them, so that a retry after Temporal was unavailable (503)
// finishes the releases the first request could not send; a release already made is a
// conflict the model reports and this takes as done.
func (s *Directory) release(ctx context.Context, by models.Actor, u models.User, kind models.TaskKind, st step) error {
	var token string
	for {
		tasks, next, err := s.Store.ListTasks(ctx, store.TaskFilter{AssigneeRole: u.Role, AssigneeSub: u.Sub,
			Status: models.TaskOpen, Kind: kind, PageSize: models.MaxPageSize, PageToken: token})
		if err != nil {
			return err
		}
		for _, t := range tasks {
			_, err := applicationCase.update(ctx, &s.service, by, t.CaseID, st, applicationCase.conflict("release a person"))
			if err != nil && models.ErrorCode(err) != models.ECONFLICT {
				return err
			}
		}
		if next == "" {
			return nil
		}
		token = next
	}
}

// Relations reads the relations a member of the pool or roster declared.
func (s *Directory) Relations(ctx context.Context, by models.Actor, sub string) ([]models.Relation, error) {
	if _, err := s.GetPerson(ctx, by, sub); err != nil {
		return nil, err
	}
	return s.Store.ListRelations(ctx, sub)
}

// DeclareRelation records a relation for a member of the pool or roster (the operator
// declaring it for them).
func (s *Directory) DeclareRelation(ctx context.Context, by models.Actor, sub string, in models.RelationInput) (Registered[models.Relation], error) {
	r, err := models.ParseRelation(sub, in, s.now())
	if err != nil {
		return Registered[models.Relation]{}, err
	}
	out, created, err := s.Store.AddRelation(ctx, r, by, s.now())
	return Registered[models.Relation]{Item: out, Created: created}, err
}

// MyRelations reads the caller's own declared relations.
func (s *Directory) MyRelations(ctx context.Context, by models.Actor) ([]models.Relation, error) {
	return s.Relations(ctx, by, by.Sub)
}

// DeclareMyRelation records a relation the caller declares about themselves.
func (s *Directory) DeclareMyRelation(ctx context.Context, by models.Actor, in models.RelationInput) (Registered[models.Relation], error) {
	return s.DeclareRelation(ctx, by, by.Sub, in)
}

// readsRegistry tells the roles that read every organization.
func readsRegistry(by models.Actor) bool {
	return by.Role == models.RoleOperator || by.Role == models.RoleAuditor
}

// MySettings reads the caller's own record: their address, language and which notifications
// reach them by e-mail. A caller known by their organization's token alone has none (404).
func (s *Directory) MySettings(ctx context.Context, by models.Actor) (models.User, error) {
	u, err := s.Store.GetUser(ctx, by.Sub)
	if err != nil {
		return models.User{}, err
	}
	if !isSelf(by, u) {
		return models.User{}, models.Refuse(models.ENOTFOUND, models.Msg("error.person_not_found", "sub", by.Sub))
	}
	return u, nil
}

// UpdateMySettings changes the caller's language and e-mail notifications, and records the
// change as the operators' changes of a person are recorded.
func (s *Directory) UpdateMySettings(ctx context.Context, by models.Actor, in models.MySettings) (models.User, error) {
	return s.Store.UpdateUser(ctx, by.Sub, by, s.now(), func(u models.User) (models.User, error) {
		if !isSelf(by, u) {
			return models.User{}, models.Refuse(models.ENOTFOUND, models.Msg("error.person_not_found", "sub", by.Sub))
		}
		return u.Patched(in.Patch())
	})
}

// isSelf tells whether the record is the caller's: the subject, and the role and
// organization their token carries, so that a token of another role with the same subject
// reads nothing.
func isSelf(by models.Actor, u models.User) bool {
	return u.Sub == by.Sub && u.Role == by.Role && u.Org == by.Org
}

// OrganizationChanges is a page of the organization's change log, newest first: who
// registered it and who changed what since.
func (s *Directory) OrganizationChanges(ctx context.Context, by models.Actor, org string, size int, token string) ([]models.RegistryChange, string, error) {
	if _, err := s.GetOrganization(ctx, by, org); err != nil {
		return nil, "", err
	}
	return s.Store.RegistryChanges(ctx, []string{"organization"}, org, size, token)
}

// PersonChanges is a page of a pool member's change log with the relations declared for
// them, newest first.
func (s *Directory) PersonChanges(ctx context.Context, by models.Actor, sub string, size int, token string) ([]models.RegistryChange, string, error) {
	if _, err := s.GetPerson(ctx, by, sub); err != nil {
		return nil, "", err
	}
	return s.Store.RegistryChanges(ctx, []string{"person", "relation"}, sub, size, token)
}
