package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// The committee's sessions (심사위원회): the operator opens one with its date and members
// from the roster, sees its agenda and closes it; committee members and auditors read.
// Each form is the call of its REST route under /api/v1/committee/sessions.

type committeeView struct {
	Sessions  []models.CommitteeSession
	NextToken string
	// CanOpen is the operator's: the form that opens a session, with the roster's active
	// members to choose from.
	CanOpen bool
	Roster  []models.User
	// MaxMembers is how many members a session may have, the chair included.
	MaxMembers int
	Today      string
	// Names are the roster's names by sub, for the members the sessions list.
	Names map[string]string
}

// rosterSize bounds the roster a committee page reads: a committee has tens of members.
const rosterSize = 500

// committeeSessions lists the sessions, newest first, and gives the operator the form
// that opens one.
func (u *UI) committeeSessions(c *gin.Context) {
	u.showCommittee(c, http.StatusOK, newForm(url.Values{"held_on": {models.DateOf(u.now()).String()}}))
}

func (u *UI) showCommittee(c *gin.Context, status int, f *form) {
	s := sessionOf(c)
	items, next, err := u.app.Committee.List(ctx(c), s.actor(), "", 50, c.Query("page_token"))
	if err != nil {
		u.fail(c, err)
		return
	}
	v := committeeView{Sessions: items, NextToken: next, CanOpen: s.Role == models.RoleOperator,
		Today: models.DateOf(u.now()).String(), MaxMembers: models.RuleInt(models.RuleCommitteeMaxMembers, u.now()) + 1}
	people, err := u.committeePeople(ctx(c))
	if err != nil {
		u.fail(c, err)
		return
	}
	v.Names = namesOf(people)
	if v.CanOpen {
		v.Roster = slices.DeleteFunc(people, func(m models.User) bool { return !m.Active })
	}
	p := u.pageFor(c, "h.sessions")
	p.Form, p.Data = f, v
	u.html(c, status, "committee", p)
}

// committeePeople is the whole roster, the members no longer active too: a past session
// names them, and the form offers the active ones. One query serves the page.
func (u *UI) committeePeople(ctx context.Context) ([]models.User, error) {
	members, _, err := u.app.Store.ListPeople(ctx, store.PeopleFilter{Role: models.RoleCommittee}, rosterSize, "")
	return members, err
}

// namesOf indexes the roster's names by sub; a member missing from it is shown by sub.
func namesOf(people []models.User) map[string]string {
	out := make(map[string]string, len(people))
	for _, m := range people {
		if m.Name != "" {
			out[m.Sub] = m.Name
		}
	}
	return out
}

// sessionFrom reads the form that opens a session: the chair first, then the other members
// chosen, in the roster's order.
func sessionFrom(f url.Values) (models.SessionInput, error) {
	in := models.SessionInput{HeldOn: strings.TrimSpace(f.Get("held_on")), Members: []string{}}
	chair := strings.TrimSpace(f.Get("chair"))
	members := f["members"]
	if chair == "" && len(members) > 0 {
		var fe models.Fields
		fe = append(fe, uiFieldError("chair", models.Msg("msg.chair.required")))
		return in, fe.Err()
	}
	if chair != "" {
		in.Members = append(in.Members, chair)
	}
	for _, m := range members {
		if m = strings.TrimSpace(m); m != chair && m != "" {
			in.Members = append(in.Members, m)
		}
	}
	return in, nil
}

// openSession opens a session through the call of POST /api/v1/committee/sessions, under
// the form's Idempotency-Key; a refused form comes back with its errors and a fresh key.
func (u *UI) openSession(c *gin.Context) {
	sent, ok := u.postForm(c)
	if !ok {
		return
	}
	in, err := sessionFrom(sent)
	if err == nil {
		out, cerr := u.app.Committee.Create(ctx(c), sessionOf(c).actor(), in, sent.Get("idempotency_key"))
		if err = cerr; err == nil {
			c.Redirect(http.StatusSeeOther, Prefix+"/committee/"+url.PathEscape(out.ID)+"?done="+urlQueryEscape(out.ID))
			return
		}
	}
	if errIs(err, models.EINVALID) || errIs(err, models.EIDEMPOTENCY) {
		f := newForm(sent)
		f.Errors = memberFields(fieldsOf(err), in.Members)
		u.showCommittee(c, statusOf[models.ErrorCode(err)], f)
		return
	}
	u.fail(c, err)
}

// memberFields names the members in the app layer's refusal: members[i] is the i-th of the
// list sent, the chair first, which the form shows as checkboxes; the error says whom.
func memberFields(fields []models.FieldError, members []string) []models.FieldError {
	out := slices.Clone(fields)
	for i, fe := range out {
		if n, ok := strings.CutPrefix(fe.Field, "members["); ok {
			if j, err := strconv.Atoi(strings.TrimSuffix(n, "]")); err == nil && j == 0 && len(members) > 0 {
				out[i].Field = "chair"
			}
		}
	}
	return out
}

type sessionView struct {
	Session *models.CommitteeSession
	Agenda  []agendaRow
	// CanClose is the operator's, while the session is open.
	CanClose bool
	// Names are the roster's names by sub, for the chair and the members.
	Names map[string]string
}

// agendaRow is one application on the agenda, with its decision said in the page's
// language once the session has closed.
type agendaRow struct {
	models.AgendaItem
	DecisionText *models.Text
}

func (u *UI) sessionPage() casePage { return withCase(u, u.app.Committee.Get, u.showSession) }

func (u *UI) showSession(c *gin.Context, cs *models.CommitteeSession, status int, f *form, _, notice string) {
	v := sessionView{Session: cs, CanClose: sessionOf(c).Role == models.RoleOperator && cs.Status == models.SessionOpen}
	people, err := u.committeePeople(ctx(c))
	if err != nil {
		u.fail(c, err)
		return
	}
	v.Names = namesOf(people)
	for _, item := range cs.Agenda {
		row := agendaRow{AgendaItem: item}
		if item.Decision != nil {
			row.DecisionText = models.DecisionText(*item.Decision)
		}
		v.Agenda = append(v.Agenda, row)
	}
	u.showCase(c, status, "committee_session", u.pageFor(c, "h.session").about(cs.ID), f, notice, v)
}

// closeSession closes the session through the call of POST
// /api/v1/committee/sessions/{id}/close: every application on its agenda counts its votes.
func (u *UI) closeSession() gin.HandlerFunc {
	return u.caseStep("/committee/", "close", func(ctx context.Context, by models.Actor, id, key string, _ url.Values) error {
		_, err := u.app.Committee.Close(ctx, by, id, key)
		return err
	}, u.sessionPage())
}
