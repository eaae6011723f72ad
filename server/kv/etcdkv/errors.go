package etcdkv

import (
	"context"
	"errors"
	"fmt"

	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"mespoints/server/kv"
)

// ErrInDoubt is wrapped, with kv.ErrUnavailable, by Update's error when
// the answer of a commit was lost and whether it went through could not
// be told in time: the update may or may not have been applied. Callers
// answer it like any kv.ErrUnavailable (503); it is told apart for tests
// and logs.
var ErrInDoubt = errors.New("the outcome of the commit is unknown")

// wrap gives err the operation's context, and wraps kv.ErrUnavailable when
// err means that the cluster cannot answer now.
func wrap(op string, err error) error {
	if unavailable(err) {
		return fmt.Errorf("etcdkv: %s: %w: %w", op, kv.ErrUnavailable, err)
	}
	return fmt.Errorf("etcdkv: %s: %w", op, err)
}

// unavailable tells whether err means no quorum, no leader, a lost
// connection, a timeout, an overloaded cluster, or a member stopping in
// the middle of the request (which etcd reports as Unknown: "raft:
// stopped"). Errors that refuse the request itself (invalid argument,
// failed precondition, permission) are not: retrying them would not help.
func unavailable(err error) bool {
	if errors.Is(err, kv.ErrUnavailable) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return true
	}
	code := codes.OK
	var ee rpctypes.EtcdError
	if errors.As(err, &ee) {
		code = ee.Code()
	} else if st, ok := status.FromError(err); ok {
		code = st.Code()
	}
	switch code {
	case codes.Unavailable, codes.DeadlineExceeded, codes.Canceled, codes.ResourceExhausted, codes.Aborted,
		codes.Unknown, codes.Internal:
		return true
	}
	return false
}
