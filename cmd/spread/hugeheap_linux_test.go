package main

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestHugeHeapAdvisesTheHeap reads the process's mappings back: after hugeHeap, a mapping of at
// least hugeHeapBytes carries the kernel's "hg" flag (MADV_HUGEPAGE), the advice a build's
// allocations then fault 2 MB pages under.
func TestHugeHeapAdvisesTheHeap(t *testing.T) {
	if hugeMapped(t) {
		t.Fatal("a mapping is advised before hugeHeap: the test cannot tell")
	}
	hugeHeap()
	if !hugeMapped(t) {
		t.Fatalf("no mapping of %d MB or more is advised for huge pages after hugeHeap", hugeHeapBytes>>20)
	}
}

// hugeMapped reports whether /proc/self/smaps lists a mapping of hugeHeapBytes or more whose
// VmFlags include hg.
func hugeMapped(t *testing.T) bool {
	b, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	size := 0
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 3 && f[0] == "Size:":
			kb, _ := strconv.Atoi(f[1])
			size = kb << 10
		case len(f) > 0 && f[0] == "VmFlags:":
			for _, flag := range f[1:] {
				if flag == "hg" && size >= hugeHeapBytes {
					return true
				}
			}
		}
	}
	return false
}
