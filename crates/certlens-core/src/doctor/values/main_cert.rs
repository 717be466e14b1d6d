//! `certificate.tls` / `certificate.existing_cert` (the certificate the backend and router
//! serve) and `general.lightrun_endpoint`.

use super::*;
use crate::model::{AnchorSource, Client, PathRule, PathValidation};

// ---- certificate.tls / existing_cert --------------------------------------------------------

/// The certificate and key the backend serves, wherever they were read from.
struct MainPair {
    crt: Input,
    key: Option<Input>,
    /// How sentences name each (`certificate.tls.crt`, `Secret NAME, tls.crt`).
    crt_what: String,
    key_what: String,
    /// Where a root travels with the certificate (an existing Secret's `ca.crt`, as
    /// cert-manager writes it): declared trusted for the clients' verdicts.
    ca: Option<Input>,
}

/// The clients of the public endpoint, by the names the deployment knows them by: the
/// agents and Keycloak are Java, ingress controllers and Go tools are Go, people use browsers.
/// (The router's OpenSSL checks another hop: `internal.rs`.)
const ENDPOINT_CLIENTS: [(Client, &str); 3] = [
    (Client::Java, "Java (agents, Keycloak)"),
    (Client::Go, "Go clients"),
    (Client::Browser, "browsers"),
];

/// The roots the values declare trusted for the public endpoint: `secrets.customCa` (the
/// one-line value, or the Secret it names when given), plus `extra` (a `ca.crt` beside the
/// certificate). Only CA certificates: a server certificate there is the custom CA setting's
/// own mistake, not an anchor.
fn declared_roots(cx: &Ctx<'_>, extra: Option<&Input>) -> Vec<Vec<u8>> {
    let mut pieces: Vec<Input> = Vec::new();
    if let Some(raw) = cx.text(path::CUSTOM_CA_CERTIFICATE) {
        if let (Some(bytes), _) = data_value(&raw, path::CUSTOM_CA_CERTIFICATE) {
            pieces.push(Input::new(path::CUSTOM_CA_CERTIFICATE, bytes));
        }
    } else if let Some(name) = cx.text(path::CUSTOM_CA_EXISTING) {
        if let Some((s, e)) = cx
            .docs
            .secret(&name, &cx.namespace)
            .0
            .and_then(|s| s.entry(CUSTOM_CA_KEY).map(|e| (s, e)))
        {
            if let Ok(bytes) = &e.bytes {
                pieces.push(Input::new(
                    format!("Secret {}, {CUSTOM_CA_KEY}", s.name),
                    bytes.clone(),
                ));
            }
        }
    }
    pieces.extend(extra.cloned());
    if pieces.is_empty() {
        return Vec::new();
    }
    cx.docs
        .work
        .inspect(&pieces, None)
        .map(|r| material::ca_ders(&r, &|_| true))
        .unwrap_or_default()
}

