//! `certificate.security_pinned_hashes` lists as users paste them, against the real pins of
//! tests/fixtures (expected.json).

mod common;
use common::expected;

use certlens_core::{
    check_pins, entry_form_note, parse_pin_list, PinEntry, PinKind, PinMatch, PinTarget,
    RotationState, SINGLE_PIN_WARNING,
};
use serde_json::Value;

fn cert(e: &Value, name: &str, field: &str) -> String {
    e["certs"][name][field].as_str().expect(field).to_string()
}

struct Pins {
    leaf: String,
    leaf_b64: String,
    int: String,
    int_b64: String,
    root: String,
    leaf_fp256: String,
    leaf_fp1: String,
    made_up: String,
}

fn pins() -> Pins {
    let e = expected();
    let vals = &e["inputs"]["inputs/values.yaml"]["pinned_hashes"];
    Pins {
        leaf: cert(&e, "rsa-leaf", "spki_sha256"),
        leaf_b64: cert(&e, "rsa-leaf", "spki_sha256_base64"),
        int: cert(&e, "rsa-int", "spki_sha256"),
        int_b64: cert(&e, "rsa-int", "spki_sha256_base64"),
        root: cert(&e, "rsa-root", "spki_sha256"),
        leaf_fp256: cert(&e, "rsa-leaf", "fingerprint_sha256"),
        leaf_fp1: cert(&e, "rsa-leaf", "fingerprint_sha1"),
        made_up: vals[1].as_str().expect("pin").to_string(),
    }
}

/// The rsa chain as pin targets: leaf, intermediate, root, and the leaf's private key.
fn rsa_targets() -> Vec<PinTarget> {
    let e = expected();
    let t = |kind: PinKind, index: usize, name: &str, is_leaf: bool| PinTarget {
        kind,
        index,
        label: cert(&e, name, "subject"),
        spki_sha256: cert(&e, name, "spki_sha256"),
        is_leaf,
    };
    let mut key = t(PinKind::PrivateKey, 0, "rsa-leaf", false);
    key.label = "keys/rsa-leaf.key".to_string();
    key.spki_sha256 = e["keys"]["keys/rsa-leaf.key"]["spki_sha256"]
        .as_str()
        .expect("key pin")
        .to_uppercase();
    vec![
        t(PinKind::Certificate, 0, "rsa-leaf", true),
        t(PinKind::Certificate, 1, "rsa-int", false),
        t(PinKind::Certificate, 2, "rsa-root", false),
        key,
    ]
}

fn normalized(entries: &[PinEntry]) -> Vec<Option<String>> {
    entries.iter().map(|e| e.normalized.clone()).collect()
}

fn colons(hex: &str) -> String {
    hex.as_bytes()
        .chunks(2)
        .map(|c| std::str::from_utf8(c).expect("ascii").to_uppercase())
        .collect::<Vec<_>>()
        .join(":")
}

#[test]
fn list_shapes_all_parse_to_the_same_pins() {
    let p = pins();
    let (a, b) = (&p.leaf, &p.made_up);
    let want = vec![Some(a.clone()), Some(b.clone())];
    let shapes = [
        format!("- {a}\n- {b}\n"),
        format!("- '{a}'\n- \"{b}\"\n"),
        format!("security_pinned_hashes:\n  - \"{a}\"\n  - '{b}'\n"),
        format!("  security_pinned_hashes:   \n    -   {a}   \n\n    - {b}\n"),
        format!("[\"{a}\", \"{b}\"]"),
        format!("security_pinned_hashes: [ '{a}' ,'{b}' ]"),
        format!("security_pinned_hashes: [{a},{b}]"),
        format!("{a},{b}"),
        format!("{a}, {b}"),
        format!("{a} {b}"),
        format!("{a}\n{b}"),
        format!("{a}\r\n{b}\r\n"),
        format!("{a};{b}"),
        format!("{}\n{}", a.to_uppercase(), b.to_uppercase()),
        format!("sha256:{a}\nSHA256:{b}"),
        format!("sha256//{a}, sha256/{b}"),
        format!("- sha256: {a}\n- sha256: {b}"),
        format!("pin-sha256=\"{}\"\n{b}", p.leaf_b64),
        format!("{}\n{b}", p.leaf_b64),
        format!("- \"{}\"  # current leaf\n- \"{b}\"  # next key\n", p.leaf_b64),
        format!("LIGHTRUN_SECURITY_PINNED_HASHES={a},{b}"),
        format!("LIGHTRUN_SECURITY_PINNED_HASHES=\"{a},{b}\""),
        format!("--set certificate.security_pinned_hashes={{{a},{b}}}"),
        format!("{{\"certificate\": {{\"security_pinned_hashes\": [\"{a}\", \"{b}\"]}}}}"),
        format!("certificate:\n  existing_cert: \"\"\n  security_pinned_hashes:\n    - {a}\n    - {b}\n"),
        format!("# pins\n`{a}`\n\u{201c}{b}\u{201d}\n"),
        format!("\u{feff}{a}\\n{b}"),
        format!("{}\n{b}", colons(a)),
        format!("SHA256 Fingerprint={}\n{b}", colons(a)),
    ];
    for text in &shapes {
        let entries = parse_pin_list(text);
        assert_eq!(normalized(&entries), want, "{text:?} -> {entries:?}");
        assert!(entries.iter().all(|e| e.error.is_none()), "{text:?}");
    }
}

