//! `leakguard-bench`: generates a synthetic corpus shaped like a large Rails checkout with its
//! `node_modules` (with fake credentials planted at recorded places), and measures the `leakguard`
//! binary on it: throughput, peak memory, start-up time and recall. It does the same for git
//! history: a generated repository with a long history, measured against `git cat-file` reading
//! every object. And it scores the binary's recall and precision on a small labelled corpus of
//! realistic files (testdata/accuracy). See docs/benchmark.md.

/// `println!` that returns an error (from the enclosing function) instead of panicking when
/// standard output is closed, as with `leakguard-bench run DIR | head`.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::emit(format_args!($($arg)*))?
    };
}

mod accuracy;
mod archive_corpus;
mod artifact;
mod artifact_content;
mod content;
mod corpus;
mod dist;
mod encode;
mod fakes;
mod fast_import;
mod generate_git;
mod git;
mod git_manifest;
mod history;
mod image;
mod jars;
mod json;
mod measure;
mod pack;
mod packages;
mod rng;
mod run;
mod run_git;
mod stream;
mod tracked;
#[cfg(test)]
mod unpack;
mod words;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context, Result};

const USAGE: &str = "\
usage:
  leakguard-bench generate DIR [--size-mb N] [--seed S]
      Write a synthetic corpus of about N MB (default 500; 1 MB = 10^6 bytes) into DIR, which
      must be empty or absent, with fake credentials listed in DIR/manifest.tsv.
  leakguard-bench generate-archives DIR [--size-mb N] [--seed S]
      Write an archive-heavy corpus of about N MB (default 200) into DIR (empty or absent):
      jars, wheels, tarballs, `docker save` images, nested zips, gzip logs, bundles with source
      maps and Kubernetes Secrets, with fakes planted inside (nested paths in DIR/manifest.tsv).
  leakguard-bench run DIR [--bin PATH] [--threads N] [--runs R] [--rules PATH]... [--no-builtin-rules]
      Scan DIR R times (default 3) with `leakguard scan DIR --format json -o FILE --no-ignore`
      and report wall time, MB/s, peak memory, start-up time and recall on the planted fakes.
      --bin defaults to the `leakguard` next to this program (target/release/leakguard).
      --rules and --no-builtin-rules are passed on to leakguard.
  leakguard-bench accuracy DIR [--bin PATH] [--rules PATH]... [--no-builtin-rules]
      Scan DIR once with `leakguard scan DIR --no-ignore --format json` and score the findings
      against DIR/manifest.tsv (testdata/accuracy): recall per credential kind, findings on
      hard negatives per kind, findings on unlabelled lines, and precision.
  leakguard-bench generate-git DIR [--commits N] [--files F] [--seed S]
      Build a git repository in DIR (empty or absent) with a history of N commits (default
      20000) over about F files (default 2000), through `git fast-import`, with fake
      credentials listed in DIR/.git/leakguard-bench-manifest.tsv.
  leakguard-bench run-git REPO [--leakguard PATH] [--runs K] [--threads N]
      Time `git cat-file --batch-all-objects --batch` (the floor) and `leakguard git REPO
      --format json` K times each (default 3) on any local repository, and report MB/s,
      blobs/s, peak memory, the ratio to the floor, and recall if REPO was generated.
  leakguard-bench stream [--size-gb N] [--bin PATH] [--seed S]
      Pipe N GB (default 10; 1 GB = 10^9 bytes) of generated CI log, never stored, into
      `leakguard scan -` and report MB/s, peak memory (bounded by the stdin window, not the
      input) and recall on a fake token planted every 64 MiB.
";

fn main() -> ExitCode {
    match real_main() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("leakguard-bench: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn real_main() -> Result<()> {
    let mut args = std::env::args_os().skip(1).map(|a| {
        a.into_string()
            .map_err(|a| anyhow!("argument {a:?} is not UTF-8"))
    });
    let command = match args.next().transpose()? {
        Some(c) => c,
        None => bail!("no command given\n{USAGE}"),
    };
    let rest: Vec<String> = args.collect::<Result<_>>()?;
    match command.as_str() {
        "generate" => generate(&rest),
        "generate-archives" => generate_archives(&rest),
        "run" => run_cmd(&rest),
        "accuracy" => accuracy_cmd(&rest),
        "generate-git" => generate_git_cmd(&rest),
        "run-git" => run_git_cmd(&rest),
        "stream" => stream_cmd(&rest),
        "-h" | "--help" | "help" => {
            say!("{}", USAGE.trim_end());
            Ok(())
        }
        other => bail!("unknown command `{other}`\n{USAGE}"),
    }
}

/// Splits `--flag value`, `--flag=value` and bare words.
struct Args<'a> {
    items: std::slice::Iter<'a, String>,
}

enum Arg<'a> {
    Flag(&'a str, Option<&'a str>),
    Positional(&'a str),
}

