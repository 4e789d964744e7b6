//! The official Twilio CLI's `config.json` (DESIGN §12), read as CLI 6.x
//! reads it and, for `import --scrub`, rewritten with only the imported
//! profiles' `apiSecret` taken out: every other key, value and their order
//! stay byte for byte.

use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::error::{Error, Result};

pub const FILE: &str = "config.json";

/// `--from DIR`, else `$TWILIO_CONFIG_DIR` (the CLI's own override), else
/// `~/.twilio-cli`.
pub fn locate(from: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = from {
        return Ok(dir.to_path_buf());
    }
    let non_empty = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = non_empty("TWILIO_CONFIG_DIR") {
        return Ok(PathBuf::from(dir));
    }
    match non_empty("HOME") {
        Some(home) => Ok(PathBuf::from(home).join(".twilio-cli")),
        None => Err(Error::runtime(
            "cannot find the Twilio CLI's config: HOME is not set; pass --from DIR",
        )),
    }
}

fn io_error(action: &str, path: &Path, e: &io::Error) -> Error {
    Error::runtime(format!("{action} {}: {e}", path.display()))
}

/// One CLI profile as the file has it; nothing here is validated yet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    pub id: String,
    /// From `projects[]` (CLI 2.x): the key and secret are in the keyring.
    pub legacy: bool,
    pub account_sid: Option<String>,
    pub api_key: Option<String>,
    pub api_secret: Option<String>,
    pub region: Option<String>,
    pub edge: Option<String>,
    /// Why the entry cannot be used as it is written (a field of the wrong type).
    pub problem: Option<String>,
}

/// The CLI's config, as read, with the bytes it was read from.
#[derive(Debug)]
pub struct CliConfig {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub entries: Vec<Entry>,
    pub active: Option<String>,
    pub require_profile_input: bool,
}

impl CliConfig {
    /// Reads `DIR/config.json`; `None` when there is none.
    pub fn read(dir: &Path) -> Result<Option<CliConfig>> {
        let path = dir.join(FILE);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io_error("cannot read", &path, &e)),
        };
        parse(&path, bytes).map(Some)
    }

    /// Profiles (not legacy projects) that still hold an `apiSecret`.
    pub fn plaintext_secrets(&self) -> Vec<&str> {
        self.entries
            .iter()
            .filter(|e| !e.legacy && e.api_secret.as_deref().is_some_and(|s| !s.is_empty()))
            .map(|e| e.id.as_str())
            .collect()
    }
}

fn not_the_cli(path: &Path, why: impl fmt::Display) -> Error {
    Error::usage(format!(
        "{} is not a Twilio CLI config file: {why}\ntwenv left it as it is; \
         point --from at the directory of the CLI's config.json.",
        path.display()
    ))
}

fn parse(path: &Path, bytes: Vec<u8>) -> Result<CliConfig> {
    let top: Value = serde_json::from_slice(&bytes).map_err(|e| {
        not_the_cli(
            path,
            format_args!(
                "JSON error at line {}, column {}: {}",
                e.line(),
                e.column(),
                strip_location(&e.to_string())
            ),
        )
    })?;
    let Value::Object(top) = top else {
        return Err(not_the_cli(path, "it is not a JSON object"));
    };
    let text_or_none = |name: &str| -> Result<Option<String>> {
        match top.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(not_the_cli(path, format_args!("`{name}` is not a string"))),
        }
    };
    let top_edge = text_or_none("edge")?.filter(|e| !e.is_empty());
    let active = text_or_none("activeProject")?.filter(|a| !a.is_empty());

    let mut entries = Vec::new();
    match top.get("profiles") {
        None | Some(Value::Null) => {}
        Some(Value::Object(profiles)) => {
            for (id, value) in profiles {
                let mut entry = entry_from(id, value, false);
                // The CLI applies the file's `edge` to a profile without one.
                if entry.edge.is_none() {
                    entry.edge = top_edge.clone();
                }
                entries.push(entry);
            }
        }
        Some(_) => return Err(not_the_cli(path, "`profiles` is not an object")),
    }
    match top.get("projects") {
        None | Some(Value::Null) => {}
        Some(Value::Array(projects)) => {
            let names: BTreeSet<String> = entries.iter().map(|e| e.id.clone()).collect();
            for (n, value) in projects.iter().enumerate() {
                let id = match value.get("id") {
                    Some(Value::String(id)) => id.clone(),
                    _ => format!("projects[{n}]"),
                };
                let mut entry = entry_from(&id, value, true);
                if value.get("id").and_then(Value::as_str).is_none() {
                    entry.problem = Some("a legacy project without an `id`".to_string());
                } else if names.contains(&id) {
                    // The CLI looks in `profiles` first; it never reaches this one.
                    entry.problem = Some(format!(
                        "a legacy project hidden by the profile '{id}' of the same ID"
                    ));
                }
                if entry.edge.is_none() {
                    entry.edge = top_edge.clone();
                }
                entries.push(entry);
            }
        }
        Some(_) => return Err(not_the_cli(path, "`projects` is not an array")),
    }
    let require_profile_input = top.get("requireProfileInput") == Some(&Value::Bool(true));
    Ok(CliConfig {
        path: path.to_path_buf(),
        bytes,
        entries,
        active,
        require_profile_input,
    })
}

