use axum::{routing::get, Router};
use tower_http::cors::CorsLayer;

pub fn router() -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .layer(CorsLayer::permissive())
}
