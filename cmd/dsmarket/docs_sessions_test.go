package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/internal/syncbuf"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store/storetest"
)

// TestDocsSessionsRunOnMakeRun is a newcomer's first hour: `dsmarket dev` (what `make run`
// runs) on an empty database and a Temporal of its own, with its demo cases, then the curl
// sessions of the README and of docs/processes.md pasted into a shell as they are written,
// with the tokens the banner printed. Only the base URL is changed, to the test's port.
// Each session must reach the end its comments promise, with no refusal but the ones they
// announce.
func TestDocsSessionsRunOnMakeRun(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Fatal("the docs' sessions are shell: bash is needed on PATH")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Fatal("the docs' sessions use curl: install it (apt-get install curl)")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	sessions := []struct {
		file, heading string
		refusals      int      // the refusals the session's comments announce (422s)
		want          []string // what the session's output must show, in order
	}{
		{"README.md", "## A catalog order with curl", 0,
			[]string{`"status":"proposal_requested"`, `"status":"negotiating"`, `"contract_id":"CT-ORD-`, `"case_type":"order"`}},
		{"docs/processes.md", "## A catalog order", 1,
			[]string{`"detail":"하나 이상의 항목이 올바르지 않습니다"`, `"field":"colour","message":"알 수 없는 항목입니다"`}},
		{"docs/processes.md", "## An application to selection with curl", 1,
			[]string{`"status":"document_check"`, `"status":"awaiting_committee"`, `"status":"selected"`,
				`"notice_no":"DS-`, `"name_en":"Hanbit Civil Petition SaaS"`, `"csap_valid_until":"2029-06-30"`}},
		{"docs/processes.md", "## A direct contract and an unfit service with curl", 1,
			[]string{`"late":true`, `"subject":"수의계약 등록 Direct contract registered: 민원포털 유지관리"`, `"status":422`, `"service_id":"SVC-0003"`, `"status":"unfit"`, `"workflow_id":"quality-cycle-`}},
	}
	scripts := make([]string, len(sessions))
	for i, s := range sessions {
		scripts[i] = shellBlock(t, filepath.Join(root, s.file), s.heading)
	}

	bin := buildBinary(t)
	addr, temporal, ui := freeAddr(t), freeAddr(t), freeAddr(t)
	dataDir := t.TempDir()
	env := append(os.Environ(),
		"DATABASE_URL="+storetest.NewDSN(t),
		"TEMPORAL_ADDRESS="+temporal,
		"TEMPORAL_UI_URL=http://"+ui,
		"HTTP_ADDR="+addr,
		"DSMARKET_DATA_DIR="+dataDir,
		"DSMARKET_ENV=development",
		"LOG_LEVEL=warn",
	)
	banner := startDev(t, bin, env)
	// Work waits in every role's inbox before anyone has done anything.
	for _, demo := range []string{"demo applications started: 4", "demo change requests started: 2", "demo catalog orders started: 2",
		"demo direct contracts registered: 1", "demo quality cases opened: 1"} {
		if !strings.Contains(banner, demo) {
			t.Errorf("the banner does not say %q:\n%s", demo, banner)
		}
	}
	tokens := regexp.MustCompile(`export ([A-Z]+_TOKEN)=(\S+)`).FindAllStringSubmatch(banner, -1)
	if len(tokens) < 6 {
		t.Fatalf("the banner printed %d tokens, want one per role:\n%s", len(tokens), banner)
	}
	for _, tok := range tokens {
		env = append(env, tok[1]+"="+tok[2])
		switch tok[1] {
		case "EXPERT_TOKEN":
			demoDocumentsReadable(t, "http://"+addr+"/api/v1", tok[2])
		case "PROVIDER_TOKEN":
			demoQualityCaseOpen(t, "http://"+addr+"/api/v1", tok[2])
		}
	}

	const docsBase = "B=http://localhost:8080/api/v1"
	for i, s := range sessions {
		script := scripts[i]
		if !strings.Contains(script, docsBase) {
			t.Fatalf("%s %q: no %q line to point at the test's server", s.file, s.heading, docsBase)
		}
		script = strings.ReplaceAll(script, docsBase, "B=http://"+addr+"/api/v1")
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		cmd := exec.CommandContext(ctx, "bash", "-c", script)
		cmd.Dir, cmd.Env = root, env
		out, err := cmd.CombinedOutput()
		cancel()
		if err != nil {
			t.Fatalf("%s %q: %v\n%s", s.file, s.heading, err, out)
		}
		got := string(out)
		if n := strings.Count(got, `"type":"urn:dsmarket:problem:`); n != s.refusals {
			t.Errorf("%s %q: %d refusals, the session announces %d:\n%s", s.file, s.heading, n, s.refusals, got)
		}
		rest := got
		for _, w := range s.want {
			at := strings.Index(rest, w)
			if at < 0 {
				t.Errorf("%s %q: no %s (in order) in the output:\n%s", s.file, s.heading, w, got)
				break
			}
			rest = rest[at+len(w):]
		}
	}
}

