//! `man [COMMAND]`: the manual page, generated from the one clap definition
//! (roff, for `twenv man | man -l -`): twenv(1), or a command's own page.
//! Printed rather than shipped as a file, so it can never fall behind.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::{Error, Result};
use crate::ui;

pub fn run(command: Option<String>) -> Result<()> {
    let mut twenv = Cli::command();
    twenv.build();
    let page = match command {
        None => twenv,
        Some(name) => twenv
            .get_subcommands()
            .find(|sub| !sub.is_hide_set() && sub.get_name() == name)
            .cloned()
            .ok_or_else(|| {
                Error::usage(format!(
                    "there is no command {}; `twenv --help` lists them",
                    crate::validate::quote_for_message(&name)
                ))
            })?,
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page)
        .manual("twenv manual")
        .source(format!("twenv {}", env!("CARGO_PKG_VERSION")))
        .render(&mut roff)
        .map_err(|e| Error::runtime(format!("cannot render the manual page: {e}")))?;
    ui::print_stdout(&String::from_utf8_lossy(&roff))
}
