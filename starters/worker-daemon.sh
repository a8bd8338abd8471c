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
    # SIGTERM drains: activities in flight get the worker's grace period to finish; wait that long plus a margin.
    local wait_halves=$(( (${WORKER_SHUTDOWN_GRACE_SEC:-20} + 15) * 2 ))
    for _ in $(seq 1 "$wait_halves"); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PID_FILE"
}

# The pid in the pid file, if that process is alive and is a worker (not a later process that reused the pid).
running_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid; pid="$(cat "$PID_FILE")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  ps -p "$pid" -o args= 2>/dev/null | grep -q 'workers/main.ts' || return 1
  echo "$pid"
}

start() {
  local pid
  # One start at a time: a second concurrent start waits here, then finds the first one's worker running.
  exec 9>"${DATA_DIR}/run/worker.lock"
  flock -w 90 9 || { echo "worker: another start is still in progress" >&2; return 1; }
  if pid="$(running_pid)"; then
    # Starting a second one would overwrite the pid file and leave the first unreachable by `stop`.
    echo "worker: already running (pid $pid, log $LOG_FILE); nothing started. Use restart to replace it."
    return 0
  fi
  : > "$LOG_FILE"
  # A bounded old space makes V8 collect instead of growing toward its ~4 GB default; WORKER_HEAP_MB overrides.
  nohup node --max-old-space-size="${WORKER_HEAP_MB:-1536}" --import tsx workers/main.ts >> "$LOG_FILE" 2>&1 < /dev/null 9>&- &
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
