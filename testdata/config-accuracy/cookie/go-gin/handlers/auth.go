package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func Login(c *gin.Context) {
	token, err := issueToken(c)
	if err != nil {
		c.AbortWithStatus(http.StatusUnauthorized)
		return
	}
	c.SetCookie("token", token, 3600, "/", "", false, false)
	c.JSON(http.StatusOK, gin.H{"ok": true})
}

func LoginSecure(c *gin.Context) {
	token, _ := issueToken(c)
	c.SetSameSite(http.SameSiteStrictMode)
	c.SetCookie("session_id", token, 3600, "/", "example.com", true, true)
	c.JSON(http.StatusOK, gin.H{"ok": true})
}

func RememberDevice(c *gin.Context) {
	c.SetSameSite(http.SameSiteLaxMode)
	c.SetCookie("device_token", newDeviceToken(), 86400*30, "/", "", false, true)
}

func Lang(c *gin.Context) {
	lang, _ := c.Cookie("lang")
	c.String(http.StatusOK, lang)
}
