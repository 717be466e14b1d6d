//! A Lightrun values.yaml, setting by setting (see `/work/shared/CHART-FACTS.md` for what the
//! chart does with each value).

use yaml_rust2::Yaml;

use crate::checks::enckey::check_key;
use crate::checks::names::{chart_services, service_names};
use crate::checks::pinlist::parse_pin_list;
use crate::doctor::lines::line_of;
use crate::doctor::material::{self, check_pair, data_value, PairCheck, PairSpec};
use crate::doctor::verdict::{Builder, Verdict};
use crate::doctor::{Docs, DoctorOptions, ValuesDoc};
use crate::input::k8s::{Secret, Section};
use crate::input::Input;
use crate::inspect::pool;
use crate::output::{
    backend_problem, cert_label, encryption_secret_name, CUSTOM_CA_KEY, INTERNAL_TLS_MOUNTED_KEYS,
};

use crate::doctor::GIVE_SECRET;

fn at<'y>(doc: &'y Yaml, path: &str) -> &'y Yaml {
    path.split('.').fold(doc, |node, k| &node[k])
}

fn text_at(doc: &Yaml, path: &str) -> Option<String> {
    match at(doc, path) {
        Yaml::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        _ => None,
    }
}

fn bool_at(doc: &Yaml, path: &str) -> Option<bool> {
    match at(doc, path) {
        Yaml::Boolean(b) => Some(*b),
        Yaml::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Yaml::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// The certificate the backend serves, once found.
struct Served {
    /// Where it came from, for sentences.
    what: String,
    /// The certificate input's bytes (to pool them with a CA file).
    crt: Vec<u8>,
    check: PairCheck,
}

struct Ctx<'a> {
    v: &'a ValuesDoc,
    docs: &'a Docs,
    opts: &'a DoctorOptions,
    release: String,
    namespace: String,
    out: Vec<Verdict>,
}

impl Ctx<'_> {
    fn builder(&self, path: &str) -> Builder {
        let parts: Vec<&str> = path.split('.').collect();
        Builder::new(path, &self.v.source, line_of(&self.v.text, &parts))
    }

    fn text(&self, path: &str) -> Option<String> {
        text_at(&self.v.doc, path)
    }

    fn flag(&self, path: &str, default: bool) -> bool {
        bool_at(&self.v.doc, path).unwrap_or(default)
    }

    /// The Secret `name` of the release namespace, or a problem on `b` saying why not.
    fn secret(&self, b: &mut Builder, name: &str, what: &str) -> Option<&Secret> {
        let (same, other) = self.docs.secret(name, &self.namespace);
        if same.is_some() {
            return same;
        }
        match other {
            Some(o) => b.error(
                format!(
                    "Secret {name} was given in namespace {}, but the release is in {}: the pods look for it in {}",
                    o.namespace.as_deref().unwrap_or("?"),
                    self.namespace,
                    self.namespace
                ),
                format!("create {name} in namespace {} (or pass the release namespace you use)", self.namespace),
            ),
            None => b.not_checked(
                format!("{what}: Secret {name} must exist in namespace {}; {GIVE_SECRET}", self.namespace),
                format!("kubectl get secret {name} -n {} -o yaml > {name}.yaml, and drop it beside the values", self.namespace),
            ),
        }
        None
    }
}

/// An input named after where it was found, holding one Secret key's bytes.
fn secret_input(s: &Secret, key: &str, b: &mut Builder) -> Option<Input> {
    let e = s.entry(key)?;
    match &e.bytes {
        Ok(bytes) => Some(Input::new(
            format!("Secret {}, {}.{key}", s.name, e.section.as_str()),
            bytes.clone(),
        )),
        Err(detail) => {
            b.error(
                format!("Secret {}: data.{key} is not valid Base64: {detail}", s.name),
                "under `data:` every value is Base64 of the file (`base64 -w 0 FILE`); or put the PEM text under `stringData:`",
            );
            None
        }
    }
}

pub(crate) fn check(v: &ValuesDoc, docs: &Docs, opts: &DoctorOptions) -> Vec<Verdict> {
    let mut cx = Ctx {
        v,
        docs,
        opts,
        release: opts.release.trim().to_string(),
        namespace: opts.namespace.trim().to_string(),
        out: Vec::new(),
    };
    let served = main_certificate(&mut cx);
    endpoint(&mut cx, served.as_ref());
    pins(&mut cx, served.as_ref());
    internal_tls(&mut cx, served.as_ref());
    custom_ca(&mut cx);
    encryption(&mut cx);
    cx.out
}

// ---- certificate.tls / existing_cert --------------------------------------------------------

