//! The commands that produce what the Helm chart needs: `values`, `secret`, `internal-tls`, `custom-ca`,
//! `agents`, `pins`, `convert-key`, `keygen`, `keycheck`. Each reads its inputs, asks the core
//! (`certlens_core::output`) and prints. The only things done here are files, standard input,
//! `/dev/urandom` and the clock.
//!
//! Output goes to standard output, or to `--out FILE`. Warnings go to standard error and do not
//! change the exit status. Exit status: 0 done, 1 a problem (nothing could be produced, or part
//! of the input was unreadable; the output is still written in that case), 2 usage error.
//!
//! `internal-tls` prints the manifests, then `---` and the `general.internal_tls` values as the
//! last document; `--values-out FILE` writes the values apart so that `--out` holds only
//! manifests. `secret --kubectl` prints only the `kubectl` line (it reads `full-chain.crt` and
//! `tls.key`; a hint on standard error says how to make them). `keygen` alone prints one key;
//! with `--rotate` or `--secret-name` it prints the Secret fragment, the values and the
//! chart-managed alternative. `--rotate -` reads the old key from standard input and
//! `--rotate-file F` from a file (either keeps it out of the process list); so do `keycheck -`
//! and `keycheck --file F`. Files that can hold a key are written with mode 0600
//! (`io::write_file`).

use std::io::Read;
use std::process::ExitCode;

use certlens_core::output::{self, OutputError};
use certlens_core::Report;
use certlens_core::TargetFormat;
use certlens_core::{enckey, Input};
use zeroize::Zeroizing;

use crate::args::Args;
use crate::io;
use crate::safe::tell;

/// What went wrong before anything could be produced.
enum Fail {
    /// Exit 2: the command line is wrong.
    Usage(String),
    /// Exit 1: the input does not allow it.
    Problem(String),
}

type Outcome = Result<ExitCode, Fail>;

/// Run one of these commands (`values`, `secret`, `internal-tls`, `pins`, `convert-key`,
/// `keygen`, `keycheck`).
pub fn run(cmd: &str, raw: &[String], usage: &str) -> ExitCode {
    let outcome = match cmd {
        "values" => values(raw),
        "secret" => secret(raw),
        "internal-tls" => internal_tls(raw),
        "custom-ca" => custom_ca(raw),
        "agents" => agents(raw),
        "pins" => pins(raw),
        "convert-key" => convert_key(raw),
        "keygen" => keygen(raw),
        "keycheck" => keycheck(raw),
        other => Err(Fail::Usage(format!("unknown command \"{other}\""))),
    };
    match outcome {
        Ok(code) => code,
        Err(Fail::Usage(m)) => io::usage_error(&m, usage),
        Err(Fail::Problem(m)) => {
            tell!("certlens: {m}");
            ExitCode::from(1)
        }
    }
}

fn usage(e: impl Into<String>) -> Fail {
    Fail::Usage(e.into())
}

fn problem(e: OutputError) -> Fail {
    Fail::Problem(e.to_string())
}

fn parse(raw: &[String], cmd: &str) -> Result<Args, Fail> {
    Args::parse(raw, cmd).map_err(Fail::Usage)
}

/// Read the FILE arguments and inspect them as one pool. Read errors are printed; the second
/// value says whether there were any.
fn inspect_files(args: &Args) -> Result<(Report, bool), Fail> {
    let opts = io::options(args).map_err(Fail::Usage)?;
    let inputs = io::read_inputs(&args.positional).map_err(Fail::Usage)?;
    let report = certlens_core::inspect(&inputs, &opts);
    for e in &report.errors {
        tell!("certlens: {}", e.message);
    }
    let had_errors = !report.errors.is_empty();
    Ok((report, had_errors))
}

fn warn(warnings: &[String]) {
    for w in warnings {
        tell!("certlens: warning: {w}");
    }
}

/// Output of `chain` and `pins`: certificates and hashes only.
fn emit_public(args: &Args, text: &str) -> Result<(), Fail> {
    io::emit(args, text, io::Holds::Public).map_err(Fail::Problem)
}

