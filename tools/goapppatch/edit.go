package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// pkgDir is one package of the copied module, edited in memory and
// written back by save.
type pkgDir struct {
	dir   string
	files map[string][]byte
	dirty map[string]bool
}

func loadPkg(dir string) (*pkgDir, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	p := &pkgDir{dir: dir, files: map[string][]byte{}, dirty: map[string]bool{}}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", e.Name(), err)
		}
		p.files[e.Name()] = b
	}
	return p, nil
}

func (p *pkgDir) file(name string) ([]byte, error) {
	b, ok := p.files[name]
	if !ok {
		return nil, fmt.Errorf("%s: no such file in %s", name, filepath.Base(p.dir))
	}
	return b, nil
}

func (p *pkgDir) set(name string, b []byte) {
	p.files[name] = b
	p.dirty[name] = true
}

// replaceOnce replaces old by new in file name; old must occur exactly
// once, so that a change upstream makes the rule fail instead of silently
// doing nothing or too much.
func (p *pkgDir) replaceOnce(name, old, new string) error {
	return p.replaceN(name, old, new, 1)
}

// replaceN replaces old by new in file name; old must occur exactly n
// times.
func (p *pkgDir) replaceN(name, old, new string, n int) error {
	b, err := p.file(name)
	if err != nil {
		return err
	}
	if c := bytes.Count(b, []byte(old)); c != n {
		return fmt.Errorf("%s: expected %q %d time(s), found it %d time(s)", name, old, n, c)
	}
	p.set(name, bytes.ReplaceAll(b, []byte(old), []byte(new)))
	return nil
}

// constrain puts a build constraint on file name, which must have none.
func (p *pkgDir) constrain(name, expr string) error {
	b, err := p.file(name)
	if err != nil {
		return err
	}
	if bytes.Contains(b, []byte("//go:build")) {
		return fmt.Errorf("%s: already has a build constraint", name)
	}
	p.set(name, append([]byte("//go:build "+expr+"\n\n"), b...))
	return nil
}

// add creates file name, which must not exist yet.
func (p *pkgDir) add(name, content string) error {
	if _, ok := p.files[name]; ok {
		return fmt.Errorf("%s: already exists", name)
	}
	p.set(name, []byte(content))
	return nil
}

// moveTypes moves the declarations of the named types, with their doc
// comments, from file from to a new file to, which starts with header
// (package clause and imports).
func (p *pkgDir) moveTypes(from, to, header string, types ...string) error {
	src, err := p.file(from)
	if err != nil {
		return err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, from, src, parser.ParseComments)
	if err != nil {
		return fmt.Errorf("parse %s: %w", from, err)
	}
	type span struct{ start, end int }
	var spans []span
	found := map[string]bool{}
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE || len(gd.Specs) != 1 {
			continue
		}
		name := gd.Specs[0].(*ast.TypeSpec).Name.Name
		for _, want := range types {
			if name != want {
				continue
			}
			start := gd.Pos()
			if gd.Doc != nil {
				start = gd.Doc.Pos()
			}
			spans = append(spans, span{fset.Position(start).Offset, fset.Position(gd.End()).Offset})
			found[name] = true
		}
	}
	for _, want := range types {
		if !found[want] {
			return fmt.Errorf("%s: no declaration of type %s", from, want)
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var moved, rest bytes.Buffer
	moved.WriteString(header)
	last := 0
	for _, s := range spans {
		rest.Write(src[last:s.start])
		moved.WriteString("\n")
		moved.Write(src[s.start:s.end])
		moved.WriteString("\n")
		last = s.end
	}
	rest.Write(src[last:])
	if err := p.add(to, moved.String()); err != nil {
		return err
	}
	p.set(from, rest.Bytes())
	return nil
}

// save formats every changed file (which also checks its syntax) and
// writes it.
func (p *pkgDir) save() error {
	for name := range p.dirty {
		b, err := format.Source(p.files[name])
		if err != nil {
			return fmt.Errorf("patched %s does not parse: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(p.dir, name), b, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	return nil
}
