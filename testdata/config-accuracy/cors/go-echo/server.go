package main

import (
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

func main() {
	e := echo.New()
	e.Use(middleware.Logger())
	e.Use(middleware.CORSWithConfig(middleware.CORSConfig{
		AllowOrigins:     []string{"*"},
		AllowCredentials: true,
	}))

	api := e.Group("/v1/public")
	api.Use(middleware.CORS())

	admin := e.Group("/admin")
	admin.Use(middleware.CORSWithConfig(middleware.CORSConfig{
		AllowOrigins:     []string{"https://admin.example.com"},
		AllowCredentials: true,
	}))

	e.Logger.Fatal(e.Start(":1323"))
}
