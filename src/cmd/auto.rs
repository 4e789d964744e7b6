//! `use --pin FILE`: what the hooks run when the pin that applies changed
//! (DESIGN §11). The hook found FILE with builtins; this checks it as the
//! resolution order does and prints the same code as `use ID`, or, for a pin
//! that cannot be applied, a note and (with `--pin-restore`) the `unuse` code.
//! Either way the code ends by recording in the shell which profile the pin
//! put in effect, so a later manual `use`/`unuse` can be told apart.

use std::path::Path;

use super::Context;
use crate::cli::PinUseArgs;
use crate::error::Result;
use crate::pin::{self, Lookup, PinFile};
use crate::shell::{self, Shell};
use crate::{ui, vars};

pub fn run(ctx: &Context, shell: Shell, args: &PinUseArgs, file: &Path) -> Result<()> {
    super::r#use::refuse_terminal(shell, "use", "--pin FILE")?;
    // Checked before anything is read, so a shell without hook support gets a plain error.
    shell::render_auto_state(shell, None)?;
    let dir = ctx.config_dir()?;
    let config = dir.load_for_reading()?;
    let file = PinFile::at(file);
    let state = file.state(&dir);
    let lookup = Lookup { file, state };
    let code = match pin::usable(&lookup, &config) {
        Ok(id) => {
            let changes = vars::for_profile(&dir, &id, config.profile(&id)?)?;
            let inherited = vars::inherited_extras(&config, &changes);
            let mut code = shell::render_use(
                shell,
                &format!(
                    "twenv: switch this {} shell to profile '{id}' (pinned)",
                    shell.name()
                ),
                &changes,
                &inherited,
            )?;
            code.push_str(&shell::render_auto_state(shell, Some(&id))?);
            ui::info(format!("twenv: using {id} ({})", lookup.file.display()));
            code
        }
        Err(why) => {
            if !args.pin_quiet {
                ui::warn(format!("skipping the directory's pin: {why}"));
            }
            let mut code = if args.pin_restore {
                // The pin being left switched this shell, so its bookkeeping is there.
                shell::render_unuse(shell, None)?
            } else {
                String::new()
            };
            code.push_str(&shell::render_auto_state(shell, None)?);
            code
        }
    };
    ui::print_stdout(&code)
}
