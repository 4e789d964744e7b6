//! Files and directories someone else controls are not trusted, as ssh does
//! with `~/.ssh`: the config directory, config.yaml, credentials.yaml and the
//! read cache must be owned by this user (or root) and writable by no one
//! else. Otherwise another user could choose the credentials a shell gets.

use std::fs;
use std::io;
use std::path::Path;

use super::{ConfigError, FileError};

/// What a checked path is, for the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Dir,
    File,
}

/// Refuses a path that another user owns or may write. A missing path is
/// fine (nothing to trust yet). A file must not be a symlink unless
/// `follow` (config.yaml may be a dotfiles link; its target is checked).
pub fn check(path: &Path, kind: Kind, follow: bool) -> Result<(), ConfigError> {
    let meta = match if follow {
        fs::metadata(path)
    } else {
        fs::symlink_metadata(path)
    } {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(FileError::new("cannot read", path, e).into()),
    };
    if meta.file_type().is_symlink() {
        return Err(ConfigError::Untrusted {
            path: path.to_path_buf(),
            problem: "is a symbolic link".to_string(),
            fix: format!("rm {}", shell_words::quote(&path.to_string_lossy())),
        });
    }
    let wanted_dir = kind == Kind::Dir;
    if meta.is_dir() != wanted_dir {
        return Err(ConfigError::Untrusted {
            path: path.to_path_buf(),
            problem: if wanted_dir {
                "is not a directory".to_string()
            } else {
                "is not a regular file".to_string()
            },
            fix: format!(
                "mv {0} {0}.moved",
                shell_words::quote(&path.to_string_lossy())
            ),
        });
    }
    check_owner_and_mode(path, &meta)
}

#[cfg(unix)]
fn check_owner_and_mode(path: &Path, meta: &fs::Metadata) -> Result<(), ConfigError> {
    use std::os::unix::fs::MetadataExt;
    let quoted = shell_words::quote(&path.to_string_lossy()).into_owned();
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if meta.uid() != me && meta.uid() != 0 {
        return Err(ConfigError::Untrusted {
            path: path.to_path_buf(),
            problem: format!("is owned by another user (uid {})", meta.uid()),
            fix: format!("chown \"$(id -u)\" {quoted}  # after checking what is in it"),
        });
    }
    let mode = meta.mode() & 0o7777;
    if mode & 0o022 != 0 {
        return Err(ConfigError::Untrusted {
            path: path.to_path_buf(),
            problem: format!("can be written by other users (mode {mode:04o})"),
            fix: format!("chmod go-w {quoted}  # after checking what is in it"),
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_owner_and_mode(_path: &Path, _meta: &fs::Metadata) -> Result<(), ConfigError> {
    // The per-user profile directory's ACLs keep other users out on Windows.
    Ok(())
}
