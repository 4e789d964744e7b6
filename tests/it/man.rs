//! The manual page (DESIGN §16): `twenv man` prints it, generated from the
//! same clap definition as `--help`, so it lists every command there is.

use crate::common::*;

/// The commands `twenv --help` lists.
fn commands_in_help(env: &TestEnv) -> Vec<String> {
    let out = env.twenv().arg("--help").output().unwrap();
    assert!(out.status.success());
    stdout_of(&out)
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // A long description continues on lines indented further.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

#[test]
#[cfg_attr(missing = "groff", ignore = "groff is not installed")]
fn twenv_man_lists_every_command_of_help_and_renders_without_warnings() {
    let env = TestEnv::new();
    let out = env.twenv().arg("man").output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let page = stdout_of(&out);
    assert!(page.contains(".TH twenv 1"), "{page}");
    let commands = commands_in_help(&env);
    assert!(commands.len() > 10, "{commands:?}");
    for command in &commands {
        if command != "help" {
            assert!(
                page.contains(&format!("twenv\\-{}(1)", command.replace('-', "\\-"))),
                "{command} missing"
            );
        }
    }
    assert!(!page.contains("profiles:"), "an alias in the page");

    let Some(groff) = require("groff") else {
        return;
    };
    let out = env
        .command(groff)
        .args(["-man", "-Tutf8", "-ww"])
        .write_stdin(page)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(stderr_of(&out), "", "groff warns about the page");
    // grotty marks bold by overstriking: `X\bX`.
    let mut text = String::new();
    for c in stdout_of(&out).chars() {
        if c == '\u{8}' {
            text.pop();
        } else {
            text.push(c);
        }
    }
    assert!(
        text.contains("SUBCOMMANDS") && text.contains("--config-dir"),
        "{text}"
    );
}

#[test]
fn twenv_man_command_prints_that_commands_page_and_refuses_unknown_ones() {
    let env = TestEnv::new();
    let out = env.twenv().args(["man", "use"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let page = stdout_of(&out);
    assert!(page.contains(".TH twenv-use 1  \"twenv "), "{page}");
    assert!(
        page.contains("\\-\\-global") && page.contains("\\-\\-shell"),
        "{page}"
    );
    for unknown in ["nosuch", "profiles:use"] {
        let out = env.twenv().args(["man", unknown]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{unknown}");
        assert!(out.stdout.is_empty());
        assert!(
            stderr_of(&out).contains("twenv --help"),
            "{}",
            stderr_of(&out)
        );
    }
}
