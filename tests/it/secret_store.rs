//! The keyring store against a real Secret Service (gnome-keyring in a private
//! D-Bus session), and the file store's rules.

use crate::common::*;

#[test]
fn keyring_login_stores_the_secret_in_the_secret_service_only() {
    let mut env = TestEnv::new();
    let Some(service) = SecretService::start(&mut env) else {
        return;
    };
    env.twenv()
        .args([
            "login",
            "-p",
            "dev",
            "--account-sid",
            AC,
            "--api-key",
            SK,
            "--api-secret-stdin",
        ])
        .write_stdin("kr-secret-value\n")
        .assert()
        .success();
    assert_eq!(service.lookup(&env, SK).as_deref(), Some("kr-secret-value"));
}
