//! `certlens new self-signed|internal-tls|csr` and `certlens p12`: the CLI draws the seed from
//! the OS and reads the clock; the core makes everything.

use std::process::ExitCode;

use certlens_core::make::{self, KeyAlgorithm, MakeError, Seed};

use crate::args::Args;
use crate::io;
use crate::safe::tell;

enum Fail {
    Usage(String),
    Problem(String),
}

type Outcome = Result<ExitCode, Fail>;

fn usage(e: impl Into<String>) -> Fail {
    Fail::Usage(e.into())
}

fn problem(e: MakeError) -> Fail {
    Fail::Problem(e.to_string())
}

/// Runs `new KIND ...` or `p12 ...`.
pub fn run(cmd: &str, raw: &[String], usage_text: &str) -> ExitCode {
    let outcome = match cmd {
        "p12" => p12(raw),
        _ => match raw.split_first() {
            Some((kind, rest)) => match kind.as_str() {
                "self-signed" => self_signed(rest),
                "internal-tls" => internal(rest),
                "csr" => csr(rest),
                "next-key" => next_key(rest),
                other => Err(usage(format!(
                    "unknown kind \"{other}\" for new: self-signed, internal-tls, csr or next-key"
                ))),
            },
            None => Err(usage(
                "new needs what to make: self-signed, internal-tls, csr or next-key",
            )),
        },
    };
    match outcome {
        Ok(code) => code,
        Err(Fail::Usage(m)) => io::usage_error(&m, usage_text),
        Err(Fail::Problem(m)) => {
            tell!("certlens: {m}");
            ExitCode::from(1)
        }
    }
}

fn seed() -> Result<Seed, Fail> {
    let mut b = [0u8; 32];
    getrandom::getrandom(&mut b)
        .map_err(|e| Fail::Problem(format!("the operating system gave no random bytes: {e}")))?;
    Ok(Seed(b))
}

fn now(args: &Args) -> Result<i64, Fail> {
    match args.one("--now") {
        Some(t) => certlens_core::timefmt::parse_rfc3339(t).map_err(|e| Fail::Usage(e.into())),
        None => Ok(io::now_unix()),
    }
}

fn key_type(args: &Args) -> Result<KeyAlgorithm, Fail> {
    match args.one("--key-type") {
        Some(k) => KeyAlgorithm::parse(k).map_err(|e| usage(e.to_string())),
        None => Ok(KeyAlgorithm::default()),
    }
}

fn days(args: &Args, flag: &str, default: u32) -> Result<u32, Fail> {
    match args.one(flag) {
        Some(d) => d
            .parse()
            .map_err(|_| usage(format!("{flag} wants a number of days, not \"{d}\""))),
        None => Ok(default),
    }
}

fn hosts(args: &Args) -> Vec<String> {
    args.all("--host")
        .iter()
        .flat_map(|h| h.split(',').map(|s| s.trim().to_string()))
        .filter(|s| !s.is_empty())
        .collect()
}

fn write(path: &str, text: &str, holds: io::Holds) -> Result<(), Fail> {
    io::write_file(path, text, holds).map_err(Fail::Problem)?;
    tell!("certlens: wrote {path}");
    Ok(())
}

/// Write to --out FILE (mode 0600: it holds a key) or standard output.
fn emit(args: &Args, text: &str) -> Result<(), Fail> {
    io::emit(args, text, io::Holds::Secret).map_err(Fail::Problem)
}

