package web

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/web/links"
)

// Template calls that name a catalog key.
var (
	// {{.T "key"}}, {{$.T "key"}}, {{$p.T "key"}}, {{.P.T "key"}}, and {{.TR "key" …}}.
	literalT = regexp.MustCompile(`(?:\$[A-Za-z]*|\.P)?\.TR? "([^"]+)"`)
	// Any T call, to find the ones whose key is computed.
	anyT = regexp.MustCompile(`\.T \(([^)]*)\)`)
	// {{field . "text" "name" "label.key"}}: the label is a key.
	fieldCall = regexp.MustCompile(`\(field \S+ "[^"]+" "([^"]+)" "([^"]+)"\)`)
	// {{choices . "radio" "name" "ns" (list "a" "b")}}: field.<name> and <ns>.<option>.
	choicesCall = regexp.MustCompile(`\(choices \S+ "[^"]+" (?:"([^"]+)"|\(printf "([^"%]+)%s" \.\)) "([^"]+)" \((?:list ((?:"[^"]+" ?)+)|strs \$v\.DocumentKinds)\)\)`)
	// {{pick . "name" "label.key" "ns" (list "a" "b")}}: the label is a key, each option <ns>.<option>.
	pickCall = regexp.MustCompile(`\(pick \S+ "[^"]+" "([^"]+)" "([a-z]+)" \(list ((?:"[^"]+" ?)+)\)\)`)
	// {{range $f := (list "a" "b")}} … {{printf "field.%s" $f}}.
	rangeList = regexp.MustCompile(`range \$f := \(list ((?:"[^"]+" ?)+)\)`)
	// {{$.L "ns" .Value}}: an enumeration under a namespace.
	labelNS  = regexp.MustCompile(`\.L "([a-z]+)"`)
	quoted   = regexp.MustCompile(`"([^"]+)"`)
	pageKeys = regexp.MustCompile(`pageFor\(c, "([^"]+)"\)`)
	// refuse(fe, field, "msg.form.…", …): a form field's refusal in the UI's words.
	refuseKeys = regexp.MustCompile(`refuse\(.*?"(msg\.[a-z_.]+)"`)
)

