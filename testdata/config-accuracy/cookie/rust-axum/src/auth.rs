use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

use crate::{issue_token, AuthError, Login, User};

pub async fn login(jar: CookieJar, Json(body): Json<Login>) -> Result<(CookieJar, StatusCode), AuthError> {
    let token = issue_token(&body).await?;
    Ok((jar.add(Cookie::new("token", token)), StatusCode::NO_CONTENT))
}

pub async fn login_secure(jar: CookieJar, Json(body): Json<Login>) -> Result<(CookieJar, StatusCode), AuthError> {
    let token = issue_token(&body).await?;
    let cookie = Cookie::build(("session", token))
        .path("/")
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Lax);
    Ok((jar.add(cookie), StatusCode::NO_CONTENT))
}

pub async fn logout(jar: CookieJar) -> CookieJar {
    jar.remove(Cookie::from("session"))
}

pub async fn remember(jar: CookieJar, user: User) -> CookieJar {
    jar.add(Cookie::build(("remember_token", user.remember_token())).http_only(true).same_site(SameSite::Lax).permanent())
}

pub async fn legacy(sid: String) -> impl IntoResponse {
    (StatusCode::NO_CONTENT, [(header::SET_COOKIE, format!("sid={sid}; Path=/; HttpOnly; SameSite=Lax"))])
}
