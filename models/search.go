package models

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"time"
)

// A direct-award search (docs/searches.md) is the evidence an agency keeps of the catalog
// search it ran before a direct contract: the query, the services it found at that instant
// with the version of each, and a SHA-256 over them that a third party can recompute. The
// agency then scores the candidates by its own weighted criteria, chooses one, and the
// search ends with an outcome.

// MaxSearchResults is the most services a search may freeze: a longer list is not a
// shortlist an agency could evaluate, so it is asked to narrow the search instead.
const MaxSearchResults = 100

// SearchOutcome is how a search ended, or open while it has not.
type SearchOutcome string

// Search outcomes.
const (
	SearchOpen         SearchOutcome = "open"
	SearchContracted   SearchOutcome = "contracted"    // set by the direct contract that names it
	SearchNoneSuitable SearchOutcome = "none_suitable" // no candidate met the agency's needs
	SearchCancelled    SearchOutcome = "cancelled"
)

func (o SearchOutcome) String() string { return string(o) }

// Final reports whether the search takes no more evaluations or outcomes.
func (o SearchOutcome) Final() bool { return o != SearchOpen }

// Search actions, as recorded in its steps and the audit log.
const (
	ActionSearchSaved      = "search_saved"
	ActionSearchEvaluated  = "search_evaluated"
	ActionSearchClosed     = "search_closed"
	ActionSearchContracted = "search_contracted"
)

// SearchInput is the body of POST /searches.
type SearchInput struct {
	Title   string `json:"title"`
	Q       string `json:"q"`
	Type    string `json:"type"`
	Subtype string `json:"subtype"`
	SME     *bool  `json:"sme"`
	CSAP    *bool  `json:"csap"`
	// PriceItem and MaxUnitPriceKRW are the price ceiling of GET /services (ParsePriceCeiling).
	PriceItem       string     `json:"price_item"`
	MaxUnitPriceKRW NumberText `json:"max_unit_price_krw"`
}

// NumberText is a JSON number kept as it was written, so that the domain's parser refuses
// a fraction or a sign on the field by name, in the reader's language; anything but a
// number (a string, an object) is the decoder's type mismatch on the field, as for any
// number field of a body.
type NumberText string

// UnmarshalJSON takes a number or null.
func (n *NumberText) UnmarshalJSON(b []byte) error {
	var num json.Number
	if bytes.HasPrefix(b, []byte(`"`)) || json.Unmarshal(b, &num) != nil {
		return &json.UnmarshalTypeError{Value: "string", Type: reflect.TypeFor[int64]()}
	}
	*n = NumberText(num)
	return nil
}

// SearchQuery is the catalog search a search froze, as it was run.
type SearchQuery struct {
	Q       string      `json:"q"`
	Type    ServiceType `json:"type,omitempty"`
	Subtype Subtype     `json:"subtype,omitempty"`
	SME     *bool       `json:"sme,omitempty"`
	CSAP    *bool       `json:"csap,omitempty"`
	// Unset in the searches saved before they kept a price ceiling, and in their retries'
	// request hashes, which therefore still match.
	PriceItem       string `json:"price_item,omitempty"`
	MaxUnitPriceKRW *KRW   `json:"max_unit_price_krw,omitempty"`
}

// Filter is the catalog filter that runs the query.
func (q SearchQuery) Filter() ServiceFilter {
	return ServiceFilter{Q: q.Q, Type: q.Type, Subtype: q.Subtype, SME: q.SME, CSAP: q.CSAP,
		PriceItem: q.PriceItem, MaxUnitPriceKRW: q.MaxUnitPriceKRW}
}

// ParseSearch validates POST /searches: a title and a query the catalog search accepts.
func ParseSearch(in SearchInput) (title string, q SearchQuery, err error) {
	var fe Fields
	title = strings.TrimSpace(in.Title)
	if err := checkText(title, 1, 200); err != nil {
		fe.AddErr("title", err)
	}
	if q.Q, err = NormalizeQuery(in.Q); err != nil {
		fe.AddErr("q", err)
	}
	if in.Type != "" {
		if q.Type, err = ParseServiceType(in.Type); err != nil {
			fe.AddErr("type", err)
		}
	}
	if in.Subtype != "" {
		switch st, err := ParseSubtype(in.Subtype); {
		case err != nil:
			fe.AddErr("subtype", err)
		case q.Type != "" && st.Type() != q.Type:
			fe.AddText("subtype", Msg("invalid.search_subtype_of_type", "subtype", string(st), "type", string(q.Type)))
		default:
			q.Subtype = st
		}
	}
	q.SME, q.CSAP = in.SME, in.CSAP
	q.PriceItem, q.MaxUnitPriceKRW = ParsePriceCeiling(in.PriceItem, string(in.MaxUnitPriceKRW), &fe)
	return title, q, fe.Err()
}

// SearchProvider names a result's provider.
type SearchProvider struct {
	Org  string `json:"org"`
	Name string `json:"name"`
}

// SearchResult is one service as the search found it. The field order is the canonical
// order the hash is computed over (docs/searches.md): never reorder or rename a field.
type SearchResult struct {
	ServiceID string         `json:"service_id"`
	Name      string         `json:"name"`
	Provider  SearchProvider `json:"provider"`
	Type      ServiceType    `json:"type"`
	Subtype   Subtype        `json:"subtype"`
	Version   int            `json:"version"`
}

