//! One integration-test binary; each module tests one area against the real
//! `twenv` binary in a cleared environment with a temporary HOME.

mod common;
mod completion;
mod fake_twilio;
mod hardening;
pub mod login;
mod profiles;
mod robustness;
mod rotate;
mod secret_store;
mod security;
mod shell;
