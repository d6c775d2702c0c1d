package lb

import (
	"sync"
	"testing"
)

func TestRoundRobinWeights(t *testing.T) {
	tests := []struct {
		name    string
		weights []int
		want    []int
	}{
		{name: "equal", weights: []int{1, 1, 1}, want: []int{0, 1, 2, 0, 1, 2}},
		{name: "two to one", weights: []int{2, 1}, want: []int{0, 1, 0, 0, 1, 0}},
		{name: "smooth five one one", weights: []int{5, 1, 1}, want: []int{0, 0, 1, 0, 2, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New(RoundRobin, tt.weights)
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			for i, want := range tt.want {
				if got := s.Pick(); got != want {
					t.Fatalf("pick %d = %d, want %d", i, got, want)
				}
			}
		})
	}
}

func TestRandomProportions(t *testing.T) {
	s, err := New(Random, []int{3, 1})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	counts := [2]int{}
	const picks = 40000
	for range picks {
		counts[s.Pick()]++
	}
	// Expected 30000/10000; 5 standard deviations is about 430.
	if counts[0] < 29500 || counts[0] > 30500 {
		t.Fatalf("target 0 picked %d of %d times, want about 30000", counts[0], picks)
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name    string
		policy  Policy
		weights []int
	}{
		{name: "no targets", policy: RoundRobin, weights: nil},
		{name: "zero weight", policy: RoundRobin, weights: []int{1, 0}},
		{name: "unknown policy", policy: "maglev", weights: []int{1}},
		{name: "total too large", policy: Random, weights: []int{maxSchedule, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.policy, tt.weights); err == nil {
				t.Fatalf("New(%q, %v) error = nil, want an error", tt.policy, tt.weights)
			}
		})
	}
}

func TestRoundRobinConcurrentEvenSpread(t *testing.T) {
	s, _ := New(RoundRobin, []int{1, 1, 1, 1})
	var mu sync.Mutex
	counts := make([]int, 4)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]int, 4)
			for range 1000 {
				local[s.Pick()]++
			}
			mu.Lock()
			for i, c := range local {
				counts[i] += c
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	for i, c := range counts {
		if c != 2000 {
			t.Fatalf("target %d picked %d times, want 2000", i, c)
		}
	}
}

func BenchmarkRoundRobinPick(b *testing.B) {
	s, _ := New(RoundRobin, []int{2, 1, 1})
	b.ReportAllocs()
	for b.Loop() {
		s.Pick()
	}
}
