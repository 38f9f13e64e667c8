# Sourced by the other scripts: tool paths and settings. No side effects besides exports.
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT

# Version pins (the wasm-bindgen CLI version is read from Cargo.lock instead).
export TRUNK_VERSION="0.21.14"

# cargo-installed tools (trunk, wasm-bindgen, wasm-bindgen-test-runner) and
# npm-installed wasm-opt (binaryen) used by Trunk for release builds.
case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) export PATH="$HOME/.cargo/bin:$PATH" ;; esac
case ":$PATH:" in *":$REPO_ROOT/e2e/node_modules/.bin:"*) ;; *) export PATH="$REPO_ROOT/e2e/node_modules/.bin:$PATH" ;; esac

# Browser for wasm-bindgen-test (via chromedriver) and for the e2e tests (playwright-core).
if [ -z "${CHROMEDRIVER:-}" ] && command -v chromedriver >/dev/null 2>&1; then
  CHROMEDRIVER="$(command -v chromedriver)"
  export CHROMEDRIVER
fi
if [ -z "${CHROMIUM:-}" ] && command -v chromium >/dev/null 2>&1; then
  CHROMIUM="$(command -v chromium)"
  export CHROMIUM
fi
# Only chromedriver: never try to start geckodriver/safaridriver.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-60}"

# Trunk cannot download tools here.
export TRUNK_OFFLINE=true

# The wasm-bindgen version in Cargo.lock (empty if no lock yet).
wasm_bindgen_lock_version() {
  awk '/^\[\[package\]\]/{p=0} /^name = "wasm-bindgen"$/{p=1} p && /^version = /{gsub(/"/,"",$3); print $3; exit}' \
    "$REPO_ROOT/Cargo.lock" 2>/dev/null
}
