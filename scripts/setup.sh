#!/usr/bin/env bash
# Installs whatever certlens needs and is missing; quick when everything is already there.
# Sourced by scripts/serve.sh and scripts/test.sh. Works on a fresh Debian machine as root.
# Only package registries are used (Debian apt, crates.io, npm): nothing downloads a prebuilt binary.
set -euo pipefail

TRUNK_VERSION=0.21.14          # 0.22 needs rustc >= 1.96.1
WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen crate pinned in Cargo.toml
# sha256 of wasm-bindgen-cli-0.2.130.crate, as the crates.io index lists it.
WASM_BINDGEN_CLI_SHA256=c37f6904387d19a319525c74af274c73912f3871c35555aa49f3ea64ebb2fc7a

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
# Trunk must use these exact tools from PATH; a mismatch would make it try to download one.
export TRUNK_TOOLS_WASM_BINDGEN=$WASM_BINDGEN_VERSION
export TRUNK_TOOLS_WASM_OPT=version_132
export CHROMEDRIVER=/usr/bin/chromedriver

step() { printf '\n==> %s\n' "$*"; }

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
[ -f /etc/ssl/certs/ca-certificates.crt ] || need_apt+=(ca-certificates)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
command -v gzip >/dev/null 2>&1 || need_apt+=(gzip)
if [ ${#need_apt[@]} -gt 0 ]; then
  step "apt-get install ${need_apt[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "certlens setup: missing ${need_apt[*]}; run as root or install them yourself" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "certlens setup: cargo not found. Install Rust 1.85 or newer with rustup (https://rustup.rs) first." >&2
  exit 1
fi

# rust-toolchain.toml pins the compiler (and lists the wasm32 target); rustup installs what is
# missing on first use. This only makes sure of the target on older rustup versions.
if ! (cd "$ROOT" && rustup target list --installed 2>/dev/null) | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  (cd "$ROOT" && rustup target add wasm32-unknown-unknown)
fi

if ! cargo clippy --version >/dev/null 2>&1; then
  step "rustup component add clippy"
  rustup component add clippy
fi

if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  step "cargo install trunk $TRUNK_VERSION (about 10 minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  # wasm-bindgen writes the glue code that ships, so it is built from pinned sources: the
  # crate itself checked against WASM_BINDGEN_CLI_SHA256 (its crates.io checksum) and every
  # dependency from scripts/wasm-bindgen-cli.lock with --locked. That lock is the crate's own
  # Cargo.lock with one change: webpki-roots 1.0.11 (which the registry no longer has, so
  # `cargo install wasm-bindgen-cli --locked` fails) is 1.0.10. webpki-roots only serves the
  # test runner's HTTPS downloads, never the glue code.
  step "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION --locked (about 3 minutes, once)"
  wbg_tmp=$(mktemp -d)
  # cargo downloads the crate (and the locked dependencies) through a throwaway manifest.
  mkdir -p "$wbg_tmp/fetch/src"
  : > "$wbg_tmp/fetch/src/lib.rs"
  printf '[package]\nname = "fetch-wasm-bindgen-cli"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[dependencies]\nwasm-bindgen-cli = "=%s"\n\n[workspace]\n' \
    "$WASM_BINDGEN_VERSION" > "$wbg_tmp/fetch/Cargo.toml"
  cp "$ROOT/scripts/wasm-bindgen-cli.lock" "$wbg_tmp/fetch/Cargo.lock"
  (cd "$ROOT" && cargo fetch --quiet --manifest-path "$wbg_tmp/fetch/Cargo.toml")
  wbg_crate=$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/"wasm-bindgen-cli-$WASM_BINDGEN_VERSION.crate" | head -n 1)
  echo "$WASM_BINDGEN_CLI_SHA256  $wbg_crate" | sha256sum -c --quiet -
  tar -xzf "$wbg_crate" -C "$wbg_tmp"
  cp "$ROOT/scripts/wasm-bindgen-cli.lock" "$wbg_tmp/wasm-bindgen-cli-$WASM_BINDGEN_VERSION/Cargo.lock"
  (cd "$ROOT" && cargo install --locked --force --path "$wbg_tmp/wasm-bindgen-cli-$WASM_BINDGEN_VERSION")
  rm -rf "$wbg_tmp"
fi

lock_sum=$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$ROOT/node_modules/.certlens-lock" 2>/dev/null)" != "$lock_sum" ]; then
  step "npm ci"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > "$ROOT/node_modules/.certlens-lock"
fi

cd "$ROOT"
step "cargo fetch"
cargo fetch --locked --quiet
