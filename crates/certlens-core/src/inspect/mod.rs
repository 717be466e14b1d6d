//! Inspecting a pool of inputs: read every block, decide what it is, describe it, and collect
//! every problem with its location. The result is the JSON contract ([`Report`]).

use crate::model::{
    BlockSummary, ErrorKind, ErrorReport, InputReport, KeyFormat, Locked, OtherReport, PinsFound,
    PrivateKeyReport, PublicKeyReport, Report,
};
mod options;
pub(crate) mod pool;
mod redo;
pub mod transport;

pub use redo::{recheck, with_self_signatures};

pub use options::{Options, Progress, Stage, DEFAULT_WARN_DAYS};

use zeroize::Zeroizing;

use crate::asn1;
use crate::input::sniff::Sniffed;
use crate::input::{self, Block, Input, ReadError};
use crate::input::{pkcs12, pkcs7};
use crate::keys::{self, KeyError, PrivateKey};
use crate::x509::cert::{self, spki_pin};

struct Ctx<'a> {
    opts: &'a Options,
    report: Report,
    /// Self-signature results by certificate fingerprint: a bundle pasted ten times is
    /// verified once.
    self_signatures: std::collections::HashMap<[u8; 32], crate::x509::verify::Verification>,
    /// Strictness audits by certificate fingerprint, for blocks that are exactly the
    /// certificate's DER with no note on their PEM text: such copies audit the same.
    audits: std::collections::HashMap<[u8; 32], Vec<crate::model::EncodingIssue>>,
    /// Length and last 32 bytes of a certificate's DER (inside its signature, so as good as
    /// random) → indices of first descriptions with that key; the full DER is compared before
    /// a description is reused. Hashing every copy with SHA-256 instead cost more than all the
    /// rest of a pasted-ten-times bundle in WebAssembly, which has no SHA instructions.
    /// The first description of a key is here; later ones with the same key (crafted
    /// look-alikes, or chance) in `seen_more`: a `Vec` per certificate was an allocation per
    /// distinct certificate.
    seen: std::collections::HashMap<(usize, [u8; 32]), usize>,
    seen_more: std::collections::HashMap<(usize, [u8; 32]), Vec<usize>>,
    /// Key-derivation work left for this pool: every encrypted key and PKCS#12 file, and every
    /// password tried on them, draws from this one budget.
    kdf: crate::pbe::Budget,
    /// Signature-check work left for this pool (self-signatures, then chain links), which also
    /// pays for deriving public keys from private keys (`keys::cost`).
    signatures: crate::x509::verify::SignatureBudget,
}

fn der_key(der: &[u8]) -> (usize, [u8; 32]) {
    let mut tail = [0u8; 32];
    let n = der.len().min(32);
    if let (Some(dst), Some(src)) = (tail.get_mut(..n), der.get(der.len() - n..)) {
        dst.copy_from_slice(src);
    }
    (der.len(), tail)
}

/// "chain.pem, block 2 (CERTIFICATE)", "x.p12, block 0 (PKCS12, CERTIFICATE)": written into
/// one `String` (a copy of the path, the label and a joined string were four allocations per
/// certificate).
fn location(source: &str, block: usize, label: &str, path: &[String]) -> String {
    use std::fmt::Write;
    let inner: usize = path.iter().map(|p| p.len() + 2).sum();
    let mut out = String::with_capacity(source.len() + inner + label.len() + 32);
    let _ = write!(out, "{source}, block {block} (");
    for p in path {
        out.push_str(p);
        out.push_str(", ");
    }
    out.push_str(label);
    out.push(')');
    out
}

