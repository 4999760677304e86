# Shared by tools/run and tools/test: package installation, builds, and private PostgreSQL clusters.
# Sourced, not executed.

CRM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PG_BIN=/usr/lib/postgresql/15/bin
CRM_PACKAGES=(build-essential cmake ccache pkg-config git
  libcaf-dev libpistache-dev libpqxx-dev libcurl4-openssl-dev rapidjson-dev libspdlog-dev
  libphonenumber-dev libsodium-dev libssl-dev libgtest-dev googletest libbenchmark-dev
  postgresql-15 postgresql-contrib clang clang-format libclang-rt-14-dev curl chromium)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs whatever of CRM_PACKAGES (and Node.js when absent) is missing; a no-op when all are there.
install_packages() {
  local missing=()
  for p in "${CRM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  command -v npm >/dev/null || missing+=(nodejs npm)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# ccache settings that keep precompiled headers cacheable across clean clones.
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
export CCACHE_BASEDIR="$CRM_ROOT"
export CCACHE_NOHASHDIR=1

# build_tree <dir> [cmake options...]: configures once, then builds incrementally.
# Two compile jobs and one link job at a time fit 2 cores and keep CAF's templates within memory.
build_tree() {
  local dir=$1; shift
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    cmake -S "$CRM_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  fi
  # CRM_BUILD_TARGETS narrows the build (tools/run needs the binaries, not the tests).
  cmake --build "$dir" -j "${CRM_BUILD_JOBS:-2}" ${CRM_BUILD_TARGETS:+--target $CRM_BUILD_TARGETS}
}

# build_ui: npm ci (only when the lock file changed) and a production build into ui/dist.
build_ui() {
  [ -f "$CRM_ROOT/ui/package.json" ] || return 0
  (cd "$CRM_ROOT/ui"
   if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.installed ]; then
     log "npm ci (ui)"
     npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed
   fi
   log "building the UI"
   npm run --silent build)
}

# Runs a command as the cluster owner: initdb refuses root, so root delegates to 'postgres'.
as_pg_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

# pg_cluster_start <datadir> <port>: initialises the cluster when new and starts it on loopback.
pg_cluster_start() {
  local data=$1 port=$2
  mkdir -p "$data"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$(dirname "$data")"
  if [ ! -f "$data/PG_VERSION" ]; then
    as_pg_owner "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  as_pg_owner "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB" start >/dev/null
}

pg_cluster_stop() {
  local data=$1
  [ -f "$data/postmaster.pid" ] && as_pg_owner "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true
}
