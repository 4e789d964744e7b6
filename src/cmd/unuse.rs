//! `unuse` / `deactivate`: shell code that puts back what `use` changed.

use super::Context;
use crate::cli::ShellArgs;
use crate::error::Result;
use crate::shell::{self, Inherited, Shell};
use crate::{ui, validate, vars};

pub fn run(ctx: &Context, args: ShellArgs) -> Result<()> {
    let shell = Shell::resolve(args.shell)?;
    super::r#use::refuse_terminal(shell, "unuse", "")?;
    // What a shell without bookkeeping carries from its parent: the profile in
    // TWENV_PROFILE and the variables a `use` of it exports. Its extras come
    // from the config; when that cannot be read, the credentials still go.
    let id = std::env::var("TWENV_PROFILE")
        .ok()
        .filter(|id| validate::is_profile_id(id));
    let names = id.as_deref().map(|id| {
        let config = ctx
            .config_dir()
            .ok()
            .and_then(|dir| dir.load_for_reading().ok());
        vars::profile_names(config.as_ref(), id)
    });
    let inherited = id
        .as_deref()
        .zip(names.as_deref())
        .map(|(id, names)| Inherited { id, names });
    ui::print_stdout(&shell::render_unuse(shell, inherited)?)
}
