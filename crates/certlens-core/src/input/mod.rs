//! Turning whatever a user dropped or pasted into a flat list of DER blocks.
//!
//! Inputs arrive as PEM (with prose around it), DER, Base64 of either (wrapped, one line, double
//! encoded, with literal `\n` escapes), or YAML/JSON that holds them: a Kubernetes Secret or a Helm
//! `values.yaml`. The reader peels those layers, remembering the path it took so that every block
//! and every error can say where it came from ("secret.yaml, block 2 (Secret lightrun-tls,
//! data.tls.crt): ..."). It says what a DER blob is ([`sniff`]) and opens the containers
//! (PKCS#7, PKCS#12), but it does not describe what they hold; that is [`crate::inspect`]'s job.
//! Kubernetes Secrets and kubectl `List`s are read in [`k8s`] for the doctor and the inventory.

pub mod b64;
pub(crate) mod k8s;
pub mod pem;
pub mod pkcs12;
pub(crate) mod pkcs7;
pub(crate) mod sniff;
pub(crate) mod yaml;

use crate::limits::Limits;
use pem::PemItem;

/// One file or paste the user gave us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// File name, or a name such as "pasted text" for pastes.
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Input {
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Input {
            name: name.into(),
            bytes: bytes.into(),
        }
    }
}

/// How a block was encoded in its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Pem,
    Der,
}

/// A piece of DER found in an input, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Name of the input it came from.
    pub source: String,
    /// 1-based number of the block within its input, counting failed blocks too.
    pub index: usize,
    /// The PEM label (`CERTIFICATE`, `RSA PRIVATE KEY`...), or `DER` for binary input.
    pub label: String,
    pub encoding: Encoding,
    /// Containers peeled to reach it, outermost first (e.g. `Base64`, `Secret x, data.tls.crt`).
    pub path: Vec<String>,
    /// Line of the BEGIN line in the text it was found in.
    pub line: Option<usize>,
    /// Size of the block as it appeared in its (innermost) text or file.
    pub encoded_len: usize,
    /// RFC 1421 headers, e.g. `Proc-Type: 4,ENCRYPTED`.
    pub headers: Vec<(String, String)>,
    pub der: Vec<u8>,
    /// A PEM body whose Base64 strict readers refuse (see [`pem::base64_note`]).
    pub base64_note: Option<String>,
}

impl Block {
    /// "file.pem, block 2 (CERTIFICATE)", with the container path when there is one.
    pub fn locator(&self) -> String {
        locator(
            &self.source,
            Some(self.index),
            Some(&self.label),
            &self.path,
        )
    }
}

fn locator(source: &str, block: Option<usize>, label: Option<&str>, path: &[String]) -> String {
    let mut s = source.to_string();
    if let Some(b) = block {
        s.push_str(&format!(", block {b}"));
    }
    let mut inner: Vec<String> = path.to_vec();
    if let Some(l) = label {
        inner.push(l.to_string());
    }
    if !inner.is_empty() {
        s.push_str(&format!(" ({})", inner.join(", ")));
    }
    s
}

/// Something that could not be read, with enough context to find it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub source: String,
    /// The block number when the problem concerns one block.
    pub block: Option<usize>,
    pub label: Option<String>,
    pub path: Vec<String>,
    pub kind: ReadErrorKind,
}

/// What went wrong while reading.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReadErrorKind {
    Pem(pem::PemProblem),
    Empty,
    Unrecognised { detail: String },
    Base64NotCertificateMaterial,
    Base64TooDeep { depth: usize },
    BadBase64Value { detail: String },
    Yaml { detail: String },
    NothingInYaml,
    TooLarge { bytes: usize, limit: usize },
    TooManyBlocks { limit: usize },
}

