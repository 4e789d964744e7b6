//! `set ID KEY=VALUE…` and `unset ID KEY…`: a profile's extra variables.

use super::Context;
use crate::error::{Error, Result};
use crate::{ui, validate};

/// `set ID K=V…`, or `-p ID set K=V…`: an ID has no `=`, an assignment has.
pub fn set(ctx: &Context, first: Option<String>, mut assignments: Vec<String>) -> Result<()> {
    let positional = match first {
        Some(word) if word.contains('=') && ctx.global.profile.is_some() => {
            assignments.insert(0, word);
            None
        }
        other => other,
    };
    let id = ctx.profile_id(positional, "set")?;
    let id = id.as_str();
    if assignments.is_empty() {
        return Err(Error::usage(format!(
            "nothing to set: `twenv set {id} KEY=VALUE…`"
        )));
    }
    let mut pairs = Vec::new();
    for assignment in &assignments {
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

/// `unset ID KEY…`, or `-p ID unset KEY…` (where every word is a key).
pub fn unset(ctx: &Context, first: Option<String>, mut keys: Vec<String>) -> Result<()> {
    let positional = match (first, &ctx.global.profile) {
        (Some(word), Some(flag)) if &word != flag => {
            keys.insert(0, word);
            None
        }
        (first, _) => first,
    };
    let id = ctx.profile_id(positional, "unset")?;
    let id = id.as_str();
    if keys.is_empty() {
        return Err(Error::usage(format!(
            "nothing to unset: `twenv unset {id} KEY…`"
        )));
    }
    // A denied name may be removed (that is how a hand-edited PATH entry is
    // taken out again); what twenv manages itself may not.
    for key in &keys {
        if validate::extra_var_name(key).is_err() && !validate::removable_var_name(key) {
            validate::extra_var_name(key)?;
        }
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
