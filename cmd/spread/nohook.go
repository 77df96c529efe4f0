//go:build !spreadhook

package main

import "context"

// testHook is where a test build (-tags spreadhook) pauses to send a signal; here it is nothing.
func testHook(context.Context, string) {}
