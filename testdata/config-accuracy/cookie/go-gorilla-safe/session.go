package web

import (
	"net/http"
	"os"

	"github.com/gorilla/sessions"
)

var store = newStore()

func newStore() *sessions.CookieStore {
	s := sessions.NewCookieStore([]byte(os.Getenv("SESSION_AUTH_KEY")), []byte(os.Getenv("SESSION_ENC_KEY")))
	s.Options = &sessions.Options{
		Path:     "/",
		MaxAge:   3600 * 8,
		HttpOnly: true,
		Secure:   true,
		SameSite: http.SameSiteStrictMode,
	}
	return s
}
