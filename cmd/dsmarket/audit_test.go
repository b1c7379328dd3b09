package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
)

func TestAudit_Usage(t *testing.T) {
	var out, errOut bytes.Buffer
	env := func(string) string { return "" }
	for _, args := range [][]string{{"dsmarket", "audit"}, {"dsmarket", "audit", "fix"}} {
		if err := run(context.Background(), args, env, &out, &errOut); !errors.Is(err, errUsage) {
			t.Fatalf("%v: %v", args, err)
		}
	}
	if !strings.Contains(errOut.String(), "dsmarket audit verify") {
		t.Fatalf("usage not shown: %s", errOut.String())
	}
	if err := run(context.Background(), []string{"dsmarket", "audit", "verify"}, env, &out, &errOut); err == nil ||
		!strings.Contains(err.Error(), "DATABASE_URL") {
		t.Fatalf("verify without DATABASE_URL: %v", err)
	}
}

// TestAudit_VerifyNamesTheTamperedRow changes a logged decision the way a rogue database
// superuser could (triggers off, row rewritten) and expects the command to name that row.
func TestAudit_VerifyNamesTheTamperedRow(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.NewDSN(t)
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	env := func(k string) string {
		if k == "DATABASE_URL" {
			return dsn
		}
		return ""
	}
	verify := func() (string, error) {
		t.Helper()
		var out, errOut bytes.Buffer
		err := run(ctx, []string{"dsmarket", "audit", "verify"}, env, &out, &errOut)
		return out.String(), err
	}

	out, err := verify()
	if err != nil || out != "ok: 0 rows checked, head seq 0 hash "+store.GenesisHash+"\n" {
		t.Fatalf("empty log: %q, %v", out, err)
	}

	operator := models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"}
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, models.Seoul)
	for i := range 2 {
		id := fmt.Sprintf("CS-2026-%04d", i+1)
		cs := &models.CommitteeSession{ID: id, WorkflowID: "committee-" + id, HeldOn: models.DateOf(at),
			Status: models.SessionOpen, Members: []string{}, Agenda: []models.AgendaItem{}, OpenedBy: operator.Sub, OpenedAt: at,
			Steps: []models.Step{
				{At: at, Actor: operator, Action: "opened", Status: string(models.SessionOpen)},
				{At: at.Add(time.Hour), Actor: operator, Action: "closing", Status: string(models.SessionClosing)},
			}}
		if err := st.SaveSession(ctx, cs); err != nil {
			t.Fatal(err)
		}
	}
	head, err := st.AuditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out, err = verify()
	if want := fmt.Sprintf("ok: 4 rows checked, head seq 4 hash %s\n", head.Hash); err != nil || out != want {
		t.Fatalf("intact log: %q, %v; want %q", out, err, want)
	}

	// The superuser turns the triggers off, rewrites who decided, and turns them on again.
	err = st.DB().Transaction(func(tx *gorm.DB) error {
		for _, stmt := range []string{
			`ALTER TABLE audit_log DISABLE TRIGGER ALL`,
			`UPDATE audit_log SET actor_sub = 'kim.operator' WHERE seq = 2`,
			`ALTER TABLE audit_log ENABLE TRIGGER ALL`,
		} {
			if err := tx.Exec(stmt).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err = verify()
	if !errors.Is(err, errAuditBroken) || !strings.HasPrefix(out, "broken at seq 2: ") {
		t.Fatalf("tampered log: %q, %v; want broken at seq 2", out, err)
	}
}
