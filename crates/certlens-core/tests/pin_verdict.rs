//! The pin verdict every front end shows (`output::pin_verdict`), over the openssl-made
//! fixtures: the pins come from tests/fixtures/expected.json, never from certlens itself.

use std::path::PathBuf;

use certlens_core::output::{choose_key, pin_verdict, KeyChoiceError, PinLevel};
use certlens_core::{inspect, timefmt, Input, Options, Report};
use serde_json::Value;

fn fixtures() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures"))
}

fn expected() -> Value {
    let text = std::fs::read_to_string(fixtures().join("expected.json")).expect("expected.json");
    serde_json::from_str(&text).expect("valid json")
}

fn pin(name: &str) -> String {
    expected()["certs"][name]["spki_sha256"]
        .as_str()
        .expect("pin")
        .to_string()
}

fn run(rels: &[&str], pins: Option<String>) -> Report {
    let inputs: Vec<Input> = rels
        .iter()
        .map(|r| Input::new(*r, std::fs::read(fixtures().join(r)).expect("fixture")))
        .collect();
    let now = timefmt::parse_rfc3339(expected()["fixed_now"].as_str().expect("now")).expect("now");
    let mut opts = Options::at(now);
    opts.expected_pins = pins;
    inspect(&inputs, &opts)
}

#[test]
fn values_yaml_list_is_a_rotation_pair_with_the_leaf() {
    // values.yaml pins rsa-leaf and a made-up key (expected.json: pin_matches [rsa-leaf, null]).
    let e = expected();
    let listed = &e["inputs"]["inputs/values.yaml"]["pinned_hashes"];
    let made_up = listed[1].as_str().expect("pin").to_string();
    assert_eq!(listed[0].as_str(), Some(pin("rsa-leaf").as_str()));
    let r = run(&["inputs/values.yaml"], None);
    let v = pin_verdict(&r).expect("a pin list was found");
    assert_eq!(v.level, PinLevel::Ok);
    assert!(
        v.headline
            .starts_with("Two pins: the leaf's key and one other"),
        "{}",
        v.headline
    );
    assert_eq!(v.entries.len(), 2);
    let (first, second) = (&v.entries[0], &v.entries[1]);
    assert_eq!(first.pin, pin("rsa-leaf"));
    assert_eq!(first.level, PinLevel::Ok);
    assert_eq!(
        first.description,
        "matches leaf certificate #0 (example.test), private key #0"
    );
    assert_eq!(second.pin, made_up);
    assert_eq!(second.level, PinLevel::Warning);
    assert!(
        second.description.starts_with("matches nothing"),
        "{}",
        second.description
    );
}

#[test]
fn invalid_entry_outranks_everything_and_is_said_once() {
    let list = format!(
        "- \"{}\"\n- {}\n- 1234",
        pin("rsa-leaf").to_uppercase(),
        "ab".repeat(32)
    );
    let r = run(&["certs/rsa-leaf.pem"], Some(list));
    let v = pin_verdict(&r).expect("verdict");
    assert_eq!(v.level, PinLevel::Error);
    assert!(
        v.headline.starts_with("1 entry is not a valid pin"),
        "{}",
        v.headline
    );
    let levels: Vec<PinLevel> = v.entries.iter().map(|e| e.level).collect();
    assert_eq!(levels, [PinLevel::Ok, PinLevel::Warning, PinLevel::Error]);
    // The invalid entry's reason is with the entry, not repeated among the notes.
    assert!(
        !v.notes.iter().any(|n| n.starts_with("pin 3 (1234)")),
        "{:?}",
        v.notes
    );
}

#[test]
fn pinned_ca_without_the_leaf_is_a_warning() {
    let r = run(
        &["certs/rsa-leaf.pem", "certs/rsa-int.pem"],
        Some(format!("- {}\n- {}", pin("rsa-int"), "ab".repeat(32))),
    );
    let v = pin_verdict(&r).expect("verdict");
    assert_eq!(v.level, PinLevel::Warning);
    assert!(
        v.headline.starts_with("The leaf is not pinned, a CA is"),
        "{}",
        v.headline
    );
    assert!(
        v.entries[0]
            .description
            .starts_with("matches CA certificate #1"),
        "{}",
        v.entries[0].description
    );
}

#[test]
fn no_list_no_verdict() {
    assert!(pin_verdict(&run(&["certs/rsa-leaf.pem"], None)).is_none());
}

#[test]
fn convert_key_takes_the_only_key_and_never_guesses_among_several() {
    let one = run(&["keys/rsa-leaf.key"], None);
    assert_eq!(choose_key(&one, None), Ok(0));
    let two = run(&["keys/rsa-leaf.key", "keys/rsa-int.key"], None);
    assert!(
        matches!(choose_key(&two, None), Err(KeyChoiceError::SeveralPrivateKeys { keys }) if keys.len() == 2)
    );
    assert_eq!(choose_key(&two, Some(1)), Ok(1));
    let none = run(&["certs/rsa-leaf.pem"], None);
    assert_eq!(
        choose_key(&none, None),
        Err(KeyChoiceError::NoPrivateKey { locked: None })
    );
}
