package syncbuf

import (
	"strings"
	"sync"
	"testing"
)

// Run under -race: concurrent writers and a reader must not race.
func TestBuffer_ConcurrentWritesAndReads(t *testing.T) {
	var b Buffer
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				_, _ = b.Write([]byte("x"))
				_ = b.String()
			}
		}()
	}
	wg.Wait()
	if got := strings.Count(b.String(), "x"); got != 400 {
		t.Fatalf("wrote 400 bytes, read %d", got)
	}
}
