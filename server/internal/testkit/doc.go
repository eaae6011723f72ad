// Package testkit holds the helpers that the tests of the server's
// packages share: a clock the tests set and move, a log buffer that
// concurrent handlers may write to, and the finder of the repository's
// root. It is imported by tests only; nothing in it runs in the server.
package testkit
