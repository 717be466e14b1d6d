//! Issue 16: the answers real TLS clients would give. Fixtures are `tests/fixtures/strict/`,
//! made by `generate.sh --strict-only` with openssl, which also wrote `strict/expected.json`
//! (openssl's verdicts, key identifiers, caIssuers URLs, byte counts and pins). The public
//! chains are real certificates (`tests/public-chains/`), judged by openssl against Debian's
//! CA bundle there; here they are judged against the build's Mozilla root store snapshot.

mod common;
use common::{fixture, fixtures, now};

use certlens_core::{
    inspect, Chain, FindingCode, Input, NotIssuerReason, Options, Report, Severity, TrustVerdict,
};
use serde_json::Value;

fn strict() -> Value {
    serde_json::from_slice(&fixture("strict/expected.json")).expect("strict/expected.json")
}

fn unix(rfc3339: &str) -> i64 {
    certlens_core::timefmt::parse_rfc3339(rfc3339).expect("a date")
}

fn run_at(files: &[&str], now: i64) -> Report {
    let inputs: Vec<Input> = files
        .iter()
        .map(|f| {
            let path = fixtures().join("strict").join(f);
            Input::new(
                *f,
                std::fs::read(&path).unwrap_or_else(|e| panic!("{f}: {e}")),
            )
        })
        .collect();
    inspect(&inputs, &Options::at(now))
}

fn run(files: &[&str]) -> Report {
    run_at(files, now())
}

fn finding(r: &Report, code: FindingCode) -> &certlens_core::Finding {
    r.findings
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:#?}", r.findings))
}

fn only_chain(r: &Report) -> &Chain {
    assert_eq!(r.chains.len(), 1, "{:#?}", r.chains);
    &r.chains[0]
}

/// The leaf, an intermediate that did not issue it, and the root: openssl cannot verify the
/// leaf (error 20), and certlens keeps the leaf as the chain, names the missing issuer (subject,
/// AKI, caIssuers URL) and says why each given CA is not it.
#[test]
fn a_wrong_intermediate_never_drops_the_leaf() {
    let exp = strict();
    assert_eq!(exp["openssl_verify"]["missing_middle"], "20");
    assert_eq!(exp["openssl_verify"]["previous_int"], "20");
    assert_eq!(exp["openssl_verify"]["good"], "ok");

    for (file, wrong_reason) in [
        ("missing-middle.pem", NotIssuerReason::SubjectMismatch),
        ("previous-int.pem", NotIssuerReason::KeyIdMismatch),
    ] {
        let r = run(&[file]);
        let ch = only_chain(&r);
        assert_eq!(ch.order, vec![0], "{file}: the leaf is the chain");
        assert!(ch.missing_intermediate, "{file}");
        assert!(!r.unrelated.contains(&0), "{file}");
        let m = ch.missing_issuer.as_ref().expect("missing_issuer");
        assert_eq!(m.subject, exp["leaf_issuer"].as_str().unwrap(), "{file}");
        assert_eq!(
            m.authority_key_id.as_deref(),
            exp["leaf_aki"].as_str(),
            "{file}"
        );
        assert_eq!(m.ca_issuers, vec![exp["leaf_ca_issuers"].as_str().unwrap()]);
        let wrong = m.not_it.iter().find(|n| n.certificate == 1).expect("#1");
        assert_eq!(wrong.reason, wrong_reason, "{file}");
        let root = m.not_it.iter().find(|n| n.certificate == 2).expect("#2");
        assert_eq!(root.reason, NotIssuerReason::SubjectMismatch);
        if wrong_reason == NotIssuerReason::KeyIdMismatch {
            assert!(wrong
                .detail
                .contains(exp["int_a_old_ski"].as_str().unwrap()));
            assert!(wrong.detail.contains(exp["leaf_aki"].as_str().unwrap()));
        }

        let f = finding(&r, FindingCode::MissingIntermediate);
        assert_eq!(f.severity, Severity::Error);
        assert!(
            f.message.contains(exp["leaf_aki"].as_str().unwrap()),
            "{}",
            f.message
        );
        assert!(
            f.message.contains("#1 (certlens Strict Issuing CA"),
            "{}",
            f.message
        );
        assert!(
            f.fix.contains(exp["leaf_ca_issuers"].as_str().unwrap()),
            "{}",
            f.fix
        );
        // The wrong intermediate is explained, not dismissed as "remove it".
        assert!(
            !r.findings
                .iter()
                .any(|f| f.code == FindingCode::UnrelatedCertificate),
            "{file}: {:#?}",
            r.findings
        );
    }

    // The good chain is unchanged: leaf → A → root, its own private root.
    let r = run(&["good.pem"]);
    let ch = only_chain(&r);
    assert_eq!(ch.order, vec![0, 1, 2]);
    assert!(ch.complete && ch.missing_issuer.is_none());
    let t = ch.trust.as_ref().expect("trust");
    assert_eq!(t.verdict, TrustVerdict::PrivateRoot);
    assert!(t.anchor_in_input);
}

