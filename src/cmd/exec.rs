//! `exec [-p ID] -- CMD ARGS…`: run CMD with the credentials' variables set
//! and every other Twilio credential removed (DESIGN §5, §10). On Unix twenv
//! replaces itself with CMD (same PID); Windows has no `exec`, so there twenv
//! starts CMD, waits for it and exits with its status.
//!
//! When CMD cannot be run, the exit status is what `env`, `sudo` and
//! aws-vault give: 127 when it is not found, 126 when it is found but cannot
//! be run (not executable, a directory, a bad `#!` line).

use std::ffi::{OsStr, OsString};
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Context, Resolution};
use crate::cli::ExecArgs;
use crate::error::{Error, Result};
use crate::resolve::Resolved;
use crate::{validate, vars};

const NOT_FOUND: i32 = 127;
const CANNOT_RUN: i32 = 126;

pub fn run(ctx: &Context, args: ExecArgs) -> Result<()> {
    // No command: a shell with the profile, as aws-vault does; its prompt
    // shows the profile (TWENV_PROFILE) wherever the hook is loaded.
    let command = match args.command.is_empty() {
        true => vec![default_shell()],
        false => args.command,
    };
    let (program, rest) = command
        .split_first()
        .ok_or_else(|| Error::usage("which command? `twenv exec -p ID -- CMD [ARGS…]`"))?;
    if let Some(id) = &ctx.global.profile {
        validate::profile_id(id)?;
    }
    // Found before any secret is read, so a typo costs no keyring prompt.
    let path = locate(program)?;
    let Resolution {
        dir,
        config,
        resolved,
    } = ctx.resolve()?;
    // Auth Token credentials in the environment (allowed, and warned about by
    // `resolve`) reach CMD as they are: they are already CMD's environment.
    let changes = match resolved {
        Resolved::EnvAuthToken { .. } => Vec::new(),
        _ => vars::for_resolved(&dir, &config, &resolved)?,
    };
    let mut command = Command::new(&path);
    command.args(rest);
    // The hook tells the twenv binary about itself (TWENV_SHELL, and for
    // `doctor` TWENV_HOOK_BIN, TWENV_ZSH_COMPINIT). A child shell of another
    // kind (fish started from bash) would take TWENV_SHELL as its own and
    // evaluate code for the wrong shell; a `doctor` there would think a hook
    // is loaded where none is.
    for name in crate::shell::HOOK_VARS {
        command.env_remove(name);
    }
    for name in vars::inherited_extras(&config, &changes) {
        command.env_remove(name);
    }
    for change in &changes {
        match &change.value {
            Some(value) => command.env(&change.name, value),
            None => command.env_remove(&change.name),
        };
    }
    hand_over(command, program, &path)
}

/// The shell to start when no command is given: the user's `$SHELL`, else
/// `/bin/sh` (on Windows `%COMSPEC%`, else cmd.exe).
fn default_shell() -> OsString {
    let (var, fallback) = if cfg!(windows) {
        ("COMSPEC", "cmd.exe")
    } else {
        ("SHELL", "/bin/sh")
    };
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| fallback.into())
}

/// Where CMD is: a name is looked up on `PATH`; a path (it has a directory
/// part, `./x.sh`) is taken as it is, as a shell does.
fn locate(program: &OsStr) -> Result<PathBuf> {
    let shown = validate::quote_for_message(&program.to_string_lossy());
    if has_directory(program) {
        let path = PathBuf::from(program);
        return match path.metadata() {
            Ok(_) => Ok(path),
            Err(e) => Err(Error::CannotRun(
                NOT_FOUND,
                format!("cannot run {shown}: {}", plain_io(&e)),
            )),
        };
    }
    which::which(program).map_err(|_| {
        Error::CannotRun(
            NOT_FOUND,
            format!(
                "cannot run {shown}: no such command on PATH ({}); check the name or give its path",
                std::env::var("PATH").unwrap_or_default()
            ),
        )
    })
}

fn has_directory(program: &OsStr) -> bool {
    let text = program.to_string_lossy();
    text.contains('/') || (cfg!(windows) && text.contains('\\'))
}

/// Why the command could not start, with the fix when there is an obvious one.
fn start_failure(path: &Path, e: &io::Error) -> Error {
    let shown = validate::quote_for_message(&path.to_string_lossy());
    let (code, hint) = match e.kind() {
        // ENOENT after the file was found: its `#!` interpreter is missing.
        io::ErrorKind::NotFound => (NOT_FOUND, "; check the interpreter on its #! line"),
        io::ErrorKind::PermissionDenied if path.is_dir() => (CANNOT_RUN, ": it is a directory"),
        io::ErrorKind::PermissionDenied => (
            CANNOT_RUN,
            "; make it executable (chmod +x) or run it through its interpreter",
        ),
        _ => (CANNOT_RUN, ""),
    };
    Error::CannotRun(code, format!("cannot run {shown}: {}{hint}", plain_io(e)))
}

/// An I/O error's text without Rust's "(os error N)" suffix.
fn plain_io(e: &io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    }
}

#[cfg(unix)]
fn hand_over(mut command: Command, program: &OsStr, path: &Path) -> Result<()> {
    use std::os::unix::process::CommandExt;
    // argv[0] as the user wrote it, like a shell does.
    command.arg0(program);
    crate::harden::restore_core_limit();
    // Only returns on failure; on success CMD has this process (same PID).
    let e = command.exec();
    Err(start_failure(path, &e))
}

#[cfg(windows)]
fn hand_over(mut command: Command, _program: &OsStr, path: &Path) -> Result<()> {
    let mut child = command.spawn().map_err(|e| start_failure(path, &e))?;
    // Ctrl-C reaches every process on the console: CMD decides what it means,
    // and twenv stays to pass on CMD's status.
    let _ignoring = crate::signals::IgnoreInterrupts::new();
    let status = child
        .wait()
        .map_err(|e| Error::runtime(format!("waiting for {}: {e}", path.display())))?;
    // Windows always has an exit code (a crash is an NTSTATUS code). Silent:
    // CMD has said what there was to say, even when its status is 0.
    Err(Error::Silent(status.code().unwrap_or(1)))
}
