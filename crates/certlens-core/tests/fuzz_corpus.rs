//! Replays every file of the committed fuzz corpora (crates/certlens-core/fuzz/corpus/<target>/)
//! through the fuzz targets' own code (fuzz/harness.rs, included below), as an ordinary test:
//! no fuzzer, no nightly, no fuzzing crate. A corpus file that panics, or breaks one of the
//! harness's contract checks, fails the test with the file's name.
//!
//!     cargo test -p certlens-core --test fuzz_corpus
//!
//! Reproducers of bugs found by fuzzing and not fixed yet live in fuzz/crashes-found/<target>/;
//! `cargo test -p certlens-core --test fuzz_corpus -- --ignored` replays them (move a file into
//! the corpus once its bug is fixed).

#[path = "../fuzz/harness.rs"]
mod harness;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn fuzz_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz"))
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect(),
        Err(_) => Vec::new(),
    };
    v.sort();
    v
}

/// Runs `target` on every file of `dir`; returns the failures (file, panic message) and the
/// slowest file.
fn replay(dir: &Path, target: fn(&[u8])) -> (usize, Vec<String>, Option<(Duration, PathBuf)>) {
    let files = files(dir);
    let mut failures = Vec::new();
    let mut slowest: Option<(Duration, PathBuf)> = None;
    for path in &files {
        let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let start = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| target(&data)));
        let took = start.elapsed();
        if slowest.as_ref().is_none_or(|(d, _)| took > *d) {
            slowest = Some((took, path.clone()));
        }
        if let Err(payload) = result {
            let msg = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "(non-string panic)".into());
            failures.push(format!("{}: {msg}", path.display()));
        }
    }
    (files.len(), failures, slowest)
}

fn replay_corpus(name: &str, target: fn(&[u8])) {
    let dir = fuzz_dir().join("corpus").join(name);
    let (count, failures, slowest) = replay(&dir, target);
    assert!(count > 0, "no corpus files in {}", dir.display());
    if let Some((d, p)) = slowest {
        eprintln!("{name}: {count} files, slowest {:?} ({})", d, p.display());
    }
    assert!(
        failures.is_empty(),
        "{} of {count} {name} corpus files failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn corpus_reader() {
    replay_corpus("reader", harness::reader);
}

#[test]
fn corpus_inspect() {
    replay_corpus("inspect", harness::inspect_pool);
}

#[test]
fn corpus_yaml() {
    replay_corpus("yaml", harness::yaml);
}

#[test]
fn corpus_decrypt() {
    replay_corpus("decrypt", harness::decrypt);
}

/// The reproducers in fuzz/crashes-found/<target>/: every one of them fails until its bug is
/// fixed in src/. Run with `-- --ignored`.
#[test]
#[ignore = "reproducers of open bugs; run with --ignored after a fix"]
fn crashes_found_are_fixed() {
    type Target = (&'static str, fn(&[u8]));
    let targets: [Target; 4] = [
        ("reader", harness::reader),
        ("inspect", harness::inspect_pool),
        ("yaml", harness::yaml),
        ("decrypt", harness::decrypt),
    ];
    let mut failures = Vec::new();
    for (name, target) in targets {
        let (_, f, _) = replay(&fuzz_dir().join("crashes-found").join(name), target);
        failures.extend(f);
    }
    assert!(
        failures.is_empty(),
        "still failing:\n{}",
        failures.join("\n")
    );
}
