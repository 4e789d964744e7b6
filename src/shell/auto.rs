//! The hooks' own state for automatic switching (DESIGN §11): which profile
//! the pin that applies switched the shell to, in a non-exported variable
//! that a manual `use`/`unuse` leaves alone, so the hook can tell the two apart.

use super::Shell;
use crate::error::{Error, Result};

/// Code that records the profile a pin switched this shell to (`None`: no pin
/// is in effect). Only the hook shells have automatic switching.
pub fn render_auto_state(shell: Shell, profile: Option<&str>) -> Result<String> {
    let value = super::quote(shell, profile.unwrap_or_default());
    match shell {
        Shell::Bash | Shell::Zsh => Ok(format!("__twenv_auto_profile={value}\n")),
        Shell::Fish => Ok(format!("set -g __twenv_auto_profile {value}\n")),
        // The module records it itself from the record it applies: a `use`
        // record is the pin's profile, an `unuse` record or none is no pin.
        Shell::Nu => Ok(String::new()),
        Shell::Posix | Shell::Powershell => Err(Error::usage(format!(
            "automatic switching (`use --pin`) is for the bash, zsh, fish and nu hooks, not {}",
            shell.name()
        ))),
    }
}

/// Automatic switching for a hook shell (`shell/auto.*`), appended to its hook
/// by `init` unless `--no-auto`; it calls the `twenv` function the hook defines.
pub fn template(shell: Shell) -> Option<&'static str> {
    match shell {
        Shell::Bash => Some(include_str!("../../shell/auto.bash")),
        Shell::Zsh => Some(include_str!("../../shell/auto.zsh")),
        Shell::Fish => Some(include_str!("../../shell/auto.fish")),
        Shell::Nu => Some(include_str!("../../shell/auto.nu")),
        Shell::Posix | Shell::Powershell => None,
    }
}
