//! login (offline form), list, use --global, remove, current, set/unset; the
//! config file's rules: location, modes, atomicity, locking, parse errors.

use crate::common::*;

#[test]
fn offline_login_then_list_json() {
    let env = TestEnv::new();
    env.add_profile("dev", AC, SK, "s3cret");
    let out = env.twenv().args(["list", "-o", "json"]).output().unwrap();
    assert!(out.status.success());
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0]["id"], "dev");
    assert!(!stdout_of(&out).contains("s3cret"));
}