impl Ctx<'_> {
    fn error(
        &mut self,
        b: &Block,
        label: &str,
        path: &[String],
        kind: ErrorKind,
        detail: impl Into<String>,
    ) {
        let detail = detail.into();
        self.report.errors.push(ErrorReport {
            source: b.source.clone(),
            block: Some(b.index),
            label: Some(label.to_string()),
            kind,
            message: format!("{}: {detail}", location(&b.source, b.index, label, path)),
            detail,
        });
    }

    fn add_certificate(&mut self, b: &Block, label: &str, path: &[String], der: &[u8]) -> bool {
        match self.try_certificate(b, label, path, der) {
            Ok(()) => true,
            Err(e) => {
                self.error(b, label, path, ErrorKind::InvalidCertificate, e);
                false
            }
        }
    }

    /// Describe and record a certificate, or say why it is not one (recording nothing).
    fn try_certificate(
        &mut self,
        b: &Block,
        label: &str,
        path: &[String],
        der: &[u8],
    ) -> Result<(), String> {
        // The same certificate often arrives several times (a chain and a full-chain file, a
        // bundle pasted twice): describe it once and copy the description.
        let key = der_key(der);
        let certificates = &self.report.certificates;
        let previous = self
            .seen
            .get(&key)
            .into_iter()
            .chain(self.seen_more.get(&key).into_iter().flatten())
            .filter_map(|&i| certificates.get(i))
            .find(|c| crate::input::pem::same_bytes(&c.der, der));
        let described = match previous {
            Some(prev) => Ok(prev.clone()),
            None => cert::describe(der, self.opts.now, false, self.opts.detail),
        };
        match described {
            Ok(mut c) => {
                if previous.is_none() {
                    // A few per key: distinct certificates made to share a key would otherwise
                    // be compared with every earlier one (quadratic); past that they are just
                    // described again.
                    let at = self.report.certificates.len();
                    if let std::collections::hash_map::Entry::Vacant(e) = self.seen.entry(key) {
                        e.insert(at);
                    } else {
                        let list = self.seen_more.entry(key).or_default();
                        if list.len() + 1 < crate::input::pem::SAME_KEY_CANDIDATES {
                            list.push(at);
                        }
                    }
                }
                if c.self_issued
                    && !(self.opts.verify_signatures && self.opts.check_self_signatures)
                {
                    c.self_signature = Some(crate::model::SignatureStatus::NotChecked);
                    c.self_signature_reason = Some(crate::model::NotCheckedReason::NotRequested);
                    // Without the signature: names equal (self-issued) and the key identifiers,
                    // when both are present, agree.
                    c.self_signed = match (c.raw_aki(), c.raw_ski()) {
                        (Some(a), Some(s)) => a == s,
                        _ => true,
                    };
                } else if c.self_issued {
                    let v = match self.self_signatures.get(&c.raw.fingerprint) {
                        Some(v) => v.clone(),
                        None => {
                            let v = cert::signature_within(&c.der, c.raw_spki(), &self.signatures);
                            self.self_signatures.insert(c.raw.fingerprint, v.clone());
                            v
                        }
                    };
                    c.self_signed = v.status == crate::model::SignatureStatus::Valid;
                    c.self_signature_detail = (!c.self_signed).then_some(v.detail);
                    c.self_signature_reason = v.reason;
                    c.self_signature = Some(v.status);
                }
                // What strict clients would refuse, from the block's bytes and its PEM text.
                // A block that is just the certificate, from PEM text nothing was said of,
                // audits like every other such copy: walked once.
                let plain = der.len() == c.der.len() && b.base64_note.is_none();
                c.encoding_issues = match self.audits.get(&c.raw.fingerprint) {
                    Some(issues) if plain => issues.clone(),
                    _ => {
                        let issues =
                            crate::x509::strict::audit(der, &c.der, b.base64_note.as_deref());
                        if plain {
                            self.audits.insert(c.raw.fingerprint, issues.clone());
                        }
                        issues
                    }
                };
                c.index = self.report.certificates.len();
                c.source = b.source.clone();
                c.block = b.index;
                c.location = location(&b.source, b.index, label, path);
                self.report.certificates.push(c);
                Ok(())
            }
            Err(e) => Err(e.0),
        }
    }

    fn add_private(
        &mut self,
        b: &Block,
        label: &str,
        path: &[String],
        result: Result<PrivateKey, KeyError>,
    ) {
        match result {
            Ok(k) => {
                let loc = location(&b.source, b.index, label, path);
                if k.needs_password {
                    self.report.password_needed.push(Locked {
                        source: b.source.clone(),
                        block: b.index,
                        location: loc.clone(),
                        what: format!("{} private key", k.format.describe()),
                    });
                }
                let pins = k.spki.as_deref().map(spki_pin);
                self.report.private_keys.push(PrivateKeyReport {
                    index: self.report.private_keys.len(),
                    source: b.source.clone(),
                    block: b.index,
                    location: loc,
                    format: k.format,
                    format_description: k.format.describe().to_string(),
                    encrypted: k.encrypted,
                    encryption: k.encryption.clone(),
                    needs_password: k.needs_password,
                    public_key: k.public_key.clone(),
                    spki_sha256: pins.as_ref().map(|p| p.0.clone()),
                    spki_sha256_base64: pins.map(|p| p.1),
                    matches: Vec::new(),
                    requests: Vec::new(),
                    note: k.note.clone(),
                    not_checked: k.not_checked,
                    pkcs8: k.pkcs8.clone(),
                });
            }
            Err(e) => self.error(b, label, path, e.kind(), e.to_string()),
        }
    }

    fn add_public(
        &mut self,
        b: &Block,
        label: &str,
        path: &[String],
        format: &str,
        subject: Option<String>,
        spki: Result<Vec<u8>, KeyError>,
    ) {
        match spki {
            Ok(spki) => {
                let (hex, b64) = spki_pin(&spki);
                self.report.public_keys.push(PublicKeyReport {
                    index: self.report.public_keys.len(),
                    source: b.source.clone(),
                    block: b.index,
                    location: location(&b.source, b.index, label, path),
                    format: format.to_string(),
                    subject,
                    public_key: cert::public_key_desc(&spki),
                    spki_sha256: hex,
                    spki_sha256_base64: b64,
                    matches: Vec::new(),
                    csr: None,
                });
            }
            Err(e) => self.error(b, label, path, e.kind(), e.to_string()),
        }
    }

    /// The CSR just added as a public key: what it requests, its own signature, the names.
    fn csr_details(&mut self, der: &[u8]) {
        let Some(index) = self.report.public_keys.len().checked_sub(1) else {
            return;
        };
        let d = crate::x509::csr::details(der, &self.signatures);
        if let Some(k) = self.report.public_keys.get_mut(index) {
            k.csr = d;
        }
    }

    fn other(&mut self, b: &Block, label: &str, path: &[String], kind: &str) {
        self.report.other.push(OtherReport {
            source: b.source.clone(),
            block: b.index,
            location: location(&b.source, b.index, label, path),
            kind: kind.to_string(),
        });
    }
}

