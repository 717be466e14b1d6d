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
    /// When the body is Base64 that certlens reads but strict PEM readers refuse (no `=`
    /// padding, the URL-safe alphabet): what is wrong. See [`base64_note`].
    pub base64_note: Option<String>,
}

/// Why a PEM body's Base64 is not what Go's `encoding/pem` (`base64.StdEncoding`) and OpenSSL's
/// PEM reader accept, or `None`: certlens decodes it leniently, they refuse the whole block
/// (Go: "failed to find any PEM data"; OpenSSL: "unable to load certificate"; both checked
/// with openssl by `tests/fixtures/generate.sh`).
pub fn base64_note(body: &str) -> Option<String> {
    let chars = body.bytes().filter(|b| !b.is_ascii_whitespace());
    let (mut n, mut url, mut padded) = (0usize, false, false);
    for b in chars {
        n += 1;
        url |= b == b'-' || b == b'_';
        padded |= b == b'=';
    }
    if url {
        Some("its Base64 uses the URL-safe alphabet ('-' and '_'), which PEM does not".into())
    } else if n % 4 != 0 && !padded {
        Some("its Base64 lacks the '=' padding PEM requires".into())
    } else {
        None
    }
}

/// What can be wrong with a PEM block.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
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

/// Byte-slice equality eight bytes at a time. `==` on byte slices calls `memcmp`, which on
/// wasm32 is compiler-builtins' loop over single bytes: comparing the copies of a bundle pasted
/// ten times took 6 % of `inspect` there.
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    for (p, q) in (&mut x).zip(&mut y) {
        match (<[u8; 8]>::try_from(p), <[u8; 8]>::try_from(q)) {
            (Ok(p), Ok(q)) if u64::from_ne_bytes(p) == u64::from_ne_bytes(q) => {}
            _ => return false,
        }
    }
    x.remainder().iter().zip(y.remainder()).all(|(p, q)| p == q)
}

/// How many earlier blocks (or certificates) one lookup key keeps for comparison: enough for
/// real copies, few enough that crafted look-alikes cost linear time, not quadratic.
pub(crate) const SAME_KEY_CANDIDATES: usize = 8;

/// Where `part` (a slice of `text`) starts in `text`.
fn offset_in(text: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
}

/// Blocks already decoded in this text, by the length and the last bytes of their body's span
/// in the text: a body that is the same text as an earlier one has the same bytes, so a bundle
/// pasted ten times is Base64-decoded once (decoding the copies was 8 % of `inspect` in wasm).
#[derive(Default)]
struct Decoded {
    by_tail: std::collections::HashMap<(usize, [u8; 16]), Vec<DecodedBody>>,
}

/// (index of the item decoded, start and end of its body's span in the text).
type DecodedBody = (usize, usize, usize);

impl Decoded {
    fn key(span: &str) -> (usize, [u8; 16]) {
        let b = span.as_bytes();
        let mut tail = [0u8; 16];
        let n = b.len().min(16);
        if let (Some(dst), Some(src)) = (tail.get_mut(..n), b.get(b.len() - n..)) {
            dst.copy_from_slice(src);
        }
        (b.len(), tail)
    }

    /// The bytes of an earlier block whose body span holds the same text as `span`.
    fn find<'i>(&self, text: &str, span: (usize, usize), items: &'i [PemItem]) -> Option<&'i [u8]> {
        let now = text.get(span.0..span.1)?;
        self.by_tail
            .get(&Self::key(now))?
            .iter()
            .find(|(_, s, e)| {
                text.get(*s..*e)
                    .is_some_and(|t| same_bytes(t.as_bytes(), now.as_bytes()))
            })
            .and_then(|(i, _, _)| match items.get(*i) {
                Some(PemItem::Block(b)) => Some(b.der.as_slice()),
                _ => None,
            })
    }

    fn remember(&mut self, text: &str, span: (usize, usize), item: usize) {
        if let Some(t) = text.get(span.0..span.1) {
            let list = self.by_tail.entry(Self::key(t)).or_default();
            // Bodies made to share length and tail would otherwise each be compared with every
            // earlier one; past a few they are simply decoded again.
            if list.len() < SAME_KEY_CANDIDATES {
                list.push((item, span.0, span.1));
            }
        }
    }
}

/// Scan `text` for PEM blocks. Text outside blocks is ignored. Never panics.
pub fn scan(text: &str, limits: &Limits) -> Vec<PemItem> {
    let mut items = Vec::new();
    let mut decoded = Decoded::default();
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
            // The body's span: from its first line to the end of its last (trimmed) line.
            let span = match (cur.body.first(), cur.body.last()) {
                (Some((_, first)), Some((_, last))) => {
                    Some((offset_in(text, first), offset_in(text, last) + last.len()))
                }
                _ => None,
            };
            let copy = match span {
                Some(span) if cur.problem.is_none() && end == cur.label => {
                    decoded.find(text, span, &items).map(<[u8]>::to_vec)
                }
                _ => None,
            };
            let item = match copy {
                Some(der) => PemItem::Block(PemBlock {
                    label: cur.label,
                    headers: cur.headers,
                    der,
                    line: cur.line,
                    encoded_len: end_offset.saturating_sub(cur.start),
                    base64_note: span.and_then(|(a, b)| text.get(a..b)).and_then(base64_note),
                }),
                None => {
                    let item = finish(cur, end, end_offset);
                    if let (PemItem::Block(_), Some(span)) = (&item, span) {
                        decoded.remember(text, span, items.len());
                    }
                    item
                }
            };
            items.push(item);
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
    match crate::input::b64::decode_standard(&joined) {
        Ok(der) => PemItem::Block(PemBlock {
            label: cur.label,
            headers: cur.headers,
            der,
            line: cur.line,
            encoded_len: end_offset.saturating_sub(cur.start),
            base64_note: base64_note(&joined),
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
                detail: detail.to_string(),
            })
        }
    }
}

