#!/usr/bin/env bash
# The npm scripts run their command through this, so `npm run …` uses the project's Node.js (see
# node-runtime.sh) whatever Node.js the caller's PATH has first.
set -euo pipefail
# shellcheck source=starters/node-runtime.sh
source "$(dirname "${BASH_SOURCE[0]}")/node-runtime.sh"
stamp="${PROJECT_ROOT}/node_modules/.node-abi"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" != "$(node -p 'process.versions.modules')" ]; then
  echo "node_modules was installed for another Node.js than $(node --version); run 'npm start' (or 'bash starters/setup.sh') to reinstall" >&2
  exit 1
fi
exec "$@"