/// Describe one block's DER as `label` says it is. `known` is what input already sniffed the
/// content to be, when it was asked (so the content is sniffed at most once per block).
fn handle(
    ctx: &mut Ctx<'_>,
    b: &Block,
    label: &str,
    path: &[String],
    der: &[u8],
    depth: usize,
    known: Option<Sniffed>,
) {
    // A block cut short keeps its header: say so before any parser (or a password prompt for
    // an encrypted key) gives a misleading reason. OpenSSH blocks are not DER. A second look
    // (depth > 0) is at the same bytes, already found whole.
    if depth == 0 && !label.starts_with("OPENSSH") {
        if let Some(detail) = asn1::truncation(der) {
            ctx.error(b, label, path, ErrorKind::Truncated, detail);
            return;
        }
    }
    match label {
        "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => {
            if ctx.try_certificate(b, label, path, der).is_err() {
                let kind = known.unwrap_or_else(|| Sniffed::of(der));
                mislabelled(ctx, b, label, path, der, kind, depth);
            }
        }
        "PRIVATE KEY" | "ENCRYPTED PRIVATE KEY" | "RSA PRIVATE KEY" | "EC PRIVATE KEY" | "DSA PRIVATE KEY" | "OPENSSH PRIVATE KEY" => {
            let opts = ctx.opts;
            let password = opts.password.as_ref().map(|p| p.as_bytes());
            let r = keys::read_private_within(label, &b.headers, der, password, &opts.limits, &mut ctx.kdf, &ctx.signatures);
            match r {
                Err(e @ KeyError::Malformed(_)) if label != "OPENSSH PRIVATE KEY" && b.headers.is_empty() => {
                    let kind = known.unwrap_or_else(|| Sniffed::of(der));
                    if kind != Sniffed::promised_by(label) {
                        mislabelled(ctx, b, label, path, der, kind, depth)
                    } else {
                        ctx.add_private(b, label, path, Err(e))
                    }
                }
                r => ctx.add_private(b, label, path, r),
            }
        }
        "PUBLIC KEY" => {
            use der::Decode;
            let r = spki::SubjectPublicKeyInfoRef::from_der(der)
                .map(|_| der.to_vec())
                .map_err(|e| KeyError::Malformed(format!("not a valid public key ({e})")));
            ctx.add_public(b, label, path, "spki", None, r);
        }
        "RSA PUBLIC KEY" => ctx.add_public(b, label, path, "pkcs1", None, keys::pkcs1_public_spki(der)),
        "OPENSSH PUBLIC KEY" => ctx.add_public(b, label, path, "openssh", None, keys::openssh_public_blob_spki(der)),
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => match crate::x509::csr::parse(der) {
            Some((subject, spki)) => {
                ctx.add_public(b, label, path, "csr", Some(subject), Ok(spki));
                ctx.csr_details(der);
            }
            None => ctx.error(b, label, path, ErrorKind::InvalidRequest, "not a valid certificate signing request"),
        },
        "PKCS7" | "CMS" | "CERTIFICATE CHAIN" => pkcs7(ctx, b, label, path, der),
        "PKCS12" => pkcs12_file(ctx, b, label, path, der, depth),
        "X509 CRL" => ctx.other(b, label, path, "certificate revocation list (not analysed)"),
        "EC PARAMETERS" => ctx.other(b, label, path, "EC curve parameters (no key; openssl ecparam writes these before a key)"),
        "DH PARAMETERS" | "X9.42 DH PARAMETERS" => ctx.other(b, label, path, "Diffie-Hellman parameters (no key)"),
        "DER" => {
            let kind = known.unwrap_or_else(|| Sniffed::of(der));
            if kind == Sniffed::Unknown {
                ctx.error(b, label, path, ErrorKind::UnknownDer, "binary DER data that is not a certificate, key, certificate request, PKCS#7 or PKCS#12");
            } else if depth < 2 {
                handle(ctx, b, kind.label(), path, der, depth + 1, Some(kind));
            }
        }
        other => ctx.error(
            b,
            other,
            path,
            ErrorKind::UnknownLabel,
            format!("unknown PEM label \"{other}\"; certlens reads certificates, private and public keys, CSRs, PKCS#7 and PKCS#12"),
        ),
    }
}

