//! `use ID`: shell code that switches this shell; `use --global ID`: the active profile.

use super::{Context, not_yet, profiles_use};
use crate::cli::UseArgs;
use crate::error::Result;

pub fn run(ctx: &Context, args: UseArgs) -> Result<()> {
    if args.global {
        return profiles_use::run(ctx, args.id);
    }
    not_yet::run("use")
}
