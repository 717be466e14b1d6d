//! `certlens doctor` (a deployment's settings, one verdict each) and `certlens inventory`
//! (every certificate of a cluster's Secrets). Files in, text/JSON/CSV/ICS out; the verdicts,
//! their wording and the exports are the core's.

use std::process::ExitCode;

use certlens_core::{doctor, DoctorOptions, DoctorReport, Level};

use crate::args::Args;
use crate::io;

pub fn run(cmd: &str, raw: &[String], usage: &str) -> ExitCode {
    let result = match cmd {
        "doctor" => doctor_cmd(raw),
        _ => inventory_cmd(raw),
    };
    match result {
        Ok(code) => code,
        Err(e) => io::usage_error(&e, usage),
    }
}

fn now(args: &Args) -> Result<i64, String> {
    match args.one("--now") {
        Some(t) => certlens_core::timefmt::parse_rfc3339(t),
        None => Ok(io::now_unix()),
    }
}

fn warn_days(args: &Args) -> Result<Option<i64>, String> {
    args.one("--warn-days")
        .map(|d| {
            d.parse::<i64>()
                .ok()
                .filter(|n| (0..=3650).contains(n))
                .ok_or_else(|| format!("--warn-days: expected a number of days (0-3650), got {d:?}"))
        })
        .transpose()
}

fn doctor_cmd(raw: &[String]) -> Result<ExitCode, String> {
    let args = Args::parse(
        raw,
        &["--release", "--namespace", "--now", "--warn-days"],
        &["--json"],
    )?;
    if args.positional.is_empty() {
        return Err("doctor: give a values.yaml (and the Secrets it names), or Ingress manifests with their Secrets".into());
    }
    let mut opts = DoctorOptions::at(now(&args)?);
    if let Some(r) = args.one("--release") {
        opts.release = r.to_string();
    }
    if let Some(ns) = args.one("--namespace") {
        opts.namespace = ns.to_string();
    }
    if let Some(d) = warn_days(&args)? {
        opts.warn_days = d;
    }
    let inputs = io::read_inputs(&args.positional)?;
    let report = doctor(&inputs, &opts);
    if args.has("--json") {
        println!("{}", report.to_json());
    } else {
        print!("{}", doctor_text(&report, io::colour()));
    }
    Ok(if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn mark(level: Level, colour: bool) -> String {
    let (word, code) = match level {
        Level::Ok => ("ok", "32"),
        Level::Warning => ("warning", "33"),
        Level::Error => ("error", "31"),
        Level::NotChecked => ("not checked", "36"),
    };
    if colour {
        format!("\x1b[{code}m[{word}]\x1b[0m")
    } else {
        format!("[{word}]")
    }
}

/// The checklist as text: one block per setting, worst problem first, each with its fix.
pub fn doctor_text(r: &DoctorReport, colour: bool) -> String {
    let mut s = format!(
        "certlens doctor: release {}, namespace {} (at {})\n\n",
        r.release, r.namespace, r.now
    );
    for v in &r.verdicts {
        let place = match v.line {
            Some(l) => format!("{}:{l}", v.source),
            None => v.source.clone(),
        };
        s.push_str(&format!("{} {}  ({place})\n", mark(v.level, colour), v.setting));
        if v.problems.is_empty() {
            s.push_str(&format!("    {}\n", v.summary));
        }
        for p in &v.problems {
            s.push_str(&format!("    {}: {}\n", p.level.word(), p.text));
            if let Some(f) = &p.fix {
                s.push_str(&format!("      fix: {f}\n"));
            }
        }
        for n in &v.notes {
            s.push_str(&format!("    · {n}\n"));
        }
    }
    for e in &r.errors {
        s.push_str(&format!("{} {e}\n", mark(Level::Error, colour)));
    }
    for u in &r.unused {
        s.push_str(&format!("    unused: {u}\n"));
    }
    let m = &r.summary;
    s.push_str(&format!(
        "\n{} settings: {} ok, {} warning(s), {} error(s), {} not checked\n",
        r.verdicts.len(),
        m.ok,
        m.warnings,
        m.errors,
        m.not_checked
    ));
    s
}

fn inventory_cmd(_raw: &[String]) -> Result<ExitCode, String> {
    Err("inventory: not built yet".into())
}
