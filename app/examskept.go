package app

import (
	"encoding/json"
	"time"
)

// « Mes examens » and « Mes réservations », as the server last drew them
// for the person, are kept on the device, beside the copy of the dossier,
// and shown without a network, dated, as the dossier's pages are. They
// are kept under the person's NEPH and shown only while the device's copy
// of the dossier is that person's; signing out wipes them with the rest
// (wipeDevice), and another person's copy of the dossier makes them go.
// « Réserver » is not kept: the places left only mean something live.

// examsKey is the localStorage key of the kept exam pages.
const examsKey = "mespoints.examens"

// keptPages are the exam pages kept on the device.
var keptPages = map[string]bool{"examens": true, "reservations": true}

// keptExams is what examsKey holds: one person's pages, by name.
type keptExams struct {
	NEPH  string              `json:"neph"`
	Pages map[string]keptExam `json:"pages"`
}

// keptExam is a page's content as the server drew it, and when.
type keptExam struct {
	At   time.Time `json:"at"`
	HTML string    `json:"html"`
}

// readKeptExams reads the kept pages; an empty value when there are none
// or they cannot be read.
func readKeptExams() keptExams {
	var k keptExams
	if b := loadKept(examsKey); b == nil || json.Unmarshal(b, &k) != nil || k.NEPH == "" {
		return keptExams{}
	}
	return k
}

// keepExam keeps the page on screen if it is one that is kept, fresh from
// the server, and the person's dossier is known fresh too (the NEPH it is
// kept under): called when either arrives.
func keepExam() {
	neph := memory.view.me.NEPH
	if !exam.fresh || !keptPages[exam.page] || exam.dep != "" || memory.view.state != stateReady || neph == "" {
		return
	}
	k := readKeptExams()
	if k.NEPH != neph {
		k = keptExams{NEPH: neph}
	}
	if k.Pages == nil {
		k.Pages = map[string]keptExam{}
	}
	k.Pages[exam.page] = keptExam{At: exam.at, HTML: exam.html}
	if b, err := json.Marshal(k); err == nil {
		saveKept(examsKey, b)
	}
	exam.fresh = false
}

// keptExamFor returns the kept content of the page if it is the person's
// whose dossier the device holds.
func keptExamFor(page string) (keptExam, bool) {
	c := readCopy(loadDevice())
	k := readKeptExams()
	if c == nil || c.Me.NEPH == "" || k.NEPH != c.Me.NEPH {
		return keptExam{}, false
	}
	p, ok := k.Pages[page]
	return p, ok && p.HTML != ""
}

// forgetOthersExams removes the kept pages unless they are neph's: the
// device now holds another person's dossier.
func forgetOthersExams(neph string) {
	if k := readKeptExams(); k.NEPH != "" && k.NEPH != neph {
		saveKept(examsKey, nil)
	}
}
