package devidp

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// SignIn goes through a sign-in at the development provider as a browser
// would, for programs and tests that sign in over HTTP: it opens start
// (a service's sign-in route, such as /auth/franceconnect/login) with c,
// whose cookie jar keeps the sessions, and, if that leads to the
// provider's login page, sends its form as login with DefaultPassword,
// following the redirects back to the service. It returns the last
// response, with its body read and closed: where the sign-in ended (its
// Request.URL), its status and headers. A service that did not send the
// browser to the provider (an error, a provider's session still open)
// ends at that first answer.
func SignIn(ctx context.Context, c *http.Client, start, login string) (*http.Response, []byte, error) {
	res, body, err := send(ctx, c, http.MethodGet, start, nil)
	if err != nil || res.Request.URL.Path != loginPath {
		return res, body, err
	}
	page := res.Request.URL
	q := page.Query()
	form := url.Values{"realm": {q.Get("realm")}, "id": {q.Get("id")}, "login": {login}, "password": {DefaultPassword}}
	return send(ctx, c, http.MethodPost, page.Scheme+"://"+page.Host+loginPath, form)
}

// send makes one request (a form when form is not nil) and reads its
// answer.
func send(ctx context.Context, c *http.Client, method, target string, form url.Values) (*http.Response, []byte, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return nil, nil, fmt.Errorf("sign-in: %w", err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := c.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("sign-in: %w", err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, nil, fmt.Errorf("sign-in: read %s: %w", target, err)
	}
	return res, b, nil
}
