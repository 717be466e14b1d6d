//! Files in, text out: the only place the CLI touches the filesystem and the clock.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use certlens_core::{timefmt, Input, Options};

use crate::args::Args;

pub const USAGE_ERROR: u8 = 2;

pub fn usage_error(msg: &str, usage: &str) -> ExitCode {
    crate::safe::err_line(&format!("certlens: {msg}"));
    // The usage is ours (no input in it): its lines are kept.
    crate::safe::err_line("");
    crate::safe::err_line_text(usage);
    ExitCode::from(USAGE_ERROR)
}

pub fn read_inputs(paths: &[String]) -> Result<Vec<Input>, String> {
    if paths.is_empty() {
        return Err("no input files (use - for standard input)".into());
    }
    let mut out = Vec::new();
    for p in paths {
        if p == "-" {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| format!("standard input: {e}"))?;
            out.push(Input::new("standard input", buf));
        } else {
            let bytes = std::fs::read(p).map_err(|e| format!("{p}: {e}"))?;
            out.push(Input::new(p.clone(), bytes));
        }
    }
    Ok(out)
}

pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Options common to every command that inspects: --now, --password-file.
pub fn options(args: &Args) -> Result<Options, String> {
    let now = match args.one("--now") {
        Some(t) => timefmt::parse_rfc3339(t)?,
        None => now_unix(),
    };
    let mut opts = Options::at(now);
    if let Some(f) = args.one("--password-file") {
        let text =
            zeroize::Zeroizing::new(std::fs::read_to_string(f).map_err(|e| format!("{f}: {e}"))?);
        // Like openssl's file: source, only the first line counts.
        let pw = text.lines().next().unwrap_or("").to_string();
        opts = opts.with_password(pw);
    }
    opts.check_self_signatures = args.has("--self-signatures");
    opts.trust_anchors = trust_anchors(args, now)?;
    if let Some(d) = args.one("--warn-days") {
        opts.warn_days = d
            .parse()
            .map_err(|_| format!("--warn-days wants a number of days, not \"{d}\""))?;
    }
    Ok(opts)
}

/// The certificates of every `--ca FILE` (PEM bundle, DER or PKCS#7), as DER: the roots the
/// user declares trusted. The core reads the files, so every format it reads works here.
pub fn trust_anchors(args: &Args, now: i64) -> Result<Vec<Vec<u8>>, String> {
    let mut out = Vec::new();
    for f in args.all("--ca") {
        let bytes = std::fs::read(&f).map_err(|e| format!("--ca {f}: {e}"))?;
        let report = certlens_core::inspect(&[Input::new(f.clone(), bytes)], &Options::at(now));
        if report.certificates.is_empty() {
            return Err(format!(
                "--ca {f}: no certificate in this file (give the CA certificates, PEM, DER or PKCS#7)"
            ));
        }
        out.extend(report.certificates.into_iter().map(|c| c.der));
    }
    Ok(out)
}

/// Whether a file may hold a private key or an encryption key: then it is written readable by
/// its owner only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    Public,
    Secret,
}

/// Write `text` to the file `path`. A `Holds::Secret` file is created with mode 0600 (on Unix),
/// and an existing regular file is set to 0600 before anything is written to it, whatever the
/// umask.
pub fn write_file(path: &str, text: &str, holds: Holds) -> Result<(), String> {
    write_bytes(path, text.as_bytes(), holds)
}

/// [`write_file`] for binary content (a PKCS#12 file): the one place files are written, so the
/// 0600 rule for key-holding files is kept in one place.
pub fn write_bytes(path: &str, bytes: &[u8], holds: Holds) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("{path}: {e}");
    if holds == Holds::Public {
        return std::fs::write(path, bytes).map_err(fail);
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path).map_err(fail)?;
        // `mode` only applies to a new file; an existing one keeps its mode unless changed.
        // (Not for /dev/stdout and the like: only regular files.)
        if file.metadata().map_err(fail)?.is_file() {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))
                .map_err(fail)?;
        }
        let mut file = file;
        file.write_all(bytes).map_err(fail)
    }
    #[cfg(not(unix))]
    {
        let mut file = options.open(path).map_err(fail)?;
        file.write_all(bytes).map_err(fail)
    }
}

/// A text output (a report, not a data format) to --out FILE or standard output, through
/// [`crate::safe::text`]: hidden characters escaped, our colour codes kept only with `colour`.
pub fn emit_text(args: &Args, text: &str, colour: bool) -> Result<(), String> {
    match args.one("--out") {
        Some(path) => write_file(path, &crate::safe::text(text, false), Holds::Public),
        None => crate::safe::out_text(text, colour).map_err(|e| format!("standard output: {e}")),
    }
}

/// A data output (PEM, YAML, JSON), as it is, to --out FILE or standard output.
pub fn emit(args: &Args, text: &str, holds: Holds) -> Result<(), String> {
    match args.one("--out") {
        Some(path) => write_file(path, text, holds),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .map_err(|e| format!("standard output: {e}"))
        }
    }
}

/// Colour only on a terminal, and never with NO_COLOR set.
pub fn colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}
