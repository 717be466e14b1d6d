//! `certlens doctor` (a deployment's settings, one verdict each) and `certlens inventory`
//! (every certificate of a cluster's Secrets). Files in, text/JSON/CSV/ICS out; the verdicts,
//! their wording and the exports are the core's.

use std::process::ExitCode;

use certlens_core::{
    doctor, inventory, inventory_csv, inventory_ics, DoctorOptions, DoctorReport, Inventory,
    InventoryOptions, VerdictLevel,
};

use crate::args::Args;
use crate::io;
use crate::safe::{self, tell};

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
        Some(t) => certlens_core::timefmt::parse_rfc3339(t).map_err(String::from),
        None => Ok(io::now_unix()),
    }
}

fn warn_days(args: &Args) -> Result<Option<i64>, String> {
    args.one("--warn-days")
        .map(|d| {
            d.parse::<i64>()
                .ok()
                .filter(|n| (0..=3650).contains(n))
                .ok_or_else(|| {
                    format!("--warn-days: expected a number of days (0-3650), got {d:?}")
                })
        })
        .transpose()
}

fn doctor_cmd(raw: &[String]) -> Result<ExitCode, String> {
    let args = Args::parse(raw, "doctor")?;
    if args.positional.is_empty() {
        return Err("doctor: give a values.yaml (and the Secrets it names), or Ingress manifests with their Secrets".into());
    }
    let mut opts = DoctorOptions::at(now(&args)?);
    if let Some(r) = args.one("--release") {
        opts.release = r.to_string();
    }
    if let Some(ns) = args.one("--namespace") {
        opts.namespace = ns.to_string();
        opts.namespace_given = true;
    }
    if let Some(d) = warn_days(&args)? {
        opts.warn_days = d;
    }
    opts.show_secrets = args.has("--show-secrets");
    let inputs = io::read_inputs(&args.positional)?;
    let report = doctor(&inputs, &opts);
    if args.has("--json") {
        io::emit(&args, &format!("{}\n", report.to_json()), io::Holds::Public)?;
    } else {
        let colour = io::colour();
        io::emit_text(&args, &doctor_text(&report, colour), colour)?;
    }
    Ok(if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn mark(level: VerdictLevel, colour: bool) -> String {
    let (word, code) = match level {
        VerdictLevel::Ok => ("ok", "32"),
        VerdictLevel::Warning => ("warning", "33"),
        VerdictLevel::Error => ("error", "31"),
        VerdictLevel::NotChecked => ("not checked", "36"),
        // The core's enums are `#[non_exhaustive]`: a level added there prints as a note.
        _ => ("note", "36"),
    };
    if colour {
        format!("\x1b[{code}m[{word}]\x1b[0m")
    } else {
        format!("[{word}]")
    }
}

/// The checklist as text: the tally, then one block per setting in the core's reading order
/// (errors first), worst problem first, each with its fix and, when certlens can do it, the
/// command that does.
/// Every line passes [`safe::line`], so a name or message from the input cannot break a line
/// or carry a control character.
pub fn doctor_text(r: &DoctorReport, colour: bool) -> String {
    let mut s = String::new();
    let mut line = |t: String| {
        s.push_str(&safe::line(&t, colour));
        s.push('\n');
    };
    line(format!(
        "certlens doctor: release {}, namespace {}{} (at {})",
        r.release,
        r.namespace,
        if r.namespace_inferred {
            " (the Secrets' namespace; --namespace checks another)"
        } else {
            ""
        },
        r.now
    ));
    // The tally first, as the page's summary line: what to expect below.
    line(r.summary.line());
    line(String::new());
    // Already escaped line by line; the gate leaves escaped text as it is.
    for l in hops_text(r, colour).lines() {
        line(l.to_string());
    }
    // Errors first, then warnings, ok, not checked (the core's reading order).
    for (_, v) in r.ordered() {
        let place = match v.line {
            Some(l) => format!("{}:{l}", v.source),
            None => v.source.clone(),
        };
        line(format!("{} {}  ({place})", mark(v.level, colour), v.setting));
        if v.problems.is_empty() {
            line(format!("    {}", v.summary));
        }
        for p in &v.problems {
            line(format!("    {}: {}", p.level.word(), p.text));
            if let Some(f) = &p.fix {
                line(format!("      fix: {f}"));
            }
            // The fix certlens can do, as the command that does it (the page shows a button).
            if let Some(a) = &p.action {
                line(format!("      run: {}", a.command()));
            }
            if let Some(secret) = &p.secret {
                let value = secret
                    .value
                    .as_deref()
                    .unwrap_or("(hidden; --show-secrets to print)");
                line(format!("      {}: {value}", secret.what));
            }
        }
        for n in &v.notes {
            line(format!("    · {n}"));
        }
    }
    for e in &r.errors {
        line(format!("{} {e}", mark(VerdictLevel::Error, colour)));
    }
    for u in &r.unused {
        line(format!("    unused: {u}"));
    }
    let m = &r.summary;
    line(String::new());
    line(format!(
        "{} settings: {} ok, {} warning(s), {} error(s), {} not checked",
        r.verdicts.len(),
        m.ok,
        m.warnings,
        m.errors,
        m.not_checked
    ));
    s
}

/// The deployment's TLS hops as a compact table, before the checklist: one line per hop
/// (its verdict, who connects to whom, the client that judges it), then what is presented
/// against which anchor, and the worst problem behind it with its checklist rows.
pub fn hops_text(r: &DoctorReport, colour: bool) -> String {
    if r.hops.is_empty() {
        return String::new();
    }
    // Each logical line passes [`safe::line`] whole: a certificate label or summary from the
    // input cannot start a line of its own or carry a control character.
    let mut lines = vec!["TLS hops (each as good as the worst setting behind it):".to_string()];
    let width = r
        .hops
        .iter()
        .filter(|h| h.tls)
        .map(|h| h.from.chars().count() + h.to.chars().count() + 3)
        .max()
        .unwrap_or(0);
    // Hops without TLS, grouped by why: one line for all the internal hops of a plain cluster.
    let mut plain: Vec<(String, Vec<String>)> = Vec::new();
    for h in &r.hops {
        let route = format!("{} → {}", h.from, h.to);
        if !h.tls {
            match plain.iter_mut().find(|(why, _)| *why == h.summary) {
                Some((_, routes)) => routes.push(route),
                None => plain.push((h.summary.clone(), vec![route])),
            }
            continue;
        }
        let pad = width.saturating_sub(route.chars().count());
        let word = format!("[{}]", h.level.word());
        let m = mark(h.level, colour);
        // Align on the visible width: colour codes take no room on the terminal.
        let gap = 14usize.saturating_sub(word.chars().count());
        lines.push(format!("  {m}{:gap$}{route}{:pad$}  {}", "", "", h.client));
        lines.push(format!("  {:14}{:width$}  presents {}; anchor {}", "", "", h.presented, h.anchor));
        if h.level != VerdictLevel::Ok {
            lines.push(format!("  {:14}{:width$}  {}", "", "", h.summary));
        }
    }
    for (why, routes) in plain {
        lines.push(format!("  {:14}{}: {why}", "[no tls]", routes.join(", ")));
    }
    lines.push(String::new());
    let mut s = String::new();
    for l in lines {
        s.push_str(&safe::line(&l, colour));
        s.push('\n');
    }
    s
}

fn inventory_cmd(raw: &[String]) -> Result<ExitCode, String> {
    let args = Args::parse(raw, "inventory")?;
    let formats = ["--csv", "--json", "--ics"]
        .iter()
        .filter(|f| args.has(f))
        .count();
    if formats > 1 {
        return Err("inventory: choose one of --csv, --json, --ics".into());
    }
    if args.positional.is_empty() {
        return Err("inventory: give the output of `kubectl get secrets -A -o yaml` (or -o json), or Secret manifests".into());
    }
    let mut opts = InventoryOptions::at(now(&args)?);
    if let Some(d) = warn_days(&args)? {
        opts.warn_days = d;
    }
    let inputs = io::read_inputs(&args.positional)?;
    let inv = inventory(&inputs, &opts);
    if args.has("--csv") {
        io::emit(&args, &inventory_csv(&inv), io::Holds::Public)?;
    } else if args.has("--ics") {
        io::emit(&args, &inventory_ics(&inv), io::Holds::Public)?;
    } else if args.has("--json") {
        io::emit(&args, &format!("{}\n", inv.to_json()), io::Holds::Public)?;
    } else {
        io::emit_text(&args, &inventory_text(&inv), false)?;
    }
    for e in &inv.errors {
        tell!("certlens: {}: {}", e.location, e.message);
    }
    for n in &inv.notes {
        tell!("certlens: note: {n}");
    }
    Ok(if inv.errors.is_empty() && inv.attention() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The inventory as an aligned table, soonest expiry first.
pub fn inventory_text(inv: &Inventory) -> String {
    let header = [
        "EXPIRES",
        "DAYS",
        "NAMESPACE/NAME",
        "KEY",
        "SUBJECT",
        "CHAIN",
        "KEY MATCH",
    ];
    let mut rows: Vec<[String; 7]> = vec![header.map(str::to_string)];
    for r in &inv.rows {
        let who = r.common_name.clone().unwrap_or_else(|| r.subject.clone());
        // Escaped before the widths are measured, so the columns line up as printed.
        let f = |t: &str| safe::field(t);
        rows.push([
            f(r.not_after.get(..10).unwrap_or(&r.not_after)),
            r.days_left.to_string(),
            f(&if r.namespace.is_empty() {
                r.name.clone()
            } else {
                format!("{}/{}", r.namespace, r.name)
            }),
            f(&r.key),
            f(&who),
            f(&r.chain),
            f(&r.key_match),
        ]);
    }
    let mut width = [0usize; 7];
    for row in &rows {
        for (w, c) in width.iter_mut().zip(row.iter()) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut s = String::new();
    for row in &rows {
        let line: Vec<String> = row
            .iter()
            .zip(width.iter())
            .enumerate()
            .map(|(i, (c, w))| {
                if i == 6 {
                    c.clone()
                } else {
                    format!("{c:<w$}")
                }
            })
            .collect();
        s.push_str(line.join("  ").trim_end());
        s.push('\n');
    }
    s.push_str(&format!(
        "\n{} certificate(s) in {} of {} Secret(s); {} expired or expiring within {} days\n",
        inv.rows.len(),
        inv.secrets_with_certificates,
        inv.secrets,
        inv.attention(),
        inv.warn_days
    ));
    s
}
