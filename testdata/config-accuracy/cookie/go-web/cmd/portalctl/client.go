package main

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"time"
)

func newClient(base *url.URL, sessionToken string) (*http.Client, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	jar.SetCookies(base, []*http.Cookie{{Name: "session", Value: sessionToken}})
	return &http.Client{Jar: jar, Timeout: 30 * time.Second}, nil
}