fn main_certificate(cx: &mut Ctx<'_>) -> Option<Served> {
    let deploy = cx.flag("general.deploy_secrets.enabled", true);
    let existing = cx.text("certificate.existing_cert");
    let crt_raw = cx.text("certificate.tls.crt");
    let key_raw = cx.text("certificate.tls.key");
    if existing.is_some() || !deploy {
        let name = existing
            .clone()
            .unwrap_or_else(|| format!("{}-certificate", cx.release));
        let mut b = cx.builder("certificate.existing_cert");
        if existing.is_none() {
            b.note(format!("general.deploy_secrets.enabled is false: the chart renders no Secret, and the pods mount {name} (certificate.existing_cert is empty)"));
        }
        if crt_raw.is_some() || key_raw.is_some() {
            b.warn(
                format!(
                    "certificate.tls.crt/key are set but unused: {}, so the pods mount Secret {name}",
                    if existing.is_some() { "certificate.existing_cert is set" } else { "general.deploy_secrets.enabled is false" }
                ),
                "remove certificate.tls.crt/key, or clear certificate.existing_cert (and enable deploy_secrets) to use them",
            );
        }
        let secret = cx
            .secret(&mut b, &name, "the backend and router certificate")
            .cloned();
        let mut served = None;
        if let Some(s) = secret {
            if s.kind.as_deref().is_some_and(|t| t != "kubernetes.io/tls") {
                b.warn(
                    format!("Secret {name} has type {}; a certificate Secret is usually kubernetes.io/tls", s.kind.as_deref().unwrap_or("")),
                    format!("recreate it: `kubectl create secret tls {name} --cert=full-chain.crt --key=tls.key -n {}`", cx.namespace),
                );
            }
            let crt = secret_input(&s, "tls.crt", &mut b);
            let key = secret_input(&s, "tls.key", &mut b);
            for (k, present) in [
                ("tls.crt", s.entry("tls.crt").is_some()),
                ("tls.key", s.entry("tls.key").is_some()),
            ] {
                if !present {
                    b.error(
                        format!("Secret {name} has no {k}"),
                        format!("recreate it: `kubectl create secret tls {name} --cert=full-chain.crt --key=tls.key -n {}`", cx.namespace),
                    );
                }
            }
            if crt.is_some() {
                let bytes = crt.as_ref().map(|i| i.bytes.clone()).unwrap_or_default();
                let what = format!("Secret {name}, tls.crt");
                let key_what = format!("Secret {name}, tls.key");
                let pc = check_pair(
                    PairSpec {
                        crt,
                        key,
                        extra: Vec::new(),
                        want_root: true,
                        crt_what: &what,
                        key_what: &key_what,
                    },
                    cx.docs,
                    cx.opts,
                    None,
                );
                b.extend(pc.crt.clone());
                b.extend(pc.key.clone());
                for n in &pc.notes {
                    b.note(n.clone());
                }
                served = Some(Served {
                    what,
                    crt: bytes,
                    check: pc,
                });
            }
        }
        cx.out.push(b.finish(format!(
            "Secret {name} holds a valid certificate chain and its key"
        )));
        return served;
    }

    // certificate.tls.crt and .key, placed verbatim under data: by the chart.
    let mut bc = cx.builder("certificate.tls.crt");
    let mut bk = cx.builder("certificate.tls.key");
    let crt = match &crt_raw {
        None => {
            bc.error(
                "certificate.tls.crt is empty and certificate.existing_cert is not set: the chart renders a certificate Secret without a certificate",
                "set certificate.tls.crt and .key (`certlens values full-chain.crt tls.key` prints both), or name an existing kubernetes.io/tls Secret in certificate.existing_cert",
            );
            None
        }
        Some(raw) => {
            let (bytes, problems) = data_value(raw, "certificate.tls.crt");
            bc.extend(problems);
            bytes
        }
    };
    let key = match &key_raw {
        None => {
            bk.error(
                "certificate.tls.key is empty: the backend cannot serve TLS without the certificate's key",
                "set it to the Base64 of the key file on one line: `base64 -w 0 tls.key`",
            );
            None
        }
        Some(raw) => {
            let (bytes, problems) = data_value(raw, "certificate.tls.key");
            bk.extend(problems);
            bytes
        }
    };
    let mut served = None;
    if let Some(crt_bytes) = crt {
        let pc = check_pair(
            PairSpec {
                crt: Some(Input::new("certificate.tls.crt", crt_bytes.clone())),
                key: key.map(|k| Input::new("certificate.tls.key", k)),
                extra: Vec::new(),
                want_root: true,
                crt_what: "certificate.tls.crt",
                key_what: "certificate.tls.key",
            },
            cx.docs,
            cx.opts,
            None,
        );
        bc.extend(pc.crt.clone());
        bk.extend(pc.key.clone());
        for n in &pc.notes {
            bc.note(n.clone());
        }
        served = Some(Served {
            what: "certificate.tls.crt".to_string(),
            crt: crt_bytes,
            check: pc,
        });
    } else if key_raw.is_some() {
        bk.not_checked(
            "not checked against a certificate: certificate.tls.crt could not be read",
            "fix certificate.tls.crt first",
        );
    }
    cx.out.push(bc.finish("one line of Base64 PEM, the full chain in the documented order (certificate → intermediate → root), valid"));
    cx.out
        .push(bk.finish("one line of Base64 PEM, an unencrypted key that matches the certificate"));
    served
}

// ---- general.lightrun_endpoint --------------------------------------------------------------

