package auth

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestDashboardWithSession(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "/dashboard", nil)
	req.AddCookie(&http.Cookie{Name: "session", Value: "test-session"})
	rec := httptest.NewRecorder()
	newTestHandler(t).Dashboard(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
}

func TestLoginSetsSecureCookie(t *testing.T) {
	rec := httptest.NewRecorder()
	newTestHandler(t).LoginSecure(rec, loginRequest())
	c := rec.Result().Cookies()[0]
	if !c.HttpOnly || !c.Secure {
		t.Fatalf("session cookie must be HttpOnly and Secure: %+v", c)
	}
}
