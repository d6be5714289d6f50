//! Local copies of repositories given by URL: cloned bare into a cache directory the first time,
//! fetched into on later sweeps, so a weekly sweep transfers only what changed.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use gix::remote::Direction;

/// Why a repository given by URL could not be brought up to date.
#[derive(Debug, thiserror::Error)]
#[error("cannot fetch {url} into {}: {message}", dir.display())]
pub struct FetchError {
    /// The URL as listed.
    pub url: String,
    /// The cache directory it was to be cloned into.
    pub dir: PathBuf,
    /// Why.
    pub message: String,
}

/// The local bare copy of `url` under `cache`, cloned or updated. An earlier copy that cannot be
/// opened or fetched into (an interrupted clone, a corrupt pack) is removed and cloned afresh.
pub(crate) fn local_copy(url: &str, cache: &Path) -> Result<PathBuf, FetchError> {
    let dir = cache.join(cache_name(url));
    let error = |message: String| FetchError {
        url: url.to_owned(),
        dir: dir.clone(),
        message,
    };
    if dir.exists() {
        match update(&dir) {
            Ok(()) => return Ok(dir),
            Err(_) => std::fs::remove_dir_all(&dir).map_err(|e| error(e.to_string()))?,
        }
    }
    std::fs::create_dir_all(cache).map_err(|e| error(e.to_string()))?;
    clone(url, &dir).map_err(error)?;
    Ok(dir)
}

fn clone(url: &str, dir: &Path) -> Result<(), String> {
    let interrupt = AtomicBool::new(false);
    let mut prepare = gix::prepare_clone_bare(url, dir).map_err(|e| e.to_string())?;
    prepare
        .fetch_only(gix::progress::Discard, &interrupt)
        .map_err(|e| e.to_string())?;
    Ok(())
}

fn update(dir: &Path) -> Result<(), String> {
    let interrupt = AtomicBool::new(false);
    let repo = gix::open(dir).map_err(|e| e.to_string())?;
    let remote = repo
        .find_default_remote(Direction::Fetch)
        .ok_or("the copy has no remote")?
        .map_err(|e| e.to_string())?;
    remote
        .connect(Direction::Fetch)
        .map_err(|e| e.to_string())?
        .prepare_fetch(gix::progress::Discard, Default::default())
        .map_err(|e| e.to_string())?
        .receive(gix::progress::Discard, &interrupt)
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// A directory name for `url` that a person can recognise, made unique by a hash of the whole URL
/// (two hosts can serve `org/app`).
fn cache_name(url: &str) -> String {
    let readable: String = url
        .rsplit(['/', ':'])
        .take(2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<Vec<_>>()
        .join("-")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let readable = readable.trim_start_matches('.');
    format!("{readable}-{:016x}", crate::path_hash(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_names_are_readable_and_distinct() {
        let a = cache_name("https://example.invalid/org/app.git");
        let b = cache_name("https://other.invalid/org/app.git");
        assert!(a.starts_with("org-app.git-"), "{a}");
        assert_ne!(a, b);
        assert!(!cache_name("file:///../../etc").contains('/'));
    }
}
