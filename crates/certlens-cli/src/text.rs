//! The human-readable printer for `inspect` and `check`. (JSON is the core's own contract.)

use certlens_core::output::{self, PathVerdictLevel, PinLevel};
use certlens_core::Severity;
use certlens_core::SignatureStatus;
use certlens_core::ValidityStatus;
use certlens_core::{Certificate, Chain, PrivateKeyReport, PublicKeyReport, Report};

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    fn red(&self, s: &str) -> String {
        self.paint("31", s)
    }
    fn yellow(&self, s: &str) -> String {
        self.paint("33", s)
    }
    fn green(&self, s: &str) -> String {
        self.paint("32", s)
    }
    fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "-".into()
    } else {
        v.join(", ")
    }
}

pub fn report(r: &Report, colour: bool, full: bool) -> String {
    let s = Style { on: colour };
    let mut o = String::new();
    // Every line passes the terminal gate: a subject, SAN, label or message from the input
    // can neither break the line nor carry a control or bidi character.
    let mut line = |t: String| {
        o.push_str(&crate::safe::line(&t, colour));
        o.push('\n');
    };
    for c in &r.certificates {
        certificate_lines(c, &s, full, &mut line);
    }
    for k in &r.private_keys {
        private_key_lines(k, &s, &mut line);
    }
    for k in &r.public_keys {
        public_key_lines(k, &s, &mut line);
    }
    for ot in &r.other {
        line(format!("{}: {}", ot.location, ot.kind));
    }
    for (i, ch) in r.chains.iter().enumerate() {
        chain_lines(r, i, ch, &s, &mut line);
    }
    if !r.chains.is_empty() {
        line(String::new());
    }
    for n in &r.names {
        if let Some(k) = n.requested_by {
            line(format!(
                "Name {}: {} (the request, public key #{k}, asks for it); no certificate yet",
                n.name,
                s.yellow("requested")
            ));
            continue;
        }
        let by = match (&n.san, n.certificate) {
            (Some(san), Some(c)) => format!("by #{c} via {san}"),
            _ => n.note.clone().unwrap_or_default(),
        };
        let mark = if n.covered {
            s.green("covered")
        } else if n.requested_by.is_some() {
            s.yellow("requested")
        } else {
            s.red("NOT covered")
        };
        line(
            format!("Name {}: {mark} {by}", n.name)
                .trim_end()
                .to_string(),
        );
    }
    if !r.names.is_empty() {
        line(String::new());
    }
    // The verdict is the core's, so this says what the page and the JS module say.
    if let Some(v) = output::pin_verdict(r) {
        pin_lines(&v, &s, &mut line);
    }
    for l in &r.password_needed {
        line(s.yellow(&format!(
            "{}: {} is encrypted; pass --password-file to read it",
            l.location, l.what
        )));
    }
    for f in &r.findings {
        let tag = match f.severity {
            Severity::Error => s.red("error"),
            Severity::Warning => s.yellow("warning"),
            Severity::Info => s.dim("info"),
            _ => s.dim("note"),
        };
        line(format!("{tag}: {}", f.message));
        // A finding told once for many certificates names the first few.
        if let Some(names) = certlens_core::grouped_certificates(r, f) {
            line(s.dim(&format!("       certificates: {names}")));
        }
        line(s.dim(&format!("       fix: {}", f.fix)));
    }
    for e in &r.errors {
        line(format!("{}: {}", s.red("error"), e.message));
    }
    o
}