// enumerations are the values each label namespace translates.
func enumerations() map[string][]string {
	strs := func(vs ...any) []string {
		var out []string
		// Every enumeration is a string type or a slice of one.
		for _, v := range vs {
			rv := reflect.ValueOf(v)
			switch {
			case rv.Kind() == reflect.String:
				out = append(out, rv.String())
			case rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() == reflect.String:
				for i := range rv.Len() {
					out = append(out, rv.Index(i).String())
				}
			default:
				panic(fmt.Sprintf("enumerations: unexpected type %T", v))
			}
		}
		return out
	}
	return map[string][]string{
		"kind": strs(models.AllTaskKinds),
		"turn": strs(models.AllTurnKinds),
		"role": strs(models.AllRoles),
		"doc":  strs(models.AllDocumentKinds),
		"status": strs(
			// Orders.
			models.OrderProposalRequested, models.OrderProposalSubmitted, models.OrderNegotiating, models.OrderNotQualified,
			models.OrderDeliveryRequested, models.OrderLapsed, models.OrderCancelled,
			// Applications.
			models.AllApplicationStatuses,
			// Committee sessions.
			models.SessionOpen, models.SessionClosing, models.SessionClosed,
			// Direct contracts and service watches, whose steps carry their statuses.
			models.AllDirectContractStatuses, models.WatchWatching, models.WatchRereviewRequired, models.WatchUnfit,
			// Quality cases and information changes.
			models.AllQualityStatuses, models.ChangeRequestStatuses,
			// Saved searches, whose steps carry their outcomes.
			models.SearchOpen, models.SearchContracted, models.SearchNoneSuitable, models.SearchCancelled),
		"chpath":     strs(models.ChangeApproval, models.ChangeRereview),
		"cfield":     strs(changeFields),
		"qfinding":   strs(models.QualityFindingNoReport, models.QualityFindingReportNotAccepted),
		"taskstatus": strs(models.TaskOpen, models.TaskDone, models.TaskCancelled),
		// The case types app.Cases.History answers, and those of the other processes.
		"casetype": strs("application", "order", "committee_session", "quality", "contract", "service", "change_request", "search"),
		"action": strs(
			// Applications (models/application_state.go).
			models.ActionApplied, models.ActionEligibilityChecked, models.ActionSupplementRequest, models.ActionSupplemented,
			models.ActionDocumentsAccepted, models.ActionReturned, models.ActionExpertsAssigned, models.ActionReviewed,
			models.ActionSiteVisitRequested, models.ActionSiteVisitReported, models.ActionReviewClosed, models.ActionJoinedSession,
			models.ActionRecused, models.ActionVoted, models.ActionDecided, models.ActionRegistered, models.ActionWithdrawn,
			models.ActionReminded,
			// Orders (models/order.go).
			models.ActionProposalRequested, models.ActionProposalSubmitted, models.ActionEvaluated, models.ActionNegotiationAgreed,
			models.ActionNegotiationFailed, models.ActionDeliveryRequested, models.ActionProposalLapsed,
			models.ActionNegotiationLapsed, models.ActionCancelled, models.ActionServiceRemoved, models.ActionServiceUnorderable,
			// Committee sessions, written as literals in workflows/committee.go.
			"session_opened", "session_closing", "session_closed", "application_joined",
			// Continuous inspection (models/service_watch.go).
			models.ActionInspectionFit, models.ActionInspectionRereview, models.ActionInspectionUnfit,
			// Direct contracts (models/direct_contract.go).
			models.ActionContractRegistered, models.ActionChangeAnnounced, models.ActionChangeRegistered,
			models.ActionChangeReminded, models.ActionChangeOverdue, models.ActionContractClosed,
			// Quality cases (models/quality_state.go).
			models.ActionQualityReportRequested, models.ActionQualityReportSubmitted, models.ActionQualityReportMissing,
			models.ActionQualityPreReviewed, models.ActionQualityOnSiteRequested, models.ActionQualityInspected,
			models.ActionQualityReinspectionOpened, models.ActionQualityRemediationReported,
			// Information changes (models/change_request.go).
			models.ActionChangeRequested, models.ActionChangeApproved, models.ActionChangeRejected, models.ActionChangeApplied,
			models.ActionChangeRequestReminded, models.ActionChangeRereviewOpen,
			// Saved searches (models/search.go).
			models.ActionSearchSaved, models.ActionSearchEvaluated, models.ActionSearchClosed, models.ActionSearchContracted),
		// The registry's organizations and declared relations.
		"orgkind":    strs(models.OrgProvider, models.OrgAgency),
		"psize":      strs(models.SizeSME, models.SizeMidsize, models.SizeLarge),
		"agencykind": strs(models.AgencyNational, models.AgencyPublic, models.AgencyLocal, models.AgencySchool),
		"relkind":    strs(models.RelationSelf, models.RelationSpouse, models.RelationEmployment, models.RelationWork),
		"language":   strs(models.LangKO, models.LangEN),
		"svcstatus":  strs(models.ServiceRegistered, models.ServiceSuspended, models.ServiceRemoved),
		"watch":      strs(models.WatchWatching, models.WatchRereviewRequired, models.WatchUnfit),
		"inspkind":   strs(models.AllInspectionKinds),
		"cstatus":    strs(models.AllDirectContractStatuses),
		"chstatus":   strs(models.ChangePending, models.ChangeRegistered, models.ChangeOverdue),
		// Saved searches: their outcomes and the catalog filters they froze.
		"srstatus": strs(models.SearchOpen, models.SearchContracted, models.SearchNoneSuitable, models.SearchCancelled),
		"stype":    strs(models.TypeCloud, models.TypeSupport, models.TypeConvergence),
		"subtype": strs(models.SubIaaS, models.SubPaaS, models.SubSaaS, models.SubConsulting, models.SubOperations,
			models.SubMigration, models.SubConvergence),
		"chcrit":     models.ChangeCriteria,
		"rfrom":      strs(models.RereviewFromQuality, models.RereviewFromInspection, models.RereviewFromChange),
		"yesno":      strs("true", "false"),
		"mailopt":    models.EmailNotificationChoices,
		"regaction":  strs("created", "changed"),
		"regsubject": strs("organization", "person", "relation"),
		"regfield":   registryFields(),
		"readhow": strs(models.PersonReadList, models.PersonReadRecord, models.PersonReadAssignment,
			models.PersonReadAccessLog),
		"checkoutcome": strs(models.ReadCheckNoFindings, models.ReadCheckFindings),
		// Options of the forms' choices, and an expert review's opinion in the case summary.
		"opt": strs(models.CheckAccept, models.CheckSupplement, models.CheckReturn, "suitable", "unsuitable",
			models.VerdictPass, models.VerdictFail, models.VerdictNA, models.VoteSelect, models.VoteReject, models.VoteDefer,
			"fit", "remediate", "rereview", "unfit"),
	}
}

