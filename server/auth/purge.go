package auth

import bolt "go.etcd.io/bbolt"

// deleteWhere deletes every entry of b for which dead is true, and returns
// how many it deleted. (bbolt forbids deleting while iterating, so the keys
// are gathered first.)
func deleteWhere(b *bolt.Bucket, dead func(k, v []byte) bool) (int, error) {
	var keys [][]byte
	err := b.ForEach(func(k, v []byte) error {
		if dead(k, v) {
			keys = append(keys, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return 0, err
		}
	}
	return len(keys), nil
}
