package api

import (
	"encoding/csv"
	"io"
	"strings"
)

// utf8BOM leads the CSV so that Excel reads it as UTF-8 and shows Korean names intact.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// CSVWriter writes the files people open in a spreadsheet. A cell that begins as a formula
// would (=, +, -, @, a tab or a carriage return) gets a leading apostrophe, which the
// spreadsheet shows as text: a service name, a title or a reason that someone typed is
// never run as a formula on an operator's or an auditor's machine (CSV injection).
type CSVWriter struct{ *csv.Writer }

// NewCSV starts a CSV file for a spreadsheet on w: the BOM, then lines ended as spreadsheet
// programs expect (CRLF).
func NewCSV(w io.Writer) (CSVWriter, error) {
	if _, err := w.Write(utf8BOM); err != nil {
		return CSVWriter{}, err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return CSVWriter{cw}, nil
}

// Write writes one line, each cell as text.
func (w CSVWriter) Write(record []string) error {
	cells := make([]string, len(record))
	for i, s := range record {
		cells[i] = asText(s)
	}
	return w.Writer.Write(cells)
}

// WriteAll writes the lines and flushes.
func (w CSVWriter) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

func asText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteCSVPages writes a list read a page at a time as one CSV file on w: the header, then
// one line per item (row). list reads the page after token ("" for the first). The first
// page is read before anything is written, so that a caller can still answer an error
// (started false); a failure later cuts the file short and is returned (started true).
func WriteCSVPages[T any](w io.Writer, header []string, list func(token string) ([]T, string, error),
	row func(T) []string) (started bool, err error) {
	items, next, err := list("")
	if err != nil {
		return false, err
	}
	cw, err := NewCSV(w)
	if err != nil {
		return true, err
	}
	if err := cw.Write(header); err != nil {
		return true, err
	}
	for {
		for _, it := range items {
			if err := cw.Write(row(it)); err != nil {
				return true, err
			}
		}
		if cw.Flush(); cw.Error() != nil || next == "" {
			return true, cw.Error()
		}
		if items, next, err = list(next); err != nil {
			return true, err
		}
	}
}