// catalogKeys collects every key the templates and handlers use: the literal ones, and the
// computed ones expanded over the values they are computed from.
func catalogKeys(t *testing.T) map[string][]string {
	t.Helper()
	keys := map[string][]string{} // key → where it is used
	use := func(key, where string) {
		if !slices.Contains(keys[key], where) {
			keys[key] = append(keys[key], where)
		}
	}
	enums := enumerations()
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil || len(names) == 0 {
		t.Fatalf("no templates: %v", err)
	}
	for _, name := range names {
		b, err := fs.ReadFile(templateFS, name)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		for _, m := range literalT.FindAllStringSubmatch(text, -1) {
			use(m[1], name)
		}
		for _, m := range fieldCall.FindAllStringSubmatch(text, -1) {
			use(m[2], name)
		}
		for _, m := range choicesCall.FindAllStringSubmatch(text, -1) {
			ns := m[3]
			var opts []string
			for _, q := range quoted.FindAllStringSubmatch(m[4], -1) {
				opts = append(opts, q[1])
			}
			if m[4] == "" { // strs $v.DocumentKinds
				opts = enums["doc"]
			}
			for _, o := range opts {
				use(ns+"."+o, name)
			}
			switch {
			case m[1] != "":
				use("field."+m[1], name)
			case m[2] != "": // (printf "criteria.%s" .) over the review criteria
				for _, c := range reviewCriteria {
					use("field."+m[2]+c, name)
				}
			}
		}
		for _, m := range pickCall.FindAllStringSubmatch(text, -1) {
			use(m[1], name)
			for _, q := range quoted.FindAllStringSubmatch(m[3], -1) {
				use(m[2]+"."+q[1], name)
			}
		}
		for _, m := range rangeList.FindAllStringSubmatch(text, -1) {
			for _, q := range quoted.FindAllStringSubmatch(m[1], -1) {
				use("field."+q[1], name)
			}
		}
		// Computed keys: each must be one this test knows how to expand.
		for _, m := range anyT.FindAllStringSubmatch(text, -1) {
			switch arg := m[1]; arg {
			case `printf "field.%s" $f`, `printf "field.%s" .Name`:
				// Expanded from the range lists and the choices' names above.
			case `printf "msg.%s" $v.Code`:
				for code := range statusOf {
					use("msg."+code, name)
				}
				use("msg."+models.EINTERNAL, name)
			default:
				t.Errorf("%s: a computed key %q the catalog test cannot enumerate; teach it", name, arg)
			}
		}
		for _, m := range labelNS.FindAllStringSubmatch(text, -1) {
			vals, ok := enums[m[1]]
			if !ok {
				t.Errorf("%s: label namespace %q has no enumeration in the catalog test", name, m[1])
			}
			for _, v := range vals {
				use(m[1]+"."+v, name)
			}
		}
	}
	// Page titles the handlers look up.
	goFiles, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range goFiles {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range pageKeys.FindAllStringSubmatch(string(b), -1) {
			use(m[1], f)
		}
		for _, m := range refuseKeys.FindAllStringSubmatch(string(b), -1) {
			use(m[1], f)
		}
		// The flash after an action names it: ?done=<action> of orderAction, applicationAction,
		// personAction, editOrganization and declareMyRelation.
		if strings.Contains(string(b), `messages["flash."+f]`) {
			for _, action := range []string{"proposal", "evaluation", "negotiation", "cancel", "documents", "withdraw",
				"edit", "status", "relation", "settings"} {
				use("flash."+action, f)
			}
		}
		if strings.Contains(string(b), `pageFor(c, "kind."+string(t.Kind))`) {
			for _, k := range enums["kind"] {
				use("kind."+k, f)
			}
		}
	}
	return keys
}

// TestCatalogHasEveryKey: every key a page can show has a Korean and an English text, so
// no page shows a bare key or an untranslated enumeration value.
func TestCatalogHasEveryKey(t *testing.T) {
	catalogLoaded(t)
	keys := catalogKeys(t)
	if len(keys) < 200 {
		t.Fatalf("only %d keys found: the patterns no longer match the templates", len(keys))
	}
	// Spot checks that each kind of use was found.
	for _, k := range []string{"app.name", "nav.signout", "field.reason", "field.criteria.security", "field.sha256", "field.max",
		"opt.rereview", "doc.sla_policy", "msg.not_found", "msg.internal", "action.delivery_requested", "status.selected",
		"casetype.committee_session", "h.timeline", "kind.quality_inspection", "role.auditor", "flash.withdraw"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("key %s was not found in the templates", k)
		}
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	for _, k := range sorted {
		m, ok := messages[k]
		switch {
		case !ok:
			t.Errorf("key %q (used in %s) is not in the catalog", k, strings.Join(keys[k], ", "))
		case strings.TrimSpace(m[0]) == "":
			t.Errorf("key %q has no Korean text", k)
		case strings.TrimSpace(m[1]) == "":
			t.Errorf("key %q has no English text", k)
		}
	}
	var unused []string
	for k := range messages {
		if _, ok := keys[k]; !ok {
			unused = append(unused, k)
		}
	}
	sort.Strings(unused)
	if len(unused) > 0 {
		t.Logf("%d catalog keys are not used by any page: %s", len(unused), strings.Join(unused, ", "))
	}
}

// registryFields are the fields of the registry's records, whose changes a change log
// names: the JSON names of an organization, a person and a declared relation.
func registryFields() []string {
	var out []string
	for _, v := range []any{models.Organization{}, models.User{}, models.Relation{}} {
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
			if name != "" && name != "-" && !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
	}
	return out
}

// TestOwnPagesHaveTitles: every kind of news of no case that web/links leads to has the
// title its link shows in the inbox.
func TestOwnPagesHaveTitles(t *testing.T) {
	catalogLoaded(t)
	for _, ct := range links.OwnTypes() {
		key, ok := ownPageTitles[ct]
		if _, known := messages[key]; !ok || !known {
			t.Errorf("news of no case %q links to %s with no title (%q)", ct, links.Own(ct), key)
		}
	}
}
