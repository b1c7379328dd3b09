package main

import (
	"context"
	"errors"
	"fmt"
	"io"
)

const auditUsage = `usage: dsmarket audit verify

Recomputes the hash chain of the decision log (audit_log) from its first row and prints
"ok: N rows checked, head seq S hash H", or "broken at seq S: why" and exits non-zero.
Compare the head with one published earlier (GET /api/v1/audit/head): a log cut short at
its end still forms a valid chain, but not one that reaches the published head.`

// errAuditBroken makes the exit status non-zero; the broken row is already on stdout.
var errAuditBroken = errors.New("the audit log's hash chain is broken")

func runAudit(ctx context.Context, args []string, cfg config, stdout, stderr io.Writer) error {
	if len(args) != 1 || args[0] != "verify" {
		fmt.Fprintln(stderr, auditUsage)
		return errUsage
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	v, err := st.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if !v.OK {
		fmt.Fprintf(stdout, "broken at seq %d: %s (%d rows checked; the chain holds through seq %d hash %s)\n",
			*v.FirstBroken, v.Reason, v.Checked, v.Head.Seq, v.Head.Hash)
		return errAuditBroken
	}
	fmt.Fprintf(stdout, "ok: %d rows checked, head seq %d hash %s\n", v.Checked, v.Head.Seq, v.Head.Hash)
	return nil
}
