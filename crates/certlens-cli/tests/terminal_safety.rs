//! No text output of any command carries a raw control, bidi or invisible format character from
//! the input. From the review: ESC, BEL, CR/LF, C1 controls (U+009B) and bidi overrides (U+202E)
//! from subjects, SANs, URIs, PEM labels, DEK-Info, OpenSSH fields and YAML names reached the
//! terminal as they were; a CN that cleared the screen could draw a fake "no problems found".
//!
//! Every bad character is put in every text field the CLI prints (subject CN, SAN DNS name, URI
//! SAN, PEM label, DEK-Info, OpenSSH comment, YAML key and Secret names, the file name), and
//! every command runs on them.

#[path = "../../certlens-core/tests/common/mod.rs"]
mod common;
use common::der;

use base64::Engine;
use std::process::Command;

/// One of each: C0 (ESC, BEL, BS, CR, TAB), DEL, C1 (CSI, NEL), bidi (RLO, LRI, RLM, ALM),
/// invisible format characters (zero-width space, BOM).
const BAD: &[char] = &[
    '\x1b', '\x07', '\x08', '\r', '\t', '\x7f', '\u{9b}', '\u{85}', '\u{202e}', '\u{2066}',
    '\u{200f}', '\u{061c}', '\u{200b}', '\u{feff}',
];

/// The ASCII ones, for IA5String fields (DNS and URI SANs) and file names.
fn bad_ascii() -> String {
    BAD.iter().filter(|c| c.is_ascii()).collect()
}

fn bad_all() -> String {
    BAD.iter().collect()
}

/// What must never reach the terminal (a line break is the printer's own).
fn raw_hidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{061c}' | '\u{feff}')
}

/// Why `out` is not clean, if it is not.
fn dirty(what: &str, out: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(out);
    if let Some((i, c)) = text.char_indices().find(|(_, c)| raw_hidden(*c)) {
        let from = text[..i].char_indices().rev().nth(60).map_or(0, |(j, _)| j);
        return Some(format!("{what}: raw U+{:04X} after {:?}", c as u32, &text[from..i]));
    }
    // A line break inside a field is escaped too: the input's "next line" never starts a line.
    text.lines()
        .find(|l| l.starts_with("FAKE"))
        .map(|l| format!("{what}: input forged the line {l:?}"))
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    der(0x30, &parts.concat())
}

/// A certificate (its signature is junk: inspect reports it, and prints every field first)
/// whose CN, DNS SAN and URI SAN hold the bad characters.
fn hostile_certificate() -> Vec<u8> {
    let oid = |b: &[u8]| der(0x06, b);
    let cn = format!("evil{}X\nFAKE-LINE no problems found", bad_all());
    let name = |cn: &str| {
        der(
            0x30,
            &der(0x31, &seq(&[oid(&[0x55, 0x04, 0x03]), der(0x0c, cn.as_bytes())])),
        )
    };
    let ecdsa_sha256 = seq(&[oid(&[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02])]);
    // RFC 8032's first test public key.
    let ed_pub: Vec<u8> = (0..32)
        .map(|i| {
            u8::from_str_radix(
                &"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"[2 * i..2 * i + 2],
                16,
            )
            .unwrap()
        })
        .collect();
    let spki = seq(&[
        seq(&[oid(&[0x2b, 0x65, 0x70])]),
        der(0x03, &[&[0u8][..], &ed_pub].concat()),
    ]);
    let dns = format!("www{}.FAKE.example.com", bad_ascii());
    let uri = format!("https://x.example/{}\nFAKE-URI", bad_ascii());
    let sans = seq(&[der(0x82, dns.as_bytes()), der(0x86, uri.as_bytes())]);
    let san_ext = seq(&[oid(&[0x55, 0x1d, 0x11]), der(0x04, &sans)]);
    let tbs = seq(&[
        der(0xa0, &der(0x02, &[2])),
        der(0x02, &[0x01, 0x23]),
        ecdsa_sha256.clone(),
        name("evil issuer\x1b[2J\u{202e}"),
        seq(&[
            der(0x17, b"250101000000Z"),
            der(0x17, b"350101000000Z"),
        ]),
        name(&cn),
        spki,
        der(0xa3, &seq(&[san_ext])),
    ]);
    seq(&[tbs, ecdsa_sha256, der(0x03, &[0, 0x30, 0x06, 0x02, 0x01, 1, 0x02, 0x01, 1])])
}