/// One certificate: who, when, names, key, and with `full` every field.
fn certificate_lines(c: &Certificate, s: &Style, full: bool, line: &mut dyn FnMut(String)) {
    let status = match c.validity.status {
        ValidityStatus::Valid if c.validity.days_left < output::DEFAULT_WARN_DAYS => {
            s.yellow(&format!("expires in {} days", c.validity.days_left))
        }
        ValidityStatus::Valid => s.green(&format!("valid, {} days left", c.validity.days_left)),
        ValidityStatus::Expired => s.red(&format!("EXPIRED {} days ago", -c.validity.days_left)),
        ValidityStatus::NotYetValid => s.red("NOT YET VALID"),
        // The core's enums are `#[non_exhaustive]`: a status added there prints plainly.
        _ => format!("{} days left", c.validity.days_left),
    };
    line(s.bold(&format!("Certificate #{}  {}", c.index, c.location)));
    line(format!("  Subject:      {}", c.subject));
    line(format!("  Issuer:       {}", c.issuer));
    line(format!("  Serial:       {}", c.serial_hex));
    line(format!(
        "  Validity:     {} → {}  ({status})",
        c.not_before, c.not_after
    ));
    line(format!("  DNS names:    {}", list(&c.san.dns)));
    if !c.san.ip.is_empty() || full {
        line(format!("  IP addresses: {}", list(&c.san.ip)));
    }
    if !c.san.email.is_empty() || !c.san.uri.is_empty() || full {
        line(format!(
            "  Email / URI:  {} / {}",
            list(&c.san.email),
            list(&c.san.uri)
        ));
    }
    line(format!("  Key:          {}", c.public_key.label()));
    line(format!("  Signature:    {}", c.signature_algorithm));
    let role = match (c.is_ca, c.self_signed) {
        (true, true) => "CA, self-signed (root)",
        (true, false) => "CA (intermediate)",
        (false, true) => "end entity, self-signed",
        (false, false) => "end entity",
    };
    line(format!("  Role:         {role}"));
    if full {
        if let Some(st) = &c.self_signature {
            let st = match st {
                SignatureStatus::Valid => "valid",
                SignatureStatus::Invalid => "INVALID",
                SignatureStatus::Unsupported => "cannot be checked here",
                SignatureStatus::NotChecked => "not checked (--self-signatures checks it)",
                _ => "unknown",
            };
            line(format!("  Self-sig.:    {st}"));
        }
        line(format!("  Key usage:    {}", list(&c.key_usage)));
        line(format!("  Ext. usage:   {}", list(&c.extended_key_usage)));
        if let Some(k) = &c.subject_key_id {
            line(format!("  SKI:          {k}"));
        }
        if let Some(k) = &c.authority_key_id {
            line(format!("  AKI:          {k}"));
        }
        for u in &c.ca_issuer_urls {
            line(format!("  CA issuers:   {u}  (not fetched)"));
        }
        for u in &c.ocsp_urls {
            line(format!("  OCSP:         {u}  (not fetched)"));
        }
        for u in &c.crl_urls {
            line(format!("  CRL:          {u}  (not fetched)"));
        }
        line(format!("  SHA-1:        {}", c.fingerprint_sha1));
    }
    line(format!("  SHA-256:      {}", c.fingerprint_sha256));
    line(format!("  SPKI pin:     {}", s.bold(&c.spki_sha256)));
    line(format!("                {}", c.spki_sha256_base64));
    line(String::new());
}