/// Output that can hold a private key or an encryption key: `--out` files get mode 0600.
fn emit(args: &Args, text: &str) -> Result<(), Fail> {
    io::emit(args, text, io::Holds::Secret).map_err(Fail::Problem)
}

fn done(had_errors: bool) -> Outcome {
    Ok(if had_errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn chain_arg(args: &Args) -> Result<Option<usize>, Fail> {
    match args.one("--chain").map(str::parse::<usize>) {
        None => Ok(None),
        Some(Ok(n)) if n >= 1 => Ok(Some(n - 1)),
        Some(_) => Err(usage("--chain wants a chain number starting at 1")),
    }
}

/// `--key-format`: `None` keeps a PKCS#1 or PKCS#8 key as given (the core decides).
fn key_format(args: &Args) -> Result<Option<TargetFormat>, Fail> {
    let Some(v) = args.one("--key-format") else {
        return Ok(None);
    };
    let f: TargetFormat = v.parse().map_err(|e| Fail::Usage(format!("{e}")))?;
    if f == TargetFormat::Sec1 {
        return Err(usage(
            "--key-format: the chart takes pkcs8 or pkcs1 (use convert-key --to sec1 for SEC1)",
        ));
    }
    Ok(Some(f))
}

/// `--no-root` leaves the root CA out of tls.crt; `--with-root` is the old name of the
/// default and changes nothing.
fn include_root(args: &Args) -> Result<bool, Fail> {
    if args.has("--no-root") && args.has("--with-root") {
        return Err(usage(
            "give --no-root or --with-root, not both (the root is included by default)",
        ));
    }
    Ok(!args.has("--no-root") && output::DEFAULT_INCLUDE_ROOT)
}

/// The old side of a rotation: a certificate, key or values.yaml (their pins), or a pin list.
fn old_pins(args: &Args) -> Result<Vec<String>, Fail> {
    old_pin_list(args).map_err(Fail::Usage)
}

/// `--old-pins FILE...`: the pins of the old side of a rotation (`values`, `bundle`).
pub(crate) fn old_pin_list(args: &Args) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let opts = io::options(args)?;
    for path in args.all("--old-pins") {
        let bytes = std::fs::read(&path).map_err(|e| format!("--old-pins {path}: {e}"))?;
        let report = certlens_core::inspect(&[Input::new(path.clone(), bytes.clone())], &opts);
        let pins = output::old_side_pins(&report);
        if pins.is_empty() {
            // A plain pin list: the core reads it (and refuses what is not a pin).
            out.push(String::from_utf8_lossy(&bytes).into_owned());
        } else {
            out.extend(pins);
        }
    }
    Ok(out)
}

/// `--keystore-password-file F`: its first line (like openssl's `file:`), and the random bytes
/// the key's encryption needs. An empty first line means "unencrypted", as in the chart.
fn keystore_password(args: &Args) -> Result<Option<output::KeystorePassword>, Fail> {
    let Some(f) = args.one("--keystore-password-file") else {
        return Ok(None);
    };
    let text = zeroize::Zeroizing::new(
        std::fs::read_to_string(f).map_err(|e| usage(format!("--keystore-password-file {f}: {e}")))?,
    );
    let password = zeroize::Zeroizing::new(text.lines().next().unwrap_or("").to_string());
    let mut salt_iv = [0u8; 32];
    getrandom::getrandom(&mut salt_iv)
        .map_err(|e| Fail::Problem(format!("the operating system gave no random bytes: {e}")))?;
    Ok(Some(output::KeystorePassword { password, salt_iv }))
}

fn values(raw: &[String]) -> Outcome {
    let args = parse(raw, "values")?;
    let opts = output::TlsValuesOptions {
        chain: chain_arg(&args)?,
        include_root: include_root(&args)?,
        key_format: key_format(&args)?,
        old_pins: old_pins(&args)?,
        allow_incomplete_chain: args.has("--allow-incomplete"),
        release: args.one("--release").map(str::to_string),
        keystore_password: keystore_password(&args)?,
    };
    let (report, had_errors) = inspect_files(&args)?;
    let v = output::tls_values(&report, &opts).map_err(problem)?;
    warn(&v.warnings);
    emit(&args, &v.yaml)?;
    done(had_errors)
}

fn secret(raw: &[String]) -> Outcome {
    let args = parse(raw, "secret")?;
    let opts = output::TlsSecretOptions {
        name: args
            .one("--name")
            .unwrap_or(output::DEFAULT_TLS_SECRET_NAME)
            .to_string(),
        namespace: args.one("--namespace").map(str::to_string),
        chain: chain_arg(&args)?,
        include_root: include_root(&args)?,
        include_ca: args.has("--with-ca"),
        key_format: key_format(&args)?,
        allow_incomplete_chain: args.has("--allow-incomplete"),
    };
    let (report, had_errors) = inspect_files(&args)?;
    let s = output::tls_secret(&report, &opts).map_err(problem)?;
    warn(&s.warnings);
    if args.has("--kubectl") {
        emit(&args, &format!("{}\n", s.kubectl))?;
        let files: Vec<String> = args.positional.iter().map(|p| shell_word(p)).collect();
        tell!(
            "certlens: the line reads full-chain.crt and tls.key{}: make them with `certlens chain{} {} --out full-chain.crt` and `certlens convert-key --to {} {} --out tls.key`",
            if s.ca_pem.is_some() { " and ca.crt (the CA certificate)" } else { "" },
            if opts.include_root { "" } else { " --no-root" },
            files.join(" "),
            key_format_name(s.key_format),
            files.join(" "),
        );
    } else {
        emit(&args, &s.yaml)?;
        tell!(
            "certlens: values.yaml: certificate.existing_cert: {}",
            s.name
        );
    }
    done(had_errors)
}

fn key_format_name(f: TargetFormat) -> &'static str {
    match f {
        TargetFormat::Pkcs8 => "pkcs8",
        TargetFormat::Pkcs1 => "pkcs1",
        TargetFormat::Sec1 => "sec1",
    }
}

