package engine

import (
	"context"
	"log/slog"
	"runtime/debug"
	"sync/atomic"
)

// maxParkedWorkers bounds the workers kept waiting for tasks. Each keeps
// its grown stack (about 16 KiB to 32 KiB for a proxied request), so the
// bound caps that memory near 32 MiB.
const maxParkedWorkers = 1024

// workerRunner runs netpoll's handler calls on long-lived goroutines.
// netpoll's default pool lets a worker exit as soon as its queue is
// empty. Under load nearly every request then started on a new goroutine
// and paid for growing its stack from 2 KiB again: about 10% of CPU in a
// profile of gatehouse proxy under wrk -c64 on one core. It is safe for concurrent use.
type workerRunner struct {
	log    *slog.Logger
	tasks  chan func()
	parked atomic.Int64
}

// runner is the process-wide runner installed by configureNetpoll.
var runner *workerRunner

// run hands f to a parked worker, or starts a new one when none waits.
func (r *workerRunner) run(_ context.Context, f func()) {
	select {
	case r.tasks <- f:
	default:
		go r.work(f)
	}
}

func (r *workerRunner) work(f func()) {
	for {
		r.call(f)
		if r.parked.Add(1) > maxParkedWorkers {
			r.parked.Add(-1)
			return
		}
		f = <-r.tasks
		r.parked.Add(-1)
	}
}

// call runs f and recovers a panic, so one bad request cannot stop the
// process or the worker.
func (r *workerRunner) call(f func()) {
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("panic in a connection handler", "panic", p, "stack", string(debug.Stack()))
		}
	}()
	f()
}