// ResultsHash is the hex SHA-256 of the canonical result list: the results in their order
// as one compact JSON array, the fields of SearchResult in their order, strings escaped as
// Go's encoding/json escapes them without HTML escaping, no trailing newline.
func ResultsHash(results []SearchResult) string {
	if results == nil {
		results = []SearchResult{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(results) // plain strings and numbers always encode
	sum := sha256.Sum256(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return hex.EncodeToString(sum[:])
}

// SearchDownload records that someone downloaded the search.
type SearchDownload struct {
	Format string    `json:"format"`
	By     string    `json:"by"`
	Org    string    `json:"org"`
	At     time.Time `json:"at"`
}

// Search is a frozen direct-award search.
type Search struct {
	ID            string            `json:"id"`
	Title         string            `json:"title"`
	Query         SearchQuery       `json:"query"`
	AgencyOrg     string            `json:"agency_org"`
	CreatedAt     time.Time         `json:"created_at"`
	CreatedBy     string            `json:"created_by"`
	Count         int               `json:"count"`
	SHA256        string            `json:"sha256"`
	Results       []SearchResult    `json:"results"`
	Outcome       SearchOutcome     `json:"outcome"`
	OutcomeReason string            `json:"outcome_reason,omitempty"`
	OutcomeAt     *time.Time        `json:"outcome_at,omitempty"`
	ContractID    string            `json:"contract_id,omitempty"`
	Evaluation    *SearchEvaluation `json:"evaluation,omitempty"`
	Downloads     []SearchDownload  `json:"downloads"`
	Steps         []Step            `json:"steps"`
}

// Result returns the frozen result for a service, and whether the search holds it.
func (s *Search) Result(serviceID string) (SearchResult, bool) {
	i := slices.IndexFunc(s.Results, func(r SearchResult) bool { return r.ServiceID == serviceID })
	if i < 0 {
		return SearchResult{}, false
	}
	return s.Results[i], true
}

// SearchOutcomeInput is the body of POST /searches/{id}/outcome.
type SearchOutcomeInput struct {
	Outcome string `json:"outcome"`
	Reason  string `json:"reason"`
}

// ParseSearchOutcome accepts none_suitable or cancelled with a reason: contracted is set
// only by the contract that names the search.
func ParseSearchOutcome(in SearchOutcomeInput) (SearchOutcome, string, error) {
	var fe Fields
	o := SearchOutcome(in.Outcome)
	if o != SearchNoneSuitable && o != SearchCancelled {
		fe.AddText("outcome", Msg("invalid.search_outcome"))
	}
	reason := strings.TrimSpace(in.Reason)
	if err := checkText(reason, 1, 2000); err != nil {
		fe.AddErr("reason", err)
	}
	return o, reason, fe.Err()
}

// NewSearch freezes results as the search title of query that by saved at now.
func NewSearch(id, title string, query SearchQuery, results []SearchResult, by Actor, now time.Time, request string) *Search {
	if results == nil {
		results = []SearchResult{}
	}
	s := &Search{ID: id, Title: title, Query: query, AgencyOrg: by.Org, CreatedAt: now, CreatedBy: by.Sub,
		Count: len(results), SHA256: ResultsHash(results), Results: results, Outcome: SearchOpen,
		Downloads: []SearchDownload{}}
	s.step(now, by, ActionSearchSaved, "sha256 "+s.SHA256, request)
	return s
}

func (s *Search) step(now time.Time, by Actor, action, note, request string) {
	s.Steps = append(s.Steps, Step{At: now.In(Seoul), Actor: by, Action: action, Status: string(s.Outcome),
		Note: note, Request: request})
}

// SetEvaluation records ev, replacing an earlier evaluation, while the search is open.
// The step's note is the whole evaluation, so that the audit log keeps every evaluation
// an agency made, the replaced ones included.
func (s *Search) SetEvaluation(ev *SearchEvaluation, by Actor, request string) error {
	if s.Outcome.Final() {
		return Conflict("evaluate the search", s.Outcome)
	}
	s.Evaluation = ev
	note, _ := json.Marshal(ev)
	s.step(ev.EvaluatedAt, by, ActionSearchEvaluated, string(note), request)
	return nil
}

// Close ends an open search as none_suitable or cancelled.
func (s *Search) Close(o SearchOutcome, reason string, by Actor, now time.Time, request string) error {
	if s.Outcome.Final() {
		return Conflict("close the search", s.Outcome)
	}
	s.Outcome, s.OutcomeReason, s.OutcomeAt = o, reason, &now
	s.step(now, by, ActionSearchClosed, reason, request)
	return nil
}

// Contract ends an open search as contracted by contractID; the same contract again
// changes nothing (a retried registration). Another contract, or a search ended otherwise,
// is refused: a frozen search is the evidence of one contract.
func (s *Search) Contract(contractID string, by Actor, now time.Time, request string) error {
	switch {
	case s.Outcome == SearchContracted && s.ContractID == contractID:
		return nil
	case s.Outcome.Final():
		return FieldInvalid("search_id", Msg("invalid.search_already_ended", "outcome", "srstatus."+string(s.Outcome)))
	}
	s.Outcome, s.ContractID, s.OutcomeAt = SearchContracted, contractID, &now
	s.step(now, by, ActionSearchContracted, "contract "+contractID, request)
	return nil
}
