//! `leakguard-bench stream`: pipes a synthetic input of any size (10 GB by default), generated on
//! the fly and never stored, into `leakguard scan -`, and prints throughput and peak memory, which
//! must stay bounded by leakguard's configuration (its stdin window), not by the input.
//!
//! The input looks like a long CI log, with a fake GitHub token planted every 64 MiB at a
//! recorded line; recall is checked from the JSON Lines report, positions included.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::json::Json;
use crate::measure::run_measured_with_input;
use crate::rng::Rng;

/// Bytes between planted tokens.
const PLANT_EVERY: u64 = 64 << 20;

/// Lines the log is made of: timestamps, paths, URLs, words that are rules' keywords (`token`,
/// `password`, `key`), so the prefilter has work to do, but no credential.
const LINES: &[&str] = &[
    "2026-11-30T10:15:02.123Z [build] compiling src/payment/gateway.rs (release, 4 jobs)\n",
    "2026-11-30T10:15:02.456Z [test] ok: token refresh keeps the session key rotated\n",
    "2026-11-30T10:15:03.001Z [deploy] GET https://example.invalid/api/v2/status 200 12ms\n",
    "2026-11-30T10:15:03.318Z [lint] warning: unused variable `password_hint` in auth/form.ts\n",
    "2026-11-30T10:15:04.777Z [cache] restored key npm-linux-x64-3f2a9c from the cache\n",
    "2026-11-30T10:15:05.020Z [test] 1423 passed, 0 failed, 12 skipped in 41.2s\n",
];

/// What `stream` measures.
#[derive(Debug)]
pub(crate) struct StreamOptions {
    pub(crate) size_gb: f64,
    pub(crate) bin: Option<PathBuf>,
    pub(crate) seed: u64,
}

/// Generates the input into leakguard's stdin and reports.
pub(crate) fn stream(options: &StreamOptions) -> Result<()> {
    let bin = crate::run::locate_binary(options.bin.as_deref())?;
    let total = (options.size_gb * 1e9) as u64;
    let report = tempfile_path("leakguard-stream-report.jsonl");
    let mut command = Command::new(&bin);
    command
        .args(["scan", "-", "--format", "jsonl", "--show-secrets", "-o"])
        .arg(&report)
        .stdin(Stdio::piped())
        .stdout(Stdio::null());
    let seed = options.seed;
    let (measured, planted) =
        run_measured_with_input(&mut command, "leakguard scan -", move |stdin| {
            generate(stdin, total, seed)
        })?;
    let code = measured.status.code();
    if !matches!(code, Some(0 | 1)) {
        bail!("leakguard exited with {code:?}");
    }
    let planted = planted?;
    let text = std::fs::read_to_string(&report)
        .with_context(|| format!("cannot read the report {}", report.display()))?;
    let _ = std::fs::remove_file(&report);
    let mut found = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let finding = Json::parse(line)?;
        if let (Some(secret), Some(line)) = (
            finding.get("secret").and_then(Json::as_str),
            finding
                .get("location")
                .and_then(|l| l.get("start_line"))
                .and_then(Json::as_u64),
        ) {
            found.push((line, secret.to_owned()));
        }
    }
    let hits = planted
        .iter()
        .filter(|(line, token)| found.iter().any(|(l, s)| l == line && s == token))
        .count();
    let seconds = measured.wall.as_secs_f64();
    say!(
        "stream: {:.2} GB through `leakguard scan -` in {seconds:.1} s: {:.0} MB/s",
        total as f64 / 1e9,
        total as f64 / 1e6 / seconds
    );
    match measured.peak_kib {
        Some(kib) => say!("peak memory: {:.1} MiB", kib as f64 / 1024.0),
        None => say!("peak memory: not measured (no /proc)"),
    }
    say!(
        "recall: {hits}/{} planted tokens at their lines; {} findings in all",
        planted.len(),
        found.len()
    );
    Ok(())
}

/// Writes `total` bytes of log into `out`, planting a token every [`PLANT_EVERY`] bytes; returns
/// the planted (line, token) pairs.
fn generate(out: impl Write, total: u64, seed: u64) -> Result<Vec<(u64, String)>> {
    let mut rng = Rng::new(seed);
    let mut out = BufWriter::with_capacity(1 << 20, out);
    let mut written = 0u64;
    let mut line = 1u64;
    let mut next_plant = PLANT_EVERY / 2;
    let mut planted = Vec::new();
    // A block of lines written many times over: generating must not be what is measured.
    let block: String = (0..4096).map(|_| *rng.pick(LINES)).collect();
    let block_lines = block.bytes().filter(|&b| b == b'\n').count() as u64;
    while written < total {
        if written >= next_plant {
            let token = crate::fakes::github_token(&mut rng);
            let text = format!("2026-11-30T10:15:06.000Z [env] GITHUB_TOKEN={token}\n");
            out.write_all(text.as_bytes())?;
            written += text.len() as u64;
            planted.push((line, token));
            line += 1;
            next_plant += PLANT_EVERY;
        }
        out.write_all(block.as_bytes())
            .context("leakguard stopped reading its input")?;
        written += block.len() as u64;
        line += block_lines;
    }
    out.flush()?;
    Ok(planted)
}

fn tempfile_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("{}-{name}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planted_tokens_sit_on_the_recorded_lines() {
        let mut out = Vec::new();
        let planted = generate(&mut out, 3 * PLANT_EVERY, 7).expect("generates");
        assert_eq!(planted.len(), 3);
        let text = String::from_utf8(out).expect("text");
        for (line, token) in planted {
            let at = text
                .lines()
                .nth(line as usize - 1)
                .expect("the line exists");
            assert!(at.ends_with(&token), "line {line}: {at}");
        }
    }
}
