//! twenv: named Twilio credential profiles, switched one shell at a time.
//!
//! Data path: argv → `cli` (clap) → `cmd::*` → (`config`, `store`, `twilio`)
//! → `shell` renderer → stdout. Messages go to stderr; `main` alone turns
//! errors into a message and an exit status.

mod candidates;
mod cli;
mod cmd;
mod complete;
mod config;
mod error;
mod harden;
mod keyring_search;
mod output;
mod pin;
mod resolve;
mod secret;
mod shell;
mod signals;
mod store;
mod tls;
mod twilio;
mod twilio_cli;
mod ui;
mod validate;
mod vars;

use clap::Parser;

fn main() {
    // Before anything else, so no secret read later can end up in a core file.
    harden::forbid_core_dumps();
    // Completion requests (COMPLETE=<shell> in the environment) are answered
    // first and exit: nothing else, no secret store, no network.
    complete::answer_request();

    let cli = cli::Cli::parse();
    ui::set_quiet(cli.global.quiet);
    let code = match cmd::run(cli) {
        Ok(()) => 0,
        Err(e) => {
            let text = e.to_string();
            if !text.is_empty() {
                ui::message(&format!("twenv: {text}"));
            }
            e.exit_code()
        }
    };
    std::process::exit(code);
}
