//! Shell code rendering (DESIGN §5): one renderer per shell behind one interface.
//!
//! A `use` is rendered as three steps, each written by the shell's own module:
//! 1. `restore`: if an earlier `use` ran in this shell, put back every variable it
//!    changed, exactly as it was before (value, or unset);
//! 2. `save`: remember the current state of every variable this `use` changes, in
//!    non-exported shell variables (`__twenv_saved` lists the names,
//!    `__twenv_old_NAME` holds a value that was set);
//! 3. `export` / `unset` each variable.
//!
//! The binary cannot see non-exported shell variables, so this bookkeeping lives
//! in the emitted code, which looks at the shell's own state when it runs.
//! Switching profiles therefore leaves nothing stale, and `unuse` (step 1 alone)
//! returns the shell to where it was before the first `use`.
//!
//! Nushell has no `eval`: its renderer (`nu`) prints the same steps as a
//! record, which the module from `twenv init nu` applies.

mod auto;
mod fish;
mod nu;
mod posix;
mod powershell;

use clap::ValueEnum;

pub use auto::render_auto_state;

use crate::error::{Error, Result};
use crate::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Posix,
    Powershell,
    /// Nushell: `use`/`unuse` print a record for the module, not code (see `nu`).
    Nu,
}

/// One variable a `use` changes: exported with a value, or unset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub name: String,
    pub value: Option<String>,
}

/// A value may be the API secret: wiped from memory when dropped.
impl Drop for Change {
    fn drop(&mut self) {
        if let Some(value) = &mut self.value {
            zeroize::Zeroize::zeroize(value);
        }
    }
}

impl Change {
    pub fn export(name: impl Into<String>, value: impl Into<String>) -> Self {
        Change {
            name: name.into(),
            value: Some(value.into()),
        }
    }

    pub fn unset(name: impl Into<String>) -> Self {
        Change {
            name: name.into(),
            value: None,
        }
    }
}

/// What differs per shell. Names passed in are valid environment names
/// (checked by `render_use`), so only values need quoting.
trait Syntax {
    /// Code that comes first: it switches off what would export or show the
    /// code's assignments (POSIX `set -a`), remembering it for `end`.
    fn begin(&self) -> String {
        String::new()
    }
    /// Code that comes last: puts back what `begin` switched off.
    fn end(&self) -> String {
        String::new()
    }
    /// Code that undoes an earlier `use` in this shell, if there was one, and
    /// clears the bookkeeping; in a shell without it, `otherwise` (complete
    /// lines, may be empty) runs instead.
    fn restore(&self, otherwise: &str) -> String;
    /// Code that prints `text` as a message on stderr.
    fn note(&self, text: &str) -> String;
    /// Code that records the current state of `names` (after `restore`).
    fn save(&self, names: &[&str]) -> String;
    fn export(&self, name: &str, value: &str) -> String;
    fn unset(&self, name: &str) -> String;
    /// Code that notes whether this shell has no bookkeeping yet (before `restore`).
    fn mark_first_use(&self) -> String;
    /// `body` (complete lines) run only when `mark_first_use` noted a first use;
    /// the note is removed.
    fn if_first_use(&self, body: &str) -> String;
}

impl Shell {
    /// The code renderer; `None` for Nushell, which gets data instead.
    fn syntax(self) -> Option<&'static dyn Syntax> {
        match self {
            Shell::Bash => Some(&posix::BASH),
            Shell::Zsh => Some(&posix::ZSH),
            Shell::Posix => Some(&posix::SH),
            Shell::Fish => Some(&fish::Fish),
            Shell::Powershell => Some(&powershell::PowerShell),
            Shell::Nu => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Shell::Bash => "bash",
            Shell::Zsh => "zsh",
            Shell::Fish => "fish",
            Shell::Posix => "posix",
            Shell::Powershell => "powershell",
            Shell::Nu => "nu",
        }
    }

    /// A shell from a program or setting name (`-bash`, `dash`, `pwsh`, …).
    pub fn from_program(name: &str) -> Option<Shell> {
        let name = name.trim().trim_start_matches('-');
        let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
        // Windows program names (`bash.exe`, `PowerShell.exe`) ignore case.
        let windows_name = name
            .len()
            .checked_sub(4)
            .and_then(|cut| Some((name.get(..cut)?, name.get(cut..)?)))
            .filter(|(_, ext)| ext.eq_ignore_ascii_case(".exe"))
            .map(|(stem, _)| stem.to_ascii_lowercase());
        let name = windows_name.as_deref().unwrap_or(name);
        match name {
            "bash" => Some(Shell::Bash),
            "zsh" => Some(Shell::Zsh),
            "fish" => Some(Shell::Fish),
            "posix" | "sh" | "dash" | "ash" | "ksh" | "mksh" => Some(Shell::Posix),
            "powershell" | "pwsh" | "powershell.exe" | "pwsh.exe" => Some(Shell::Powershell),
            "nu" | "nu.exe" => Some(Shell::Nu),
            _ => None,
        }
    }

    /// DESIGN §5: `--shell`, else `$TWENV_SHELL` (set by the hook), else the
    /// shell that started twenv, else `posix`.
    pub fn resolve(flag: Option<Shell>) -> Result<Shell> {
        if let Some(shell) = flag {
            return Ok(shell);
        }
        if let Some(value) = std::env::var_os("TWENV_SHELL").filter(|v| !v.is_empty()) {
            let value = value.to_string_lossy();
            return Shell::from_program(&value).ok_or_else(|| {
                Error::usage(format!(
                    "TWENV_SHELL is {}, which is not a shell twenv knows; \
                     use bash, zsh, fish, nu, posix or powershell (or pass --shell)",
                    crate::validate::quote_for_message(&value)
                ))
            });
        }
        Ok(parent_shell().unwrap_or(Shell::Posix))
    }
}

