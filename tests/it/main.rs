//! One integration-test binary; each module tests one area against the real
//! `twenv` binary in a cleared environment with a temporary HOME.

mod common;
mod completion;
mod profiles;
mod secret_store;