fn endpoint(cx: &mut Ctx<'_>, served: Option<&Served>) {
    let mut b = cx.builder("general.lightrun_endpoint");
    let Some(endpoint) = cx.text("general.lightrun_endpoint") else {
        b.warn(
            "general.lightrun_endpoint is not set, so the certificate's names cannot be checked against it",
            "set it to the public host name users and agents connect to, e.g. lightrun.example.com",
        );
        cx.out.push(b.finish(""));
        return;
    };
    let Some(s) = served.filter(|s| s.check.leaf().is_some()) else {
        b.not_checked(
            format!("{endpoint}: not checked, the served certificate was not available"),
            "give the certificate (certificate.tls.crt, or the Secret certificate.existing_cert names)",
        );
        cx.out.push(b.finish(""));
        return;
    };
    let cov = s.check.covers(std::slice::from_ref(&endpoint));
    let leaf = s.check.leaf().map(cert_label).unwrap_or_default();
    for c in &cov {
        if c.covered {
            b.note(format!(
                "{} is covered by {} (SAN {})",
                c.name,
                leaf,
                c.san.as_deref().unwrap_or("")
            ));
        } else {
            let sans = s
                .check
                .leaf()
                .map(|l| l.san.dns.join(", "))
                .unwrap_or_default();
            b.error(
                format!(
                    "{} is not covered by the served certificate {leaf} (from {}){}: clients reject the connection",
                    c.name,
                    s.what,
                    c.note.as_deref().map(|n| format!("; {n}")).unwrap_or_default()
                ),
                format!("issue the certificate with {} among its subject alternative names (it has: {})", c.name, if sans.is_empty() { "none".to_string() } else { sans }),
            );
        }
    }
    cx.out.push(b.finish(format!(
        "{endpoint} is covered by the served certificate {leaf}"
    )));
}

// ---- certificate.security_pinned_hashes -----------------------------------------------------

fn pins(cx: &mut Ctx<'_>, served: Option<&Served>) {
    let node = at(&cx.v.doc, "certificate.security_pinned_hashes");
    let entries: Vec<String> = match node {
        Yaml::Array(items) => items
            .iter()
            .map(|i| match i {
                Yaml::String(s) => s.trim().to_string(),
                Yaml::Integer(n) => n.to_string(),
                _ => String::new(),
            })
            .collect(),
        Yaml::String(s) => s
            .split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect(),
        _ => Vec::new(),
    };
    if entries.is_empty() {
        return; // pinning not used: nothing to check
    }
    let mut b = cx.builder("certificate.security_pinned_hashes");
    let mut normalized: Vec<Option<String>> = Vec::new();
    let (mut upper, mut lower) = (0usize, 0usize);
    for (i, raw) in entries.iter().enumerate() {
        let pos = i + 1;
        let parsed = parse_pin_list(raw).into_iter().next();
        let is_hex64 = raw.len() == 64 && raw.bytes().all(|c| c.is_ascii_hexdigit());
        if is_hex64 {
            let has_upper = raw.bytes().any(|c| c.is_ascii_uppercase());
            let has_lower = raw.bytes().any(|c| c.is_ascii_lowercase());
            if has_upper && has_lower {
                b.warn(
                    format!("entry {pos} mixes upper and lower case"),
                    "write every pin in one case (the docs use upper case)",
                );
            }
            upper += usize::from(has_upper);
            lower += usize::from(has_lower && !has_upper);
            normalized.push(Some(raw.to_ascii_lowercase()));
            continue;
        }
        match parsed.as_ref().and_then(|p| p.normalized.clone()) {
            Some(n) => {
                // The same pin already written as hex elsewhere in the list: this entry goes.
                let twin = entries.iter().position(|e| {
                    e.len() == 64
                        && e.bytes().all(|c| c.is_ascii_hexdigit())
                        && e.eq_ignore_ascii_case(&n)
                });
                b.error(
                    format!("entry {pos} ({}) is a pin, but not written as 64 hex characters: the chart compares hex text", short(raw)),
                    match twin {
                        Some(t) => format!("remove it: it is entry {}'s pin again, in Base64", t + 1),
                        None => format!("write it as {}", n.to_ascii_uppercase()),
                    },
                );
                normalized.push(Some(n));
            }
            None => {
                let why = parsed
                    .and_then(|p| p.error)
                    .unwrap_or_else(|| "not a SHA-256 pin".to_string());
                b.error(
                    format!("entry {pos} ({}) is not 64 hex characters: {why}", short(raw)),
                    "replace it with the SHA-256 pin of the certificate's public key (`certlens pins full-chain.crt` prints it)",
                );
                normalized.push(None);
            }
        }
    }
    if upper > 0 && lower > 0 {
        b.warn(
            format!("the list mixes cases: {upper} entries in upper case, {lower} in lower case; the docs say to keep one style"),
            "write every pin in upper case, as the docs' examples do",
        );
    }
    let Some(s) = served.filter(|s| s.check.leaf().is_some()) else {
        b.not_checked(
            "whether the served certificate's pin is in the list: the served certificate was not available",
            "give the certificate (certificate.tls.crt, or the Secret certificate.existing_cert names)",
        );
        cx.out.push(b.finish(""));
        return;
    };
    let report = &s.check.report;
    let leaf = s.check.leaf();
    let leaf_pin = leaf
        .map(|l| l.spki_sha256.to_ascii_lowercase())
        .unwrap_or_default();
    let known = |pin: &str| -> Option<String> {
        report
            .certificates
            .iter()
            .find(|c| c.spki_sha256.eq_ignore_ascii_case(pin))
            .map(|c| format!("certificate {}", cert_label(c)))
            .or_else(|| {
                report
                    .private_keys
                    .iter()
                    .find(|k| {
                        k.spki_sha256
                            .as_deref()
                            .is_some_and(|p| p.eq_ignore_ascii_case(pin))
                    })
                    .map(|_| "the private key".to_string())
            })
    };
    for (i, n) in normalized.iter().enumerate() {
        let Some(pin) = n else { continue };
        if *pin == leaf_pin {
            b.note(format!(
                "entry {} pins the served certificate {}",
                i + 1,
                leaf.map(cert_label).unwrap_or_default()
            ));
        } else if let Some(what) = known(pin) {
            b.note(format!("entry {} pins {what}", i + 1));
        } else {
            b.warn(
                format!("entry {} ({}…) matches nothing given: an old key or a typo", i + 1, pin.get(..16).unwrap_or(pin)),
                "remove it, unless it is the next key of a planned rotation (then keep it until the rotation is done)",
            );
        }
    }
    if !normalized.iter().flatten().any(|p| *p == leaf_pin) {
        b.error(
            format!(
                "the served certificate's pin ({}) is not in the list: agents that pin reject the server",
                leaf_pin.to_ascii_uppercase()
            ),
            format!("add {} to certificate.security_pinned_hashes", leaf_pin.to_ascii_uppercase()),
        );
    }
    cx.out.push(b.finish(format!(
        "{} {}, 64 hex characters each, one case; the served certificate's pin is among them",
        entries.len(),
        if entries.len() == 1 {
            "entry"
        } else {
            "entries"
        }
    )));
}