/// What a hook passes to each call of the binary about itself; never for
/// the binary's own children.
pub const HOOK_VARS: [&str; 3] = ["TWENV_SHELL", "TWENV_HOOK_BIN", "TWENV_ZSH_COMPINIT"];

/// The word in the templates of `shell/` that stands for the binary.
const BIN_PLACEHOLDER: &str = "__TWENV_BIN__";

/// The shells `twenv init` has a hook for, as clap values.
pub fn hook_shell_parser() -> impl clap::builder::TypedValueParser<Value = Shell> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(["bash", "zsh", "fish", "nu"])
        // Invariant: every possible value above is a name `from_program` knows.
        .map(|name: String| Shell::from_program(&name).expect("a hook shell's name"))
}

impl Shell {
    /// The hook script and the completion registration of `shell/`, in
    /// this shell's syntax, for a shell that has a hook.
    fn templates(self) -> Option<(&'static str, &'static str)> {
        match self {
            Shell::Bash => Some((
                include_str!("../../shell/twenv.bash"),
                include_str!("../../shell/complete.bash"),
            )),
            Shell::Zsh => Some((
                include_str!("../../shell/twenv.zsh"),
                include_str!("../../shell/complete.zsh"),
            )),
            Shell::Fish => Some((
                include_str!("../../shell/twenv.fish"),
                include_str!("../../shell/complete.fish"),
            )),
            // The module names its completer in its own signature: no registration.
            Shell::Nu => Some((include_str!("../../shell/twenv.nu"), "")),
            Shell::Posix | Shell::Powershell => None,
        }
    }

    /// The file where the user loads the hook.
    pub fn rc_file(self) -> &'static str {
        match self {
            Shell::Bash | Shell::Posix => "~/.bashrc",
            Shell::Zsh => "~/.zshrc",
            Shell::Fish => "~/.config/fish/config.fish",
            Shell::Powershell => "$PROFILE",
            Shell::Nu => "~/.config/nushell/config.nu",
        }
    }

    /// The line of the rc file that loads the hook.
    pub fn hook_line(self) -> String {
        match self {
            Shell::Fish => "twenv init fish | source".to_string(),
            Shell::Zsh => r#"eval "$(twenv init zsh)""#.to_string(),
            Shell::Powershell => "(no PowerShell hook yet)".to_string(),
            Shell::Nu => "twenv init nu | save -f ~/.config/nushell/twenv.nu, and \
                         `use ~/.config/nushell/twenv.nu *` in ~/.config/nushell/config.nu"
                .to_string(),
            Shell::Bash | Shell::Posix => r#"eval "$(twenv init bash)""#.to_string(),
        }
    }

    /// How this shell evaluates the code `twenv ARGS` prints, without the hook.
    pub fn eval_line(self, args: &str) -> String {
        match self {
            Shell::Fish => format!("twenv {args} | source"),
            Shell::Powershell => {
                format!("twenv {args} --shell powershell | Out-String | Invoke-Expression")
            }
            Shell::Bash | Shell::Zsh | Shell::Posix => format!(r#"eval "$(twenv {args})""#),
            // Nushell has no eval: only the module applies what `use` prints.
            Shell::Nu => format!("twenv {args} (with the module of `twenv init nu` loaded)"),
        }
    }
}

/// `twenv init SHELL`: the hook, automatic switching on `cd` unless `auto`
/// is false (`--no-auto`), then completion registration, calling the binary
/// at `bin`; `None` for a shell without a hook.
pub fn hook(shell: Shell, bin: &str, auto: bool) -> Option<String> {
    let (hook, _) = shell.templates()?;
    let mut script = fill(hook, shell, bin);
    if auto && let Some(switching) = auto::template(shell) {
        script.push_str(switching);
    }
    script.push_str(&completion_registration(shell, bin)?);
    Some(script)
}

