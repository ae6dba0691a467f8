# Shared set-up for the benchmark scripts (sourced, not run): prerequisites, a temporary workspace removed on
# exit, a PostgreSQL of its own on loopback, and Sluice processes started from a jar with a generated
# configuration. Everything a script starts through these functions is stopped by the exit trap.
#
# Before sourcing, a script may set NEED_PGBOUNCER=1. After sourcing, it calls bench_start (workspace, exit
# trap, password) and then start_postgres; both set the globals named in their comments.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
LOAD_AT_START="$(cut -d' ' -f1-3 /proc/loadavg)"
BENCH_USER=bench
BENCH_DB=bench

log() { printf '%s bench: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---- prerequisites -------------------------------------------------------------------------------------------
need_apt=()
[ -x "$PG_BIN/postgres" ] && command -v pgbench >/dev/null && command -v psql >/dev/null \
  || need_apt+=(postgresql postgresql-contrib)
[ "${NEED_PGBOUNCER:-0}" = 1 ] && ! command -v pgbouncer >/dev/null && need_apt+=(pgbouncer)
command -v openssl >/dev/null || need_apt+=(openssl)
command -v python3 >/dev/null || need_apt+=(python3)
command -v curl >/dev/null || need_apt+=(curl)
if [ ${#need_apt[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "missing ${need_apt[*]}; install them (apt-get install ${need_apt[*]}) or run as root"
  log "installing ${need_apt[*]} with apt-get"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_apt[@]}" >/dev/null
fi
command -v java >/dev/null || die "java (17 or later) is needed to run Sluice"

# PostgreSQL and PgBouncer refuse to run as root: run them as the postgres system user then.
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || die "running as root needs the postgres system user (from the postgresql package)"
  SERVICE_USER=postgres
  as_service() { runuser -u postgres -- "$@"; }
else
  SERVICE_USER="$(id -un)"
  as_service() { "$@"; }
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# CPU seconds (user + system) used so far by a process, from /proc; "-" for none.
cpu_seconds() {
  [ "$1" = - ] && { echo -; return; }
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) / hz }' "/proc/$1/stat" 2>/dev/null || echo -
}

# ---- workspace and cleanup -----------------------------------------------------------------------------------
# Sets WORK (temporary directory, removed on a successful exit unless KEEP_WORKDIR=1) and PASSWORD (the bench
# role's password). Processes to stop on exit go into STOP_PIDS (children and daemons alike).
STOP_PIDS=()
PG_STARTED=0
cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  local pid
  for pid in "${STOP_PIDS[@]}"; do
    kill "$pid" 2>/dev/null
  done
  for pid in "${STOP_PIDS[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  if [ "$PG_STARTED" = 1 ]; then
    as_service "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null 2>&1
  fi
  if [ "$rc" != 0 ] || [ "${KEEP_WORKDIR:-0}" = 1 ]; then
    log "logs and configuration kept in $WORK (remove it when done)"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}

bench_start() {
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/sluice-bench.XXXXXX")"
  chmod 755 "$WORK"
  mkdir -p "$WORK/pg"
  chmod 700 "$WORK/pg"
  chown "$SERVICE_USER" "$WORK/pg"
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  PASSWORD="$(openssl rand -hex 16)"
}

# ---- PostgreSQL ----------------------------------------------------------------------------------------------
# Sets PG_PORT and PG_SOCKET. The bench role owns the bench database and logs in over loopback TCP with
# scram-sha-256; the local socket (trust, as postgres) is for set-up only: see pg_setup.
start_postgres() {
  PG_PORT="$(free_port)"
  PG_SOCKET="$WORK/pg/socket"
  as_service mkdir -p "$PG_SOCKET"
  log "starting PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
  as_service "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C >"$WORK/pg/initdb.log" 2>&1 || die "initdb failed, see $WORK/pg/initdb.log"
  as_service tee -a "$WORK/pg/data/postgresql.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCKET'
max_connections = 250
shared_buffers = 256MB
password_encryption = scram-sha-256
EOF
  as_service tee "$WORK/pg/data/pg_hba.conf" >/dev/null <<EOF
local all postgres trust
host  all all 127.0.0.1/32 scram-sha-256
EOF
  as_service "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/postgres.log" -w start >/dev/null \
    || die "PostgreSQL did not start, see $WORK/pg/postgres.log"
  PG_STARTED=1
  pg_setup -d postgres >/dev/null <<EOF
CREATE ROLE $BENCH_USER LOGIN PASSWORD '$PASSWORD';
CREATE DATABASE $BENCH_DB OWNER $BENCH_USER;
EOF
}

