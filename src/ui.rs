//! Human messages (always stderr) and questions asked on a terminal.

use std::io::{self, BufRead, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::{Error, Result};

static QUIET: AtomicBool = AtomicBool::new(false);

pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// An informational message; `-q` silences it.
pub fn info(msg: impl AsRef<str>) {
    if !QUIET.load(Ordering::Relaxed) {
        eprintln!("{}", msg.as_ref());
    }
}

/// A warning: shown even with `-q`, since it means something may be wrong.
pub fn warn(msg: impl AsRef<str>) {
    eprintln!("twenv: warning: {}", msg.as_ref());
}

/// `…` where the locale can show it, else `..` (a C locale shows the bytes
/// of a multibyte character as escapes).
pub fn ellipsis() -> &'static str {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .into_iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
        .unwrap_or_default()
        .to_ascii_lowercase();
    if locale.contains("utf-8") || locale.contains("utf8") {
        "…"
    } else {
        ".."
    }
}

/// Whether a person can answer a question: stdin and stderr are both terminals.
pub fn interactive() -> bool {
    io::stdin().is_terminal() && io::stderr().is_terminal()
}

/// Asks a yes/no question on the terminal. Without one (DESIGN §1) it
/// refuses with exit 2 and `refusal`, which names the flag that answers it.
pub fn confirm(question: &str, refusal: &str) -> Result<bool> {
    if !interactive() {
        return Err(Error::usage(format!("{refusal} (no terminal to ask on)")));
    }
    eprint!("{question} [y/N] ");
    let _ = io::stderr().flush();
    let mut answer = String::new();
    io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| Error::runtime(format!("cannot read the answer: {e}")))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes" | "YES"))
}

/// Reads one line from stdin (for `--…-stdin` options), without its line ending.
pub fn read_stdin_line(what: &str) -> Result<String> {
    let mut line = String::new();
    io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::runtime(format!("cannot read the {what} from stdin: {e}")))?;
    let line = line.strip_suffix('\n').unwrap_or(&line);
    let line = line.strip_suffix('\r').unwrap_or(line);
    if line.is_empty() {
        return Err(Error::usage(format!(
            "no {what} on stdin: pipe it in, e.g. `pass show twilio | twenv …`"
        )));
    }
    Ok(line.to_string())
}

/// Writes a command's result to stdout; a closed pipe is not an error worth a panic.
pub fn print_stdout(text: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // The reader closed the pipe (`| head`): it had what it wanted.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Err(Error::Silent(0)),
        Err(e) => Err(Error::runtime(format!("cannot write to stdout: {e}"))),
    }
}

/// Asks for one line on the terminal (the prompt on stderr). End of input is
/// an error, so a closed terminal never loops.
pub fn ask(prompt: &str) -> Result<String> {
    eprint!("{prompt}");
    let _ = io::stderr().flush();
    let mut line = String::new();
    let read = io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::runtime(format!("cannot read the answer: {e}")))?;
    if read == 0 {
        return Err(end_of_input());
    }
    Ok(line.trim().to_string())
}

/// Ctrl-D at any question: the same answer, whether the question hides the
/// typing or not.
fn end_of_input() -> Error {
    Error::usage("no answer (end of input); nothing was changed")
}

/// Asks for a secret on the terminal itself (not stdin) with echo turned off,
/// so it appears neither on screen nor in a terminal recording.
pub fn ask_hidden(prompt: &str) -> Result<String> {
    let answer = rpassword::prompt_password(prompt).map_err(|e| match e.kind() {
        io::ErrorKind::UnexpectedEof => end_of_input(),
        _ => Error::runtime(format!("cannot read from the terminal: {e}")),
    })?;
    Ok(answer.trim().to_string())
}

/// A secret for a `--…-stdin` option: one line from stdin, or, when stdin is
/// a terminal after all, asked for with echo off so it never shows.
pub fn read_secret_stdin(what: &str) -> Result<String> {
    if io::stdin().is_terminal() {
        ask_hidden(&format!("{what} (hidden): "))
    } else {
        read_stdin_line(what)
    }
}
