//! Quoting at volume: one profile carrying [`VALUES`] random values, evaluated
//! by one shell start, [`BATCHES`] times per shell, so each of bash, zsh, fish
//! and dash sees over 10,000 random values per run (the per-case property test
//! in roundtrip.rs sees about 440, and missed a CRLF bug in 5 runs of 7).
//!
//! No shrinking: a failure names the variables that differ, with their
//! expected and actual values escaped, which says more than a shrunk case.

use std::collections::BTreeMap;
use std::fs;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

use super::roundtrip::value;
use super::*;

/// Random values per profile: `env` entries, plus the secret.
const VALUES: usize = 500;
const BATCHES: usize = 20;

#[derive(Debug)]
struct Batch {
    dev: ProfileSpec,
    /// Variables set (exported) before `use`: some of the profile's, with
    /// random values of their own, which `unuse` must bring back.
    before: Vec<(String, String)>,
}

fn batch() -> impl Strategy<Value = Batch> {
    (
        value(),
        vec(value(), VALUES - 1),
        vec(proptest::option::weighted(0.2, value()), VALUES - 1),
    )
        .prop_map(|(secret, values, before)| {
            let mut dev = ProfileSpec::new("dev", 1, &secret);
            dev.env = values
                .into_iter()
                .enumerate()
                .map(|(i, v)| (format!("X_{i}"), v))
                .collect();
            let before = before
                .into_iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (format!("X_{i}"), v)))
                .collect();
            Batch { dev, before }
        })
}

fn check(sh: Sh, path: &std::path::Path, batch: &Batch) -> Result<(), String> {
    let mut env = TestEnv::new();
    for (name, value) in &batch.before {
        env.set_var(name, value);
    }
    write_profiles(&env, &[&batch.dev], None);
    let dumps = env.tmp.path().join("dumps");
    fs::create_dir_all(&dumps).expect("dumps dir");
    let dump = |n: usize| dumps.join(n.to_string());
    let script = [
        sh.dump_env(&dump(0)),
        sh.eval_twenv("use dev"),
        sh.dump_env(&dump(1)),
        sh.eval_twenv("unuse"),
        sh.dump_env(&dump(2)),
    ]
    .concat();
    let out = sh.run(path, &env, &script);
    if !out.status.success() || !only_use_reports(&out.stderr) {
        return Err(format!(
            "failed: {:?}\nstderr: {}",
            out.status,
            stderr_of(&out)
        ));
    }
    let before = read_env_dump(&dump(0));
    difference(
        "after `use dev`",
        &batch.dev.apply(&before),
        &read_env_dump(&dump(1)),
    )?;
    difference("after `unuse`", &before, &read_env_dump(&dump(2)))?;
    if env.home.join("pwned").exists() {
        return Err("a value was executed as a command".to_string());
    }
    Ok(())
}

/// The variables whose values differ, escaped, at most a few of them.
fn difference(
    when: &str,
    expected: &BTreeMap<String, String>,
    got: &BTreeMap<String, String>,
) -> Result<(), String> {
    let names: std::collections::BTreeSet<&String> = expected.keys().chain(got.keys()).collect();
    let wrong: Vec<String> = names
        .into_iter()
        .filter(|n| expected.get(*n) != got.get(*n))
        .map(|n| format!("{n}: expected {:?}, got {:?}", expected.get(n), got.get(n)))
        .collect();
    if wrong.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{when}, {} of {} variables differ:\n  {}",
        wrong.len(),
        expected.len(),
        wrong
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n  ")
    ))
}

fn batches(sh: Sh) {
    let Some(path) = sh.path() else { return };
    let mut runner = TestRunner::default();
    let strategy = batch();
    let mut values = 0;
    for n in 0..BATCHES {
        let batch = strategy.new_tree(&mut runner).expect("a batch").current();
        if let Err(e) = check(sh, &path, &batch) {
            panic!("{}, batch {n}: {e}", sh.name());
        }
        values += 1 + batch.dev.env.len();
    }
    assert!(values >= 10_000, "only {values} values");
}

#[test]
#[cfg_attr(missing = "bash", ignore = "bash is not installed")]
fn ten_thousand_random_values_round_trip_in_bash() {
    batches(Sh::Bash);
}

#[test]
#[cfg_attr(missing = "zsh", ignore = "zsh is not installed")]
fn ten_thousand_random_values_round_trip_in_zsh() {
    batches(Sh::Zsh);
}

#[test]
#[cfg_attr(missing = "fish", ignore = "fish is not installed")]
fn ten_thousand_random_values_round_trip_in_fish() {
    batches(Sh::Fish);
}

#[test]
#[cfg_attr(missing = "dash", ignore = "dash is not installed")]
fn ten_thousand_random_values_round_trip_in_posix_sh() {
    batches(Sh::Dash);
}
