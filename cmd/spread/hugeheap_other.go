//go:build !linux

package main

// hugeHeap does nothing where there is no madvise(MADV_HUGEPAGE) (see hugeheap_linux.go).
func hugeHeap() {}
