//! Human messages (always stderr) and questions asked on a terminal.

use std::borrow::Cow;
use std::io::{self, BufRead, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::{Error, Result};

static QUIET: AtomicBool = AtomicBool::new(false);

pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Text made safe for a terminal: every control character — C0, DEL, C1 and
/// so ESC and CSI — is shown as an escape (`\x1b`, `\u{9b}`), so text from
/// Twilio's server, a hand-edited config or the environment cannot move the
/// cursor, retitle the window or fake a prompt. `lines` keeps line breaks and
/// tabs (a message of several lines); a table cell escapes them too.
/// The one function every message and table cell goes through.
pub fn printable(text: &str, lines: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && !(lines && matches!(c, '\n' | '\t'));
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !unsafe_char(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

/// A message on stderr, through `printable`.
pub fn message(text: &str) {
    eprintln!("{}", printable(text, true));
}

/// An informational message; `-q` silences it.
pub fn info(msg: impl AsRef<str>) {
    if !QUIET.load(Ordering::Relaxed) {
        message(msg.as_ref());
    }
}

/// A warning: shown even with `-q`, since it means something may be wrong.
pub fn warn(msg: impl AsRef<str>) {
    message(&format!("twenv: warning: {}", msg.as_ref()));
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
    eprint!("{} [y/N] ", printable(question, true));
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
    let line = zeroize::Zeroizing::new(line);
    let text = line.strip_suffix('\n').unwrap_or(&line);
    let text = text.strip_suffix('\r').unwrap_or(text);
    if text.is_empty() {
        return Err(Error::usage(format!(
            "no {what} on stdin: pipe it in, e.g. `pass show twilio | twenv …`"
        )));
    }
    // The copy is what the caller keeps (and wipes); the read buffer is wiped here.
    Ok(text.to_string())
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
    eprint!("{}", printable(prompt, true));
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
    let answer =
        zeroize::Zeroizing::new(rpassword::prompt_password(prompt).map_err(
            |e| match e.kind() {
                io::ErrorKind::UnexpectedEof => end_of_input(),
                _ => Error::runtime(format!("cannot read from the terminal: {e}")),
            },
        )?);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert!(matches!(printable("plain é 日本", false), Cow::Borrowed(_)));
        assert_eq!(
            printable("a\x1b]0;pwned\x07b\u{9b}31m\x7f\r", true),
            "a\\x1b]0;pwned\\x07b\\u{9b}31m\\x7f\\r"
        );
        assert_eq!(printable("one\ntwo\tx", true), "one\ntwo\tx");
        assert_eq!(printable("one\ntwo\tx", false), "one\\ntwo\\tx");
    }
}
