//! The command line (DESIGN §1), defined once: parsing, help and every
//! completion script come from these types.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};
use clap_complete::engine::ArgValueCandidates;

use crate::candidates;
use crate::config::Storage;
use crate::shell::{self, Shell};

#[derive(Debug, Parser)]
#[command(
    name = "twenv",
    version,
    about = "Named Twilio credential profiles, switched one shell at a time",
    long_about = "twenv keeps named Twilio credential profiles, with API secrets in the OS \
                  credential store, and switches the current shell between them.\n\n\
                  Set up a shell with `eval \"$(twenv init bash)\"` (or zsh, fish; \
                  Nushell: `twenv init nu` prints a module to save and `use`), then \
                  `twenv login` and `twenv use ID`."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The profile to act on
    #[arg(short = 'p', long = "profile", value_name = "ID", global = true, help_heading = "Global options",
          add = ArgValueCandidates::new(candidates::profile_candidates))]
    pub profile: Option<String>,
    /// Output format of tables (list, current)
    #[arg(
        short = 'o',
        long,
        value_enum,
        global = true,
        help_heading = "Global options"
    )]
    pub output: Option<OutputFormat>,
    /// Print no informational messages (warnings and errors still show)
    #[arg(short, long, global = true, help_heading = "Global options")]
    pub quiet: bool,
    /// Directory of config.yaml [default: $TWENV_CONFIG_DIR, $XDG_CONFIG_HOME/twenv, ~/.config/twenv]
    #[arg(long, value_name = "DIR", global = true, help_heading = "Global options",
          value_hint = clap::ValueHint::DirPath)]
    pub config_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OutputFormat {
    #[default]
    Columns,
    Json,
    Tsv,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create or replace a profile
    #[command(alias = "profiles:create", alias = "profiles:add")]
    Login(LoginArgs),
    /// List profiles
    #[command(alias = "profiles:list", alias = "ls")]
    List(ListArgs),
    /// Switch this shell to a profile (or, with --global, set the active profile)
    ///
    /// With the hook (`twenv init`), `twenv use ID` changes this shell's TWILIO_*
    /// variables. Without it, it prints the shell code to evaluate instead.
    Use(UseArgs),
    /// Make a profile the persistent active one (Twilio CLI alias of `use --global`)
    #[command(name = "profiles:use", hide = true)]
    ProfilesUse {
        #[arg(value_name = "ID", add = ArgValueCandidates::new(candidates::profile_candidates))]
        id: Option<String>,
    },
    /// Put this shell back as it was before `use`
    ///
    /// With the hook this changes the shell; without it, it prints the code to evaluate.
    #[command(alias = "deactivate")]
    Unuse(ShellArgs),
    /// Delete a profile and its stored secret
    #[command(alias = "profiles:remove", alias = "rm")]
    Remove(RemoveArgs),
    /// Give a profile another ID (its secret and active state go with it)
    #[command(alias = "mv")]
    Rename {
        /// The profile's ID now
        #[arg(value_name = "OLD", add = ArgValueCandidates::new(candidates::profile_candidates))]
        old: String,
        /// Its new ID (must not exist yet)
        #[arg(value_name = "NEW")]
        new: String,
    },
    /// Make a second profile with the same account, API key, secret and variables
    #[command(alias = "cp")]
    Copy {
        /// The profile to copy
        #[arg(value_name = "OLD", add = ArgValueCandidates::new(candidates::profile_candidates))]
        old: String,
        /// The new profile's ID (must not exist yet)
        #[arg(value_name = "NEW")]
        new: String,
    },
    /// Replace a profile's API key with a new one (asks for the Auth Token)
    Rotate(RotateArgs),
    /// Everything about a profile but its secret: SIDs, region, edge, extra variables, where the secret lives
    Show {
        /// The profile (or give it with -p)
        #[arg(value_name = "ID", add = ArgValueCandidates::new(candidates::profile_candidates))]
        id: Option<String>,
    },
    /// Show which credentials a command would use now, and why
    #[command(alias = "whoami")]
    Current(CurrentArgs),
    /// Run a command with a profile's variables
    Exec(ExecArgs),
    /// Print a profile's variables for files and CI (never to a terminal)
    Export(ExportArgs),
    /// Print the hook script for a shell's rc file
    Init {
        #[arg(value_name = "SHELL", value_parser = shell::hook_shell_parser())]
        shell: Shell,
        /// Leave out automatic switching on `cd` (`.twenv-profile` pins)
        #[arg(long)]
        no_auto: bool,
        /// Also switch each new shell to the active profile (`use --global`) when it
        /// has no profile or Twilio credentials yet (bash, zsh, fish)
        #[arg(long)]
        use_active: bool,
    },
    /// Print a completion script
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print this shell's profile, for prompts
    Prompt,
    /// Print the manual page (roff: `twenv man | man -l -`)
    Man {
        /// A command whose own page to print, e.g. `use`
        #[arg(value_name = "COMMAND")]
        command: Option<String>,
    },
    /// Set extra variables exported with a profile
    Set {
        /// The profile (or give it with -p)
        #[arg(value_name = "ID", add = ArgValueCandidates::new(candidates::profile_candidates))]
        id: Option<String>,
        /// Variables to export with the profile, e.g. TWILIO_PHONE_NUMBER=+15005550006
        #[arg(value_name = "KEY=VALUE")]
        assignments: Vec<String>,
    },
    /// Bring profiles over from the official Twilio CLI's config.json
    Import(ImportArgs),
    /// Check this set-up and say how to fix what is wrong
    Doctor(DoctorArgs),
    /// Remove extra variables from a profile
    Unset {
        /// The profile (or give it with -p)
        #[arg(value_name = "ID", add = ArgValueCandidates::new(candidates::profile_candidates))]
        id: Option<String>,
        /// Names of the profile's extra variables to remove
        #[arg(value_name = "KEY", add = ArgValueCandidates::new(candidates::env_key_candidates))]
        keys: Vec<String>,
    },
    /// Pin a profile to a directory: write DIR/.twenv-profile naming it, and trust it
    #[command(
        long_about = "Pin a profile to a directory: write DIR/.twenv-profile naming ID \
        (atomically) and trust that file. With the shell hook, `cd` into DIR or below \
        switches the shell to ID; `exec`, `export` and `current` there use ID when \
        neither -p nor TWILIO_* variables say otherwise."
    )]
    Pin {
        /// The profile to pin (it must exist)
        #[arg(value_name = "ID", add = ArgValueCandidates::new(candidates::profile_candidates))]
        id: String,
        /// The directory [default: the working directory]
        #[arg(value_name = "DIR", value_hint = ValueHint::DirPath)]
        dir: Option<PathBuf>,
    },
    /// Remove DIR/.twenv-profile and its trust
    Unpin {
        /// The directory [default: the working directory]
        #[arg(value_name = "DIR", value_hint = ValueHint::DirPath)]
        dir: Option<PathBuf>,
    },
    /// Trust the .twenv-profile that applies in DIR, as it is now
    #[command(
        long_about = "Trust the .twenv-profile that applies in DIR (the nearest one \
        from DIR up to /): exactly that file at that path with its present content. \
        A pin that is edited, moved, copied or cloned (a git worktree too) is untrusted \
        again until `twenv allow`."
    )]
    Allow {
        /// The directory [default: the working directory]
        #[arg(value_name = "DIR", value_hint = ValueHint::DirPath)]
        dir: Option<PathBuf>,
    },
    /// Withdraw trust of the .twenv-profile that applies in DIR
    Deny {
        /// The directory [default: the working directory]
        #[arg(value_name = "DIR", value_hint = ValueHint::DirPath)]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Account SID (AC…); asked for when missing on a terminal
    #[arg(long, value_name = "AC…")]
    pub account_sid: Option<String>,
    /// Store an API key you already have (SK…); its secret comes from --api-secret-stdin or --secret-command
    #[arg(long, value_name = "SK…", requires = "secret_source")]
    pub api_key: Option<String>,
    /// Read the API secret from one line of stdin
    #[arg(long, requires = "api_key", group = "secret_source")]
    pub api_secret_stdin: bool,
    /// Fetch the API secret from a password manager whenever it is needed, e.g. 'pass show twilio/dev' (run without a shell; twenv stores only the command)
    #[arg(
        long,
        value_name = "CMD ARGS…",
        requires = "api_key",
        group = "secret_source"
    )]
    pub secret_command: Option<String>,
    /// Read the Auth Token from one line of stdin (used once, never stored)
    #[arg(long, conflicts_with = "api_key")]
    pub auth_token_stdin: bool,
    /// Twilio region, e.g. ie1, au1
    #[arg(long, value_name = "REGION", add = ArgValueCandidates::new(candidates::region_candidates))]
    pub region: Option<String>,
    /// Twilio edge location, e.g. dublin, sydney
    #[arg(long, value_name = "EDGE", add = ArgValueCandidates::new(candidates::edge_candidates))]
    pub edge: Option<String>,
    /// Where the API secret is kept [default: $TWENV_STORAGE, else keyring]
    #[arg(long, value_enum, value_name = "STORAGE")]
    pub storage: Option<Storage>,
    /// Replace an existing profile of the same ID
    #[arg(long)]
    pub force: bool,
    /// Create a restricted key (IAM v1) with this permission, e.g.
    /// /twilio/messaging/messages/create; repeat for more (at most 100)
    #[arg(long, value_name = "PERMISSION", conflicts_with = "api_key")]
    pub allow: Vec<String>,
    /// Create a restricted key with the permissions of this Twilio policy
    /// file: {"allow": ["/twilio/…", …]}
    #[arg(long, value_name = "FILE", conflicts_with = "api_key")]
    pub policy: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Directory of the Twilio CLI's config.json [default: $TWILIO_CONFIG_DIR, ~/.twilio-cli]
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub from: Option<PathBuf>,
    /// Where the imported API secrets are kept [default: $TWENV_STORAGE, else keyring]
    #[arg(long, value_enum, value_name = "STORAGE")]
    pub storage: Option<Storage>,
    /// Replace twenv profiles of the same ID
    #[arg(long)]
    pub force: bool,
    /// Print the report and change nothing anywhere
    #[arg(long)]
    pub dry_run: bool,
    /// Then remove the imported API secrets from the Twilio CLI's config.json
    #[arg(long)]
    pub scrub: bool,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Also check the credentials in use against Twilio's API
    #[arg(long)]
    pub online: bool,
}

