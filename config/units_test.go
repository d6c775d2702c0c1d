package config

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

func TestParseSize(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr error
	}{
		{in: "0", want: 0},
		{in: "4096", want: 4096},
		{in: "512B", want: 512},
		{in: "16KiB", want: 16 << 10},
		{in: "10MiB", want: 10 << 20},
		{in: "2GiB", want: 2 << 30},
		{in: "16KB", want: 16000},
		{in: "10MB", want: 10_000_000},
		{in: "2GB", want: 2_000_000_000},
		{in: "10 MiB", want: 10 << 20},
		{in: "007", want: 7},
		{in: "9223372036854775807", want: math.MaxInt64},
		{in: "8589934591GiB", want: 8589934591 << 30},
		{in: "9223372036854775808", wantErr: ErrSizeOverflow},
		{in: "8589934592GiB", wantErr: ErrSizeOverflow},
		{in: "99999999999999999999999", wantErr: ErrSizeOverflow},
		{in: "", wantErr: ErrInvalidSize},
		{in: "KiB", wantErr: ErrInvalidSize},
		{in: "-1", wantErr: ErrInvalidSize},
		{in: "+1", wantErr: ErrInvalidSize},
		{in: "1.5MiB", wantErr: ErrInvalidSize},
		{in: "16kib", wantErr: ErrInvalidSize},
		{in: "16 kB", wantErr: ErrInvalidSize},
		{in: "16K", wantErr: ErrInvalidSize},
		{in: "16  KiB", wantErr: ErrInvalidSize},
		{in: " 16KiB", wantErr: ErrInvalidSize},
		{in: "16KiB ", wantErr: ErrInvalidSize},
		{in: "0x10", wantErr: ErrInvalidSize},
	}
	for _, tt := range tests {
		got, err := ParseSize(tt.in)
		if tt.wantErr != nil {
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("ParseSize(%q) = %d, %v; want error %v", tt.in, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d, nil", tt.in, got, err, tt.want)
		}
	}
}

func TestParseSizeMessages(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{in: "16kb", want: `invalid size "16kb": unknown unit "kb": use B, KiB, MiB, GiB, KB, MB or GB`},
		{in: "1.5MiB", want: "fractions are not accepted"},
		{in: "-3", want: `invalid size "-3": must not be negative`},
		{in: "lots", want: `invalid size "lots": use a whole number of bytes`},
		{in: "9999999999GiB", want: `size out of range: "9999999999GiB" is larger than 9223372036854775807 bytes`},
	}
	for _, tt := range tests {
		_, err := ParseSize(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseSize(%q) error = %v, want it to contain %q", tt.in, err, tt.want)
		}
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr string
	}{
		{in: "10s", want: 10 * time.Second},
		{in: "500ms", want: 500 * time.Millisecond},
		{in: "1m30s", want: 90 * time.Second},
		{in: "1.5h", want: 90 * time.Minute},
		{in: "0", want: 0},
		{in: "0s", want: 0},
		{in: "+5s", want: 5 * time.Second},
		{in: "10x", wantErr: `invalid duration "10x": use a Go duration such as 10s or 500ms`},
		{in: "5", wantErr: `invalid duration "5"`},
		{in: "", wantErr: `invalid duration ""`},
		{in: "10 s", wantErr: `invalid duration "10 s"`},
		{in: "-1s", wantErr: `invalid duration "-1s": must not be negative`},
		{in: "9999999999h", wantErr: `invalid duration "9999999999h"`},
	}
	for _, tt := range tests {
		got, err := parseDuration(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseDuration(%q) = %v, %v; want error containing %q", tt.in, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseDuration(%q) = %v, %v; want %v, nil", tt.in, got, err, tt.want)
		}
	}
}

func TestFormatSize(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		{in: 0, want: "0B"},
		{in: 512, want: "512B"},
		{in: 1024, want: "1KiB"},
		{in: 1536, want: "1536B"},
		{in: 16 << 20, want: "16MiB"},
		{in: 3 << 30, want: "3GiB"},
	}
	for _, tt := range tests {
		if got := formatSize(tt.in); got != tt.want {
			t.Errorf("formatSize(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
