package auth

import (
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Signed at run time with a key generated per test: nothing here is a credential.
func TestVerifyRejectsExpired(t *testing.T) {
	key := newTestKey(t)
	claims := jwt.MapClaims{"sub": "svc-ingest", "exp": time.Now().Add(-time.Minute).Unix()}
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(signed, key); err == nil {
		t.Fatal("expired token accepted")
	}
}

func TestTenantIDIsNotASecret(t *testing.T) {
	tenant := "4d1395e9-258e-4a53-82c0-eec9bb64c049"
	if got := TenantFromHeader("X-Tenant: " + tenant); got != tenant {
		t.Fatalf("got %q", got)
	}
}

const placeholderToken = "<token>"
