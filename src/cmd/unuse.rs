//! `unuse` / `deactivate`: shell code that puts back what `use` changed.

use super::Context;
use crate::cli::ShellArgs;
use crate::error::Result;
use crate::shell::{self, Shell};
use crate::ui;

pub fn run(_ctx: &Context, args: ShellArgs) -> Result<()> {
    let shell = Shell::resolve(args.shell)?;
    super::r#use::refuse_terminal(shell, "unuse", "")?;
    ui::print_stdout(&shell::render_unuse(shell))
}