fn short(raw: &str) -> String {
    if raw.chars().count() > 24 {
        format!("{}…", raw.chars().take(24).collect::<String>())
    } else {
        raw.to_string()
    }
}

// ---- general.internal_tls ---------------------------------------------------------------------

const ITLS: &str = "general.internal_tls";

fn internal_tls(cx: &mut Ctx<'_>, served: Option<&Served>) {
    if !cx.flag(&format!("{ITLS}.enabled"), false) {
        return;
    }
    let certs = format!("{ITLS}.certificates");
    let source = cx
        .text(&format!("{certs}.source"))
        .unwrap_or_else(|| "existing_certificates".to_string());
    let verification = cx.flag(&format!("{certs}.verification"), true);
    if source != "existing_certificates" {
        let mut b = cx.builder(&format!("{certs}.source"));
        b.note(format!("source is {source}: the chart generates the internal certificates itself (SANs NAME, NAME.namespace, NAME.namespace.svc)"));
        cx.out.push(b.finish(format!(
            "the chart generates the internal certificates ({source})"
        )));
        backend(cx, served, None, verification);
        return;
    }
    // The CA Secret.
    let ca_path = format!("{certs}.existing_ca_secret_name");
    let mut b = cx.builder(&ca_path);
    let mut ca_input: Option<Input> = None;
    match cx.text(&ca_path) {
        None if verification => b.error(
            "empty, but verification is on: the services verify each other against this Secret's ca.crt",
            format!("name a Secret holding key ca.crt (the CA that issued the internal certificates), e.g. {}-internal-ca (`certlens internal-tls` makes it)", cx.release),
        ),
        None => b.note("empty; verification is off, so no CA is needed"),
        Some(name) => {
            if let Some(s) = cx.secret(&mut b, &name, "the internal CA").cloned() {
                match secret_input(&s, "ca.crt", &mut b) {
                    None if s.entry("ca.crt").is_none() => b.error(
                        format!("Secret {name} has no key ca.crt"),
                        format!("recreate it with the CA certificate under ca.crt: `kubectl create secret generic {name} --from-file=ca.crt=ca.pem -n {}`", cx.namespace),
                    ),
                    None => {}
                    Some(input) => {
                        let Some(report) = cx.docs.work.inspect(std::slice::from_ref(&input), None) else {
                            b.not_checked(cx.docs.work.refused(), "split the input");
                            cx.out.push(b.finish(""));
                            return;
                        };
                        for e in pool::errors_of(&report, &|_| true) {
                            b.error(e, "replace it with the CA certificate's exact PEM");
                        }
                        if report.certificates.is_empty() {
                            b.error(format!("Secret {name}, ca.crt holds no certificate"), "put the internal CA certificate (PEM) there");
                        }
                        for c in &report.certificates {
                            if !c.is_ca {
                                b.error(
                                    format!("Secret {name}, ca.crt holds {}, which is not a CA certificate", cert_label(c)),
                                    "ca.crt must hold the CA that issued the internal certificates, not a server certificate",
                                );
                            }
                            if let Some(p) = material::expiry_problem(c, cx.opts.warn_days, "the internal CA") {
                                b.problem(p.level, p.text, p.fix);
                            }
                            b.note(format!("ca.crt: {}", cert_label(c)));
                        }
                        ca_input = Some(input);
                    }
                }
            }
        }
    }
    cx.out
        .push(b.finish("a Secret with ca.crt holding the internal CA"));

    for key in INTERNAL_TLS_MOUNTED_KEYS {
        internal_service(cx, &certs, key, ca_input.as_ref(), verification);
    }
    backend(cx, served, ca_input.as_ref(), verification);
    keycloak_trust(cx, ca_input.as_ref());
}

