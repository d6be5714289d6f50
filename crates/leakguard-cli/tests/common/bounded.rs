//! Runs the binary on hostile input with a deadline and, where asked, a memory ceiling, so that a
//! hang or a blow-up fails the test instead of stalling the suite or the machine.

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// How long any one hostile run may take before the test fails; generous, since the machine is
/// shared, but far below "forever".
pub const DEADLINE: Duration = Duration::from_secs(60);

/// Runs `leakguard` with `args` in `dir`, killing it and failing the test after [`DEADLINE`].
pub fn leakguard_bounded(dir: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_leakguard"));
    command.args(args);
    run_bounded(command, dir, args)
}

/// As [`leakguard_bounded`], with the address space capped at `mebibytes` (`ulimit -v`), so an
/// allocation past it fails and the run dies instead of eating the machine's memory.
pub fn leakguard_capped(dir: &Path, args: &[&str], mebibytes: u64) -> Output {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!(
            "ulimit -v {} && exec \"$0\" \"$@\"",
            mebibytes * 1024
        ))
        .arg(env!("CARGO_BIN_EXE_leakguard"))
        .args(args);
    run_bounded(command, dir, args)
}

fn run_bounded(mut command: Command, dir: &Path, args: &[&str]) -> Output {
    let mut child = command
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the leakguard binary starts");
    // Drained on their own threads, so a chatty run cannot block on a full pipe and pass for a
    // hang.
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("leakguard can be waited on") {
            break status;
        }
        if started.elapsed() > DEADLINE {
            kill(&mut child);
            panic!("leakguard {args:?} still running after {DEADLINE:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    }
}

fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

fn kill(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}