#[test]
fn base64_pins_are_normalised_to_hex() {
    let p = pins();
    let url_safe = p.int_b64.replace('+', "-").replace('/', "_");
    let unpadded = p.int_b64.trim_end_matches('=').to_string();
    for text in [
        p.int_b64.clone(),
        url_safe,
        unpadded,
        format!("sha256//{}", p.int_b64),
    ] {
        let entries = parse_pin_list(&text);
        assert_eq!(entries.len(), 1, "{text}");
        assert_eq!(
            entries[0].normalized.as_deref(),
            Some(p.int.as_str()),
            "{text}"
        );
        assert_eq!(entries[0].error, None);
        assert_eq!(entries[0].raw, text);
        assert_eq!(
            entry_form_note(&entries[0]).as_deref(),
            Some("given in Base64, normalised to hex")
        );
    }
    let hex = parse_pin_list(&p.int);
    assert_eq!(entry_form_note(&hex[0]), None);
}

#[test]
fn colon_separated_fingerprints_are_accepted_with_a_note() {
    let p = pins();
    // certutil-style: bytes separated by spaces on one line.
    let spaced = p
        .root
        .as_bytes()
        .chunks(2)
        .map(|c| std::str::from_utf8(c).expect("ascii"))
        .collect::<Vec<_>>()
        .join(" ");
    for text in [colons(&p.root), colons(&p.root).to_lowercase(), spaced] {
        let entries = parse_pin_list(&text);
        assert_eq!(entries.len(), 1, "{text}");
        assert_eq!(entries[0].normalized.as_deref(), Some(p.root.as_str()));
        assert_eq!(
            entry_form_note(&entries[0]).as_deref(),
            Some("given as colon-separated bytes, normalised to hex")
        );
    }
}

#[test]
fn every_kind_of_mistake_gets_a_message() {
    let p = pins();
    let leaf = &p.leaf;
    let mut g = leaf.clone();
    g.replace_range(4..5, "g");
    let cases: Vec<(String, &str)> = vec![
        (
            p.leaf_fp1.clone(),
            "this is 40 hex digits: a SHA-1, not SHA-256",
        ),
        (colons(&p.leaf_fp1), "a SHA-1, not SHA-256"),
        (format!("sha1:{}", p.leaf_fp1), "a SHA-1 pin"),
        (
            leaf[..63].to_string(),
            "63 hex digits: one digit is missing",
        ),
        (format!("{leaf}a"), "65 hex digits: one digit too many"),
        (
            leaf[..62].to_string(),
            "62 hex digits; a SHA-256 pin has 64",
        ),
        (leaf[..32].to_string(), "32 hex digits: an MD5"),
        (
            format!("{leaf}{}", p.made_up),
            "two SHA-256 pins run together",
        ),
        (
            format!("{leaf}{}", &p.made_up[..32]),
            "96 hex digits: a SHA-384",
        ),
        (g, "'g' at position 5 is not a hexadecimal digit"),
        (
            format!("{}xyz", &leaf[..10]),
            "'x' at position 11 is not a hexadecimal digit; the entry is 13 characters long",
        ),
        ("sha256:".to_string(), "nothing after the prefix"),
        (
            "Qn31aNLlfTIeam6qFt7O2MG9oKPqKvC7ZfloujxD2U=".to_string(),
            "not valid Base64",
        ),
        (
            "AAAAAAAAAAAAAAAAAAAAAAAAAAA=".to_string(),
            "Base64 of 20 bytes: a SHA-1",
        ),
        (
            "AAAAAAAAAAAAAAAAAAAAAA==".to_string(),
            "Base64 that decodes to 16 bytes",
        ),
        (colons(&leaf[..60]), "30 colon-separated bytes"),
        (
            "not-a-pin".to_string(),
            "'n' at position 1 is not a hexadecimal digit",
        ),
        (
            format!("{}\u{a0}{}", &leaf[..30], &leaf[30..]),
            "30 hex digits; a SHA-256 pin has 64",
        ),
    ];
    for (text, want) in &cases {
        let entries = parse_pin_list(text);
        assert!(!entries.is_empty(), "{text}");
        let e = entries
            .iter()
            .find(|e| e.error.is_some())
            .unwrap_or_else(|| panic!("{text}: {entries:?}"));
        assert!(
            e.error.as_deref().is_some_and(|m| m.contains(want)),
            "{text}: {e:?} should say {want:?}"
        );
        assert_eq!(e.normalized, None);
    }
}

