//! Writes are atomic and durable (DESIGN §4): observed with strace, every
//! write of `config.yaml` and `credentials.yaml` is write to a temporary file
//! in the same directory, fsync of that file, rename over the target, fsync of
//! the directory — in that order. No crash test can tell a missing fsync from
//! a present one on a filesystem that did not crash; the system calls can.

use std::fs;
use std::path::Path;

use crate::common::*;

/// One system call strace saw: its name and the text of its arguments.
#[derive(Debug)]
struct Call {
    name: String,
    args: String,
    line: String,
}

/// The system calls of `twenv ARGS` that touch files, with fd paths (`-y`).
/// Only the main thread is traced: that is where twenv writes its files.
fn trace(env: &TestEnv, strace: &Path, args: &[&str], stdin: &str) -> Vec<Call> {
    let log = env.tmp.path().join("strace.log");
    let out = env
        .command(strace)
        .args(["-y", "-qq", "-o"])
        .arg(&log)
        .args([
            "-e",
            "trace=open,openat,creat,write,writev,pwrite64,fsync,fdatasync,sync_file_range,\
             rename,renameat,renameat2,close",
        ])
        .arg(twenv_bin())
        .args(args)
        .write_stdin(stdin)
        .output()
        .expect("strace");
    assert!(
        out.status.success(),
        "strace twenv {args:?}: {}",
        stderr_of(&out)
    );
    let text = fs::read_to_string(&log).expect("strace log");
    text.lines()
        .filter_map(|line| {
            let (name, rest) = line.split_once('(')?;
            Some(Call {
                name: name.trim().to_string(),
                args: rest.to_string(),
                line: line.to_string(),
            })
        })
        .collect()
}

/// Checks the order for one write of `target`; returns a description of what
/// is wrong, with the calls involved, or `None`.
fn out_of_order(calls: &[Call], target: &Path) -> Option<String> {
    let dir = target.parent().expect("a directory");
    let dest = format!("\"{}\")", target.display());
    let Some(rename) = calls
        .iter()
        .position(|c| c.name.starts_with("rename") && c.args.ends_with(&format!("{dest} = 0")))
    else {
        return Some(format!("no rename onto {}", target.display()));
    };
    // renameat(AT_FDCWD</…>, "SOURCE", AT_FDCWD</…>, "TARGET") = 0
    let source = calls[rename]
        .args
        .split('"')
        .nth(1)
        .expect("a quoted source");
    let source_dir = Path::new(source).parent();
    if source_dir != Some(dir) {
        return Some(format!(
            "the temporary file {source} is not in {}",
            dir.display()
        ));
    }
    let on = |c: &Call, path: &str| {
        c.args.starts_with(|ch: char| ch.is_ascii_digit()) && c.args.contains(&format!("<{path}>"))
    };
    let writes: Vec<usize> = (0..calls.len())
        .filter(|&i| calls[i].name.starts_with("write") || calls[i].name == "pwrite64")
        .filter(|&i| on(&calls[i], source))
        .collect();
    let Some(&last_write) = writes.last() else {
        return Some(format!("nothing was written to {source}"));
    };
    let is_sync = |c: &Call| c.name == "fsync" || c.name == "fdatasync";
    let file_sync = (last_write..rename).find(|&i| is_sync(&calls[i]) && on(&calls[i], source));
    if file_sync.is_none() {
        return Some(format!(
            "{source} is not fsynced between its last write and the rename"
        ));
    }
    if last_write > rename {
        return Some(format!("{source} was written after the rename"));
    }
    let dir_text = dir.display().to_string();
    let dir_sync = (rename..calls.len()).find(|&i| is_sync(&calls[i]) && on(&calls[i], &dir_text));
    if dir_sync.is_none() {
        return Some(format!("{} is not fsynced after the rename", dir.display()));
    }
    // Nothing may write the target in place: a crash would tear it.
    let in_place = calls.iter().find(|c| {
        c.name.starts_with("open")
            && c.args.contains(&format!("\"{}\"", target.display()))
            && (c.args.contains("O_WRONLY") || c.args.contains("O_RDWR"))
    });
    if let Some(c) = in_place {
        return Some(format!(
            "{} is opened for writing: {}",
            target.display(),
            c.line
        ));
    }
    None
}

fn assert_in_order(calls: &[Call], target: &Path, what: &str) {
    if let Some(problem) = out_of_order(calls, target) {
        let lines: Vec<&str> = calls
            .iter()
            .filter(|c| c.line.contains("/twenv"))
            .map(|c| c.line.as_str())
            .collect();
        panic!("{what}: {problem}\n{}", lines.join("\n"));
    }
}

#[test]
#[cfg_attr(missing = "strace", ignore = "strace is not installed")]
fn config_and_credentials_are_written_fsynced_renamed_then_the_directory_fsynced() {
    let Some(strace) = require("strace") else {
        return;
    };
    let env = TestEnv::new();
    let config = env.config_path();
    let credentials = env.config_dir().join("credentials.yaml");

    // The first login creates both files; the second replaces both.
    for (n, force) in [(1, None), (2, Some("--force"))] {
        let key = sid("SK", n);
        let mut args = vec![
            "login",
            "-p",
            "dev",
            "--account-sid",
            AC,
            "--api-key",
            &key,
            "--api-secret-stdin",
            "--storage",
            "file",
        ];
        args.extend(force);
        let calls = trace(&env, &strace, &args, "straceSecretValue0123456789\n");
        assert_in_order(
            &calls,
            &credentials,
            &format!("login #{n}: credentials.yaml"),
        );
        assert_in_order(&calls, &config, &format!("login #{n}: config.yaml"));
    }
    let calls = trace(&env, &strace, &["set", "dev", "A=1"], "");
    assert_in_order(&calls, &config, "set: config.yaml");
    let calls = trace(&env, &strace, &["remove", "--yes", "dev"], "");
    assert_in_order(&calls, &config, "remove: config.yaml");
    assert_in_order(&calls, &credentials, "remove: credentials.yaml");
}

/// `remove` changes the config and then the secret store in one critical
/// section: a login of the same key slipping in between would lose its
/// secret. The lock is taken once, and the secret deleted while it is held.
#[test]
#[cfg_attr(missing = "strace", ignore = "strace is not installed")]
fn remove_takes_the_lock_once_for_config_and_secret() {
    let Some(strace) = require("strace") else {
        return;
    };
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, "straceSecretValue0123456789");
    let log = env.tmp.path().join("flock.log");
    let out = env
        .command(&strace)
        .args(["-y", "-qq", "-o"])
        .arg(&log)
        .args(["-e", "trace=flock,rename,renameat,renameat2"])
        .arg(twenv_bin())
        .args(["remove", "--yes", "dev"])
        .output()
        .expect("strace");
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = fs::read_to_string(&log).expect("strace log");
    let locked: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("flock(") && l.contains("LOCK_EX") && l.ends_with("= 0"))
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        locked.len(),
        1,
        "the lock was taken {} times:\n{text}",
        locked.len()
    );
    // Both files are replaced after the one acquisition (nothing unlocks in between).
    let renames: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("rename"))
        .map(|(n, _)| n)
        .collect();
    assert!(
        renames
            .iter()
            .any(|r| text.lines().nth(*r).unwrap().contains("credentials.yaml")),
        "{text}"
    );
    assert!(renames.iter().all(|r| *r > locked[0]), "{text}");
    assert!(!text.contains("LOCK_UN"), "{text}");
}
