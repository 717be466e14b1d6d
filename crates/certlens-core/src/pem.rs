//! A lenient PEM scanner.
//!
//! Users paste PEM with prose around it (`openssl x509 -text` output), CRLF line endings, a BOM,
//! no final newline, or a block cut short. The `pem` crate stops at the first problem; we need
//! every block that *can* be read plus a precise error for every block that cannot, so this
//! scanner works line by line and never gives up on the rest of the text.

use crate::limits::Limits;

/// One `-----BEGIN X-----` … `-----END X-----` block found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PemBlock {
    /// The label between `BEGIN ` and the dashes, e.g. `CERTIFICATE`.
    pub label: String,
    /// RFC 1421 headers (`Proc-Type`, `DEK-Info`) in the order they appeared.
    pub headers: Vec<(String, String)>,
    /// The decoded body.
    pub der: Vec<u8>,
    /// 1-based line number of the BEGIN line.
    pub line: usize,
    /// Bytes of the source text this block spans, BEGIN to END line inclusive.
    pub encoded_len: usize,
}

/// What can be wrong with a PEM block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PemProblem {
    /// The text ended (or another BEGIN started) before the END line.
    MissingEnd { next_begin_line: Option<usize> },
    /// `-----END Y-----` closes `-----BEGIN X-----`.
    MismatchedEnd { end_label: String },
    /// A body line holds characters that are not Base64.
    BadBase64 { line: usize, detail: String },
    /// A body line is longer than any real PEM writer produces.
    LineTooLong { line: usize, len: usize },
    /// The block has no body at all.
    Empty,
}

impl core::fmt::Display for PemProblem {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            PemProblem::MissingEnd {
                next_begin_line: Some(l),
            } => {
                write!(f, "missing END line (another BEGIN starts at line {l}); the block looks truncated")
            }
            PemProblem::MissingEnd {
                next_begin_line: None,
            } => {
                write!(
                    f,
                    "missing END line: the text ends inside the block, so it looks truncated"
                )
            }
            PemProblem::MismatchedEnd { end_label } => {
                write!(
                    f,
                    "the END line says \"{end_label}\", which does not match its BEGIN line"
                )
            }
            PemProblem::BadBase64 { line, detail } => {
                write!(f, "invalid Base64 on line {line}: {detail}")
            }
            PemProblem::LineTooLong { line, len } => {
                write!(
                    f,
                    "line {line} is {len} characters long; PEM lines are at most a few hundred"
                )
            }
            PemProblem::Empty => write!(f, "the block has no content between BEGIN and END"),
        }
    }
}

/// A block that was recognised by its BEGIN line but could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PemFailure {
    pub label: String,
    pub line: usize,
    pub problem: PemProblem,
}

/// One item found in a text, in order: a decoded block or a block that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PemItem {
    Block(PemBlock),
    Failure(PemFailure),
}

/// Whether `text` contains anything that looks like a PEM BEGIN line.
pub fn contains_pem(text: &str) -> bool {
    text.contains("-----BEGIN ")
}

fn begin_label(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix("-----BEGIN ")?;
    let label = rest.strip_suffix("-----")?;
    Some(label.trim_end_matches('-').trim())
}

fn end_label(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix("-----END ")?;
    let label = rest.strip_suffix("-----")?;
    Some(label.trim_end_matches('-').trim())
}

struct Open<'t> {
    label: String,
    line: usize,
    start: usize,
    headers: Vec<(String, String)>,
    /// (line number, trimmed line) of each body line.
    body: Vec<(usize, &'t str)>,
    body_started: bool,
    problem: Option<PemProblem>,
}

/// Scan `text` for PEM blocks. Text outside blocks is ignored. Never panics.
pub fn scan(text: &str, limits: &Limits) -> Vec<PemItem> {
    let mut items = Vec::new();
    let mut open: Option<Open<'_>> = None;
    let mut offset = 0usize;
    for (i, raw_line) in text.split('\n').enumerate() {
        let line_no = i + 1;
        let line_start = offset;
        offset += raw_line.len() + 1;
        let line = raw_line.strip_suffix('\r').unwrap_or(raw_line);

        if let Some(label) = begin_label(line) {
            if let Some(prev) = open.take() {
                items.push(PemItem::Failure(PemFailure {
                    label: prev.label,
                    line: prev.line,
                    problem: PemProblem::MissingEnd {
                        next_begin_line: Some(line_no),
                    },
                }));
            }
            open = Some(Open {
                label: label.to_string(),
                line: line_no,
                start: line_start,
                headers: Vec::new(),
                body: Vec::new(),
                body_started: false,
                problem: None,
            });
            continue;
        }
        let Some(cur) = open.as_mut() else { continue };
        if let Some(end) = end_label(line) {
            let Some(cur) = open.take() else { continue };
            let end_offset = (line_start + raw_line.len()).min(text.len());
            items.push(finish(cur, end, end_offset));
            continue;
        }
        if cur.problem.is_some() {
            continue;
        }
        let trimmed = line.trim();
        if trimmed.len() > limits.max_pem_line {
            cur.problem = Some(PemProblem::LineTooLong {
                line: line_no,
                len: trimmed.len(),
            });
            continue;
        }
        if !cur.body_started {
            if trimmed.is_empty() {
                // The blank line after RFC 1421 headers.
                continue;
            }
            if let Some((k, v)) = trimmed.split_once(':') {
                if !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                    cur.headers
                        .push((k.trim().to_string(), v.trim().to_string()));
                    continue;
                }
            }
            cur.body_started = true;
        }
        if trimmed.is_empty() {
            continue;
        }
        // Characters are validated by the Base64 decoder at the END line; only when it fails is
        // the offending line searched for (see `finish`). Checking every byte here cost more
        // than the decoding itself.
        cur.body.push((line_no, trimmed));
    }
    if let Some(cur) = open.take() {
        items.push(PemItem::Failure(PemFailure {
            label: cur.label,
            line: cur.line,
            problem: PemProblem::MissingEnd {
                next_begin_line: None,
            },
        }));
    }
    items
}

