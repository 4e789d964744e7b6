//! Finds which tools the integration tests need are missing, so that the tests
//! needing them are compiled as ignored (`#[cfg_attr(missing = "zsh", ignore =
//! "zsh is not installed")]`) and `cargo test` says so, instead of passing
//! tests that never ran. The binary itself does not depend on anything here.
//!
//! Reruns only when build.rs or the probe changes, a package is installed or
//! removed, or `TWENV_TEST_PRETEND_MISSING` changes; never because of `CI`, so
//! switching `CI=true` on and off rebuilds nothing (the CI rule is checked at
//! run time by a test, see tests/it/common.rs).

#[path = "tests/it/probe.rs"]
mod probe;

use std::path::PathBuf;

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=tests/it/probe.rs");
    println!("cargo::rerun-if-env-changed={}", probe::PRETEND_VAR);
    for path in probe::watched_paths(&manifest_dir) {
        println!("cargo::rerun-if-changed={}", path.display());
    }

    let values: Vec<String> = probe::TOOLS
        .iter()
        .chain(probe::GROUPS.iter().map(|(group, _)| group))
        .map(|t| format!("\"{t}\""))
        .collect();
    println!(
        "cargo::rustc-check-cfg=cfg(missing, values({}))",
        values.join(", ")
    );

    let pretend = std::env::var(probe::PRETEND_VAR).ok();
    let pretended = probe::pretended(pretend.as_deref());
    let missing: Vec<&str> = probe::TOOLS
        .iter()
        .copied()
        .filter(|t| pretended.contains(t) || probe::locate(t, &manifest_dir).is_none())
        .collect();
    for tool in &missing {
        println!("cargo::rustc-cfg=missing=\"{tool}\"");
    }
    for (group, members) in probe::GROUPS {
        if members.iter().any(|m| missing.contains(m)) {
            println!("cargo::rustc-cfg=missing=\"{group}\"");
        }
    }
    println!("cargo::rustc-env=TWENV_TEST_MISSING={}", missing.join(" "));
    link_unwinder_statically();
    println!(
        "cargo::rustc-env=TWENV_TEST_PRETENDED={}",
        pretended.join(" ")
    );
}

/// On Linux with glibc, the unwinder (used here only for backtraces: panics
/// abort) comes from libgcc_eh.a rather than libgcc_s.so. Every run of twenv,
/// each prompt's completion included, is then spared loading one more shared
/// library and its constructor, which asks the CPU for its features (`cpuid`,
/// slow in a VM): about 0.15 ms of a 2 ms run. In a build with LTO the whole
/// of std is in the first object, so the archive, linked right after it,
/// answers std's references, and `--as-needed` drops libgcc_s.
fn link_unwinder_statically() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo::rustc-link-lib=static:-bundle=gcc_eh");
    }
}
