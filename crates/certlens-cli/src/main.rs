//! `certlens`: the command-line face of certlens-core. It reads files and the clock, parses
//! arguments and prints; everything else is the core.

mod args;
mod bundle;
mod deploy;
mod flags;
mod help;
mod io;
mod make;
mod produce;
mod safe;
mod text;

use std::process::ExitCode;

use args::Args;
use certlens_core::Severity;
use safe::{say, tell};

fn main() -> ExitCode {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = raw.split_first() else {
        return io::usage_error("no command given", &help::usage());
    };
    // `certlens CMD --help` (anywhere before `--`) and `certlens help CMD`: that command's help.
    let help_of = match (cmd.as_str(), rest.first()) {
        ("help", Some(c)) => Some(c.as_str()),
        (c, _) if help::asked(rest) => Some(c),
        _ => None,
    };
    if let Some(c) = help_of {
        let _ = safe::out_text(&(help::of(c).unwrap_or_else(help::usage) + "\n"), false);
        return ExitCode::SUCCESS;
    }
    match cmd.as_str() {
        "inspect" => inspect_cmd(rest, false),
        "check" => inspect_cmd(rest, true),
        "chain" => chain_cmd(rest),
        "values" | "secret" | "internal-tls" | "custom-ca" | "pins" | "convert-key" | "keygen"
        | "keycheck" | "agents" => produce::run(cmd, rest, &help::usage()),
        "new" | "p12" => make::run(cmd, rest, &help::usage()),
        "doctor" | "inventory" => deploy::run(cmd, rest, &help::usage()),
        "bundle" => bundle::run(rest, &help::usage()),
        "-h" | "--help" | "help" => {
            let _ = safe::out_text(&(help::usage() + "\n"), false);
            ExitCode::SUCCESS
        }
        "-V" | "--version" => {
            say!("certlens {}", env!("CARGO_PKG_VERSION"));
            // Trust verdicts depend on the root store this build carries: say which.
            let store = certlens_core::root_store::root_store();
            say!(
                "root store: {} ({} roots, {}, snapshot {})",
                store.name, store.roots, store.source, store.date
            );
            ExitCode::SUCCESS
        }
        other => io::usage_error(&format!("unknown command \"{other}\""), &help::usage()),
    }
}

fn fail(e: String) -> ExitCode {
    io::usage_error(&e, &help::usage())
}

fn inspect_cmd(raw: &[String], check: bool) -> ExitCode {
    let args = match Args::parse(raw, if check { "check" } else { "inspect" }) {
        Ok(a) => a,
        Err(e) => return fail(e),
    };
    let mut opts = match io::options(&args) {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    let inputs = match io::read_inputs(&args.positional) {
        Ok(i) => i,
        Err(e) => return fail(e),
    };
    if check {
        let mut names = args.all("--host");
        names.extend(certlens_core::expand_services(
            &args.all("--service"),
            args.one("--namespace"),
        ));
        opts.names = names;
        if let Some(f) = args.one("--pins") {
            match std::fs::read_to_string(f) {
                Ok(t) => opts.expected_pins = Some(t),
                Err(e) => return fail(format!("{f}: {e}")),
            }
        }
    }
    // The summary shapes the JSON report only (the text already shows a short form unless
    // --full): refused without --json rather than silently ignored.
    let detail = if args.has("--summary") {
        if !args.has("--json") {
            return fail(
                "--summary goes with --json (it shortens each certificate of the JSON report)"
                    .into(),
            );
        }
        certlens_core::CertificateDetail::Summary
    } else {
        certlens_core::CertificateDetail::Full
    };
    let opts = certlens_core::Options { detail, ..opts };
    let report = certlens_core::inspect(&inputs, &opts);
    let written = if args.has("--json") {
        match report.to_json_as_within(detail, opts.limits.max_output_bytes) {
            Ok(json) => io::emit(&args, &(json + "\n"), io::Holds::Public),
            Err(e) => Err(e.to_string()),
        }
    } else {
        let colour = io::colour();
        io::emit_text(&args, &text::report(&report, colour, args.has("--full")), colour)
    };
    if let Err(e) = written {
        tell!("certlens: {e}");
        return ExitCode::from(1);
    }
    let failed = if check {
        !report.errors.is_empty()
            || report
                .findings
                .iter()
                .any(|f| f.severity == Severity::Error)
    } else {
        !report.errors.is_empty()
    };
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn chain_cmd(raw: &[String]) -> ExitCode {
    let args = match Args::parse(raw, "chain") {
        Ok(a) => a,
        Err(e) => return fail(e),
    };
    let opts = match io::options(&args) {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    let inputs = match io::read_inputs(&args.positional) {
        Ok(i) => i,
        Err(e) => return fail(e),
    };
    let chain = match args.one("--chain").map(|c| c.parse::<usize>()) {
        None => None,
        Some(Ok(n)) if n >= 1 => Some(n - 1),
        Some(_) => return fail("--chain wants a chain number starting at 1".into()),
    };
    let report = certlens_core::inspect(&inputs, &opts);
    for e in &report.errors {
        tell!("certlens: {}", e.message);
    }
    if report.chains.len() > 1 && chain.is_none() {
        tell!("certlens: the input holds {} chains; writing the one chosen by the key or length (pick with --chain N)", report.chains.len());
    }
    let include_root = !args.has("--no-root") && certlens_core::output::DEFAULT_INCLUDE_ROOT;
    match certlens_core::output::chain_pem(&report, chain, include_root) {
        Ok(c) => match io::emit(&args, &c.pem, io::Holds::Public) {
            Ok(()) => {
                if !c.summary.is_empty() {
                    tell!("certlens: full chain: {}", c.summary);
                }
                for n in &c.notes {
                    tell!("certlens: {n}");
                }
                for w in &c.warnings {
                    tell!("certlens: warning: {w}");
                }
                if report.errors.is_empty() {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                }
            }
            Err(e) => {
                tell!("certlens: {e}");
                ExitCode::from(1)
            }
        },
        Err(e) => {
            tell!("certlens: {e}");
            ExitCode::from(1)
        }
    }
}
