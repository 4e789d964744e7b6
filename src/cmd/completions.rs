//! `completions SHELL`: the static completion script (DESIGN §7), generated
//! from the clap definition; `completions/` in the repository holds copies.

use crate::error::Result;
use crate::{complete, ui};

pub fn run(shell: clap_complete::Shell) -> Result<()> {
    let script = complete::static_script(shell);
    ui::print_stdout(&String::from_utf8_lossy(&script))
}
