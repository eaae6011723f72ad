// Package api is the wire format of the data API of Mes points, JSON under
// /api/v1: the bodies the app sends and the answers the server gives, one
// Go type each, imported by both builds. The server (mespoints/server/api)
// encodes its answers from these types, the app (mespoints/app) decodes
// into them, so the two cannot drift apart unnoticed: the golden files of
// server/api/testdata/golden pin the JSON of every route, and this
// package's tests read each of them back strictly through these types.
//
//	GET    /api/v1/me        Me: who is signed in, how, and the dossier linked
//	GET    /api/v1/dossier   Dossier: the linked dossier, kept by the app to recompute offline
//	GET    /api/v1/points    Points: the balance, ceiling, status and stage today
//	GET    /api/v1/history   History: the changes of the last 10 years, with the registry's detail
//	GET    /api/v1/calendar  Calendar: the forecast of restitutions
//	POST   /api/v1/whatif    WhatIfRequest → WhatIfResult: what an offence today would change
//	POST   /api/v1/link      LinkRequest → Me (FranceConnect) or LinkCodeSent (licence account, 202)
//	POST   /api/v1/link/confirm  LinkConfirmRequest → Me: the code sent by e-mail links the account
//	DELETE /api/v1/link      → Me: unlink it
//	POST   /api/v1/me/notices/ack  → Me: the notices were shown
//	GET    /api/v1/account/links   AccountLinks: every account linked to the dossier
//	DELETE /api/v1/account/links/{id}  → AccountLinks: remove another account's link
//	DELETE /api/v1/account   → AccountDeleted: delete the account
//	GET    /api/v1/documents              Documents: which documents this session may have, and why not
//	GET    /api/v1/documents/attestation  Document: an attestation issued now, with its code and QR code
//	POST   /api/v1/shares                 ShareRequest → ShareCreated: a share code
//	GET    /api/v1/shares                 Shares: the person's share codes and their uses
//	DELETE /api/v1/shares/{id}            → Share: revoke one
//
// Every error is an Error, {"code", "message"}, whose Code is one of the
// stable codes below. Dates are "YYYY-MM-DD" (points.Date), dates and
// times of offences "YYYY-MM-DDTHH:MM" (points.DateTime).
//
// The package holds types and constants only, and imports nothing but the
// standard library and the engine (mespoints/points): it compiles into the
// WebAssembly, where net/http and the server's packages must not go.
package api