/// A private key names the leaf even when the leaf is (wrongly) a CA: `leaf-ca-true` (CA:TRUE,
/// issued by rsa-int) next to rsa-int2 (which did not issue it) and the root. Without the key
/// nothing says which certificate is the server's, and int2 → root is the chain; with it, the
/// keyed certificate starts the chain and the missing issuer is named.
#[test]
fn the_certificate_a_key_matches_starts_a_chain() {
    let files = [
        "certs/leaf-ca-true.pem",
        "certs/rsa-int2.pem",
        "certs/rsa-root.pem",
    ];
    let read = |f: &str| Input::new(f, std::fs::read(fixtures().join(f)).unwrap());
    let mut inputs: Vec<Input> = files.iter().map(|f| read(f)).collect();
    let r = inspect(&inputs, &Options::at(now()));
    assert_eq!(only_chain(&r).order, vec![1, 2]);
    assert_eq!(r.unrelated, vec![0]);

    inputs.push(read("keys/leaf-ca-true.key"));
    let r = inspect(&inputs, &Options::at(now()));
    assert_eq!(r.private_keys[0].matches, vec![0]);
    let ch = only_chain(&r);
    assert_eq!(ch.order, vec![0]);
    let m = ch.missing_issuer.as_ref().unwrap();
    assert!(
        m.subject.contains("certlens Test RSA Intermediate CA"),
        "{}",
        m.subject
    );
    let not_it: Vec<usize> = m.not_it.iter().map(|n| n.certificate).collect();
    assert_eq!(not_it, vec![1, 2]);
}

/// Real public certificates. Amazon's demo leaf under Amazon RSA 2048 M03 under Amazon Root
/// CA 1: openssl verifies it against Debian's bundle; certlens finds Amazon Root CA 1 in the
/// Mozilla snapshot by name and key identifier. With M01 instead of M03, openssl fails (error
/// 20) and certlens names M03 and its caIssuers URL.
#[test]
fn public_roots_complete_a_chain_sent_without_them() {
    let exp = strict();
    let at = unix(exp["amazon_verify"]["at"].as_str().unwrap());
    assert_eq!(exp["amazon_verify"]["chain"], "ok");
    let r = run_at(&["public-amazon.pem"], at);
    let ch = only_chain(&r);
    assert_eq!(ch.order, vec![0, 1]);
    let t = ch.trust.as_ref().unwrap();
    assert_eq!(t.verdict, TrustVerdict::PublicRoot);
    assert_eq!(t.anchor, "Amazon Root CA 1");
    assert!(!t.anchor_in_input);
    assert!(t.message.contains("Mozilla's root store (snapshot "));
    assert!(ch.missing_issuer.is_none());
    let f = finding(&r, FindingCode::RootNotIncluded);
    assert_eq!(f.severity, Severity::Info);
    assert!(
        f.message.contains("issued by Amazon Root CA 1"),
        "{}",
        f.message
    );
    assert!(!r
        .findings
        .iter()
        .any(|f| f.code == FindingCode::IssuerMissing));

    assert_eq!(exp["amazon_verify"]["missing_middle"], "20");
    let r = run_at(&["public-amazon-missing-middle.pem"], at);
    let ch = only_chain(&r);
    assert_eq!(ch.order, vec![0]);
    let m = ch.missing_issuer.as_ref().unwrap();
    assert_eq!(m.subject, exp["amazon_leaf_issuer"].as_str().unwrap());
    assert_eq!(
        m.authority_key_id.as_deref(),
        exp["amazon_leaf_aki"].as_str()
    );
    assert_eq!(
        m.ca_issuers,
        vec![exp["amazon_leaf_ca_issuers"].as_str().unwrap()]
    );
    assert_eq!(
        ch.trust.as_ref().unwrap().verdict,
        TrustVerdict::IssuerMissing
    );
    let f = finding(&r, FindingCode::MissingIntermediate);
    assert!(
        f.message.contains("Amazon RSA 2048 M01) is not it"),
        "{}",
        f.message
    );

    // A cross-signed copy of Amazon Root CA 1 (issued by Starfield) carries the root's key:
    // clients that hold the root stop there.
    let r = run_at(&["public-amazon-cross.pem"], at);
    let t = only_chain(&r).trust.as_ref().unwrap();
    assert_eq!(t.verdict, TrustVerdict::PublicRoot);
    assert_eq!(t.anchor, "Amazon Root CA 1");
    assert_eq!(
        r.certificates[1].spki_sha256,
        exp["amazon_root_ca_1_pin"].as_str().unwrap()
    );
}