/// The label promises one thing and the content is another: say exactly that, then read the
/// content for what it is so the user still sees it.
fn mislabelled(
    ctx: &mut Ctx<'_>,
    b: &Block,
    label: &str,
    path: &[String],
    der: &[u8],
    kind: Sniffed,
    depth: usize,
) {
    if kind == Sniffed::Unknown || depth >= 2 {
        let (kind, detail) = match label {
            "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => (
                ErrorKind::InvalidCertificate,
                match x509_parser::parse_x509_certificate(der) {
                    Err(e) => format!("not a valid X.509 certificate ({e})"),
                    Ok(_) => "not a valid X.509 certificate".to_string(),
                },
            ),
            _ => (
                ErrorKind::InvalidKey,
                format!("the content is not a valid {}", label.to_lowercase()),
            ),
        };
        ctx.error(b, label, path, kind, detail);
        return;
    }
    ctx.error(
        b,
        label,
        path,
        ErrorKind::Mislabelled,
        format!(
            "the label says {label}, but the content is {}; relabel it -----BEGIN {}-----",
            kind.what(),
            kind.label()
        ),
    );
    handle(ctx, b, kind.label(), path, der, depth + 1, Some(kind));
}

fn pkcs7(ctx: &mut Ctx<'_>, b: &Block, label: &str, path: &[String], der: &[u8]) {
    let Some(certs) = pkcs7::certificates(der) else {
        ctx.error(
            b,
            label,
            path,
            ErrorKind::InvalidPkcs7,
            "not a valid PKCS#7 certificate bundle",
        );
        return;
    };
    if certs.is_empty() {
        ctx.error(
            b,
            label,
            path,
            ErrorKind::InvalidPkcs7,
            "the PKCS#7 bundle holds no certificates",
        );
    }
    let mut p = path.to_vec();
    p.push(format!("PKCS#7 ({} certificates)", certs.len()));
    for c in certs {
        ctx.add_certificate(b, "CERTIFICATE", &p, c);
    }
}

