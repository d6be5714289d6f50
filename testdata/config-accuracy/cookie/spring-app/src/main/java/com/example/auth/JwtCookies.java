package com.example.auth;

import java.time.Duration;

import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

@Component
public class JwtCookies {

    public ResponseCookie accessCookie(String jwt) {
        return ResponseCookie.from("access_token", jwt)
                .httpOnly(true)
                .secure(true)
                .sameSite("Strict")
                .path("/")
                .maxAge(Duration.ofMinutes(15))
                .build();
    }

    public ResponseCookie refreshCookie(String token) {
        return ResponseCookie.from("refresh_token", token).httpOnly(true).secure(false).sameSite("Lax").path("/auth/refresh").build();
    }

    public ResponseCookie crossSiteCookie(String sessionId) {
        return ResponseCookie.from("SESSION", sessionId)
                .httpOnly(true)
                .sameSite("None")
                .build();
    }

    public ResponseCookie embedCookie(String sessionId) {
        return ResponseCookie.from("EMBED_SESSION", sessionId)
                .httpOnly(true)
                .secure(true)
                .sameSite("None")
                .build();
    }
}