fn shell_word(w: &str) -> String {
    if !w.is_empty()
        && w.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:@,+".contains(c))
    {
        w.to_string()
    } else {
        format!("'{}'", w.replace('\'', "'\\''"))
    }
}

fn internal_tls(raw: &[String]) -> Outcome {
    let args = parse(raw, "internal-tls")?;
    let release = args.one("--release").ok_or_else(|| {
        usage("internal-tls needs --release NAME (the release's full name, e.g. lightrun)")
    })?;
    let namespace = args
        .one("--namespace")
        .ok_or_else(|| usage("internal-tls needs --namespace NS (the release namespace)"))?;
    let opts = output::InternalTlsOptions {
        release: release.to_string(),
        namespace: namespace.to_string(),
        services: args.all("--service"),
        existing_secrets: args
            .all("--existing")
            .iter()
            .map(|e| {
                e.split_once('=')
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .ok_or_else(|| usage(format!("--existing wants KEY=SECRET (e.g. artifacts=my-artifacts-tls), not {e:?}")))
            })
            .collect::<Result<_, _>>()?,
        include_root: include_root(&args)?,
        ca_secret_name: args.one("--ca-secret").map(str::to_string),
        allow_incomplete_chain: args.has("--allow-incomplete"),
    };
    let (report, had_errors) = inspect_files(&args)?;
    let t = output::internal_tls(&report, &opts).map_err(|e| match e {
        OutputError::InternalTlsIncomplete { .. } => {
            Fail::Problem(format!("{e} (--service KEY, or --existing KEY=SECRET)"))
        }
        e => problem(e),
    })?;
    warn(&t.warnings);
    match args.one("--values-out") {
        Some(path) => {
            emit(&args, &t.yaml)?;
            io::write_file(path, &t.values_all, io::Holds::Secret).map_err(Fail::Problem)?;
        }
        None => emit(&args, &t.text)?,
    }
    done(had_errors)
}

