package store_test

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"

	"mespoints/points"
	"mespoints/server/store"
	"mespoints/server/store/storetest"
)

func openTemp(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestPutThenGetGivesTheRecordBack(t *testing.T) {
	st := openTemp(t)
	r := storetest.Record(1)
	if err := st.Put(r); err != nil {
		t.Fatal(err)
	}
	// People type NEPHs in lower case and with spaces.
	typed := strings.ToLower(r.NEPH[:4] + " " + r.NEPH[4:])
	got, err := st.Get(typed)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, r) {
		t.Fatalf("Get = %+v\nwant %+v", got, r)
	}
}

func TestGetUnknownNEPHIsErrNotFound(t *testing.T) {
	st := openTemp(t)
	if _, err := st.Get("123456789012"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get = %v, want ErrNotFound", err)
	}
	if _, err := st.Get("12-34"); err == nil || errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get of a malformed NEPH = %v, want a NEPH error", err)
	}
}

func TestPutKeepsUpdatedWhenContentIsUnchanged(t *testing.T) {
	st := openTemp(t)
	r := storetest.Record(2)
	if err := st.Put(r); err != nil {
		t.Fatal(err)
	}
	later := r
	later.Updated = r.Updated.AddDays(30)
	if err := st.Put(later); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Get(r.NEPH); got.Updated != r.Updated {
		t.Fatalf("unchanged record: updated = %s, want the stored %s", got.Updated, r.Updated)
	}
	changed := storetest.Record(2)
	changed.Updated = later.Updated
	changed.Holder.Email = "nouvelle.adresse@example.org"
	if err := st.Put(changed); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Get(r.NEPH); got.Updated != later.Updated || got.Holder.Email != changed.Holder.Email {
		t.Fatalf("changed record: updated %s email %q, want %s %q", got.Updated, got.Holder.Email, later.Updated, changed.Holder.Email)
	}
}

func TestPutRefusesAnInvalidRecord(t *testing.T) {
	st := openTemp(t)
	r := storetest.Record(3)
	r.Holder.Birthplace = "Lyon"
	err := st.Put(r)
	var fe *store.FieldError
	if !errors.As(err, &fe) || fe.Field != "holder.birthplace" {
		t.Fatalf("Put = %v, want a holder.birthplace FieldError", err)
	}
	if n, _ := st.Count(); n != 0 {
		t.Fatalf("Count = %d after a refused Put", n)
	}
}

func TestFindByIdentity(t *testing.T) {
	st := openTemp(t)
	r := storetest.Record(4)
	r.Holder.FamilyName, r.Holder.GivenNames = "Lefèvre-D'Aubigné", "Marie Chloé"
	r.Holder.Birthdate, r.Holder.Birthplace = points.NewDate(1988, 2, 29), "69383"
	if err := st.Put(r); err != nil {
		t.Fatal(err)
	}
	born := func(id store.Identity) store.Identity {
		id.Birthdate, id.Birthplace = r.Holder.Birthdate, r.Holder.Birthplace
		return id
	}
	tests := []struct {
		name string
		id   store.Identity
		want []string
	}{
		{"as stored", r.Holder.Identity(), []string{r.NEPH}},
		{"capitals, no accents, spaces", born(store.Identity{FamilyName: "LEFEVRE D AUBIGNE", GivenNames: "MARIE CHLOE"}), []string{r.NEPH}},
		{"hyphenated given names, France given", born(store.Identity{FamilyName: "lefevre-daubigne", GivenNames: "marie-chloé", Birthcountry: "99100"}), []string{r.NEPH}},
		{"other given names", born(store.Identity{FamilyName: "Lefèvre-D'Aubigné", GivenNames: "Marie"}), nil},
		{"other birthdate", store.Identity{FamilyName: "Lefèvre-D'Aubigné", GivenNames: "Marie Chloé", Birthdate: points.NewDate(1988, 3, 1), Birthplace: "69383"}, nil},
		{"other birthplace", store.Identity{FamilyName: "Lefèvre-D'Aubigné", GivenNames: "Marie Chloé", Birthdate: r.Holder.Birthdate, Birthplace: "69381"}, nil},
		{"born abroad", born(store.Identity{FamilyName: "Lefèvre-D'Aubigné", GivenNames: "Marie Chloé", Birthcountry: "99131"}), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := st.FindByIdentity(tt.id)
			if err != nil || !slices.Equal(got, tt.want) {
				t.Fatalf("FindByIdentity = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
	t.Run("a holder's change of name moves the index entry", func(t *testing.T) {
		old := r.Holder.Identity()
		r.Holder.FamilyName = "Martin"
		if err := st.Put(r); err != nil {
			t.Fatal(err)
		}
		if got, _ := st.FindByIdentity(old); got != nil {
			t.Errorf("old identity still finds %v", got)
		}
		if got, _ := st.FindByIdentity(r.Holder.Identity()); !slices.Equal(got, []string{r.NEPH}) {
			t.Errorf("new identity finds %v", got)
		}
	})
}

func TestFoldName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Lefèvre", "lefevre"},
		{"JEAN-PIERRE", "jeanpierre"},
		{"Jean Pierre", "jeanpierre"},
		{"N'Diaye", "ndiaye"},
		{"N’Diaye", "ndiaye"},
		{"Œuvray", "oeuvray"},
		{"Lætitia", "laetitia"},
		{"Ñúñez  Çelik", "nunezcelik"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := store.FoldName(tt.in); got != tt.want {
			t.Errorf("FoldName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormaliseNEPH(t *testing.T) {
	tests := []struct {
		in, want string
		wrong    string // part of the error, "" when valid
	}{
		{"123456789012", "123456789012", ""},
		{"1234 5678 9012", "123456789012", ""},
		{"ab12c", "AB12C", ""},
		{"1234567890123456789", "1234567890123456789", ""},
		{"1234", "", "this one has 4"},
		{"12345678901234567890", "", "this one has 20"},
		{"", "", "missing"},
		{"1234-5678", "", "only letters and digits"},
		{"12345é", "", "only letters and digits"},
	}
	for _, tt := range tests {
		got, err := store.NormaliseNEPH(tt.in)
		switch {
		case tt.wrong == "" && (err != nil || got != tt.want):
			t.Errorf("NormaliseNEPH(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		case tt.wrong != "" && (err == nil || !strings.Contains(err.Error(), tt.wrong)):
			t.Errorf("NormaliseNEPH(%q) error = %v, want one saying %q", tt.in, err, tt.wrong)
		}
	}
}

func TestForEachIsInNEPHOrderAndCountCounts(t *testing.T) {
	st := openTemp(t)
	var want []string
	for i := range 50 {
		r := storetest.Record(i)
		want = append(want, r.NEPH)
		if err := st.Put(r); err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(want)
	var got []string
	if err := st.ForEach(func(r store.Record) error { got = append(got, r.NEPH); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("ForEach order %v\nwant %v", got, want)
	}
	if n, err := st.Count(); n != 50 || err != nil {
		t.Fatalf("Count = %d, %v", n, err)
	}
}

func TestReadersDoNotWaitForAWriter(t *testing.T) {
	st := openTemp(t)
	r := storetest.Record(5)
	if err := st.Put(r); err != nil {
		t.Fatal(err)
	}
	inWriter, release := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		st.Update(func(tx *bolt.Tx) error {
			close(inWriter)
			<-release // hold the write transaction open
			return nil
		})
	})
	<-inWriter
	if _, err := st.Get(r.NEPH); err != nil { // would deadlock if reads waited
		t.Fatal(err)
	}
	close(release)
	wg.Wait()
}