# psql as the postgres superuser over the local socket; SQL on stdin or -c.
pg_setup() {
  as_service psql -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET" -p "$PG_PORT" -U postgres "$@"
}

# ---- Sluice --------------------------------------------------------------------------------------------------
# sluice_config DIR TLS_PORT PLAIN_PORT ADMIN_PORT [GROUPS [EXTRA_YAML]]: writes DIR/sluice.yaml with a TLS
# listener, a plaintext-allowed listener, the development issuer and one connection to the bench database
# allowed to GROUPS (default "bench"). The keys used are understood by every Sluice since the first benchmark,
# so old builds (BASE_JAR) read the same file; EXTRA_YAML is appended as is (e.g. a policies: block).
sluice_config() {
  local dir="$1" tls_port="$2" plain_port="$3" admin_port="$4" groups="${5:-bench}" extra="${6:-}"
  mkdir -p "$dir"
  chmod 700 "$dir"
  printf '%s' "$PASSWORD" >"$dir/backend.password"
  chmod 600 "$dir/backend.password"
  cat >"$dir/sluice.yaml" <<EOF
data_directory: ./data
admin: { enabled: true, bind: 127.0.0.1:$admin_port }
listeners:
  - { name: tls, protocol: postgres, bind: 127.0.0.1:$tls_port, allow_plaintext: false }
  - { name: plain, protocol: postgres, bind: 127.0.0.1:$plain_port, allow_plaintext: true }
identity:
  development_issuer: { enabled: true, max_token_lifetime: 12h }
connections:
  - name: $BENCH_DB
    protocol: postgres
    backend: { address: 127.0.0.1:$PG_PORT, database: $BENCH_DB, tls: disable }
    credentials: { username: $BENCH_USER, password: file:backend.password }
    allow: { groups: [$groups] }
$extra
EOF
}

# sluice_cmd JAR JAVA_OPTS: sets SLUICE_CMD to the command that runs Sluice: the current checkout's bin/sluice
# (building the jar when needed; SLUICE_JAVA_OPTS applies as well) when JAR is empty, else java -jar JAR.
# JAVA_OPTS are split on spaces. bin/sluice execs java, so either way the started process is the JVM.
sluice_cmd() {
  local jar="$1" opts="$2"
  if [ -z "$jar" ]; then
    # shellcheck disable=SC2206
    SLUICE_CMD=(env "SLUICE_JAVA_OPTS=${SLUICE_JAVA_OPTS:-} $opts" "$root/bin/sluice")
  else
    # shellcheck disable=SC2206
    SLUICE_CMD=(java $opts -jar "$jar")
  fi
}

# sluice_token JAR DIR SUBJECT GROUPS: a development-issuer token from DIR/sluice.yaml ("g1,g2" groups). Without
# SLUICE_JAVA_OPTS: JVM options such as -XX:StartFlightRecording print to stdout, which would corrupt the token.
sluice_token() {
  SLUICE_JAVA_OPTS="" sluice_cmd "$1" ""
  "${SLUICE_CMD[@]}" token --config "$2/sluice.yaml" --subject "$3" --groups "$4" --ttl 12h \
    || die "could not mint a token with ${1:-bin/sluice}"
}

# sluice_start JAR JAVA_OPTS DIR ADMIN_PORT: starts Sluice on DIR/sluice.yaml, logging to DIR/sluice.log, waits
# for /readyz and sets SLUICE_PID to the JVM's process id (also added to STOP_PIDS).
sluice_start() {
  local jar="$1" opts="$2" dir="$3" admin_port="$4"
  sluice_cmd "$jar" "$opts"
  # env and bin/sluice exec, so $! is the JVM itself (its CPU time and jcmd need that id).
  "${SLUICE_CMD[@]}" serve --config "$dir/sluice.yaml" >"$dir/sluice.log" 2>&1 &
  SLUICE_PID=$!
  STOP_PIDS+=("$SLUICE_PID")
  for _ in $(seq 300); do
    curl -sf "http://127.0.0.1:$admin_port/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$SLUICE_PID" 2>/dev/null || die "Sluice exited, see $dir/sluice.log"
    sleep 0.1
  done
  die "Sluice not ready after 30 s, see $dir/sluice.log"
}

# Machine and software description for a results file, as Markdown list items.
bench_meta() {
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- machine: $(nproc) cores ($(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)), $(free -h | awk '/^Mem:/{print $2}') memory"
  echo "- PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), $(psql --version), $(java -version 2>&1 | head -n1)"
  echo "- Sluice commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$( [ -n "$(git -C "$root" status --porcelain -- '*/src/main/*' 2>/dev/null)" ] && echo ' (with uncommitted source changes)')"
  echo "- load average before the benchmark started anything: $LOAD_AT_START"
}
