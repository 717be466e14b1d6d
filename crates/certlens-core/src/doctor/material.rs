//! Checks shared by every setting that carries certificate material: how a value is written
//! (one-line Base64 of PEM), and a certificate with its key (chain, order, expiry, key match).

use crate::checks::names::{check_names, CertNames};
use crate::doctor::verdict::{FixAction, Level, Problem};
use crate::doctor::{Docs, DoctorOptions};
use crate::input::{b64, Input};
use crate::inspect::pool::{self, ChainFacts, KeyMatch};
use crate::model::{Certificate, KeyFormat, NameCoverage, Report, TrustVerdict, ValidityStatus};
use crate::output::cert_label;

fn problem(level: Level, text: String, fix: &str) -> Problem {
    Problem {
        level,
        text,
        fix: Some(fix.to_string()),
        action: None,
        secret: None,
    }
}

const FIX_ONE_LINE: &str = "write the Base64 of the PEM file on one line: `base64 -w 0 full-chain.crt` (certlens's certificate.tls values output writes both values that way)";

/// A values setting the chart places verbatim under a Secret's `data:` (`certificate.tls.crt`,
/// `secrets.customCa.customCaCertificate`): it must be the Base64 of the PEM text, on one line.
/// Returns the bytes to check further (the PEM when it can be recovered) and the problems.
pub(crate) fn data_value(raw: &str, what: &str) -> (Option<Vec<u8>>, Vec<Problem>) {
    let mut problems = Vec::new();
    let t = raw.trim();
    if t.contains("-----BEGIN ") {
        problems.push(problem(
            Level::Error,
            format!("{what} is PEM text, but the chart puts it verbatim under a Secret's `data:`, which must be Base64: the Secret is rejected or the pod reads garbage"),
            FIX_ONE_LINE,
        ));
        return (Some(t.as_bytes().to_vec()), problems);
    }
    let lines = t.lines().filter(|l| !l.trim().is_empty()).count();
    if lines > 1 {
        problems.push(problem(
            Level::Error,
            format!("{what} is Base64 wrapped over {lines} lines; the chart needs it on one line (`data:` values with line breaks break the Secret)"),
            FIX_ONE_LINE,
        ));
    } else if t.contains(char::is_whitespace) {
        problems.push(problem(
            Level::Error,
            format!("{what} has spaces inside its Base64; the chart needs one unbroken line"),
            FIX_ONE_LINE,
        ));
    }
    let cleaned: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = match b64::decode_standard(&cleaned) {
        Ok(b) => b,
        Err(detail) => {
            problems.push(problem(
                Level::Error,
                format!("{what} is not valid Base64: {detail}"),
                FIX_ONE_LINE,
            ));
            return (None, problems);
        }
    };
    if bytes.first() == Some(&0x30) {
        problems.push(problem(
            Level::Error,
            format!("{what} is the Base64 of DER (binary), but the pods read PEM text"),
            "convert to PEM first (`openssl x509 -inform DER -in cert.der -out cert.pem`, `openssl pkey -inform DER ...`), then `base64 -w 0`",
        ));
    } else if let Ok(inner) = core::str::from_utf8(&bytes) {
        let inner_clean = b64::clean(inner);
        if !inner.contains("-----BEGIN ") && b64::looks_like_base64(&inner_clean) {
            problems.push(problem(
                Level::Error,
                format!("{what} is Base64-encoded twice: the pods would read Base64 text instead of PEM"),
                "decode it once (`echo VALUE | base64 -d`) and use that, or encode the PEM file only once: `base64 -w 0 full-chain.crt`",
            ));
            if let Ok(once) = b64::decode_standard(&inner_clean) {
                return (Some(once), problems);
            }
        }
    }
    (Some(bytes), problems)
}

/// What a certificate + key check found.
pub(crate) struct PairCheck {
    pub report: Report,
    /// The chain headed by the certificate input's leaf.
    pub chain: Option<ChainFacts>,
    pub crt: Vec<Problem>,
    pub key: Vec<Problem>,
    pub notes: Vec<String>,
}

impl PairCheck {
    pub(crate) fn leaf(&self) -> Option<&Certificate> {
        self.chain
            .as_ref()
            .and_then(|c| self.report.certificates.get(c.leaf))
    }

