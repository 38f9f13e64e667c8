#!/usr/bin/env bash
# Full check: native tests, clippy, wasm tests in headless Chromium, release
# build of the site into dist/, end-to-end tests of dist/ in Chromium.
# Exits non-zero as soon as a step fails.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

# Packages whose tests also run as wasm in the browser (cargo test --target wasm32-unknown-unknown).
WASM_TEST_PACKAGES=(margin-lab)

step() { printf '\n==> %s\n' "$*"; }

step "install"
bash "$REPO_ROOT/scripts/install.sh"
cd "$REPO_ROOT"

step "cargo fmt --check"
cargo fmt --all --check

step "cargo test --workspace (native)"
cargo test --workspace

if cargo clippy --version >/dev/null 2>&1; then
  step "cargo clippy"
  cargo clippy --workspace --all-targets -- -D warnings
  # The web app's wasm-only code too.
  cargo clippy -p margin-lab --all-targets --target wasm32-unknown-unknown -- -D warnings
else
  step "cargo clippy: not installed, skipped"
fi

for pkg in "${WASM_TEST_PACKAGES[@]}"; do
  step "cargo test -p $pkg --target wasm32-unknown-unknown (headless Chromium)"
  cargo test -p "$pkg" --target wasm32-unknown-unknown
done

step "trunk build --release"
trunk build --release --offline

step "e2e tests (node --test, Chromium)"
node --test "$REPO_ROOT/e2e/tests/"

step "all checks passed"