#[derive(Debug, Args)]
pub struct UseArgs {
    /// The profile to switch to
    #[arg(value_name = "ID", add = ArgValueCandidates::new(candidates::profile_candidates))]
    pub id: Option<String>,
    /// Make the profile the persistent active one instead of printing shell code
    #[arg(long, conflicts_with = "shell")]
    pub global: bool,
    /// The hook of `init --use-active`: switch to the active profile, unless
    /// this shell has a profile or credentials already (then print nothing)
    #[arg(long, hide = true, conflicts_with_all = ["id", "global"])]
    pub active: bool,
    #[command(flatten)]
    pub shell: ShellArgs,
    #[command(flatten)]
    pub pin: PinUseArgs,
}

/// For the hooks' automatic switching (DESIGN §11), shell-neutral: the hook
/// finds the pin file with builtins and calls `use --pin FILE` only when the
/// pin that applies changed. Hidden: not for people.
#[derive(Debug, Args)]
pub struct PinUseArgs {
    /// Switch to the profile this pin file names, if it is trusted and usable
    #[arg(long, value_name = "FILE", hide = true, conflicts_with_all = ["id", "global"])]
    pub pin: Option<PathBuf>,
    /// With --pin: when the pin cannot be applied, print `unuse` code instead
    /// (the shell was switched by the pin it is leaving)
    #[arg(long, hide = true, requires = "pin")]
    pub pin_restore: bool,
    /// With --pin: say nothing about a pin that cannot be applied (already said)
    #[arg(long, hide = true, requires = "pin")]
    pub pin_quiet: bool,
}

