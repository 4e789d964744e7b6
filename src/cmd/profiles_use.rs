//! `use --global ID` / `profiles:use ID`: the persistent active profile.

use super::Context;
use crate::error::Result;
use crate::ui;

pub fn run(ctx: &Context, id: Option<String>) -> Result<()> {
    let id = ctx.profile_id(id, "use --global")?;
    let dir = ctx.config_dir()?;
    dir.update(|config| {
        config.profile(&id)?;
        config.active = Some(id.clone());
        Ok(())
    })?;
    ui::info(format!(
        "'{id}' is now the active profile. It applies where neither `-p` nor TWILIO_* \
         variables (e.g. from `twenv use`) are in effect: `twenv exec`, `export`, \
         `current`. New shells get nothing from it unless their hook loads it: \
         `twenv init SHELL --use-active` in the rc file switches each new shell to it."
    ));
    Ok(())
}
