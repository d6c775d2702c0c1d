package config

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Error is one problem found in a configuration file.
//
// An Error is a plain value: safe to copy and to read from several goroutines.
type Error struct {
	// Source names the file, as passed to Parse or Load.
	Source string
	// Line and Column locate the offending key or value, 1-based; both are 0 for a
	// problem in a Config built by hand.
	Line, Column int
	// Path is the dotted key path of the value, for example "routes[2].match.path". For a
	// problem with a key it is the path of the mapping that contains the key, and "" at the
	// top level.
	Path string
	// Msg describes the problem and how to fix it.
	Msg string
}

// Error formats the problem as "source:line:column: path: message".
func (e *Error) Error() string {
	var b strings.Builder
	if e.Source != "" {
		b.WriteString(e.Source)
		b.WriteByte(':')
	}
	if e.Line > 0 {
		b.WriteString(strconv.Itoa(e.Line))
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Column))
		b.WriteByte(':')
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ErrorList is every problem found in one configuration, sorted by position. Parse, Load and
// Config.Validate return a non-empty ErrorList as their error; use errors.As to get it back.
type ErrorList []*Error

// Error formats the list one problem per line.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap exposes the individual errors to errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// sortErrors orders the list by line and column and drops exact repeats. Problems without a
// position come first, in the order they were found.
func sortErrors(l ErrorList) ErrorList {
	slices.SortStableFunc(l, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	return slices.CompactFunc(l, func(a, b *Error) bool { return *a == *b })
}

// suggest returns the candidate closest to name within edit distance 2, or "" when none is.
// Case is ignored and ties go to the earlier candidate.
func suggest(name string, candidates []string) string {
	best, bestDistance := "", 3
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(name), strings.ToLower(c)); d < bestDistance {
			best, bestDistance = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, counted in bytes.
func editDistance(a, b string) int {
	previous := make([]int, len(b)+1)
	current := make([]int, len(b)+1)
	for j := range previous {
		previous[j] = j
	}
	for i := 1; i <= len(a); i++ {
		current[0] = i
		for j := 1; j <= len(b); j++ {
			substitution := previous[j-1]
			if a[i-1] != b[j-1] {
				substitution++
			}
			current[j] = min(previous[j]+1, current[j-1]+1, substitution)
		}
		previous, current = current, previous
	}
	return previous[len(b)]
}

// quote formats a value from the file for a message, cut short so that one pasted blob does
// not flood the output.
func quote(s string) string {
	const maxRunes = 64
	if r := []rune(s); len(r) > maxRunes {
		return strconv.Quote(string(r[:maxRunes])) + "..."
	}
	return strconv.Quote(s)
}

// didYouMean returns ": did you mean X?" for the closest candidate, or "".
func didYouMean(name string, candidates []string) string {
	if s := suggest(name, candidates); s != "" {
		return fmt.Sprintf(": did you mean %s?", s)
	}
	return ""
}