impl core::fmt::Display for ReadErrorKind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ReadErrorKind::Pem(p) => write!(f, "{p}"),
            ReadErrorKind::Empty => write!(f, "the input is empty"),
            ReadErrorKind::Unrecognised { detail } => write!(f, "{detail}"),
            ReadErrorKind::Base64NotCertificateMaterial => write!(
                f,
                "decodes as Base64, but the result is neither PEM nor DER certificate or key material"
            ),
            ReadErrorKind::Base64TooDeep { depth } => {
                write!(f, "Base64 nested {depth} levels deep; refusing to decode further")
            }
            ReadErrorKind::BadBase64Value { detail } => write!(f, "the value is not valid Base64: {detail}"),
            ReadErrorKind::Yaml { detail } => write!(f, "looks like YAML or JSON but cannot be parsed: {detail}"),
            ReadErrorKind::NothingInYaml => write!(
                f,
                "YAML/JSON without any certificate, key, or Secret data (looked for PEM text and Base64 values)"
            ),
            ReadErrorKind::TooLarge { bytes, limit } => write!(
                f,
                "{} MB is more than the {} MB this tool reads at once; split the input",
                bytes / (1024 * 1024),
                limit / (1024 * 1024)
            ),
            ReadErrorKind::TooManyBlocks { limit } => {
                write!(f, "more than {limit} blocks; the rest of the input was not read")
            }
        }
    }
}

impl ReadErrorKind {
    /// The report's kind for it.
    pub const fn kind(&self) -> crate::model::ErrorKind {
        use crate::model::ErrorKind;
        match self {
            ReadErrorKind::Pem(p) => match p {
                pem::PemProblem::MissingEnd { .. } => ErrorKind::PemMissingEnd,
                pem::PemProblem::MismatchedEnd { .. } => ErrorKind::PemMismatchedEnd,
                pem::PemProblem::BadBase64 { .. } => ErrorKind::PemBadBase64,
                pem::PemProblem::LineTooLong { .. } => ErrorKind::PemLineTooLong,
                pem::PemProblem::Empty => ErrorKind::PemEmpty,
            },
            ReadErrorKind::Empty => ErrorKind::EmptyInput,
            ReadErrorKind::Unrecognised { .. } => ErrorKind::Unrecognised,
            ReadErrorKind::Base64NotCertificateMaterial => ErrorKind::Base64NotMaterial,
            ReadErrorKind::Base64TooDeep { .. } => ErrorKind::Base64TooDeep,
            ReadErrorKind::BadBase64Value { .. } => ErrorKind::BadBase64Value,
            ReadErrorKind::Yaml { .. } => ErrorKind::Yaml,
            ReadErrorKind::NothingInYaml => ErrorKind::NothingInYaml,
            ReadErrorKind::TooLarge { .. } => ErrorKind::TooLarge,
            ReadErrorKind::TooManyBlocks { .. } => ErrorKind::TooManyBlocks,
        }
    }
}

impl core::fmt::Display for ReadError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let loc = locator(&self.source, self.block, self.label.as_deref(), &self.path);
        write!(f, "{loc}: {}", self.kind)
    }
}

impl std::error::Error for ReadError {}

/// Pins found in the input, e.g. `certificate.security_pinned_hashes` in a values.yaml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundPins {
    pub source: String,
    /// Dotted YAML path of the list.
    pub path: String,
    pub pins: Vec<String>,
}

/// Everything read from a pool of inputs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Blocks {
    pub blocks: Vec<Block>,
    pub errors: Vec<ReadError>,
    pub pins: Vec<FoundPins>,
}

struct Ctx<'a> {
    limits: &'a Limits,
    out: &'a mut Blocks,
    source: &'a str,
    next_index: usize,
    total_blocks: usize,
    stopped: bool,
}

impl Ctx<'_> {
    fn take_index(&mut self) -> Option<usize> {
        if self.stopped {
            return None;
        }
        if self.total_blocks >= self.limits.max_blocks {
            self.stopped = true;
            self.error(
                None,
                None,
                &[],
                ReadErrorKind::TooManyBlocks {
                    limit: self.limits.max_blocks,
                },
            );
            return None;
        }
        self.total_blocks += 1;
        self.next_index += 1;
        Some(self.next_index)
    }

    fn error(
        &mut self,
        block: Option<usize>,
        label: Option<&str>,
        path: &[String],
        kind: ReadErrorKind,
    ) {
        self.out.errors.push(ReadError {
            source: self.source.to_string(),
            block,
            label: label.map(str::to_string),
            path: path.to_vec(),
            kind,
        });
    }
}

