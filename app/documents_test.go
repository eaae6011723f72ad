//go:build !wasm

package app

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"mespoints/api"
)

// documentsOf reads a golden answer of GET /api/v1/documents.
func documentsOf(t *testing.T, name string) []api.DocumentOffer {
	t.Helper()
	var d api.Documents
	if err := json.Unmarshal(golden(t, name), &d); err != nil {
		t.Fatal(err)
	}
	return d.Documents
}

// « Mes documents » says, for each document, what it is for, who may ask
// for it, and gives it or says why not: to a licence-account session,
// the relevé intégral with a FranceConnect button that comes back here;
// to FranceConnect, every download; share codes for a holder only.
func TestDocumentsPageSaysWhatEachSessionMayHave(t *testing.T) {
	views := personaViews(t)
	usager := printUI((&Documents{v: views["camille"], offers: documentsOf(t, "documents-usager.json")}).Render())
	for _, want := range []string{"Mes documents", "Qui peut le demander : ", "Attestation de droits à conduire (ex-relevé d'information restreint)",
		`href="/documents/attestation.pdf"`, "reconnectez-vous avec FranceConnect", `href="/auth/franceconnect/login?retour=/documents"`,
		`href="/documents/calendrier.ics"`, "Codes de partage", "Créer un code de partage", "nav-group-current"} {
		if !strings.Contains(usager, want) {
			t.Errorf("licence account: the page lacks %q", want)
		}
	}
	if strings.Contains(usager, `href="/documents/releve-integral.pdf"`) {
		t.Error("licence account: the relevé intégral is offered")
	}
	fc := printUI((&Documents{v: views["camille"], offers: documentsOf(t, "documents-franceconnect.json")}).Render())
	if !strings.Contains(fc, `href="/documents/releve-integral.pdf"`) || strings.Contains(fc, "reconnectez-vous") {
		t.Error("FranceConnect: the relevé intégral is not offered")
	}
	theo := printUI((&Documents{v: views["theo"], offers: documentsOf(t, "documents-theo.json")}).Render())
	if !strings.Contains(theo, "Vous n'avez pas encore de permis de conduire") || strings.Contains(theo, ".pdf") || strings.Contains(theo, "Codes de partage") {
		t.Errorf("a candidate's page:\n%s", textOf(theo))
	}
	offline := printUI((&Documents{v: withOffline(views["anne"])}).Render())
	if !strings.Contains(offline, "Les documents se téléchargent avec du réseau.") {
		t.Error("offline, the page does not say the documents need the network")
	}
}

// A share code just made is shown once with a copy button; each code says
// its state and uses, and revoking one asks first.
func TestDocumentsPageShowsTheShareCodes(t *testing.T) {
	var made api.ShareCreated
	var revoked api.Share
	json.Unmarshal(golden(t, "newshare-lucas.json"), &made)
	json.Unmarshal(golden(t, "revokedshare-lucas.json"), &revoked)
	live := revoked
	live.ID, live.State, live.Revoked = "a1b2c3d4e5f60708", api.ShareLive, nil
	live.Uses = append(live.Uses, revoked.Created)
	p := &Documents{v: personaViews(t)["lucas"], offers: documentsOf(t, "documents-franceconnect.json"), made: &made, shares: []api.Share{live, revoked}, days: "21"}
	got := printUI(p.Render())
	for _, want := range []string{made.Code, "Copier le code", "— actif", "— révoqué", "utilisé 1 fois", "utilisé 0 fois", "Révoquer ce code…"} {
		if !strings.Contains(got, want) {
			t.Errorf("the share codes lack %q", want)
		}
	}
	if strings.Count(got, "Révoquer ce code…") != 1 || strings.Contains(got, "Oui, révoquer") {
		t.Error("a revoked code can be revoked, or the confirmation shows before it is asked")
	}
	p.confirm = live.ID
	if got := printUI(p.Render()); !strings.Contains(got, "Oui, révoquer") {
		t.Error("asking to revoke shows no confirmation")
	}
}

// The attestation kept on the device shows its QR code, its code, its
// dates and what it states — no points; without one, the page says how
// to get it.
func TestKeptAttestation(t *testing.T) {
	var d api.Document
	if err := json.Unmarshal(golden(t, "attestation-marc.json"), &d); err != nil {
		t.Fatal(err)
	}
	got := printUI((&Documents{kept: true, att: &d}).Render())
	for _, want := range []string{`<svg xmlns="http://www.w3.org/2000/svg" class="qr" id="attestation-qr"`, `aria-label="QR code de vérification du document"`,
		d.CodeText, "Attestation de droits à conduire", "valable jusqu'au 16/07/2026", "Girard", "14 allées Jean Jaurès<br>Appartement 12<br>31000 TOULOUSE",
		"Catégorie : C1 — Obtenue le : "} {
		if !strings.Contains(got, want) {
			t.Errorf("the kept attestation lacks %q", want)
		}
	}
	content := got[strings.Index(got, `id="attestation"`):strings.Index(got, "</main>")]
	if regexp.MustCompile(`(?i)\b\d+\s+points?\b|\bsolde\b`).MatchString(textOf(content)) {
		t.Errorf("the kept attestation speaks of points:\n%s", textOf(content))
	}
	if none := printUI((&Documents{kept: true}).Render()); !strings.Contains(none, "Aucune attestation n'est gardée sur cet appareil") {
		t.Error("without a kept attestation, the page does not say so")
	}
}
