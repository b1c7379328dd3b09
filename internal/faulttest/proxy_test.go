package faulttest

import (
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// pgProxy stands between the dsmarket processes and PostgreSQL so that the test can take
// the database away from them without touching the shared server: cut closes the listener
// and every live connection (the processes then get "connection refused" on every dial,
// as from a database that is down), restore listens again on the same port.
type pgProxy struct {
	target string // the real server's host:port
	addr   string // where the processes connect: 127.0.0.1:port, the same for the whole test

	mu    sync.Mutex
	ln    net.Listener // nil while cut
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup // the accept loops and the connections' pipes
}

func startProxy(target string) (*pgProxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("proxy: %w", err)
	}
	p := &pgProxy{target: target, addr: ln.Addr().String(), conns: map[net.Conn]struct{}{}}
	p.serve(ln)
	return p, nil
}

func (p *pgProxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	p.wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return // the listener was closed by cut or close
			}
			p.wg.Go(func() { p.pipe(c) })
		}
	})
}

// pipe copies bytes both ways until either side ends or cut closes both.
func (p *pgProxy) pipe(client net.Conn) {
	server, err := net.DialTimeout("tcp", p.target, 5*time.Second)
	if err != nil {
		_ = client.Close()
		return
	}
	if !p.track(client, server) {
		// Cut while dialling: this connection belongs to the outage too.
		_ = client.Close()
		_ = server.Close()
		return
	}
	defer p.untrack(client, server)
	closeBoth := func() {
		_ = client.Close()
		_ = server.Close()
	}
	var copies sync.WaitGroup
	copies.Go(func() {
		_, _ = io.Copy(server, client)
		closeBoth()
	})
	copies.Go(func() {
		_, _ = io.Copy(client, server)
		closeBoth()
	})
	copies.Wait()
}

func (p *pgProxy) track(cs ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln == nil {
		return false
	}
	for _, c := range cs {
		p.conns[c] = struct{}{}
	}
	return true
}

func (p *pgProxy) untrack(cs ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range cs {
		delete(p.conns, c)
	}
}

// cut makes PostgreSQL unreachable: no listener on the port, every connection closed.
func (p *pgProxy) cut() {
	p.mu.Lock()
	ln := p.ln
	p.ln = nil
	conns := make([]net.Conn, 0, len(p.conns))
	for c := range p.conns {
		conns = append(conns, c)
	}
	p.mu.Unlock()
	if ln != nil {
		_ = ln.Close()
	}
	for _, c := range conns {
		_ = c.Close()
	}
}

// restore listens on the proxy's port again. The port was ours a moment ago; should
// another process have taken it meanwhile, restore retries for a few seconds.
func (p *pgProxy) restore() error {
	var err error
	for range 50 {
		var ln net.Listener
		if ln, err = net.Listen("tcp", p.addr); err == nil {
			p.serve(ln)
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("proxy: listen again on %s: %w", p.addr, err)
}

// close cuts every connection for good and waits for the proxy's goroutines.
func (p *pgProxy) close() {
	p.cut()
	p.wg.Wait()
}
