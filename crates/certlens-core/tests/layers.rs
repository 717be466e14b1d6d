//! The layer table in `src/lib.rs` is the truth about who uses whom: this test reads the table
//! from lib.rs's doc comment (so the two cannot drift) and every module's source files, and
//! fails on any `crate::X` path that the module's row does not allow.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The names in backticks of one table cell.
fn ticked(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// (modules of each row, in order; what each module may use).
fn table(lib: &str) -> (Vec<Vec<String>>, BTreeMap<String, BTreeSet<String>>) {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut allowed = BTreeMap::new();
    let rows_text = lib
        .lines()
        .skip_while(|l| !l.starts_with("//! # Layout"))
        .map(str::trim)
        .take_while(|l| l.starts_with("//!"))
        .filter_map(|l| l.strip_prefix("//! |"))
        .filter(|l| !l.starts_with("---") && !l.starts_with(" module |"));
    for row in rows_text {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        assert!(cells.len() >= 3, "a layer-table row has three cells: {row}");
        let modules = ticked(cells[0]);
        let may = cells[2];
        let mut uses: BTreeSet<String> = if may.contains("the above") {
            rows.iter().flatten().cloned().collect()
        } else {
            assert!(
                may == "nothing" || !ticked(may).is_empty(),
                "\"may use\" is `nothing`, `the above` or modules in backticks: {row}"
            );
            BTreeSet::new()
        };
        for m in ticked(may) {
            assert!(
                rows.iter().flatten().any(|r| *r == m),
                "{modules:?} may use `{m}`, which is not in a row above: dependencies run one way"
            );
            uses.insert(m);
        }
        for m in &modules {
            assert!(
                allowed.insert(m.clone(), uses.clone()).is_none(),
                "`{m}` has two rows in the layer table"
            );
        }
        rows.push(modules);
    }
    (rows, allowed)
}

/// Every `.rs` file of a module (`src/NAME.rs` or everything under `src/NAME/`).
fn files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for e in entries {
            files(&e, out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The crate's top-level modules, as the source tree has them.
fn modules() -> BTreeMap<String, Vec<PathBuf>> {
    let mut out = BTreeMap::new();
    for e in fs::read_dir(src()).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        if name == "lib" {
            continue;
        }
        let mut fs_ = Vec::new();
        files(&path, &mut fs_);
        if !fs_.is_empty() {
            out.entry(name).or_insert_with(Vec::new).extend(fs_);
        }
    }
    out
}

/// The first segment of every `crate::` path in a line: `crate::a::b` gives `a`, and
/// `crate::{a::x, b}` gives `a` and `b`.
fn crate_paths(line: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("crate::") {
        // `$crate::` (macros) and `certlens_crate::`-like names are not this crate's paths.
        let before = rest[..i].chars().next_back();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut item_start = true;
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => item_start = true,
                    c if item_start && !c.is_whitespace() => {
                        item_start = false;
                        out.push(ident(&group[j..]));
                    }
                    _ => {}
                }
            }
        } else {
            out.push(ident(rest));
        }
    }
    out
}

#[test]
fn crate_paths_are_read() {
    assert_eq!(crate_paths("use crate::input::k8s::Secret;"), ["input"]);
    assert_eq!(
        crate_paths("use crate::{asn1::oids, model::{Report, Chain}, limits};"),
        ["asn1", "model", "limits"]
    );
    assert_eq!(
        crate_paths("let x = crate::inspect::Options::at(crate::timefmt::now);"),
        ["inspect", "timefmt"]
    );
    assert!(crate_paths("$crate::model::Report").is_empty());
    assert!(crate_paths("use super::pool;").is_empty());
}

#[test]
fn the_table_reads_as_written() {
    let lib = fs::read_to_string(src().join("lib.rs")).unwrap();
    let (rows, allowed) = table(&lib);
    assert_eq!(rows[0], ["limits", "hash", "timefmt"]);
    assert!(allowed["model"].is_empty());
    let input: Vec<&str> = allowed["input"].iter().map(String::as_str).collect();
    assert_eq!(input, ["asn1", "chart", "limits", "model", "pbe"]);
    // Siblings: the doctor and the inventory do not use each other.
    assert!(!allowed["doctor"].contains("inventory"));
    assert!(!allowed["inventory"].contains("doctor"));
    assert!(allowed["inventory"].contains("inspect"));
}

/// The lines of one source file that use a module `module`'s row does not allow.
fn violations(
    module: &str,
    text: &str,
    allowed: &BTreeMap<String, BTreeSet<String>>,
) -> Vec<(usize, String, &'static str)> {
    let may = &allowed[module];
    let mut wrong = Vec::new();
    for (n, line) in text.lines().enumerate() {
        // Comments (and doc links) are not dependencies.
        if line.trim_start().starts_with("//") {
            continue;
        }
        for used in crate_paths(line) {
            if used == module || may.contains(&used) {
                continue;
            }
            let why = if allowed.contains_key(&used) {
                "not allowed by its row of the layer table"
            } else {
                "not a module: name the module, not lib.rs's re-export"
            };
            wrong.push((n + 1, used, why));
        }
    }
    wrong
}

#[test]
fn an_upward_use_is_caught() {
    let lib = "//! # Layout\n//!\n//! | module | stage | may use |\n//! |---|---|---|\n\
               //! | `model` | types | nothing |\n//! | `input` | reading | `model` |\n\
               //! | `doctor`, `inventory` | uses | the above |\n";
    let (_, allowed) = table(lib);
    let source = "use crate::model::Report;\n/// [`crate::inventory`]\nuse crate::{input, inventory::read};\nfn f() { crate::inspect(); }\n";
    let found = violations("doctor", source, &allowed);
    let lines: Vec<(usize, &str)> = found.iter().map(|(n, u, _)| (*n, u.as_str())).collect();
    assert_eq!(lines, [(3, "inventory"), (4, "inspect")]);
    assert_eq!(
        found[1].2,
        "not a module: name the module, not lib.rs's re-export"
    );
    assert_eq!(
        violations("input", "use crate::doctor::x;", &allowed).len(),
        1
    );
}

#[test]
fn every_module_uses_only_what_its_row_allows() {
    let lib = fs::read_to_string(src().join("lib.rs")).unwrap();
    let (_, allowed) = table(&lib);
    let modules = modules();
    let in_table: BTreeSet<&String> = allowed.keys().collect();
    let in_tree: BTreeSet<&String> = modules.keys().collect();
    assert_eq!(
        in_table, in_tree,
        "the layer table in lib.rs and the folders of src/ name different modules"
    );
    let mut wrong = Vec::new();
    for (module, paths) in &modules {
        for path in paths {
            let text = fs::read_to_string(path).unwrap();
            for (n, used, why) in violations(module, &text, &allowed) {
                let shown = path.strip_prefix(src()).unwrap_or(path).display();
                wrong.push(format!("src/{shown}:{n}: `{module}` uses `{used}`: {why}"));
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}
