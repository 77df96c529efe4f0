package main

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"
)

// stopSignal is the cause of a context that a signal stopped.
type stopSignal struct{ sig syscall.Signal }

func (s stopSignal) Error() string { return s.sig.String() + " signal received" }

// signalContext is a context that Ctrl-C (SIGINT) or SIGTERM cancels with the signal as its
// cause, so that the command can exit as a stopped process does (128 + the signal's number).
// Until stop is called, later signals are taken in too, so that a second Ctrl-C does not kill
// the process half-way through putting its files back.
func signalContext(parent context.Context) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-ch:
			if sig, ok := s.(syscall.Signal); ok {
				cancel(stopSignal{sig})
			} else {
				cancel(errors.New(s.String()))
			}
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		cancel(nil)
	}
}

// signalName is "SIGINT" or "SIGTERM" when a signal stopped ctx, and "" otherwise.
func signalName(ctx context.Context) string {
	var s stopSignal
	if !errors.As(context.Cause(ctx), &s) {
		return ""
	}
	switch s.sig {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return s.sig.String()
}

// interruptedStatus is the exit status of a command that ctx stopped: 128 + the signal's number
// (130 for SIGINT, 143 for SIGTERM), as shells report a process a signal ended; 1 for a
// cancellation that was not a signal.
func interruptedStatus(ctx context.Context) int {
	var s stopSignal
	if errors.As(context.Cause(ctx), &s) {
		return 128 + int(s.sig)
	}
	return exitData
}