/// With `existing_certificates`, Keycloak trusts the internal CA only through
/// `secrets.customCa` (the chart wires it only when it generates the certificates).
fn keycloak_trust(cx: &mut Ctx<'_>, ca: Option<&Input>) {
    let mut b = Builder::new(
        "secrets.customCa (Keycloak and the internal CA)",
        &cx.v.source,
        line_of(&cx.v.text, &["secrets", "customCa"])
            .or_else(|| line_of(&cx.v.text, &["general", "internal_tls"])),
    );
    let fix = format!(
        "set secrets.customCa.existingCaSecret to a Secret with key {CUSTOM_CA_KEY} holding the internal CA (`certlens custom-ca ca.crt` makes it), or customCaCertificate to its one-line Base64"
    );
    let cc = cx.text("secrets.customCa.customCaCertificate");
    let ex = cx.text("secrets.customCa.existingCaSecret");
    let given: Option<Input> = match (&cc, &ex) {
        (None, None) => {
            b.warn(
                "with existing_certificates, Keycloak trusts the internal CA only through secrets.customCa, which is not set (the chart wires it only when it generates the certificates)",
                fix,
            );
            cx.out.push(b.finish(""));
            return;
        }
        (Some(raw), _) => data_value(raw, "secrets.customCa.customCaCertificate")
            .0
            .map(|bytes| Input::new("secrets.customCa.customCaCertificate", bytes)),
        (None, Some(name)) => {
            let (same, _) = cx.docs.secret(name, &cx.namespace);
            match same.and_then(|s| s.entry(CUSTOM_CA_KEY).map(|e| (s, e))) {
                Some((s, e)) => {
                    e.bytes.clone().ok().map(|bytes| {
                        Input::new(format!("Secret {}, {CUSTOM_CA_KEY}", s.name), bytes)
                    })
                }
                None => {
                    b.not_checked(
                        format!("whether Secret {name} (secrets.customCa.existingCaSecret) holds the internal CA; {GIVE_SECRET}"),
                        format!("kubectl get secret {name} -n {} -o yaml", cx.namespace),
                    );
                    cx.out.push(b.finish(""));
                    return;
                }
            }
        }
    };
    match (given, ca) {
        (Some(given), Some(ca)) => {
            let pieces = [given.clone(), ca.clone()];
            let Some(report) = cx.docs.work.inspect(&pieces, None) else {
                b.not_checked(cx.docs.work.refused(), "split the input");
                cx.out.push(b.finish(""));
                return;
            };
            let of = |src: &str| -> Vec<&crate::model::Certificate> {
                report.certificates.iter().filter(|c| c.source == src).collect()
            };
            let trusted = of(&given.name);
            let missing: Vec<String> = of(&ca.name)
                .into_iter()
                .filter(|c| !trusted.iter().any(|t| t.spki_sha256 == c.spki_sha256 && t.subject == c.subject))
                .map(cert_label)
                .collect();
            if !missing.is_empty() {
                b.warn(
                    format!("secrets.customCa does not hold the internal CA ({}): Keycloak will not trust the internal certificates", missing.join(", ")),
                    fix,
                );
            }
        }
        (_, None) => b.not_checked(
            "whether secrets.customCa holds the internal CA: the CA Secret (existing_ca_secret_name) was not given",
            "drop the CA Secret beside the values",
        ),
        (None, Some(_)) => {} // an unreadable value is reported on its own setting
    }
    cx.out.push(b.finish(
        "secrets.customCa holds the internal CA, so Keycloak trusts the internal certificates",
    ));
}

