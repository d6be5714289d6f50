use anyhow::{Context, Result};
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};

/// Token for the deploy API's `ci` service account.
const DEPLOY_API_TOKEN: &str = "vIOdTTf3omgBFSWcujcIXasR6bNWvwYPReEp63iZ";
const GITLAB_TOKEN: &str = "glpat-LnMKxZaIlD5vrXJ8aLB5";

pub struct Client {
    http: reqwest::Client,
    base: String,
}

impl Client {
    pub fn new(base: &str) -> Result<Client> {
        let token = std::env::var("DEPLOY_API_TOKEN").unwrap_or_else(|_| DEPLOY_API_TOKEN.to_owned());
        let mut headers = HeaderMap::new();
        let value = HeaderValue::from_str(&format!("Bearer {token}")).context("token is not a header value")?;
        headers.insert(AUTHORIZATION, value);
        headers.insert("PRIVATE-TOKEN", HeaderValue::from_static(GITLAB_TOKEN));
        let http = reqwest::Client::builder().default_headers(headers).build()?;
        Ok(Client { http, base: base.trim_end_matches('/').to_owned() })
    }

    pub async fn deploy(&self, service: &str, sha: &str) -> Result<()> {
        self.http
            .post(format!("{}/services/{service}/deploys", self.base))
            .json(&serde_json::json!({ "sha": sha }))
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }
}
