//! The words of a chain's path validation, one wording for every front end: the CLI, the page
//! and the JS module all show these lines, so a verdict reads the same wherever it is seen.

use crate::checks::report::short_name;
use crate::model::{AnchorSource, Client, ClientVerdict, Outcome, Overall, PathValidation, Report};

/// How a line should look (front ends map it to a colour: accept green, reject red, not
/// checked yellow).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PathVerdictLevel {
    /// Accepted, or works for every client.
    Ok,
    /// Rejected, or fails for some client.
    Error,
    /// Not decided (budget spent, or a signature that cannot be checked here).
    NotChecked,
}

/// One client's line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ClientLine {
    /// The client family the line is about.
    pub client: Client,
    /// Its outcome, for the colour.
    pub level: PathVerdictLevel,
    /// "Java rejects: PKIX path building failed (#2 (CN=…): a CA's keyUsage lacks keyCertSign)".
    pub text: String,
}

/// A chain's verdict in words.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct VerdictText {
    /// The overall outcome, for the colour.
    pub level: PathVerdictLevel,
    /// "works for OpenSSL, Java, Go and browsers" / "fails: Java and Go reject it" /
    /// "not checked: …".
    pub headline: String,
    /// One line per client, in [`Client::ALL`] order.
    pub clients: Vec<ClientLine>,
    /// The anchor the path ends at ("ends at CN=… (declared trusted)"), if any.
    pub anchor: Option<String>,
    /// The offered-anchor hint: a root of the input nobody declared trusted. Front ends add
    /// how to declare it (`--ca FILE`, `trustAnchors`, the page's control).
    pub offered_anchor: Option<String>,
}

/// "A", "A and B", "A, B and C".
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn cert_name(report: &Report, i: usize) -> String {
    report
        .certificates
        .get(i)
        .map(short_name)
        .unwrap_or_else(|| format!("#{i}"))
}

/// The certificate a verdict is about, for people: "#2 (CN=…)", else its depth on the path.
fn about(report: &Report, v: &ClientVerdict) -> Option<String> {
    match (v.certificate, v.depth) {
        (Some(i), _) => Some(cert_name(report, i)),
        (None, Some(d)) => Some(format!("depth {d}")),
        (None, None) => None,
    }
}

fn client_line(report: &Report, v: &ClientVerdict) -> ClientLine {
    let rule = v.rule.map(|r| r.describe()).unwrap_or("");
    let (level, text) = match v.outcome {
        Outcome::Accept => (PathVerdictLevel::Ok, v.client.verb(true).to_string()),
        Outcome::Reject => {
            // The client's own error first (what the user will see in its logs), then which
            // certificate and which rule.
            let text = match (&v.error, about(report, v)) {
                (Some(e), Some(who)) => format!("{e} ({who}: {rule})"),
                (Some(e), None) => format!("{e} ({rule})"),
                (None, Some(who)) => format!("{rule} ({who})"),
                (None, None) => rule.to_string(),
            };
            (
                PathVerdictLevel::Error,
                format!("{}: {text}", v.client.verb(false)),
            )
        }
        _ => (
            PathVerdictLevel::NotChecked,
            match about(report, v) {
                Some(who) => format!("not checked: {rule} ({who})"),
                None => format!("not checked: {rule}"),
            },
        ),
    };
    ClientLine {
        client: v.client,
        level,
        text: format!("{} {text}", v.client.label()),
    }
}

