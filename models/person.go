package models

import (
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"time"
)

// PoolRoles are the roles the operator keeps people for: the expert pool and the committee
// roster. Everyone else is known by their organization's token alone.
var PoolRoles = []Role{RoleExpert, RoleCommittee}

// PersonInput is the body of POST /people. Org is the organization the person's token
// carries; it defaults to the operator's (NIA keeps the pool).
type PersonInput struct {
	Sub         string `json:"sub"`
	Role        string `json:"role"`
	Name        string `json:"name"`
	Affiliation string `json:"affiliation"`
	Email       string `json:"email"`
	Language    string `json:"language"`
	Org         string `json:"org"`
}

// PersonPatch is the body of PATCH /people/{sub}; `active: false` deactivates. The subject
// and role never change: past steps are signed with them.
type PersonPatch struct {
	Name        *string `json:"name"`
	Affiliation *string `json:"affiliation"`
	Email       *string `json:"email"`
	Language    *string `json:"language"`
	Active      *bool   `json:"active"`
}

// subPattern is a subject as identity providers issue them: no spaces or controls, short
// enough to index, and no slash, so that it addresses /people/{sub} as one path segment.
var subPattern = regexp.MustCompile(`^[\x21-\x2e\x30-\x7e]{1,200}$`)

// PoolOrg is the organization of a pool member whose input names none.
const PoolOrg = "NIA"

// ParsePerson validates a new member of the expert pool or the committee roster.
func ParsePerson(in PersonInput) (User, error) {
	var fe Fields
	u := User{Sub: strings.TrimSpace(in.Sub), Org: strings.TrimSpace(in.Org), Active: true}
	if !subPattern.MatchString(u.Sub) {
		fe.Add("sub", "is required: the subject (sub) the person's identity provider issues, without spaces or slashes")
	}
	switch r := Role(strings.TrimSpace(in.Role)); r {
	case RoleExpert, RoleCommittee:
		u.Role = r
	default:
		fe.Add("role", "must be one of expert, committee")
	}
	if u.Org == "" {
		u.Org = PoolOrg
	} else if !orgIDPattern.MatchString(u.Org) {
		fe.Add("org", "must be 2 to 32 capital letters, digits or dashes")
	}
	lang := in.Language
	if strings.TrimSpace(lang) == "" {
		lang = "ko"
	}
	u = u.apply(PersonPatch{Name: &in.Name, Affiliation: &in.Affiliation, Email: &in.Email, Language: &lang}, &fe)
	if err := fe.Err(); err != nil {
		return User{}, err
	}
	return u, nil
}

// Patched returns the person with the patch applied, or the fields it gets wrong.
func (u User) Patched(p PersonPatch) (User, error) {
	var fe Fields
	u = u.apply(p, &fe)
	if err := fe.Err(); err != nil {
		return User{}, err
	}
	return u, nil
}

func (u User) apply(p PersonPatch, fe *Fields) User {
	if p.Name != nil {
		u.Name = strings.TrimSpace(*p.Name)
	}
	if u.Name == "" || len([]rune(u.Name)) > 100 {
		fe.Add("name", "is required, at most 100 characters")
	}
	if p.Affiliation != nil {
		u.Affiliation = strings.TrimSpace(*p.Affiliation)
	}
	if len([]rune(u.Affiliation)) > 200 {
		fe.Add("affiliation", "must be at most 200 characters")
	}
	if p.Email != nil {
		u.Email = strings.TrimSpace(*p.Email)
		if err := checkEmail(u.Email); err != nil {
			fe.Add("email", "%s", err.Error())
		}
	}
	if p.Language != nil {
		switch l := strings.TrimSpace(*p.Language); l {
		case "ko", "en":
			u.Language = l
		default:
			fe.Add("language", "must be one of ko, en")
		}
	}
	if p.Active != nil {
		u.Active = *p.Active
	}
	return u
}

// checkEmail accepts one bare address (no display name): notifications are sent to it.
func checkEmail(s string) error {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" || len(s) > 254 {
		return fmt.Errorf("must be one e-mail address such as name@agency.go.kr")
	}
	return nil
}

// RelationInput is the body of POST /people/{sub}/relations and /me/relations.
type RelationInput struct {
	BusinessNo string `json:"business_no"`
	Kind       string `json:"kind"`
	Since      string `json:"since"`
	Until      string `json:"until"`
	Note       string `json:"note"`
}

// ParseRelation validates a relation a person declares on a date: the provider's business
// number with its check digit, the kind, and the days it began and ended (neither in the
// future; an end not before the beginning).
func ParseRelation(sub string, in RelationInput, now time.Time) (Relation, error) {
	var fe Fields
	today := DateOf(now)
	r := Relation{PersonSub: sub, Kind: RelationKind(strings.TrimSpace(in.Kind)), Note: strings.TrimSpace(in.Note)}
	no, err := ParseBusinessNo(in.BusinessNo)
	if err != nil {
		fe.Add("business_no", "%s", err.Error())
	}
	r.BusinessNo = no
	switch r.Kind {
	case RelationSelf, RelationSpouse, RelationEmployment, RelationWork:
	default:
		fe.Add("kind", "must be one of self, spouse, employment, work")
	}
	day := func(field, v string) *Date {
		if strings.TrimSpace(v) == "" {
			return nil
		}
		d, err := ParseDate(strings.TrimSpace(v))
		if err != nil {
			fe.Add(field, "%s", err.Error())
			return nil
		}
		if d.After(today.Time) {
			fe.Add(field, "cannot be after today (%s)", today)
			return nil
		}
		return &d
	}
	r.Since, r.Until = day("since", in.Since), day("until", in.Until)
	if r.Since != nil && r.Until != nil && r.Until.Before(r.Since.Time) {
		fe.Add("until", "cannot be before since (%s)", r.Since)
	}
	if len([]rune(r.Note)) > 500 {
		fe.Add("note", "must be at most 500 characters")
	}
	if err := fe.Err(); err != nil {
		return Relation{}, err
	}
	return r, nil
}
