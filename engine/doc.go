// Package engine runs the client side of the gateway: netpoll listeners
// and event loops, the connection lifecycle and its timeouts, connection
// admission, graceful drain, and the per-request pipeline (parse, route,
// forward, reply).
//
// # Connection states
//
//	         accept (over MaxConnections: 503, close)
//	            │
//	            ▼
//	 ┌────────► idle ──── sweeper: no request for IdleTimeout
//	 │          │         (ReadHeaderTimeout before the first) ──► closed
//	 │          │ bytes arrive (netpoll calls OnRequest)
//	 │          ▼
//	 │        active ─── read head (deadline ReadHeaderTimeout: 408)
//	 │          │        parse, route, forward or reply locally
//	 │          │        pipelined bytes buffered: serve the next one
//	 └──────────┤
//	keep-alive  │ Connection: close, error, drain, request limit
//	            ▼
//	          closed
//
// An idle connection holds no goroutine: netpoll wakes the handler when
// bytes arrive, and the sweeper closes connections idle too long. An
// active connection holds one goroutine, which blocks while it reads a
// slow head or body and while the upstream responds.
package engine
