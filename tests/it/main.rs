//! One integration-test binary; each module tests one area against the real
//! `twenv` binary in a cleared environment with a temporary HOME.

mod common;
mod completion;
mod doctor;
mod everyday;
mod fake_twilio;
mod hardening;
mod import;
mod login;
mod profiles;
mod robustness;
mod secret_store;
mod security;
mod shell;
mod tls_proxy;