fn entry_from(id: &str, value: &Value, legacy: bool) -> Entry {
    let mut entry = Entry {
        id: id.to_string(),
        legacy,
        ..Entry::default()
    };
    let Value::Object(fields) = value else {
        entry.problem = Some("its entry is not a JSON object".to_string());
        return entry;
    };
    let mut field = |name: &str| match fields.get(name) {
        None | Some(Value::Null) => None,
        // As the CLI does, an empty value counts as none.
        Some(Value::String(s)) if s.is_empty() => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            entry
                .problem
                .get_or_insert_with(|| format!("its `{name}` is not a string"));
            None
        }
    };
    let account_sid = field("accountSid");
    let region = field("region");
    let (api_key, api_secret, edge) = if legacy {
        (None, None, None)
    } else {
        (field("apiKey"), field("apiSecret"), field("edge"))
    };
    Entry {
        account_sid,
        api_key,
        api_secret,
        region,
        edge,
        ..entry
    }
}

/// serde_json appends " at line L column C"; the location is shown once, first.
fn strip_location(message: &str) -> &str {
    message.rsplit_once(" at line ").map_or(message, |(m, _)| m)
}

/// An object's members in file order, each value as its exact text.
struct Members(Vec<(String, Box<RawValue>)>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Members;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Members, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry::<String, Box<RawValue>>()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }
        d.deserialize_map(V)
    }
}

impl Members {
    fn parse(text: &str) -> serde_json::Result<Members> {
        serde_json::from_str(text)
    }

    fn render(&self) -> serde_json::Result<String> {
        let mut out = String::from("{");
        for (i, (key, value)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&serde_json::to_string(key)?);
            out.push(':');
            out.push_str(value.get());
        }
        out.push('}');
        Ok(out)
    }
}

/// The file's text with `apiSecret` taken out of the named profiles, and
/// nothing else changed. `None` when there was nothing to take out.
pub fn without_secrets(text: &str, ids: &BTreeSet<String>) -> serde_json::Result<Option<String>> {
    let body = text.trim();
    let (lead, tail) = (
        &text[..text.len() - text.trim_start().len()],
        &text[text.trim_end().len()..],
    );
    let mut top = Members::parse(body)?;
    let mut changed = false;
    for (key, value) in &mut top.0 {
        if key != "profiles" || value.get().trim() == "null" {
            continue;
        }
        let mut profiles = Members::parse(value.get())?;
        for (id, profile) in &mut profiles.0 {
            if !ids.contains(id) {
                continue;
            }
            let mut fields = Members::parse(profile.get())?;
            let before = fields.0.len();
            fields.0.retain(|(name, _)| name != "apiSecret");
            if fields.0.len() != before {
                changed = true;
                *profile = RawValue::from_string(fields.render()?)?;
            }
        }
        *value = RawValue::from_string(profiles.render()?)?;
    }
    if !changed {
        return Ok(None);
    }
    Ok(Some(format!("{lead}{}{tail}", top.render()?)))
}

