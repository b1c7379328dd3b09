package devenv

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/dsmarket/dsmarket/internal/devenv/temporalcli"
)

// cluster is a private PostgreSQL cluster: data in <dir>/data, its log in <dir>/postgres.log,
// listening on 127.0.0.1:port only (no Unix socket), trusting every local connection.
type cluster struct {
	dir, data, log string
	port           int
	initdb, pgCtl  string
	runAs          *user.User // the system user that runs initdb and pg_ctl; nil: ourselves
}

func newCluster(dir string, port int) (*cluster, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("private PostgreSQL: %w", err)
	}
	initdb, pgCtl, err := findPostgresBinaries()
	if err != nil {
		return nil, err
	}
	c := &cluster{
		dir: dir, data: filepath.Join(dir, "data"), log: filepath.Join(dir, "postgres.log"),
		port: port, initdb: initdb, pgCtl: pgCtl,
	}
	if os.Geteuid() == 0 {
		// initdb and postgres refuse to run as root: run them as the postgres system user.
		const why = "private PostgreSQL: initdb refuses to run as root, and"
		const fix = "run as an ordinary user, start a PostgreSQL on " + DefaultLocalPostgres + ", or set DATABASE_URL"
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("%s there is no `postgres` system user to run it as (%w): %s", why, err, fix)
		}
		if _, err := exec.LookPath("runuser"); err != nil {
			return nil, fmt.Errorf("%s runuser, needed to run it as the postgres user, is missing (%w): %s", why, err, fix)
		}
		c.runAs = u
	}
	return c, nil
}

// findPostgresBinaries finds initdb and pg_ctl of the newest PostgreSQL under
// /usr/lib/postgresql/*/bin (Debian's layout), else in PATH.
func findPostgresBinaries() (initdb, pgCtl string, err error) {
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	version := func(p string) int {
		v, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(p))))
		return v
	}
	sort.Slice(matches, func(i, j int) bool { return version(matches[i]) > version(matches[j]) })
	for _, m := range matches {
		if ctl := filepath.Join(filepath.Dir(m), "pg_ctl"); fileExists(ctl) {
			return m, ctl, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			if ctl := filepath.Join(filepath.Dir(real), "pg_ctl"); fileExists(ctl) {
				return real, ctl, nil
			}
		}
		if ctl, err := exec.LookPath("pg_ctl"); err == nil {
			return p, ctl, nil
		}
	}
	return "", "", errors.New("private PostgreSQL: no initdb and pg_ctl under /usr/lib/postgresql/*/bin or in PATH: " +
		"install PostgreSQL (apt-get install postgresql), start one on " + DefaultLocalPostgres + ", or set DATABASE_URL")
}

// start creates the cluster if it does not exist yet and starts it unless it is running.
// It reports whether it started it.
func (c *cluster) start(ctx context.Context) (started bool, err error) {
	if err := c.prepareDir(ctx); err != nil {
		return false, err
	}
	if !fileExists(filepath.Join(c.data, "PG_VERSION")) {
		if err := c.create(ctx); err != nil {
			return false, err
		}
	}
	if port, ok := c.running(ctx); ok {
		c.port = port
		return false, nil
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(c.port))
	if err := temporalcli.CheckFree(addr); err != nil {
		return false, fmt.Errorf("private PostgreSQL: %w: stop what listens there or set DATABASE_URL", err)
	}
	err = c.run(ctx, c.pgCtl, "start", "-D", c.data, "-l", c.log, "-w", "-t", "60", "-o", "-p "+strconv.Itoa(c.port))
	if err != nil {
		return false, fmt.Errorf("%w\n%s ends with:\n%s", err, c.log, tail(c.log, 2048))
	}
	return true, nil
}

// stop stops the cluster (fast shutdown) if it is running.
func (c *cluster) stop(ctx context.Context) error {
	if _, ok := c.running(ctx); !ok {
		return nil
	}
	return c.run(ctx, c.pgCtl, "stop", "-D", c.data, "-m", "fast", "-w", "-t", "60")
}