/// Let's Encrypt Authority X3 as cross-signed by DST Root CA X3 (expired 2021, gone from
/// Mozilla's store and from Debian's bundle: openssl fails with error 20) ends at an issuer no
/// client holds any more. The private test chain without its root is incomplete too.
#[test]
fn chains_whose_issuer_no_client_holds_are_incomplete() {
    let exp = strict();
    assert_eq!(exp["openssl_verify"]["x3_dst"], "20");
    let r = run_at(&["public-x3-dst.pem"], unix("2019-09-01T00:00:00Z"));
    let t = only_chain(&r).trust.as_ref().unwrap();
    assert_eq!(t.verdict, TrustVerdict::IssuerMissing);
    assert_eq!(t.anchor, "DST Root CA X3");
    let f = finding(&r, FindingCode::IssuerMissing);
    assert_eq!(f.severity, Severity::Warning);
    assert!(f
        .message
        .contains("DST Root CA X3 is neither in the input nor a public root"));

    // Leaf + intermediate of a private CA, root absent: add it or give ca.crt.
    let dir = fixtures().join("strict");
    let mut pem = std::fs::read(dir.join("leaf.pem")).unwrap();
    pem.extend(std::fs::read(dir.join("int-a.pem")).unwrap());
    let r = inspect(
        &[Input::new("no-root.pem", pem.clone())],
        &Options::at(now()),
    );
    let ch = only_chain(&r);
    assert_eq!(
        ch.trust.as_ref().unwrap().verdict,
        TrustVerdict::IssuerMissing
    );
    let f = finding(&r, FindingCode::IssuerMissing);
    assert!(f
        .message
        .contains("certlens Strict Root CA is neither in the input"));
    assert!(f.fix.contains("ca.crt"));
    // Given as ca.crt (a second input), the private root anchors the pool.
    let r = inspect(
        &[
            Input::new("tls.crt", pem),
            Input::new("ca.crt", std::fs::read(dir.join("root.pem")).unwrap()),
        ],
        &Options::at(now()),
    );
    let ch = only_chain(&r);
    assert!(ch.complete);
    assert_eq!(
        ch.trust.as_ref().unwrap().verdict,
        TrustVerdict::PrivateRoot
    );
    assert!(!r
        .findings
        .iter()
        .any(|f| f.code == FindingCode::IssuerMissing));
}

