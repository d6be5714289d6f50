use axum::Router;
use http::{HeaderValue, Method};
use tower_http::cors::{AllowOrigin, Any, CorsLayer};

mod api;
mod dev;
mod partner;
mod public;

#[tokio::main]
async fn main() {
    let app_cors = CorsLayer::new()
        .allow_origin("https://app.example.com".parse::<HeaderValue>().unwrap())
        .allow_methods([Method::GET, Method::POST])
        .allow_credentials(true);

    let partner_cors = CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_credentials(true);

    let dev_cors = CorsLayer::very_permissive();
    let public_cors = CorsLayer::new().allow_origin(Any).allow_methods([Method::GET]);

    let app = Router::new()
        .nest("/api", api::router().layer(app_cors))
        .nest("/partner", partner::router().layer(partner_cors))
        .nest("/dev", dev::router().layer(dev_cors))
        .nest("/public", public::router().layer(public_cors));

    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