#[test]
fn empty_lists() {
    for text in [
        "",
        "   \n\n",
        "[]",
        "security_pinned_hashes: []",
        "security_pinned_hashes:",
        "# none\n",
        "- ",
        "~",
        "null",
        "\"\"",
    ] {
        assert_eq!(parse_pin_list(text), vec![], "{text:?}");
    }
    let check = check_pins(vec![], &rsa_targets());
    assert_eq!(check.rotation, RotationState::Empty);
    assert!(check.matches.is_empty() && check.unmatched_entries.is_empty() && !check.leaf_pinned);
    assert_eq!(check.unpinned_certificates, vec![0, 1, 2]);
    assert!(check
        .messages
        .iter()
        .any(|m| m.contains("the list is empty")));
}

#[test]
fn values_yaml_fixture_pins() {
    let e = expected();
    let fixture = &e["inputs"]["inputs/values.yaml"];
    let want: Vec<String> = fixture["pinned_hashes"]
        .as_array()
        .expect("pins")
        .iter()
        .map(|v| v.as_str().expect("pin").to_string())
        .collect();
    let yaml = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/inputs/values.yaml"
    ))
    .expect("values.yaml");
    // The user pastes the key line and its list, as copied from the file.
    let lines: Vec<&str> = yaml.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.contains("security_pinned_hashes:"))
        .expect("key line");
    let mut paste = vec![lines[start]];
    paste.extend(
        lines[start + 1..]
            .iter()
            .take_while(|l| l.trim_start().starts_with("- ")),
    );
    let paste = paste.join("\n");
    let entries = parse_pin_list(&paste);
    assert_eq!(
        normalized(&entries),
        want.iter().cloned().map(Some).collect::<Vec<_>>()
    );

    let targets = rsa_targets();
    let check = check_pins(entries, &targets);
    // pin_matches: [rsa-leaf, null]
    assert_eq!(fixture["pin_matches"][0], "rsa-leaf");
    assert!(fixture["pin_matches"][1].is_null());
    assert_eq!(
        check.matches,
        vec![PinMatch {
            entry: 0,
            pin: want[0].clone(),
            targets: vec![0, 3]
        }]
    );
    assert_eq!(check.unmatched_entries, vec![1]);
    assert_eq!(check.unpinned_certificates, vec![1, 2]);
    assert!(check.leaf_pinned);
    assert!(check.duplicates.is_empty());
    assert_eq!(check.rotation, RotationState::OldAndNew);
    let line = check
        .messages
        .iter()
        .find(|m| m.contains("the old or the next key"))
        .expect("rotation line");
    assert!(line.starts_with("pin 1 matches the current leaf (CN=example.test,O=certlens test), private key keys/rsa-leaf.key; pin 2 matches nothing here"), "{line}");
}

#[test]
fn single_pin_warns_about_rotation() {
    let p = pins();
    let check = check_pins(parse_pin_list(&format!("- {}", p.leaf_b64)), &rsa_targets());
    assert_eq!(check.rotation, RotationState::SinglePin);
    assert!(check.leaf_pinned);
    assert_eq!(check.matches[0].pin, p.leaf);
    assert!(check.messages.iter().any(|m| m == SINGLE_PIN_WARNING));
    assert_eq!(
        SINGLE_PIN_WARNING,
        "only one pin: a key rotation will break clients that pin; add the new key's pin before rotating"
    );
    assert!(check
        .messages
        .iter()
        .any(|m| m == "pin 1: given in Base64, normalised to hex"));
}

#[test]
fn duplicates_are_found_across_forms() {
    let p = pins();
    let text = format!("{}\n{}\n{}\n{}", p.leaf, p.leaf_b64, colons(&p.leaf), p.int);
    let check = check_pins(parse_pin_list(&text), &rsa_targets());
    assert_eq!(check.duplicates, vec![1, 2]);
    assert!(check.messages.iter().any(|m| m == "pin 2 repeats pin 1"));
    assert!(check.messages.iter().any(|m| m == "pin 3 repeats pin 1"));
    // Two distinct pins, both matching keys here.
    assert_eq!(check.rotation, RotationState::OldAndNew);
    assert!(check
        .messages
        .iter()
        .any(|m| m.starts_with("both pins match keys here")));
    assert_eq!(check.matches.len(), 4);
}

