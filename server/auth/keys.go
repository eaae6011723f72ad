package auth

import (
	"crypto/sha256"
	"encoding/base64"
)

// The sign-in's state lives in the shared state (kv.Store), under these
// keys; values are JSON. Every entry but the accounts, the dossiers'
// links and the address key has a ttl, which bounds its garbage
// collection; expiries that tests move (sessions, lockouts, codes,
// pending sign-ins) are decided on the service's clock from the times
// stored in the values.
//
//	auth/key/address               the secret of the keyed hashes of client addresses and
//	                               one-time codes: 32 random bytes, made once, shared by the nodes
//	auth/account/<account>         Account: provider, subject, names, linked dossier, session
//	                               generation; ttl: AccountRetention after its last sign-in
//	auth/links/<NEPH>              dossierLinks: every account linked to the dossier (provider,
//	                               linked at, last use, proof); ttl: AccountRetention after
//	                               the last use of the most recent
//	auth/session/<sha256(cookie)>  Session; ttl: idle timeout (capped by the maximum age) + margin
//	auth/sessions-of/<account>     the account's sessions of the last 12 hours (to end them all)
//	auth/flow/<sha256(state)>      a pending sign-in (provider, PKCE verifier, nonce, address
//	                               bucket, return path); ttl 10 min; a "used" marker once taken
//	auth/flows-from/<address>      the pending sign-ins of one address bucket (at most 30); ttl 10 min
//	auth/lock/account/<account>    wrong answers of an account and its lock; ttl: window or lock
//	auth/lock/address/<address>    wrong answers from an address bucket and its lock
//	auth/lock/pair/<address>/<account>  wrong answers of an account from an address bucket
//	auth/code/<account>            the pending one-time code of a licence-account link (hashed);
//	                               ttl 15 min; a "used" marker once taken
//	auth/codes-for/<NEPH>          when codes were sent for a dossier in the last hour
//	auth/notices/<account>         what the account must be told at its next visit; ttl 1 year
//	auth/logout/<sha256(state)>    the state of a sign-out at a provider; ttl 10 min
//
// <account> is an account ID (a hash of issuer and subject); <address> a
// keyed hash of the client address's bucket (see addressBucket): no
// address, cookie, state or code is ever a key.
const (
	keyAddressSecret = "auth/key/address"
	prefixAccount    = "auth/account/"
	prefixLinks      = "auth/links/"
	prefixSession    = "auth/session/"
	prefixSessionsOf = "auth/sessions-of/"
	prefixFlow       = "auth/flow/"
	prefixFlowsFrom  = "auth/flows-from/"
	prefixLockAcct   = "auth/lock/account/"
	prefixLockAddr   = "auth/lock/address/"
	prefixLockPair   = "auth/lock/pair/"
	prefixCode       = "auth/code/"
	prefixCodesFor   = "auth/codes-for/"
	prefixNotices    = "auth/notices/"
	prefixLogout     = "auth/logout/"
)

// hashKey is the SHA-256 of a secret, in base64url: how cookies and states
// appear in keys.
func hashKey(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

func accountKey(id string) string       { return prefixAccount + id }
func linksKey(neph string) string       { return prefixLinks + neph }
func sessionsOfKey(id string) string    { return prefixSessionsOf + id }
func flowKey(state string) string       { return prefixFlow + hashKey(state) }
func flowsFromKey(addr string) string   { return prefixFlowsFrom + addr }
func lockAccountKey(id string) string   { return prefixLockAcct + id }
func lockAddressKey(a string) string    { return prefixLockAddr + a }
func lockPairKey(a, id string) string   { return prefixLockPair + a + "/" + id }
func codeKey(id string) string          { return prefixCode + id }
func codesForKey(neph string) string    { return prefixCodesFor + neph }
func noticesKey(id string) string       { return prefixNotices + id }
func logoutKey(state string) string     { return prefixLogout + hashKey(state) }
func sessionKeyOf(cookie string) string { return prefixSession + hashKey(cookie) }
