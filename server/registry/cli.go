package registry

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"mespoints/server/admin"
	"mespoints/server/booking"
	"mespoints/server/store"
)

// DataEnv is the environment variable that gives the data directory when
// -data is not given; DefaultData is used when neither is.
const (
	DataEnv     = "MESPOINTS_DATA"
	DefaultData = "./data"
)

// DataDir returns the default of the -data flag: $MESPOINTS_DATA, or
// ./data.
func DataDir() string {
	if d := os.Getenv(DataEnv); d != "" {
		return d
	}
	return DefaultData
}

// newFlags returns the flag set of a subcommand, with its -data flag.
func newFlags(name, usage string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", DataDir(), "data directory, holding "+store.FileName+" (env "+DataEnv+")")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: mespoints %s\n", usage)
		fs.PrintDefaults()
	}
	return fs, data
}

// parse parses args and checks the number of operands; it returns the exit
// status of a usage error, or -1 to go on.
func parse(fs *flag.FlagSet, args []string, operands int) int {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != operands {
		fs.Usage()
		return 2
	}
	return -1
}

// RunImport is `mespoints import [-data DIR] FILE`: it imports the extract
// FILE into the store, all of it or nothing, and says what changed. When a
// server holds the store, the extract goes to it through its admin socket
// and it imports it while it serves (see package admin). A file whose
// first line has a "kind" is a catalogue of exam centres and sessions,
// which goes to the shared state (booking.Import): through the running
// server, or into DATA/shared.db when none runs. Exit status 0, 1
// when the import failed (every bad line is listed on stderr), 2 for a
// usage error.
func RunImport(args []string, stdout, stderr io.Writer) int {
	fs, data := newFlags("import", "import [-data DIR] FILE", stderr)
	if code := parse(fs, args, 1); code >= 0 {
		return code
	}
	file := fs.Arg(0)
	f, err := os.Open(file)
	if err != nil {
		fmt.Fprintf(stderr, "mespoints import: %v\n", err)
		return 1
	}
	defer f.Close()
	catalogue := booking.IsCatalogue(booking.FirstLine(bufio.NewReaderSize(f, booking.MaxLine)))
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		fmt.Fprintf(stderr, "mespoints import: %v\n", err)
		return 1
	}
	st, err := store.Open(*data, nil)
	if errors.Is(err, store.ErrInUse) {
		return importThroughServer(*data, file, f, stdout, stderr)
	}
	if err == nil && catalogue {
		st.Close()
		return importCatalogue(*data, file, f, stdout, stderr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "mespoints import: %v\n", err)
		return 1
	}
	stats, err := Import(f, st, ImportOptions{})
	if cerr := st.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(stderr, "mespoints import %s: %v\n", file, err)
		return 1
	}
	fmt.Fprintf(stdout, "imported %s: %d added, %d changed, %d unchanged\n", file, stats.Added, stats.Changed, stats.Unchanged)
	return 0
}

// importThroughServer is RunImport when another process holds the store:
// the server running on data folder dir imports f.
func importThroughServer(dir, file string, f *os.File, stdout, stderr io.Writer) int {
	size := int64(-1)
	if info, err := f.Stat(); err == nil {
		size = info.Size()
	}
	stats, err := admin.Import(dir, f, size)
	switch {
	case errors.Is(err, admin.ErrNoServer):
		fmt.Fprintf(stderr, "mespoints import: %s is in use by another process, and no server answers on %s.\n"+
			"If the server is running, check that -data names its data folder.\n",
			filepath.Join(dir, store.FileName), admin.SocketPath(dir))
		return 1
	case errors.Is(err, admin.ErrDenied):
		fmt.Fprintf(stderr, "mespoints import: %v\nRun the import as the user the server runs as.\n", err)
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "mespoints import %s: %v\n", file, err)
		return 1
	}
	fmt.Fprintf(stdout, "imported %s: %d added, %d changed, %d unchanged (by the running server)\n", file, stats.Added, stats.Changed, stats.Unchanged)
	return 0
}

// RunExport is `mespoints export [-data DIR]`: every record to stdout as
// JSON Lines, in NEPH order. Exit status 0, 1 on failure, 2 for a usage
// error.
func RunExport(args []string, stdout, stderr io.Writer) int {
	fs, data := newFlags("export", "export [-data DIR] > FILE", stderr)
	if code := parse(fs, args, 0); code >= 0 {
		return code
	}
	st, err := store.Open(*data, &store.Options{MustExist: true})
	if err != nil {
		fmt.Fprintf(stderr, "mespoints export: %v\n", err)
		return 1
	}
	_, err = Export(stdout, st)
	if cerr := st.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(stderr, "mespoints export: %v\n", err)
		return 1
	}
	return 0
}

// RunBackup is `mespoints backup [-data DIR] FILE`: a consistent copy of
// the store file to FILE (written beside it, then renamed). When a server
// holds the store, the copy comes from it through its admin socket (see
// package admin). Exit status 0, 1 on failure, 2 for a usage error.
func RunBackup(args []string, stdout, stderr io.Writer) int {
	fs, data := newFlags("backup", "backup [-data DIR] FILE", stderr)
	if code := parse(fs, args, 1); code >= 0 {
		return code
	}
	st, err := store.Open(*data, &store.Options{MustExist: true})
	if errors.Is(err, store.ErrInUse) {
		return backupFromServer(*data, fs.Arg(0), stdout, stderr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "mespoints backup: %v\n", err)
		return 1
	}
	err = st.BackupFile(fs.Arg(0))
	if cerr := st.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(stderr, "mespoints backup: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "backup written to %s\n", fs.Arg(0))
	return 0
}

// backupFromServer is RunBackup when another process holds the store: it
// asks the server running on data folder dir for the copy.
func backupFromServer(dir, file string, stdout, stderr io.Writer) int {
	n, err := admin.BackupFile(dir, file)
	switch {
	case errors.Is(err, admin.ErrNoServer):
		fmt.Fprintf(stderr, "mespoints backup: %s is in use by another process, and no server answers on %s.\n"+
			"If an import is running, wait for it to end and try again. If the server is running, check that -data names its data folder.\n",
			filepath.Join(dir, store.FileName), admin.SocketPath(dir))
		return 1
	case errors.Is(err, admin.ErrDenied):
		fmt.Fprintf(stderr, "mespoints backup: %v\nRun the backup as the user the server runs as.\n", err)
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "mespoints backup: %v\nNo backup was written.\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "backup written to %s (%d bytes, from the running server)\n", file, n)
	return 0
}
