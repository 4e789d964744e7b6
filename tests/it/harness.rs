//! The harness's own promises: what build.rs found missing is still missing
//! (so ignored tests are ignored for a true reason), and under `CI=true`
//! nothing is missing, so nothing is ignored.

use std::path::Path;

use crate::common::*;
use crate::probe;

#[test]
fn the_tool_probe_matches_this_machine_and_ci_lacks_nothing() {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let stale: Vec<String> = probe::TOOLS
        .iter()
        .filter(|t| !pretended(t))
        .filter_map(|t| {
            let here = probe::locate(t, manifest_dir).is_some();
            let built = !missing_when_built(t);
            (here != built).then(|| {
                format!(
                    "{t}: {} now, {} when the tests were built",
                    if here { "installed" } else { "missing" },
                    if built { "installed" } else { "missing" },
                )
            })
        })
        .collect();
    assert!(
        stale.is_empty(),
        "build.rs's probe is out of date ({}); `touch build.rs` and run the tests again",
        stale.join("; ")
    );
    let missing: Vec<&str> = env!("TWENV_TEST_MISSING").split_whitespace().collect();
    assert!(
        !in_ci() || missing.is_empty(),
        "CI=true, yet these are missing (or pretended missing), so the tests needing them \
         were compiled as ignored: {}. CI runs every test; .ci/run installs them",
        missing.join(", ")
    );
}