fn pkcs12_file(
    ctx: &mut Ctx<'_>,
    b: &Block,
    label: &str,
    path: &[String],
    der: &[u8],
    _depth: usize,
) {
    let password = ctx
        .opts
        .password
        .as_ref()
        .map(|p| p.as_str().to_string())
        .map(Zeroizing::new);
    // The empty password is tried too, as `openssl pkcs12 -passin pass:` would: Java keytool
    // and Windows exports often use it, and a prompt for "nothing" only confuses. It is tried
    // after the given one, so a pool with other encrypted files still opens this one.
    // Both are tried in one pass, each distinct password form once, against the pool's
    // key-derivation budget.
    use crate::pbe::DecryptError::{NeedPassword, WrongPassword};
    let passwords: Vec<&str> = match password.as_deref() {
        Some(p) if !p.is_empty() => vec![p, ""],
        _ => vec![""],
    };
    let opts = ctx.opts;
    let result = match pkcs12::read_pkcs12_within(der, &passwords, &opts.limits, &mut ctx.kdf) {
        Err(WrongPassword) if password.is_none() => Err(NeedPassword),
        other => other,
    };
    match result {
        Ok(contents) => {
            let mut p = path.to_vec();
            p.push("PKCS#12".to_string());
            for c in &contents.certificates {
                ctx.add_certificate(b, "CERTIFICATE", &p, c);
            }
            let encryption =
                (!contents.encryption.is_empty()).then(|| contents.encryption.join("; "));
            for k in &contents.keys {
                let r = keys::from_pkcs8_within(
                    k,
                    KeyFormat::Pkcs12,
                    true,
                    encryption.clone(),
                    &ctx.signatures,
                );
                ctx.add_private(b, "PRIVATE KEY", &p, r);
            }
            if contents.certificates.is_empty() && contents.keys.is_empty() {
                ctx.error(
                    b,
                    label,
                    path,
                    ErrorKind::EmptyPkcs12,
                    "the PKCS#12 file holds no certificate or key certlens can read",
                );
            }
        }
        Err(crate::pbe::DecryptError::NeedPassword) => {
            ctx.report.password_needed.push(Locked {
                source: b.source.clone(),
                block: b.index,
                location: location(&b.source, b.index, "PKCS#12", path),
                what: "PKCS#12 file".into(),
            });
        }
        Err(e) => ctx.error(b, "PKCS#12", path, e.kind(), e.to_string()),
    }
}

fn read_error(e: &ReadError) -> ErrorReport {
    ErrorReport {
        source: e.source.clone(),
        block: e.block,
        label: e.label.clone(),
        kind: e.kind.kind(),
        message: e.to_string(),
        detail: e.kind.to_string(),
    }
}

/// How often (in units of work) progress is reported.
const PROGRESS_EVERY: usize = 256;

