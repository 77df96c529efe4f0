//go:build spreadhook

package main

import (
	"context"
	"fmt"
	"os"
	"time"
)

// testHook pauses the build at the phase that SPREAD_HOOK names ("load", "temp", "rename",
// "renamed") until ctx is done, after saying so on stderr, so that a test can send a signal at
// exactly that moment. It is compiled only with -tags spreadhook; the command has none.
func testHook(ctx context.Context, phase string) {
	if os.Getenv("SPREAD_HOOK") != phase {
		return
	}
	fmt.Fprintf(os.Stderr, "hook: %s\n", phase)
	select {
	case <-ctx.Done():
	case <-time.After(time.Minute):
	}
}
