//! `certlens SUBCOMMAND --help` (or `-h`, anywhere before `--`; or `certlens help SUBCOMMAND`)
//! and the general usage, both generated from the flag and command definitions in
//! [`crate::flags`]: a flag's usage word and help are written once.

use crate::flags::{self, Command, Flag};

/// Usage lines of a command's help wrap before this width.
const HELP_WIDTH: usize = 95;
/// The general usage's lines wrap before this width.
const USAGE_WIDTH: usize = 98;
/// The general usage's continuation lines start here.
const USAGE_INDENT: usize = 19;
/// The options list's help column starts at least this far (after two spaces).
const OPTION_COLUMN: usize = 19;

const USAGE_HEAD: &str = "certlens — inspect TLS certificates and keys, offline\n\nusage:\n";

const USAGE_TAIL: &str = "\
Files written by --out or --values-out that can hold a private or encryption key (values,
secret, internal-tls, convert-key, keygen, new, p12) are made readable by their owner only (mode 0600).

certlens COMMAND --help shows one command's options and an example.

FILE may be PEM, DER, Base64, PKCS#7, PKCS#12, a Kubernetes Secret or a values.yaml;
- reads standard input. Exit status: 0 all read (check: no error finding), 1 problems
reported, 2 usage error.";

/// Whether `--help` or `-h` appears among the arguments (before a `--`).
pub fn asked(rest: &[String]) -> bool {
    rest.iter()
        .take_while(|a| a.as_str() != "--")
        .any(|a| a == "--help" || a == "-h")
}

/// The help of `cmd`, when it has one.
pub fn of(cmd: &str) -> Option<String> {
    let c = flags::command(cmd).filter(|c| !c.title.is_empty())?;
    let mut s = format!("certlens {} — {}\n\n", c.name, c.title);
    let kinds: Vec<&Command> = if c.kinds.is_empty() {
        vec![c]
    } else {
        c.kinds.iter().filter_map(|k| flags::command(k)).collect()
    };
    for (i, k) in kinds.iter().enumerate() {
        let lead = if i == 0 { "usage: " } else { "       " };
        let prefix = format!("{lead}certlens {} ", k.name);
        let indent = prefix.chars().count();
        s.push_str(&wrap(&prefix, indent, &synopsis(k), HELP_WIDTH));
    }
    let options = options(c, &kinds);
    for part in [c.about, options.as_str(), c.after, c.example] {
        if !part.is_empty() {
            s.push('\n');
            s.push_str(part);
            s.push('\n');
        }
    }
    s.pop();
    Some(s)
}

/// The general usage: every command's usage line, with its note.
pub fn usage() -> String {
    let mut s = USAGE_HEAD.to_string();
    for c in flags::COMMANDS.iter().filter(|c| c.kinds.is_empty()) {
        let prefix = format!("  certlens {:<7} ", c.name);
        s.push_str(&wrap(&prefix, USAGE_INDENT, &synopsis(c), USAGE_WIDTH));
        for line in c.note.lines() {
            s.push_str(&format!("{:USAGE_INDENT$}{line}\n", ""));
        }
    }
    s.push('\n');
    s.push_str(USAGE_TAIL);
    s
}

/// The words of a usage line: each flag (alternatives in one bracket), then the operands.
fn synopsis(c: &Command) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut group: Option<(&str, Vec<String>)> = None;
    for f in flags::of(c.name).filter(|f| !f.hidden) {
        let word = usage_word(f);
        match (&mut group, f.group) {
            (Some((g, alts)), Some(h)) if *g == h => alts.push(word),
            (_, h) => {
                if let Some((_, alts)) = group.take() {
                    words.push(format!("[{}]", alts.join(" | ")));
                }
                match h {
                    Some(h) => group = Some((h, vec![word])),
                    None if f.required => words.push(word + if f.repeat { "..." } else { "" }),
                    None => words.push(format!("[{word}]{}", if f.repeat { "..." } else { "" })),
                }
            }
        }
    }
    if let Some((_, alts)) = group {
        words.push(format!("[{}]", alts.join(" | ")));
    }
    if !c.operands.is_empty() {
        words.push(c.operands.to_string());
    }
    words
}

fn usage_word(f: &Flag) -> String {
    match f.value {
        Some(v) => format!("{} {v}", f.name),
        None => f.name.to_string(),
    }
}

/// `prefix` then `words`, wrapped before `width`, continuation lines indented by `indent`.
fn wrap(prefix: &str, indent: usize, words: &[String], width: usize) -> String {
    let mut out = String::new();
    let mut line = prefix.to_string();
    let mut first = true;
    for w in words {
        if first {
            first = false;
        } else if line.chars().count() + 1 + w.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line = " ".repeat(indent);
        } else {
            line.push(' ');
        }
        line.push_str(w);
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

/// The options list of a help page: every flag of its kinds that has help, once.
fn options(c: &Command, kinds: &[&Command]) -> String {
    let mut listed: Vec<&Flag> = Vec::new();
    for f in flags::FLAGS {
        let shown = !f.help.is_empty()
            && (c.lists_common || !f.common)
            && kinds.iter().any(|k| f.applies_to(k.name));
        if shown && !listed.iter().any(|g| g.name == f.name) {
            listed.push(f);
        }
    }
    let label = |f: &Flag| match f.label.or(f.value) {
        Some(v) => format!("{} {v}", f.name),
        None => f.name.to_string(),
    };
    let column = listed
        .iter()
        .map(|f| label(f).chars().count() + 1)
        .fold(OPTION_COLUMN, usize::max);
    let mut s = String::new();
    for f in listed {
        let mut lines = f.help.lines();
        let first = lines.next().unwrap_or("");
        s.push_str(&format!("  {:column$}{first}\n", label(f)));
        for l in lines {
            s.push_str(&format!("  {:column$}{l}\n", ""));
        }
    }
    s.pop();
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_with_a_title_has_a_help_page_with_an_example() {
        for c in flags::COMMANDS.iter().filter(|c| !c.title.is_empty()) {
            let h = of(c.name).unwrap();
            assert!(h.starts_with(&format!("certlens {} — ", c.name)), "{h}");
            assert!(h.contains("\nexample"), "{h}");
        }
    }

    #[test]
    fn the_usage_names_every_accepted_flag_that_is_not_hidden() {
        let u = usage();
        for f in flags::FLAGS.iter().filter(|f| !f.hidden) {
            assert!(u.contains(&usage_word(f)), "{}", f.name);
        }
    }
}
