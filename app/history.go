package app

import (
	"context"
	"net/url"
	"strings"

	"github.com/dsmarket/dsmarket/models"
)

// CaseHistory is a case's decisions in order, with a link to its workflow.
type CaseHistory struct {
	WorkflowID    string        `json:"workflow_id"`
	CaseType      string        `json:"case_type"`
	CaseID        string        `json:"case_id"`
	Status        string        `json:"status"`
	Decisions     []models.Step `json:"decisions"`
	TemporalUIURL string        `json:"temporal_ui_url"`
	// Rules names the rule versions the case keeps, "key@effective_from" (none for a case
	// started before cases pinned them, which read the table at each step); TimeScale is
	// set for a case of the development sandbox.
	Rules     []string `json:"rules"`
	TimeScale int      `json:"time_scale,omitempty"`
}

// Cases reads any kind of case by its workflow ID, for the auditor's view: the REST route
// and the web page go through here, so both show the same decisions.
type Cases struct {
	// kinds read each kind's cases, each declared beside its kind's Get (history); New
	// lists them, and a workflow ID is tried against them in that order.
	kinds []caseHistory
	// TemporalUIURL is the Web UI base, for links from a case to its workflow.
	TemporalUIURL string
	Namespace     string
}

// caseHistory reads one kind of case for the auditor's view: id takes the case's ID out
// of a workflow ID of the kind.
type caseHistory struct {
	id   func(workflowID string) (string, bool)
	read func(ctx context.Context, by models.Actor, id string) (CaseHistory, error)
}

// historyOf is a kind's caseHistory: its cases are read through get, the kind's Get, which
// decides who may see them, and shown by show.
func historyOf[T any](id func(string) (string, bool), get func(context.Context, models.Actor, string) (*T, error),
	show func(*T) CaseHistory) caseHistory {
	return caseHistory{id, func(ctx context.Context, by models.Actor, id string) (CaseHistory, error) {
		c, err := get(ctx, by, id)
		if err != nil {
			return CaseHistory{}, err
		}
		return show(c), nil
	}}
}

// prefixed takes the ID out of a workflow ID that is prefix + ID.
func prefixed(prefix string) func(string) (string, bool) {
	return func(wid string) (string, bool) { return strings.CutPrefix(wid, prefix) }
}

// History returns the decisions of the case behind a workflow ID, as by may read them.
func (s *Cases) History(ctx context.Context, by models.Actor, workflowID string) (*CaseHistory, error) {
	h, err := s.history(ctx, by, workflowID)
	if err != nil {
		return nil, err
	}
	h.WorkflowID, h.TemporalUIURL = workflowID, s.TemporalUILink(workflowID)
	if h.Decisions == nil {
		h.Decisions = []models.Step{}
	}
	if h.Rules == nil {
		h.Rules = []string{}
	}
	return &h, nil
}

func (s *Cases) history(ctx context.Context, by models.Actor, wid string) (CaseHistory, error) {
	for _, k := range s.kinds {
		if id, ok := k.id(wid); ok {
			return k.read(ctx, by, id)
		}
	}
	return CaseHistory{}, models.Refuse(models.ENOTFOUND, models.Msg("error.no_case_for_workflow", "workflow_id", wid))
}

// pinned names the rule versions a case keeps.
func (h CaseHistory) pinned(p *models.CasePins) CaseHistory {
	h.Rules = p.Versions()
	if p != nil {
		h.TimeScale = p.TimeScale
	}
	return h
}

// TemporalUILink points at the workflow in the Temporal Web UI, "" without a Web UI.
func (s *Cases) TemporalUILink(workflowID string) string {
	if s.TemporalUIURL == "" {
		return ""
	}
	ns := s.Namespace
	if ns == "" {
		ns = "default"
	}
	return strings.TrimRight(s.TemporalUIURL, "/") + "/namespaces/" + url.PathEscape(ns) +
		"/workflows/" + url.PathEscape(workflowID)
}
