#!/usr/bin/env bash
# What the page's first load is made of (not part of pass/fail): builds the page's module as
# Trunk does (wasm-release profile, wasm-bindgen, wasm-opt -Oz) but keeps the function names,
# then prints the code grouped by crate and the data section, each gzip-compressed on its own
# (bench/size/breakdown.mjs). The numbers are in README "First load".
#
#   bash scripts/size-breakdown.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
OUT="$ROOT/target/size"
rm -rf "$OUT" && mkdir -p "$OUT"
# The page is two modules (Cargo.toml, index.html): the UI (built without the `engine` feature,
# as Trunk builds it) and the engine its workers run. Each is broken down on its own.
for part in certlens-web certlens-engine; do
  features=()
  [ "$part" = certlens-web ] && features=(--no-default-features)
  step "cargo build --profile wasm-release --bin $part ${features[*]}"
  (cd "$ROOT" && cargo build --locked --profile wasm-release --target wasm32-unknown-unknown --bin "$part" "${features[@]}")
  step "$part: wasm-bindgen --keep-debug, wasm-opt -Oz --debuginfo (names kept)"
  wasm-bindgen --target web --keep-debug --out-dir "$OUT" "$ROOT/target/wasm32-unknown-unknown/wasm-release/$part.wasm"
  wasm-opt -Oz --debuginfo --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals "$OUT/${part}_bg.wasm" -o "$OUT/$part.wasm"
  step "breakdown: $part"
  node "$ROOT/bench/size/breakdown.mjs" "$OUT/$part.wasm"
done
if [ -d "$ROOT/dist" ]; then
  printf '\nrelease dist/ as served (gzip -9):\n'
  for f in "$ROOT"/dist/*; do printf '  %8s  %s\n' "$(gzip -9c "$f" | wc -c)" "${f#"$ROOT"/}"; done
fi