fn internal_service(
    cx: &mut Ctx<'_>,
    certs: &str,
    key: &str,
    ca: Option<&Input>,
    verification: bool,
) {
    let path = format!("{certs}.existing_certificates.{key}");
    let mut b = cx.builder(&path);
    let Some(name) = cx.text(&path) else {
        if key == "data_streamer" {
            b.warn(
                "empty: if data_streamer is deployed, its pod mounts a volume with an empty secretName and cannot start",
                "name its Secret (holding tls.crt and tls.key), or leave it empty only while data_streamer is off",
            );
        } else {
            b.error(
                format!("empty: the chart mounts {key}'s certificate, and a volume with an empty secretName keeps the pod from starting"),
                format!("name a Secret holding tls.crt and tls.key{} for {key} (`certlens internal-tls` makes them)", if key == "keycloak_cluster" { " and ca.crt" } else { "" }),
            );
        }
        cx.out.push(b.finish(""));
        return;
    };
    let Some(s) = cx
        .secret(&mut b, &name, &format!("{key}'s certificate"))
        .cloned()
    else {
        cx.out.push(b.finish(""));
        return;
    };
    let mut needed = vec!["tls.crt", "tls.key"];
    if key == "keycloak_cluster" {
        needed.push("ca.crt");
    }
    for k in &needed {
        if s.entry(k).is_none() {
            b.error(
                format!(
                    "Secret {name} has no {k}{}",
                    if *k == "ca.crt" {
                        " (keycloak_cluster needs tls.crt, tls.key and ca.crt)"
                    } else {
                        ""
                    }
                ),
                format!("add {k} to Secret {name}"),
            );
        }
    }
    let crt = secret_input(&s, "tls.crt", &mut b);
    let key_in = secret_input(&s, "tls.key", &mut b);
    if crt.is_none() {
        cx.out.push(b.finish(""));
        return;
    }
    let crt_what = format!("Secret {name}, tls.crt");
    let key_what = format!("Secret {name}, tls.key");
    let extra: Vec<Input> = ca.cloned().into_iter().collect();
    let ca_name = ca.map(|i| i.name.clone());
    let pc = check_pair(
        PairSpec {
            crt,
            key: key_in,
            extra,
            want_root: false,
            crt_what: &crt_what,
            key_what: &key_what,
        },
        cx.docs,
        cx.opts,
        None,
    );
    b.extend(pc.crt.clone());
    b.extend(pc.key.clone());
    // Names.
    let service = chart_services(&cx.release, &[key]).into_iter().next();
    match service {
        Some(svc) => {
            let all = service_names(&svc.service, &cx.namespace);
            let required: Vec<String> = all.iter().take(3).cloned().collect();
            let uncovered: Vec<String> = pc
                .covers(&required)
                .into_iter()
                .filter(|c| !c.covered)
                .map(|c| c.name)
                .collect();
            if !uncovered.is_empty() && pc.leaf().is_some() {
                b.error(
                    format!(
                        "{crt_what} does not cover {}: {key}'s clients use {}",
                        uncovered.join(", "),
                        if uncovered.len() == 1 {
                            "this name"
                        } else {
                            "these names"
                        }
                    ),
                    format!(
                        "issue it with DNS names {} (`certlens internal-tls` checks them)",
                        required.join(", ")
                    ),
                );
            }
            let domain = cx.text("general.cluster_domain");
            let full = format!(
                "{}.{}.svc.{}",
                svc.service,
                cx.namespace,
                domain.as_deref().unwrap_or("cluster.local")
            );
            if let Some(c) = pc.covers(std::slice::from_ref(&full)).first() {
                if !c.covered {
                    if domain.is_some() {
                        b.warn(
                            format!(
                                "{crt_what} does not cover {full} (general.cluster_domain is set)"
                            ),
                            format!("add {full} to its DNS names if clients use the full name"),
                        );
                    } else {
                        b.note(format!(
                            "{full} is not covered (clients of the chart use the shorter names)"
                        ));
                    }
                }
            }
            b.note(format!("{key} is Service {}", svc.service));
        }
        None => b.note(format!(
            "{key}: the chart facts give no DNS names for it; names not checked"
        )),
    }
    // Chaining to the internal CA.
    if verification {
        match (&pc.chain, ca_name) {
            (Some(ch), Some(ca_src)) => {
                let cas: Vec<&crate::model::Certificate> = pc.report.certificates.iter().filter(|c| c.source == ca_src).collect();
                if !cas.is_empty() && !pool::reaches(&pc.report, ch, &cas) {
                    b.error(
                        format!("{crt_what} does not chain to the internal CA (ca.crt of existing_ca_secret_name): with verification on, its clients reject it"),
                        "issue it from the CA in ca.crt, or put its own CA into ca.crt",
                    );
                }
            }
            (Some(_), None) => b.not_checked(
                "whether it chains to the internal CA: the CA Secret (existing_ca_secret_name) was not given",
                "drop the CA Secret beside the values",
            ),
            _ => {}
        }
    }
    cx.out.push(b.finish(format!(
        "Secret {name}: key matches, covers {key}'s names, valid{}",
        if verification {
            ", chains to the internal CA"
        } else {
            ""
        }
    )));
}

fn backend(cx: &mut Ctx<'_>, served: Option<&Served>, ca: Option<&Input>, verification: bool) {
    if !verification {
        return;
    }
    let mut b = Builder::new(
        format!("{ITLS} (backend)"),
        &cx.v.source,
        line_of(&cx.v.text, &["general", "internal_tls"]),
    );
    let fullname = cx.release.clone();
    let names: Vec<String> = service_names(&format!("{fullname}-backend"), &cx.namespace)
        .into_iter()
        .take(3)
        .collect();
    let Some(s) = served.filter(|s| s.check.leaf().is_some()) else {
        b.not_checked(
            format!("the router verifies the backend as {fullname}-backend against ca.crt, and the backend serves the main certificate, which was not available"),
            "give the main certificate (certificate.tls.crt, or the Secret certificate.existing_cert names)",
        );
        cx.out.push(b.finish(""));
        return;
    };
    let Some(ca) = ca else {
        let source_generated = cx
            .text(&format!("{ITLS}.certificates.source"))
            .is_some_and(|s| s != "existing_certificates");
        b.not_checked(
            format!("the router verifies the backend as {fullname}-backend against ca.crt{}, so the main certificate must chain to that CA; the CA was not given", if source_generated { " (the chart's generated CA)" } else { "" }),
            "drop the internal CA Secret beside the values",
        );
        cx.out.push(b.finish(""));
        return;
    };
    let pieces = [Input::new(s.what.clone(), s.crt.clone()), ca.clone()];
    let Some(report) = cx.docs.work.inspect(&pieces, None) else {
        b.not_checked(cx.docs.work.refused(), "split the input");
        cx.out.push(b.finish(""));
        return;
    };
    let Some(ch) = pool::leaf_from(&report, &|src| src == s.what) else {
        cx.out.push(b.finish(""));
        return;
    };
    let cas: Vec<&crate::model::Certificate> = report
        .certificates
        .iter()
        .filter(|c| c.source == ca.name)
        .collect();
    let chains = pool::reaches(&report, &ch, &cas);
    let uncovered: Vec<String> = s
        .check
        .covers(&names)
        .into_iter()
        .filter(|c| !c.covered)
        .map(|c| c.name)
        .collect();
    let mut why = Vec::new();
    if !chains {
        why.push("does not chain to a CA in ca.crt".to_string());
    }
    if !uncovered.is_empty() {
        why.push(format!("does not cover {}", uncovered.join(", ")));
    }
    if !why.is_empty() {
        let leaf = s.check.leaf().map(cert_label).unwrap_or_default();
        b.error(
            backend_problem(&fullname, &leaf, &why),
            format!("issue the main certificate from the internal CA with {fullname}-backend among its names, or put both CAs in ca.crt and add {fullname}-backend to the main certificate"),
        );
    }
    cx.out.push(b.finish(format!("the main certificate chains to the internal CA and covers {fullname}-backend, as the router's verification needs")));
}

