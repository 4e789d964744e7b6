//! `deny [DIR]`: withdraw trust of the pin file that applies in DIR (DESIGN §11).

use std::path::Path;

use super::Context;
use crate::error::Result;
use crate::{pin, ui};

pub fn run(ctx: &Context, dir: Option<&Path>) -> Result<()> {
    let config_dir = ctx.config_dir()?;
    let start = pin::dir_argument(dir)?;
    let file = pin::find(&start).ok_or_else(|| super::allow::no_pin(&start))?;
    pin::deny(&config_dir, &file.path)?;
    ui::info(format!(
        "{} is no longer trusted; `twenv allow` trusts it again.",
        file.display()
    ));
    Ok(())
}
