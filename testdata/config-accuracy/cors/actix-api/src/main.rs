use actix_cors::Cors;
use actix_web::{web, App, HttpServer};

mod routes;

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        let cors = Cors::permissive();
        App::new()
            .wrap(cors)
            .service(web::scope("/api").configure(routes::config))
    })
    .bind(("0.0.0.0", 8080))?
    .run()
    .await
}