fn custom_ca(raw: &[String]) -> Outcome {
    let args = parse(raw, "custom-ca")?;
    let opts = output::CustomCaOptions {
        release: args
            .one("--release")
            .unwrap_or(output::DEFAULT_RELEASE)
            .to_string(),
        namespace: args.one("--namespace").map(str::to_string),
        secret_name: args.one("--secret-name").map(str::to_string),
    };
    let (report, had_errors) = inspect_files(&args)?;
    let c = output::custom_ca(&report, &opts).map_err(problem)?;
    warn(&c.warnings);
    emit_public(&args, &c.text)?;
    done(had_errors)
}

/// `agents`: the javaAgents values (apiKey + pinnedCertHash), or with `--existing-secret` the
/// agent Secrets then `---` and the values naming them (`--values-out` writes those apart).
fn agents(raw: &[String]) -> Outcome {
    let args = parse(raw, "agents")?;
    let host = args
        .one("--server-host")
        .ok_or_else(|| usage("agents needs --server-host H (the host the agents connect to)"))?;
    let key = match args.one("--key-file") {
        Some(f) => {
            let text = Zeroizing::new(std::fs::read_to_string(f).map_err(|e| usage(format!("{f}: {e}")))?);
            Some(output::SecretText::new(text.lines().next().unwrap_or("").trim().to_string()))
        }
        None => None,
    };
    let opts = output::AgentsOptions {
        server_host: host.to_string(),
        agents: args.all("--agent"),
        namespace: args.one("--namespace").map(str::to_string),
        lightrun_key: key,
        chain: chain_arg(&args)?,
    };
    let (report, had_errors) = inspect_files(&args)?;
    let a = output::agents(&report, &opts).map_err(problem)?;
    warn(&a.warnings);
    if !args.has("--existing-secret") {
        if args.one("--values-out").is_some() {
            return Err(usage("--values-out goes with --existing-secret (the values are the output otherwise)"));
        }
        emit(&args, &a.text)?;
        return done(had_errors);
    }
    match args.one("--values-out") {
        Some(path) => {
            emit(&args, &a.secret_yaml)?;
            io::write_file(path, &a.existing_values_yaml, io::Holds::Public).map_err(Fail::Problem)?;
        }
        None => emit(&args, &format!("{}---\n{}", a.secret_yaml.as_str(), a.existing_values_yaml))?,
    }
    done(had_errors)
}

fn pins(raw: &[String]) -> Outcome {
    let args = parse(raw, "pins")?;
    let (report, had_errors) = inspect_files(&args)?;
    let p = output::pins(
        &report,
        &output::PinsOptions {
            base64: args.has("--base64"),
        },
    )
    .map_err(problem)?;
    emit_public(&args, &p.yaml)?;
    done(had_errors)
}

fn convert_key(raw: &[String]) -> Outcome {
    let args = parse(raw, "convert-key")?;
    let to: TargetFormat = args
        .one("--to")
        .ok_or_else(|| usage("convert-key needs --to pkcs8|pkcs1|sec1"))?
        .parse()
        .map_err(|e| Fail::Usage(format!("{e}")))?;
    let wanted = match args.one("--key").map(str::parse::<usize>) {
        None => None,
        Some(Ok(n)) if n >= 1 => Some(n - 1),
        Some(_) => return Err(usage("--key wants a key number starting at 1")),
    };
    let (report, had_errors) = inspect_files(&args)?;
    let index = output::choose_key(&report, wanted).map_err(|e| {
        Fail::Problem(e.message(&output::KeyChoiceWords {
            password: "--password-file",
            choose: "--key N",
            list_prefix: "",
            first: 1,
        }))
    })?;
    let c = output::convert_key(&report, index, to).map_err(problem)?;
    if c.decrypted {
        tell!("certlens: warning: the key was decrypted; the output is NOT encrypted — store it like a password");
    }
    emit(&args, &c.pem)?;
    done(had_errors)
}

/// 32 random bytes from the operating system.
fn random_32() -> Result<[u8; 32], Fail> {
    let mut buf = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .map_err(|e| Fail::Problem(format!("cannot read random bytes from /dev/urandom: {e}")))?;
    Ok(buf)
}