/// What `init --use-active` appends to the hook: it runs once, when the rc
/// file is sourced, through the hook's own `twenv` function.
pub fn use_active(shell: Shell) -> Option<&'static str> {
    match shell {
        Shell::Bash | Shell::Zsh => Some(include_str!("../../shell/use-active.sh")),
        Shell::Fish => Some(include_str!("../../shell/use-active.fish")),
        Shell::Nu | Shell::Posix | Shell::Powershell => None,
    }
}

/// The code that registers dynamic completion (also what `COMPLETE=SHELL
/// twenv` prints); `None` for a shell without a hook.
pub fn completion_registration(shell: Shell, bin: &str) -> Option<String> {
    let (_, completion) = shell.templates()?;
    Some(fill(completion, shell, bin))
}

fn fill(template: &str, shell: Shell, bin: &str) -> String {
    template.replace(BIN_PLACEHOLDER, &quote(shell, bin))
}

/// The shell that started this process, from its parent's program name.
fn parent_shell() -> Option<Shell> {
    Shell::from_program(&parent_program()?)
}

#[cfg(target_os = "linux")]
fn parent_program() -> Option<String> {
    let ppid = std::os::unix::process::parent_id();
    std::fs::read_to_string(format!("/proc/{ppid}/comm")).ok()
}

/// macOS has no /proc: the kernel names the parent's executable.
#[cfg(target_os = "macos")]
fn parent_program() -> Option<String> {
    let ppid = std::os::unix::process::parent_id();
    let mut buf = vec![0u8; libc::PROC_PIDPATHINFO_MAXSIZE as usize];
    // SAFETY: the buffer is writable for the length passed; the call writes
    // at most that many bytes and returns how many.
    let len = unsafe {
        libc::proc_pidpath(
            ppid as libc::c_int,
            buf.as_mut_ptr().cast(),
            buf.len() as u32,
        )
    };
    let len = usize::try_from(len).ok().filter(|n| *n > 0)?;
    buf.truncate(len);
    String::from_utf8(buf).ok()
}

/// Windows: the parent's executable name from a snapshot of the process
/// list (`pwsh.exe`, `powershell.exe`, `bash.exe`).
#[cfg(windows)]
fn parent_program() -> Option<String> {
    use windows_sys::Win32::Foundation::{CloseHandle, INVALID_HANDLE_VALUE};
    use windows_sys::Win32::System::Diagnostics::ToolHelp::{
        CreateToolhelp32Snapshot, PROCESSENTRY32W, Process32FirstW, Process32NextW,
        TH32CS_SNAPPROCESS,
    };
    let processes = {
        // SAFETY: a snapshot of the process list; closed below.
        let snapshot = unsafe { CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0) };
        if snapshot == INVALID_HANDLE_VALUE {
            return None;
        }
        let mut list = Vec::new();
        // SAFETY: PROCESSENTRY32W is plain data; dwSize tells the system its size.
        let mut entry: PROCESSENTRY32W = unsafe { std::mem::zeroed() };
        entry.dwSize = std::mem::size_of::<PROCESSENTRY32W>() as u32;
        // SAFETY: `entry` is valid and sized; the snapshot handle is open.
        let mut more = unsafe { Process32FirstW(snapshot, &mut entry) } != 0;
        while more {
            let name_len = entry.szExeFile.iter().position(|c| *c == 0).unwrap_or(0);
            let name = String::from_utf16_lossy(&entry.szExeFile[..name_len]);
            list.push((entry.th32ProcessID, entry.th32ParentProcessID, name));
            // SAFETY: as above.
            more = unsafe { Process32NextW(snapshot, &mut entry) } != 0;
        }
        // SAFETY: the handle came from CreateToolhelp32Snapshot and is closed once.
        unsafe { CloseHandle(snapshot) };
        list
    };
    let me = std::process::id();
    let parent = processes.iter().find(|(pid, _, _)| *pid == me)?.1;
    processes
        .into_iter()
        .find(|(pid, _, _)| *pid == parent)
        .map(|(_, _, name)| name)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
fn parent_program() -> Option<String> {
    None
}

