// Package syncbuf is a bytes.Buffer that goroutines a test does not own may write to:
// a child process's output copier, or an SDK's poller logging after the call that
// started it returned. Reading a plain bytes.Buffer meanwhile is a data race.
package syncbuf

import (
	"bytes"
	"sync"
)

// Buffer is safe for concurrent Write and String.
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