/// A secret value given as an argument, or `-` / nothing for standard input. Held in a buffer
/// that is wiped when dropped.
fn value_or_stdin(v: Option<&str>) -> Result<Zeroizing<String>, Fail> {
    match v {
        Some(v) if v != "-" => Ok(Zeroizing::new(v.to_string())),
        _ => {
            let mut s = Zeroizing::new(String::new());
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| Fail::Problem(format!("standard input: {e}")))?;
            Ok(s)
        }
    }
}

/// A secret value read from a file (`-`: standard input), never from the command line.
fn value_from_file(path: &str) -> Result<Zeroizing<String>, Fail> {
    if path == "-" {
        return value_or_stdin(None);
    }
    std::fs::read_to_string(path)
        .map(Zeroizing::new)
        .map_err(|e| Fail::Usage(format!("{path}: {e}")))
}

fn keygen(raw: &[String]) -> Outcome {
    let args = parse(raw, "keygen")?;
    if let Some(p) = args.positional.first() {
        return Err(usage(format!("keygen takes no file ({p})")));
    }
    let mut random = random_32()?;
    let new = enckey::encode_key(&random);
    random.fill(0);
    let opts = output::EncryptionSecretOptions {
        secret_name: args
            .one("--secret-name")
            .unwrap_or(output::DEFAULT_ENCRYPTION_SECRET_NAME)
            .to_string(),
        namespace: args.one("--namespace").map(str::to_string),
    };
    if let Some(file) = args.one("--rotate-from") {
        if args.one("--rotate").is_some() || args.one("--rotate-file").is_some() {
            return Err(usage(
                "give one of --rotate, --rotate-file and --rotate-from, not several",
            ));
        }
        let existing = value_from_file(file)?;
        let opts = output::EncryptionSecretOptions {
            // Empty: the Secret's own name and namespace.
            secret_name: args.one("--secret-name").unwrap_or("").to_string(),
            namespace: args.one("--namespace").map(str::to_string),
        };
        let k = output::encryption_key_rotation_from(&existing, &new, &opts).map_err(problem)?;
        for n in &k.notes {
            tell!("certlens: note: {n}");
        }
        emit(&args, &k.text)?;
        return Ok(ExitCode::SUCCESS);
    }
    let old = match (args.one("--rotate"), args.one("--rotate-file")) {
        (Some(_), Some(_)) => return Err(usage("give --rotate or --rotate-file, not both")),
        (Some(old), None) => Some(value_or_stdin(Some(old))?),
        (None, Some(file)) => Some(value_from_file(file)?),
        (None, None) => None,
    };
    let keys = match old {
        Some(old) => Some(output::encryption_key_rotation(&old, &new, &opts).map_err(problem)?),
        None if args.one("--secret-name").is_some() || args.one("--namespace").is_some() => {
            Some(output::encryption_key_secret(&new, &opts).map_err(problem)?)
        }
        None => None,
    };
    match keys {
        Some(k) => emit(&args, &k.text)?,
        None => emit(&args, &format!("{new}\n"))?,
    }
    Ok(ExitCode::SUCCESS)
}

fn keycheck(raw: &[String]) -> Outcome {
    let args = parse(raw, "keycheck")?;
    let value = match (args.one("--file"), args.positional.as_slice()) {
        (Some(file), []) => value_from_file(file)?,
        (None, [] | [_]) => value_or_stdin(args.positional.first().map(String::as_str))?,
        _ => {
            return Err(usage(
                "keycheck takes one value: VALUE, - for standard input, or --file F",
            ))
        }
    };
    let c = enckey::check_key(&value);
    let mut out = String::new();
    if c.ok {
        out.push_str("ok: a usable encryption key (Base64 of 32 bytes, 44 characters)\n");
    } else {
        out.push_str("not usable as an encryption key\n");
    }
    for p in &c.problems {
        out.push_str(&format!("problem: {p}\n"));
    }
    for h in &c.hints {
        out.push_str(&format!("hint: {h}\n"));
    }
    if let Some(n) = &c.normalized {
        if !c.ok || n != value.as_str() {
            out.push_str(&format!("use: {n}\n"));
        }
    }
    let _ = crate::safe::out_text(&out, false);
    Ok(if c.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
