// Command dsmarket is the one binary of the system: `dsmarket dev` starts everything on
// one machine; `api`, `worker` and `migrate` are the production processes; `seed`,
// `token` and `bench` serve development.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args, os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "dsmarket:", err)
		os.Exit(1)
	}
}

const usage = `usage: dsmarket <command> [flags]

commands:
  dev       start everything locally: Temporal dev server, PostgreSQL, migrate, seed, worker, API
  api       serve the REST API (production process)
  worker    run the Temporal worker (production process)
  migrate   apply database migrations and exit
  seed      load the demo catalog once; --services N adds a synthetic catalog of N services
  token     print a development token: dsmarket token --role agency --org AG-0001 --sub kim
  bench     run the catalog order benchmark against a dev server
  audit     audit verify: recompute the decision log's hash chain; non-zero exit if broken
  rules     rules check FILE: check a proposed rule table; rules default: print the built-in one`

var errUsage = errors.New("see usage above")

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) < 2 {
		fmt.Fprintln(stderr, usage)
		return errUsage
	}
	cfg := loadConfig(getenv)
	switch cmd, rest := args[1], args[2:]; cmd {
	case "dev":
		return runDev(ctx, cfg, getenv, stdout, stderr)
	case "api":
		return runAPI(ctx, cfg, getenv, stderr)
	case "worker":
		return runWorker(ctx, cfg, stderr)
	case "migrate":
		return runMigrate(ctx, cfg, stdout)
	case "seed":
		return runSeed(ctx, rest, cfg, stdout, stderr)
	case "token":
		return runToken(rest, cfg, getenv, stdout, stderr)
	case "bench":
		return runBench(ctx, rest, cfg, getenv, stdout, stderr)
	case "audit":
		return runAudit(ctx, rest, cfg, stdout, stderr)
	case "rules":
		return runRules(rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	default:
		fmt.Fprintln(stderr, usage)
		return fmt.Errorf("unknown command %q: %w", cmd, errUsage)
	}
}
