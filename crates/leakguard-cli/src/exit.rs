//! Exit codes: the contract CI pipelines depend on. Defined once here, documented in the README.

/// Exit status of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExitStatus(pub u8);

/// No finding at or above `--fail-on`, and every input was scanned.
pub const CLEAN: ExitStatus = ExitStatus(0);
/// At least one finding at or above `--fail-on`.
pub const FINDINGS: ExitStatus = ExitStatus(1);
/// An error stopped the run (bad arguments, unreadable rule file, unwritable output).
pub const ERROR: ExitStatus = ExitStatus(2);
/// No blocking finding, but some input could not be scanned: never report that as clean.
pub const INCOMPLETE: ExitStatus = ExitStatus(3);

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> Self {
        std::process::ExitCode::from(status.0)
    }
}
