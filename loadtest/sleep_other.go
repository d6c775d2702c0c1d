//go:build !linux

package loadtest

import "time"

// preciseSleep falls back to time.Sleep where nanosleep(2) is not used.
func preciseSleep(d time.Duration) { time.Sleep(d) }