/// Read and describe everything in a pool of inputs.
pub fn inspect(inputs: &[Input], opts: &Options) -> Report {
    inspect_with_progress(inputs, opts, &mut |_| {})
}

/// [`inspect`], telling `progress` how far it has got (every few hundred blocks).
pub fn inspect_with_progress(
    inputs: &[Input],
    opts: &Options,
    progress: &mut dyn FnMut(Progress),
) -> Report {
    inspect_counted(inputs, opts, progress, None).0
}

/// [`inspect`], with the work the pool spent (signature-check units, key-derivation blocks):
/// the inventory runs one pool per Secret and bounds their sums. Signature results are
/// remembered in `memo`, shared by the inventory's pools.
pub(crate) fn inspect_measured(
    inputs: &[Input],
    opts: &Options,
    memo: crate::x509::verify::VerifyMemo,
) -> (Report, u64, u64) {
    inspect_counted(inputs, opts, &mut |_| {}, Some(memo))
}

fn inspect_counted(
    inputs: &[Input],
    opts: &Options,
    progress: &mut dyn FnMut(Progress),
    memo: Option<crate::x509::verify::VerifyMemo>,
) -> (Report, u64, u64) {
    progress(Progress {
        stage: Stage::Reading,
        done: 0,
        total: inputs.len(),
    });
    let blocks = input::read_all(inputs, &opts.limits);
    let total = blocks.blocks.len();
    let mut ctx = Ctx {
        opts,
        report: Report {
            now: crate::timefmt::rfc3339(opts.now),
            ..Report::default()
        },
        self_signatures: std::collections::HashMap::new(),
        audits: std::collections::HashMap::new(),
        seen: std::collections::HashMap::new(),
        seen_more: std::collections::HashMap::new(),
        kdf: crate::pbe::Budget::new(&opts.limits),
        signatures: match memo {
            Some(m) => crate::x509::verify::SignatureBudget::with_memo(&opts.limits, m),
            None => crate::x509::verify::SignatureBudget::new(&opts.limits),
        },
    };
    for (n, b) in blocks.blocks.iter().enumerate() {
        if n % PROGRESS_EVERY == 0 {
            progress(Progress {
                stage: Stage::Describing,
                done: n,
                total,
            });
        }
        handle(&mut ctx, b, &b.label, &b.path, &b.der, 0, None);
    }
    progress(Progress {
        stage: Stage::Checking,
        done: total,
        total,
    });
    let signatures = ctx.signatures;
    let kdf_used = ctx.kdf.used();
    let mut report = ctx.report;
    // The per-pool scratch goes before the analysis, which then works in a smaller heap.
    drop((ctx.seen, ctx.seen_more, ctx.audits, ctx.self_signatures));
    // Reader errors first in their input order, then the per-block ones, each sorted by position.
    let mut errors: Vec<ErrorReport> = blocks.errors.iter().map(read_error).collect();
    errors.append(&mut report.errors);
    // Each input's position, found once: a Secret of 120,000 entries is 120,000 inputs, and
    // looking each error's input up by a scan made this sort quadratic.
    let mut positions: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (n, i) in inputs.iter().enumerate() {
        positions.entry(i.name.as_str()).or_insert(n);
    }
    let order = |name: &str| positions.get(name).copied().unwrap_or(usize::MAX);
    errors.sort_by_key(|e| (order(&e.source), e.block.unwrap_or(0)));
    report.errors = errors;
    report.pinned_hashes = blocks
        .pins
        .iter()
        .map(|p| PinsFound {
            source: p.source.clone(),
            path: p.path.clone(),
            pins: p.pins.clone(),
        })
        .collect();
    report.inputs = inputs
        .iter()
        .map(|i| InputReport {
            name: i.name.clone(),
            size: i.bytes.len(),
            blocks: blocks
                .blocks
                .iter()
                .filter(|b| b.source == i.name)
                .map(|b| BlockSummary {
                    index: b.index,
                    label: b.label.clone(),
                    path: b.path.clone(),
                    line: b.line,
                    size: b.der.len(),
                })
                .collect(),
            errors: report.errors.iter().filter(|e| e.source == i.name).count(),
        })
        .collect();
    // Every block's DER, label and path: the report has what it needs of them.
    drop(blocks);
    link_keys(&mut report);
    analyse(&mut report, opts, &signatures);
    (report, signatures.spent(), kdf_used)
}