fn self_signed(raw: &[String]) -> Outcome {
    let args = Args::parse(raw, "new self-signed").map_err(Fail::Usage)?;
    let names = hosts(&args);
    if names.is_empty() {
        return Err(usage(
            "new self-signed needs --host NAME (general.lightrun_endpoint, e.g. lightrun.example.com)",
        ));
    }
    let mut opts = make::SelfSignedOptions::new(names, now(&args)?);
    opts.key = key_type(&args)?;
    opts.days = days(&args, "--days", opts.days)?;
    let made = make::self_signed(&opts, &seed()?).map_err(problem)?;
    if let Some(p) = args.one("--cert-out") {
        write(p, &made.file.certificate_pem, io::Holds::Public)?;
    }
    if let Some(p) = args.one("--key-out") {
        write(p, &made.file.key_pem, io::Holds::Secret)?;
    }
    emit(&args, &made.values.yaml)?;
    tell!(
        "certlens: testing only: a self-signed {} certificate for {}, valid {} days; clients trust it only if told to",
        opts.key.label(),
        made.file.names.join(", "),
        opts.days
    );
    for w in &made.values.warnings {
        tell!("certlens: warning: {w}");
    }
    Ok(ExitCode::SUCCESS)
}

fn internal(raw: &[String]) -> Outcome {
    let args = Args::parse(raw, "new internal-tls").map_err(Fail::Usage)?;
    let release = args.one("--release").ok_or_else(|| {
        usage("new internal-tls needs --release NAME (the release's full name, e.g. lightrun)")
    })?;
    let namespace = args
        .one("--namespace")
        .ok_or_else(|| usage("new internal-tls needs --namespace NS (the release namespace)"))?;
    let mut opts = make::InternalSetOptions::new(release, namespace, now(&args)?);
    if let Some(d) = args.one("--cluster-domain") {
        opts.cluster_domain = d.to_string();
    }
    opts.main_hosts = args
        .all("--main-host")
        .iter()
        .flat_map(|h| h.split(',').map(|s| s.trim().to_string()))
        .filter(|s| !s.is_empty())
        .collect();
    opts.key = key_type(&args)?;
    opts.days = days(&args, "--days", make::DEFAULT_DAYS)?;
    opts.ca_days = days(&args, "--ca-days", make::DEFAULT_CA_DAYS)?;
    opts.name_constraints = !args.has("--no-name-constraints");
    let total = make::internal_key_count(&opts);
    let slow = opts.key.is_slow();
    let mut progress = |done: usize, total: usize| {
        if slow {
            crate::safe::err_progress(
                &format!("certlens: generating keys: {done} of {total}"),
                done == total,
            );
        }
    };
    let _ = total;
    let made = make::internal_tls_set(&opts, &seed()?, &mut progress).map_err(problem)?;
    let t = &made.internal_tls;
    for w in &t.warnings {
        tell!("certlens: warning: {w}");
    }
    // One values file: general.internal_tls, secrets.customCa (Keycloak trusts the CA), and
    // certificate.tls when the main certificate was made.
    let mut values = t.values_all.clone();
    if let Some(v) = &made.main_values {
        values.push('\n');
        values.push_str(&v.yaml);
    }
    match args.one("--values-out") {
        Some(path) => {
            emit(&args, &t.yaml)?;
            write(path, &values, io::Holds::Secret)?;
        }
        None => emit(&args, &format!("{}---\n{}", t.yaml.as_str(), values))?,
    }
    if let Some(dir) = args.one("--dir") {
        std::fs::create_dir_all(dir).map_err(|e| Fail::Problem(format!("{dir}: {e}")))?;
        let mut files: Vec<&make::MadeFile> = vec![&made.ca];
        files.extend(made.services.iter().map(|s| &s.file));
        files.extend(made.main.iter());
        for f in files {
            write(
                &format!("{dir}/{}.crt", f.name),
                &f.certificate_pem,
                io::Holds::Public,
            )?;
            write(
                &format!("{dir}/{}.key", f.name),
                &f.key_pem,
                io::Holds::Secret,
            )?;
        }
    } else {
        tell!("certlens: the CA's private key was not written (--dir DIR keeps every certificate and key, the CA's too, to issue more later)");
    }
    tell!(
        "certlens: made a private CA ({}) and {} service certificate{}{}",
        opts.key.label(),
        made.services.len(),
        if made.services.len() == 1 { "" } else { "s" },
        if made.main.is_some() {
            " and the main certificate (with the backend's names)"
        } else {
            ""
        }
    );
    Ok(ExitCode::SUCCESS)
}

