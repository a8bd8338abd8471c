#!/usr/bin/env bash
# Starts, stops or restarts one background worker process (or, with the second argument `monitor`, the monitor:
# workers/main.ts --monitor; with `dashboard`, the dashboard: dashboard/main.ts) with a pid file, for the start
# command and CI. `npm run stack:down` stops every process with a pid file, these included.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=starters/node-runtime.sh
source starters/node-runtime.sh
DATA_DIR="${DATA_DIR:-.data}"
ROLE="${2:-worker}"
case "$ROLE" in
  worker) ENTRY=workers/main.ts; ROLE_ARGS=(); READY='"worker started"' ;;
  monitor) ENTRY=workers/main.ts; ROLE_ARGS=(--monitor); READY='"worker started"' ;;
  dashboard) ENTRY=dashboard/main.ts; ROLE_ARGS=(); READY='"dashboard listening"' ;;
  *) echo "Usage: bash starters/worker-daemon.sh start|stop|restart [worker|monitor|dashboard]" >&2; exit 2 ;;
esac
PID_FILE="${DATA_DIR}/run/${ROLE}.pid"
LOG_FILE="${DATA_DIR}/logs/${ROLE}.log"
mkdir -p "${DATA_DIR}/run" "${DATA_DIR}/logs"

# The pid file holds "<pid> <start ticks>" (stack/pid-files.ts): the ticks tell this process from a later one with the
# same pid without trusting the wall clock.
file_pid() { local pid _; read -r pid _ < "$PID_FILE" && echo "$pid"; }
start_ticks() { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20; }

stop() {
  if [ -f "$PID_FILE" ] && kill -0 "$(file_pid)" 2>/dev/null; then
    local pid; pid="$(file_pid)"
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
  local pid; pid="$(file_pid)" || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  local args; args="$(ps -p "$pid" -o args= 2>/dev/null)" || return 1
  [[ "$args" == *"$ENTRY"* ]] || return 1
  if [ "$ROLE" = monitor ]; then [[ "$args" == *--monitor* ]] || return 1; else [[ "$args" != *--monitor* ]] || return 1; fi
  echo "$pid"
}

start() {
  local pid
  # One start at a time: a second concurrent start waits here, then finds the first one's worker running.
  exec 9>"${DATA_DIR}/run/${ROLE}.lock"
  flock -w 90 9 || { echo "${ROLE}: another start is still in progress" >&2; return 1; }
  if pid="$(running_pid)"; then
    # Starting a second one would overwrite the pid file and leave the first unreachable by `stop`.
    echo "${ROLE}: already running (pid $pid, log $LOG_FILE); nothing started. Use restart to replace it."
    return 0
  fi
  : > "$LOG_FILE"
  # A bounded old space makes V8 collect instead of growing toward its ~4 GB default; WORKER_HEAP_MB overrides.
  nohup node --max-old-space-size="${WORKER_HEAP_MB:-1536}" --import tsx "$ENTRY" "${ROLE_ARGS[@]}" >> "$LOG_FILE" 2>&1 < /dev/null 9>&- &
  local started=$!
  echo "$started $(start_ticks "$started")" > "$PID_FILE"
  for _ in $(seq 1 120); do
    if grep -q "$READY" "$LOG_FILE"; then echo "${ROLE}: running (pid $started, log $LOG_FILE)"; return 0; fi
    if ! kill -0 "$started" 2>/dev/null; then echo "${ROLE}: failed to start; last log lines:" >&2; tail -n 20 "$LOG_FILE" >&2; return 1; fi
    sleep 0.5
  done
  echo "${ROLE}: did not report ready within 60s; see $LOG_FILE" >&2
  return 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  *) echo "Usage: bash starters/worker-daemon.sh start|stop|restart [worker|monitor|dashboard]" >&2; exit 2 ;;
esac
