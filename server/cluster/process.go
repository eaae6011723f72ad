package cluster

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// process is one program the cluster runs: its standard output and error
// go to DIR/logs/NAME.log, its id to DIR/run/NAME.pid while it runs.
type process struct {
	name string
	cmd  *exec.Cmd
	log  *os.File
	pid  string // the pid file
	done chan struct{}
	err  error // how it ended, once done is closed
}

// stopGrace is how long a process gets to stop after SIGTERM before
// SIGKILL.
const stopGrace = 15 * time.Second

// start starts program with args as process name. It runs in its own
// process group, so that Ctrl-C in the terminal reaches only Run, which
// stops everything in order; and it gets SIGTERM if Run's process dies
// without stopping it.
func (p Plan) start(name, program string, args, env []string) (*process, error) {
	log, err := os.OpenFile(filepath.Join(p.Dir, "logs", name+".log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cluster: %s's log: %w", name, err)
	}
	fmt.Fprintf(log, "\n==== %s %s: %s %s\n", time.Now().Format(time.RFC3339), name, program, strings.Join(args, " "))
	cmd := exec.Command(program, args...)
	cmd.Dir = p.Dir
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		log.Close()
		return nil, fmt.Errorf("cluster: start %s (%s): %w", name, program, err)
	}
	pr := &process{name: name, cmd: cmd, log: log, pid: filepath.Join(p.Dir, "run", name+".pid"), done: make(chan struct{})}
	if err := os.WriteFile(pr.pid, []byte(strconv.Itoa(cmd.Process.Pid)), 0o600); err != nil {
		pr.stop()
		return nil, fmt.Errorf("cluster: %s's pid file: %w", name, err)
	}
	go func() {
		pr.err = cmd.Wait()
		os.Remove(pr.pid)
		log.Close()
		close(pr.done)
	}()
	return pr, nil
}

// running tells whether the process still runs.
func (pr *process) running() bool {
	select {
	case <-pr.done:
		return false
	default:
		return true
	}
}

// stop sends SIGTERM, waits up to stopGrace, then sends SIGKILL, and
// waits until the process is gone.
func (pr *process) stop() {
	if !pr.running() {
		return
	}
	pr.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-pr.done:
	case <-time.After(stopGrace):
		pr.cmd.Process.Kill()
		<-pr.done
	}
}

// kill sends SIGKILL, as a crash, and waits until the process is gone.
func (pr *process) kill() {
	pr.cmd.Process.Kill()
	<-pr.done
}

// logTail returns the end of the process's log, to show why it failed.
func (p Plan) logTail(name string) string {
	b, _ := os.ReadFile(filepath.Join(p.Dir, "logs", name+".log"))
	if len(b) > 3000 {
		b = b[len(b)-3000:]
	}
	return string(b)
}

// stopLeftovers stops the processes a previous run on the same folder
// left behind (its own process killed with SIGKILL before it could stop
// them): those named by a pid file whose command line still names the
// cluster's folder — never another process that took the same id since.
func (p Plan) stopLeftovers() error {
	dir := filepath.Join(p.Dir, "run")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.pid"))
	if err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err == nil && p.ours(pid) {
			stopPID(pid)
		}
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("cluster: %w", err)
		}
	}
	return nil
}

// ours tells whether process pid runs with the cluster's folder in its
// command line.
func (p Plan) ours(pid int) bool {
	cmdline, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline"))
	return err == nil && strings.Contains(string(cmdline), p.Dir)
}

// stopPID sends SIGTERM to pid, then SIGKILL if it still runs after
// stopGrace.
func stopPID(pid int) {
	proc, err := os.FindProcess(pid)
	if err != nil || proc.Signal(syscall.SIGTERM) != nil {
		return
	}
	deadline := time.Now().Add(stopGrace)
	for time.Now().Before(deadline) {
		if proc.Signal(syscall.Signal(0)) != nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	proc.Kill()
}