fn csr(raw: &[String]) -> Outcome {
    let args = Args::parse(raw, "new csr").map_err(Fail::Usage)?;
    if args.one("--key").is_some() {
        return renewal(&args);
    }
    if args.one("--from").is_some() {
        return Err(usage(
            "--from CERT renews a certificate with its key: give the key too (--key FILE)",
        ));
    }
    let names = hosts(&args);
    if names.is_empty() {
        return Err(usage(
            "new csr needs --host NAME (e.g. lightrun.example.com)",
        ));
    }
    let key_out = args.one("--key-out").ok_or_else(|| {
        usage("new csr needs --key-out FILE: the key stays with you, the CA gets only the request")
    })?;
    let opts = make::CsrOptions {
        names,
        key: key_type(&args)?,
        organization: args.one("--org").map(str::to_string),
        organizational_unit: args.one("--org-unit").map(str::to_string),
        country: args.one("--country").map(str::to_string),
    };
    let made = make::csr(&opts, &seed()?).map_err(problem)?;
    write(key_out, &made.key_pem, io::Holds::Secret)?;
    match args.one("--out") {
        Some(p) => write(p, &made.csr_pem, io::Holds::Public)?,
        None => io::emit(&args, &made.csr_pem, io::Holds::Public).map_err(Fail::Problem)?,
    }
    tell!(
        "certlens: a request for {} ({}); send it to your CA, keep the key",
        made.names.join(", "),
        made.subject
    );
    Ok(ExitCode::SUCCESS)
}

/// The key and certificate files given, inspected as one pool (the password of an encrypted
/// key from --in-password-file).
fn renewal_pool(args: &Args, files: &[&str]) -> Result<certlens_core::Report, Fail> {
    let mut opts = certlens_core::Options::at(io::now_unix());
    if let Some(f) = args.one("--in-password-file") {
        let t = zeroize::Zeroizing::new(
            std::fs::read_to_string(f).map_err(|e| Fail::Usage(format!("{f}: {e}")))?,
        );
        opts = opts.with_password(t.lines().next().unwrap_or("").to_string());
    }
    let paths: Vec<String> = files.iter().map(|f| f.to_string()).collect();
    let inputs = io::read_inputs(&paths).map_err(Fail::Usage)?;
    let report = certlens_core::inspect(&inputs, &opts);
    for e in &report.errors {
        tell!("certlens: {}", &e.message);
    }
    Ok(report)
}

/// `new csr --key FILE [--from CERT]`: a request made with the key one has.
fn renewal(args: &Args) -> Outcome {
    if args.one("--key-out").is_some() {
        return Err(usage(
            "--key renews with the key you have: no key is made, so --key-out has nothing to write",
        ));
    }
    let mut files = vec![args.one("--key").unwrap_or_default()];
    files.extend(args.one("--from"));
    let report = renewal_pool(args, &files)?;
    let made = make::renewal_csr(
        &report,
        &make::RenewOptions {
            chain: None,
            names: hosts(args),
        },
        &seed()?,
    )
    .map_err(problem)?;
    io::emit(args, &made.csr_pem, io::Holds::Public).map_err(Fail::Problem)?;
    tell!(
        "certlens: a renewal request for {} ({}), made with the key you have",
        &made.names.join(", "),
        &made.subject
    );
    tell!("certlens: {}", made.pin_note);
    for n in &made.notes {
        tell!("certlens: {}", n);
    }
    Ok(ExitCode::SUCCESS)
}