impl<'a> Args<'a> {
    fn next(&mut self) -> Option<Arg<'a>> {
        let item = self.items.next()?;
        Some(match item.strip_prefix("--") {
            Some(flag) => match flag.split_once('=') {
                Some((name, value)) => Arg::Flag(name, Some(value)),
                None => Arg::Flag(flag, None),
            },
            None => Arg::Positional(item),
        })
    }

    fn value(&mut self, flag: &str, inline: Option<&'a str>) -> Result<&'a str> {
        match inline {
            Some(v) => Ok(v),
            None => self
                .items
                .next()
                .map(String::as_str)
                .ok_or_else(|| anyhow!("--{flag} needs a value")),
        }
    }
}

fn parse<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T> {
    value
        .parse()
        .map_err(|_| anyhow!("--{flag}: `{value}` is not a valid number"))
}

/// The options of `generate` and `generate-archives`: DIR, `--size-mb` (default
/// `default_mb`) and `--seed`.
fn corpus_args(command: &str, rest: &[String], default_mb: f64) -> Result<(PathBuf, f64, u64)> {
    let mut args = Args { items: rest.iter() };
    let (mut dir, mut size_mb, mut seed) = (None, default_mb, 42u64);
    while let Some(arg) = args.next() {
        match arg {
            Arg::Flag("size-mb", v) => size_mb = parse("size-mb", args.value("size-mb", v)?)?,
            Arg::Flag("seed", v) => seed = parse("seed", args.value("seed", v)?)?,
            Arg::Flag(other, _) => bail!("{command}: unknown option --{other}\n{USAGE}"),
            Arg::Positional(p) if dir.is_none() => dir = Some(PathBuf::from(p)),
            Arg::Positional(p) => bail!("{command}: unexpected argument `{p}`"),
        }
    }
    let dir = dir.ok_or_else(|| anyhow!("{command}: no DIR given\n{USAGE}"))?;
    if !(size_mb.is_finite() && size_mb > 0.0 && size_mb <= 1_000_000.0) {
        bail!("--size-mb must be a positive number of MB");
    }
    Ok((dir, size_mb, seed))
}

fn generate(rest: &[String]) -> Result<()> {
    let (dir, size_mb, seed) = corpus_args("generate", rest, 500.0)?;
    corpus::generate(&dir, size_mb, seed)
        .with_context(|| format!("cannot generate a corpus in {}", dir.display()))
}

fn generate_archives(rest: &[String]) -> Result<()> {
    let (dir, size_mb, seed) = corpus_args("generate-archives", rest, 200.0)?;
    archive_corpus::generate(&dir, size_mb, seed)
        .with_context(|| format!("cannot generate an archive corpus in {}", dir.display()))
}

fn run_cmd(rest: &[String]) -> Result<()> {
    let mut args = Args { items: rest.iter() };
    let mut options = run::RunOptions {
        dir: PathBuf::new(),
        bin: None,
        threads: None,
        runs: 3,
        rules: Vec::new(),
        no_builtin_rules: false,
    };
    let mut dir = None;
    while let Some(arg) = args.next() {
        match arg {
            Arg::Flag("bin", v) => options.bin = Some(PathBuf::from(args.value("bin", v)?)),
            Arg::Flag("threads", v) => {
                options.threads = Some(parse("threads", args.value("threads", v)?)?)
            }
            Arg::Flag("runs", v) => options.runs = parse("runs", args.value("runs", v)?)?,
            Arg::Flag("rules", v) => options.rules.push(PathBuf::from(args.value("rules", v)?)),
            Arg::Flag("no-builtin-rules", None) => options.no_builtin_rules = true,
            Arg::Flag(other, _) => bail!("run: unknown option --{other}\n{USAGE}"),
            Arg::Positional(p) if dir.is_none() => dir = Some(PathBuf::from(p)),
            Arg::Positional(p) => bail!("run: unexpected argument `{p}`"),
        }
    }
    options.dir = dir.ok_or_else(|| anyhow!("run: no DIR given\n{USAGE}"))?;
    if options.runs == 0 || options.threads == Some(0) {
        bail!("--runs and --threads must be at least 1");
    }
    run::run(&options).with_context(|| format!("benchmark of {} failed", options.dir.display()))
}

fn stream_cmd(rest: &[String]) -> Result<()> {
    let mut args = Args { items: rest.iter() };
    let mut options = stream::StreamOptions {
        size_gb: 10.0,
        bin: None,
        seed: 42,
    };
    while let Some(arg) = args.next() {
        match arg {
            Arg::Flag("size-gb", v) => {
                options.size_gb = parse("size-gb", args.value("size-gb", v)?)?
            }
            Arg::Flag("bin", v) => options.bin = Some(PathBuf::from(args.value("bin", v)?)),
            Arg::Flag("seed", v) => options.seed = parse("seed", args.value("seed", v)?)?,
            Arg::Flag(other, _) => bail!("stream: unknown option --{other}\n{USAGE}"),
            Arg::Positional(p) => bail!("stream: unexpected argument `{p}`"),
        }
    }
    if options.size_gb.is_nan() || options.size_gb <= 0.0 {
        bail!("--size-gb must be positive");
    }
    stream::stream(&options)
}

