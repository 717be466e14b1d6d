//! `certlens bundle`: one deployable bundle (a values file, a Secrets file, how to apply them,
//! and the same as a zip), made from the certificates given or, with `--make`, from a private CA
//! made here; checked by the doctor before it is written. The CLI reads files, the clock and
//! the OS's random bytes (the encryption key, the keys made); the core does the rest.

use std::process::ExitCode;

use certlens_core::make::{InternalSetOptions, Seed};
use certlens_core::output::{BundleChoices, BundleOptions, CertificateForm, DeploySecrets};
use certlens_core::Bundle;

use crate::args::Args;
use crate::io;
use crate::safe::tell;

fn random() -> Result<[u8; 32], String> {
    let mut b = [0u8; 32];
    getrandom::getrandom(&mut b)
        .map_err(|e| format!("the operating system gave no random bytes: {e}"))?;
    Ok(b)
}

fn choices(args: &Args) -> Result<BundleChoices, String> {
    let deploy = match args.one("--deploy-secrets") {
        None | Some("on") | Some("true") => DeploySecrets::On,
        Some("off") | Some("false") => DeploySecrets::Off,
        Some(o) => return Err(format!("--deploy-secrets wants on or off, not \"{o}\"")),
    };
    let mut c = BundleChoices::fitting(deploy);
    if args.has("--existing-cert") {
        c.certificate = CertificateForm::ExistingSecret;
    }
    Ok(c)
}

/// Runs `bundle ...`: 0 the bundle passes every check, 1 it was written but the doctor found
/// an error or warning (or it could not be made), 2 usage.
pub fn run(raw: &[String], usage: &str) -> ExitCode {
    match bundle(raw) {
        Ok(code) => code,
        Err((true, m)) => io::usage_error(&m, usage),
        Err((false, m)) => {
            tell!("certlens: {m}");
            ExitCode::from(1)
        }
    }
}

fn bundle(raw: &[String]) -> Result<ExitCode, (bool, String)> {
    let u = |m: String| (true, m);
    let p = |m: String| (false, m);
    let args = Args::parse(raw, "bundle").map_err(u)?;
    let namespace = args
        .one("--namespace")
        .ok_or_else(|| u("bundle needs --namespace NS (the release namespace)".into()))?;
    let release = args.one("--release").unwrap_or(certlens_core::output::DEFAULT_RELEASE);
    let (dir, zip) = (args.one("--dir"), args.one("--zip"));
    if dir.is_none() && zip.is_none() {
        return Err(u("bundle needs --dir DIR or --zip FILE: its files hold private keys, so they are written with mode 0600, never printed".into()));
    }
    let opts_in = io::options(&args).map_err(u)?;
    let now = opts_in.now;
    let mut o = BundleOptions::new(release, namespace, random().map_err(p)?);
    o.endpoint = args.one("--endpoint").map(str::to_string);
    o.choices = choices(&args).map_err(u)?;
    o.old_pins = crate::produce::old_pin_list(&args).map_err(u)?;
    let b: Bundle = if args.has("--make") {
        if !args.positional.is_empty() {
            return Err(u("bundle --make makes the certificates: give no files with it".into()));
        }
        let host = o.endpoint.clone().ok_or_else(|| {
            u("bundle --make needs --endpoint HOST (general.lightrun_endpoint: the main certificate's name)".into())
        })?;
        let mut set = InternalSetOptions::new(release, namespace, now);
        set.main_hosts = vec![host];
        let mut seed = random().map_err(p)?;
        let made = certlens_core::make_bundle(&set, &Seed(seed), &o, &mut |_, _| {});
        zeroize::Zeroize::zeroize(&mut seed);
        let (made, b) = made.map_err(|e| p(e.to_string()))?;
        if let Some(d) = dir {
            // The CA's key signs more certificates later: kept beside the bundle, not in it.
            std::fs::create_dir_all(d).map_err(|e| p(format!("{d}: {e}")))?;
            let ca = format!("{d}/{}.key", made.ca.name);
            io::write_file(&ca, &made.ca.key_pem, io::Holds::Secret).map_err(p)?;
            tell!("certlens: wrote {ca} (the CA's private key: keep it offline, it is not in the bundle)");
        }
        b
    } else {
        if args.positional.is_empty() {
            return Err(u("bundle needs the certificate files (chain and key), or --make to make a private CA".into()));
        }
        let inputs = io::read_inputs(&args.positional).map_err(u)?;
        certlens_core::bundle(&inputs, &o, now, opts_in.password.as_ref().map(|p| p.as_str()))
            .map_err(|e| p(e.to_string()))?
    };
    if let Some(d) = dir {
        std::fs::create_dir_all(d).map_err(|e| p(format!("{d}: {e}")))?;
        for f in &b.files {
            let path = format!("{d}/{}", f.name);
            let holds = if f.secret { io::Holds::Secret } else { io::Holds::Public };
            io::write_file(&path, &f.text, holds).map_err(p)?;
            tell!("certlens: wrote {path}");
        }
    }
    if let Some(z) = zip {
        io::write_bytes(z, &b.zip, io::Holds::Secret).map_err(p)?;
        tell!("certlens: wrote {z}");
    }
    let _ = crate::safe::out_text(&summary(&b), false);
    Ok(if b.passes { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// What the bundle is: its settings with their consequences, the pin, the commands, the
/// doctor's verdict and what it found.
fn summary(b: &Bundle) -> String {
    let mut t = format!("Bundle for release {} in namespace {}\n\nSettings:\n", b.release, b.namespace);
    for c in &b.choices {
        t.push_str(&format!("  {} = {}\n    {}\n", c.setting, c.chosen, c.consequence));
    }
    t.push_str(&format!("\nsecurity_pinned_hashes: {}\n\nApply (in the bundle's directory):\n", b.pins.join(", ")));
    for c in &b.commands {
        t.push_str(&format!("  {c}\n"));
    }
    for w in &b.warnings {
        t.push_str(&format!("\nwarning: {w}"));
    }
    for n in &b.notes {
        t.push_str(&format!("\nnote: {n}"));
    }
    t.push_str(&format!("\n\nDoctor: {}\n", b.verdict));
    if !b.passes {
        t.push_str(&crate::deploy::doctor_text(&b.doctor, false));
    }
    t
}
