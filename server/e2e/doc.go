// Package e2e holds the end-to-end tests of Mes points: the real server on
// a loopback port, a temporary data folder, and Debian's headless Chromium
// driven with chromedp. It has no code of its own outside its tests.
package e2e
