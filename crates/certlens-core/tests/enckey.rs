//! Backend encryption keys (CHART-FACTS.md "Encryption keys"): Base64 of 32 random bytes, 44
//! characters, as `openssl rand -base64 32` prints. Known answers computed from fixed bytes.

use certlens_core::enckey::{check_key, encode_key, rotation_plan, KeyCheck};

/// Key known answers: (bytes, standard padded Base64).
fn zero() -> ([u8; 32], &'static str) {
    ([0u8; 32], "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
}
fn counting() -> ([u8; 32], &'static str) {
    let mut b = [0u8; 32];
    for (i, v) in b.iter_mut().enumerate() {
        *v = i as u8;
    }
    (b, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
}
fn plus_slash() -> ([u8; 32], &'static str) {
    ([0xfb; 32], "+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/v7+/s=")
}

fn assert_ok(c: &KeyCheck, want: &str) {
    assert!(c.ok, "{c:?}");
    assert!(c.problems.is_empty(), "{c:?}");
    assert_eq!(c.normalized.as_deref(), Some(want), "{c:?}");
}

fn assert_problem(c: &KeyCheck, says: &str, normalized: Option<&str>) {
    assert!(!c.ok, "{c:?}");
    assert!(
        c.problems.iter().any(|p| p.contains(says)),
        "{c:?} should say {says:?}"
    );
    assert_eq!(c.normalized.as_deref(), normalized, "{c:?}");
}

#[test]
fn encode_key_known_answers() {
    for (bytes, b64) in [
        zero(),
        counting(),
        plus_slash(),
        ([0xff; 32], "//////////////////////////////////////////8="),
    ] {
        let k = encode_key(&bytes);
        assert_eq!(k, b64);
        assert_eq!(k.len(), 44);
        assert!(k.ends_with('='));
    }
}

#[test]
fn valid_keys() {
    for (bytes, b64) in [zero(), counting(), plus_slash()] {
        let c = check_key(b64);
        assert_ok(&c, b64);
        assert!(c.hints.is_empty(), "{c:?}");
        assert_eq!(check_key(&encode_key(&bytes)), c);
    }
}

#[test]
fn surrounding_whitespace_quotes_and_prefixes_are_ok_with_a_hint() {
    let (_, k) = counting();
    let cases = [
        (format!("{k}\n"), "trailing line break"),
        (format!("{k}\r\n"), "trailing line break"),
        (format!("  {k}  "), "surrounding spaces"),
        (format!("\t{k}"), "surrounding spaces"),
        (format!("\"{k}\""), "surrounding quotes"),
        (format!("'{k}'\n"), "surrounding quotes"),
        (format!("{k}\\n"), "literal \\n escape"),
        (
            format!("encryption-key-0: {k}"),
            "took the value after `encryption-key-0`",
        ),
        (
            format!("  userEncryptionKey: \"{k}\"\n"),
            "took the value after `userEncryptionKey`",
        ),
        (
            format!("ENCRYPTION_KEY={k}"),
            "took the value after `ENCRYPTION_KEY`",
        ),
        (format!("\u{feff}{k}"), ""),
    ];
    for (text, hint) in &cases {
        let c = check_key(text);
        assert_ok(&c, k);
        if !hint.is_empty() {
            assert!(c.hints.iter().any(|h| h.contains(hint)), "{text:?}: {c:?}");
        }
    }
    let c = check_key(&format!("{k}\n"));
    assert!(c.hints[0].contains("`echo` adds one"), "{c:?}");
}

#[test]
fn double_encoded_key_from_a_secret_data_field() {
    let (_, k) = counting();
    // base64 of the 44-character text, as `kubectl get secret -o yaml` shows under data:
    let c = check_key("QUFFQ0F3UUZCZ2NJQ1FvTERBME9EeEFSRWhNVUZSWVhHQmthR3h3ZEhoOD0=");
    assert_problem(&c, "double encoded", Some(k));
    assert!(c.problems[0].contains(k));
    // `echo KEY | base64`: the inner text carries echo's newline.
    let c = check_key("QUFFQ0F3UUZCZ2NJQ1FvTERBME9EeEFSRWhNVUZSWVhHQmthR3h3ZEhoOD0K");
    assert_problem(&c, "double encoded", Some(k));
    assert!(
        c.problems
            .iter()
            .any(|p| p.contains("inner text ends with a line break")),
        "{c:?}"
    );
    // Base64 of a hex key.
    let c = check_key(
        "MDAwMTAyMDMwNDA1MDYwNzA4MDkwYTBiMGMwZDBlMGYxMDExMTIxMzE0MTUxNjE3MTgxOTFhMWIxYzFkMWUxZg==",
    );
    assert_problem(&c, "Base64 of a 64-digit hex key", Some(k));
}

#[test]
fn hex_key() {
    let (_, k) = counting();
    let hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    let c = check_key(hex);
    assert_problem(&c, "this is hex (64 hex digits = 32 bytes); the chart wants Base64 — here is the same key in Base64", Some(k));
    assert!(c.problems[0].ends_with(k));
    assert_problem(&check_key(&hex.to_uppercase()), "this is hex", Some(k));
}

#[test]
fn thirty_two_characters_of_text() {
    let c = check_key("my-very-secret-passphrase-123456");
    assert_problem(
        &c,
        "32 characters of text, not Base64 of 32 random bytes",
        None,
    );
    assert!(c
        .hints
        .iter()
        .any(|h| h.contains("openssl rand -base64 32")));
    let c = check_key("abcdefghijklmnopqrstuvwxyzABCDEF");
    assert_problem(&c, "read as Base64 it is only 24 bytes", None);
    let c = check_key("0123456789abcdef0123456789abcdef");
    assert_problem(&c, "only 16 bytes, as `openssl rand -hex 16` prints", None);
}

#[test]
fn wrong_decoded_length() {
    assert_problem(
        &check_key("AAAAAAAAAAAAAAAAAAAAAA=="),
        "decodes to 16 bytes; the key must be exactly 32 bytes",
        None,
    );
    assert_problem(
        &check_key("AAAAAAAAAAAAAAAAAAAAAA=="),
        "`openssl rand -base64 16`",
        None,
    );
    assert_problem(
        &check_key("q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6ur"),
        "decodes to 48 bytes",
        None,
    );
    assert_problem(&check_key("AAAA"), "decodes to 3 bytes", None);
    assert_problem(&check_key("AA=="), "decodes to 1 byte;", None);
}

#[test]
fn url_safe_alphabet() {
    let (_, k) = plus_slash();
    let url = k.replace('+', "-").replace('/', "_");
    assert_problem(&check_key(&url), "URL-safe Base64 alphabet", Some(k));
    // URL-safe and unpadded, as JWT-style tools print it.
    let c = check_key(url.trim_end_matches('='));
    assert_problem(&c, "URL-safe", Some(k));
    assert_problem(&c, "missing '=' padding", Some(k));
    let mixed = format!("-{}", &k[1..]);
    assert_problem(&check_key(&mixed), "mixes the URL-safe", None);
}

#[test]
fn missing_or_excess_padding() {
    let (_, k) = counting();
    let c = check_key(k.trim_end_matches('='));
    assert_problem(&c, "missing '=' padding: Base64 of this length ends with 1 '=' (a key is 44 characters, the last one '=')", Some(k));
    assert_eq!(c.problems.len(), 1);
    assert_problem(
        &check_key(&format!("{k}=")),
        "2 '=' at the end where 1 belong",
        None,
    );
    assert_problem(&check_key(&format!("{k}==")), "3 '=' at the end", None);
}

#[test]
fn non_base64_characters_are_named() {
    let (_, k) = counting();
    let mut bang = k.to_string();
    bang.replace_range(9..10, "!");
    assert_problem(
        &check_key(&bang),
        "'!' at position 10 is not a Base64 character",
        None,
    );
    let mut e = k.to_string();
    e.replace_range(0..1, "é");
    assert_problem(&check_key(&e), "'é' (U+00E9) at position 1", None);
    assert_problem(
        &check_key(&format!("{}.{}", &k[..20], &k[21..])),
        "'.' at position 21",
        None,
    );
}

#[test]
fn damaged_values() {
    let (_, k) = zero();
    // '=' in the middle; two keys pasted together.
    assert_problem(
        &check_key(&format!("{}={}", &k[..20], &k[21..])),
        "'=' at position 21 inside the value",
        None,
    );
    let (_, k2) = counting();
    assert_problem(
        &check_key(&format!("{k}{k2}")),
        "two 44-character keys run together",
        None,
    );
    // The last character sets bits that Base64 of 32 bytes never sets.
    assert_problem(
        &check_key("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB="),
        "the last character 'B' (position 43)",
        None,
    );
    // Impossible length.
    assert_problem(
        &check_key(&"A".repeat(41)),
        "41 characters cannot be Base64",
        None,
    );
    // Broken across lines when copied: fixable.
    let wrapped = format!("{}\n{}", &k2[..20], &k2[20..]);
    assert_problem(
        &check_key(&wrapped),
        "spaces or line breaks inside",
        Some(k2),
    );
    assert_problem(
        &check_key(&format!("{} {}", &k2[..20], &k2[20..])),
        "one unbroken line",
        Some(k2),
    );
}

#[test]
fn empty_values() {
    for s in ["", "   ", "\n", "\"\"", "''", "encryption-key-0:"] {
        let c = check_key(s);
        assert!(!c.ok, "{s:?}");
        assert_eq!(c.normalized, None);
        assert!(!c.problems.is_empty(), "{s:?}");
    }
    assert_problem(&check_key("\"\""), "the value is empty", None);
}

#[test]
fn never_panics() {
    let alphabet: Vec<char> = "AQgw+/-_=\"' \n\\né\u{301}\u{0}:0f".chars().collect();
    let mut x: u64 = 0x1234_5678_9abc_def1;
    for _ in 0..5000 {
        let mut s = String::new();
        for _ in 0..(x % 100) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            s.push(alphabet[(x % alphabet.len() as u64) as usize]);
        }
        let c = check_key(&s);
        assert_eq!(c.ok, c.problems.is_empty() && c.normalized.is_some());
        if let Some(n) = &c.normalized {
            assert!(check_key(n).ok, "{s:?} -> {n:?}");
        }
        let _ = rotation_plan(
            &s,
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            &s,
            Some(&s),
        );
    }
    let _ = check_key(&"A".repeat(1_000_000));
}

#[test]
fn rotation_plan_lists_keys_values_and_notes() {
    let (_, old) = zero();
    let (_, new) = counting();
    let plan = rotation_plan(
        &format!("{old}\n"),
        new,
        " lightrun-backend-secrets ",
        Some("lightrun"),
    )
    .expect("plan");
    assert_eq!(plan.secret_name, "lightrun-backend-secrets");
    assert_eq!(plan.namespace.as_deref(), Some("lightrun"));
    assert_eq!(
        plan.keys,
        vec![
            ("encryption-key-0".to_string(), old.to_string()),
            ("encryption-key-1".to_string(), new.to_string())
        ]
    );
    assert_eq!(
        plan.values_yaml_lines,
        [
            "general:",
            "  deploy_secrets:",
            "    enabled: false",
            "    existing_secrets:",
            "      backend: lightrun-backend-secrets"
        ]
    );
    let notes = plan.notes.join("\n");
    for must in [
        "under `stringData` as the 44-character text",
        "under `data` each would have to be Base64-encoded once more",
        "highest encryption-key-N",
        "keeps the older ones for decryption",
        "other mandatory fields (database, keycloak, license...)",
        "this is not a complete Secret",
        "in namespace lightrun",
        "`general.deploy_secrets.enabled: false`",
        "`general.deploy_secrets.existing_secrets.backend: lightrun-backend-secrets`",
        "`secrets.keysEncryption.userEncryptionKey`",
        "`secrets.keysEncryption.rotateKey: true`",
        "not for production or GitOps",
    ] {
        assert!(notes.contains(must), "notes lack {must:?}:\n{notes}");
    }
    let plan = rotation_plan(old, new, "lightrun-backend", None).expect("plan");
    assert_eq!(plan.namespace, None);
    assert_eq!(
        rotation_plan(old, new, "lightrun-backend", Some("  "))
            .expect("plan")
            .namespace,
        None
    );
}

#[test]
fn rotation_plan_errors() {
    let (_, old) = zero();
    let (_, new) = counting();
    let same = rotation_plan(old, &format!(" {old} "), "s", None)
        .unwrap_err()
        .to_string();
    assert!(
        same.contains("the old and the new key are the same"),
        "{same}"
    );
    let double = rotation_plan(
        "QUFFQ0F3UUZCZ2NJQ1FvTERBME9EeEFSRWhNVUZSWVhHQmthR3h3ZEhoOD0=",
        new,
        "s",
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(
        double.starts_with("the old key (encryption-key-0) is not usable: double encoded"),
        "{double}"
    );
    let hex = rotation_plan(
        old,
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
        "s",
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(
        hex.starts_with("the new key (encryption-key-1) is not usable: this is hex"),
        "{hex}"
    );
    assert!(rotation_plan(old, new, "  ", None)
        .unwrap_err()
        .to_string()
        .contains("a Secret name is needed"));
    assert!(rotation_plan(old, new, "Lightrun_Backend", None)
        .unwrap_err()
        .to_string()
        .contains("contains 'L'"));
    assert!(rotation_plan(old, new, "-backend", None)
        .unwrap_err()
        .to_string()
        .contains("must start and end"));
    assert!(rotation_plan(old, new, &"a".repeat(254), None)
        .unwrap_err()
        .to_string()
        .contains("at most 253"));
    assert!(rotation_plan(old, new, "backend", Some("my.ns"))
        .unwrap_err()
        .to_string()
        .contains("namespace \"my.ns\" contains '.'"));
}