fn pem(label: &str, headers: &str, body: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(body);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN {label}-----\n{headers}{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

/// An unencrypted openssh-key-v1 Ed25519 key whose comment holds the bad characters.
fn openssh_key() -> String {
    let s = |b: &[u8]| [&(b.len() as u32).to_be_bytes()[..], b].concat();
    let public = [0x11u8; 32];
    let pub_blob = [s(b"ssh-ed25519"), s(&public)].concat();
    let comment = format!("ops@evil{}X\nFAKE-SSH", bad_all());
    let mut private = [
        vec![1, 2, 3, 4, 1, 2, 3, 4],
        s(b"ssh-ed25519"),
        s(&public),
        s(&[[0x22u8; 32], public].concat()),
        s(comment.as_bytes()),
    ]
    .concat();
    let mut pad = 1u8;
    while private.len() % 8 != 0 {
        private.push(pad);
        pad += 1;
    }
    let blob = [
        b"openssh-key-v1\0".to_vec(),
        s(b"none"),
        s(b"none"),
        s(b""),
        1u32.to_be_bytes().to_vec(),
        s(&pub_blob),
        s(&private),
    ]
    .concat();
    let b64 = base64::engine::general_purpose::STANDARD.encode(blob);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(70)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN OPENSSH PRIVATE KEY-----\n{}\n-----END OPENSSH PRIVATE KEY-----\n",
        lines.join("\n")
    )
}

/// YAML double-quoted escapes for every bad character (`\e`, `\x9b`, `\u202e`, ...).
fn yaml_bad() -> String {
    BAD.iter()
        .map(|c| format!("\\u{:04x}", *c as u32))
        .collect::<String>()
        + "X\\nFAKE-YAML"
}

fn write_inputs(dir: &std::path::Path) -> Vec<String> {
    let cert = hostile_certificate();
    let cert_pem = pem("CERTIFICATE", "", &cert);
    let b64 = base64::engine::general_purpose::STANDARD.encode(cert_pem.as_bytes());
    let y = yaml_bad();
    let files: Vec<(String, String)> = vec![
        // The file name itself carries the ASCII ones.
        (format!("cert{}.pem", bad_ascii().replace('\r', "")), cert_pem.clone()),
        (
            "label.pem".into(),
            pem(&format!("EVIL{}LABEL", bad_all()), "", b"\x30\x03\x02\x01\x01"),
        ),
        (
            "dek.pem".into(),
            pem(
                "RSA PRIVATE KEY",
                &format!("Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC{},00FF\n\n", bad_all()),
                &[0u8; 32],
            ),
        ),
        ("id_ed25519".into(), openssh_key()),
        (
            "values.yaml".into(),
            format!(
                "certificate:\n  tls:\n    crt: {b64}\n  \"evil{y}\":\n    crt: {b64}\nsecrets:\n  certificate:\n    existingSecret: \"web{y}\"\n"
            ),
        ),
        (
            "secrets.yaml".into(),
            format!(
                "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: \"web{y}\"\n    namespace: \"ns{y}\"\n  type: kubernetes.io/tls\n  data:\n    tls.crt: {b64}\n    \"tls{y}.crt\": {b64}\n    tls.key: \"\"\n"
            ),
        ),
    ];
    files
        .into_iter()
        .map(|(name, body)| {
            let p = dir.join(name);
            std::fs::write(&p, body).unwrap();
            p.to_string_lossy().into_owned()
        })
        .collect()
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_certlens"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn no_command_prints_a_raw_control_or_bidi_character_from_the_input() {
    let dir = std::env::temp_dir().join(format!("certlens-tty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let files = write_inputs(&dir);
    let all: Vec<&str> = files.iter().map(String::as_str).collect();
    let now = ["--now", "2026-07-01T00:00:00Z"];
    let mut runs: Vec<(String, Vec<&str>)> = Vec::new();
    for cmd in ["inspect", "check", "doctor", "inventory"] {
        for f in &all {
            runs.push((format!("{cmd} {f}"), [&[cmd][..], &now, &[f]].concat()));
        }
        runs.push((format!("{cmd} (all)"), [&[cmd][..], &now, &all].concat()));
    }
    runs.push(("inspect --full".into(), [&["inspect", "--full"][..], &now, &all].concat()));
    let evil_host = format!("www{}.example.com", bad_all());
    runs.push((
        "check --host".into(),
        [&["check", "--host", &evil_host][..], &now, &all].concat(),
    ));
    for cmd in ["values", "pins", "chain"] {
        runs.push((cmd.into(), [&[cmd][..], &all].concat()));
    }
    // An unknown command and an unknown file name are echoed in errors.
    let evil_arg = format!("bad{}", bad_all());
    runs.push(("unknown command".into(), vec![evil_arg.as_str()]));
    runs.push(("missing file".into(), vec!["inspect", evil_arg.as_str()]));
    let mut problems = Vec::new();
    for (what, args) in &runs {
        let out = run(args);
        problems.extend(dirty(&format!("{what} (stdout)"), &out.stdout));
        problems.extend(dirty(&format!("{what} (stderr)"), &out.stderr));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // The fields are shown, escaped, rather than dropped.
    let out = run(&[&["inspect", "--full"][..], &now, &all].concat());
    let text = String::from_utf8_lossy(&out.stdout);
    for shown in [
        "evil\\x1b\\x07\\x08\\r\\t\\x7f\\u{9b}\\u{85}\\u{202e}\\u{2066}\\u{200f}\\u{61c}\\u{200b}\\u{feff}X\\nFAKE-LINE",
        "www\\x1b\\x07\\x08\\r\\t\\x7f.FAKE.example.com",
        "cert\\x1b\\x07\\x08\\t\\x7f.pem",
    ] {
        assert!(text.contains(shown), "{shown} not in:\n{text}");
    }
    let out = run(&[&["inventory"][..], &now, &[files[5].as_str()]].concat());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("ns\\x1b\\x07"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}
