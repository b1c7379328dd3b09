package api

import (
	"bytes"
	"testing"
)

// TestCSVCellsAreText: a cell that a spreadsheet would read as a formula is written as
// text; anything else as it is.
func TestCSVCellsAreText(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteAll([][]string{{"=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "한빛 = 클라우드", "", "48000000"}}); err != nil {
		t.Fatal(err)
	}
	want := "\ufeff" + `"'=HYPERLINK(""http://x"")",'+1,'-2,'@SUM(A1),` + "'\tx," + `한빛 = 클라우드,,48000000` + "\r\n"
	if got := buf.String(); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