    /// Coverage of `names` by the leaf alone (RFC 6125).
    pub(crate) fn covers(&self, names: &[String]) -> Vec<NameCoverage> {
        let Some(c) = self.leaf() else {
            return Vec::new();
        };
        check_names(
            names,
            &[CertNames {
                index: c.index,
                dns: &c.san.dns,
                ip: &c.san.ip,
                common_name: c.common_name.as_deref(),
            }],
        )
    }
}

/// How a certificate input (`crt`) and a key input (`key`) go together, with `extra` inputs
/// in the same pool (a CA file), as the chart uses them.
pub(crate) struct PairSpec<'a> {
    pub crt: Option<Input>,
    pub key: Option<Input>,
    pub extra: Vec<Input>,
    /// The chain should end with its root (the vendor's documented order for the main
    /// certificate).
    pub want_root: bool,
    /// Where the material was read, for sentences: `certificate.tls.crt`, `Secret x, tls.crt`.
    pub crt_what: &'a str,
    pub key_what: &'a str,
    /// The password the pods open an encrypted key with (the chart's
    /// `secrets.defaults.keystore_password`; empty when unset), or `None` where the consumer
    /// takes unencrypted keys only.
    pub keystore: Option<&'a str>,
}

/// The days-left sentence for a certificate that is about to expire, or has.
pub(crate) fn expiry_problem(c: &Certificate, warn_days: i64, role: &str) -> Option<Problem> {
    let date = c.not_after.get(..10).unwrap_or(&c.not_after);
    match c.validity.status {
        ValidityStatus::Expired => Some(problem(
            Level::Error,
            format!(
                "{role} {} expired on {date} ({} days ago)",
                cert_label(c),
                -c.validity.days_left
            ),
            "renew it: issue a new certificate for the same names and replace it",
        )),
        ValidityStatus::NotYetValid => Some(problem(
            Level::Error,
            format!(
                "{role} {} is not valid yet (from {})",
                cert_label(c),
                c.not_before.get(..10).unwrap_or(&c.not_before)
            ),
            "check the issuing machine's clock, or wait until it is valid",
        )),
        ValidityStatus::Valid if c.validity.days_left < warn_days => Some(problem(
            Level::Warning,
            format!(
                "{role} {} expires on {date}, in {} days (warning at {warn_days})",
                cert_label(c),
                c.validity.days_left
            ),
            "renew it before then and plan the rollout (new pins too, if pinned)",
        )),
        ValidityStatus::Valid => None,
    }
}

pub(crate) fn check_pair(
    spec: PairSpec<'_>,
    docs: &Docs,
    opts: &DoctorOptions,
    pins: Option<String>,
) -> PairCheck {
    let crt_name = spec.crt.as_ref().map(|i| i.name.clone());
    let key_name = spec.key.as_ref().map(|i| i.name.clone());
    let mut pieces: Vec<Input> = Vec::new();
    pieces.extend(spec.crt);
    pieces.extend(spec.key);
    pieces.extend(spec.extra);
    let password = spec.keystore.filter(|p| !p.is_empty());
    let Some(report) = docs.work.inspect_as(&pieces, pins, password) else {
        return PairCheck {
            report: Report::default(),
            chain: None,
            crt: vec![Problem {
                level: Level::NotChecked,
                text: format!("{}: {}", spec.crt_what, docs.work.refused()),
                fix: None,
                action: None,
                secret: None,
            }],
            key: Vec::new(),
            notes: Vec::new(),
        };
    };
    let is_crt = |s: &str| crt_name.as_deref() == Some(s);
    let is_key = |s: &str| key_name.as_deref() == Some(s);
    let mut crt = Vec::new();
    let mut key = Vec::new();
    let mut notes = Vec::new();
    for e in pool::errors_of(&report, &is_crt) {
        crt.push(problem(
            Level::Error,
            e,
            "replace the broken block with the certificate file's exact content",
        ));
    }
    let chain = pool::leaf_from(&report, &is_crt);
    match &chain {
        None if crt_name.is_some() => crt.push(problem(
            Level::Error,
            format!("{} holds no certificate", spec.crt_what),
            "put the server certificate and its chain there (PEM, leaf first)",
        )),
        None => {}
        Some(ch) => {
            let (problems, found) =
                chain_problems(&report, ch, spec.crt_what, spec.want_root, opts, &is_crt);
            crt.extend(problems);
            notes.extend(found);
            if key_name.is_some() {
                key.extend(key_problems(&report, ch, spec.key_what, &is_key, spec.keystore.is_some()));
            }
        }
    }
    for e in pool::errors_of(&report, &is_key) {
        key.push(problem(
            Level::Error,
            e,
            "replace it with the key file's exact content",
        ));
    }
    PairCheck {
        report,
        chain,
        crt,
        key,
        notes,
    }
}

