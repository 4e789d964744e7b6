//! `allow [DIR]`: trust the pin file that applies in DIR, exactly as it is (DESIGN §11).

use std::path::Path;

use super::Context;
use crate::error::{Error, Result};
use crate::pin;
use crate::ui;

pub fn run(ctx: &Context, dir: Option<&Path>) -> Result<()> {
    let config_dir = ctx.config_dir()?;
    let start = pin::dir_argument(dir)?;
    let file = pin::find(&start).ok_or_else(|| no_pin(&start))?;
    let bytes = file.read().map_err(Error::usage)?;
    let id =
        pin::parse(&bytes).map_err(|why| Error::usage(format!("{}: {why}", file.display())))?;
    pin::allow(&config_dir, &file.path, &bytes)?;
    ui::info(format!("Trusted {} (profile '{id}').", file.display()));
    if !config_dir.load_for_reading()?.profiles.contains_key(&id) {
        ui::warn(format!(
            "there is no profile '{id}' yet; `twenv login -p {id}` creates it"
        ));
    }
    Ok(())
}

pub fn no_pin(start: &Path) -> Error {
    Error::runtime(format!(
        "no {} in {} or any directory above it; `twenv pin ID` writes one",
        pin::PIN_FILE,
        start.display()
    ))
}
