#!/usr/bin/env bash
# Sets up what is missing and runs every test: native (core, CLI, app state), WebAssembly in
# headless Chromium, and end-to-end against the release build in Chromium.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

step "native tests: cargo test --workspace"
cargo test --workspace --locked

step "clippy: outside tests the core denies unwrap, expect, indexing, slicing and panic"
cargo clippy --locked -p certlens-core --lib

step "core builds for wasm32"
cargo build --locked -p certlens-core --target wasm32-unknown-unknown --quiet

step "WebAssembly tests in headless Chromium (wasm-bindgen-test)"
WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-120} \
  cargo test --locked -p certlens-web --target wasm32-unknown-unknown --tests

step "certlens-wasm: every export in headless Chromium (wasm-bindgen-test)"
WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-120} \
  cargo test --locked -p certlens-wasm --target wasm32-unknown-unknown --tests

step "release build: trunk build --release"
trunk build --release --offline --locked
# Two modules (Cargo.toml): the UI, which the first render needs, and the engine the workers run.
for part in certlens-web certlens-engine; do
  wasm=$(ls dist/"$part"-*_bg.wasm)
  raw=$(stat -c %s "$wasm")
  gz=$(gzip -9 -c "$wasm" | wc -c)
  br=$(stat -c %s "$wasm.br")
  printf '%s wasm: %s bytes raw, %s bytes gzip (%s KB), %s bytes brotli\n' \
    "$part" "$raw" "$gz" "$((gz / 1024))" "$br"
done
critical_br=$(cat dist/index.html.br dist/styles-*.css.br dist/loader.js.br dist/certlens-web-*.js.br \
  dist/certlens-web-*_bg.wasm.br | wc -c)
total_gz=$(cat dist/*.wasm dist/*.js dist/*.css dist/index.html | gzip -9 -c | wc -c)
printf 'critical path (HTML, CSS, loader, UI glue and wasm) brotli ~%s KB; whole page gzip ~%s KB\n' \
  "$((critical_br / 1024))" "$((total_gz / 1024))"

step "end-to-end tests in Chromium against dist/ (node --test)"
mkdir -p test-output
node --test --test-reporter=spec tests/e2e/

step "JavaScript package: build pkg/, then node tests (package, types, docs page)"
bash scripts/build-pkg.sh
node --test --test-reporter=spec tests/node/
