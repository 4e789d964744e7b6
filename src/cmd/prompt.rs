//! `prompt`: this shell's profile, for prompt tools that run a command. Prints
//! exactly what the hooks' `twenv_prompt_info` prints: the profile and a newline,
//! or nothing.

use crate::error::Result;
use crate::ui;

pub fn run() -> Result<()> {
    match std::env::var_os("TWENV_PROFILE") {
        Some(profile) if !profile.is_empty() => {
            ui::print_stdout(&format!("{}\n", profile.to_string_lossy()))
        }
        _ => Ok(()),
    }
}
