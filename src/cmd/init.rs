//! `init bash|zsh|fish`: the hook script from `shell/`, with the absolute path
//! of this binary filled in, followed by completion registration (DESIGN §6).

use crate::error::{Error, Result};
use crate::shell::{self, Shell};
use crate::ui;

pub fn run(shell: Shell, auto: bool, use_active: bool) -> Result<()> {
    let bin = std::env::current_exe()
        .map_err(|e| Error::runtime(format!("cannot find the path of the twenv binary: {e}")))?;
    let bin = bin.to_str().ok_or_else(|| {
        Error::runtime(format!(
            "the path of the twenv binary is not valid UTF-8 ({}); install it under a plain path",
            bin.display()
        ))
    })?;
    let mut script = shell::hook(shell, bin, auto)
        .ok_or_else(|| Error::usage(format!("twenv has no hook for {}", shell.name())))?;
    if use_active {
        script.push_str(shell::use_active(shell).ok_or_else(|| {
            Error::usage(format!(
                "--use-active is for bash, zsh and fish; in {} run `twenv use ID` in your config",
                shell.name()
            ))
        })?);
    }
    ui::print_stdout(&script)
}
