package auth

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"mespoints/server/internal/testkit"
)

// AppPaths is a copy of the app's routes: the pages app.Routes registers
// with go-app's router in app/routes.go, read from its source.
func TestAppPathsAreTheAppsRoutes(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filepath.Join(testkit.RepoRoot(t), "app", "routes.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	consts := map[string]string{}
	var routed []string
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if i < len(n.Values) {
					if lit, ok := n.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						consts[name.Name], _ = strconv.Unquote(lit.Value)
					}
				}
			}
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Route" && len(n.Args) > 0 {
				if id, ok := n.Args[0].(*ast.Ident); ok {
					routed = append(routed, id.Name)
				}
			}
		}
		return true
	})
	var paths []string
	for _, id := range routed {
		p, ok := consts[id]
		if !ok {
			t.Fatalf("app.Route(%s, …): no constant %s in app/routes.go", id, id)
		}
		paths = append(paths, p)
	}
	if len(paths) < 5 {
		t.Fatalf("read %d routes from app/routes.go: %v", len(paths), paths)
	}
	got, want := slices.Sorted(slices.Values(AppPaths)), slices.Sorted(slices.Values(paths))
	if !slices.Equal(got, want) {
		t.Errorf("AppPaths = %v, the app routes %v", got, want)
	}
}

// returnPath keeps a page of the app and nothing else.
func TestReturnPath(t *testing.T) {
	for _, p := range AppPaths {
		if got := returnPath(p); got != p {
			t.Errorf("returnPath(%q) = %q", p, got)
		}
	}
	for _, p := range []string{"", "historique", "//evil.example", "/\\evil.example", "https://evil.example/", "/solde?x", "/solde#x", "/auth/logout", "/%2e%2e/solde", "/solde/"} {
		if got := returnPath(p); got != "" {
			t.Errorf("returnPath(%q) = %q, want nothing", p, got)
		}
	}
}
