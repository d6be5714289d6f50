//! Where a blob came from. Kept for reporting; the matcher only ever sees the path, to decide
//! which path-limited rules apply.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Where scanned bytes were seen.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Origin {
    /// A file on disk, by the path the walk produced (relative when the user gave a relative path).
    File {
        /// The file's path.
        #[serde(serialize_with = "serialize_lossy")]
        path: PathBuf,
    },
    /// Standard input (`leakguard scan -`).
    Stdin,
    /// A blob in a git repository, reported where it was first introduced.
    Git {
        /// The commit that first introduced the blob at `path` (oldest first, parents before
        /// children), or empty for blobs no commit reaches (`--all-objects`).
        commit: String,
        /// The path at that commit.
        path: String,
        /// The blob's object id.
        blob: String,
        /// The commit's author, `Name <email>`.
        author: String,
        /// The commit's committer time, seconds since the Unix epoch.
        time: i64,
    },
    /// A file staged in a repository's index, not yet committed (`leakguard git --staged`).
    Staged {
        /// The path in the index.
        path: String,
        /// The staged blob's object id.
        blob: String,
    },
    /// A file inside an archive, shown as `outer.zip!dir/file.js`; archives nest.
    Archive {
        /// The whole path as shown, `outer!entry`, kept so readers of JSON need not rebuild it.
        path: String,
        /// The entry's path inside the archive, as the archive names it (never used on disk).
        entry: String,
        /// The archive (a file, a git blob, or an archive entry itself).
        outer: Box<Origin>,
    },
    /// An original source embedded in a source map's `sourcesContent` (of a `.map` file or of
    /// a bundle's inline map), shown as `dist/app.js.map!src/config.ts`; lines are the original
    /// source's.
    MapSource {
        /// The whole path as shown, `map!source`.
        path: String,
        /// The source's path as the map names it, cleaned of bundler prefixes (`webpack:///./`).
        source: String,
        /// The bundle the map describes, as its `file` names it (beside the map), when it
        /// says; absent for an inline map, whose bundle is `map` itself.
        #[serde(skip_serializing_if = "Option::is_none")]
        bundle: Option<String>,
        /// The source map, or the bundle whose inline map it is.
        map: Box<Origin>,
    },
}

impl Origin {
    /// The entry `entry` of the archive `outer`.
    pub fn archive_entry(outer: Origin, entry: &str) -> Origin {
        Origin::Archive {
            path: format!("{}!{entry}", outer.display_path()),
            entry: entry.to_owned(),
            outer: Box::new(outer),
        }
    }

    /// The source `source` embedded in the map (or bundle with an inline map) `map`, which
    /// describes `bundle`.
    pub fn map_source(map: Origin, source: &str, bundle: Option<String>) -> Origin {
        Origin::MapSource {
            path: format!("{}!{source}", map.display_path()),
            source: source.to_owned(),
            bundle,
            map: Box::new(map),
        }
    }

    /// The path shown in reports: the file path with any leading `./` removed, or `-` for stdin.
    /// Paths that are not valid UTF-8 are shown lossily (`\u{FFFD}` for the bad bytes).
    pub fn display_path(&self) -> String {
        match self {
            Origin::File { path } => {
                let shown = path.to_string_lossy();
                shown.strip_prefix("./").unwrap_or(&shown).to_owned()
            }
            Origin::Stdin => "-".to_owned(),
            Origin::Git { path, .. }
            | Origin::Staged { path, .. }
            | Origin::Archive { path, .. }
            | Origin::MapSource { path, .. } => path.clone(),
        }
    }

    /// The introducing commit, for git origins and what is nested in them.
    pub fn commit(&self) -> Option<&str> {
        match self {
            Origin::Git { commit, .. } if !commit.is_empty() => Some(commit),
            Origin::Archive { outer: inner, .. } | Origin::MapSource { map: inner, .. } => {
                inner.commit()
            }
            _ => None,
        }
    }

    /// The path that path-limited rules are matched against, if the origin has one. For nested
    /// origins it is the whole `outer!inner` path, so `**/.npmrc` matches an `.npmrc` inside a
    /// package and `vendor/**` everything inside `vendor/lib.jar`.
    pub fn rule_path(&self) -> Option<String> {
        match self {
            Origin::Stdin => None,
            _ => Some(self.display_path()),
        }
    }

    /// The outermost origin: the file, blob or stream that exists outside leakguard, which is
    /// where reports that need a real file (SARIF) point.
    pub fn container(&self) -> &Origin {
        match self {
            Origin::Archive { outer: inner, .. } | Origin::MapSource { map: inner, .. } => {
                inner.container()
            }
            other => other,
        }
    }

    /// Whether this origin lies inside another (an archive entry or a source map's source).
    pub fn is_nested(&self) -> bool {
        matches!(self, Origin::Archive { .. } | Origin::MapSource { .. })
    }
}

/// The file name in a shown path: after the last `/` or archive/map `!` (`a.zip!lib/x.js` is
/// `x.js`).
pub(crate) fn file_name(shown: &str) -> &str {
    shown.rsplit(['/', '!']).next().unwrap_or(shown)
}

fn serialize_lossy<S: serde::Serializer>(path: &std::path::Path, s: S) -> Result<S::Ok, S::Error> {
    let shown = path.to_string_lossy();
    s.serialize_str(shown.strip_prefix("./").unwrap_or(&shown))
}
