#!/usr/bin/env bash
# The README's start command: installs what is missing, brings the local stack up, applies the schema,
# starts a worker, generates a sample of the three legacy sources and migrates it end to end.
set -euo pipefail
cd "$(dirname "$0")/.."

SAMPLE_ROWS="${SAMPLE_ROWS:-30000}"
SAMPLE_SEED="${SAMPLE_SEED:-42}"
# A new migration per run: the sample files are generated afresh each time, and a source that changed after a
# migration inspected it must be migrated under a new name (the exporter refuses to mix two versions of a file).
MIGRATION_NAME="${MIGRATION_NAME:-sample-$(date -u +%Y%m%d-%H%M%S)}"
DATA_DIR="${DATA_DIR:-.data}"

bash starters/setup.sh
# shellcheck source=starters/node-runtime.sh
source starters/node-runtime.sh

# STACK_METRICS=true also starts Prometheus, scraping the worker, the monitor and migrate while it follows.
npm run -s stack:up
npm run -s db:migrate
bash starters/worker-daemon.sh restart
# The monitor watches the worker's task queue from its own (failed workflows, missed schedules, no worker).
bash starters/worker-daemon.sh restart monitor
npm run -s cli -- schedules apply

echo "start: generating ${SAMPLE_ROWS} sample rows (seed ${SAMPLE_SEED}) into ${DATA_DIR}/sample"
npm run -s cli -- generate --rows "${SAMPLE_ROWS}" --dup-rate 0.2 --seed "${SAMPLE_SEED}" --out "${DATA_DIR}/sample"

LEGACY_URL="$(node -e 'const u=new URL(process.env.DATABASE_URL||"mysql://root@127.0.0.1:3306/contacts"); u.pathname="/legacy_crm"; u.search="?table=customers"; console.log(u.toString())')"
echo "start: migrating the sample (migration ${MIGRATION_NAME})"
npm run -s cli -- migrate --name "${MIGRATION_NAME}" \
  --source "mysql:${LEGACY_URL}" \
  --source "sqlite:${DATA_DIR}/sample/legacy.sqlite" \
  --source "csv:${DATA_DIR}/sample/drop.csv"
npm run -s cli -- report "${MIGRATION_NAME}" > /dev/null
# The reconciled migration set off post-migration-<name>: incremental dedupe (golden records), incremental compliance
# scrub, dashboard refresh. Wait for it and print what each step did.
echo "start: waiting for the post-migration steps (dedupe, compliance scrub, dashboard refresh)"
npm run -s cli -- after-migration "${MIGRATION_NAME}" --timeout "${POST_MIGRATION_TIMEOUT_SEC:-900}"
UI_URL="$(node -e 'console.log((process.env.TEMPORAL_UI_URL || "http://127.0.0.1:8233").replace(/\/$/, ""))')"
echo "start: watch and retry it in the Temporal UI: ${UI_URL}/namespaces/${TEMPORAL_NAMESPACE:-contacts}/workflows/migration-${MIGRATION_NAME}"
npm run -s cli -- health || echo "start: health reports a problem (above)"
echo "start: where to look: npm run cli -- health (every part), npm run cli -- anomalies (unusual batches), alerts in ${DATA_DIR}/logs/monitor.log and worker.log (\"msg\":\"alert\")"
if [ "${STACK_METRICS:-false}" = "true" ]; then
  echo "start: metrics: ${PROMETHEUS_URL:-http://127.0.0.1:9090}/graph?g0.expr=sum%20by%20(source)%20(rate(contacts_rows_read_total%5B1m%5D))"
fi
# The dashboard: a first local user (random password, printed once) when there is none yet.
USERS_FILE="${DASHBOARD_USERS_FILE:-${DATA_DIR}/dashboard-users.json}"
if [ ! -s "$USERS_FILE" ]; then
  DASHBOARD_PASSWORD="$(node -e 'console.log(require("node:crypto").randomBytes(12).toString("base64url"))')"
  DASHBOARD_USERS_FILE="$USERS_FILE" DASHBOARD_PASSWORD="$DASHBOARD_PASSWORD" npm run -s cli -- dashboard-user add --username admin --role admin
  echo "start: dashboard user admin, password ${DASHBOARD_PASSWORD} (shown once; add others with npm run cli -- dashboard-user add)"
fi
DASHBOARD_URL="http://${DASHBOARD_HOST:-127.0.0.1}:${DASHBOARD_PORT:-3000}"
if bash starters/worker-daemon.sh restart dashboard; then
  echo "start: dashboard: ${DASHBOARD_URL} (sign in as admin; its summaries were refreshed by the post-migration step)"
else
  echo "start: the dashboard did not start (log: ${DATA_DIR}/logs/dashboard.log); run it by hand with npm run dashboard" >&2
fi
echo "start: done. Where to look: the Temporal UI ${UI_URL}/namespaces/${TEMPORAL_NAMESPACE:-contacts}/workflows, the dashboard ${DASHBOARD_URL}."
echo "start: the worker, the monitor and the dashboard keep running (logs: ${DATA_DIR}/logs/worker.log, monitor.log, dashboard.log); 'npm run stack:down' stops everything this project started."
