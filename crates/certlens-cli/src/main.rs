//! `certlens`: the command-line face of certlens-core. It reads files and the clock, parses
//! arguments and prints; everything else is the core.

mod args;
mod deploy;
mod help;
mod io;
mod make;
mod produce;
mod text;

use std::process::ExitCode;

use args::Args;
use certlens_core::Severity;

const USAGE: &str = "\
certlens — inspect TLS certificates and keys, offline

usage:
  certlens inspect [--json] [--full] [--self-signatures] [--password-file F] [--now RFC3339] FILE...
  certlens check   [--host NAME]... [--service NAME]... [--namespace NS] [--pins FILE]
                   [--warn-days N] [--json] [--self-signatures] [--password-file F]
                   [--now RFC3339] FILE...
                   (--self-signatures also checks each root's signature with its own key,
                   like openssl verify -check_ss_sig; chain links are always checked)
  certlens chain   [--no-root] [--chain N] [--out FILE] FILE...
  certlens values  [--key-format pkcs8|pkcs1] [--no-root] [--old-pins FILE]... [--chain N]
                   [--allow-incomplete] [--release NAME] [--out FILE] FILE...
  certlens secret  [--name N] [--namespace NS] [--with-ca] [--no-root] [--kubectl]
                   [--key-format pkcs8|pkcs1] [--chain N] [--allow-incomplete] [--out FILE] FILE...
  certlens internal-tls --release NAME --namespace NS [--service KEY]... [--ca-secret N]
                   [--existing KEY=SECRET]... [--no-root] [--allow-incomplete]
                   [--values-out FILE] [--out FILE] FILE...
                   (no --service: all seven keys the chart mounts)
  certlens custom-ca [--release NAME] [--namespace NS] [--secret-name N] [--out FILE] FILE...
  certlens pins    [--base64] [--out FILE] FILE...
  certlens convert-key --to pkcs8|pkcs1|sec1 [--key N] [--out FILE] FILE...
                   (values, secret, internal-tls, pins, convert-key also take
                   [--password-file F] [--now RFC3339]; tls.crt is the full chain
                   leaf → intermediate → root, the root unless --no-root (--with-root is an
                   old name that changes nothing); a PKCS#1 or PKCS#8 key is kept as given)
  certlens keygen  [--rotate OLDKEY|- | --rotate-file F | --rotate-from SECRET-OR-VALUES|-]
                   [--secret-name N] [--namespace NS] [--out FILE]
                   (--rotate-from: every encryption-key-N of the existing backend Secret,
                   plus the new N+1, all written out; the backend mounts them only after
                   helm upgrade against the cluster: see certlens keygen --help)
  certlens new self-signed --host NAME... [--key-type T] [--days N] [--out FILE]
                   [--cert-out FILE] [--key-out FILE]
                   (testing only: prints the certificate.tls values, SANs included)
  certlens new internal-tls --release NAME --namespace NS [--cluster-domain D]
                   [--main-host H]... [--key-type T] [--days N] [--ca-days N]
                   [--no-name-constraints] [--dir DIR] [--values-out FILE] [--out FILE]
                   (a private CA and every service's certificate: Secrets, CA Secret, values)
  certlens new csr --host NAME... --key-out FILE [--key-type T] [--org O] [--org-unit OU]
                   [--country C] [--out FILE]
  certlens p12     --password-file F --out FILE [--name N] [--chain N] [--leaf-only]
                   [--in-password-file F] FILE...
                   (--key-type: ecdsa-p256 (default), rsa2048, rsa3072, rsa4096, ed25519)
  certlens keycheck [VALUE|- | --file F]
                   (a key given as an argument is visible to other users in the process
                   list: prefer --rotate-file/--file F, or - for standard input)
  certlens doctor  [--release R] [--namespace NS] [--warn-days N] [--json] [--now RFC3339] FILE...
                   (a values.yaml with the Secrets it names, or Ingress / cert-manager
                   Certificate manifests with theirs: one verdict per setting, with its fix;
                   exit 1 on any error verdict)
  certlens inventory [--csv | --json | --ics] [--warn-days N] [--now RFC3339] FILE...
                   (kubectl get secrets -A -o yaml|json: one row per certificate, soonest
                   expiry first; --ics: a calendar with a reminder N days before each)

Files written by --out or --values-out that can hold a private or encryption key (values,
secret, internal-tls, convert-key, keygen, new, p12) are made readable by their owner only (mode 0600).

certlens COMMAND --help shows one command's options and an example.

FILE may be PEM, DER, Base64, PKCS#7, PKCS#12, a Kubernetes Secret or a values.yaml;
- reads standard input. Exit status: 0 all read (check: no error finding), 1 problems
reported, 2 usage error.";

fn main() -> ExitCode {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = raw.split_first() else {
        return io::usage_error("no command given", USAGE);
    };
    // `certlens CMD --help` (anywhere before `--`) and `certlens help CMD`: that command's help.
    let help_of = match (cmd.as_str(), rest.first()) {
        ("help", Some(c)) => Some(c.as_str()),
        (c, _) if help::asked(rest) => Some(c),
        _ => None,
    };
    if let Some(c) = help_of {
        println!("{}", help::of(c).unwrap_or(USAGE));
        return ExitCode::SUCCESS;
    }
    match cmd.as_str() {
        "inspect" => inspect_cmd(rest, false),
        "check" => inspect_cmd(rest, true),
        "chain" => chain_cmd(rest),
        "values" | "secret" | "internal-tls" | "custom-ca" | "pins" | "convert-key" | "keygen"
        | "keycheck" => produce::run(cmd, rest, USAGE),
        "new" | "p12" => make::run(cmd, rest, USAGE),
        "doctor" | "inventory" => deploy::run(cmd, rest, USAGE),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        "-V" | "--version" => {
            println!("certlens {}", env!("CARGO_PKG_VERSION"));
            // Trust verdicts depend on the root store this build carries: say which.
            let store = certlens_core::root_store::root_store();
            println!(
                "root store: {} ({} roots, {}, snapshot {})",
                store.name, store.roots, store.source, store.date
            );
            ExitCode::SUCCESS
        }
        other => io::usage_error(&format!("unknown command \"{other}\""), USAGE),
    }
}

fn fail(e: String) -> ExitCode {
    io::usage_error(&e, USAGE)
}

fn inspect_cmd(raw: &[String], check: bool) -> ExitCode {
    let with_value: &[&str] = if check {
        &[
            "--password-file",
            "--now",
            "--host",
            "--service",
            "--namespace",
            "--pins",
            "--warn-days",
        ]
    } else {
        &["--password-file", "--now", "--warn-days"]
    };
    let args = match Args::parse(raw, with_value, &["--json", "--full", "--self-signatures"]) {
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
    let report = certlens_core::inspect(&inputs, &opts);
    let out = if args.has("--json") {
        report.to_json() + "\n"
    } else {
        text::report(&report, io::colour(), args.has("--full"))
    };
    if let Err(e) = io::emit(&args, &out, io::Holds::Public) {
        eprintln!("certlens: {e}");
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
    let args = match Args::parse(
        raw,
        &["--password-file", "--now", "--chain", "--out"],
        &["--no-root"],
    ) {
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
        eprintln!("certlens: {}", e.message);
    }
    if report.chains.len() > 1 && chain.is_none() {
        eprintln!("certlens: the input holds {} chains; writing the one chosen by the key or length (pick with --chain N)", report.chains.len());
    }
    let include_root = !args.has("--no-root") && certlens_core::output::DEFAULT_INCLUDE_ROOT;
    match certlens_core::output::chain_pem(&report, chain, include_root) {
        Ok(c) => match io::emit(&args, &c.pem, io::Holds::Public) {
            Ok(()) => {
                if !c.summary.is_empty() {
                    eprintln!("certlens: full chain: {}", c.summary);
                }
                for n in &c.notes {
                    eprintln!("certlens: {n}");
                }
                for w in &c.warnings {
                    eprintln!("certlens: warning: {w}");
                }
                if report.errors.is_empty() {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                }
            }
            Err(e) => {
                eprintln!("certlens: {e}");
                ExitCode::from(1)
            }
        },
        Err(e) => {
            eprintln!("certlens: {e}");
            ExitCode::from(1)
        }
    }
}
