//! `use ID`: shell code that switches this shell; `use --global ID`: the active profile.

use std::io::IsTerminal;

use super::{Context, profiles_use};
use crate::cli::UseArgs;
use crate::error::{Error, Result};
use crate::shell::{self, Shell};
use crate::{ui, vars};

pub fn run(ctx: &Context, args: UseArgs) -> Result<()> {
    if args.global {
        return profiles_use::run(ctx, args.id);
    }
    let shell = Shell::resolve(args.shell.shell)?;
    if let Some(file) = &args.pin.pin {
        return super::auto::run(ctx, shell, &args.pin, file);
    }
    let id = match args.active {
        true => match active_for_new_shell(ctx)? {
            Some(id) => id,
            None => return Ok(()),
        },
        false => ctx.profile_id(args.id, "use")?,
    };
    refuse_terminal(shell, "use", &id)?;
    let dir = ctx.config_dir()?;
    let config = dir.load_for_reading()?;
    let profile = config.profile(&id)?;
    let changes = vars::for_profile(&dir, &id, profile)?;
    // The extra variables of the profile this shell may have inherited, so a
    // subshell's first `use` does not leave them behind (see `render_use`).
    let inherited = vars::inherited_extras(&config, &changes);
    let code = zeroize::Zeroizing::new(shell::render_use(
        shell,
        &format!(
            "twenv: switch this {} shell to profile '{id}'",
            shell.name()
        ),
        &changes,
        &inherited,
    )?);
    ui::print_stdout(&code)?;
    // What the shell now carries, in a line: `twenv: dev (AC…1234, ie1)`.
    let mut what = format!(
        "{}{}{}",
        &profile.account_sid[..2],
        ui::ellipsis(),
        crate::validate::sid_tail(&profile.account_sid)
    );
    for place in [&profile.region, &profile.edge].into_iter().flatten() {
        what.push_str(", ");
        what.push_str(place);
    }
    ui::info(format!("twenv: {id} ({what})"));
    Ok(())
}

/// For `init --use-active`: the active profile, unless this shell already
/// has a profile or Twilio credentials (inherited, or set by the user) —
/// a new shell is then left as it is, and so is one with no active profile.
fn active_for_new_shell(ctx: &Context) -> Result<Option<String>> {
    let taken = [
        "TWENV_PROFILE",
        "TWILIO_ACCOUNT_SID",
        "TWILIO_API_KEY",
        "TWILIO_API_SECRET",
        "TWILIO_AUTH_TOKEN",
    ]
    .iter()
    .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()));
    if taken {
        return Ok(None);
    }
    Ok(ctx.config_dir()?.load_for_reading()?.active)
}

/// DESIGN §5: shell code is for `eval`, never for a terminal, where it would
/// show the secret. The message says how to evaluate it in the user's shell.
pub fn refuse_terminal(shell: Shell, command: &str, id: &str) -> Result<()> {
    if !std::io::stdout().is_terminal() {
        return Ok(());
    }
    let run = if id.is_empty() {
        command.to_string()
    } else {
        format!("{command} {id}")
    };
    if shell == Shell::Nu {
        return Err(Error::runtime(nu_setup(command, &run)));
    }
    let (rc, hook, direct) = (shell.rc_file(), shell.hook_line(), shell.eval_line(&run));
    // Only `use` has a secret in its code; `unuse` is refused for symmetry
    // (on a terminal it would change nothing).
    let why = if command == "use" {
        "it would show the API secret"
    } else {
        "printed there, it would change nothing"
    };
    Err(Error::runtime(format!(
        "`twenv {command}` prints shell code for your shell to evaluate, not for a terminal \
         ({why}), so it printed nothing.\n\
         Set up your shell once, in {rc}:\n    {hook}\n\
         then `twenv {run}` works in this shell. Or evaluate it directly:\n    {direct}"
    )))
}

/// Nushell has no eval: only the module can apply the record.
fn nu_setup(command: &str, run: &str) -> String {
    format!(
        "`twenv {command}` prints a record for the twenv module of Nushell to apply, \
         not for a terminal (it would show the API secret), so it printed nothing.\n\
         Set up Nushell once: save the module and load it in \
         ~/.config/nushell/config.nu:\n    \
         twenv init nu | save -f ~/.config/nushell/twenv.nu\n    \
         use ~/.config/nushell/twenv.nu *\n\
         then `twenv {run}` works in this shell."
    )
}
