use acme_deployctl::redact;

// Shaped like GitHub tokens, but the CRC32 in the last six characters does not match.
const NOT_A_TOKEN: &str = "ghp_aq3S3dvgUUXHrXintiPCSxVcgTCNcw0GtVQU";
const NOT_AN_APP_TOKEN: &str = "ghs_VuqFyIQsj46zNBDRct0MMsgjJdSlEn1ejh3Q";

#[test]
fn masks_token_shaped_words() {
    assert_eq!(redact(NOT_A_TOKEN), "ghp_…");
    assert_eq!(redact(NOT_AN_APP_TOKEN), "ghs_…");
}

#[test]
fn keeps_commit_ids() {
    let sha = "a6a9f6cf1acf570074ba576d9f01b9926a020474";
    assert_eq!(redact(sha), sha);
}

#[test]
fn keeps_placeholders() {
    assert_eq!(redact("token = \"${DEPLOY_TOKEN}\""), "token = \"${DEPLOY_TOKEN}\"");
}
