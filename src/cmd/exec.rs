//! `exec [-p ID] -- CMD ARGS…`: replace twenv with CMD, the credentials'
//! variables set and every other Twilio credential removed (DESIGN §5, §10).

use std::os::unix::process::CommandExt;
use std::process::Command;

use super::{Context, Resolution};
use crate::cli::ExecArgs;
use crate::error::{Error, Result};
use crate::resolve::Resolved;
use crate::{validate, vars};

pub fn run(ctx: &Context, args: ExecArgs) -> Result<()> {
    let Some((program, rest)) = args.command.split_first() else {
        return Err(Error::usage(
            "which command? `twenv exec -p ID -- CMD [ARGS…]`",
        ));
    };
    if let Some(id) = &ctx.global.profile {
        validate::profile_id(id)?;
    }
    // Found before any secret is read, so a typo costs no keyring prompt.
    let path = which::which(program).map_err(|_| {
        Error::runtime(format!(
            "cannot run {}: no such command on PATH ({}); check the name or give its path",
            validate::quote_for_message(&program.to_string_lossy()),
            std::env::var("PATH").unwrap_or_default()
        ))
    })?;
    let Resolution {
        dir,
        config,
        resolved,
    } = ctx.resolve()?;
    // Auth Token credentials in the environment (allowed, and warned about by
    // `resolve`) reach CMD as they are: they are already CMD's environment.
    let changes = match resolved {
        Resolved::EnvAuthToken { .. } => Vec::new(),
        _ => vars::for_resolved(&dir, &config, &resolved)?,
    };
    let mut command = Command::new(&path);
    // argv[0] as the user wrote it, like a shell does.
    command.arg0(program).args(rest);
    for name in vars::inherited_extras(&config, &changes) {
        command.env_remove(name);
    }
    for change in &changes {
        match &change.value {
            Some(value) => command.env(&change.name, value),
            None => command.env_remove(&change.name),
        };
    }
    crate::harden::restore_core_limit();
    // Only returns on failure; on success CMD has this process (same PID).
    let e = command.exec();
    Err(Error::runtime(format!(
        "cannot run {}: {e}",
        path.display()
    )))
}
