// Package lb holds load-balancing selectors: pure, immutable values that
// pick a target index. They do no I/O. A selector is rebuilt when the
// membership or weights of an upstream change and published by the owner
// through an atomic pointer, so a pick never locks.
package lb

import (
	"fmt"
	"math/rand/v2"
	"sync/atomic"
)

// Selector picks the index of the next target. Implementations are safe
// for concurrent use by multiple goroutines and must not be copied after
// first use.
type Selector interface {
	// Pick returns an index in [0, n) where n is the number of targets the
	// selector was built for.
	Pick() int
}

// Policy names a balancing policy in configuration.
type Policy string

// Supported policies.
const (
	RoundRobin Policy = "round_robin"
	Random     Policy = "random"
)

// maxSchedule bounds the expanded weighted schedule so that large weights
// cannot make a selector use unbounded memory.
const maxSchedule = 1 << 16

// New builds a selector for targets with the given weights (each >= 1).
func New(policy Policy, weights []int) (Selector, error) {
	if len(weights) == 0 {
		return nil, fmt.Errorf("lb: no targets: configure at least one target")
	}
	total := 0
	for i, w := range weights {
		if w < 1 {
			return nil, fmt.Errorf("lb: target %d has weight %d: weights must be >= 1", i, w)
		}
		total += w
		if total > maxSchedule {
			return nil, fmt.Errorf("lb: total weight %d exceeds %d: lower the weights", total, maxSchedule)
		}
	}
	switch policy {
	case RoundRobin, "":
		return newWeightedRoundRobin(weights, total), nil
	case Random:
		return newWeightedRandom(weights, total), nil
	default:
		return nil, fmt.Errorf("lb: unknown policy %q: use %q or %q", policy, RoundRobin, Random)
	}
}

// weightedRoundRobin walks a precomputed interleaved schedule in which
// target i appears weights[i] times. Interleaving (smooth weighted round
// robin, as nginx does) spreads a heavy target's turns instead of sending
// it a burst of consecutive requests.
type weightedRoundRobin struct {
	schedule []uint16
	next     atomic.Uint64
}

func newWeightedRoundRobin(weights []int, total int) *weightedRoundRobin {
	schedule := make([]uint16, 0, total)
	current := make([]int, len(weights))
	for range total {
		best := 0
		for i, w := range weights {
			current[i] += w
			if current[i] > current[best] {
				best = i
			}
		}
		current[best] -= total
		schedule = append(schedule, uint16(best))
	}
	return &weightedRoundRobin{schedule: schedule}
}

func (s *weightedRoundRobin) Pick() int {
	n := s.next.Add(1) - 1
	return int(s.schedule[n%uint64(len(s.schedule))])
}

// weightedRandom picks a target with probability proportional to its
// weight, by binary search over cumulative weights.
type weightedRandom struct {
	cumulative []int
	total      int
}

func newWeightedRandom(weights []int, total int) *weightedRandom {
	cumulative := make([]int, len(weights))
	sum := 0
	for i, w := range weights {
		sum += w
		cumulative[i] = sum
	}
	return &weightedRandom{cumulative: cumulative, total: total}
}

func (s *weightedRandom) Pick() int {
	x := rand.IntN(s.total)
	lo, hi := 0, len(s.cumulative)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if s.cumulative[mid] > x {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}
