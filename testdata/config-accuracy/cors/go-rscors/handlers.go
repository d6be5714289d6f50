package main

import (
	"net/http"

	"github.com/rs/cors"
)

func partnerHandler(h http.Handler) http.Handler {
	return cors.New(cors.Options{
		AllowOriginFunc:  func(origin string) bool { return true },
		AllowCredentials: true,
	}).Handler(h)
}

func publicHandler(h http.Handler) http.Handler {
	return cors.AllowAll().Handler(h)
}

func appHandler(h http.Handler) http.Handler {
	return cors.New(cors.Options{
		AllowedOrigins:   []string{"https://app.example.com", "https://*.app.example.com"},
		AllowCredentials: true,
	}).Handler(h)
}