/// Read every input of a pool. Never panics; every problem becomes a [`ReadError`].
pub fn read_all(inputs: &[Input], limits: &Limits) -> Blocks {
    let mut out = Blocks::default();
    let total: usize = inputs.iter().map(|i| i.bytes.len()).sum();
    if total > limits.max_total_bytes {
        out.errors.push(ReadError {
            source: inputs
                .iter()
                .map(|i| i.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            block: None,
            label: None,
            path: Vec::new(),
            kind: ReadErrorKind::TooLarge {
                bytes: total,
                limit: limits.max_total_bytes,
            },
        });
        return out;
    }
    let mut total_blocks = 0;
    for input in inputs {
        let mut ctx = Ctx {
            limits,
            out: &mut out,
            source: &input.name,
            next_index: 0,
            total_blocks,
            stopped: false,
        };
        read_bytes(&mut ctx, &input.bytes, &[], 0, true);
        total_blocks = ctx.total_blocks;
        if ctx.stopped {
            break;
        }
    }
    out
}

/// Whether bytes start with one complete DER SEQUENCE (the shape of every format we read).
pub use crate::asn1::der_sequence_len;

fn read_bytes(ctx: &mut Ctx<'_>, bytes: &[u8], path: &[String], depth: usize, top: bool) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        if top {
            ctx.error(None, None, path, ReadErrorKind::Empty);
        }
        return false;
    }
    // `der_sequence_len` never returns more than the length, so the split always succeeds.
    if let Some((der, after)) = der_sequence_len(bytes).and_then(|len| bytes.split_at_checked(len))
    {
        // Trailing zero bytes are common padding; anything else after the DER is not ours to guess.
        if after.iter().all(|&b| b == 0 || b.is_ascii_whitespace()) {
            if let Some(index) = ctx.take_index() {
                ctx.out.blocks.push(Block {
                    source: ctx.source.to_string(),
                    index,
                    label: "DER".to_string(),
                    encoding: Encoding::Der,
                    path: path.to_vec(),
                    line: None,
                    encoded_len: bytes.len(),
                    headers: Vec::new(),
                    der: der.to_vec(),
                    base64_note: None,
                });
            }
            return true;
        }
    }
    match core::str::from_utf8(bytes) {
        Ok(text) => read_text(ctx, text, path, depth, top),
        Err(_) if bytes.first() == Some(&0x30) => {
            if top {
                let index = ctx.take_index();
                ctx.error(
                    index,
                    Some("DER"),
                    path,
                    ReadErrorKind::Unrecognised {
                        detail: "binary data that starts like DER but is truncated or has a wrong length".into(),
                    },
                );
            }
            false
        }
        Err(_) => {
            if top {
                ctx.error(
                    None,
                    None,
                    path,
                    ReadErrorKind::Unrecognised {
                        detail: "binary data that is neither DER nor text; expected PEM, DER, Base64, PKCS#7, PKCS#12 or a Kubernetes Secret".into(),
                    },
                );
            }
            false
        }
    }
}