fn is_b64_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_')
}

fn finish(cur: Open<'_>, end: &str, end_offset: usize) -> PemItem {
    let fail = |problem| {
        PemItem::Failure(PemFailure {
            label: cur.label.clone(),
            line: cur.line,
            problem,
        })
    };
    if let Some(p) = cur.problem.clone() {
        return fail(p);
    }
    if end != cur.label {
        return fail(PemProblem::MismatchedEnd {
            end_label: end.to_string(),
        });
    }
    let mut joined = String::with_capacity(cur.body.iter().map(|(_, l)| l.len()).sum());
    for (_, l) in &cur.body {
        joined.push_str(l);
    }
    if joined.is_empty() {
        return fail(PemProblem::Empty);
    }
    match crate::b64::decode_standard(&joined) {
        Ok(der) => PemItem::Block(PemBlock {
            label: cur.label,
            headers: cur.headers,
            der,
            line: cur.line,
            encoded_len: end_offset.saturating_sub(cur.start),
        }),
        Err(detail) => {
            // Point at the first line holding a character that is not Base64, if there is one.
            for (line, text) in &cur.body {
                if let Some(bad) = text.bytes().position(|b| !is_b64_byte(b)) {
                    let ch = text
                        .get(bad..)
                        .and_then(|t| t.chars().next())
                        .unwrap_or('?');
                    return fail(PemProblem::BadBase64 {
                        line: *line,
                        detail: format!("unexpected character {ch:?} at column {}", bad + 1),
                    });
                }
            }
            fail(PemProblem::BadBase64 {
                line: cur.line,
                detail,
            })
        }
    }
}

/// Encode DER as PEM with 64-column lines and a final newline, as OpenSSL writes it.
pub fn encode(label: &str, der: &[u8]) -> String {
    let b64 = crate::b64::encode_standard(der);
    let mut out = String::with_capacity(b64.len() + b64.len() / 64 + label.len() * 2 + 40);
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    let bytes = b64.as_bytes();
    for chunk in bytes.chunks(64) {
        // Base64 output is ASCII, so every chunk boundary is a char boundary.
        out.push_str(core::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lim() -> Limits {
        Limits::default()
    }

    #[test]
    fn reads_blocks_between_prose_and_crlf() {
        let text = "hello\r\n-----BEGIN A-----\r\nAAEC\r\n-----END A-----\r\nbye\n-----BEGIN B-----\nAw==\n-----END B-----";
        let items = scan(text, &lim());
        assert_eq!(items.len(), 2);
        match &items[0] {
            PemItem::Block(b) => {
                assert_eq!(b.label, "A");
                assert_eq!(b.der, vec![0, 1, 2]);
                assert_eq!(b.line, 2);
            }
            other => panic!("{other:?}"),
        }
        match &items[1] {
            PemItem::Block(b) => assert_eq!(
                (b.label.as_str(), b.der.as_slice(), b.line),
                ("B", &[3u8][..], 6)
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn truncated_block_then_good_block() {
        let text = "-----BEGIN X-----\nAAEC\n-----BEGIN Y-----\nAw==\n-----END Y-----\n";
        let items = scan(text, &lim());
        assert_eq!(
            items[0],
            PemItem::Failure(PemFailure {
                label: "X".into(),
                line: 1,
                problem: PemProblem::MissingEnd {
                    next_begin_line: Some(3)
                }
            })
        );
        assert!(matches!(&items[1], PemItem::Block(b) if b.label == "Y"));
    }

    #[test]
    fn headers_are_kept() {
        let text = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00FF\n\nAAEC\n-----END RSA PRIVATE KEY-----\n";
        let items = scan(text, &lim());
        let PemItem::Block(b) = &items[0] else {
            panic!("{items:?}")
        };
        assert_eq!(
            b.headers[0],
            ("Proc-Type".to_string(), "4,ENCRYPTED".to_string())
        );
        assert_eq!(b.headers[1].1, "AES-256-CBC,00FF");
    }

    #[test]
    fn bad_characters_and_mismatch() {
        let items = scan("-----BEGIN A-----\nAA@C\n-----END A-----\n", &lim());
        assert!(
            matches!(&items[0], PemItem::Failure(f) if matches!(f.problem, PemProblem::BadBase64 { line: 2, .. }))
        );
        let items = scan("-----BEGIN A-----\nAAEC\n-----END B-----\n", &lim());
        assert!(
            matches!(&items[0], PemItem::Failure(f) if matches!(&f.problem, PemProblem::MismatchedEnd { end_label } if end_label == "B"))
        );
    }

    #[test]
    fn encode_wraps_at_64() {
        let pem = encode("X", &[0u8; 60]);
        let lines: Vec<&str> = pem.lines().collect();
        assert_eq!(lines[0], "-----BEGIN X-----");
        assert_eq!(lines[1].len(), 64);
        assert_eq!(lines[2].len(), 16);
        assert_eq!(lines[3], "-----END X-----");
    }
}
