package testkit

import (
	"context"
	"testing"
)

// Serve runs serve (a server's Serve method) in the background until the
// end of the test, then cancels its context, waits for it to return and
// fails the test if it returned an error.
func Serve(t testing.TB, serve func(context.Context) error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
}