fn read_text(ctx: &mut Ctx<'_>, text: &str, path: &[String], depth: usize, top: bool) -> bool {
    let text = text.trim_start_matches('\u{feff}');
    if depth > ctx.limits.max_base64_depth + 2 {
        ctx.error(None, None, path, ReadErrorKind::Base64TooDeep { depth });
        return false;
    }
    // A text that opens with a PEM block is PEM (with maybe prose later), never a YAML document:
    // skip the line-by-line YAML sniffing, which costs more than decoding a large bundle.
    if !text.trim_start().starts_with("-----BEGIN ") && yaml::looks_like_yaml(text) {
        match yaml::extract(text) {
            Ok(found) => {
                let mut any = false;
                for pins in found.pins {
                    ctx.out.pins.push(FoundPins {
                        source: ctx.source.to_string(),
                        path: pins.0,
                        pins: pins.1,
                    });
                    any = true;
                }
                for value in found.values {
                    let mut p = path.to_vec();
                    p.push(value.path.clone());
                    match value.kind {
                        yaml::ValueKind::Text => {
                            any |= read_text(ctx, &value.text, &p, depth + 1, true);
                        }
                        yaml::ValueKind::Base64 => {
                            let cleaned = b64::clean(&value.text);
                            match b64::decode_standard(&cleaned) {
                                Ok(bytes) => {
                                    any |= read_base64_payload(ctx, &bytes, &p, depth + 1);
                                }
                                Err(detail) => {
                                    ctx.error(
                                        None,
                                        None,
                                        &p,
                                        ReadErrorKind::BadBase64Value {
                                            detail: detail.to_string(),
                                        },
                                    );
                                }
                            }
                        }
                    }
                }
                if !any && top && found.had_secret_data.is_none() {
                    ctx.error(None, None, path, ReadErrorKind::NothingInYaml);
                }
                return any;
            }
            Err(detail) => {
                // Fall through: a broken YAML file may still hold readable PEM.
                if !pem::contains_pem(text) {
                    ctx.error(None, None, path, ReadErrorKind::Yaml { detail });
                    return false;
                }
            }
        }
    }
    if pem::contains_pem(text) {
        read_pem(ctx, text, path);
        return true;
    }
    if let Some(blob) = openssh_public_line(text) {
        if let Some(index) = ctx.take_index() {
            ctx.out.blocks.push(Block {
                source: ctx.source.to_string(),
                index,
                label: "OPENSSH PUBLIC KEY".to_string(),
                encoding: Encoding::Pem,
                path: path.to_vec(),
                line: Some(1),
                encoded_len: text.len(),
                headers: Vec::new(),
                der: blob,
                base64_note: None,
            });
        }
        return true;
    }
    let cleaned = b64::clean(text);
    if b64::looks_like_base64(&cleaned) {
        match b64::decode_standard(&cleaned) {
            Ok(bytes) => {
                let mut p = path.to_vec();
                p.push("Base64".to_string());
                let ok = read_base64_payload(ctx, &bytes, &p, depth + 1);
                if !ok && top {
                    ctx.error(
                        None,
                        None,
                        path,
                        ReadErrorKind::Base64NotCertificateMaterial,
                    );
                }
                return ok;
            }
            Err(detail) => {
                if top {
                    ctx.error(
                        None,
                        None,
                        path,
                        ReadErrorKind::BadBase64Value {
                            detail: detail.to_string(),
                        },
                    );
                }
                return false;
            }
        }
    }
    if top {
        ctx.error(
            None,
            None,
            path,
            ReadErrorKind::Unrecognised {
                detail: "no PEM block (-----BEGIN ...-----), DER, Base64 or Kubernetes Secret found in this text".into(),
            },
        );
    }
    false
}

/// Every PEM block of a text (prose around them is skipped), each with its index.
fn read_pem(ctx: &mut Ctx<'_>, text: &str, path: &[String]) {
    let unescaped;
    let text = if !text.contains("-----\n") && text.contains("\\n") {
        // A PEM copied out of a JSON string: newlines arrive as the two characters `\n`.
        unescaped = text.replace("\\r\\n", "\n").replace("\\n", "\n");
        unescaped.trim().trim_matches('"').trim_matches('\'')
    } else {
        text
    };
    for item in pem::scan(text, ctx.limits) {
        let Some(index) = ctx.take_index() else { break };
        match item {
            PemItem::Block(b) => {
                ctx.out.blocks.push(Block {
                    source: ctx.source.to_string(),
                    index,
                    label: b.label,
                    encoding: Encoding::Pem,
                    path: path.to_vec(),
                    line: Some(b.line),
                    encoded_len: b.encoded_len,
                    headers: b.headers,
                    der: b.der,
                    base64_note: b.base64_note,
                });
            }
            PemItem::Failure(f) => {
                let mut p = path.to_vec();
                p.push(format!("line {}", f.line));
                ctx.error(
                    Some(index),
                    Some(&f.label),
                    &p,
                    ReadErrorKind::Pem(f.problem),
                );
            }
        }
    }
}