/// Writes `text` over the CLI's file atomically (temporary file in the same
/// directory with the file's mode, fsync, rename, fsync the directory),
/// unless the file changed since `read` was read: then nothing is written.
pub fn replace_unchanged(cli: &CliConfig, text: &str) -> Result<()> {
    // A symlinked config.json (dotfiles repositories) keeps its link.
    let path = fs::canonicalize(&cli.path).map_err(|e| io_error("cannot read", &cli.path, &e))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let meta = fs::metadata(&path).map_err(|e| io_error("cannot read", &path, &e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".config.json.twenv-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(
            meta.permissions().mode() & 0o7777,
        ));
    }
    #[cfg(not(unix))]
    let _ = meta;
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| io_error("cannot write in", dir, &e))?;
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| io_error("cannot write", tmp.path(), &e))?;
    let now = fs::read(&path).map_err(|e| io_error("cannot read", &path, &e))?;
    if now != cli.bytes {
        return Err(Error::runtime(format!(
            "{} changed while twenv was importing (is the Twilio CLI running?); it was not \
             scrubbed. The profiles are imported; run `twenv import --scrub` again.",
            path.display()
        )));
    }
    tmp.persist(&path)
        .map_err(|e| io_error("cannot replace", &path, &e.error))?;
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        // Makes the rename itself durable; failure here loses nothing already written.
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const AC: &str = "AC0123456789abcdef0123456789abcdef";

    fn parsed(text: &str) -> Result<CliConfig> {
        parse(Path::new("/x/config.json"), text.as_bytes().to_vec())
    }

    #[test]
    fn reads_profiles_projects_and_the_top_level_edge() {
        let text = format!(
            r#"{{"edge":"sydney","email":{{}},"prompts":{{}},"projects":[{{"id":"old","accountSid":"{AC}","region":"au1"}}],"profiles":{{"a":{{"accountSid":"{AC}","apiKey":"SKx","apiSecret":"s","region":"ie1","edge":"dublin"}},"b":{{"accountSid":"{AC}","apiKey":"SKy","apiSecret":"t","id":"b"}}}},"activeProject":"b","requireProfileInput":true}}"#
        );
        let cli = parsed(&text).unwrap();
        assert_eq!(cli.active.as_deref(), Some("b"));
        assert!(cli.require_profile_input);
        let by_id = |id: &str| cli.entries.iter().find(|e| e.id == id).unwrap();
        assert_eq!(by_id("a").edge.as_deref(), Some("dublin"));
        assert_eq!(by_id("b").edge.as_deref(), Some("sydney"));
        assert_eq!(by_id("b").api_secret.as_deref(), Some("t"));
        assert!(by_id("old").legacy);
        assert_eq!(by_id("old").region.as_deref(), Some("au1"));
        assert_eq!(cli.plaintext_secrets(), vec!["a", "b"]);
    }

    #[test]
    fn not_the_cli_names_line_and_column() {
        let err = parsed("{\n  \"profiles\": {,\n}").unwrap_err();
        assert_eq!(err.exit_code(), 2);
        let msg = err.to_string();
        assert!(msg.contains("/x/config.json"), "{msg}");
        assert!(msg.contains("line 2, column 16"), "{msg}");
        for wrong in [
            "[]",
            r#"{"profiles":[]}"#,
            r#"{"projects":{}}"#,
            r#"{"edge":1}"#,
        ] {
            assert_eq!(parsed(wrong).unwrap_err().exit_code(), 2, "{wrong}");
        }
    }

    #[test]
    fn a_field_of_the_wrong_type_is_the_entry_problem() {
        let cli = parsed(r#"{"profiles":{"a":{"accountSid":5},"b":"x"}}"#).unwrap();
        assert!(
            cli.entries[0]
                .problem
                .as_deref()
                .unwrap()
                .contains("accountSid")
        );
        assert!(cli.entries[1].problem.is_some());
    }

    #[test]
    fn scrub_takes_out_only_the_named_secrets() {
        let text = r#"{"edge":null,"z":{"k":[1,2.50,"\u00e9"]},"profiles":{"a":{"accountSid":"AC1","apiKey":"SK1","apiSecret":"s1","x":1},"b":{"apiSecret":"s2","apiKey":"SK2"}},"activeProject":"a"}
"#;
        let ids = BTreeSet::from(["a".to_string()]);
        let out = without_secrets(text, &ids).unwrap().unwrap();
        assert_eq!(
            out,
            r#"{"edge":null,"z":{"k":[1,2.50,"\u00e9"]},"profiles":{"a":{"accountSid":"AC1","apiKey":"SK1","x":1},"b":{"apiSecret":"s2","apiKey":"SK2"}},"activeProject":"a"}
"#
        );
        assert_eq!(without_secrets(&out, &ids).unwrap(), None);
    }

    #[cfg(unix)]
    #[test]
    fn scrub_refuses_a_file_that_changed_since_it_was_read() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        fs::write(&path, r#"{"profiles":{"a":{"apiSecret":"s"}}}"#).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let cli = CliConfig::read(dir.path()).unwrap().unwrap();
        fs::write(&path, r#"{"profiles":{"a":{"apiSecret":"new"}}}"#).unwrap();
        let err = replace_unchanged(&cli, "{}").unwrap_err();
        assert!(err.to_string().contains("changed"), "{err}");
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            r#"{"profiles":{"a":{"apiSecret":"new"}}}"#
        );
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "the temporary file is gone");

        let cli = CliConfig::read(dir.path()).unwrap().unwrap();
        replace_unchanged(&cli, "{}").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "{}");
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }
}
