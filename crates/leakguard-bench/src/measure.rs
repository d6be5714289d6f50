//! Running a child process and measuring it: wall time, and peak resident memory read from
//! `/proc/<pid>/status` (`VmHWM`, the kernel's high-water mark) while the child runs.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::process::{Command, ExitStatus};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

/// How often the memory high-water mark is sampled.
const POLL: Duration = Duration::from_millis(5);

/// The outcome of one measured child.
#[derive(Debug)]
pub(crate) struct Measured {
    pub(crate) status: ExitStatus,
    pub(crate) wall: Duration,
    /// Peak resident set in KiB, if `/proc` could be read while the child ran.
    pub(crate) peak_kib: Option<u64>,
}

/// Runs `command` to completion, timing it and sampling its memory high-water mark.
///
/// The wall time comes from a thread blocked in `wait`, so sampling adds no latency to it. The
/// status file is opened once, right after the spawn: an open `/proc/<pid>` file keeps naming
/// that process, so a recycled pid can never be read by mistake. `VmHWM` only grows while the
/// process lives, so the last sample before exit is the peak, up to the sampling interval.
pub(crate) fn run_measured(command: &mut Command, what: &str) -> Result<Measured> {
    let started = Instant::now();
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot start {what}"))?;
    let status_file = File::open(format!("/proc/{}/status", child.id())).ok();
    let done = AtomicBool::new(false);
    let (status, wall, peak_kib) = std::thread::scope(|scope| {
        let sampler = scope.spawn(|| sample_peak(status_file, &done));
        let status = child.wait();
        let wall = started.elapsed();
        done.store(true, Ordering::Relaxed);
        let peak = sampler.join().unwrap_or(None);
        (status, wall, peak)
    });
    let status = status.with_context(|| format!("cannot wait for {what}"))?;
    Ok(Measured {
        status,
        wall,
        peak_kib,
    })
}

/// Runs `command` with its standard input piped from `feed`, which runs on its own thread while
/// the child runs (for inputs generated on the fly, never stored), timing it and sampling its
/// memory as [`run_measured`] does; returns what `feed` returned too.
pub(crate) fn run_measured_with_input<T: Send>(
    command: &mut Command,
    what: &str,
    feed: impl FnOnce(std::process::ChildStdin) -> Result<T> + Send,
) -> Result<(Measured, Result<T>)> {
    let started = Instant::now();
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot start {what}"))?;
    let stdin = child
        .stdin
        .take()
        .with_context(|| format!("{what} has no piped standard input"))?;
    let status_file = File::open(format!("/proc/{}/status", child.id())).ok();
    let done = AtomicBool::new(false);
    let (status, wall, peak_kib, fed) = std::thread::scope(|scope| {
        let sampler = scope.spawn(|| sample_peak(status_file, &done));
        let feeder = scope.spawn(move || feed(stdin));
        let fed = feeder
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the input generator panicked")));
        let status = child.wait();
        let wall = started.elapsed();
        done.store(true, Ordering::Relaxed);
        let peak = sampler.join().unwrap_or(None);
        (status, wall, peak, fed)
    });
    let status = status.with_context(|| format!("cannot wait for {what}"))?;
    Ok((
        Measured {
            status,
            wall,
            peak_kib,
        },
        fed,
    ))
}

/// Runs `command` and returns its wall time only (for very short runs, where sampling is moot).
pub(crate) fn run_timed(command: &mut Command, what: &str) -> Result<(ExitStatus, Duration)> {
    let started = Instant::now();
    let status = command
        .status()
        .with_context(|| format!("cannot run {what}"))?;
    Ok((status, started.elapsed()))
}

fn sample_peak(file: Option<File>, done: &AtomicBool) -> Option<u64> {
    let mut file = file?;
    let mut peak: Option<u64> = None;
    let mut text = String::new();
    loop {
        text.clear();
        if file.seek(SeekFrom::Start(0)).is_err() || file.read_to_string(&mut text).is_err() {
            break;
        }
        if let Some(kib) = vm_hwm_kib(&text) {
            peak = Some(peak.map_or(kib, |p| p.max(kib)));
        }
        if done.load(Ordering::Relaxed) {
            break;
        }
        std::thread::sleep(POLL);
    }
    peak
}

/// The `VmHWM:` value (KiB) of a `/proc/<pid>/status` text; absent once the process is a zombie.
fn vm_hwm_kib(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line["VmHWM:".len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_high_water_mark() {
        let status =
            "Name:\tleakguard\nVmPeak:\t  20000 kB\nVmHWM:\t    4312 kB\nVmRSS:\t 4000 kB\n";
        assert_eq!(vm_hwm_kib(status), Some(4312));
        assert_eq!(vm_hwm_kib("Name:\tzombie\nState:\tZ (zombie)\n"), None);
    }

    #[test]
    fn measures_a_child_process() {
        let measured =
            run_measured(Command::new("sleep").arg("0.05"), "sleep").expect("sleep runs");
        assert!(measured.status.success());
        assert!(measured.wall >= Duration::from_millis(50));
        assert!(measured.peak_kib.is_some_and(|k| k > 0));
    }
}