// demoDocumentsReadable: the expert the demo assigned to review an application (cho.expert,
// the banner's EXPERT_TOKEN) opens its files, which the demo uploaded as a provider would:
// real PDFs, not digests of nothing; the files of an application not assigned stay closed.
func demoDocumentsReadable(t *testing.T, base, token string) {
	t.Helper()
	get := func(path string) (*http.Response, []byte) { return getAs(t, base+path, token) }
	resp, body := get("/applications?page_size=10")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the expert's applications: %d %s", resp.StatusCode, body)
	}
	var list struct {
		Items []struct {
			ID        string   `json:"id"`
			Experts   []string `json:"experts"`
			Documents []struct {
				DocumentID string `json:"document_id"`
				Filename   string `json:"filename"`
			} `json:"documents"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatal(err)
	}
	read := 0
	for _, a := range list.Items {
		// An expert reads the files of the applications assigned to them, and no others.
		assigned := slices.Contains(a.Experts, "cho.expert")
		for _, d := range a.Documents {
			if d.DocumentID == "" {
				t.Errorf("%s: demo document %s was not uploaded", a.ID, d.Filename)
				continue
			}
			resp, b := get("/documents/" + d.DocumentID)
			switch {
			case !assigned && resp.StatusCode != http.StatusNotFound:
				t.Errorf("%s: an expert not assigned reads %s: %d", a.ID, d.Filename, resp.StatusCode)
			case assigned && (resp.StatusCode != http.StatusOK || !bytes.HasPrefix(b, []byte("%PDF-"))):
				t.Errorf("%s: the assigned expert cannot read %s: %d %.40q", a.ID, d.Filename, resp.StatusCode, b)
			case assigned:
				read++
			}
		}
	}
	if read == 0 {
		t.Errorf("the expert sees no demo document to read:\n%s", body)
	}
}

// demoQualityCaseOpen: the provider the demo speaks for (jung.provider of PV-0001, the
// banner's PROVIDER_TOKEN) finds the year's quality report of its service asked for.
func demoQualityCaseOpen(t *testing.T, base, token string) {
	t.Helper()
	resp, body := getAs(t, base+"/quality-cases", token)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the provider's quality cases: %d %s", resp.StatusCode, body)
	}
	var list struct {
		Items []struct {
			ServiceID string `json:"service_id"`
			Status    string `json:"status"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 || list.Items[0].ServiceID != "SVC-0001" || list.Items[0].Status != string(models.QualityReportRequested) {
		t.Errorf("the provider's quality cases: %s; want SVC-0001's report requested", body)
	}
}

// getAs is GET url with token's bearer, the response and its body read whole.
func getAs(t *testing.T, url, token string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// shellBlock is the first ```sh block after heading in the Markdown file.
func shellBlock(t *testing.T, path, heading string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	at := strings.Index(doc, "\n"+heading+"\n")
	if at < 0 {
		t.Fatalf("%s has no heading %q", path, heading)
	}
	doc = doc[at:]
	start := strings.Index(doc, "\n```sh\n")
	if start < 0 {
		t.Fatalf("%s: no ```sh block after %q", path, heading)
	}
	doc = doc[start+len("\n```sh\n"):]
	end := strings.Index(doc, "\n```")
	if end < 0 {
		t.Fatalf("%s: the ```sh block after %q does not end", path, heading)
	}
	return doc[:end+1]
}

// startDev runs `dsmarket dev` until its banner is out and returns the banner; the test's
// cleanup stops it as Ctrl-C does and wants a clean exit.
func startDev(t *testing.T, bin string, env []string) string {
	t.Helper()
	cmd := exec.Command(bin, "dev")
	cmd.Env = env
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr syncbuf.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var printed syncbuf.Buffer
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
		once := sync.Once{}
		for sc.Scan() {
			fmt.Fprintln(&printed, sc.Text())
			if strings.Contains(sc.Text(), "Ctrl-C stops everything") {
				once.Do(func() { close(ready) })
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGINT)
		select {
		case err := <-exited:
			if err != nil {
				t.Errorf("dsmarket dev did not stop cleanly on Ctrl-C: %v\n%s%s", err, printed.String(), stderr.String())
			}
		case <-time.After(60 * time.Second):
			_ = cmd.Process.Kill()
			t.Errorf("dsmarket dev did not stop within 60 s of Ctrl-C")
		}
		if t.Failed() {
			t.Logf("dsmarket dev printed:\n%s%s", printed.String(), stderr.String())
		}
	})
	select {
	case <-ready:
		return printed.String()
	case err := <-exited:
		exited <- err
		t.Fatalf("dsmarket dev exited before it was ready: %v\n%s%s", err, printed.String(), stderr.String())
	case <-time.After(4 * time.Minute):
		t.Fatalf("dsmarket dev printed no banner within 4 minutes:\n%s%s", printed.String(), stderr.String())
	}
	return ""
}
