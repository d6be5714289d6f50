use actix_cors::Cors;
use actix_web::http::header;

pub fn app_cors() -> Cors {
    Cors::default()
        .allowed_origin("https://app.example.com")
        .allowed_methods(vec!["GET", "POST"])
        .allowed_headers(vec![header::AUTHORIZATION, header::ACCEPT, header::CONTENT_TYPE])
        .supports_credentials()
        .max_age(3600)
}

pub fn partner_cors() -> Cors {
    Cors::default()
        .allow_any_origin()
        .supports_credentials()
}

pub fn embed_cors() -> Cors {
    Cors::default()
        .allowed_origin_fn(|origin, _req_head| origin.as_bytes().ends_with(b"example.com"))
        .supports_credentials()
}

pub fn public_cors() -> Cors {
    Cors::default().allow_any_origin().send_wildcard().allowed_methods(vec!["GET"])
}
