//! `secrets.customCa` and the backend's encryption keys.

use super::*;
use crate::checks::enckey::check_key;
use crate::doctor::verdict::{FixAction, Level, Problem, SecretValue};

// ---- secrets.customCa -------------------------------------------------------------------------

pub(super) fn custom_ca(cx: &mut Ctx<'_>) {
    let cc = cx.text(path::CUSTOM_CA_CERTIFICATE);
    let ex = cx.text(path::CUSTOM_CA_EXISTING);
    if cc.is_none() && ex.is_none() {
        return;
    }
    let deploy = cx.flag(path::DEPLOY_SECRETS, true);
    let at = if cc.is_some() {
        path::CUSTOM_CA_CERTIFICATE
    } else {
        path::CUSTOM_CA_EXISTING
    };
    let mut b = cx.builder(at);
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
        let (bytes, problems) = data_value(raw, path::CUSTOM_CA_CERTIFICATE);
        // "Base64 of DER" is said below with what Keycloak reads (an unencrypted PKCS#12
        // is binary and fine).
        b.extend(
            problems
                .into_iter()
                .filter(|p| !(bytes.is_some() && p.text.contains("DER (binary)")))
                .collect(),
        );
        input = bytes.map(|bytes| Input::new(path::CUSTOM_CA_CERTIFICATE, bytes));
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
        let locked = !report.password_needed.is_empty()
            || report.errors.iter().any(|e| e.kind.is_password());
        match truststore_format(&input.bytes, &report, locked) {
            Ok(note) => b.note(note),
            Err(what) => b.error(
                format!("{} is {what}: Keycloak's truststore directory (conf/truststores) reads PEM files and unencrypted PKCS#12 only, so it trusts nothing from it", input.name),
                format!("convert it to PEM (certlens writes the chain as PEM, with the password for a PKCS#12), then {}", if cx.text(path::CUSTOM_CA_CERTIFICATE).is_some() { "`base64 -w 0 ca.pem` into customCaCertificate".to_string() } else { format!("recreate the Secret: `kubectl create secret generic NAME --from-file={CUSTOM_CA_KEY}=ca.pem -n {}`", cx.namespace) }),
            ),
        }
        for e in pool::errors_of(&report, &|_| true) {
            if !locked {
                b.error(e, "replace it with the CA certificate's exact PEM");
            }
        }
        if report.certificates.is_empty() && !locked {
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

/// Whether Keycloak's truststore directory reads the custom CA's bytes: PEM certificates, or a
/// PKCS#12 file without a password. `Ok` is a note saying which; `Err` names the form it is in.
fn truststore_format(bytes: &[u8], report: &crate::model::Report, locked: bool) -> Result<String, String> {
    let text = core::str::from_utf8(bytes).ok();
    let pem = text.is_some_and(|t| t.contains("-----BEGIN "));
    let p12 = report
        .certificates
        .iter()
        .any(|c| c.location.contains("PKCS#12"));
    if locked {
        return Err("a password-protected (encrypted) PKCS#12 file or key".to_string());
    }
    if pem {
        let t = text.unwrap_or_default();
        if t.contains("-----BEGIN CERTIFICATE-----") {
            return Ok("PEM, a form Keycloak's truststore directory reads".to_string());
        }
        if t.contains("-----BEGIN PKCS7-----") {
            return Err("a PKCS#7 bundle (BEGIN PKCS7)".to_string());
        }
        return Err("PEM without a CERTIFICATE block".to_string());
    }
    if p12 {
        return Ok("an unencrypted PKCS#12 file, a form Keycloak's truststore directory reads".to_string());
    }
    if report.certificates.iter().any(|c| c.location.contains("PKCS#7")) {
        return Err("a PKCS#7 bundle (DER)".to_string());
    }
    if report.certificates.is_empty() {
        return Err("neither PEM nor PKCS#12".to_string());
    }
    Err("a DER (binary) certificate".to_string())
}

// ---- encryption keys ------------------------------------------------------------------------------

/// The key's problems; a corrected value goes in the problem's secret, withheld unless `show`.
/// `make`: a new key for this place (its fix when nothing can be recovered).
fn key_problems(b: &mut Builder, what: &str, text: &str, show: bool, make: FixAction) {
    let c = check_key(text);
    // The diagnosis may name the corrected key ("the key is the inner value ..."): it is kept
    // out of the text always, shown or not. The value travels only in `secret`, which the page
    // blurs until "Show"; in the text, a shown key was printed in the clear.
    let withhold = |t: &str| match &c.normalized {
        Some(n) if !n.is_empty() => t.replace(n.as_str(), "(the corrected value)"),
        _ => t.to_string(),
    };
    if !c.ok {
        // A value that can be recovered is the key the data is encrypted with: never offer a
        // new key for it (the data would stay unreadable).
        let (fix, secret, action) = match &c.normalized {
            Some(n) => (
                "use the corrected value (44 characters)".to_string(),
                Some(SecretValue::new(format!("the corrected {what}"), n, show)),
                None,
            ),
            None => (
                "generate a key: the Base64 text of 32 random bytes, as `openssl rand -base64 32` prints".to_string(),
                None,
                Some(make),
            ),
        };
        b.push(Problem {
            level: Level::Error,
            text: withhold(&format!("{what}: {}", c.problems.join("; "))),
            fix: Some(fix),
            action,
            secret,
        });
    }
    for h in &c.hints {
        b.note(withhold(&format!("{what}: {h}")));
    }
}

pub(super) fn encryption(cx: &mut Ctx<'_>) {
    let deploy = cx.flag(path::DEPLOY_SECRETS, true);
    if let Some(k) = cx.text(path::USER_ENCRYPTION_KEY) {
        let mut b = cx.builder(path::USER_ENCRYPTION_KEY);
        let make = FixAction::MakeEncryptionKey {
            release: cx.release.clone(),
            namespace: cx.namespace.clone(),
            index: None,
        };
        key_problems(&mut b, "userEncryptionKey", &k, cx.opts.show_secrets, make);
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
        chart::encryption_secret_name(&cx.release)
    } else {
        match cx.text(path::EXISTING_BACKEND_SECRET) {
            Some(n) => n,
            None => {
                let mut b = cx.builder(path::EXISTING_BACKEND_SECRET);
                b.error(
                    "empty, but general.deploy_secrets.enabled is false: the backend has no Secret (encryption keys, database, license...)",
                    format!("name the backend Secret you manage, e.g. {}", chart::encryption_secret_name(&cx.release)),
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
        .filter(|s| {
            s.entries
                .iter()
                .any(|e| chart::encryption_key_number(&e.key).is_some())
        })
        .cloned()
        .collect();
    if let Some((name, deploy)) = backend {
        if !deploy && !with_keys.iter().any(|s| s.name == name) {
            let mut b = cx.builder(path::EXISTING_BACKEND_SECRET);
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
        let mut numbers: Vec<(u64, String)> = Vec::new();
        for e in s
            .entries
            .iter()
            .filter(|e| chart::encryption_key_number(&e.key).is_some())
        {
            let n = chart::encryption_key_number(&e.key).unwrap_or(0);
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
            let make = FixAction::MakeEncryptionKey {
                release: cx.release.clone(),
                namespace: cx.namespace.clone(),
                index: u32::try_from(n).ok(),
            };
            key_problems(&mut b, &what, &text, cx.opts.show_secrets, make);
            numbers.push((n, text.trim().to_string()));
        }
        numbers.sort();
        let ns: Vec<u64> = numbers.iter().map(|(n, _)| *n).collect();
        if !ns.is_empty() {
            if ns.first() != Some(&0) {
                b.error(
                    "there is no encryption-key-0: under helm template and Argo CD renders the backend mounts only encryption-key-0",
                    "number the keys from 0 (the oldest) upwards",
                );
            }
            let (gaps, more) = missing_numbers(&ns, MAX_GAPS_LISTED);
            if !gaps.is_empty() {
                let mut listed: Vec<String> = gaps
                    .iter()
                    .map(|n| chart::encryption_key_name(*n))
                    .collect();
                if more {
                    listed.push("…".to_string());
                }
                b.warn(
                    format!("the numbering has gaps: {} missing", listed.join(", ")),
                    "number the keys 0, 1, 2... without gaps; the chart picks the highest to encrypt and keeps older ones for decryption",
                );
            }
            for w in numbers.windows(2) {
                if let [(a, ka), (bn, kb)] = w {
                    if ka == kb && !ka.is_empty() {
                        b.error_act(
                            format!("encryption-key-{bn} is the same key as encryption-key-{a}: a rotation needs a newly generated key"),
                            "generate the new key (the Base64 text of 32 random bytes, as `openssl rand -base64 32` prints)",
                            FixAction::MakeEncryptionKey {
                                release: cx.release.clone(),
                                namespace: cx.namespace.clone(),
                                index: u32::try_from(*bn).ok(),
                            },
                        );
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

/// At most this many missing key numbers are named: a Secret may hold `encryption-key-4000000000`,
/// and the gaps below it must not be walked one by one.
const MAX_GAPS_LISTED: usize = 32;

/// The numbers below the highest of `sorted` (ascending, repeats allowed) that it lacks, at most
/// `cap` of them, and whether more were left out. Walks the given numbers, not the range.
fn missing_numbers(sorted: &[u64], cap: usize) -> (Vec<u64>, bool) {
    let mut out = Vec::new();
    let mut next = 0u64;
    for &n in sorted {
        while next < n {
            if out.len() == cap {
                return (out, true);
            }
            out.push(next);
            next += 1;
        }
        next = next.max(n.saturating_add(1));
    }
    (out, false)
}

#[cfg(test)]
mod tests {
    use super::missing_numbers;

    #[test]
    fn gaps_are_listed_without_walking_the_range() {
        assert_eq!(missing_numbers(&[0, 2, 5], 32), (vec![1, 3, 4], false));
        assert_eq!(missing_numbers(&[0, 0, 1], 32), (vec![], false));
        assert_eq!(missing_numbers(&[3], 32), (vec![0, 1, 2], false));
        // A huge number: the first `cap` gaps, and "more", at once.
        assert_eq!(missing_numbers(&[0, u64::MAX], 2), (vec![1, 2], true));
    }
}