/// The words of `v`, a chain's validation within `report` (for certificate names).
pub fn verdict_text(report: &Report, v: &PathValidation) -> VerdictText {
    let names = |o: Outcome| -> Vec<&'static str> {
        v.clients
            .iter()
            .filter(|c| c.outcome == o)
            .map(|c| c.client.label())
            .collect()
    };
    let (level, headline) = match v.overall {
        Overall::Works => (
            PathVerdictLevel::Ok,
            format!("works for {}", and_list(&names(Outcome::Accept))),
        ),
        Overall::Fails => {
            let rejecting: Vec<&ClientVerdict> = v
                .clients
                .iter()
                .filter(|c| c.outcome == Outcome::Reject)
                .collect();
            // "browsers reject it" agrees with the last name, as a sentence would.
            let verb = rejecting
                .last()
                .map(|c| {
                    if rejecting.len() > 1 {
                        "reject"
                    } else {
                        c.client.verb(false)
                    }
                })
                .unwrap_or("reject");
            (
                PathVerdictLevel::Error,
                format!("fails: {} {verb} it", and_list(&names(Outcome::Reject))),
            )
        }
        _ => {
            let rule = v
                .clients
                .iter()
                .find(|c| c.outcome != Outcome::Accept)
                .and_then(|c| c.rule);
            let why = match rule {
                Some(crate::model::PathRule::Budget) | None => "budget spent".to_string(),
                Some(r) => r.describe().to_string(),
            };
            (
                PathVerdictLevel::NotChecked,
                format!(
                    "not checked: {why} ({} could not decide)",
                    and_list(&names(Outcome::NotChecked))
                ),
            )
        }
    };
    let anchor = v.anchor.as_ref().map(|a| {
        let source = match a.source {
            AnchorSource::Declared => "declared trusted",
            _ => "Mozilla root store",
        };
        match a.certificate {
            Some(i) => format!("ends at {} ({source})", cert_name(report, i)),
            None => format!("ends at {} ({source})", a.name),
        }
    });
    let offered_anchor = v.offered_anchor.map(|i| {
        format!(
            "{} is a root of the input that nobody declared trusted: clients accept this chain only if they trust it — declare it",
            cert_name(report, i)
        )
    });
    VerdictText {
        level,
        headline,
        clients: v.clients.iter().map(|c| client_line(report, c)).collect(),
        anchor,
        offered_anchor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Input;
    use crate::inspect::{inspect, Options};

    // openssl-made (tests/fixtures/paths/generate.sh); the real Java rejects this leaf (an EC
    // key with keyEncipherment) and OpenSSL, Go, pyca and webpki accept it (expected.json).
    const LEAF: &[u8] = include_bytes!(
        "../../../../tests/fixtures/paths/leaf-ec-keyencipherment/leaf-ec-keyencipherment.pem"
    );
    const INT: &[u8] =
        include_bytes!("../../../../tests/fixtures/paths/leaf-ec-keyencipherment/ec-int.pem");
    const ROOT: &[u8] =
        include_bytes!("../../../../tests/fixtures/paths/leaf-ec-keyencipherment/ec-root.pem");
    // expected.json's validation_time.
    const NOW: i64 = 1_796_083_200;

    fn words(files: &[&[u8]], declared: bool) -> VerdictText {
        let inputs: Vec<Input> = files
            .iter()
            .enumerate()
            .map(|(i, b)| Input::new(format!("f{i}.pem"), b.to_vec()))
            .collect();
        let mut o = Options::at(NOW);
        o.names = vec!["svc.example.com".into()];
        if declared {
            let root = inspect(&[Input::new("root.pem", ROOT.to_vec())], &Options::at(NOW));
            o.trust_anchors = root.certificates.into_iter().map(|c| c.der).collect();
        }
        let r = inspect(&inputs, &o);
        let v = r.chains[0].validation.as_ref().unwrap();
        verdict_text(&r, v)
    }

    #[test]
    fn one_client_rejecting_names_it_and_the_certificate() {
        let t = words(&[LEAF, INT], true);
        assert_eq!(t.level, PathVerdictLevel::Error);
        assert_eq!(t.headline, "fails: Java rejects it");
        let texts: Vec<&str> = t.clients.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts[0], "OpenSSL accepts");
        assert_eq!(
            texts[1],
            "Java rejects: the leaf's key usage does not fit a TLS server (#0 (svc.example.com))"
        );
        assert_eq!(texts[2], "Go accepts");
        assert_eq!(texts[3], "browsers accept");
        assert_eq!(t.clients[1].level, PathVerdictLevel::Error);
        assert_eq!(
            t.anchor.as_deref(),
            Some("ends at Paths EC Root (declared trusted)")
        );
        assert_eq!(t.offered_anchor, None);
    }

    #[test]
    fn an_undeclared_root_of_the_input_is_offered() {
        let t = words(&[LEAF, INT, ROOT], false);
        assert_eq!(
            t.headline,
            "fails: OpenSSL, Java, Go and browsers reject it"
        );
        assert_eq!(t.anchor, None);
        assert_eq!(
            t.offered_anchor.as_deref(),
            Some("#2 (Paths EC Root) is a root of the input that nobody declared trusted: clients accept this chain only if they trust it — declare it")
        );
    }

    #[test]
    fn lists_read_as_a_sentence() {
        assert_eq!(and_list(&[]), "");
        assert_eq!(and_list(&["Go"]), "Go");
        assert_eq!(and_list(&["Java", "Go"]), "Java and Go");
        assert_eq!(
            and_list(&["OpenSSL", "Java", "Go", "browsers"]),
            "OpenSSL, Java, Go and browsers"
        );
    }
}