/// The served chain's problems: expiry, order, completeness, the root, broken links, strays.
fn chain_problems(
    report: &Report,
    ch: &ChainFacts,
    crt_what: &str,
    want_root: bool,
    opts: &DoctorOptions,
    is_crt: &dyn Fn(&str) -> bool,
) -> (Vec<Problem>, Vec<String>) {
    let mut crt = Vec::new();
    let mut notes = Vec::new();
    let cert = |i: usize| report.certificates.get(i);
    if let Some(leaf) = cert(ch.leaf) {
        notes.push(format!(
            "served certificate: {}, valid until {}, SHA-256 pin {}",
            cert_label(leaf),
            leaf.not_after.get(..10).unwrap_or(&leaf.not_after),
            leaf.spki_sha256
        ));
        if let Some(mut p) = expiry_problem(leaf, opts.warn_days, "the certificate") {
            p.text = format!("{}: {}", crt_what, p.text);
            crt.push(p);
        }
    }
    for &i in ch.order.iter().skip(1) {
        if let Some(mut p) =
            cert(i).and_then(|c| expiry_problem(c, opts.warn_days, "the chain's CA"))
        {
            p.text = format!("{}: {}", crt_what, p.text);
            crt.push(p);
        }
    }
    if ch.misordered {
        let mut p = problem(
            Level::Error,
            format!("{} is not in the documented order (certificate → intermediate → root): a CA comes before the certificate it issued", crt_what),
            "put the chain in order: the server certificate first, then the CA that issued it, then the root",
        );
        p.action = Some(FixAction::ReorderChain {
            setting: crt_what.to_string(),
        });
        crt.push(p);
    }
    if ch.missing_intermediate {
        let last = ch
            .order
            .last()
            .and_then(|&i| cert(i))
            .map(cert_label)
            .unwrap_or_default();
        crt.push(problem(
            Level::Error,
            match &ch.missing_issuer {
                Some(m) => format!("{}: the chain is incomplete: {last} was issued by \"{}\", which is not in it; clients that do not already hold that certificate refuse the connection (openssl: \"unable to get local issuer certificate\")", crt_what, m.subject),
                None => format!("{}: the chain is incomplete, an intermediate certificate is missing after {last}", crt_what),
            },
            &missing_issuer_fix(ch.missing_issuer.as_ref()),
        ));
    } else if !ch.root_included && ch.missing_issuer.is_some() && want_root {
        // The chain ends at a CA whose issuer is neither given nor a public root: a
        // private root (or a further intermediate) is missing.
        let m = ch.missing_issuer.as_ref();
        crt.push(problem(
            Level::Warning,
            format!("{}: the chain ends at {}, whose issuer \"{}\" is neither given nor a public root; the vendor's procedure is the full chain certificate → intermediate → root", crt_what, ch.order.last().and_then(|&i| cert(i)).map(cert_label).unwrap_or_default(), m.map(|m| m.subject.as_str()).unwrap_or("")),
            &missing_issuer_fix(m),
        ));
    } else if want_root && !ch.root_included {
        let public = ch
            .trust
            .as_ref()
            .filter(|t| t.verdict == TrustVerdict::PublicRoot);
        crt.push(problem(
            Level::Warning,
            match public {
                Some(t) => format!("{}: the chain ends without its root, {} (a public root); the vendor's procedure is the full chain certificate → intermediate → root", crt_what, t.anchor),
                None => format!("{}: the chain ends without its root; the vendor's procedure is the full chain certificate → intermediate → root", crt_what),
            },
            &match public {
                Some(t) => format!("append the root CA certificate {} (from your CA, or your system's CA bundle) after the last intermediate", t.anchor),
                None => "append the root CA certificate after the last intermediate".to_string(),
            },
        ));
    }
    for b in &ch.bad_links {
        crt.push(problem(
            Level::Error,
            format!("{}: {b}", crt_what),
            "take the chain your CA issued with this certificate; a certificate from another chain with the same name does not work",
        ));
    }
    let outside = report
        .certificates
        .iter()
        .filter(|c| is_crt(&c.source) && !ch.order.contains(&c.index));
    // With the intermediate missing, a root in tls.crt is the chain's own root beyond the gap:
    // it belongs last, as documented (certificate → intermediate → root), and "keep only the
    // chain" would tell the user to remove it. The missing intermediate goes before it. A
    // non-root CA outside the chain (another intermediate) is still a stray.
    let own_root = |c: &Certificate| ch.missing_intermediate && c.is_ca && c.self_issued;
    let beyond_gap: Vec<String> = outside
        .clone()
        .filter(|c| own_root(c))
        .map(cert_label)
        .collect();
    if !beyond_gap.is_empty() {
        notes.push(format!(
            "{} also holds {}: keep it last, and add the missing intermediate before it (certificate → intermediate → root)",
            crt_what,
            beyond_gap.join(", ")
        ));
    }
    let strays: Vec<String> = outside
        .filter(|c| !own_root(c))
        .filter(|c| {
            !report
                .duplicates
                .iter()
                .any(|d| d.contains(&c.index) && d.first() != Some(&c.index))
        })
        .map(cert_label)
        .collect();
    if !strays.is_empty() {
        crt.push(problem(
            Level::Warning,
            format!(
                "{} also holds certificates outside the served chain: {}",
                crt_what,
                strays.join(", ")
            ),
            "keep only the served certificate and its chain",
        ));
    }
    (crt, notes)
}

