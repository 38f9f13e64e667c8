#!/usr/bin/env bash
# Builds the release site into dist/ and serves it, as a plain static host
# would: http://127.0.0.1:${PORT:-8080}/ (the default book loads).
#   bash scripts/serve.sh          the release build (what users get)
#   bash scripts/serve.sh --dev    a debug build with live reload (trunk serve)
# Extra arguments go to `trunk serve` in --dev mode.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bash "$REPO_ROOT/scripts/install.sh"
cd "$REPO_ROOT"
if [ "${1:-}" = "--dev" ]; then
  shift
  exec trunk serve --offline --address "${ADDRESS:-127.0.0.1}" --port "${PORT:-8080}" "$@"
fi
trunk build --release --offline
echo "[serve] http://${ADDRESS:-127.0.0.1}:${PORT:-8080}/"
exec node e2e/serve-dist.mjs dist "${PORT:-8080}" "${ADDRESS:-127.0.0.1}"
