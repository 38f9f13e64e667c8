#!/usr/bin/env bash
# Serves the web app with live rebuild: http://127.0.0.1:${PORT:-8080}/
# Extra arguments go to `trunk serve` (e.g. --release).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bash "$REPO_ROOT/scripts/install.sh"
cd "$REPO_ROOT"
exec trunk serve --offline --address "${ADDRESS:-127.0.0.1}" --port "${PORT:-8080}" "$@"
