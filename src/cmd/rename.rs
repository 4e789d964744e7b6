//! `rename OLD NEW` and `copy OLD NEW` (issue 11). The secret store keys a
//! secret by its API key SID, not by profile ID, so neither touches the
//! store: a renamed profile finds its secret under the same key, and a copy
//! shares it (`remove` and `rotate` keep a secret, and a key at Twilio, that
//! another profile still uses).

use super::Context;
use crate::error::{Error, Result};
use crate::{ui, validate};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Rename,
    Copy,
}

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::Rename => "rename",
            Op::Copy => "copy",
        }
    }
}

pub fn run(ctx: &Context, op: Op, old: &str, new: &str) -> Result<()> {
    validate::profile_id(old)?;
    validate::profile_id(new)?;
    if old == new {
        return Err(Error::usage(format!(
            "`twenv {}` needs two different IDs; both are '{old}'",
            op.name()
        )));
    }
    let dir = ctx.config_dir()?;
    // One critical section: the check that NEW is free and the change are
    // made on the same reading of the file, so a concurrent login of NEW
    // cannot be overwritten.
    let was_active = dir.update(|config| {
        let profile = config.profile(old)?.clone();
        if config.has(new) {
            return Err(Error::runtime(format!(
                "profile '{new}' exists already; pick another ID, or `twenv remove {new}` first"
            )));
        }
        let was_active = config.active.as_deref() == Some(old);
        if op == Op::Rename {
            config.profiles.remove(old);
            if was_active {
                config.active = Some(new.to_string());
            }
        }
        config.profiles.insert(new.to_string(), profile);
        Ok(was_active)
    })?;
    ui::info(report(op, old, new, was_active));
    Ok(())
}

fn report(op: Op, old: &str, new: &str, was_active: bool) -> String {
    match op {
        Op::Rename => {
            let this_shell = std::env::var("TWENV_PROFILE").is_ok_and(|p| p == old);
            format!(
                "Renamed profile '{old}' to '{new}'{}. Shells that switched to '{old}' keep \
                 its variables but name it in TWENV_PROFILE{}; `twenv use {new}` there. \
                 A .twenv-profile that names '{old}' still does: `twenv pin {new} DIR` \
                 there.",
                if was_active {
                    " (still the active profile)"
                } else {
                    ""
                },
                if this_shell { " (this one too)" } else { "" },
            )
        }
        Op::Copy => format!(
            "Copied profile '{old}' to '{new}'. Both use the same API key and its stored \
             secret; removing one keeps the secret for the other. `twenv rotate {new}` gives \
             the copy a key of its own."
        ),
    }
}
