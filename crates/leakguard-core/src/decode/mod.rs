//! Encoded text inside a blob (base64, percent-encoding, JSON/JS string escapes), decoded so the
//! matcher can search it again. Being written; see the issue on built output and encodings.