/// A truncated encrypted key: the DER's announced size and what the block holds, as openssl's
/// asn1parse reads them; no password prompt.
#[test]
fn a_truncated_block_says_it_was_cut_off() {
    let exp = strict();
    let r = run(&["truncated-encrypted.key"]);
    assert!(r.private_keys.is_empty() && r.password_needed.is_empty());
    assert_eq!(r.errors.len(), 1);
    let declared = exp["truncated_declared"].as_u64().unwrap() as usize;
    let held = exp["truncated_held"].as_u64().unwrap() as usize;
    let with_commas = |n: usize| {
        let s = n.to_string();
        if s.len() > 3 {
            format!("{},{}", &s[..s.len() - 3], &s[s.len() - 3..])
        } else {
            s
        }
    };
    let want = format!(
        "the DER says {} bytes but the block holds {}: the file was cut off",
        with_commas(declared),
        with_commas(held)
    );
    assert!(
        r.errors[0].detail.starts_with(&want),
        "{}",
        r.errors[0].detail
    );
    assert!(!r.errors[0].detail.contains("password"));
}

/// Every key's pin is the one `openssl pkey -pubout -outform DER | sha256` prints.
#[test]
fn key_pins_are_openssls() {
    let exp = strict();
    let pins = exp["pins"].as_object().unwrap();
    assert_eq!(pins.len(), 8);
    for (name, want) in pins {
        let file = if name == "unused-bits" {
            "unused-bits.pub".to_string()
        } else {
            format!("{name}.key")
        };
        let r = run(&[&file]);
        assert!(r.errors.is_empty(), "{file}: {:#?}", r.errors);
        let got = if name == "unused-bits" {
            Some(r.public_keys[0].spki_sha256.clone())
        } else {
            r.private_keys[0].spki_sha256.clone()
        };
        assert_eq!(
            got.as_deref(),
            want.as_str(),
            "{file}: {:?}",
            r.private_keys.first().map(|k| &k.note)
        );
    }
}

/// The snapshot is what the README says: the pinned crate, its date, and real roots in it.
#[test]
fn the_root_store_snapshot() {
    use certlens_core::root_store;
    let info = root_store::root_store();
    assert_eq!(info.source, "webpki-root-certs 1.0.11");
    assert_eq!(info.date, "2026-10-23");
    assert!(info.roots > 100, "{info:?}");
    // The version in Cargo.lock is the one SNAPSHOT_VERSION names.
    let lock =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.lock")).unwrap();
    assert!(lock.contains(&format!(
        "name = \"webpki-root-certs\"\nversion = \"{}\"",
        root_store::SNAPSHOT_VERSION
    )));
    // ISRG Root X1 from Debian's bundle is a public root, by its SPKI pin (computed by openssl
    // in generate.sh for the Debian bundle test: expected.json's ca_bundle pins).
    let isrg = std::fs::read("/usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt");
    if let Ok(pem) = isrg {
        let r = inspect(&[Input::new("isrg.pem", pem)], &Options::at(now()));
        let t = only_chain(&r).trust.as_ref().unwrap();
        assert_eq!(t.verdict, TrustVerdict::PublicRoot, "{}", t.message);
        assert_eq!(t.anchor, "ISRG Root X1");
    }
}

// ---------------------------------------------------------------------------------------------
// Encodings strict clients refuse (issue 16, item 3).

fn issues(r: &Report, index: usize) -> Vec<certlens_core::EncodingIssueKind> {
    r.certificates[index]
        .encoding_issues
        .iter()
        .map(|i| i.kind)
        .collect()
}

