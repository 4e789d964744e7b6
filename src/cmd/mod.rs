//! One module per subcommand, each with a `run` that takes the parsed
//! arguments and a `Context`.

mod completions;
mod current;
mod exec;
mod export;
mod init;
mod list;
mod login;
mod profiles_use;
mod prompt;
mod remove;
mod set;
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
        let resolve::Resolution { found, warnings } =
            resolve::resolve(&config, self.global.profile.as_deref(), &Env::process())?;
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
    pub fn profile_id(&self, positional: Option<String>, command: &str) -> Result<String> {
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

pub fn run(cli: Cli) -> Result<()> {
    let ctx = Context { global: cli.global };
    match cli.command {
        Command::Login(args) => login::run(&ctx, args),
        Command::List => list::run(&ctx),
        Command::Use(args) => r#use::run(&ctx, args),
        Command::ProfilesUse { id } => profiles_use::run(&ctx, id),
        Command::Unuse(args) => unuse::run(&ctx, args),
        Command::Remove(args) => remove::run(&ctx, args),
        Command::Current(args) => current::run(&ctx, args),
        Command::Exec(args) => exec::run(&ctx, args),
        Command::Export(args) => export::run(&ctx, args),
        Command::Init { shell } => init::run(shell),
        Command::Completions { shell } => completions::run(shell),
        Command::Prompt => prompt::run(),
        Command::Set { id, assignments } => set::set(&ctx, &id, &assignments),
        Command::Unset { id, keys } => set::unset(&ctx, &id, &keys),
    }
}