// prepareDir makes c.dir, owned by the user that runs PostgreSQL, and checks that this user
// can reach it.
func (c *cluster) prepareDir(ctx context.Context) error {
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return fmt.Errorf("private PostgreSQL: %w", err)
	}
	if c.runAs == nil {
		return nil
	}
	uid, err1 := strconv.Atoi(c.runAs.Uid)
	gid, err2 := strconv.Atoi(c.runAs.Gid)
	if err := errors.Join(err1, err2); err != nil {
		return fmt.Errorf("private PostgreSQL: user %s: %w", c.runAs.Username, err)
	}
	if err := chownTree(c.dir, uid, gid); err != nil {
		return fmt.Errorf("private PostgreSQL: give %s to user %s: %w", c.dir, c.runAs.Username, err)
	}
	if err := c.run(ctx, "test", "-w", c.dir); err != nil {
		return fmt.Errorf("private PostgreSQL: the %s system user, which runs PostgreSQL because we are root, "+
			"cannot write to %s: let it search every directory above (chmod o+x), use another data directory, "+
			"or set DATABASE_URL", c.runAs.Username, c.dir)
	}
	return nil
}

// create runs initdb and restricts the cluster to 127.0.0.1.
func (c *cluster) create(ctx context.Context) error {
	// A data directory without PG_VERSION is what a failed initdb leaves: start again.
	if err := os.RemoveAll(c.data); err != nil {
		return fmt.Errorf("private PostgreSQL: %w", err)
	}
	if err := c.run(ctx, c.initdb, "-D", c.data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C"); err != nil {
		return err
	}
	hba := "# dsmarket's private development cluster (internal/devenv): trust, on 127.0.0.1 only.\n" +
		"host all all 127.0.0.1/32 trust\n"
	if err := os.WriteFile(filepath.Join(c.data, "pg_hba.conf"), []byte(hba), 0o600); err != nil {
		return fmt.Errorf("private PostgreSQL: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(c.data, "postgresql.conf"), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return fmt.Errorf("private PostgreSQL: %w", err)
	}
	_, err = io.WriteString(f, "\n# dsmarket (internal/devenv): TCP on 127.0.0.1 only, no Unix socket.\n"+
		"listen_addresses = '127.0.0.1'\nunix_socket_directories = ''\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("private PostgreSQL: %w", err)
	}
	return nil
}

// running reports whether the cluster runs and on which port.
func (c *cluster) running(ctx context.Context) (port int, ok bool) {
	if err := c.run(ctx, c.pgCtl, "status", "-D", c.data); err != nil {
		return 0, false
	}
	// postmaster.pid: pid, data directory, start time, port, ...
	b, err := os.ReadFile(filepath.Join(c.data, "postmaster.pid"))
	if err != nil {
		return c.port, true
	}
	lines := strings.Split(string(b), "\n")
	if len(lines) > 3 {
		if p, err := strconv.Atoi(strings.TrimSpace(lines[3])); err == nil {
			return p, true
		}
	}
	return c.port, true
}

// run runs a program as c.runAs, in c.dir; its error carries the program's output.
func (c *cluster) run(ctx context.Context, name string, args ...string) error {
	argv := append([]string{name}, args...)
	if c.runAs != nil {
		argv = append([]string{"runuser", "-u", c.runAs.Username, "--"}, argv...)
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...) //nolint:gosec // fixed programs, our own arguments
	cmd.Dir = c.dir
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("private PostgreSQL: %s: %w\n%s", strings.Join(argv, " "), err, bytes.TrimSpace(out))
	}
	return nil
}

// chownTree gives dir and everything in it to uid:gid, without following symbolic links out.
func chownTree(dir string, uid, gid int) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer func() { _ = root.Close() }()
	return fs.WalkDir(root.FS(), ".", func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return root.Lchown(p, uid, gid)
	})
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// tail returns at most the last n bytes of the file p.
func tail(p string, n int64) string {
	f, err := os.Open(p) //nolint:gosec // our own log file
	if err != nil {
		return err.Error()
	}
	defer func() { _ = f.Close() }()
	if fi, err := f.Stat(); err == nil && fi.Size() > n {
		_, _ = f.Seek(-n, io.SeekEnd)
	}
	b, _ := io.ReadAll(f)
	return string(bytes.TrimSpace(b))
}
