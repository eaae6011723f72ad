package main

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
)

// A node with one core (a container given one CPU, where Go sets
// GOMAXPROCS to 1) meets what two shared cores hide: a goroutine that
// keeps the only P for long makes every request wait. make bench loads
// the API a second time that way: this process (the API's server and the
// baselines' handlers) pinned to one CPU with GOMAXPROCS 1, and wrk
// pinned to another, with taskset (util-linux).

// serverCPU and wrkCPU are the CPUs of the one-core figure.
const (
	serverCPU = "1"
	wrkCPU    = "0"
)

// pinOneCore pins every thread of this process to serverCPU and sets
// GOMAXPROCS to 1; restore undoes both. It fails on a machine with fewer
// than two CPUs or without taskset.
func pinOneCore() (restore func() error, err error) {
	if runtime.NumCPU() < 2 {
		return nil, fmt.Errorf("the one-core figure needs two CPUs, this machine has %d", runtime.NumCPU())
	}
	pid := strconv.Itoa(os.Getpid())
	out, err := exec.Command("taskset", "-c", "-p", pid).Output()
	if err != nil {
		return nil, fmt.Errorf("taskset (util-linux) reads this process's CPUs: %w", err)
	}
	_, cpus, ok := strings.Cut(strings.TrimSpace(string(out)), "list: ")
	if !ok {
		return nil, fmt.Errorf("taskset: unexpected answer %q", out)
	}
	if out, err := exec.Command("taskset", "-a", "-c", "-p", serverCPU, pid).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("taskset: pin to CPU %s: %w: %s", serverCPU, err, out)
	}
	procs := runtime.GOMAXPROCS(1)
	return func() error {
		runtime.GOMAXPROCS(procs)
		if out, err := exec.Command("taskset", "-a", "-c", "-p", cpus, pid).CombinedOutput(); err != nil {
			return fmt.Errorf("taskset: give back CPUs %s: %w: %s", cpus, err, out)
		}
		return nil
	}, nil
}
