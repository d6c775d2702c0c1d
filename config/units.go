package config

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// Size parsing errors; ParseSize wraps them with the offending text.
var (
	ErrInvalidSize  = errors.New("invalid size")
	ErrSizeOverflow = errors.New("size out of range")
)

// sizeUnits maps each accepted unit suffix to its multiplier. Binary units (KiB) are powers
// of 1024 and decimal units (KB) powers of 1000, as in IEC 80000-13.
var sizeUnits = map[string]int64{
	"":    1,
	"B":   1,
	"KiB": 1 << 10,
	"MiB": 1 << 20,
	"GiB": 1 << 30,
	"KB":  1000,
	"MB":  1000 * 1000,
	"GB":  1000 * 1000 * 1000,
}

// ParseSize parses a byte count such as "4096", "512B", "16KiB", "10 MiB" or "1GB". The number
// is a non-negative decimal integer. The optional unit is B, KiB, MiB, GiB, KB, MB or GB (case
// matters), after at most one space. The result must fit in an int64. Errors wrap
// ErrInvalidSize or ErrSizeOverflow.
func ParseSize(s string) (int64, error) {
	digits := len(s) - len(strings.TrimLeft(s, "0123456789"))
	if strings.HasPrefix(s, "-") {
		return 0, fmt.Errorf("%w %s: must not be negative", ErrInvalidSize, quote(s))
	}
	if digits == 0 {
		return 0, fmt.Errorf("%w %s: use a whole number of bytes with an optional unit B, KiB, MiB, GiB, KB, MB or GB, such as 16KiB", ErrInvalidSize, quote(s))
	}
	if strings.HasPrefix(s[digits:], ".") {
		return 0, fmt.Errorf("%w %s: fractions are not accepted: use a whole number in a smaller unit, such as 1536KiB for 1.5MiB", ErrInvalidSize, quote(s))
	}
	unit := strings.TrimPrefix(s[digits:], " ")
	multiplier, ok := sizeUnits[unit]
	if !ok {
		return 0, fmt.Errorf("%w %s: unknown unit %s: use B, KiB, MiB, GiB, KB, MB or GB, such as 16KiB", ErrInvalidSize, quote(s), quote(unit))
	}
	var n int64
	for _, c := range s[:digits] {
		d := int64(c - '0')
		if n > (math.MaxInt64-d)/10 {
			return 0, fmt.Errorf("%w: %s is larger than %d bytes", ErrSizeOverflow, quote(s), int64(math.MaxInt64))
		}
		n = n*10 + d
	}
	if n > math.MaxInt64/multiplier {
		return 0, fmt.Errorf("%w: %s is larger than %d bytes", ErrSizeOverflow, quote(s), int64(math.MaxInt64))
	}
	return n * multiplier, nil
}

// parseDuration parses a non-negative Go duration such as "10s", "1m30s" or "500ms".
func parseDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %s: use a Go duration such as 10s or 500ms", quote(s))
	}
	if d < 0 {
		return 0, fmt.Errorf("invalid duration %s: must not be negative", quote(s))
	}
	return d, nil
}
