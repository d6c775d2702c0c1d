package config

import (
	"maps"
	"slices"
	"strconv"
	"time"
)

// Balance values that are planned but not implemented yet.
var plannedBalances = []string{"least_conn", "maglev", "ring_hash"}

func (k *checker) checkUpstreams() {
	c := k.c
	listed := make(map[string]bool, len(c.UpstreamOrder))
	for _, name := range c.UpstreamOrder {
		path := joinPath("upstreams", name)
		u, ok := c.Upstreams[name]
		switch {
		case listed[name]:
			k.errorf(path, "upstream %s appears twice in UpstreamOrder", quote(name))
			continue
		case !ok || u == nil:
			k.errorf(path, "upstream %s is in UpstreamOrder but not defined in Upstreams", quote(name))
			continue
		}
		listed[name] = true
		k.checkUpstream(path, name, u)
	}
	for _, name := range slices.Sorted(maps.Keys(c.Upstreams)) {
		if !listed[name] {
			k.errorf(joinPath("upstreams", name), "upstream %s is defined but missing from UpstreamOrder", quote(name))
		}
	}
}

func (k *checker) checkUpstream(path, name string, u *Upstream) {
	at := func(field string) Pos { return k.positionOr(joinPath(path, field), u.Pos) }
	if !validName(name) {
		k.errorAt(k.positionOr(path, u.Pos), path, "invalid upstream name %s: use 1 to %d letters, digits, '_', '-' or '.', starting with a letter or digit", quote(name), maxNameLength)
	}
	if u.Name != name {
		k.errorAt(k.positionOr(path, u.Pos), path, "Name %s differs from its key %s in Upstreams", quote(u.Name), quote(name))
	}
	k.checkTargets(path, u)
	k.checkBalance(joinPath(path, "balance"), u.Balance, at("balance"))

	for _, d := range []struct {
		field string
		value time.Duration
	}{
		{"connect_timeout", u.ConnectTimeout},
		{"response_header_timeout", u.ResponseHeaderTimeout},
		{"pool.idle_timeout", u.IdleConnTimeout},
	} {
		if d.value <= 0 {
			k.errorAt(at(d.field), joinPath(path, d.field), "duration %s must be greater than 0", d.value)
		}
	}
	if u.MaxIdlePerTarget < 0 {
		k.errorAt(at("pool.max_idle_per_target"), joinPath(path, "pool.max_idle_per_target"), "%d must not be negative: use 0 to keep no idle connections", u.MaxIdlePerTarget)
	}
	if u.MaxConnsPerTarget < 0 {
		k.errorAt(at("pool.max_connections_per_target"), joinPath(path, "pool.max_connections_per_target"), "%d must not be negative: use 0 for no limit", u.MaxConnsPerTarget)
	}
	if u.MaxConnsPerTarget > 0 && u.MaxIdlePerTarget > u.MaxConnsPerTarget {
		k.errorAt(at("pool.max_idle_per_target"), joinPath(path, "pool.max_idle_per_target"), "%d is larger than max_connections_per_target %d: idle connections count toward that cap, so lower it", u.MaxIdlePerTarget, u.MaxConnsPerTarget)
	}
}

func (k *checker) checkTargets(path string, u *Upstream) {
	targetsPath := joinPath(path, "targets")
	if len(u.Targets) == 0 {
		if k.written(targetsPath) {
			k.errorf(targetsPath, "empty list: list at least one target, such as [{address: 127.0.0.1:9001}]")
		} else {
			k.missing(targetsPath, "missing targets: list at least one, such as targets: [{address: 127.0.0.1:9001}]")
		}
		return
	}
	first := make(map[string]int, len(u.Targets))
	for i, t := range u.Targets {
		targetPath := targetsPath + "[" + strconv.Itoa(i) + "]"
		at := func(field string) Pos { return k.positionOr(joinPath(targetPath, field), t.Pos) }
		addressPath := joinPath(targetPath, "address")
		if t.Address == "" {
			k.errorAt(at("address"), addressPath, "missing address: use host:port, such as 127.0.0.1:9001")
		} else if host, _, err := splitAddress(t.Address, 1); err != nil {
			k.errorAt(at("address"), addressPath, "invalid address %s: %v", quote(t.Address), err)
		} else if host == "" {
			k.errorAt(at("address"), addressPath, "invalid address %s: the host is empty; use host:port, such as 127.0.0.1:9001", quote(t.Address))
		} else if j, dup := first[t.Address]; dup {
			k.errorAt(at("address"), addressPath, "duplicate target %s (first at %s): list each address once and raise its weight instead", quote(t.Address), k.describe(targetsPath+"["+strconv.Itoa(j)+"]", u.Targets[j].Pos))
		} else {
			first[t.Address] = i
		}
		if t.Weight < 1 || t.Weight > MaxWeight {
			k.errorAt(at("weight"), joinPath(targetPath, "weight"), "%d is out of range: use 1 to %d", t.Weight, MaxWeight)
		}
	}
}

func (k *checker) checkBalance(path, balance string, at Pos) {
	switch {
	case balance == BalanceRoundRobin || balance == BalanceRandom:
	case slices.Contains(plannedBalances, balance):
		k.errorAt(at, path, "balance %s is not supported yet; use %s or %s", balance, BalanceRoundRobin, BalanceRandom)
	case balance == "":
		k.errorAt(at, path, "empty value: use %s or %s", BalanceRoundRobin, BalanceRandom)
	default:
		k.errorAt(at, path, "invalid balance %s: use %s or %s", quote(balance), BalanceRoundRobin, BalanceRandom)
	}
}

// positionOr returns the recorded position of path, falling back to p for a Config built by
// hand, whose only positions are the Pos fields.
func (k *checker) positionOr(path string, p Pos) Pos {
	if q, ok := k.c.positions[path]; ok {
		return q
	}
	if k.c.positions != nil {
		return k.position(path)
	}
	return p
}

// describe names an earlier value for a "duplicate" message: its line when known, else its
// path.
func (k *checker) describe(path string, p Pos) string {
	if q := k.positionOr(path, p); q.Line > 0 {
		return "line " + strconv.Itoa(q.Line)
	}
	return path
}