/// One private key: format, encryption, pin and the certificates it matches.
fn private_key_lines(k: &PrivateKeyReport, s: &Style, line: &mut dyn FnMut(String)) {
    line(s.bold(&format!("Private key #{}  {}", k.index, k.location)));
    line(format!(
        "  Format:       {} — {}",
        k.format.as_str(),
        k.format_description
    ));
    if let Some(e) = &k.encryption {
        line(format!("  Encryption:   {e}"));
    }
    if let Some(pk) = &k.public_key {
        line(format!("  Key:          {}", pk.label()));
    }
    if let Some(p) = &k.spki_sha256 {
        line(format!("  SPKI pin:     {}", s.bold(p)));
    }
    let m = if k.needs_password {
        s.yellow("unknown until the password is given (--password-file)")
    } else if k.matches.is_empty() && !k.requests.is_empty() {
        format!(
            "no certificate yet; the key of the request ({})",
            k.requests
                .iter()
                .map(|i| format!("public key #{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else if k.matches.is_empty() {
        s.yellow("no certificate in the input")
    } else {
        s.green(
            &k.matches
                .iter()
                .map(|i| format!("#{i}"))
                .collect::<Vec<_>>()
                .join(", "),
        )
    };
    line(format!("  Matches:      {m}"));
    if let Some(n) = &k.note {
        line(format!("  Note:         {n}"));
    }
    line(String::new());
}

/// One public key or certificate request.
fn public_key_lines(k: &PublicKeyReport, s: &Style, line: &mut dyn FnMut(String)) {
    line(s.bold(&format!("Public key #{}  {}", k.index, k.location)));
    line(format!("  Format:       {}", k.format));
    if let Some(subj) = &k.subject {
        line(format!("  CSR subject:  {subj}"));
    }
    line(format!("  Key:          {}", k.public_key.label()));
    line(format!("  SPKI pin:     {}", s.bold(&k.spki_sha256)));
    line(format!("                {}", k.spki_sha256_base64));
    if let Some(c) = &k.csr {
        csr_lines(c, line);
    }
    if !k.matches.is_empty() {
        line(format!(
            "  Matches:      {}",
            k.matches
                .iter()
                .map(|i| format!("#{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    line(String::new());
}

/// Chain `i` (from 0): its order, its links' signatures and the trust verdict.
fn chain_lines(r: &Report, i: usize, ch: &Chain, s: &Style, line: &mut dyn FnMut(String)) {
    let order: Vec<String> = ch.order.iter().map(|j| format!("#{j}")).collect();
    let mut notes = Vec::new();
    if ch.misordered {
        notes.push(s.red("misordered in the input"));
    }
    if ch.missing_intermediate && !ch.issuer_declared() {
        notes.push(s.red("intermediate missing"));
    }
    if ch.complete {
        notes.push("complete".into());
    }
    if !ch.root_included {
        notes.push("root not included".into());
    }
    line(format!(
        "{} {}  {}",
        s.bold(&format!("Chain {}:", i + 1)),
        order.join(" → "),
        notes.join(", ")
    ));
    for l in &ch.links {
        let st = serde_json::to_value(&l.signature)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let st = match l.signature {
            SignatureStatus::Valid => s.green(&st),
            SignatureStatus::Invalid => s.red(&st),
            _ => s.yellow(&st),
        };
        line(format!("  #{} signed by #{}: {st}", l.child, l.parent));
    }
    // The trust verdict (the core's sentence, as the page shows it).
    // With a declared anchor the validation's anchor line says where the chain ends; the
    // store-only trust sentence would call that root missing.
    let declared = ch.declared_anchor().is_some();
    if let Some(t) = ch.trust.as_ref().filter(|_| !declared) {
        let msg = match t.verdict {
            certlens_core::TrustVerdict::PublicRoot => s.green(&t.message),
            certlens_core::TrustVerdict::PrivateRoot => t.message.clone(),
            certlens_core::TrustVerdict::IssuerMissing => s.yellow(&t.message),
            _ => t.message.clone(),
        };
        line(format!("  trust: {msg}"));
    }
    if let Some(v) = &ch.validation {
        validation_lines(r, v, s, line);
    }
}

/// A chain's path validation, in the core's words (what the page and the JS module show).
fn validation_lines(
    r: &Report,
    v: &certlens_core::PathValidation,
    s: &Style,
    line: &mut dyn FnMut(String),
) {
    let t = output::verdict_text(r, v);
    let paint = |level: PathVerdictLevel, text: &str| match level {
        PathVerdictLevel::Ok => s.green(text),
        PathVerdictLevel::Error => s.red(text),
        _ => s.yellow(text),
    };
    line(format!("  verdict: {}", paint(t.level, &t.headline)));
    for c in &t.clients {
        line(format!("    {}", paint(c.level, &c.text)));
    }
    if let Some(a) = &t.anchor {
        line(format!("  anchor: {a}"));
    }
    if let Some(h) = &t.offered_anchor {
        line(format!("  {h} with --ca FILE"));
    }
}

/// The pin verdict (the core's, so this says what the page and the JS module say).
fn pin_lines(v: &output::PinVerdict, s: &Style, line: &mut dyn FnMut(String)) {
    let headline = match v.level {
        PinLevel::Ok => s.green(&v.headline),
        PinLevel::Warning => s.yellow(&v.headline),
        PinLevel::Error => s.red(&v.headline),
        _ => v.headline.clone(),
    };
    line(format!("Pins: {headline}"));
    for e in &v.entries {
        line(format!(
            "  pin {}: {} — {}",
            e.entry.saturating_add(1),
            e.pin,
            e.description
        ));
    }
    for n in &v.notes {
        line(format!("Pins: {n}"));
    }
    line(String::new());
}

/// What a CSR requests, its signature, and the names checked against it.
fn csr_lines(c: &certlens_core::CsrDetails, line: &mut dyn FnMut(String)) {
    line(format!("  Requests:     {}", c.requested_names()));
    let exts = c.extension_labels();
    if !exts.is_empty() {
        line(format!("  Extensions:   {}", exts.join(", ")));
    }
    if !c.key_usage.is_empty() {
        line(format!("  Key usage:    {}", c.key_usage.join(", ")));
    }
    if !c.extended_key_usage.is_empty() {
        line(format!(
            "  Ext. usage:   {}",
            c.extended_key_usage.join(", ")
        ));
    }
    line(format!(
        "  Signature:    {} ({})",
        match c.signature {
            certlens_core::SignatureStatus::Valid => "valid",
            certlens_core::SignatureStatus::Invalid => "INVALID",
            certlens_core::SignatureStatus::Unsupported => "not supported",
            certlens_core::SignatureStatus::NotChecked => "not checked",
            _ => "unknown",
        },
        c.signature_detail
    ));
    for n in &c.names {
        line(format!(
            "  Covers {}: {}",
            n.name,
            if n.covered { "yes" } else { "NO" }
        ));
    }
    for p in &c.problems {
        line(format!("  Problem:      {p}"));
    }
}
