package server

import (
	"strings"

	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
)

func NewProductionRouter() *gin.Engine {
	r := gin.New()
	r.Use(cors.New(cors.Config{
		AllowOrigins:     []string{"https://app.example.com"},
		AllowMethods:     []string{"GET", "POST"},
		AllowCredentials: true,
	}))

	internal := r.Group("/internal")
	internal.Use(cors.New(cors.Config{
		AllowOriginFunc: func(origin string) bool {
			return strings.HasSuffix(origin, "example.com")
		},
		AllowCredentials: true,
	}))

	public := r.Group("/public")
	public.Use(cors.Default())
	return r
}
