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

// errInDoubt is wrapped (with kv.ErrUnavailable) when a commit's answer
// was lost and whether it went through cannot be told.
var errInDoubt = errors.New("the outcome of the commit is unknown")

// wrap gives err the operation's context, and wraps kv.ErrUnavailable when
// err means that the cluster cannot answer now.
func wrap(op string, err error) error {
	if unavailable(err) {
		return fmt.Errorf("etcdkv: %s: %w: %w", op, kv.ErrUnavailable, err)
	}
	return fmt.Errorf("etcdkv: %s: %w", op, err)
}

// unavailable tells whether err means no quorum, no leader, a lost
// connection, a timeout or an overloaded cluster.
func unavailable(err error) bool {
	if errors.Is(err, kv.ErrUnavailable) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return true
	}
	code := codes.Unknown
	var ee rpctypes.EtcdError
	if errors.As(err, &ee) {
		code = ee.Code()
	} else if st, ok := status.FromError(err); ok {
		code = st.Code()
	}
	switch code {
	case codes.Unavailable, codes.DeadlineExceeded, codes.Canceled, codes.ResourceExhausted, codes.Aborted:
		return true
	}
	return false
}
