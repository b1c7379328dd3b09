package models

import (
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
	NameEn      string `json:"name_en"`
	Affiliation string `json:"affiliation"`
	Email       string `json:"email"`
	Language    string `json:"language"`
	Org         string `json:"org"`
	// EmailNotifications is optional: EmailAll when left out.
	EmailNotifications string `json:"email_notifications"`
}

// PersonPatch is the body of PATCH /people/{sub}; `active: false` deactivates. The subject
// and role never change: past steps are signed with them.
type PersonPatch struct {
	Name        *string `json:"name"`
	NameEn      *string `json:"name_en"`
	Affiliation *string `json:"affiliation"`
	Email       *string `json:"email"`
	Language    *string `json:"language"`
	Active      *bool   `json:"active"`
	// EmailNotifications is which notifications reach the person by e-mail.
	EmailNotifications *string `json:"email_notifications"`
}

// Which notifications a person receives by e-mail. The inbox shows their tasks whatever
// they choose: the choice changes the mail, not the work.
const (
	// EmailAll: those of their role and organization, and those addressed to them.
	EmailAll = "all"
	// EmailMine: only those addressed to them by name, their tasks and the reminders.
	EmailMine = "mine"
	// EmailNone: none.
	EmailNone = "none"
)

// EmailNotificationChoices are the choices in the order a form offers them.
var EmailNotificationChoices = []string{EmailAll, EmailMine, EmailNone}

// MySettings is the body of PATCH /me/settings: what a person may change of their own
// record. Their name, address and role are the operators' to change (the address is where
// a case's news goes, so it is checked by whoever registers it).
type MySettings struct {
	Language           *string `json:"language"`
	EmailNotifications *string `json:"email_notifications"`
}

// Patch is the settings as a change of the person's record.
func (m MySettings) Patch() PersonPatch {
	return PersonPatch{Language: m.Language, EmailNotifications: m.EmailNotifications}
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
		fe.AddText("sub", Msg("invalid.sub"))
	}
	switch r := Role(strings.TrimSpace(in.Role)); r {
	case RoleExpert, RoleCommittee:
		u.Role = r
	default:
		fe.AddText("role", Msg("invalid.pool_role"))
	}
	if u.Org == "" {
		u.Org = PoolOrg
	} else if !orgIDPattern.MatchString(u.Org) {
		fe.AddText("org", orgIDRefusal())
	}
	lang := in.Language
	if strings.TrimSpace(lang) == "" {
		lang = "ko"
	}
	mail := in.EmailNotifications
	if strings.TrimSpace(mail) == "" {
		mail = EmailAll
	}
	u = u.apply(PersonPatch{Name: &in.Name, NameEn: &in.NameEn, Affiliation: &in.Affiliation, Email: &in.Email, Language: &lang,
		EmailNotifications: &mail}, &fe)
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
		fe.AddText("name", Msg("invalid.required_max_chars", "max", "100"))
	}
	if p.NameEn != nil {
		u.NameEn = strings.TrimSpace(*p.NameEn)
	}
	if len([]rune(u.NameEn)) > 100 {
		fe.AddText("name_en", Msg("invalid.max_chars", "max", "100"))
	}
	if p.Affiliation != nil {
		u.Affiliation = strings.TrimSpace(*p.Affiliation)
	}
	if len([]rune(u.Affiliation)) > 200 {
		fe.AddText("affiliation", Msg("invalid.max_chars", "max", "200"))
	}
	if p.Email != nil {
		u.Email = strings.TrimSpace(*p.Email)
		if !validEmail(u.Email) {
			fe.AddText("email", Msg("invalid.email"))
		}
	}
	if p.Language != nil {
		switch l := strings.TrimSpace(*p.Language); l {
		case "ko", "en":
			u.Language = l
		default:
			fe.AddText("language", Msg("invalid.language"))
		}
	}
	if p.Active != nil {
		u.Active = *p.Active
	}
	if p.EmailNotifications != nil {
		switch m := strings.TrimSpace(*p.EmailNotifications); m {
		case EmailAll, EmailMine, EmailNone:
			u.EmailNotifications = m
		default:
			fe.AddText("email_notifications", Msg("invalid.email_notifications"))
		}
	}
	return u
}

// validEmail accepts one bare address (no display name): notifications are sent to it.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && a.Name == "" && len(s) <= 254
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
	no, why := parseBusinessNo(in.BusinessNo)
	if why != nil {
		fe.AddText("business_no", why)
	}
	r.BusinessNo = no
	switch r.Kind {
	case RelationSelf, RelationSpouse, RelationEmployment, RelationWork:
	default:
		fe.AddText("kind", Msg("invalid.relation_kind"))
	}
	r.Since, r.Until = pastDate(&fe, "since", in.Since, today), pastDate(&fe, "until", in.Until, today)
	if r.Since != nil && r.Until != nil && r.Until.Before(r.Since.Time) {
		fe.AddText("until", Msg("invalid.until_before_since", "since", r.Since.String()))
	}
	if len([]rune(r.Note)) > 500 {
		fe.AddText("note", Msg("invalid.max_chars", "max", "500"))
	}
	if err := fe.Err(); err != nil {
		return Relation{}, err
	}
	return r, nil
}
