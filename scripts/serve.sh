#!/usr/bin/env bash
# Sets up what is missing, builds the release page, and serves it on http://127.0.0.1:8080
# (PORT=... to change). Stop with Ctrl-C.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

PORT=${PORT:-8080}
step "trunk build --release"
trunk build --release --offline --locked
step "serving dist/ on http://127.0.0.1:$PORT  (Ctrl-C stops)"
# A plain static server: dist/ is an ordinary folder of files. python3 serves .wasm as application/wasm.
exec node "$ROOT/scripts/static-server.mjs" "$ROOT/dist" "$PORT"