/// `ssh-ed25519 AAAA... comment` (an OpenSSH .pub file): the decoded key blob.
fn openssh_public_line(text: &str) -> Option<Vec<u8>> {
    let mut parts = text.split_whitespace();
    let kind = parts.next()?;
    if !(kind.starts_with("ssh-") || kind.starts_with("ecdsa-sha2-") || kind.starts_with("sk-")) {
        return None;
    }
    b64::decode_standard(parts.next()?).ok()
}

fn read_base64_payload(ctx: &mut Ctx<'_>, bytes: &[u8], path: &[String], depth: usize) -> bool {
    if depth > ctx.limits.max_base64_depth {
        ctx.error(None, None, path, ReadErrorKind::Base64TooDeep { depth });
        return false;
    }
    let before_errors = ctx.out.errors.len();
    let ok = read_bytes(ctx, bytes, path, depth, false);
    if !ok && ctx.out.errors.len() == before_errors {
        ctx.error(
            None,
            None,
            path,
            ReadErrorKind::Base64NotCertificateMaterial,
        );
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, bytes: &[u8]) -> Blocks {
        read_all(&[Input::new(name, bytes)], &Limits::default())
    }

    const PEM: &str = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n";

    #[test]
    fn pem_der_and_base64_forms_give_the_same_der() {
        let der = vec![0x30, 0x03, 0x02, 0x01, 0x01];
        assert_eq!(read("a.pem", PEM.as_bytes()).blocks[0].der, der);
        assert_eq!(read("a.der", &der).blocks[0].der, der);
        let once = b64::encode_standard(PEM.as_bytes());
        let b = read("b64", once.as_bytes());
        assert_eq!(b.blocks[0].der, der);
        assert_eq!(b.blocks[0].path, vec!["Base64".to_string()]);
        let twice = b64::encode_standard(once.as_bytes());
        assert_eq!(read("b64b64", twice.as_bytes()).blocks[0].der, der);
    }

    #[test]
    fn escaped_newlines() {
        let escaped = format!("\"{}\"", PEM.replace('\n', "\\n"));
        let b = read("json", escaped.as_bytes());
        assert!(b.errors.is_empty(), "{:?}", b.errors);
        assert_eq!(b.blocks[0].der, vec![0x30, 0x03, 0x02, 0x01, 0x01]);
    }

    #[test]
    fn errors_name_the_block() {
        let text = format!("{PEM}-----BEGIN CERTIFICATE-----\nMAMC\n");
        let b = read("chain.pem", text.as_bytes());
        assert_eq!(b.blocks.len(), 1);
        assert_eq!(
            b.errors[0].to_string(),
            "chain.pem, block 2 (line 4, CERTIFICATE): missing END line: the text ends inside the block, so it looks truncated"
        );
    }

    #[test]
    fn garbage_and_empty() {
        let b = read("x.bin", &[0xff, 0x00, 0x13, 0x99]);
        assert!(
            b.errors[0].to_string().contains("neither DER nor text"),
            "{}",
            b.errors[0]
        );
        let b = read("e.pem", b"  \n");
        assert_eq!(b.errors[0].to_string(), "e.pem: the input is empty");
        let b = read("t.txt", b"just some words here");
        assert!(b.errors[0].to_string().contains("no PEM block"));
    }

    #[test]
    fn total_size_limit() {
        let limits = Limits {
            max_total_bytes: 10,
            ..Limits::default()
        };
        let b = read_all(&[Input::new("big", vec![b'a'; 11])], &limits);
        assert!(matches!(b.errors[0].kind, ReadErrorKind::TooLarge { .. }));
    }

    #[test]
    fn der_length_checks() {
        assert_eq!(der_sequence_len(&[0x30, 0x00]), Some(2));
        assert_eq!(der_sequence_len(&[0x30, 0x82, 0x01]), None);
        assert_eq!(der_sequence_len(&[0x30, 0x05, 0x00]), None);
        assert_eq!(der_sequence_len(&[0x30, 0x81, 0x01, 0x00]), Some(4));
    }
}
