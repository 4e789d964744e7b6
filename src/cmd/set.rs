//! `set ID KEY=VALUE…` and `unset ID KEY…`: a profile's extra variables.

use super::Context;
use crate::error::{Error, Result};
use crate::{ui, validate};

pub fn set(ctx: &Context, id: &str, assignments: &[String]) -> Result<()> {
    validate::profile_id(id)?;
    let mut pairs = Vec::new();
    for assignment in assignments {
        let (name, value) = assignment.split_once('=').ok_or_else(|| {
            Error::usage(format!(
                "{} is not KEY=VALUE",
                validate::quote_for_message(assignment)
            ))
        })?;
        validate::extra_var_name(name)?;
        validate::env_value(name, value)?;
        pairs.push((name.to_string(), value.to_string()));
    }
    ctx.config_dir()?.update(|config| {
        config.profile(id)?;
        let profile = config.profiles.get_mut(id).expect("checked just above");
        profile.env.extend(pairs.iter().cloned());
        Ok(())
    })?;
    let names: Vec<&str> = pairs.iter().map(|(n, _)| n.as_str()).collect();
    ui::info(format!(
        "Set {} for profile '{id}'. Run `twenv use {id}` again to export it in this shell.",
        names.join(", ")
    ));
    Ok(())
}

pub fn unset(ctx: &Context, id: &str, keys: &[String]) -> Result<()> {
    validate::profile_id(id)?;
    for key in keys {
        validate::extra_var_name(key)?;
    }
    let missing = ctx.config_dir()?.update(|config| {
        config.profile(id)?;
        let profile = config.profiles.get_mut(id).expect("checked just above");
        Ok(keys
            .iter()
            .filter(|k| profile.env.remove(k.as_str()).is_none())
            .cloned()
            .collect::<Vec<_>>())
    })?;
    if !missing.is_empty() {
        ui::warn(format!("profile '{id}' had no {}", missing.join(", ")));
    }
    Ok(())
}
