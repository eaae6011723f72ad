package api

import (
	"mespoints/exams"
	"mespoints/server/store"
)

// CEPCMaker is the seam of the certificate of a passed practical test
// (CEPC) as a PDF: made with the PDF stack and the verifiable code of the
// service's documents, once that part of the service and this one are
// merged (docs/exams.md, « Le CEPC »). Nothing implements it yet; the
// exam file already gives the certificate's validity (wire.ExamFile.CEPC)
// and exams.Standing.Certificate the rest of its data.
type CEPCMaker interface {
	// CEPC returns the PDF of the certificate c of the holder of dossier
	// neph.
	CEPC(holder store.Holder, neph string, c exams.Certificate) ([]byte, error)
}