/// Whether the key given is the served certificate's, readable, and in a format the chart takes.
fn key_problems(
    report: &Report,
    ch: &ChainFacts,
    key_what: &str,
    is_key: &dyn Fn(&str) -> bool,
    keystore: bool,
) -> Vec<Problem> {
    let cert = |i: usize| report.certificates.get(i);
    let mut key = Vec::new();
    match pool::key_match(report, ch.leaf, &is_key) {
        KeyMatch::Matches(k) => {
            if let Some(pk) = report.private_keys.get(k) {
                // An encrypted key the keystore password opened is the chart's other form
                // (its verdict is the keystore password's).
                let chart_form = matches!(pk.format, KeyFormat::Pkcs1 | KeyFormat::Pkcs8)
                    || (keystore && pk.encrypted);
                if !chart_form {
                    key.push(problem(
                        Level::Warning,
                        format!("{} is a {} key; the chart documents PKCS#1 or PKCS#8", key_what, pk.format_description),
                        "convert it to PKCS#8 (the Outputs' key conversion does, unencrypted)",
                    ));
                }
            }
        }
        KeyMatch::Mismatch { key_pin } => key.push(problem(
            Level::Error,
            format!(
                "{} does not match the certificate: the key's pin is {}, the certificate's {}",
                key_what,
                key_pin.as_deref().unwrap_or("unknown"),
                cert(ch.leaf).map(|c| c.spki_sha256.as_str()).unwrap_or("unknown")
            ),
            "use the private key the certificate was issued for (inspect the certificate with your keys: the key whose pin is the certificate's is the one)",
        )),
        KeyMatch::Unreadable if keystore => key.push(problem(
            Level::Error,
            format!("{} is encrypted and secrets.defaults.keystore_password does not open it (or it cannot be read): the keystore's `openssl pkcs12 -export -passin` and nginx's ssl_password_file fail", key_what),
            "set secrets.defaults.keystore_password to the key's password, or write the key unencrypted (certlens's certificate.tls values output decrypts it with its password)",
        )),
        KeyMatch::Unreadable => key.push(problem(
            Level::Error,
            format!("{} is encrypted or cannot be read; the pods need an unencrypted key", key_what),
            "decrypt it with its password and write it unencrypted, PKCS#8 (the Outputs' key conversion does)",
        )),
        KeyMatch::NoKey => key.push(problem(
            Level::Error,
            format!("{} holds no private key", key_what),
            "put the certificate's private key there (PEM, PKCS#1 or PKCS#8)",
        )),
    }
    key
}

