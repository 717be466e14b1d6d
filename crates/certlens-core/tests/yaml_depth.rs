//! YAML nested far past the loader's depth limit, by every construct the loader recurses on,
//! ends in a clear message naming the file and line, in every path that reads YAML (inspect,
//! doctor, inventory), and never overflows the stack.
//!
//! From the review: `x:` followed by 10,000 `- ? ` (complex keys) aborted the process (SIGABRT),
//! because the old check counted spaces and dashes and yaml-rust2's loader recurses per level.

use certlens_core::{doctor, inspect, inventory, DoctorOptions, Input, InventoryOptions, Options};

const LEVELS: usize = 100_000;

/// One hostile document per construct, each nested `LEVELS` deep (or, where the text of
/// `LEVELS` levels would pass the 8 MB size limit, as deep as fits under it).
fn hostile() -> Vec<(&'static str, String)> {
    let mut indented = String::from("certificate:\n");
    // Block maps by indentation: the text grows with the square of the depth, so 3,000
    // levels (4.5 MB) is as deep as this construct gets under the size limit.
    for i in 0..3000 {
        indented.push_str(&" ".repeat(i + 1));
        indented.push_str("a:\n");
    }
    let mut aliases = String::from("a0: &a0 [x]\n");
    // Each anchor nests the previous one 60 levels deeper: short text, deep once expanded.
    for k in 1..(LEVELS / 60 + 1) {
        aliases.push_str(&format!(
            "a{k}: &a{k} {}*a{}{}\n",
            "[".repeat(60),
            k - 1,
            "]".repeat(60)
        ));
    }
    vec![
        ("complex-keys.yaml", format!("x:\n{}a\n", "- ? ".repeat(LEVELS))),
        ("keys.yaml", format!("x:\n{}a\n", "? ".repeat(LEVELS))),
        ("dashes.yaml", format!("x:\n{}a\n", "- ".repeat(LEVELS))),
        (
            "dash-lines.yaml",
            // One `- ` per line, each a column deeper (as deep as fits under the size limit).
            (0..2800).fold(String::from("x:\n"), |mut t, i| {
                t.push_str(&" ".repeat(i));
                t.push_str("- \n");
                t
            }),
        ),
        ("indented.yaml", indented),
        (
            "flow-seq.yaml",
            format!("x: {}{}\n", "[".repeat(LEVELS), "]".repeat(LEVELS)),
        ),
        (
            "flow-map.yaml",
            format!("x: {}1{}\n", "{a: ".repeat(LEVELS), "}".repeat(LEVELS)),
        ),
        (
            "flow-mixed.json",
            format!("{}1{}", "{\"a\": [".repeat(LEVELS / 2), "]}".repeat(LEVELS / 2)),
        ),
        ("aliases.yaml", aliases),
    ]
}

fn assert_refused(what: &str, name: &str, messages: &[String]) {
    assert!(
        messages.iter().any(|m| m.contains(name)
            && m.contains("line ")
            // The inventory reads JSON with serde_json, whose own limit (128) words it so.
            && (m.contains("levels deep")
                || (name.ends_with(".json") && m.contains("recursion limit exceeded")))),
        "{what} {name}: {messages:?}"
    );
}

fn check_all() {
    for (name, text) in hostile() {
        assert!(text.len() < 8 * 1024 * 1024, "{name} stays under the size limit");
        let r = inspect(&[Input::new(name, text.clone())], &Options::at(0));
        let m: Vec<String> = r.errors.into_iter().map(|e| e.message).collect();
        assert_refused("inspect", name, &m);

        let r = doctor(&[Input::new(name, text.clone())], &DoctorOptions::at(0));
        assert_refused("doctor", name, &r.errors);

        let r = inventory(&[Input::new(name, text)], &InventoryOptions::at(0));
        let m: Vec<String> = r
            .errors
            .into_iter()
            .map(|e| format!("{}: {}", e.location, e.message))
            .collect();
        assert_refused("inventory", name, &m);
    }
}

#[test]
fn every_nesting_construct_is_refused_in_inspect_doctor_and_inventory() {
    check_all();
}

/// The same on a thread with a quarter of a test thread's stack: a loader that still recursed
/// per level (or a check that did) would overflow it long before 100,000 levels.
#[test]
fn deep_yaml_is_refused_on_a_small_stack() {
    std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(check_all)
        .unwrap()
        .join()
        .unwrap();
}

/// The message names the construct's line and the limit; the alias case says it is the alias.
#[test]
fn the_message_names_the_line_and_the_limit() {
    let text = format!("x:\n  y:\n  {}a\n", "- ? ".repeat(100));
    let r = inspect(&[Input::new("deep.yaml", text)], &Options::at(0));
    let m: Vec<String> = r.errors.into_iter().map(|e| e.message).collect();
    assert!(
        m.iter().any(|m| m.starts_with("deep.yaml")
            && m.contains("line 3: nested more than 64 levels deep")),
        "{m:?}"
    );
    let mut text = String::from("a: &a [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n");
    text.push_str(&format!("b: {}*a{}\n", "[".repeat(40), "]".repeat(40)));
    let r = doctor(&[Input::new("alias.yaml", text)], &DoctorOptions::at(0));
    assert!(
        r.errors.iter().any(|m| m.starts_with("alias.yaml")
            && m.contains("line 2: an alias (*name) would nest it more than 64 levels deep")),
        "{:?}",
        r.errors
    );
}

/// Ordinary nesting (a values.yaml is a dozen levels deep) and anchors still load.
#[test]
fn ordinary_nesting_and_aliases_still_load() {
    let mut text = String::from("certificate:\n");
    for i in 0..40 {
        text.push_str(&format!("{}a{i}:\n", " ".repeat(2 * (i + 1))));
    }
    text.push_str(&format!("{}- [{{b: &x [1]}}, *x, *x]\n", " ".repeat(82)));
    let r = doctor(&[Input::new("values.yaml", text)], &DoctorOptions::at(0));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    // The file was read as values (no parse error), it simply names no certificate.
    assert!(
        r.unused.iter().all(|u| !u.contains("cannot be parsed")),
        "{:?}",
        r.unused
    );
}

/// A flat document too large to load (a Secret of 120,000 entries) is refused for its size,
/// and the message does not blame aliases it does not have; with aliases it does.
#[test]
fn a_large_flat_document_is_refused_for_its_own_size() {
    let entries: Vec<String> = (0..120_000).map(|i| format!("\"k{i}\": \"eA==\"")).collect();
    let text = format!(
        "{{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"metadata\": {{\"name\": \"big\"}}, \"data\": {{{}}}}}",
        entries.join(", ")
    );
    let r = inspect(&[Input::new("big.json", text.into_bytes())], &Options::at(0));
    let message = r.errors.first().map(|e| e.message.clone()).unwrap_or_default();
    assert!(message.contains("more than 200000 values, lists and maps"), "{message}");
    assert!(!message.contains("alias"), "{message}");

    let mut aliased = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..30_000 {
        aliased.push_str(&format!("k{i}: *a\n"));
    }
    let r = inspect(&[Input::new("aliased.yaml", aliased.into_bytes())], &Options::at(0));
    let message = r.errors.first().map(|e| e.message.clone()).unwrap_or_default();
    assert!(message.contains("aliases (*name) would expand"), "{message}");
}
