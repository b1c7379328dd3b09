package web

import (
	"bytes"
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
	"time"

	"github.com/dsmarket/dsmarket/models"
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

// catalogLoaded stops a test of the catalog's contents when the files did not load, whose
// error says why better than hundreds of missing keys would.
func catalogLoaded(t *testing.T) {
	t.Helper()
	if messagesErr != nil {
		t.Fatalf("the catalog does not load: %v", messagesErr)
	}
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

// TestCatalogNoEmptyMessage: no text of the catalog is empty or padded.
func TestCatalogNoEmptyMessage(t *testing.T) {
	catalogLoaded(t)
	for k, m := range messages {
		for i, lang := range []string{langKO, langEN} {
			if strings.TrimSpace(m[i]) == "" {
				t.Errorf("%s has an empty %s text", k, lang)
			} else if strings.TrimSpace(m[i]) != m[i] {
				t.Errorf("%s: the %s text %q has spaces around it", k, lang, m[i])
			}
		}
	}
}

// TestCatalogNamesEveryPriceUnit: each unit of the catalog reads in both languages (a
// page writes an unknown unit as it is, so a missing text would not show as a bare key).
func TestCatalogNamesEveryPriceUnit(t *testing.T) {
	catalogLoaded(t)
	for _, u := range models.PriceUnits {
		if _, ok := messages["priceunit."+u]; !ok {
			t.Errorf("the unit %q has no priceunit.%s text", u, u)
		}
	}
}

// TestCatalogTranslate: the lookups the pages make, including their fallbacks.
func TestCatalogTranslate(t *testing.T) {
	for _, tc := range []struct {
		name, got, want string
	}{
		{"OK_Korean", translate(langKO, "nav.inbox"), "받은 작업함"},
		{"OK_English", translate(langEN, "nav.inbox"), "Inbox"},
		{"OK_UnknownLanguageIsKorean", translate("fr", "nav.inbox"), "받은 작업함"},
		{"OK_MissingKeyShowsItself", translate(langEN, "no.such.key"), "no.such.key"},
		{"OK_Label", label(langEN, "status", string(models.OrderNegotiating)), "Negotiating"},
		{"OK_LabelUnknownValue", label(langKO, "status", "some_new_status"), "some new status"},
		{"OK_PageL", page{Lang: langKO}.L("kind", models.TaskSiteVisit), "현장실사·기업면담"},
		{"OK_PriceUnitKorean", page{Lang: langKO}.PriceUnit("user-month"), "사용자·월"},
		{"OK_PriceUnitEnglish", page{Lang: langEN}.PriceUnit("1,000 API calls"), "1,000 API calls"},
		{"OK_PriceUnitTypedIsKeptAsTyped", page{Lang: langEN}.PriceUnit("식"), "식"},
		{"OK_UnitCodeFromKorean", unitCode(" 인스턴스·월 "), "instance-month"},
		{"OK_UnitCodeFromEnglish", unitCode("vcpu-MONTH"), "vCPU-month"},
		{"OK_UnitCodeOtherIsKept", unitCode("식"), "식"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}

// TestKoreanDomainTexts: a reason the domain decided reads in the visitor's language on
// a page, while the English string stays what the REST contract carries; a step recorded
// before its note was keyed shows its English note.
func TestKoreanDomainTexts(t *testing.T) {
	catalogLoaded(t)
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, models.Seoul)
	o := &models.Order{Status: models.OrderProposalSubmitted, AgencyOrg: "ORG-A"}
	err := o.Evaluate(now, models.Actor{Sub: "kim", Role: models.RoleAgency, Org: "ORG-A"},
		[]models.ScoreInput{{Criterion: "기술", Score: 78, Max: 100}})
	if err != nil {
		t.Fatal(err)
	}
	old := models.Step{At: now, Actor: models.SystemActor, Action: models.ActionProposalLapsed, Note: "no proposal by the due date 2026-03-01"}
	ps, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	steps := func(lang string) string {
		var buf strings.Builder
		p := page{Lang: lang}
		if err := ps.sets["case"].ExecuteTemplate(&buf, "steps", partialArgs{P: p, V: append(o.Steps, old)}); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	ko, en := steps(langKO), steps(langEN)
	for _, tc := range []struct {
		name, body, want string
		has              bool
	}{
		{"KoreanReason", ko, "85점 미만: 총점 78점", true},
		{"NoEnglishReasonInKorean", ko, "is below 85 points", false},
		{"EnglishReason", en, "total 78 is below 85 points", true},
		{"OldStepKeepsItsNote", ko, "no proposal by the due date 2026-03-01", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if strings.Contains(tc.body, tc.want) != tc.has {
				t.Errorf("page has %q: %v, want %v\n%s", tc.want, !tc.has, tc.has, tc.body)
			}
		})
	}
	if got := (page{Lang: langKO}).Reason(o.Steps, o.Reason); got != "85점 미만: 총점 78점" {
		t.Errorf("the order's reason in Korean is %q", got)
	}
	if got := (page{Lang: langKO}).Reason(nil, o.Reason); got != o.Reason {
		t.Errorf("a reason without a keyed step is %q, want the English %q", got, o.Reason)
	}
	// A refusal names the action and the state in the visitor's language, the state from
	// the UI's labels.
	conflict := models.Conflict("evaluate the proposal", models.OrderNegotiating)
	if got, want := say(langKO, conflict.Text, conflict.Message), "제안서를 평가할 수 없습니다: 현재 상태는 협상 중입니다"; got != want {
		t.Errorf("conflict in Korean: %q, want %q", got, want)
	}
	// A refused field says why in the visitor's language on the error page.
	var fe models.Fields
	fe.AddText("experts", models.Msg("invalid.max_experts", "max", "10"))
	var buf bytes.Buffer
	if err := ps.render(&buf, "error", page{Lang: langKO, Title: "오류",
		Data: errorView{Status: 422, Code: models.EINVALID, Fields: fe}}); err != nil {
		t.Fatal(err)
	}
	if body := buf.String(); !strings.Contains(body, "검토위원은 최대 10명입니다") || strings.Contains(body, "at most 10 experts") {
		t.Errorf("the error page does not say the field's reason in Korean:\n%s", body)
	}
	// Numbers of the rule table reach the UI's texts as arguments.
	if got := (page{Lang: langKO}).TR("h.evaluation", "score", "85"); got != "제안 평가 (85점 이상 협상대상자)" {
		t.Errorf("h.evaluation: %q", got)
	}
	for _, k := range []string{"h.evaluation", "h.negotiation", "msg.change", "msg.contract.due", "msg.contracts", "msg.notices"} {
		for i, lang := range catalogLangs {
			if m := messages[k][i]; strings.ContainsAny(m, "0123456789") {
				t.Errorf("%s text of %q writes a number of the rule table: %q", lang, k, m)
			}
		}
	}
}

// A refused form shows each field's reason beside the field in the visitor's language, and
// a field error that is not keyed yet in its English text.
func TestFormFieldErrorsInTheVisitorsLanguage(t *testing.T) {
	var fe models.Fields
	fe.AddText("experts", models.Msg("invalid.max_experts", "max", "10"))
	fe.Add("note", "must be at most 2000 characters")
	refused := &form{Errors: fe}
	for lang, want := range map[string]string{langKO: "검토위원은 최대 10명입니다", langEN: "at most 10 experts"} {
		f := page{Lang: lang, Form: refused}.Only("assign", "assign", "").Form
		if got := f.Err("experts"); !strings.Contains(got, want) {
			t.Errorf("%s: Err(experts) = %q, want it to say %q", lang, got, want)
		}
		if got := f.Err("note"); got != "must be at most 2000 characters" {
			t.Errorf("%s: Err(note) = %q", lang, got)
		}
	}
}

// A page writes amounts with digit groups and times in Seoul to the minute; the REST note
// keeps the text it always had.
func TestDomainTextArgumentsAsAPageShowsThem(t *testing.T) {
	qualified := models.Msg("order.qualified", "total", "88", "threshold", "85", "deadline", "2026-12-13T02:03:31+09:00")
	if got, want := say(langKO, qualified, ""), "총점 88점, 85점 이상: 2026-12-13 02:03까지 협상"; got != want {
		t.Errorf("order.qualified: %q, want %q", got, want)
	}
	if got, want := say(langKO, models.Msg("order.price", "price", "110000000"), ""), "제안가격 110,000,000원"; got != want {
		t.Errorf("order.price: %q, want %q", got, want)
	}
	if got, want := models.Msg("order.price", "price", "110000000").English(), "price 110000000 KRW"; got != want {
		t.Errorf("the REST note changed: %q, want %q", got, want)
	}
	// An English page groups an amount as the Korean one does; a bound too.
	amount := models.Msg("contract.value_amount", "amount", "48000000")
	if got, want := say(langEN, amount, ""), "amount 48,000,000 KRW"; got != want {
		t.Errorf("contract.value_amount: %q, want %q", got, want)
	}
	if got := say(langKO, amount, ""); !strings.Contains(got, "48,000,000원") {
		t.Errorf("contract.value_amount in Korean: %q", got)
	}
	if got, want := say(langEN, models.Msg("invalid.krw_max", "max", "100000000000"), ""), "must be at most 100,000,000,000 KRW"; got != want {
		t.Errorf("invalid.krw_max: %q, want %q", got, want)
	}
	if got, want := amount.English(), "amount 48000000 KRW"; got != want {
		t.Errorf("the REST note changed: %q, want %q", got, want)
	}
}

// A change's path names the criteria it touches by their labels on a page, by their codes
// in the REST note.
func TestChangeCriteriaAsAPageShowsThem(t *testing.T) {
	catalogLoaded(t)
	note := models.Msg("change.needs_rereview", "criteria", "chcrit.csap,chcrit.provider_identity")
	if got, want := say(langKO, note, ""), "선정 기준(CSAP 인증, 제공기업 정보)에 해당하는 변경: 재심사"; got != want {
		t.Errorf("Korean page %q, want %q", got, want)
	}
	if got, want := say(langEN, note, ""), "touches selection criteria (CSAP certificate, provider identity): re-review"; got != want {
		t.Errorf("English page %q, want %q", got, want)
	}
	if got, want := note.English(), "touches selection criteria (csap, provider_identity): re-review"; got != want {
		t.Errorf("the REST note changed: %q, want %q", got, want)
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

// TestLabelsForTheEmails: the e-mails name a status as the pages do (cmd/dsmarket hands
// Labels to the sender).
func TestLabelsForTheEmails(t *testing.T) {
	catalogLoaded(t)
	for _, c := range []struct{ lang, key, want string }{
		{"ko", "svcstatus.suspended", "정지"}, {"ko", "status.withdrawn", "철회"}, {"en", "status.withdrawn", translate("en", "status.withdrawn")},
	} {
		if got, ok := Labels(c.lang, c.key); !ok || got != c.want {
			t.Errorf("Labels(%s, %s) = %q, %v; want %q", c.lang, c.key, got, ok, c.want)
		}
	}
	if _, ok := Labels("ko", "no.such.label"); ok {
		t.Error("an unknown label was found")
	}
}
