//! `current`: which credentials a command would use now, and why (DESIGN §2).

use super::Context;
use crate::cli::{CurrentArgs, OutputFormat};
use crate::error::{Error, Result};
use crate::output::{self, Table};
use crate::resolve::{self, Env};
use crate::ui;

pub fn run(ctx: &Context, args: CurrentArgs) -> Result<()> {
    if let Some(id) = &ctx.global.profile {
        crate::validate::profile_id(id)?;
    }
    let config = ctx.config_dir()?.load_for_reading()?;
    let resolved = resolve::resolve(&config, ctx.global.profile.as_deref(), &Env::process())?;
    for w in &resolved.warnings {
        ui::warn(w);
    }
    if args.verify {
        return Err(Error::runtime(
            "`twenv current --verify` is not yet available in this build",
        ));
    }
    let text = match ctx.output() {
        OutputFormat::Json => output::json(&resolved)?,
        format => Table {
            header: vec![
                "SOURCE",
                "PROFILE",
                "ACCOUNT SID",
                "API KEY",
                "REGION",
                "EDGE",
            ],
            rows: vec![vec![
                Some(source_name(resolved.source).to_string()),
                resolved.profile.clone(),
                Some(resolved.account_sid.clone()),
                resolved
                    .api_key
                    .clone()
                    .or_else(|| Some("(auth token)".to_string())),
                resolved.region.clone(),
                resolved.edge.clone(),
            ]],
        }
        .render(format),
    };
    ui::print_stdout(&text)
}

fn source_name(source: resolve::CredentialSource) -> &'static str {
    match source {
        resolve::CredentialSource::Flag => "flag",
        resolve::CredentialSource::Env => "env",
        resolve::CredentialSource::Active => "active",
    }
}
