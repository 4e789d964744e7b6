//! Project profiles (DESIGN §11): the `.twenv-profile` that applies in a
//! directory, what it names, and whether the user trusts it.
//!
//! Trust works as direnv's `allow`: a record in the config directory (never
//! in the project) holds a SHA-256 of the file's absolute path and one of its
//! path and content together. A file that was edited, moved, copied or cloned
//! has no matching record, so it is not applied until `twenv allow`. The
//! file's content is only ever a profile ID that passes the ID rule: no
//! templates, no paths, nothing it could say about its own trust.

use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::config::{self, ConfigDir, ConfigError, FileError};
use crate::error::{Error, Result};
use crate::validate;

pub const PIN_FILE: &str = ".twenv-profile";

/// A pin file names one ID; anything longer than this is not one.
const MAX_PIN_BYTES: u64 = 4096;

/// The trust records, beside config.yaml.
const TRUST_FILE: &str = "trusted-pins";

/// The pin file that applies in a directory: the nearest one up to `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinFile {
    /// Absolute, with the directory's symlinks resolved: trust is for one file
    /// at one place, however the shell got there.
    pub path: PathBuf,
}

/// What a pin file says, once read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinState {
    /// Names this profile and the user trusts this exact file.
    Trusted(String),
    /// Names this profile, but no record matches its path and content.
    Untrusted(String),
    /// Not usable at all; the text says why and what to do.
    Broken(String),
}

/// The pin that applies in `dir` and what it says, for the resolution order (DESIGN §2).
#[derive(Debug, Clone)]
pub struct Lookup {
    pub file: PinFile,
    pub state: PinState,
}

/// The directory a command runs in, as the shell sees it: `$PWD` when it names
/// the working directory (so a symlinked path walks up the way the hook
/// walks), else the kernel's answer. `None` when the directory is gone.
pub fn working_dir() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    if let Some(pwd) = std::env::var_os("PWD").map(PathBuf::from)
        && pwd.is_absolute()
        && same_file(&pwd, &cwd)
    {
        return Some(pwd);
    }
    Some(cwd)
}

#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(a: &Path, b: &Path) -> bool {
    a == b
}

/// The nearest `.twenv-profile` from `dir` up to `/`, of any kind (a directory
/// or a symlink there is found, and reported broken, rather than skipped: it
/// still hides the pins above it). What does not exist following symlinks (a
/// dangling one) is not there, and a directory that cannot be searched hides
/// nothing: the hooks test each level the same way.
pub fn find(dir: &Path) -> Option<PinFile> {
    dir.ancestors().find_map(|d| {
        let candidate = d.join(PIN_FILE);
        fs::metadata(&candidate).ok()?;
        Some(PinFile {
            path: absolute(&candidate),
        })
    })
}

/// `file` with its directory's symlinks resolved (the file itself is never followed).
fn absolute(file: &Path) -> PathBuf {
    match (file.parent(), file.file_name()) {
        (Some(parent), Some(name)) => fs::canonicalize(parent)
            .map(|p| p.join(name))
            .unwrap_or_else(|_| file.to_path_buf()),
        _ => file.to_path_buf(),
    }
}

/// The pin that applies in `dir`, read and checked against the trust records.
pub fn lookup(config_dir: &ConfigDir, dir: &Path) -> Option<Lookup> {
    let file = find(dir)?;
    let state = file.state(config_dir);
    Some(Lookup { file, state })
}

/// The profile a pin gives the resolution order (DESIGN §2, step 3), or a
/// warning that says why it is skipped and what to run.
pub fn applying(
    lookup: &Lookup,
    config: &crate::config::Config,
    warnings: &mut Vec<String>,
) -> Option<(String, PathBuf)> {
    match usable(lookup, config) {
        Ok(id) => Some((id, lookup.file.path.clone())),
        Err(why) => {
            warnings.push(format!("skipping the directory's pin: {why}"));
            None
        }
    }
}

/// The ID of a pin that may be applied: trusted, and naming a profile that
/// exists; else what is wrong and what to run.
pub fn usable(
    lookup: &Lookup,
    config: &crate::config::Config,
) -> std::result::Result<String, String> {
    let shown = lookup.file.display();
    match &lookup.state {
        PinState::Broken(why) => Err(why.clone()),
        PinState::Untrusted(id) => Err(format!(
            "{shown} (profile '{id}') is not trusted; if you trust it, run `twenv allow {}`",
            crate::shell::quote(
                crate::shell::Shell::Posix,
                &lookup.file.dir().display().to_string()
            )
        )),
        PinState::Trusted(id) if !config.profiles.contains_key(id) => Err(format!(
            "{shown} names profile '{id}', which does not exist; `twenv list` shows the \
             profiles, `twenv login -p {id}` creates it"
        )),
        PinState::Trusted(id) => Ok(id.clone()),
    }
}

