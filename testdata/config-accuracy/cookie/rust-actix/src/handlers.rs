use actix_web::cookie::{Cookie, SameSite};
use actix_web::{post, web, HttpResponse};

use crate::{AppState, LoginForm};

#[post("/login")]
async fn login(form: web::Form<LoginForm>, state: web::Data<AppState>) -> HttpResponse {
    let session_id = state.sessions.create(&form.email).await;
    HttpResponse::Ok()
        .cookie(Cookie::new("session", session_id))
        .finish()
}

#[post("/login-secure")]
async fn login_secure(form: web::Form<LoginForm>, state: web::Data<AppState>) -> HttpResponse {
    let session_id = state.sessions.create(&form.email).await;
    let cookie = Cookie::build("session", session_id)
        .path("/")
        .secure(true)
        .http_only(true)
        .same_site(SameSite::Strict)
        .finish();
    HttpResponse::Ok().cookie(cookie).finish()
}

#[post("/embed")]
async fn embed(state: web::Data<AppState>) -> HttpResponse {
    let cookie = Cookie::build("embed_token", state.tokens.embed())
        .http_only(true)
        .secure(false)
        .same_site(SameSite::None)
        .finish();
    HttpResponse::Ok().cookie(cookie).finish()
}
