#!/usr/bin/env bash
# Runs every test file with Node's test runner against the real local stack (brought up first; idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=starters/node-runtime.sh
source starters/node-runtime.sh
ensure_node_modules
ensure_dashboard_assets
ensure_chromium
if [ "${SKIP_STACK_UP:-}" != "1" ]; then
  npm run --silent stack:up
  npm run --silent db:migrate
fi
mapfile -t files < <(find test -name '*.test.ts' ${TEST_FILTER:+-path "*${TEST_FILTER}*"} | sort)
# A test (or a suite) that waits longer than its timeout fails naming itself; the exit watchdog then fails a file
# that a hung promise keeps alive after its last test, so one hang can never stall the whole run.
exec node --import tsx --import ./test/support/exit-watchdog.ts --test --test-concurrency=1 --test-timeout="${TEST_TIMEOUT_MS:-300000}" --test-reporter=spec "${files[@]}"