/// Certificates openssl made with odd encodings. openssl's own verdicts (recorded by
/// generate.sh) say which it reads; certlens reads them all, never calls them fine, and names
/// the clients that refuse each.
#[test]
fn encodings_strict_clients_refuse_are_flagged() {
    use certlens_core::EncodingIssueKind as K;
    let exp = strict();
    let openssl = &exp["odd_openssl_verify"];
    let cases: &[(&str, K, Severity, &str)] = &[
        (
            "serial-negative.pem",
            K::NegativeSerial,
            Severity::Error,
            "Go",
        ),
        ("serial-zero.pem", K::ZeroSerial, Severity::Warning, ""),
        ("serial-long.pem", K::LongSerial, Severity::Warning, ""),
        (
            "critical-unknown.pem",
            K::UnknownCriticalExtension,
            Severity::Error,
            "OpenSSL",
        ),
        ("san-empty-critical.pem", K::EmptySan, Severity::Error, "Go"),
    ];
    for (file, kind, severity, client) in cases {
        let r = run(&[file]);
        assert_eq!(r.certificates.len(), 1, "{file}: still read");
        assert_eq!(issues(&r, 0), vec![*kind], "{file}");
        let issue = &r.certificates[0].encoding_issues[0];
        let code = if *severity == Severity::Error {
            FindingCode::EncodingRejected
        } else {
            FindingCode::EncodingQuestionable
        };
        let f = finding(&r, code);
        assert_eq!(f.severity, *severity, "{file}");
        assert!(f.message.contains(&issue.detail));
        if client.is_empty() {
            assert!(issue.rejected_by.is_empty(), "{file}");
        } else {
            assert!(
                issue.rejected_by.iter().any(|c| c.starts_with(client)),
                "{file}: {:?}",
                issue.rejected_by
            );
        }
        // Where OpenSSL is named, openssl verify refused it; where it is not, openssl read it.
        let name = file.trim_end_matches(".pem");
        let names_openssl = issue.rejected_by.iter().any(|c| c == "OpenSSL");
        assert_eq!(
            openssl[name] != "ok",
            names_openssl,
            "{file}: openssl said {}",
            openssl[name]
        );
    }
    // The clean leaf has none.
    let r = run(&["good.pem"]);
    assert!(r.certificates.iter().all(|c| c.encoding_issues.is_empty()));
}

/// Bytes appended to the DER inside one PEM block: read as the certificate (same fingerprint
/// as the clean one), flagged as refused by Go; openssl reads it (generate.sh checked).
#[test]
fn trailing_data_is_read_but_refused_by_go() {
    let exp = strict();
    assert_eq!(exp["appended_openssl_reads_it"], true);
    let r = run(&["appended.pem", "leaf.pem"]);
    assert_eq!(r.certificates.len(), 2);
    assert_eq!(
        r.certificates[0].fingerprint_sha256,
        r.certificates[1].fingerprint_sha256
    );
    let i = &r.certificates[0].encoding_issues;
    assert_eq!(i.len(), 1);
    assert_eq!(i[0].kind, certlens_core::EncodingIssueKind::TrailingData);
    assert!(i[0]
        .detail
        .starts_with(&format!("{} bytes after", exp["appended_bytes"])));
    assert!(i[0].detail.contains("x509: trailing data"));
    assert!(r.certificates[1].encoding_issues.is_empty());
    let f = finding(&r, FindingCode::EncodingRejected);
    assert_eq!(f.certificates, vec![0]);
    // The clean copy first: the appended copy still gets its finding.
    let r = run(&["leaf.pem", "appended.pem"]);
    assert!(r.certificates[0].encoding_issues.is_empty());
    assert_eq!(
        finding(&r, FindingCode::EncodingRejected).certificates,
        vec![1]
    );
}

// Crafted variants of the strict leaf (openssl cannot write these): the DER is rebuilt around
// one changed element, so signatures no longer verify; the audit looks at structure only.

/// (tag, whole element) of each element in `content`, DER lengths only.
fn elements(mut content: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while !content.is_empty() {
        let l0 = content[1] as usize;
        let (len, header) = if l0 < 0x80 {
            (l0, 2)
        } else {
            let n = l0 & 0x7f;
            (
                content[2..2 + n]
                    .iter()
                    .fold(0usize, |a, &b| (a << 8) | b as usize),
                2 + n,
            )
        };
        out.push(content[..header + len].to_vec());
        content = &content[header + len..];
    }
    out
}

fn content(element: &[u8]) -> &[u8] {
    let l0 = element[1] as usize;
    if l0 < 0x80 {
        &element[2..]
    } else {
        &element[2 + (l0 & 0x7f)..]
    }
}

fn leaf_der() -> Vec<u8> {
    let pem = std::fs::read_to_string(fixtures().join("strict/leaf.pem")).unwrap();
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    certlens_core::b64::decode_standard(&b64).unwrap()
}

