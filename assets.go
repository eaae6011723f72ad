// Package mespoints holds the files of the project's root that the server
// binary carries with it.
package mespoints

import _ "embed"

// Manifest is the web app manifest (manifest.webmanifest), served at
// /manifest.webmanifest.
//
//go:embed manifest.webmanifest
var Manifest []byte