// ---- secrets.customCa -------------------------------------------------------------------------

fn custom_ca(cx: &mut Ctx<'_>) {
    let cc = cx.text("secrets.customCa.customCaCertificate");
    let ex = cx.text("secrets.customCa.existingCaSecret");
    if cc.is_none() && ex.is_none() {
        return;
    }
    let deploy = cx.flag("general.deploy_secrets.enabled", true);
    let path = if cc.is_some() {
        "secrets.customCa.customCaCertificate"
    } else {
        "secrets.customCa.existingCaSecret"
    };
    let mut b = cx.builder(path);
    if cc.is_some() && ex.is_some() {
        b.error(
            "both customCaCertificate and existingCaSecret are set: the chart refuses to render (\"You must set only one of ...\")",
            "keep one: existingCaSecret for a Secret you manage, or customCaCertificate for the chart to make it",
        );
    }
    let mut input: Option<Input> = None;
    if let Some(raw) = &cc {
        if !deploy {
            b.error(
                "customCaCertificate with general.deploy_secrets.enabled false: the chart refuses to render (\"deploy_secrets must be true if customCaCertificate is defined\")",
                format!("use existingCaSecret: a Secret with key {CUSTOM_CA_KEY} holding the CA PEM"),
            );
        }
        let (bytes, problems) = data_value(raw, "secrets.customCa.customCaCertificate");
        b.extend(problems);
        input = bytes.map(|bytes| Input::new("secrets.customCa.customCaCertificate", bytes));
    } else if let Some(name) = &ex {
        if let Some(s) = cx.secret(&mut b, name, "the custom CA").cloned() {
            input = secret_input(&s, CUSTOM_CA_KEY, &mut b);
            if s.entry(CUSTOM_CA_KEY).is_none() {
                b.error(
                    format!("Secret {name} has no key {CUSTOM_CA_KEY}, the file Keycloak reads"),
                    format!("recreate it: `kubectl create secret generic {name} --from-file={CUSTOM_CA_KEY}=ca.pem -n {}`", cx.namespace),
                );
            }
        }
    }
    if let Some(input) = input {
        let Some(report) = cx.docs.work.inspect(std::slice::from_ref(&input), None) else {
            b.not_checked(cx.docs.work.refused(), "split the input");
            cx.out.push(b.finish(""));
            return;
        };
        for e in pool::errors_of(&report, &|_| true) {
            b.error(e, "replace it with the CA certificate's exact PEM");
        }
        if report.certificates.is_empty() {
            b.error("holds no certificate", "put the CA certificate (PEM) that issued the LDAP or identity server's certificate there");
        }
        for c in &report.certificates {
            if c.is_ca {
                b.note(format!("CA certificate {}", cert_label(c)));
            } else {
                b.error(
                    format!("{} is a server (leaf) certificate, not a CA: Keycloak trusts servers through the CA that issued them", cert_label(c)),
                    "use the CA certificate that issued the server's certificate (its root or intermediate)",
                );
            }
            if let Some(p) = material::expiry_problem(c, cx.opts.warn_days, "the custom CA") {
                b.problem(p.level, p.text, p.fix);
            }
        }
    }
    cx.out
        .push(b.finish("a CA certificate, and only one of the two fields set"));
}

// ---- encryption keys ------------------------------------------------------------------------------

fn key_problems(b: &mut Builder, what: &str, text: &str) {
    let c = check_key(text);
    if !c.ok {
        let fix = match &c.normalized {
            Some(n) => format!("use the corrected value {n} (44 characters)"),
            None => {
                "generate a key with `openssl rand -base64 32` (or `certlens keygen`)".to_string()
            }
        };
        b.error(format!("{what}: {}", c.problems.join("; ")), fix);
    }
    for h in c.hints {
        b.note(format!("{what}: {h}"));
    }
}