impl PinFile {
    /// The pin file at `path`, as the hook found it.
    pub fn at(path: &Path) -> PinFile {
        let path = if path.is_absolute() {
            path.to_path_buf()
        } else {
            working_dir().unwrap_or_default().join(path)
        };
        PinFile {
            path: absolute(&path),
        }
    }

    /// A pin file at a known place (for `pin`, `unpin`).
    pub fn in_dir(dir: &Path) -> PinFile {
        PinFile {
            path: absolute(&dir.join(PIN_FILE)),
        }
    }

    /// The file's path for messages, with the home directory as `~`.
    pub fn display(&self) -> String {
        let text = self.path.display().to_string();
        if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty())
            && let Ok(rest) = self.path.strip_prefix(&home)
        {
            return format!("~/{}", rest.display());
        }
        text
    }

    /// The directory the file is in, for the commands a message suggests.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("/"))
    }

    /// The file's bytes: a regular file, never followed through a symlink,
    /// at most `MAX_PIN_BYTES`. The error says what is wrong and what to do.
    pub fn read(&self) -> std::result::Result<Vec<u8>, String> {
        let shown = self.display();
        let meta = fs::symlink_metadata(&self.path)
            .map_err(|e| format!("{shown} cannot be read ({e})"))?;
        if meta.file_type().is_symlink() {
            // Trust is for one file at one path; through a link, the content
            // could change behind the path the user trusted.
            return Err(format!(
                "{shown} is a symlink, which twenv does not follow: trust is for one file \
                 at one path; replace it with a file (`twenv pin ID`)"
            ));
        }
        if !meta.is_file() {
            return Err(format!(
                "{shown} is not a regular file; remove it or pin with `twenv pin ID`"
            ));
        }
        let file = open_no_follow(&self.path)
            .map_err(|e| format!("{shown} cannot be read ({e}); check its permissions"))?;
        let mut bytes = Vec::new();
        file.take(MAX_PIN_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{shown} cannot be read ({e})"))?;
        if bytes.len() as u64 > MAX_PIN_BYTES {
            return Err(format!(
                "{shown} is larger than {MAX_PIN_BYTES} bytes, so it cannot be a pin; \
                 it should hold one profile ID (`twenv pin ID`)"
            ));
        }
        Ok(bytes)
    }

    /// Whether the file names a usable ID and the user trusts it as it is.
    pub fn state(&self, config_dir: &ConfigDir) -> PinState {
        let bytes = match self.read() {
            Ok(bytes) => bytes,
            Err(why) => return PinState::Broken(why),
        };
        let id = match parse(&bytes) {
            Ok(id) => id,
            Err(why) => return PinState::Broken(format!("{}: {why}", self.display())),
        };
        if trusted(config_dir, &self.path, &bytes) {
            PinState::Trusted(id)
        } else {
            PinState::Untrusted(id)
        }
    }
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// DESIGN §11: the first line that is neither empty nor a `#` comment, trimmed.
pub fn parse(bytes: &[u8]) -> std::result::Result<String, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "it is not text; it should hold one profile ID".to_string())?;
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .ok_or_else(|| "it names no profile; write one ID in it (`twenv pin ID`)".to_string())?;
    if !validate::is_profile_id(line) {
        return Err(format!(
            "it names {}, which is not a profile ID ({})",
            validate::quote_for_message(line),
            validate::PROFILE_ID_RULE
        ));
    }
    Ok(line.to_string())
}

/// The text a pin file holds for `id`.
pub fn content_for(id: &str) -> String {
    format!("{id}\n")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn path_bytes(path: &Path) -> Vec<u8> {
    path.as_os_str().as_encoded_bytes().to_vec()
}

/// The record key: which file, whatever its content.
fn path_key(path: &Path) -> String {
    hex(&Sha256::digest(path_bytes(path)))
}

/// The record value: this file with exactly this content. The NUL keeps a
/// path from running into the content (no path holds a NUL).
fn content_key(path: &Path, content: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(path_bytes(path));
    hasher.update([0]);
    hasher.update(content);
    hex(&hasher.finalize())
}

fn trust_path(config_dir: &ConfigDir) -> PathBuf {
    config_dir.dir.join(TRUST_FILE)
}

/// The records, `PATH_KEY CONTENT_KEY` per line. A missing or unreadable file
/// trusts nothing; a line that is not two keys is ignored.
fn read_records(config_dir: &ConfigDir) -> Vec<(String, String)> {
    let Ok(text) = fs::read_to_string(trust_path(config_dir)) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|line| {
            let (path, content) = line.split_once(' ')?;
            Some((path.to_string(), content.to_string()))
        })
        .collect()
}

