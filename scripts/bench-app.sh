#!/usr/bin/env bash
# Benchmark of the page (not part of pass/fail): builds the release dist/ and times a dropped
# Debian CA bundle (×1 and ×100) and 1,000 / 10,000 distinct leaves in headless Chromium. See
# bench/app/run.mjs. With --inventory: a 2,000-Secret, 20 MB List instead (bench/app/inventory.mjs).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
step "trunk build --release"
trunk build --release --offline --locked
if [ "${1:-}" = "--inventory" ]; then
  shift
  step "benchmark: node bench/app/inventory.mjs $*"
  node "$ROOT/bench/app/inventory.mjs" "$@"
else
  step "benchmark: node bench/app/run.mjs $*"
  node "$ROOT/bench/app/run.mjs" "$@"
fi
