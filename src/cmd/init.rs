//! `init bash|zsh|fish`: the hook script from `shell/`, with the absolute path
//! of this binary filled in, followed by completion registration (DESIGN §6).

use crate::cli::HookShell;
use crate::error::{Error, Result};
use crate::shell::{self, Shell};
use crate::{complete, ui};

const BASH: &str = include_str!("../../shell/twenv.bash");
const ZSH: &str = include_str!("../../shell/twenv.zsh");
const FISH: &str = include_str!("../../shell/twenv.fish");

/// The word in the templates that stands for the binary.
const BIN_PLACEHOLDER: &str = "__TWENV_BIN__";

pub fn run(hook: HookShell) -> Result<()> {
    let bin = std::env::current_exe()
        .map_err(|e| Error::runtime(format!("cannot find the path of the twenv binary: {e}")))?;
    let bin_text = bin.to_str().ok_or_else(|| {
        Error::runtime(format!(
            "the path of the twenv binary is not valid UTF-8 ({}); install it under a plain path",
            bin.display()
        ))
    })?;
    let (template, shell) = match hook {
        HookShell::Bash => (BASH, Shell::Bash),
        HookShell::Zsh => (ZSH, Shell::Zsh),
        HookShell::Fish => (FISH, Shell::Fish),
    };
    let mut script = template.replace(BIN_PLACEHOLDER, &shell::quote(shell, bin_text));
    script.push_str(&complete::register_script(hook, &bin));
    ui::print_stdout(&script)
}
