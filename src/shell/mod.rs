//! Shell code rendering (DESIGN §5): one renderer per shell behind one interface.

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Posix,
    Powershell,
}
