//! `unpin [DIR]`: remove DIR/.twenv-profile and its trust (DESIGN §11).

use std::path::Path;

use super::Context;
use crate::config::{ConfigError, FileError};
use crate::error::{Error, Result};
use crate::pin::{self, PinFile};
use crate::ui;

pub fn run(ctx: &Context, dir: Option<&Path>) -> Result<()> {
    let config_dir = ctx.config_dir()?;
    let file = PinFile::in_dir(&pin::dir_argument(dir)?);
    match std::fs::symlink_metadata(&file.path) {
        Err(_) => {
            return Err(Error::runtime(format!(
                "there is no {} to remove (`twenv current` shows which pin applies here)",
                file.display()
            )));
        }
        Ok(meta) if meta.is_dir() => {
            return Err(Error::usage(format!(
                "{} is a directory, not a pin; twenv leaves it alone",
                file.display()
            )));
        }
        Ok(_) => {}
    }
    // Trust goes first: a file that outlives a failed removal is then untrusted.
    pin::deny(&config_dir, &file.path)?;
    std::fs::remove_file(&file.path)
        .map_err(|e| ConfigError::from(FileError::new("cannot remove", &file.path, e)))?;
    ui::info(format!("Removed {} and its trust.", file.display()));
    Ok(())
}
