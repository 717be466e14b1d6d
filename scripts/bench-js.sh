#!/usr/bin/env bash
# Benchmark (a script, not part of pass/fail): certlens `inspect` as WebAssembly against a
# minimal Rust wasm parser (bench/minimal: x509-parser + sha2, built by run.mjs), @peculiar/x509,
# pkijs and node-forge in headless Chromium on the Debian CA bundle ×1, ×10, ×100 and pools of
# 1,000 and 10,000 distinct leaves (bench/leaves.mjs), then the native core through criterion.
# Prints medians, certificates per second, ratios and the gzip size of each contender; the
# table is also in target/bench-js/results.md.
#
#   bash scripts/bench-js.sh                    # everything (about 5-10 minutes on 2 cores)
#   bash scripts/bench-js.sh --sizes 1,10 --no-native
#
# Installs nothing beyond scripts/setup.sh (npm ci: the contenders are pinned devDependencies),
# builds pkg/ (scripts/build-pkg.sh), bundles the contenders with esbuild into target/bench-js/.
# Run it on an idle machine: other load moves the numbers.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
bash "$ROOT/scripts/build-pkg.sh"
step "benchmark: node bench/js/run.mjs $*"
node "$ROOT/bench/js/run.mjs" "$@"