/// Code that switches a shell to `changes` (see the module comment).
///
/// `inherited` names variables of the profile this process inherited in
/// `TWENV_PROFILE` that `changes` does not cover. A shell that got them from its
/// parent (a subshell, a tmux pane) has no bookkeeping of them, so on its first
/// `use` they are saved and unset like the rest instead of being left stale.
///
/// A value no shell variable or environment can hold (a NUL byte, an entry
/// over 128 KiB) is refused (exit 2).
pub fn render_use(
    shell: Shell,
    header: &str,
    changes: &[Change],
    inherited: &[String],
) -> Result<String> {
    for name in inherited {
        validate::env_name(name)?;
    }
    for change in changes {
        validate::env_name(&change.name)?;
        if let Some(value) = &change.value {
            validate::env_value(&change.name, value)?;
        }
    }
    let inherited: Vec<&str> = inherited
        .iter()
        .map(String::as_str)
        .filter(|name| !changes.iter().any(|c| c.name == *name))
        .collect();
    let Some(syntax) = shell.syntax() else {
        return Ok(nu::render_use(header, changes, &inherited));
    };
    let names: Vec<&str> = changes
        .iter()
        .map(|c| c.name.as_str())
        .chain(inherited.iter().copied())
        .collect();
    let mut out = format!("# {header}\n");
    out.push_str(&syntax.begin());
    if !inherited.is_empty() {
        out.push_str(&syntax.mark_first_use());
    }
    out.push_str(&syntax.restore(""));
    out.push_str(&syntax.save(&names));
    for change in changes {
        out.push_str(&match &change.value {
            Some(value) => syntax.export(&change.name, value),
            None => syntax.unset(&change.name),
        });
    }
    if !inherited.is_empty() {
        let unsets: String = inherited.iter().map(|name| syntax.unset(name)).collect();
        out.push_str(&syntax.if_first_use(&unsets));
    }
    out.push_str(&syntax.end());
    Ok(out)
}

/// A profile this shell carries without bookkeeping of it: it came from the
/// parent shell in `TWENV_PROFILE` (a subshell, a tmux pane, `twenv exec`).
pub struct Inherited<'a> {
    pub id: &'a str,
    /// Every variable a `use` of it exported.
    pub names: &'a [String],
}

/// Code that undoes `use` in this shell: every variable back as it was. In a
/// shell that never ran `use`, it removes an `inherited` profile's variables
/// (the parent's state before its `use` is out of reach) or says there is
/// nothing to undo; either way on stderr, and it succeeds.
pub fn render_unuse(shell: Shell, inherited: Option<Inherited<'_>>) -> Result<String> {
    let header = "twenv: undo `twenv use` in this shell";
    // Nushell applies data, not code; its module keeps its own bookkeeping.
    let Some(syntax) = shell.syntax() else {
        return Ok(nu::render_unuse(header));
    };
    let otherwise = match inherited {
        Some(Inherited { id, names }) => {
            for name in names {
                validate::env_name(name)?;
            }
            let mut code: String = names.iter().map(|name| syntax.unset(name)).collect();
            code.push_str(&syntax.note(&format!(
                "twenv: this shell inherited profile '{id}' from the shell that started it; \
                 removed its variables (what they were before that shell's `twenv use` \
                 cannot be restored from here)"
            )));
            code
        }
        None => syntax.note("twenv: nothing to undo: `twenv use` has not changed this shell"),
    };
    Ok(format!(
        "# {header}\n{}{}{}",
        syntax.begin(),
        syntax.restore(&otherwise),
        syntax.end()
    ))
}

/// A string as one literal word of a hook script (`init` fills in the binary's path).
pub fn quote(shell: Shell, value: &str) -> String {
    match shell {
        Shell::Bash | Shell::Zsh | Shell::Posix => posix::quote(value),
        Shell::Fish => fish::quote(value),
        Shell::Powershell => powershell::quote(value),
        Shell::Nu => nu::quote(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn program_names() {
        assert_eq!(Shell::from_program("-bash\n"), Some(Shell::Bash));
        assert_eq!(Shell::from_program("/usr/bin/zsh"), Some(Shell::Zsh));
        assert_eq!(Shell::from_program("dash"), Some(Shell::Posix));
        assert_eq!(Shell::from_program("pwsh"), Some(Shell::Powershell));
        assert_eq!(Shell::from_program("/usr/bin/nu"), Some(Shell::Nu));
        assert_eq!(Shell::from_program("cargo"), None);
        assert_eq!(
            Shell::from_program("PowerShell.exe"),
            Some(Shell::Powershell)
        );
        assert_eq!(
            Shell::from_program(r"C:\Program Files\Git\bin\bash.exe"),
            Some(Shell::Bash)
        );
        assert_eq!(Shell::from_program("cargo.exe"), None);
    }

    #[test]
    fn nul_is_refused_with_exit_2() {
        let err = render_use(Shell::Bash, "x", &[Change::export("A", "a\0b")], &[]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("NUL"), "{err}");
    }

    #[test]
    fn bad_names_are_refused() {
        let err = render_use(Shell::Fish, "x", &[Change::unset("A;B")], &[]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }
}
