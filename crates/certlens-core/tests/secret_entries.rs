//! A Secret with very many entries is read and inventoried (issue 26, item 4: 120,000 entries
//! ran past 318 s of CPU). The outcome is asserted, not the time; criterion's
//! `worst_cases` bench measures it.

use base64::Engine as _;
use certlens_core::{inventory, Input, InventoryOptions};

const NOW: i64 = 1_782_864_000;

fn secret(n: usize, value: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(value);
    let mut out = String::from(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: many\n  namespace: t\ntype: Opaque\ndata:\n",
    );
    for i in 0..n {
        out.push_str(&format!("  entry-{i}.txt: {b64}\n"));
    }
    out
}

#[test]
fn a_secret_of_120000_entries_is_read() {
    let inv = inventory(
        &[Input::new("many.yaml", secret(120_000, b"not a certificate"))],
        &InventoryOptions::at(NOW),
    );
    assert_eq!(inv.secrets, 1);
    assert_eq!(inv.secrets_with_certificates, 0);
    assert!(inv.rows.is_empty() && inv.errors.is_empty(), "{:?}", inv.errors.first());
}

#[test]
fn a_secret_of_3000_copies_of_a_certificate_is_one_row() {
    let cert = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/strict/leaf.pem"
    ))
    .expect("fixture");
    let text = secret(3_000, &cert).replace(".txt:", ".pem:");
    let inv = inventory(&[Input::new("certs.yaml", text)], &InventoryOptions::at(NOW));
    assert_eq!(inv.secrets, 1);
    // The 3,000 copies are one certificate: one row, from the first entry.
    assert_eq!(inv.rows.len(), 1, "{:?}", inv.errors.first());
    assert_eq!(inv.rows[0].key, "entry-0.pem");
    assert!(inv.rows.iter().all(|r| r.namespace == "t"));
}