fn encryption(cx: &mut Ctx<'_>) {
    let deploy = cx.flag("general.deploy_secrets.enabled", true);
    if let Some(k) = cx.text("secrets.keysEncryption.userEncryptionKey") {
        let mut b = cx.builder("secrets.keysEncryption.userEncryptionKey");
        key_problems(&mut b, "userEncryptionKey", &k);
        if !deploy {
            b.warn(
                "userEncryptionKey is unused: general.deploy_secrets.enabled is false, so the chart renders no backend Secret",
                "put the key into the backend Secret you manage, as encryption-key-0 under stringData",
            );
        }
        b.note(
            "chart-managed key: not for production or GitOps (a user-managed backend Secret is)",
        );
        cx.out.push(b.finish(
            "the Base64 text of 32 bytes (44 characters), as `openssl rand -base64 32` prints",
        ));
    }
    let backend_name = if deploy {
        encryption_secret_name(&cx.release)
    } else {
        match cx.text("general.deploy_secrets.existing_secrets.backend") {
            Some(n) => n,
            None => {
                let mut b = cx.builder("general.deploy_secrets.existing_secrets.backend");
                b.error(
                    "empty, but general.deploy_secrets.enabled is false: the backend has no Secret (encryption keys, database, license...)",
                    format!("name the backend Secret you manage, e.g. {}", encryption_secret_name(&cx.release)),
                );
                cx.out.push(b.finish(""));
                encryption_key_secrets(cx, None);
                return;
            }
        }
    };
    encryption_key_secrets(cx, Some((&backend_name, deploy)));
}

/// Every Secret given that holds `encryption-key-N`, and the backend Secret when it is
/// user-managed but not given.
fn encryption_key_secrets(cx: &mut Ctx<'_>, backend: Option<(&str, bool)>) {
    let with_keys: Vec<Secret> = cx
        .docs
        .secrets
        .iter()
        .filter(|s| s.entries.iter().any(|e| key_number(&e.key).is_some()))
        .cloned()
        .collect();
    if let Some((name, deploy)) = backend {
        if !deploy && !with_keys.iter().any(|s| s.name == name) {
            let path = "general.deploy_secrets.existing_secrets.backend";
            let mut b = cx.builder(path);
            cx.secret(&mut b, name, "the backend Secret (encryption-key-N)");
            cx.out.push(b.finish(""));
        }
    }
    for s in with_keys {
        let mut b = Builder::new(
            format!("Secret {}, encryption keys", s.id()),
            &s.source,
            None,
        );
        let mut numbers: Vec<(u32, String)> = Vec::new();
        for e in s.entries.iter().filter(|e| key_number(&e.key).is_some()) {
            let n = key_number(&e.key).unwrap_or(0);
            let what = format!("{}.{}", e.section.as_str(), e.key);
            let text = match (&e.bytes, e.section) {
                (Err(detail), _) => {
                    b.error(format!("{what} is not valid Base64: {detail}"), "under data: the value is the Base64 of the 44-character key text; or put the key text under stringData:");
                    continue;
                }
                (Ok(bytes), Section::Data) => match core::str::from_utf8(bytes) {
                    Ok(t) => t.to_string(),
                    Err(_) if bytes.len() == 32 => {
                        b.error(
                            format!("{what} holds 32 raw bytes: under data: the pod reads the decoded value, and the backend expects the 44-character Base64 text"),
                            "put the 44-character text (`openssl rand -base64 32`) under stringData:, or Base64-encode that text once more under data:",
                        );
                        continue;
                    }
                    Err(_) => {
                        b.error(format!("{what} decodes to binary data, not the 44-character key text"), "put the 44-character text (`openssl rand -base64 32`) under stringData:");
                        continue;
                    }
                },
                (Ok(bytes), Section::StringData) => String::from_utf8_lossy(bytes).into_owned(),
            };
            key_problems(&mut b, &what, &text);
            numbers.push((n, text.trim().to_string()));
        }
        numbers.sort();
        let ns: Vec<u32> = numbers.iter().map(|(n, _)| *n).collect();
        if !ns.is_empty() {
            if ns.first() != Some(&0) {
                b.error(
                    "there is no encryption-key-0: under helm template and Argo CD renders the backend mounts only encryption-key-0",
                    "number the keys from 0 (the oldest) upwards",
                );
            }
            let gaps: Vec<u32> = (0..ns.last().copied().unwrap_or(0))
                .filter(|n| !ns.contains(n))
                .collect();
            if !gaps.is_empty() {
                b.warn(
                    format!("the numbering has gaps: {} missing", gaps.iter().map(|n| format!("encryption-key-{n}")).collect::<Vec<_>>().join(", ")),
                    "number the keys 0, 1, 2... without gaps; the chart picks the highest to encrypt and keeps older ones for decryption",
                );
            }
            for w in numbers.windows(2) {
                if let [(a, ka), (bn, kb)] = w {
                    if ka == kb && !ka.is_empty() {
                        b.error(format!("encryption-key-{bn} is the same key as encryption-key-{a}: a rotation needs a newly generated key"), "generate the new key with `openssl rand -base64 32` (or `certlens keygen --rotate-from`)");
                    }
                }
            }
            if ns.len() > 1 {
                b.note(format!(
                    "encryption-key-{} encrypts; the older keys stay for decryption",
                    ns.last().copied().unwrap_or(0)
                ));
                b.note("the backend mounts keys beyond encryption-key-0 only when Helm's lookup sees them (helm upgrade against the cluster); under helm template or Argo CD only encryption-key-0 is mounted");
            }
        }
        cx.out.push(b.finish(format!(
            "{} key(s), each the Base64 text of 32 bytes, numbered from 0 without gaps",
            numbers.len()
        )));
    }
}

fn key_number(key: &str) -> Option<u32> {
    key.strip_prefix("encryption-key-")?.parse().ok()
}
