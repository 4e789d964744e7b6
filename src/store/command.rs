//! The `command` store (DESIGN §13): a password manager's command prints the
//! API secret whenever one is needed; twenv keeps only the command line.
//!
//! The command runs without a shell, in twenv's own process group, with
//! stdin and stderr inherited: under `eval "$(twenv use dev)"` only stdout is
//! captured, so gpg's pinentry, `op`'s prompt or a read from `/dev/tty` reach
//! the user as they would outside twenv. Its output is the secret and is
//! never shown, not even in an error.

use std::io::{self, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::secret::Secret;
use crate::validate;

pub const TIMEOUT_VAR: &str = "TWENV_SECRET_COMMAND_TIMEOUT";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// A day: enough for any prompt, and far from what a `Duration` cannot hold.
const MAX_TIMEOUT_SECS: f64 = 86_400.0;
/// How long a timed-out command gets to restore the terminal (a pinentry in
/// raw mode) after SIGTERM, before SIGKILL.
#[cfg(unix)]
const GRACE: Duration = Duration::from_millis(500);

/// Why the command gave no secret. Nothing here holds its output.
#[derive(Debug)]
pub enum Failure {
    /// The configured line does not split into words.
    BadLine(String),
    /// `TWENV_SECRET_COMMAND_TIMEOUT` is not a number of seconds.
    BadTimeout(String),
    NotFound(String),
    Spawn {
        program: String,
        cause: String,
    },
    Exit(ExitStatus),
    Timeout {
        seconds: f64,
        exited: bool,
    },
    Read(String),
    Empty,
    Nul,
    LineBreak,
    NotUtf8,
}

impl Failure {
    /// Bad input (the line, the variable) is exit 2; the rest happened at run time.
    pub fn is_usage(&self) -> bool {
        matches!(self, Failure::BadLine(_) | Failure::BadTimeout(_))
    }
}

/// Runs the command line once and returns its output, less one trailing
/// newline, as the secret.
pub fn fetch(line: &str) -> Result<Secret, Failure> {
    let words = validate::command_words(line).map_err(Failure::BadLine)?;
    let timeout = timeout()?;
    let (program, args) = words
        .split_first()
        .ok_or_else(|| Failure::BadLine("it is empty".into()))?;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::inherit())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => Failure::NotFound(program.clone()),
            _ => Failure::Spawn {
                program: program.clone(),
                cause: e.to_string(),
            },
        })?;
    let deadline = Instant::now() + timeout;
    let output = read_output(&mut child, deadline, timeout)?;
    let status = match wait_until(&mut child, deadline) {
        Some(status) => status,
        None => {
            stop(&mut child);
            return Err(Failure::Timeout {
                seconds: timeout.as_secs_f64(),
                exited: false,
            });
        }
    };
    if !status.success() {
        return Err(Failure::Exit(status));
    }
    secret_from(output)
}

/// The command's whole stdout, read on a thread so the deadline holds even
/// when the command never closes it.
fn read_output(
    child: &mut Child,
    deadline: Instant,
    timeout: Duration,
) -> Result<Vec<u8>, Failure> {
    let Some(mut stdout) = child.stdout.take() else {
        return Err(Failure::Read("its output was not connected".into()));
    };
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        // Room for any secret up front, so no reallocation leaves a copy behind.
        let mut bytes = Vec::with_capacity(4096);
        let result = stdout.read_to_end(&mut bytes).map(|_| bytes);
        let _ = tx.send(result);
    });
    let left = deadline.saturating_duration_since(Instant::now());
    match rx.recv_timeout(left) {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => {
            stop(child);
            Err(Failure::Read(e.to_string()))
        }
        Err(_) => {
            let exited = matches!(child.try_wait(), Ok(Some(_)));
            stop(child);
            Err(Failure::Timeout {
                seconds: timeout.as_secs_f64(),
                exited,
            })
        }
    }
}

/// The child's exit status, or `None` at the deadline. It has usually exited
/// by the time its output ends, so the first look mostly finds it; otherwise
/// a thread waits for the exit without reaping it (so the PID stays the
/// child's, safe to kill, until this thread reaps it).
fn wait_until(child: &mut Child, deadline: Instant) -> Option<ExitStatus> {
    if let Ok(Some(status)) = child.try_wait() {
        return Some(status);
    }
    #[cfg(unix)]
    {
        // id_t is the PID's own type (u32 where std's `id` comes from).
        let pid = child.id() as libc::id_t;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            // SAFETY: waitid only writes the siginfo_t on this stack; with
            // WNOWAIT it leaves the child for `wait` to reap.
            let exited = unsafe {
                let mut info: libc::siginfo_t = std::mem::zeroed();
                libc::waitid(libc::P_PID, pid, &mut info, libc::WEXITED | libc::WNOWAIT) == 0
            };
            let _ = tx.send(exited);
        });
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(true) => child.wait().ok(),
            Ok(false) => poll_until(child, deadline),
            Err(_) => None,
        }
    }
    #[cfg(not(unix))]
    poll_until(child, deadline)
}

fn poll_until(child: &mut Child, deadline: Instant) -> Option<ExitStatus> {
    let mut pause = Duration::from_micros(50);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) => {}
            // Not ours to wait for any more (cannot happen: we own the child).
            Err(_) => return child.wait().ok(),
        }
        let now = Instant::now();
        if now >= deadline {
            return None;
        }
        std::thread::sleep(pause.min(deadline - now));
        pause = (pause * 2).min(Duration::from_millis(10));
    }
}

