//! One module per subcommand, each with a `run` that takes the parsed
//! arguments and a `Context`.

mod allow;
mod auto;
mod completions;
mod current;
mod deny;
mod doctor;
mod exec;
mod export;
mod import;
mod init;
mod keys;
mod list;
mod login;
mod man;
mod pin;
mod profiles_use;
mod prompt;
mod remove;
mod rename;
mod rotate;
mod set;
mod show;
mod unpin;
mod unuse;
mod r#use;

use crate::cli::{Cli, Command, GlobalArgs, OutputFormat};
use crate::config::{Config, ConfigDir};
use crate::error::{Error, Result};
use crate::resolve::{self, Env, Resolved};
use crate::{ui, validate};

/// The credentials a command uses, with the config they were resolved from.
pub struct Resolution {
    pub dir: ConfigDir,
    pub config: Config,
    pub resolved: Resolved,
}

/// What every command gets: the global options and the config directory.
pub struct Context {
    pub global: GlobalArgs,
}

impl Context {
    pub fn config_dir(&self) -> Result<ConfigDir> {
        Ok(ConfigDir::locate(self.global.config_dir.as_deref())?)
    }

    pub fn output(&self) -> OutputFormat {
        self.global.output.unwrap_or_default()
    }

    /// The credentials this command would use (DESIGN §2), with their
    /// warnings shown, and what they were resolved from.
    pub fn resolve(&self) -> Result<Resolution> {
        if let Some(id) = &self.global.profile {
            validate::profile_id(id)?;
        }
        let dir = self.config_dir()?;
        let config = dir.load_for_reading()?;
        let pin = crate::pin::working_dir().and_then(|cwd| crate::pin::lookup(&dir, &cwd));
        let resolve::Resolution { found, warnings } = resolve::resolve_with_pin(
            &config,
            self.global.profile.as_deref(),
            &Env::process(),
            pin.as_ref(),
        )?;
        for w in &warnings {
            ui::warn(w);
        }
        let resolved = found.ok_or_else(resolve::no_credentials)?;
        Ok(Resolution {
            dir,
            config,
            resolved,
        })
    }

    /// The profile a command acts on: its positional ID, else `-p`; validated.
    /// Both, naming different profiles, is refused rather than one silently winning.
    pub fn profile_id(&self, positional: Option<String>, command: &str) -> Result<String> {
        if let (Some(given), Some(flag)) = (&positional, &self.global.profile)
            && given != flag
        {
            return Err(Error::usage(format!(
                "`twenv {command}` was given two profiles, {} and -p {}; give one",
                validate::quote_for_message(given),
                validate::quote_for_message(flag)
            )));
        }
        let id = positional
            .or_else(|| self.global.profile.clone())
            .ok_or_else(|| {
                Error::usage(format!(
                    "which profile? `twenv {command} ID` (`twenv list` shows them)"
                ))
            })?;
        validate::profile_id(&id)?;
        Ok(id)
    }
}

/// DESIGN §1: `-o` where output is tabular, `-p` where a profile is acted on.
/// Elsewhere each is refused (exit 2) instead of silently doing nothing.
fn check_globals(command: &Command, global: &GlobalArgs) -> Result<()> {
    let name = command_name(command);
    let tabular = matches!(
        command,
        Command::List(_)
            | Command::Current(_)
            | Command::Show { .. }
            | Command::Import(_)
            | Command::Doctor(_)
    );
    if global.output.is_some() && !tabular {
        let instead = match command {
            Command::Export(_) => " (it has --format dotenv|json|github)",
            _ => "",
        };
        return Err(Error::usage(format!(
            "-o/--output does not apply to `twenv {name}`, which prints no table{instead}; \
             it applies to list, current, show, import and doctor"
        )));
    }
    let profileless = matches!(
        command,
        Command::List(_)
            | Command::Import(_)
            | Command::Unuse(_)
            | Command::Init { .. }
            | Command::Completions { .. }
            | Command::Prompt
            | Command::Man { .. }
            | Command::Unpin { .. }
            | Command::Allow { .. }
            | Command::Deny { .. }
            | Command::Rename { .. }
            | Command::Copy { .. }
    );
    if global.profile.is_some() && profileless {
        return Err(Error::usage(format!(
            "-p/--profile does not apply to `twenv {name}`, which acts on no single profile"
        )));
    }
    Ok(())
}

/// The name the user knows a command by, for messages.
fn command_name(command: &Command) -> &'static str {
    match command {
        Command::Login(_) => "login",
        Command::List(_) => "list",
        Command::Use(_) => "use",
        Command::ProfilesUse { .. } => "profiles:use",
        Command::Unuse(_) => "unuse",
        Command::Remove(_) => "remove",
        Command::Rotate(_) => "rotate",
        Command::Current(_) => "current",
        Command::Exec(_) => "exec",
        Command::Export(_) => "export",
        Command::Init { .. } => "init",
        Command::Completions { .. } => "completions",
        Command::Prompt => "prompt",
        Command::Man { .. } => "man",
        Command::Set { .. } => "set",
        Command::Unset { .. } => "unset",
        Command::Import(_) => "import",
        Command::Doctor(_) => "doctor",
        Command::Pin { .. } => "pin",
        Command::Unpin { .. } => "unpin",
        Command::Allow { .. } => "allow",
        Command::Deny { .. } => "deny",
        Command::Show { .. } => "show",
        Command::Rename { .. } => "rename",
        Command::Copy { .. } => "copy",
    }
}

pub fn run(cli: Cli) -> Result<()> {
    check_globals(&cli.command, &cli.global)?;
    let ctx = Context { global: cli.global };
    match cli.command {
        Command::Login(args) => login::run(&ctx, args),
        Command::List(args) => list::run(&ctx, args),
        Command::Use(args) => r#use::run(&ctx, args),
        Command::ProfilesUse { id } => profiles_use::run(&ctx, id),
        Command::Unuse(args) => unuse::run(&ctx, args),
        Command::Remove(args) => remove::run(&ctx, args),
        Command::Rotate(args) => rotate::run(&ctx, args),
        Command::Current(args) => current::run(&ctx, args),
        Command::Exec(args) => exec::run(&ctx, args),
        Command::Export(args) => export::run(&ctx, args),
        Command::Init {
            shell,
            no_auto,
            use_active,
        } => init::run(shell, !no_auto, use_active),
        Command::Completions { shell } => completions::run(shell),
        Command::Prompt => prompt::run(),
        Command::Man { command } => man::run(command),
        Command::Set { id, assignments } => set::set(&ctx, id, assignments),
        Command::Unset { id, keys } => set::unset(&ctx, id, keys),
        Command::Import(args) => import::run(&ctx, args),
        Command::Doctor(args) => doctor::run(&ctx, args),
        Command::Pin { id, dir } => {
            let id = ctx.profile_id(Some(id), "pin")?;
            pin::run(&ctx, &id, dir.as_deref())
        }
        Command::Unpin { dir } => unpin::run(&ctx, dir.as_deref()),
        Command::Allow { dir } => allow::run(&ctx, dir.as_deref()),
        Command::Deny { dir } => deny::run(&ctx, dir.as_deref()),
        Command::Show { id } => show::run(&ctx, id),
        Command::Rename { old, new } => rename::run(&ctx, rename::Op::Rename, &old, &new),
        Command::Copy { old, new } => rename::run(&ctx, rename::Op::Copy, &old, &new),
    }
}