/// `new next-key --from CERT`: the next key, its request, and the values pinning it ahead.
fn next_key(raw: &[String]) -> Outcome {
    let args = Args::parse(raw, "new next-key").map_err(Fail::Usage)?;
    let from = args.one("--from").ok_or_else(|| {
        usage("new next-key needs --from CERT: the current certificate (tls.crt or values.yaml), whose pin stays listed")
    })?;
    let key_out = args
        .one("--key-out")
        .ok_or_else(|| usage("new next-key needs --key-out FILE: the next key stays with you"))?;
    let csr_out = args
        .one("--csr-out")
        .ok_or_else(|| usage("new next-key needs --csr-out FILE: the request for the CA"))?;
    let report = renewal_pool(&args, &[from])?;
    let plan = make::next_key_plan(
        &report,
        &make::NextKeyOptions {
            chain: None,
            names: hosts(&args),
            key: key_type(&args)?,
        },
        &seed()?,
    )
    .map_err(problem)?;
    write(key_out, &plan.key_pem, io::Holds::Secret)?;
    write(csr_out, &plan.csr_pem, io::Holds::Public)?;
    io::emit(&args, &plan.pins.yaml, io::Holds::Public).map_err(Fail::Problem)?;
    tell!(
        "certlens: current pin {} ({}), next pin {}",
        plan.pins.current,
        &plan.pins.current_label,
        plan.pins.next
    );
    for n in &plan.pins.notes {
        tell!("certlens: {}", n);
    }
    for s in &plan.steps {
        tell!("certlens: {s}");
    }
    Ok(ExitCode::SUCCESS)
}

fn p12(raw: &[String]) -> Outcome {
    let args = Args::parse(raw, "p12").map_err(Fail::Usage)?;
    let pw_file = args.one("--password-file").ok_or_else(|| {
        usage("p12 needs --password-file F (the new file's password; its first line)")
    })?;
    let out = args
        .one("--out")
        .ok_or_else(|| usage("p12 needs --out FILE (a PKCS#12 file is binary)"))?;
    let text = zeroize::Zeroizing::new(
        std::fs::read_to_string(pw_file).map_err(|e| Fail::Usage(format!("{pw_file}: {e}")))?,
    );
    let password = text.lines().next().unwrap_or("").to_string();
    let chain = match args.one("--chain").map(str::parse::<usize>) {
        None => None,
        Some(Ok(n)) if n >= 1 => Some(n - 1),
        Some(_) => return Err(usage("--chain wants a chain number starting at 1")),
    };
    let mut opts = certlens_core::Options::at(now(&args)?);
    if let Some(f) = args.one("--in-password-file") {
        let t = zeroize::Zeroizing::new(
            std::fs::read_to_string(f).map_err(|e| Fail::Usage(format!("{f}: {e}")))?,
        );
        opts = opts.with_password(t.lines().next().unwrap_or("").to_string());
    }
    let inputs = io::read_inputs(&args.positional).map_err(Fail::Usage)?;
    let report = certlens_core::inspect(&inputs, &opts);
    for e in &report.errors {
        tell!("certlens: {}", e.message);
    }
    let p = make::pkcs12_from_pool(
        &report,
        &make::Pkcs12Options {
            chain,
            password: password.into(),
            friendly_name: args.one("--name").map(str::to_string),
            include_chain: !args.has("--leaf-only"),
        },
        &seed()?,
    )
    .map_err(problem)?;
    write_bytes(out, &p.der)?;
    tell!(
        "certlens: {} certificate{} and the key as \"{}\" (PBES2 AES-256-CBC, PBKDF2-SHA256, SHA-256 MAC)",
        p.certificates,
        if p.certificates == 1 { "" } else { "s" },
        p.friendly_name
    );
    Ok(ExitCode::SUCCESS)
}

/// A binary file that holds a key: mode 0600 ([`io::write_bytes`]).
fn write_bytes(path: &str, bytes: &[u8]) -> Result<(), Fail> {
    io::write_bytes(path, bytes, io::Holds::Secret).map_err(Fail::Problem)?;
    tell!("certlens: wrote {path}");
    Ok(())
}