/// The leaf with its TBSCertificate's elements passed through `edit`.
fn leaf_with(edit: impl Fn(&mut Vec<Vec<u8>>)) -> Vec<u8> {
    let der = leaf_der();
    let parts = elements(content(&der));
    let mut tbs = elements(content(&parts[0]));
    edit(&mut tbs);
    let tbs = common::der(0x30, &tbs.concat());
    common::der(0x30, &[tbs, parts[1].clone(), parts[2].clone()].concat())
}

fn run_der(der: Vec<u8>) -> Report {
    inspect(&[Input::new("crafted.der", der)], &Options::at(now()))
}

#[test]
fn crafted_encodings_are_flagged() {
    use certlens_core::EncodingIssueKind as K;
    // tbs: [0] version, serial, signature, issuer, validity, subject, spki, [3] extensions
    // A duplicated extension (the SAN twice): Go and Java refuse it.
    let dup = leaf_with(|tbs| {
        let exts = elements(content(content(&tbs[7])));
        let san = exts
            .iter()
            .find(|e| e.windows(5).any(|w| w == [0x06, 0x03, 0x55, 0x1d, 0x11]))
            .unwrap()
            .clone();
        let mut all = exts.clone();
        all.push(san);
        tbs[7] = common::der(0xa3, &common::der(0x30, &all.concat()));
    });
    let r = run_der(dup);
    assert_eq!(
        issues(&r, 0),
        vec![K::DuplicateExtension],
        "{:#?}",
        r.errors
    );
    let rejected = &r.certificates[0].encoding_issues[0].rejected_by;
    assert!(
        rejected.iter().any(|c| c.starts_with("Go"))
            && rejected.iter().any(|c| c.starts_with("Java"))
    );

    // A UTCTime without seconds: Go refuses it.
    let short_time = leaf_with(|tbs| {
        let times = elements(content(&tbs[4]));
        let t = content(&times[0]);
        assert_eq!(t.len(), 13);
        let mut cut = t[..10].to_vec();
        cut.push(b'Z');
        tbs[4] = common::der(0x30, &[common::der(0x17, &cut), times[1].clone()].concat());
    });
    let r = run_der(short_time);
    assert_eq!(issues(&r, 0), vec![K::TimeFormat]);
    assert!(r.certificates[0].encoding_issues[0]
        .detail
        .contains("\"2606010000Z\""));

    // A non-minimal length (the validity SEQUENCE's length in long form): BER, not DER.
    let ber = leaf_with(|tbs| {
        let v = content(&tbs[4]).to_vec();
        let mut e = vec![0x30, 0x81, v.len() as u8];
        e.extend_from_slice(&v);
        tbs[4] = e;
    });
    let r = run_der(ber);
    assert_eq!(issues(&r, 0), vec![K::BerEncoding]);
    assert!(r.certificates[0].encoding_issues[0].rejected_by[0].starts_with("Go"));

    // A key BIT STRING declaring unused bits: OpenSSL clears them, Go shifts them.
    let bits = leaf_with(|tbs| {
        let spki = elements(content(&tbs[6]));
        let mut key = spki[1].clone();
        key[2] = 0x01; // the unused-bits octet of `03 42 00 04 ...`
        tbs[6] = common::der(0x30, &[spki[0].clone(), key].concat());
    });
    let r = run_der(bits);
    assert_eq!(issues(&r, 0), vec![K::KeyUnusedBits]);
    assert_eq!(r.certificates[0].encoding_issues[0].rejected_by.len(), 2);
}

/// PEM Base64 without padding, or URL-safe: openssl refuses both (generate.sh recorded it),
/// Go's encoding/pem too; certlens reads the certificate and says so.
#[test]
fn non_canonical_pem_base64_is_flagged() {
    let exp = strict();
    let name = exp["pem_base64_certificate"].as_str().unwrap();
    let clean = run(&[&format!("{name}.pem")]);
    for file in ["unpadded", "urlsafe"] {
        assert_eq!(exp["pem_base64_openssl_reads_it"][file], false);
        let r = run(&[&format!("{file}.pem")]);
        assert_eq!(r.certificates.len(), 1, "{file}");
        assert_eq!(
            r.certificates[0].fingerprint_sha256,
            clean.certificates[0].fingerprint_sha256
        );
        let i = &r.certificates[0].encoding_issues;
        assert_eq!(i.len(), 1, "{file}: {i:?}");
        assert_eq!(i[0].kind, certlens_core::EncodingIssueKind::PemBase64);
        assert_eq!(i[0].rejected_by.len(), 2);
        assert!(i[0].rejected_by.iter().any(|c| c == "OpenSSL"));
        let f = finding(&r, FindingCode::EncodingRejected);
        assert!(f.fix.contains("certlens chain"));
    }
}

