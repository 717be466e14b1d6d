//! What every test of the real `certlens` binary opens with: running it, a fresh directory for
//! its files, their mode, and the workspace's fixtures (the core's `tests/common`).
#![allow(dead_code)] // each test binary uses a different part

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "../../../certlens-core/tests/common/mod.rs"]
mod fixtures;
#[allow(unused_imports)]
pub use fixtures::*;

/// The binary run with `args`, colours off (the transcripts compare plain text).
pub fn certlens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_certlens"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// The binary run with `args`: its standard output and error as text, and its exit status
/// (-1 when a signal ended it).
pub fn certlens_text<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_certlens"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

/// An empty directory of its own for one test (`certlens-KIND-PID-NAME` in the temp dir).
pub fn fresh_dir(kind: &str, name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("certlens-{kind}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A file's permission bits (keys are written 0600).
pub fn mode<P: AsRef<Path> + ?Sized>(path: &P) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}
