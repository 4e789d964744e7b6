//! `pin ID [DIR]`: write DIR/.twenv-profile naming ID, atomically, and trust it (DESIGN §11).

use std::path::Path;

use super::Context;
use crate::error::{Error, Result};
use crate::pin::{self, PinFile};
use crate::{config, ui, validate};

pub fn run(ctx: &Context, id: &str, dir: Option<&Path>) -> Result<()> {
    validate::profile_id(id)?;
    let config_dir = ctx.config_dir()?;
    config_dir.load_for_reading()?.profile(id)?;
    let file = PinFile::in_dir(&pin::dir_argument(dir)?);
    refuse_non_file(&file)?;
    let content = pin::content_for(id);
    config::write_atomic(&file.path, content.as_bytes()).map_err(config::ConfigError::from)?;
    // A project file, meant to be shared and committed: readable by others.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&file.path, std::fs::Permissions::from_mode(0o644));
    }
    pin::allow(&config_dir, &file.path, content.as_bytes())?;
    ui::info(format!(
        "Pinned '{id}' to {} and trusted it. With the shell hook, `cd` there switches \
         to '{id}'; `exec`, `export` and `current` there use it.",
        file.display()
    ));
    Ok(())
}

/// A directory or symlink where the pin would go is the user's, not twenv's
/// to replace.
pub fn refuse_non_file(file: &PinFile) -> Result<()> {
    match std::fs::symlink_metadata(&file.path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(Error::usage(format!(
            "{} is a symlink; twenv does not follow or replace it (trust is for one file at \
             one path). Remove it first.",
            file.display()
        ))),
        Ok(meta) if !meta.is_file() => Err(Error::usage(format!(
            "{} exists and is not a regular file; remove it first",
            file.display()
        ))),
        _ => Ok(()),
    }
}