/// Same name, no key identifier to tell them apart: only the signature says A's old key did not
/// issue the leaf (openssl: error 7, certificate signature failure). The finding says which,
/// and where the right issuer is published.
#[test]
fn a_same_name_intermediate_whose_signature_fails() {
    let exp = strict();
    assert_eq!(exp["openssl_verify"]["signature_fails"], "7");
    let r = run(&["signature-fails.pem"]);
    let ch = only_chain(&r);
    assert_eq!(ch.order[0], 0);
    assert_eq!(ch.links[0].parent, 1);
    assert_eq!(
        ch.links[0].signature,
        certlens_core::SignatureStatus::Invalid
    );
    let f = finding(&r, FindingCode::InvalidSignature);
    assert_eq!(f.severity, Severity::Error);
    assert!(
        f.fix
            .contains("#1 (certlens Strict Issuing CA A) is another certificate of that CA's name"),
        "{}",
        f.fix
    );
    assert!(
        f.fix.contains(exp["leaf_ca_issuers"].as_str().unwrap()),
        "{}",
        f.fix
    );
}

/// Two files dropped together: the strict leaf with intermediate B (which did not issue it) and
/// its root, and Amazon's public chain. The Amazon leaf is the real leaf there, so B heading
/// B → root is not "used as a leaf" (no SAN or CA:TRUE lint on it); the strict leaf is
/// unrelated, and the finding says why: its issuer (openssl's `-issuer`) is not in the input.
#[test]
fn an_intermediate_beside_a_real_chain_is_not_linted_as_a_leaf() {
    let exp = strict();
    let at = unix(exp["amazon_verify"]["at"].as_str().unwrap());
    let r = run_at(&["missing-middle.pem", "public-amazon.pem"], at);
    let lint = |code: FindingCode| {
        r.findings
            .iter()
            .any(|f| f.code == code && f.message.contains("Strict Issuing CA B"))
    };
    assert!(!lint(FindingCode::LeafWithoutSan), "{:?}", r.findings);
    assert!(!lint(FindingCode::LeafIsCa), "{:?}", r.findings);
    let f = finding(&r, FindingCode::UnrelatedCertificate);
    assert!(
        f.message.ends_with(&format!(
            "its issuer \"{}\" is not in it",
            exp["leaf_issuer"].as_str().unwrap()
        )),
        "{}",
        f.message
    );
}

/// A PKCS#3 Diffie-Hellman key (`openssl genpkey -algorithm DH`), private or public alone, is
/// named and sized as openssl names it (`DH Private-Key: (2048 bit)`), not by its OID.
#[test]
fn a_dh_key_is_named_as_openssl_names_it() {
    let exp = strict();
    let text = exp["dh_text"].as_str().unwrap();
    let (name, rest) = text.split_once(" Private-Key: (").unwrap();
    let bits: u32 = rest.trim_end_matches(" bit)").parse().unwrap();
    assert_eq!((name, bits), ("DH", 2048), "{text}");
    let r = run(&["dh.key", "dh.pub"]);
    assert!(r.errors.is_empty(), "{:#?}", r.errors);
    let private = r.private_keys[0].public_key.as_ref().expect("derived");
    let public = &r.public_keys[0].public_key;
    for d in [private, public] {
        assert_eq!(d.algorithm.as_str(), name.to_ascii_lowercase());
        assert_eq!(d.bits, Some(bits));
        assert_eq!(d.curve, None);
    }
    assert_eq!(
        r.private_keys[0].spki_sha256.as_deref(),
        exp["pins"]["dh"].as_str()
    );
}
