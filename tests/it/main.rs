//! One integration-test binary; each module tests one area against the real
//! `twenv` binary in a cleared environment with a temporary HOME.
//!
//! The suite drives Unix shells and daemons; on Windows it is empty and only
//! the build is checked (DESIGN §9).
#![cfg(unix)]

mod atomic_writes;
mod common;
mod completion;
mod doctor;
mod everyday;
mod exec;
mod extras;
mod fake_twilio;
mod hardening;
mod harness;
// The real Twilio CLI is reached through a rustls proxy: Linux only, like tls.
#[cfg(not(any(target_os = "macos", windows)))]
mod import;
mod leaks;
pub mod login;
mod man;
mod new_shells;
mod pins;
mod probe;
mod profile_ops;
mod profiles;
mod robustness;
mod rotate;
mod screens;
mod secret_command;
mod secret_store;
mod security;
mod shell;
mod tls;
#[cfg(not(any(target_os = "macos", windows)))]
mod tls_proxy;
