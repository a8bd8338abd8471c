#!/usr/bin/env bash
# Runs every test file with Node's test runner against the real local stack (brought up first; idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${SKIP_STACK_UP:-}" != "1" ]; then
  npm run --silent stack:up
  npm run --silent db:migrate
fi
mapfile -t files < <(find test -name '*.test.ts' ${TEST_FILTER:+-path "*${TEST_FILTER}*"} | sort)
exec node --import tsx --test --test-concurrency=1 --test-reporter=spec "${files[@]}"
