#!/usr/bin/env bash
# Installs what the project needs to run on this machine: a supported Node.js (see node-runtime.sh) and the npm
# packages. `npm start` and `npm test` do this themselves; run it alone after cloning or after a Node.js change.
set -euo pipefail
# shellcheck source=starters/node-runtime.sh
source "$(dirname "${BASH_SOURCE[0]}")/node-runtime.sh"
ensure_node_modules
ensure_dashboard_assets
ensure_chromium
echo "setup: Node.js $(node --version) at $(command -v node)"
case "$(command -v node)" in
  "${NODE_RUNTIME_DIR}"/*)
    echo "setup: every 'npm run …' script already uses it; to run node or npx by hand in this shell:"
    echo "  export PATH=\"${NODE_RUNTIME_DIR}/bin:\$PATH\""
    ;;
esac
