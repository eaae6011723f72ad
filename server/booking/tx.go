package booking

import (
	"encoding/json"
	"fmt"
	"strconv"

	"mespoints/server/kv"
)

// getJSON reads key in tx into v; ok is false when it is absent.
func getJSON(tx kv.Tx, key string, v any) (bool, error) {
	b, ok, err := tx.Get(key)
	if err != nil || !ok {
		return false, err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return false, fmt.Errorf("%s: %w", key, err)
	}
	return true, nil
}

// putJSON writes v under key in tx.
func putJSON(tx kv.Tx, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	tx.Put(key, b, 0)
	return nil
}

// getCount reads a counter in tx; absent reads as 0.
func getCount(tx kv.Tx, key string) (int, error) {
	b, ok, err := tx.Get(key)
	if err != nil || !ok {
		return 0, err
	}
	n, err := strconv.Atoi(string(b))
	if err != nil {
		return 0, fmt.Errorf("%s = %q: %w", key, b, err)
	}
	return n, nil
}

// putCount writes a counter in tx; 0 deletes it.
func putCount(tx kv.Tx, key string, n int) {
	if n == 0 {
		tx.Delete(key)
		return
	}
	tx.Put(key, []byte(strconv.Itoa(n)), 0)
}