/// Encode DER as PEM with 64-column lines and a final newline, as OpenSSL writes it.
pub fn encode(label: &str, der: &[u8]) -> String {
    let b64 = crate::input::b64::encode_standard(der);
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

    /// Repeated bodies reuse the first decoding; everything that differs is decoded on its own.
    #[test]
    fn repeated_bodies_are_decoded_once_and_only_when_identical() {
        let one = encode("CERTIFICATE", &(0u8..=200).collect::<Vec<u8>>());
        let other = encode("CERTIFICATE", &(1u8..=201).collect::<Vec<u8>>());
        // The same bytes wrapped differently, a copy with a broken last line, a copy whose END
        // names another label, and a copy with the same body under another label and a header.
        let rewrapped = format!(
            "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
            crate::input::b64::encode_standard(&(0u8..=200).collect::<Vec<u8>>())
        );
        let broken = one.replacen("-----END", "A@==\n-----END", 1);
        let mismatched = one.replace("END CERTIFICATE", "END X509 CRL");
        let relabelled = one
            .replace(
                "BEGIN CERTIFICATE-----\n",
                "BEGIN TRUSTED CERTIFICATE-----\nNote: x\n\n",
            )
            .replace("END CERTIFICATE", "END TRUSTED CERTIFICATE");
        let text = [
            &one,
            &other,
            &one,
            &rewrapped,
            &broken,
            &mismatched,
            &relabelled,
            &one.replace('\n', "\r\n"),
            // Same length and same last bytes as `one`, one character differs at the start.
            &one.replacen("AAEC", "AQEC", 1),
        ]
        .map(|s| s.as_str())
        .concat();
        let items = scan(&text, &lim());
        let der = |i: usize| match &items[i] {
            PemItem::Block(b) => b.der.clone(),
            other => panic!("item {i}: {other:?}"),
        };
        let first: Vec<u8> = (0u8..=200).collect();
        assert_eq!(items.len(), 9);
        let mut changed = first.clone();
        changed[0] = 1;
        assert_eq!(der(8), changed);
        assert_eq!(der(0), first);
        assert_eq!(der(1), (1u8..=201).collect::<Vec<u8>>());
        assert_eq!(der(2), first);
        assert_eq!(der(3), first);
        assert!(
            matches!(&items[4], PemItem::Failure(f) if matches!(f.problem, PemProblem::BadBase64 { .. })),
            "{:?}",
            items[4]
        );
        assert!(
            matches!(&items[5], PemItem::Failure(f) if matches!(f.problem, PemProblem::MismatchedEnd { .. })),
            "{:?}",
            items[5]
        );
        match &items[6] {
            PemItem::Block(b) => {
                assert_eq!(
                    (b.label.as_str(), b.der.as_slice()),
                    ("TRUSTED CERTIFICATE", first.as_slice())
                );
                assert_eq!(b.headers, vec![("Note".to_string(), "x".to_string())]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(der(7), first);
        // Lines and sizes are each block's own.
        let lines: Vec<usize> = items
            .iter()
            .map(|i| match i {
                PemItem::Block(b) => b.line,
                PemItem::Failure(f) => f.line,
            })
            .collect();
        assert!(lines.windows(2).all(|w| w[0] < w[1]), "{lines:?}");
        let alone = scan(&one.replace('\n', "\r\n"), &lim());
        match (&items[7], &alone[0]) {
            (PemItem::Block(copy), PemItem::Block(own)) => {
                assert_eq!(copy.encoded_len, own.encoded_len)
            }
            other => panic!("{other:?}"),
        }
    }

    /// Bodies made to share length and tail: past the candidates kept, blocks are decoded
    /// again, with the same results.
    #[test]
    fn look_alike_bodies_beyond_the_candidates_kept_decode_the_same() {
        let bytes = |i: u8| {
            let mut v = vec![0u8; 200];
            v[0] = i;
            v
        };
        let n = (SAME_KEY_CANDIDATES as u8) * 2 + 3;
        let mut text: String = (0..n).map(|i| encode("CERTIFICATE", &bytes(i))).collect();
        text.push_str(&encode("CERTIFICATE", &bytes(n - 1)));
        text.push_str(&encode("CERTIFICATE", &bytes(0)));
        let ders: Vec<Vec<u8>> = scan(&text, &lim())
            .into_iter()
            .map(|i| match i {
                PemItem::Block(b) => b.der,
                other => panic!("{other:?}"),
            })
            .collect();
        let mut want: Vec<Vec<u8>> = (0..n).map(bytes).collect();
        want.push(bytes(n - 1));
        want.push(bytes(0));
        assert_eq!(ders, want);
    }

    #[test]
    fn same_bytes_equals_slice_equality() {
        let a: Vec<u8> = (0u8..40).collect();
        for len in 0..=a.len() {
            let x = &a[..len];
            assert!(same_bytes(x, &x.to_vec()));
            for at in 0..len {
                let mut y = x.to_vec();
                y[at] ^= 0x80;
                assert!(!same_bytes(x, &y), "len {len}, byte {at}");
            }
            if len > 0 {
                assert!(!same_bytes(x, &a[..len - 1]));
            }
        }
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