/// Fill in chains, expiry, names, pins and findings.
fn analyse(report: &mut Report, opts: &Options, budget: &crate::x509::verify::SignatureBudget) {
    // A certificate a private key matches is a leaf, whatever its basicConstraints say.
    let keyed: Vec<usize> = report
        .private_keys
        .iter()
        .flat_map(|k| k.matches.iter().copied())
        .collect();
    let chains = crate::checks::report::chains_with_leaves(
        &report.certificates,
        opts.verify_signatures,
        budget,
        &keyed,
    );
    report.chains = chains.chains;
    crate::checks::trust::judge(report);
    // On a budget of its own (sharing the pool's memo): the verdicts must not depend on what
    // the pool's other checks spent first (self-signatures checked now or later).
    crate::path::judge(
        report,
        &opts.trust_anchors,
        &opts.names,
        opts.now,
        &budget.fresh(),
    );
    // The pool's order across files means nothing: a chain is misordered only where one file
    // (or one key of a Secret) lists a certificate after the one it issued.
    let places = crate::checks::report::Places::of(report);
    let misordered: Vec<bool> = report
        .chains
        .iter()
        .map(|ch| ch.misordered && places.misordered(&ch.order))
        .collect();
    for (ch, m) in report.chains.iter_mut().zip(misordered) {
        ch.misordered = m;
    }
    report.duplicates = chains.duplicates;
    report.unrelated = chains.unrelated;
    checks(report, opts);
}

fn checks(report: &mut Report, opts: &Options) {
    use crate::checks::{findings, names, pinlist};
    report.chain_expiry = crate::checks::report::chain_expiry(report, opts.warn_days);
    // A request's names are judged here, not when it is read, so a recheck with other names
    // (the page's names box) judges them again.
    for k in &mut report.public_keys {
        let index = k.index;
        if let Some(c) = &mut k.csr {
            crate::checks::csr::judge(c, &opts.names, index);
        }
    }
    if !opts.names.is_empty() {
        report.names = names::cover_names(report, &opts.names);
    }
    let pins_text = opts.expected_pins.clone().or_else(|| {
        (!report.pinned_hashes.is_empty()).then(|| {
            report
                .pinned_hashes
                .iter()
                .flat_map(|p| p.pins.iter().cloned())
                .collect::<Vec<_>>()
                .join("\n")
        })
    });
    if let Some(text) = pins_text {
        report.pin_check = Some(pinlist::check_pin_list(report, &text));
    }
    // Last: the findings read the chains, the name coverage and the pin check filled in above.
    report.findings = findings::all(report, opts.warn_days);
}