/// What Java, Go and browsers decide about the served chain for the public endpoint, as
/// problems of the certificate's setting. Rules another problem of the setting already says
/// (expiry, an incomplete chain) and the name (the endpoint's setting says it) are left out.
fn client_problems(
    cx: &Ctx<'_>,
    pc: &PairCheck,
    crt_what: &str,
    ca: Option<&Input>,
    bc: &mut Builder,
) -> Option<PathValidation> {
    let ch = pc.chain.as_ref()?;
    let anchors = declared_roots(cx, ca);
    let names: Vec<String> = cx.text(path::ENDPOINT).into_iter().collect();
    let v = cx
        .docs
        .work
        .validate(&pc.report, ch.leaf, &anchors, true, &names, None);
    let (rejected, unchecked) = material::rejections(&v, &ENDPOINT_CLIENTS);
    let label = |i: Option<usize>| {
        i.and_then(|i| pc.report.certificates.get(i))
            .map(cert_label)
            .unwrap_or_default()
    };
    for r in &rejected {
        match r.rule {
            PathRule::HostnameMismatch | PathRule::Expired | PathRule::NotYetValid => {}
            PathRule::UnknownIssuer if ch.missing_intermediate || ch.missing_issuer.is_some() => {}
            PathRule::RootNotTrusted | PathRule::UnknownIssuer => {
                let ends = match v.offered_anchor {
                    Some(o) => format!("the chain ends at {}, a private root that is not declared trusted", label(Some(o))),
                    None => "the chain reaches no root of the public root store nor one the values declare (secrets.customCa)".to_string(),
                };
                bc.warn(
                    format!("{crt_what}: {ends}, so {}{}", r.who(), r.said()),
                    "if this private root is meant: install it in every client's trust store (the agents' and Keycloak's Java truststores, browsers) and declare it in secrets.customCa; otherwise use a certificate from a public CA",
                );
            }
            _ => bc.error(
                format!("{crt_what}: {}{}; {}", r.who(), r.said(), r.message),
                format!(
                    "replace {} with one the clients accept: {}",
                    if r.certificate.is_some() {
                        label(r.certificate)
                    } else {
                        "the certificate".to_string()
                    },
                    r.rule
                ),
            ),
        }
    }
    for u in unchecked {
        bc.not_checked(
            u,
            "split the input, or check the chain on its own (without the values)",
        );
    }
    if rejected.is_empty() {
        if let Some(a) = &v.anchor {
            let names = ENDPOINT_CLIENTS.map(|(_, n)| n.to_string());
            bc.note(format!(
                "{} accept the chain{} (anchor {}, {})",
                material::join_and(&names),
                names_for(&v.names),
                a.name,
                match a.source {
                    AnchorSource::Declared => "declared trusted",
                    _ => "public root store",
                }
            ));
        }
    }
    Some(v)
}

fn names_for(names: &[String]) -> String {
    if names.is_empty() {
        String::new()
    } else {
        format!(" for {}", names.join(", "))
    }
}

/// The one check of the main certificate, for both of its sources: the pair checked (with the
/// root wanted, as the vendor documents `tls.crt`), its problems on the certificate's and the
/// key's setting (one setting for both when `bk` is `None`), and what the backend serves.
fn serve(cx: &Ctx<'_>, pair: MainPair, bc: &mut Builder, bk: Option<&mut Builder>) -> Served {
    let bytes = pair.crt.bytes.clone();
    let ks = keystore_password(cx);
    let crt_name = pair.crt.name.clone();
    let key_name = pair.key.as_ref().map(|k| k.name.clone());
    let pc = check_pair(
        PairSpec {
            crt: Some(pair.crt),
            key: pair.key,
            extra: Vec::new(),
            want_root: true,
            crt_what: &pair.crt_what,
            key_what: &pair.key_what,
            keystore: Some(ks.secret.as_deref().unwrap_or_default()),
        },
        cx.docs,
        cx.opts,
        None,
    );
    bc.extend(pc.crt.clone());
    let validation = client_problems(cx, &pc, &pair.crt_what, pair.ca.as_ref(), bc);
    match bk {
        Some(bk) => bk.extend(pc.key.clone()),
        None => bc.extend(pc.key.clone()),
    }
    for n in &pc.notes {
        bc.note(n.clone());
    }
    let mut later = Vec::new();
    let pin = served_pin(cx, &pc, &crt_name, key_name.as_deref(), &pair.crt_what).map(|(pin, v)| {
        later.push(v);
        pin
    });
    if let Some(k) = &key_name {
        later.push(keystore_verdict(cx, &pc, k, &pair.key_what, &ks));
    }
    Served {
        what: pair.crt_what,
        crt: bytes,
        check: pc,
        validation,
        pin,
        later,
    }
}

/// The chart's `secrets.defaults.keystore_password` (values), and the one the pods get.
const KEYSTORE_PASSWORD: &str = "secrets.defaults.keystore_password";
/// The backend Secret's key the keystore and nginx read the password from.
const KEYSTORE_PASSWORD_KEY: &str = "KEYSTORE_PASSWORD";

/// The keystore password as the pods see it.
struct Keystore {
    /// `secrets.defaults.keystore_password` of the values (empty when unset): the router
    /// mounts the password file for nginx only when it is set.
    values: String,
    /// What the backend Secret's `KEYSTORE_PASSWORD` holds (the values' with
    /// `deploy_secrets`, else the user's Secret when given); `None` when unknown.
    secret: Option<String>,
    /// Where `secret` was read, for sentences.
    from: String,
}