#[derive(Debug, Args)]
pub struct ShellArgs {
    /// Shell to print code for [default: $TWENV_SHELL, else the parent shell, else posix]
    #[arg(long, value_enum, value_name = "SHELL")]
    pub shell: Option<Shell>,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The profile to delete
    #[arg(value_name = "ID", add = ArgValueCandidates::new(candidates::profile_candidates))]
    pub id: Option<String>,
    /// Do not ask for confirmation
    #[arg(short = 'y', long)]
    pub yes: bool,
    /// Also delete the API key at Twilio (asks for the Auth Token)
    #[arg(long)]
    pub delete_key: bool,
    /// With --delete-key: read the Auth Token from one line of stdin
    #[arg(long, requires = "delete_key")]
    pub auth_token_stdin: bool,
}

#[derive(Debug, Args)]
pub struct RotateArgs {
    /// The profile whose key to replace
    #[arg(value_name = "ID", add = ArgValueCandidates::new(candidates::profile_candidates))]
    pub id: Option<String>,
    /// Read the Auth Token from one line of stdin (used once, never stored)
    #[arg(long)]
    pub auth_token_stdin: bool,
}

#[derive(Debug, Args)]
pub struct CurrentArgs {
    /// Check the credentials against Twilio's API
    #[arg(long)]
    pub verify: bool,
    /// Print every value whole, even on a narrow terminal
    #[arg(long)]
    pub wide: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print every value whole, even on a narrow terminal
    #[arg(long)]
    pub wide: bool,
}

#[derive(Debug, Args)]
pub struct ExecArgs {
    /// The command and its arguments [default: a new $SHELL, else /bin/sh; on Windows %COMSPEC%]
    #[arg(
        value_name = "CMD",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    pub command: Vec<OsString>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output syntax
    #[arg(long, value_enum, default_value_t = ExportFormat::Dotenv)]
    pub format: ExportFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Dotenv,
    Json,
    Github,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    /// The hooks find the subcommand by skipping the global options that take
    /// a value; a new such option must be added there too.
    #[test]
    fn hooks_skip_exactly_the_value_taking_global_options() {
        let cmd = Cli::command();
        let mut expected: Vec<String> = cmd
            .get_arguments()
            .filter(|a| a.is_global_set() && a.get_action().takes_values())
            .flat_map(|a| {
                let short = a.get_short().map(|s| format!("-{s}"));
                let long = a.get_long().map(|l| format!("--{l}"));
                short.into_iter().chain(long)
            })
            .collect();
        expected.sort();
        assert!(expected.contains(&"--config-dir".to_string()));
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::Nu] {
            let hook = shell::hook(shell, "/usr/bin/twenv", true).expect("a hook");
            let line = hook
                .lines()
                .find(|l| l.contains("--profile") && l.contains("--output"))
                .expect("the hook's list of value-taking options");
            let mut found: Vec<String> = line
                .split(|c: char| c.is_whitespace() || "|)[]".contains(c))
                .filter(|w| w.starts_with('-'))
                .map(str::to_string)
                .collect();
            found.sort();
            assert_eq!(found, expected, "{}: {line}", shell.name());
        }
    }
}
