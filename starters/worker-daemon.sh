#!/usr/bin/env bash
# Starts, stops or restarts one background worker process with a pid file, for the start command and CI.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=starters/node-runtime.sh
source starters/node-runtime.sh
DATA_DIR="${DATA_DIR:-.data}"
PID_FILE="${DATA_DIR}/run/worker.pid"
LOG_FILE="${DATA_DIR}/logs/worker.log"
mkdir -p "${DATA_DIR}/run" "${DATA_DIR}/logs"

stop() {
  if [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    local pid; pid="$(cat "$PID_FILE")"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
}

start() {
  : > "$LOG_FILE"
  # A bounded old space makes V8 collect instead of growing toward its ~4 GB default; WORKER_HEAP_MB overrides.
  nohup node --max-old-space-size="${WORKER_HEAP_MB:-1536}" --import tsx workers/main.ts >> "$LOG_FILE" 2>&1 < /dev/null &
  echo $! > "$PID_FILE"
  for _ in $(seq 1 120); do
    if grep -q '"worker started"' "$LOG_FILE"; then echo "worker: running (pid $(cat "$PID_FILE"), log $LOG_FILE)"; return 0; fi
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then echo "worker: failed to start; last log lines:" >&2; tail -n 20 "$LOG_FILE" >&2; return 1; fi
    sleep 0.5
  done
  echo "worker: did not report ready within 60s; see $LOG_FILE" >&2
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  *) echo "Usage: bash starters/worker-daemon.sh start|stop|restart" >&2; exit 2 ;;
esac
