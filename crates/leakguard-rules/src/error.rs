//! Why a rule file could not be loaded. Every variant names the file, and where it can, the rule
//! id and the field, so that the message alone tells a user what to fix.

use std::path::PathBuf;

/// A rule file that could not be read, parsed or compiled.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// The file or directory could not be read.
    #[error("cannot read rule file {path}: {source}")]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file is larger than [`crate::MAX_RULE_FILE_BYTES`].
    #[error("rule file {path} is {size} bytes, over the {limit}-byte limit")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: usize,
    },
    /// The file is not valid YAML of the rule schema (this includes unknown fields).
    #[error("rule file {file}: {message}")]
    Parse {
        /// The file, as given or as embedded.
        file: String,
        /// The parser's message, with line and column.
        message: String,
    },
    /// One field of one rule is invalid.
    #[error("rule file {file}: rule `{rule}`: field `{field}`: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// The rule id.
        rule: String,
        /// The field, e.g. `pattern` or `paths.include[1]`.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// A setting outside any rule is invalid: an unknown top-level key, a gitleaks config's
    /// `[extend]` or global `[[allowlists]]`, a rule without an id.
    #[error("rule file {file}: field `{field}`: {message}")]
    InvalidSetting {
        /// The file.
        file: String,
        /// The field, e.g. `extend.path` or `allowlists[0].regexTarget`.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// Two rules share an id.
    #[error("rule file {file}: rule `{rule}`: field `id`: already defined in {first_file}")]
    DuplicateId {
        /// The file with the second definition.
        file: String,
        /// The shared id.
        rule: String,
        /// The file with the first definition.
        first_file: String,
    },
    /// A directory given with `--rules` holds no `.yml` or `.yaml` file.
    #[error("rule directory {path} holds no .yml or .yaml file")]
    EmptyDirectory {
        /// The directory.
        path: PathBuf,
    },
}
