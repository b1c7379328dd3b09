package app

import (
	"context"
	"net/url"
	"strings"

	"github.com/dsmarket/dsmarket/workflows/flow"

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
// and the web page go through here, so both show the same decisions. New sets every
// service it reads through.
type Cases struct {
	Orders       *Orders
	Applications *Applications
	Committee    *Committee
	// Inspections reads the continuous inspection of catalog services (case type "service").
	Inspections *Inspections
	// Contracts reads direct contracts (case type "contract").
	Contracts *Contracts
	// Quality reads the regular quality inspection's cases (case type "quality").
	Quality *Quality
	// Changes reads information change requests (case type "change_request").
	Changes *Changes
	// TemporalUIURL is the Web UI base, for links from a case to its workflow.
	TemporalUIURL string
	Namespace     string
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
	if id, ok := strings.CutPrefix(wid, flow.OrderWorkflowID("")); ok {
		o, err := s.Orders.Get(ctx, by, id)
		if err != nil {
			return CaseHistory{}, err
		}
		return CaseHistory{CaseType: "order", CaseID: o.ID, Status: string(o.Status), Decisions: o.Steps}.pinned(o.Pins), nil
	}
	if id, ok := strings.CutPrefix(wid, flow.ApplicationWorkflowID("")); ok {
		a, err := s.Applications.Get(ctx, by, id)
		if err != nil {
			return CaseHistory{}, err
		}
		return CaseHistory{CaseType: "application", CaseID: a.ID, Status: string(a.Status), Decisions: a.Steps}.pinned(a.Pins), nil
	}
	if id, ok := strings.CutPrefix(wid, flow.SessionWorkflowID("")); ok {
		cs, err := s.Committee.Get(ctx, by, id)
		if err != nil {
			return CaseHistory{}, err
		}
		return CaseHistory{CaseType: "committee_session", CaseID: cs.ID, Status: string(cs.Status), Decisions: cs.Steps}, nil
	}
	if id, ok := strings.CutPrefix(wid, flow.DirectContractWorkflowID("")); ok {
		c, err := s.Contracts.Get(ctx, by, id)
		if err != nil {
			return CaseHistory{}, err
		}
		return CaseHistory{CaseType: "contract", CaseID: c.ID, Status: string(c.Status), Decisions: c.Steps}.pinned(c.Pins), nil
	}
	if id, ok := strings.CutPrefix(wid, flow.ChangeRequestWorkflowID("")); ok {
		cr, err := s.Changes.Get(ctx, by, id)
		if err != nil {
			return CaseHistory{}, err
		}
		return CaseHistory{CaseType: "change_request", CaseID: cr.ID, Status: string(cr.Status), Decisions: cr.Steps}.pinned(cr.Pins), nil
	}
	if serviceID, year, ok := flow.ParseQualityCaseWorkflowID(wid); ok {
		c, err := s.Quality.Get(ctx, by, models.QualityCaseID(serviceID, year))
		if err != nil {
			return CaseHistory{}, err
		}
		return CaseHistory{CaseType: "quality", CaseID: c.ID, Status: string(c.Status), Decisions: c.Steps}.pinned(c.Pins), nil
	}
	if id, ok := strings.CutPrefix(wid, flow.ServiceWatchWorkflowID("")); ok {
		w, err := s.Inspections.Get(ctx, by, id)
		if err != nil {
			return CaseHistory{}, err
		}
		return CaseHistory{CaseType: "service", CaseID: w.ServiceID, Status: string(w.Status), Decisions: w.Steps()}.pinned(w.Pins), nil
	}
	return CaseHistory{}, models.Errorf(models.ENOTFOUND, "no case with workflow ID %s", wid)
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