fn accuracy_cmd(rest: &[String]) -> Result<()> {
    let mut args = Args { items: rest.iter() };
    let mut options = accuracy::AccuracyOptions {
        dir: PathBuf::new(),
        bin: None,
        rule_args: Vec::new(),
    };
    let mut dir = None;
    while let Some(arg) = args.next() {
        match arg {
            Arg::Flag("bin", v) => options.bin = Some(PathBuf::from(args.value("bin", v)?)),
            Arg::Flag("rules", v) => {
                let path = args.value("rules", v)?;
                options
                    .rule_args
                    .extend(["--rules".to_owned(), path.to_owned()]);
            }
            Arg::Flag("no-builtin-rules", None) => {
                options.rule_args.push("--no-builtin-rules".to_owned())
            }
            Arg::Flag(other, _) => bail!("accuracy: unknown option --{other}\n{USAGE}"),
            Arg::Positional(p) if dir.is_none() => dir = Some(PathBuf::from(p)),
            Arg::Positional(p) => bail!("accuracy: unexpected argument `{p}`"),
        }
    }
    options.dir = dir.ok_or_else(|| anyhow!("accuracy: no DIR given\n{USAGE}"))?;
    accuracy::accuracy(&options)
        .with_context(|| format!("accuracy of {} failed", options.dir.display()))
}

fn generate_git_cmd(rest: &[String]) -> Result<()> {
    let mut args = Args { items: rest.iter() };
    let mut options = history::HistoryOptions {
        commits: 20_000,
        files: 2_000,
        seed: 42,
    };
    let mut dir = None;
    while let Some(arg) = args.next() {
        match arg {
            Arg::Flag("commits", v) => {
                options.commits = parse("commits", args.value("commits", v)?)?
            }
            Arg::Flag("files", v) => options.files = parse("files", args.value("files", v)?)?,
            Arg::Flag("seed", v) => options.seed = parse("seed", args.value("seed", v)?)?,
            Arg::Flag(other, _) => bail!("generate-git: unknown option --{other}\n{USAGE}"),
            Arg::Positional(p) if dir.is_none() => dir = Some(PathBuf::from(p)),
            Arg::Positional(p) => bail!("generate-git: unexpected argument `{p}`"),
        }
    }
    let dir = dir.ok_or_else(|| anyhow!("generate-git: no DIR given\n{USAGE}"))?;
    if options.commits == 0 || options.files == 0 {
        bail!("--commits and --files must be at least 1");
    }
    generate_git::generate_git(&dir, &options)
        .with_context(|| format!("cannot generate a repository in {}", dir.display()))
}

fn run_git_cmd(rest: &[String]) -> Result<()> {
    let mut args = Args { items: rest.iter() };
    let mut options = run_git::RunGitOptions {
        repo: PathBuf::new(),
        bin: None,
        runs: 3,
        threads: None,
    };
    let mut repo = None;
    while let Some(arg) = args.next() {
        match arg {
            // `--bin` as in `run`, `--leakguard` for what it names.
            Arg::Flag(flag @ ("leakguard" | "bin"), v) => {
                options.bin = Some(PathBuf::from(args.value(flag, v)?))
            }
            Arg::Flag("runs", v) => options.runs = parse("runs", args.value("runs", v)?)?,
            Arg::Flag("threads", v) => {
                options.threads = Some(parse("threads", args.value("threads", v)?)?)
            }
            Arg::Flag(other, _) => bail!("run-git: unknown option --{other}\n{USAGE}"),
            Arg::Positional(p) if repo.is_none() => repo = Some(PathBuf::from(p)),
            Arg::Positional(p) => bail!("run-git: unexpected argument `{p}`"),
        }
    }
    options.repo = repo.ok_or_else(|| anyhow!("run-git: no REPO given\n{USAGE}"))?;
    if options.runs == 0 || options.threads == Some(0) {
        bail!("--runs and --threads must be at least 1");
    }
    run_git::run_git(&options)
        .with_context(|| format!("benchmark of {} failed", options.repo.display()))
}

/// Writes one line to standard output.
pub(crate) fn emit(args: std::fmt::Arguments<'_>) -> Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    out.write_fmt(args)
        .and_then(|()| out.write_all(b"\n"))
        .context("cannot write to standard output")
}

/// `n` with thousands separators: 14203 -> "14,203".
pub(crate) fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(14_203), "14,203");
        assert_eq!(group(1_234_567), "1,234,567");
    }
}
