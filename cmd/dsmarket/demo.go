package main

import (
	"context"
	"fmt"
	"slices"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// demoCases puts a few applications for selection in different steps, through the same
// app layer the API uses, so that every role finds work in its inbox on the first
// `make run`: an operator's document check, a provider's supplement, experts' reviews and
// committee members' votes on an open session, two information changes, two catalog
// orders, a direct contract and a quality case. It runs once, on a database without
// applications.
type demoCases struct {
	store     *store.Store
	apps      *app.Applications
	tasks     *app.Tasks
	committee *app.Committee
	// changeRequests opens the demo's information changes (demo_changes.go).
	changeRequests *app.Changes
	// orderCases opens the demo's catalog orders (demo_orders.go).
	orderCases *app.Orders
	// contracts registers the demo's direct contract (demo_contracts.go).
	contracts *app.Contracts
	// documents uploads the demo applications' files (demo_documents.go); nil references
	// them by digest alone.
	documents *app.Documents
	// temporal opens the demo's quality case (demo_quality.go), in the sandbox's time
	// scale; nil opens none.
	temporal  client.Client
	timeScale int
	now       time.Time
}

var (
	demoJung     = models.Actor{Sub: "jung.provider", Role: models.RoleProvider, Org: "PV-0001"}
	demoHan      = models.Actor{Sub: "han.provider", Role: models.RoleProvider, Org: "PV-0002"}
	demoOperator = models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"}
)

// others starts the demo's cases of every other kind, after its applications, and says of
// each kind how many it started or why it started none: the rest works without them.
func (d *demoCases) others(ctx context.Context, say func(format string, args ...any)) {
	kinds := []struct {
		start        func(context.Context) (int, error)
		done, failed string
	}{
		{d.changes, "demo change requests started: %d (operator's decision, re-review)", "demo change requests not created: %v"},
		{d.orders, "demo catalog orders started: %d (the provider's proposal, the agency's evaluation)", "demo catalog orders not created: %v"},
		{d.directContracts, "demo direct contracts registered: %d (a change waiting for its details)", "demo direct contract not registered: %v"},
		{d.quality, "demo quality cases opened: %d (the provider's yearly report)", "demo quality case not opened: %v"},
	}
	for _, k := range kinds {
		if n, err := k.start(ctx); err != nil {
			say("  "+k.failed, err)
		} else {
			say("  "+k.done, n)
		}
	}
}

func (d *demoCases) run(ctx context.Context) (int, error) {
	existing, _, err := d.store.ListApplications(ctx, store.ApplicationFilter{PageSize: 1})
	if err != nil || len(existing) > 0 {
		return 0, err
	}
	pv1, err := d.store.GetProvider(ctx, demoJung.Org)
	if err != nil {
		return 0, err
	}
	pv2, err := d.store.GetProvider(ctx, demoHan.Org)
	if err != nil {
		return 0, err
	}
	held := models.DateOf(models.AddCalendarDays(d.now, 14))
	if _, err := d.committee.Create(ctx, demoOperator, models.SessionInput{HeldOn: held.String(),
		Members: []string{"song.committee", "lim.committee", "jang.committee", "kwon.committee", "hwang.committee"}}, "demo-session"); err != nil {
		return 0, fmt.Errorf("demo session: %w", err)
	}

	steps := []struct {
		by      models.Actor
		p       models.Provider
		name    string
		nameEn  string
		sub     models.Subtype
		missing []models.DocumentKind
		walk    func(id string) error
	}{
		{demoJung, pv1, "한빛 AI 민원상담 챗봇", "Hanbit AI Civil Petition Chatbot", models.SubConvergence, nil, nil},
		{demoHan, pv2, "누리 협업 오피스 SaaS", "Nuri Collaboration Office SaaS", models.SubSaaS, []models.DocumentKind{models.DocSLAPolicy}, nil},
		{demoHan, pv2, "누리 데이터 이전 컨설팅", "Nuri Data Migration Consulting", models.SubMigration, nil, func(id string) error {
			return d.toReview(ctx, id, "cho.expert", "yoo.expert")
		}},
		{demoJung, pv1, "한빛 클라우드 백업", "Hanbit Cloud Backup", models.SubIaaS, nil, func(id string) error {
			if err := d.toReview(ctx, id, "cho.expert", "yoo.expert"); err != nil {
				return err
			}
			for _, e := range []string{"cho.expert", "yoo.expert"} {
				// As the expert's own sign-in would: their organization is the registry's.
				p, err := d.store.GetPerson(ctx, e)
				if err != nil {
					return err
				}
				if err := d.complete(ctx, id, models.Actor{Sub: p.Sub, Role: p.Role, Org: p.Org}, models.TaskExpertReview, demoReview()); err != nil {
					return err
				}
			}
			return nil
		}},
	}
	for i, s := range steps {
		in := demoApplication(s.p, s.name, s.nameEn, s.sub, s.missing)
		if in.Documents, err = d.uploadDemoDocuments(ctx, s.by, fmt.Sprintf("demo-application-%d-document", i+1), in.Documents); err != nil {
			return i, fmt.Errorf("demo application %q: %w", s.name, err)
		}
		c, err := d.apps.Create(ctx, s.by, in, fmt.Sprintf("demo-application-%d", i+1))
		if err != nil {
			return i, fmt.Errorf("demo application %q: %w", s.name, err)
		}
		if s.walk != nil {
			if err := s.walk(c.ID); err != nil {
				return i, fmt.Errorf("demo application %s: %w", c.ID, err)
			}
		}
	}
	return len(steps), nil
}

// toReview accepts the documents and assigns the experts.
func (d *demoCases) toReview(ctx context.Context, id string, experts ...string) error {
	if err := d.complete(ctx, id, demoOperator, models.TaskDocumentCheck, models.TaskCompletion{Outcome: "accept", Note: "제출서류 확인 완료"}); err != nil {
		return err
	}
	return d.complete(ctx, id, demoOperator, models.TaskAssignExperts, models.TaskCompletion{Experts: experts})
}

func (d *demoCases) complete(ctx context.Context, id string, by models.Actor, kind models.TaskKind, body models.TaskCompletion) error {
	v, err := d.apps.Get(ctx, by, id)
	if err != nil {
		return err
	}
	for _, t := range v.OpenTasks {
		if t.Kind == kind && t.AssignedTo(by) {
			_, err := d.tasks.Complete(ctx, by, t.ID, "demo-"+t.ID, body)
			return err
		}
	}
	return fmt.Errorf("no open %s task for %s on %s", kind, by.Sub, id)
}

func demoReview() models.TaskCompletion {
	no := false
	return models.TaskCompletion{Opinion: "suitable", SiteVisit: &no, Comment: "가용성 99.9% SLA, 일일 백업·복구 시험 기록 확인",
		Criteria: &models.ReviewCriteria{Eligibility: "pass", Management: "pass", Security: "na", Stability: "pass", Support: "pass"}}
}

func demoApplication(p models.Provider, name, nameEn string, sub models.Subtype, missing []models.DocumentKind) models.ApplicationInput {
	founded := "2012-03-02"
	if p.FoundedOn != nil {
		founded = p.FoundedOn.String()
	}
	var docs []models.DocumentInput
	for i, k := range models.RequiredDocuments(sub.Type(), false, false) {
		if slices.Contains(missing, k) {
			continue
		}
		docs = append(docs, models.DocumentInput{Kind: string(k), Filename: string(k) + ".pdf",
			SHA256: fmt.Sprintf("%064x", i+1), Size: int64(200_000 + i*1_000)})
	}
	return models.ApplicationInput{
		Service: models.ApplicationServiceInput{Name: name, Type: string(sub.Type()), Subtype: string(sub),
			Description: name + " — 공공기관용 디지털서비스 (demo)",
			NameEn:      nameEn, DescriptionEn: nameEn + ": a digital service for public bodies (demo)"},
		Provider: models.ApplicantInput{BusinessNo: p.BusinessNo, Name: p.Name, FoundedOn: founded,
			CreditRating: "BBB+", BusinessStatus: "active", Size: string(p.Size)},
		Documents: docs,
	}
}
