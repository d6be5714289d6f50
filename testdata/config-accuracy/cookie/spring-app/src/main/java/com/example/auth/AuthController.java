package com.example.auth;

import java.security.Principal;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/auth")
public class AuthController {

    private final TokenService tokens;

    public AuthController(TokenService tokens) {
        this.tokens = tokens;
    }

    @PostMapping("/login")
    public ResponseEntity<Void> login(@RequestBody LoginRequest body, HttpServletResponse response) {
        String jwt = tokens.issue(body.username(), body.password());
        Cookie cookie = new Cookie("token", jwt);
        cookie.setPath("/");
        cookie.setMaxAge(3600);
        response.addCookie(cookie);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/remember")
    public ResponseEntity<Void> remember(HttpServletResponse response, Principal principal) {
        Cookie remember = new Cookie("remember-me", tokens.remember(principal));
        remember.setHttpOnly(true);
        remember.setSecure(true);
        remember.setAttribute("SameSite", "Lax");
        remember.setPath("/");
        response.addCookie(remember);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/legacy-login")
    public void legacyLogin(HttpServletResponse response, Principal principal) {
        Cookie session = new Cookie("LEGACY_SESSION", tokens.session(principal));
        session.setHttpOnly(true);
        session.setSecure(false);
        response.addCookie(session);
    }

    @PostMapping("/logout")
    public void logout(HttpServletResponse response) {
        Cookie cookie = new Cookie("token", null);
        cookie.setMaxAge(0);
        cookie.setPath("/");
        response.addCookie(cookie);
    }
}
