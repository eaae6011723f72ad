package etcdkv

import "google.golang.org/grpc"

// OpenWithDial opens a store whose client has the extra gRPC options d.
func OpenWithDial(o Options, d ...grpc.DialOption) (*Store, error) {
	o.dial = d
	return Open(o)
}
