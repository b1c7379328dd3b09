package models

import (
	"strconv"
	"time"
)

// ForReader is t with the arguments a person reads otherwise than the REST note, whose
// English text must stay as it was: amounts of won and bounds with digit groups in every
// language (48,000,000 KRW; a Korean text groups its own with {#amount}), times in Seoul to
// the minute. A page and an e-mail show this; the REST note keeps t.
func (t *Text) ForReader() *Text {
	if t == nil {
		return nil
	}
	out := &Text{Key: t.Key, Args: make(map[string]string, len(t.Args))}
	for name, v := range t.Args {
		switch name {
		case "price", "amount", "min", "max":
			if _, err := strconv.ParseInt(v, 10, 64); err == nil {
				v = grouped(v)
			}
		case "deadline":
			if at, err := time.Parse(time.RFC3339, v); err == nil {
				v = at.In(Seoul).Format("2006-01-02 15:04")
			}
		}
		out.Args[name] = v
	}
	return out
}
