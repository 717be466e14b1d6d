//! The one gate between text and the terminal. Subjects, SANs, URIs, PEM labels, DEK-Info,
//! OpenSSH comments, YAML names, file names and every message quoting them come from the input;
//! a certificate whose CN holds ESC sequences could clear the screen and draw a fake "no problems
//! found" over the real error. Everything the CLI prints as text passes through here:
//!
//! * [`text`] for a whole text (a report): line breaks kept, our own colour codes kept when
//!   colour is on, every other control, bidi or invisible format character shown escaped
//!   (`\x1b`, `\u{202e}`);
//! * [`line`] (and the [`say!`] / [`tell!`] macros, the CLI's only `println!` / `eprintln!`)
//!   for one line: the same, and a line break inside it (a CN with `\n` in it) escaped too, so
//!   input cannot forge a line of its own.
//!
//! Data outputs (PEM, YAML, JSON, CSV, ICS) are not text: they are written as they are, by
//! [`crate::io::emit`], and their formats escape what they must.
//! A test (`no_printing_outside_safe`) fails if any other module prints directly.

use std::io::Write;

/// Characters never written raw: the core's list (controls, C1, bidi, invisible format
/// characters), which its YAML comments use too.
pub fn hidden(c: char) -> bool {
    certlens_core::output::hidden_char(c)
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
        c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
    }
}

/// The colour codes the CLI writes itself (bold, dim, red, green, yellow, cyan, reset): the
/// only escape sequences let through, and only when colour is on. An input holding one of them
/// can at most colour its own text; cursor moves, screen clears, titles, hyperlinks never pass.
const OUR_COLOURS: &[&str] = &[
    "\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[36m",
];

fn escape(s: &str, colour: bool, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '\x1b' && colour {
            if let Some(code) = OUR_COLOURS.iter().find(|code| rest.starts_with(**code)) {
                out.push_str(code);
                rest = &rest[code.len()..];
                continue;
            }
        }
        if c == '\n' && keep_newlines {
            out.push('\n');
        } else if hidden(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// One field from the input (a name, a subject, a file name), every hidden character escaped,
/// line breaks too: for building lines and table cells.
pub fn field(s: &str) -> String {
    escape(s, false, false)
}

/// One line of text: [`field`], but our colour codes kept when `colour`.
pub fn line(s: &str, colour: bool) -> String {
    escape(s, colour, false)
}

/// A whole text: line breaks kept, our colour codes kept when `colour`, everything else hidden
/// escaped.
pub fn text(s: &str, colour: bool) -> String {
    escape(s, colour, true)
}

/// Writes one line to standard output through [`line`] (no colour).
pub fn out_line(s: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{}", line(s, false));
}

/// Writes a whole text to standard output through [`text`].
pub fn out_text(s: &str, colour: bool) -> std::io::Result<()> {
    std::io::stdout().lock().write_all(text(s, colour).as_bytes())
}

/// Writes one line to standard error through [`line`] (no colour).
pub fn err_line(s: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{}", line(s, false));
}

/// Writes a text of our own (usage, help) to standard error through [`text`], with a final
/// line break.
pub fn err_line_text(s: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{}", text(s, false));
}

/// A progress line on standard error, redrawn in place: the `\r` is ours, the text escaped.
pub fn err_progress(s: &str, done: bool) {
    let mut e = std::io::stderr().lock();
    let _ = write!(e, "\r{}", line(s, false));
    if done {
        let _ = writeln!(e);
    }
}

/// `println!` for the CLI: one line, escaped.
macro_rules! say {
    ($($t:tt)*) => { $crate::safe::out_line(&format!($($t)*)) };
}

/// `eprintln!` for the CLI: one line, escaped.
macro_rules! tell {
    ($($t:tt)*) => { $crate::safe::err_line(&format!($($t)*)) };
}

pub(crate) use say;
pub(crate) use tell;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hidden_character_is_shown_escaped() {
        let bad = "a\x1b[2Jb\x07c\rd\ne\tf\x7fg\u{9b}h\u{202e}i\u{2066}j\u{200e}k\u{061c}l\u{feff}m\u{200b}n\u{e0041}o";
        assert_eq!(
            field(bad),
            "a\\x1b[2Jb\\x07c\\rd\\ne\\tf\\x7fg\\u{9b}h\\u{202e}i\\u{2066}j\\u{200e}k\\u{61c}l\\u{feff}m\\u{200b}n\\u{e0041}o"
        );
        // A whole text keeps its line breaks and nothing else.
        assert_eq!(text("x\x1b]0;t\x07\ny\r", false), "x\\x1b]0;t\\x07\ny\\r");
        // Ordinary text, accents and other scripts untouched.
        assert_eq!(field("Zürich — 東京 ✓"), "Zürich — 東京 ✓");
    }

    #[test]
    fn only_our_colour_codes_pass_and_only_with_colour() {
        let s = "\x1b[31merror\x1b[0m \x1b[2J\x1b[8m";
        assert_eq!(text(s, true), "\x1b[31merror\x1b[0m \\x1b[2J\\x1b[8m");
        assert_eq!(text(s, false), "\\x1b[31merror\\x1b[0m \\x1b[2J\\x1b[8m");
    }

    /// Printing goes through this module only: any other module calling the standard printing
    /// macros or writing to the standard streams would bypass the escaping.
    #[test]
    fn no_printing_outside_safe() {
        let sources = [
            ("args.rs", include_str!("args.rs")),
            ("bundle.rs", include_str!("bundle.rs")),
            ("deploy.rs", include_str!("deploy.rs")),
            ("flags.rs", include_str!("flags.rs")),
            ("help.rs", include_str!("help.rs")),
            ("io.rs", include_str!("io.rs")),
            ("main.rs", include_str!("main.rs")),
            ("make.rs", include_str!("make.rs")),
            ("produce.rs", include_str!("produce.rs")),
            ("text.rs", include_str!("text.rs")),
        ];
        let files: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n != "safe.rs")
            .collect();
        assert_eq!(files.len(), sources.len(), "list every module here: {files:?}");
        for (name, src) in sources {
            for banned in ["println!", "print!(", "eprint", "stdout()", "stderr()", "dbg!"] {
                // io.rs writes data outputs (PEM, YAML, JSON) to standard output as they are.
                if name == "io.rs" && banned == "stdout()" {
                    assert_eq!(src.matches(banned).count(), 2, "io.rs: emit and colour only");
                    continue;
                }
                assert!(!src.contains(banned), "{name} uses {banned}: print through safe");
            }
        }
    }
}
