package main

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/gabriel-vasile/mimetype"
)

// TestDemoPDF: the demo's files are PDFs a reader opens: the upload's type check takes them
// for application/pdf, and the cross-reference table points at each object and is itself
// where startxref says.
func TestDemoPDF(t *testing.T) {
	b := demoPDF("dsmarket demonstration document", "Kind: sla_policy", `a (parenthesis) and a \\ backslash`)
	if m := mimetype.Detect(b); !m.Is("application/pdf") {
		t.Fatalf("detected as %s", m)
	}
	start := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n$`).FindSubmatch(b)
	if start == nil {
		t.Fatalf("no startxref at the end:\n%s", b)
	}
	xref, _ := strconv.Atoi(string(start[1]))
	if !bytes.HasPrefix(b[xref:], []byte("xref\n0 6\n")) {
		t.Fatalf("startxref %d does not point at the table: %.20q", xref, b[xref:])
	}
	entries := regexp.MustCompile(`(\d{10}) 00000 n \n`).FindAllSubmatch(b[xref:], -1)
	if len(entries) != 5 {
		t.Fatalf("%d entries in use, want 5", len(entries))
	}
	for i, e := range entries {
		off, _ := strconv.Atoi(string(e[1]))
		if want := fmt.Sprintf("%d 0 obj\n", i+1); !bytes.HasPrefix(b[off:], []byte(want)) {
			t.Errorf("entry %d points at %.12q, not %q", i+1, b[off:], want)
		}
	}
	if !bytes.Contains(b, []byte(`(a \(parenthesis\) and a \\\\ backslash) '`)) {
		t.Errorf("the text is not escaped:\n%s", b)
	}
	length := regexp.MustCompile(`/Length (\d+) >>\nstream\n`).FindSubmatchIndex(b)
	n, _ := strconv.Atoi(string(b[length[2]:length[3]]))
	if !bytes.HasPrefix(b[length[1]+n:], []byte("\nendstream")) {
		t.Errorf("the stream is not %d bytes long", n)
	}
}