/// One trailing `\n` or `\r\n` is the line ending, not the secret.
fn secret_from(mut bytes: Vec<u8>) -> Result<Secret, Failure> {
    let end = if bytes.ends_with(b"\r\n") {
        bytes.len() - 2
    } else if bytes.ends_with(b"\n") {
        bytes.len() - 1
    } else {
        bytes.len()
    };
    let verdict = {
        let secret = &bytes[..end];
        if secret.is_empty() {
            Err(Failure::Empty)
        } else if secret.contains(&0) {
            Err(Failure::Nul)
        } else if secret.iter().any(|b| matches!(b, b'\n' | b'\r')) {
            Err(Failure::LineBreak)
        } else if std::str::from_utf8(secret).is_err() {
            Err(Failure::NotUtf8)
        } else {
            Ok(())
        }
    };
    if let Err(failure) = verdict {
        zeroize::Zeroize::zeroize(&mut bytes);
        return Err(failure);
    }
    bytes.truncate(end);
    // Checked just above: the bytes are UTF-8.
    String::from_utf8(bytes).map(Secret::new).map_err(|e| {
        let mut bytes = e.into_bytes();
        zeroize::Zeroize::zeroize(&mut bytes);
        Failure::NotUtf8
    })
}

/// `TWENV_SECRET_COMMAND_TIMEOUT` in seconds (fractions allowed), default 60.
pub fn timeout() -> Result<Duration, Failure> {
    let Some(value) = std::env::var_os(TIMEOUT_VAR).filter(|v| !v.is_empty()) else {
        return Ok(DEFAULT_TIMEOUT);
    };
    let text = value.to_string_lossy();
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= MAX_TIMEOUT_SECS)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| Failure::BadTimeout(text.into_owned()))
}

/// Stops a command that ran out of time: SIGTERM to it and to the processes
/// it started (found while all are frozen, so none slips away by forking),
/// a moment to clean up (a prompt puts the terminal back), then SIGKILL.
/// Only these PIDs are signalled, never a process group: the command shares
/// twenv's, which is the terminal's foreground group, and stays in it so a
/// prompt on `/dev/tty` works until the end.
fn stop(child: &mut Child) {
    #[cfg(unix)]
    {
        let tree = freeze_tree(child.id());
        signal_all(&tree, libc::SIGTERM);
        signal_all(&tree, libc::SIGCONT);
        let deadline = Instant::now() + GRACE;
        while Instant::now() < deadline && matches!(child.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(5));
        }
        signal_all(&tree, libc::SIGKILL);
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(unix)]
fn signal_all(pids: &[i32], signal: libc::c_int) {
    for &pid in pids {
        // SAFETY: kill(2) with a positive PID signals that one process only.
        unsafe {
            libc::kill(pid, signal);
        }
    }
}

/// The child and its descendants, each stopped with SIGSTOP before its own
/// children are looked for.
#[cfg(unix)]
fn freeze_tree(root: u32) -> Vec<i32> {
    let Ok(root) = i32::try_from(root) else {
        return Vec::new();
    };
    let mut tree = vec![root];
    signal_all(&tree, libc::SIGSTOP);
    // Bounded: a tree that keeps growing while frozen cannot exist, but a
    // PID reused mid-scan must not make this loop forever.
    for _ in 0..64 {
        let new: Vec<i32> = children_of(&tree)
            .into_iter()
            .filter(|pid| !tree.contains(pid))
            .collect();
        if new.is_empty() {
            break;
        }
        signal_all(&new, libc::SIGSTOP);
        tree.extend(new);
    }
    tree
}

/// Processes whose parent is in `parents`, from `/proc` (Linux); elsewhere
/// none are found and only the command itself is stopped.
#[cfg(unix)]
fn children_of(parents: &[i32]) -> Vec<i32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|stat| parent_in_stat(&stat))
                .is_some_and(|ppid| parents.contains(&ppid))
        })
        .collect()
}

/// The parent PID in `/proc/PID/stat`: the second field after the command
/// name, which is in parentheses and may itself hold spaces and `)`.
#[cfg(unix)]
fn parent_in_stat(stat: &str) -> Option<i32> {
    let (_, after_name) = stat.rsplit_once(')')?;
    after_name.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fetched(bytes: &[u8]) -> Result<String, String> {
        secret_from(bytes.to_vec())
            .map(|s| s.expose().to_string())
            .map_err(|f| format!("{f:?}"))
    }

    #[test]
    fn exactly_one_trailing_newline_is_taken_off() {
        assert_eq!(fetched(b"s3cret\n").as_deref(), Ok("s3cret"));
        assert_eq!(fetched(b"s3cret\r\n").as_deref(), Ok("s3cret"));
        assert_eq!(fetched(b"s3cret").as_deref(), Ok("s3cret"));
        assert_eq!(
            fetched(b" a 'b' $c `d` \xc3\xa9 \n").as_deref(),
            Ok(" a 'b' $c `d` é ")
        );
        assert_eq!(fetched(b"s3cret\n\n"), Err("LineBreak".to_string()));
    }

    #[test]
    fn empty_nul_multi_line_and_binary_output_are_refused() {
        for (bytes, want) in [
            (&b""[..], "Empty"),
            (b"\n", "Empty"),
            (b"\r\n", "Empty"),
            (b"a\0b\n", "Nul"),
            (b"line one\nline two\n", "LineBreak"),
            (b"a\rb", "LineBreak"),
            (b"\xff\xfe\n", "NotUtf8"),
        ] {
            assert_eq!(fetched(bytes), Err(want.to_string()), "{bytes:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn the_parent_pid_is_read_past_a_name_with_parentheses() {
        assert_eq!(parent_in_stat("42 (a) b) S 7 42 42 0"), Some(7));
        assert_eq!(parent_in_stat("garbage"), None);
    }
}
