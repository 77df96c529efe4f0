package main

import (
	"runtime"
	"syscall"
)

// hugeHeap asks Linux to back the first hugeHeapBytes of the heap with 2 MB pages. A build
// allocates tens of megabytes into fresh memory (the collector does not run, see tuneGC); in
// 4 KB pages that is about five thousand page faults, a fifth of the build's CPU, and as many
// pages for the kernel to free at exit. Where transparent huge pages are "madvise" (the usual
// default) the heap gets them only when asked: so a block of that size is allocated, advised
// (MADV_HUGEPAGE), and given back to the heap by one collection of a heap that holds nothing
// else, whose pages the build's allocations then take. Where the kernel refuses or has no huge
// pages, nothing changes but the advice's cost (a few microseconds).
func hugeHeap() {
	block := make([]byte, hugeHeapBytes)
	// the block is not touched: advising it faults in nothing
	_ = syscall.Madvise(block, madvHugepage)
	runtime.KeepAlive(block)
	runtime.GC() // block is garbage now: its pages go back to the heap, advised
}

// madvHugepage is MADV_HUGEPAGE, which package syscall does not name.
const madvHugepage = 14