#[test]
fn multiple_pins_and_ca_only_pinning() {
    let p = pins();
    let text = format!("{}, {}, {}", p.int, p.root, p.made_up);
    let check = check_pins(parse_pin_list(&text), &rsa_targets());
    assert_eq!(check.rotation, RotationState::Multiple);
    assert!(!check.leaf_pinned);
    assert_eq!(check.unpinned_certificates, vec![0]);
    assert_eq!(check.unmatched_entries, vec![2]);
    assert!(check.messages.iter().any(|m| m == "3 distinct pins"));
    assert!(check
        .messages
        .iter()
        .any(|m| m.contains("the leaf is not pinned, a CA is")));
}

#[test]
fn certificate_fingerprint_instead_of_pin() {
    let p = pins();
    let text = format!("SHA256 Fingerprint={}", colons(&p.leaf_fp256));
    let check = check_pins(parse_pin_list(&text), &rsa_targets());
    assert_eq!(
        check.entries[0].normalized.as_deref(),
        Some(p.leaf_fp256.as_str())
    );
    assert_eq!(check.unmatched_entries, vec![0]);
    assert!(check.messages.iter().any(|m| m
        .starts_with("pin 1 matches nothing here; colon-separated hex")
        && m.contains("certificate fingerprint, which is not a pin")));
    // A colon-separated pin that does match gets no such warning.
    let ok = check_pins(parse_pin_list(&colons(&p.leaf)), &rsa_targets());
    assert!(ok.leaf_pinned);
    assert!(!ok.messages.iter().any(|m| m.contains("not a pin")));
    assert!(check
        .messages
        .iter()
        .any(|m| m.contains("no pin matches any certificate here")));
    assert!(check.messages.iter().any(|m| m == SINGLE_PIN_WARNING));
}

#[test]
fn neither_pin_matches_and_invalid_entries() {
    let p = pins();
    let text = format!("{}\n{}\n{}", p.made_up, p.leaf_fp1, p.leaf_fp256);
    let check = check_pins(parse_pin_list(&text), &rsa_targets());
    assert_eq!(check.rotation, RotationState::OldAndNew);
    assert_eq!(check.unmatched_entries, vec![0, 2]);
    assert!(check
        .messages
        .iter()
        .any(|m| m.starts_with("pin 2 (") && m.contains("a SHA-1, not SHA-256")));
    assert!(check
        .messages
        .iter()
        .any(|m| m == "neither pin matches anything here (pins 1 and 3)"));

    let only_bad = check_pins(parse_pin_list(&p.leaf_fp1), &rsa_targets());
    assert_eq!(only_bad.rotation, RotationState::Empty);
    assert!(only_bad
        .messages
        .iter()
        .any(|m| m.contains("no usable pin among the 1 entry")));

    let nothing_loaded = check_pins(parse_pin_list(&p.leaf), &[]);
    assert!(nothing_loaded
        .messages
        .iter()
        .any(|m| m.contains("nothing loaded")));
    assert_eq!(nothing_loaded.unmatched_entries, vec![0]);
}

#[test]
fn never_panics_on_odd_input() {
    let alphabet: Vec<char> = "0aF:-_/+=,[]{}\"' \n#éü\u{301}sha256pin\\"
        .chars()
        .collect();
    let targets = rsa_targets();
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..3000 {
        let mut s = String::new();
        for _ in 0..(x % 90) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            s.push(alphabet[(x % alphabet.len() as u64) as usize]);
        }
        let entries = parse_pin_list(&s);
        for e in &entries {
            let _ = entry_form_note(e);
        }
        let _ = check_pins(entries, &targets);
    }
    for s in [
        "sha256:sha256:",
        "pin-sha256=",
        "'",
        "\"",
        "- - -",
        "::::",
        "a:",
        "=",
        "==",
        "[[[",
        "é:é",
        "\u{0}",
    ] {
        let _ = check_pins(parse_pin_list(s), &[]);
    }
}

#[test]
fn large_paste_stays_fast() {
    let p = pins();
    let text =
        format!("- \"{}\"\n", p.leaf).repeat(20_000) + &format!("{},", p.made_up).repeat(20_000);
    let start = std::time::Instant::now();
    let check = check_pins(parse_pin_list(&text), &rsa_targets());
    assert_eq!(check.entries.len(), 40_000);
    assert_eq!(check.duplicates.len(), 39_998);
    assert_eq!(check.rotation, RotationState::OldAndNew);
    assert!(start.elapsed().as_secs() < 10);
}