/// Fill `matches`: which certificates carry each key's public key; and a private key's
/// `requests`: which CSRs were made with it.
fn link_keys(report: &mut Report) {
    use std::collections::HashMap;
    // Pin -> pool indices (in pool order), built once: comparing every key with every
    // certificate is quadratic on a pool of leaves with their keys. Each list holds at most
    // MAX_MATCHES_LISTED indices (the first by index): a pool of 50,000 copies of a key and
    // 50,000 of its certificate would otherwise list 2.5 billion.
    let mut certs: HashMap<&str, Vec<usize>> = HashMap::new();
    for c in &report.certificates {
        let v = certs.entry(c.spki_sha256.as_str()).or_default();
        if v.len() < MAX_MATCHES_LISTED {
            v.push(c.index);
        }
    }
    let mut csrs: HashMap<&str, Vec<usize>> = HashMap::new();
    for k in report.public_keys.iter().filter(|k| k.csr.is_some()) {
        let v = csrs.entry(k.spki_sha256.as_str()).or_default();
        if v.len() < MAX_MATCHES_LISTED {
            v.push(k.index);
        }
    }
    let of = |index: &HashMap<&str, Vec<usize>>, pin: &str| -> Vec<usize> {
        index.get(pin).cloned().unwrap_or_default()
    };
    let private: Vec<(Vec<usize>, Vec<usize>)> = report
        .private_keys
        .iter()
        .map(|k| match &k.spki_sha256 {
            Some(pin) => (of(&certs, pin), of(&csrs, pin)),
            None => (k.matches.clone(), k.requests.clone()),
        })
        .collect();
    let public: Vec<Vec<usize>> = report
        .public_keys
        .iter()
        .map(|k| of(&certs, &k.spki_sha256))
        .collect();
    for (k, (matches, requests)) in report.private_keys.iter_mut().zip(private) {
        k.matches = matches;
        k.requests = requests;
    }
    for (k, matches) in report.public_keys.iter_mut().zip(public) {
        k.matches = matches;
    }
}

/// Most certificate (or request) indices a key's `matches` (`requests`) lists.
pub const MAX_MATCHES_LISTED: usize = 1_000;

impl Report {
    /// The report as pretty JSON (the documented contract).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// [`Report::to_json`], refused once it passes `max_bytes` (`Limits::max_output_bytes`):
    /// the JSON is written into a buffer that stops at the limit, so a refused report never
    /// costs more memory than the limit.
    pub fn to_json_within(&self, max_bytes: usize) -> Result<String, OutputTooLarge> {
        self.to_json_as_within(crate::model::CertificateDetail::Full, max_bytes)
    }

    /// [`Report::to_json_within`] with the certificates described as `detail` asks (the CLI's
    /// `--json --summary`); `Full` is exactly `to_json_within`.
    pub fn to_json_as_within(
        &self,
        detail: crate::model::CertificateDetail,
        max_bytes: usize,
    ) -> Result<String, OutputTooLarge> {
        let mut out = Capped {
            buf: Vec::new(),
            max: max_bytes,
        };
        match serde_json::to_writer_pretty(&mut out, &self.view(detail)) {
            // serde_json writes UTF-8: taken as is, not scanned and copied again (the lossy
            // form was ~3 % of a 20,000-leaf `inspect --json`); lossy only if that ever failed.
            Ok(()) => Ok(String::from_utf8(out.buf)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())),
            Err(_) => {
                let distinct: std::collections::HashSet<&str> = self
                    .certificates
                    .iter()
                    .map(|c| c.fingerprint_sha256.as_str())
                    .collect();
                Err(OutputTooLarge {
                    limit: max_bytes,
                    certificates: self.certificates.len(),
                    distinct: distinct.len(),
                })
            }
        }
    }
}

/// A writer that refuses to grow past `max` bytes.
struct Capped {
    buf: Vec<u8>,
    max: usize,
}

impl std::io::Write for Capped {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.buf.len().saturating_add(data.len()) > self.max {
            return Err(std::io::Error::other("output limit"));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The JSON report would be larger than the output limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputTooLarge {
    /// The limit, in bytes.
    pub limit: usize,
    /// Certificates in the report, and how many of them are distinct.
    pub certificates: usize,
    pub distinct: usize,
}

impl core::fmt::Display for OutputTooLarge {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mb = self.limit / (1024 * 1024);
        let size = if mb > 0 && self.limit % (1024 * 1024) == 0 {
            format!("{mb} MB")
        } else {
            format!("{} bytes", self.limit)
        };
        write!(
            f,
            "the JSON report is larger than the output limit ({size}): it describes {} certificates",
            self.certificates
        )?;
        if self.distinct < self.certificates {
            write!(
                f,
                ", only {} of them distinct (the others are copies); remove the copies (certlens chain writes each certificate once) or split the input",
                self.distinct
            )
        } else {
            write!(f, "; split the input")
        }
    }
}

impl std::error::Error for OutputTooLarge {}