/// The fix for a missing issuer: where its CA publishes it, else how to find it.
fn missing_issuer_fix(m: Option<&crate::model::MissingIssuer>) -> String {
    let Some(m) = m else {
        return "add the intermediate CA certificate your CA sent with the certificate (its \"CA bundle\")".to_string();
    };
    let key = m
        .authority_key_id
        .as_deref()
        .map(|k| format!(" with Subject Key Identifier {k}"))
        .unwrap_or_default();
    match m.ca_issuers.first() {
        Some(url) => format!(
            "add the CA certificate \"{}\"{key} after it: your CA's bundle has it, and the certificate itself says where its CA publishes it: {url}",
            m.subject
        ),
        None => format!(
            "add the CA certificate \"{}\"{key} after it (your CA's bundle, sent with the certificate)",
            m.subject
        ),
    }
}

// ---- the real clients' verdicts ------------------------------------------------------------------

/// The clients of one hop that reject its chain for one rule, with what they say.
pub(crate) struct Rejection {
    pub rule: crate::model::PathRule,
    /// The clients, as the sentence names them ("Java (agents, Keycloak)").
    pub clients: Vec<String>,
    /// Each client's own error text, quoted after its name, where it has one.
    pub errors: Vec<String>,
    /// The first rejecting client's message: the certificate and the detail of the rule.
    pub message: String,
    /// Pool index of the certificate the rule is about.
    pub certificate: Option<usize>,
}

impl Rejection {
    /// "Java (agents, Keycloak) and Go reject it: a certificate has expired"
    pub(crate) fn who(&self) -> String {
        let verb = if self.clients.len() == 1 && !self.clients.iter().any(|c| c == "browsers") {
            "rejects"
        } else {
            "reject"
        };
        format!("{} {verb} it: {}", join_and(&self.clients), self.rule)
    }

    /// `(Java: "PKIX path building failed: ...", Go: "x509: ...")`, or nothing.
    pub(crate) fn said(&self) -> String {
        if self.errors.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.errors.join("; "))
        }
    }
}

pub(crate) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The rejections of `v` by the `clients` asked about (each with the name the deployment
/// knows it by), grouped by rule in the clients' order; and the clients that could not
/// decide (budget), with why.
pub(crate) fn rejections(
    v: &crate::model::PathValidation,
    clients: &[(crate::model::Client, &str)],
) -> (Vec<Rejection>, Vec<String>) {
    use crate::model::Outcome;
    let mut out: Vec<Rejection> = Vec::new();
    let mut unchecked = Vec::new();
    for (client, name) in clients {
        let Some(cv) = v.clients.iter().find(|c| c.client == *client) else {
            continue;
        };
        match (cv.outcome, cv.rule) {
            (Outcome::Reject, Some(rule)) => {
                let said = cv
                    .error
                    .as_ref()
                    .map(|e| format!("{}: \"{e}\"", client.label()));
                match out.iter_mut().find(|r| r.rule == rule) {
                    Some(r) => {
                        r.clients.push((*name).to_string());
                        r.errors.extend(said);
                    }
                    None => out.push(Rejection {
                        rule,
                        clients: vec![(*name).to_string()],
                        errors: said.into_iter().collect(),
                        message: cv.message.clone(),
                        certificate: cv.certificate,
                    }),
                }
            }
            (Outcome::Accept, _) => {}
            _ => unchecked.push(cv.message.clone()),
        }
    }
    (out, unchecked)
}

/// The DER of every CA certificate in `report` read from an input accepted by `from`: roots
/// a setting declares trusted. A server certificate there is not an anchor (the setting's own
/// check says it is misplaced).
pub(crate) fn ca_ders(report: &Report, from: &dyn Fn(&str) -> bool) -> Vec<Vec<u8>> {
    report
        .certificates
        .iter()
        .filter(|c| from(&c.source) && c.is_ca)
        .map(|c| c.der.clone())
        .collect()
}
