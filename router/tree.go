package router

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// node is a node of a compressed radix tree over normalized paths. An edge carries static
// bytes (prefix). A node whose path so far ends in '/' may also have a parameter child and
// wildcard routes. The tree is never modified after Build returns.
type node struct {
	prefix   string
	indices  string  // the first byte of each child's prefix, in children order
	children []*node // static children, each with a different first byte
	param    *node   // the child for a ":name" segment
	parent   *node   // nil at the root
	isParam  bool    // n is its parent's param child

	exact    []*entry // routes whose pattern ends here
	prefixed []*entry // routes with Prefix set whose pattern ends here
	wildcard []*entry // routes whose pattern ends with "*name" right after this node

	// maxPriority is the highest Priority in this subtree. Lookup skips subtrees that cannot
	// beat the route it already found.
	maxPriority int
}

// insert adds the route e with the parsed pattern parts below n.
func (n *node) insert(parts []part, e *entry) {
	for _, p := range parts {
		switch p.kind {
		case partStatic:
			n = n.insertStatic(p.text)
		case partParam:
			if n.param == nil {
				n.param = &node{}
			}
			n = n.param
		case partWildcard:
			n.wildcard = append(n.wildcard, e)
			return
		}
	}
	if e.prefix {
		n.prefixed = append(n.prefixed, e)
	} else {
		n.exact = append(n.exact, e)
	}
}

// insertStatic walks or creates the static edges for s below n and returns the node that ends
// exactly after s, splitting an edge when s ends inside it.
func (n *node) insertStatic(s string) *node {
	for len(s) > 0 {
		i := strings.IndexByte(n.indices, s[0])
		if i < 0 {
			child := &node{prefix: s}
			n.indices += s[:1]
			n.children = append(n.children, child)
			return child
		}

		child := n.children[i]
		common := commonPrefixLen(child.prefix, s)
		if common < len(child.prefix) {
			// The lower half keeps the edge's children and routes, and child becomes the upper half.
			lower := *child
			lower.prefix = child.prefix[common:]
			*child = node{
				prefix:   child.prefix[:common],
				indices:  lower.prefix[:1],
				children: []*node{&lower},
			}
		}
		s = s[common:]
		n = child
	}
	return n
}

func commonPrefixLen(a, b string) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// finalize orders every node's routes by priority (highest first, then declaration order),
// sets parent links and sets maxPriority.
func (n *node) finalize() {
	n.maxPriority = math.MinInt
	for _, list := range [][]*entry{n.exact, n.prefixed, n.wildcard} {
		slices.SortStableFunc(list, func(a, b *entry) int {
			return cmp.Compare(b.priority, a.priority)
		})
		if len(list) > 0 {
			n.maxPriority = max(n.maxPriority, list[0].priority)
		}
	}

	children := n.children
	if n.param != nil {
		n.param.isParam = true
		children = append(slices.Clip(children), n.param)
	}
	for _, c := range children {
		c.parent = n
		c.finalize()
		n.maxPriority = max(n.maxPriority, c.maxPriority)
	}
}