fn keystore_password(cx: &Ctx<'_>) -> Keystore {
    let values = match at(&cx.v.doc, KEYSTORE_PASSWORD) {
        Yaml::String(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        _ => String::new(),
    };
    if cx.flag(path::DEPLOY_SECRETS, true) {
        return Keystore {
            secret: Some(values.clone()),
            from: format!("{KEYSTORE_PASSWORD} (the chart writes it into the backend Secret)"),
            values,
        };
    }
    let name = cx
        .text(path::EXISTING_BACKEND_SECRET)
        .unwrap_or_else(|| chart::encryption_secret_name(&cx.release));
    let secret = cx
        .docs
        .secret(&name, &cx.namespace)
        .0
        .and_then(|s| s.entry(KEYSTORE_PASSWORD_KEY))
        .and_then(|e| e.bytes.as_ref().ok())
        .map(|b| String::from_utf8_lossy(b).into_owned());
    Keystore {
        secret,
        from: format!("Secret {name}, {KEYSTORE_PASSWORD_KEY}"),
        values,
    }
}

/// Whether the backend's keystore (`openssl pkcs12 -export -passin pass:$KEYSTORE_PASSWORD`)
/// and the router's nginx (`ssl_password_file`, mounted only when the values set the password)
/// open `tls.key`. An unencrypted key opens whatever the password: openssl ignores `-passin`.
fn keystore_verdict(cx: &Ctx<'_>, pc: &PairCheck, key_name: &str, key_what: &str, ks: &Keystore) -> Verdict {
    let r = &pc.report;
    let encrypted = r.private_keys.iter().any(|k| k.source == key_name && k.encrypted)
        || r.password_needed.iter().any(|l| l.source == key_name)
        || r.errors.iter().any(|e| e.source == key_name && e.kind.is_password());
    let opened = r
        .private_keys
        .iter()
        .any(|k| k.source == key_name && k.encrypted && k.spki_sha256.is_some());
    let mut b = cx.builder(KEYSTORE_PASSWORD);
    // The router's nginx serves (and loads the key) only with internal TLS or router TLS on.
    let router_tls = cx.flag(path::INTERNAL_TLS_ENABLED, false) || cx.flag("general.router.tls.enabled", false);
    let decrypt = "or store the key unencrypted: decrypt it to PKCS#8 with its password (the Outputs' key conversion does), then `base64 -w 0 plain.key` into certificate.tls.key (or recreate the TLS Secret with it)";
    if !encrypted {
        b.note(format!("{key_what} is not encrypted: the keystore and nginx open it whatever the password"));
        return b.finish(format!("{key_what} is unencrypted, so the backend's keystore and the router's nginx open it whatever keystore_password is"));
    }
    match &ks.secret {
        None => b.not_checked(
            format!("{key_what} is encrypted; the keystore opens it with {}, which was not given", ks.from),
            "drop the backend Secret beside the values (`kubectl get secret NAME -n NS -o yaml`)",
        ),
        Some(_) if !opened => b.error(
            format!(
                "{key_what} is encrypted, and {} does not open it{}: the backend's init container (`openssl pkcs12 -export -passin pass:$KEYSTORE_PASSWORD`) fails{}",
                ks.from,
                if ks.secret.as_deref().is_some_and(str::is_empty) { " (it is empty)" } else { "" },
                if !router_tls { "" } else if ks.values.is_empty() { ", and nginx has no ssl_password_file (keystore_password is empty in the values)" } else { ", and so does nginx (ssl_password_file)" }
            ),
            format!("set {KEYSTORE_PASSWORD} to exactly the key's password, {decrypt}"),
        ),
        Some(_) if ks.values.is_empty() && router_tls => b.error(
            format!("{key_what} is encrypted and {} opens it, but {KEYSTORE_PASSWORD} is empty in the values, so the router mounts no ssl_password_file and nginx cannot load the key", ks.from),
            format!("set {KEYSTORE_PASSWORD} in the values to that password too, {decrypt}"),
        ),
        Some(_) => {
            b.note(format!("{key_what} is encrypted and {} opens it", ks.from));
            if !router_tls {
                b.note("the router serves plain HTTP here (internal TLS and general.router.tls off): nginx does not load the key");
            }
        }
    }
    b.finish(format!("{key_what} is encrypted with exactly the keystore password: the backend's keystore and the router's nginx (ssl_password_file) open it"))
}

/// The pin the backend advertises: its init container hashes the public key of the FIRST
/// certificate of `tls.crt`, whatever it is. Agents pin that.
fn served_pin(
    cx: &Ctx<'_>,
    pc: &PairCheck,
    crt_name: &str,
    key_name: Option<&str>,
    crt_what: &str,
) -> Option<(String, Verdict)> {
    let r = &pc.report;
    let first = r
        .certificates
        .iter()
        .filter(|c| c.source == crt_name)
        .min_by_key(|c| (c.block, c.index))?;
    let setting = format!("{crt_what} (served pin)");
    let mut b = Builder::new(setting, &cx.v.source, line_of(&cx.v.text, &["certificate", "tls", "crt"]));
    let label = cert_label(first);
    let pin = first.spki_sha256.clone();
    let advertised = format!("the backend advertises pin {pin}, the SPKI SHA-256 of {label}, the first certificate of {crt_what}");
    let order = "put the server certificate first, then its chain: certificate → intermediate → root";
    let leaf = pc.chain.as_ref().map(|c| c.leaf);
    if first.is_ca || leaf.is_some_and(|l| l != first.index) {
        let served = leaf
            .and_then(|l| r.certificates.get(l))
            .map(|c| format!(", not the server certificate {}", cert_label(c)))
            .unwrap_or_default();
        b.error_act(
            format!("{crt_what} does not begin with the server certificate: it begins with {label}{served}, so {advertised} and every agent pinned to the served certificate refuses the server"),
            order,
            crate::doctor::FixAction::ReorderChain {
                setting: crt_what.to_string(),
            },
        );
    } else if let Some(k) = key_name {
        if let pool::KeyMatch::Mismatch { key_pin } = pool::key_match(r, first.index, &|s| s == k) {
            b.error(
                format!("the first certificate of {crt_what}, {label}, does not match the key (its pin {}): {advertised}, yet the server cannot use that certificate with this key", key_pin.as_deref().unwrap_or("unknown")),
                "give the key the certificate was issued for, or the certificate of this key first in tls.crt",
            );
        }
    }
    b.note("the pods compute it as `openssl x509 -in tls.crt -pubkey -noout | openssl pkey -pubin -outform DER | openssl dgst -sha256`".to_string());
    let v = b.finish(format!("{advertised}: the pin the agents get (their pinnedCertHash must be this)"));
    Some((pin, v))
}

pub(super) fn main_certificate(cx: &mut Ctx<'_>) -> Option<Served> {
    match served_from(&cx.v.doc, &cx.release) {
        ServedFrom::Values => tls_values(cx),
        ServedFrom::Secret { name, named } => existing_cert(cx, name, named),
    }
}

/// `certificate.existing_cert` (`named`), or, with `deploy_secrets` off, the Secret the pods
/// mount.
fn existing_cert(cx: &mut Ctx<'_>, name: String, named: bool) -> Option<Served> {
    let crt_raw = cx.text(path::TLS_CRT);
    let key_raw = cx.text(path::TLS_KEY);
    let mut b = cx.builder(path::EXISTING_CERT);
    if !named {
        b.note(format!("general.deploy_secrets.enabled is false: the chart renders no Secret, and the pods mount {name} (certificate.existing_cert is empty)"));
    }
    if crt_raw.is_some() || key_raw.is_some() {
        b.warn(
            format!(
                "certificate.tls.crt/key are set but unused: {}, so the pods mount Secret {name}",
                if named { "certificate.existing_cert is set" } else { "general.deploy_secrets.enabled is false" }
            ),
            "remove certificate.tls.crt/key, or clear certificate.existing_cert (and enable deploy_secrets) to use them",
        );
    }
    let secret = cx
        .secret(&mut b, &name, "the backend and router certificate")
        .cloned();
    let mut served = None;
    if let Some(s) = secret {
        let recreate = format!("recreate it: `kubectl create secret tls {name} --cert=full-chain.crt --key=tls.key -n {}`", cx.namespace);
        if s.kind
            .as_deref()
            .is_some_and(|t| t != chart::TLS_SECRET_TYPE)
        {
            b.warn(
                format!(
                    "Secret {name} has type {}; a certificate Secret is usually kubernetes.io/tls",
                    s.kind.as_deref().unwrap_or("")
                ),
                recreate.clone(),
            );
        }
        let crt = secret_input(&s, chart::TLS_CRT, &mut b);
        let key = secret_input(&s, chart::TLS_KEY, &mut b);
        for k in [chart::TLS_CRT, chart::TLS_KEY] {
            if s.entry(k).is_none() {
                b.error(format!("Secret {name} has no {k}"), recreate.clone());
            }
        }
        if let Some(crt) = crt {
            let pair = MainPair {
                crt,
                key,
                ca: s
                    .entry(chart::CA_CRT)
                    .and_then(|_| secret_input(&s, chart::CA_CRT, &mut b)),
                crt_what: format!("Secret {name}, {}", chart::TLS_CRT),
                key_what: format!("Secret {name}, {}", chart::TLS_KEY),
            };
            served = Some(serve(cx, pair, &mut b, None));
        }
    }
    cx.out.push(b.finish(format!(
        "Secret {name} holds a valid certificate chain and its key"
    )));
    if let Some(s) = served.as_mut() {
        cx.out.append(&mut s.later);
    }
    served
}

/// `certificate.tls.crt` and `.key`, placed verbatim under `data:` by the chart.
fn tls_values(cx: &mut Ctx<'_>) -> Option<Served> {
    let crt_raw = cx.text(path::TLS_CRT);
    let key_raw = cx.text(path::TLS_KEY);
    let mut bc = cx.builder(path::TLS_CRT);
    let mut bk = cx.builder(path::TLS_KEY);
    let crt = match &crt_raw {
        None => {
            bc.error(
                "certificate.tls.crt is empty and certificate.existing_cert is not set: the chart renders a certificate Secret without a certificate",
                "set certificate.tls.crt and .key (certlens's certificate.tls values output writes both), or name an existing kubernetes.io/tls Secret in certificate.existing_cert",
            );
            None
        }
        Some(raw) => {
            let (bytes, problems) = data_value(raw, path::TLS_CRT);
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
            let (bytes, problems) = data_value(raw, path::TLS_KEY);
            bk.extend(problems);
            bytes
        }
    };
    let mut served = None;
    if let Some(crt_bytes) = crt {
        let pair = MainPair {
            crt: Input::new(path::TLS_CRT, crt_bytes),
            key: key.map(|k| Input::new(path::TLS_KEY, k)),
            ca: None,
            crt_what: path::TLS_CRT.to_string(),
            key_what: path::TLS_KEY.to_string(),
        };
        served = Some(serve(cx, pair, &mut bc, Some(&mut bk)));
    } else if key_raw.is_some() {
        bk.not_checked(
            "not checked against a certificate: certificate.tls.crt could not be read",
            "fix certificate.tls.crt first",
        );
    }
    cx.out.push(bc.finish("one line of Base64 PEM, the full chain in the documented order (certificate → intermediate → root), valid"));
    cx.out
        .push(bk.finish("one line of Base64 PEM, a key that matches the certificate"));
    if let Some(s) = served.as_mut() {
        cx.out.append(&mut s.later);
    }
    served
}

// ---- general.lightrun_endpoint --------------------------------------------------------------

pub(super) fn endpoint(cx: &mut Ctx<'_>, served: Option<&Served>) {
    let mut b = cx.builder(path::ENDPOINT);
    let Some(endpoint) = cx.text(path::ENDPOINT) else {
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
    // What the clients themselves say about the name, when their validation got that far.
    let said = s
        .validation
        .as_ref()
        .map(|v| material::rejections(v, &ENDPOINT_CLIENTS).0)
        .unwrap_or_default()
        .into_iter()
        .find(|r| r.rule == PathRule::HostnameMismatch)
        .map(|r| r.said())
        .unwrap_or_default();
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
                    "{} is not covered by the served certificate {leaf} (from {}){}: clients reject the connection{}",
                    c.name,
                    s.what,
                    c.note.as_deref().map(|n| format!("; {n}")).unwrap_or_default(),
                    said
                ),
                format!("issue the certificate with {} among its subject alternative names (it has: {})", c.name, if sans.is_empty() { "none".to_string() } else { sans }),
            );
        }
    }
    cx.out.push(b.finish(format!(
        "{endpoint} is covered by the served certificate {leaf}"
    )));
}
