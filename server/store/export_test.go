package store

// Hooks for the external tests, which can use storetest (an internal test
// cannot: storetest imports store).

// EncodeForBench returns the stored form of r.
func EncodeForBench(r Record) []byte {
	b, err := encodeRecord(r)
	if err != nil {
		panic(err)
	}
	return b
}

// DecodeForBench reads a stored form.
func DecodeForBench(b []byte) (Record, error) { return decodeRecord(b) }

// SortBuffer is how many bytes of records the import sorts in memory.
const SortBuffer = sortBuffer

// SmallRuns makes the import spill its sorted runs to disk every 64 KiB,
// so that tests with few records go through the on-disk merge.
func SmallRuns(im *Import) { im.recs.limit = 64 << 10 }