/// Records that someone else could have written trust nothing: another user
/// must not choose what this shell switches to (`allow` says why).
fn records_are_ours(config_dir: &ConfigDir) -> Result<()> {
    use crate::config::ownership::{Kind, check};
    check(&config_dir.dir, Kind::Dir, true)?;
    check(&trust_path(config_dir), Kind::File, false)?;
    Ok(())
}

fn trusted(config_dir: &ConfigDir, path: &Path, content: &[u8]) -> bool {
    if records_are_ours(config_dir).is_err() {
        return false;
    }
    let want = (path_key(path), content_key(path, content));
    read_records(config_dir).contains(&want)
}

/// Changes the records under the config lock and writes them atomically,
/// as config.yaml is written.
fn update_records(
    config_dir: &ConfigDir,
    change: impl FnOnce(&mut Vec<(String, String)>),
) -> Result<()> {
    let _lock = config_dir.lock()?;
    records_are_ours(config_dir)?;
    let before = read_records(config_dir);
    let mut records = before.clone();
    change(&mut records);
    if records == before {
        return Ok(());
    }
    let text: String = records
        .iter()
        .map(|(path, content)| format!("{path} {content}\n"))
        .collect();
    config::write_atomic(&trust_path(config_dir), text.as_bytes()).map_err(ConfigError::from)?;
    Ok(())
}

/// Trusts the file at `path` with exactly `content` (replacing any earlier
/// trust of that path).
pub fn allow(config_dir: &ConfigDir, path: &Path, content: &[u8]) -> Result<()> {
    let key = path_key(path);
    let value = content_key(path, content);
    update_records(config_dir, |records| {
        records.retain(|(p, _)| *p != key);
        records.push((key, value));
    })
}

/// Withdraws trust of the file at `path`, whatever its content.
pub fn deny(config_dir: &ConfigDir, path: &Path) -> Result<()> {
    let key = path_key(path);
    update_records(config_dir, |records| records.retain(|(p, _)| *p != key))
}

/// A directory argument of `pin`/`unpin`/`allow`/`deny`: an existing
/// directory, made absolute; the working directory when none is given.
pub fn dir_argument(dir: Option<&Path>) -> Result<PathBuf> {
    let Some(dir) = dir else {
        return working_dir().ok_or_else(|| {
            Error::runtime("the working directory no longer exists; `cd` somewhere that does")
        });
    };
    let meta = fs::metadata(dir).map_err(|e| {
        Error::usage(format!(
            "{}: {e}; give an existing directory",
            dir.display()
        ))
    })?;
    if !meta.is_dir() {
        return Err(Error::usage(format!(
            "{} is not a directory; give the directory the pin is for",
            dir.display()
        )));
    }
    fs::canonicalize(dir)
        .map_err(|e| ConfigError::from(FileError::new("cannot resolve", dir, e)).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_takes_the_first_line_that_is_not_blank_or_a_comment() {
        assert_eq!(parse(b"# pinned\n\n  dev  \nprod\n"), Ok("dev".to_string()));
        assert_eq!(parse(b"dev"), Ok("dev".to_string()));
        assert_eq!(parse(b"dev\r\n"), Ok("dev".to_string()));
    }

    #[test]
    fn parse_refuses_what_is_not_an_id() {
        for bad in [
            &b""[..],
            b"# only a comment\n",
            b"../../etc/passwd\n",
            b"$(rm -rf ~)\n",
            b"{{ env.PROFILE }}\n",
            b"dev prod\n",
            b"\xff\xfe\n",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn keys_differ_for_path_and_content() {
        let a = Path::new("/a/.twenv-profile");
        let b = Path::new("/b/.twenv-profile");
        assert_ne!(content_key(a, b"dev\n"), content_key(b, b"dev\n"));
        assert_ne!(content_key(a, b"dev\n"), content_key(a, b"prod\n"));
        assert_eq!(path_key(a).len(), 64);
    }
}
