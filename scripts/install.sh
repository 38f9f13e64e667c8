#!/usr/bin/env bash
# Installs what building, serving and testing the project needs. Idempotent:
# each step checks first, so a run with everything present takes seconds.
# Works on a fresh Debian machine (as root) with Rust installed via rustup.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

say() { printf '[install] %s\n' "$*"; }

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
APT_UPDATED=""
apt_install() {
  if [ -z "$APT_UPDATED" ]; then
    say "apt-get update"
    $SUDO apt-get update -qq
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# 1. Rust target for the web app.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown: ok"
else
  say "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. Chromium + chromedriver (browser tests), Node.js + npm (e2e tests, wasm-opt).
# (INSTALL_BROWSER=0 skips the browser: enough to build and publish the site.)
pkgs=()
if [ "${INSTALL_BROWSER:-1}" != 0 ]; then
  command -v chromium >/dev/null 2>&1 || pkgs+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || pkgs+=(chromium-driver)
fi
command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
command -v npm >/dev/null 2>&1 || pkgs+=(npm)
if [ ${#pkgs[@]} -gt 0 ]; then
  apt_install "${pkgs[@]}"
  source "$REPO_ROOT/scripts/env.sh" # picks up CHROMEDRIVER / CHROMIUM
else
  say "chromium, chromedriver, node, npm: ok"
fi

# 3. Trunk (pinned; --locked: without it this version does not compile).
if [ "$(trunk --version 2>/dev/null || true)" = "trunk $TRUNK_VERSION" ]; then
  say "trunk $TRUNK_VERSION: ok"
else
  say "installing trunk $TRUNK_VERSION (takes several minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --force --quiet
fi

# 4. wasm-bindgen CLI (and wasm-bindgen-test-runner): exactly the crate's version in Cargo.lock.
if [ ! -f Cargo.lock ]; then
  say "no Cargo.lock: resolving dependencies"
  cargo metadata --format-version 1 >/dev/null
fi
WB_VERSION="$(wasm_bindgen_lock_version)"
if [ -z "$WB_VERSION" ]; then
  echo "[install] error: no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $WB_VERSION" ] \
  && [ "$(wasm-bindgen-test-runner --version 2>/dev/null || true)" = "wasm-bindgen-test-runner $WB_VERSION" ]; then
  say "wasm-bindgen-cli $WB_VERSION: ok"
else
  say "installing wasm-bindgen-cli $WB_VERSION (takes a few minutes)"
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force --quiet
fi

# 5. npm packages of e2e/ (playwright-core, binaryen's wasm-opt): npm ci when the lock changed.
STAMP="e2e/node_modules/.package-lock.sha256"
want="$(sha256sum e2e/package-lock.json | cut -d' ' -f1)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -x e2e/node_modules/.bin/wasm-opt ]; then
  say "e2e npm packages: ok"
else
  say "npm ci in e2e/"
  (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$STAMP"
fi

say "done"
