#!/usr/bin/env bash
# Measures what Sluice costs a PostgreSQL client, against the same PostgreSQL reached directly and through
# PgBouncer. Everything runs on this machine, on loopback only, and is stopped and removed on exit.
#
#   bench/pgbench.sh                 # full run: about 12 minutes at the default DURATION
#   QUICK=1 bench/pgbench.sh         # a subset: 16 clients, 5 s runs, every target/script/protocol; ~2.5 minutes
#   DURATION=30 bench/pgbench.sh     # seconds per measured run (default 10)
#
# Other settings (environment): CLIENTS ("1 16 64"), MODES ("simple prepared"), SCRIPTS ("select-only tpcb"),
# TARGETS ("direct pgbouncer pgbouncer-tls sluice sluice-plain"), WARMUP (seconds per target before the
# measured runs, default 5), SCALE (pgbench scale, default 10), REPEAT (rounds over the targets per
# configuration, default 1; the table shows the median), RESULTS_DIR (default bench/results),
# KEEP_WORKDIR=1 (keep logs and configuration in the temporary directory), SLUICE_JAVA_OPTS (passed to Java).
#
# Targets:
#   direct         pgbench -> PostgreSQL, sslmode=disable
#   pgbouncer      pgbench -> PgBouncer (session pooling) -> PostgreSQL, sslmode=disable
#   pgbouncer-tls  as pgbouncer, with TLS between pgbench and PgBouncer (sslmode=require)
#   sluice         pgbench -> Sluice -> PostgreSQL, sslmode=require (TLS is Sluice's default and what it is for)
#   sluice-plain   as sluice, on a second listener with allow_plaintext: true, sslmode=disable
# Every proxy reaches PostgreSQL over plain TCP with scram-sha-256.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
SCALE="${SCALE:-10}"
if [ "${QUICK:-0}" = 1 ]; then
  CLIENTS="${CLIENTS:-16}"
  DURATION="${DURATION:-5}"
  WARMUP="${WARMUP:-3}"
else
  CLIENTS="${CLIENTS:-1 16 64}"
fi
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-5}"
MODES="${MODES:-simple prepared}"
SCRIPTS="${SCRIPTS:-select-only tpcb}"
TARGETS="${TARGETS:-direct pgbouncer pgbouncer-tls sluice sluice-plain}"
REPEAT="${REPEAT:-1}"
THREADS=2
LOAD_AT_START="$(cut -d' ' -f1-3 /proc/loadavg)"
RESULTS_DIR="${RESULTS_DIR:-$root/bench/results}"
BENCH_USER=bench
BENCH_DB=bench

log() { printf '%s bench: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---- prerequisites -------------------------------------------------------------------------------------------
need_apt=()
[ -x "$PG_BIN/postgres" ] && command -v pgbench >/dev/null || need_apt+=(postgresql postgresql-contrib)
command -v pgbouncer >/dev/null || need_apt+=(pgbouncer)
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

# ---- workspace and cleanup -----------------------------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/sluice-bench.XXXXXX")"
chmod 755 "$WORK"
mkdir -p "$WORK/pg" "$WORK/pgbouncer" "$WORK/sluice"
chmod 700 "$WORK/pg" "$WORK/pgbouncer" "$WORK/sluice"
chown "$SERVICE_USER" "$WORK/pg" "$WORK/pgbouncer"
SLUICE_PID=""
PGBOUNCER_PIDS=()
PG_STARTED=0

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  if [ -n "$SLUICE_PID" ] && kill -0 "$SLUICE_PID" 2>/dev/null; then
    kill "$SLUICE_PID"; wait "$SLUICE_PID" 2>/dev/null
  fi
  for pid in "${PGBOUNCER_PIDS[@]}"; do
    kill "$pid" 2>/dev/null
  done
  for pid in "${PGBOUNCER_PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
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
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PASSWORD="$(openssl rand -hex 16)"

# ---- PostgreSQL ----------------------------------------------------------------------------------------------
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
# Only the bench role over loopback TCP with a password; the local socket (trust) is for set-up only.
as_service tee "$WORK/pg/data/pg_hba.conf" >/dev/null <<EOF
local all postgres trust
host  all all 127.0.0.1/32 scram-sha-256
EOF
as_service "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/postgres.log" -w start >/dev/null \
  || die "PostgreSQL did not start, see $WORK/pg/postgres.log"
PG_STARTED=1
as_service psql -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET" -p "$PG_PORT" -U postgres -d postgres >/dev/null <<EOF
CREATE ROLE $BENCH_USER LOGIN PASSWORD '$PASSWORD';
CREATE DATABASE $BENCH_DB OWNER $BENCH_USER;
EOF

# ---- PgBouncer -----------------------------------------------------------------------------------------------
start_pgbouncer() { # name port client_tls_sslmode
  local name="$1" port="$2" tls="$3" dir="$WORK/pgbouncer/$1"
  as_service mkdir -p "$dir"
  as_service tee "$dir/userlist.txt" >/dev/null <<<"\"$BENCH_USER\" \"$PASSWORD\""
  as_service chmod 600 "$dir/userlist.txt"
  if [ "$tls" != disable ]; then
    as_service openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
      -keyout "$dir/server.key" -out "$dir/server.crt" >/dev/null 2>&1
  fi
  as_service tee "$dir/pgbouncer.ini" >/dev/null <<EOF
[databases]
$BENCH_DB = host=127.0.0.1 port=$PG_PORT dbname=$BENCH_DB

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $dir/userlist.txt
pool_mode = session
default_pool_size = 80
max_client_conn = 200
max_db_connections = 0
server_tls_sslmode = disable
client_tls_sslmode = $tls
$( [ "$tls" != disable ] && printf 'client_tls_cert_file = %s\nclient_tls_key_file = %s\n' "$dir/server.crt" "$dir/server.key" )
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
log_connections = 0
log_disconnections = 0
EOF
  as_service pgbouncer -d "$dir/pgbouncer.ini" >/dev/null 2>&1 || die "PgBouncer $name did not start, see $dir/pgbouncer.log"
  for _ in $(seq 50); do [ -s "$dir/pgbouncer.pid" ] && break; sleep 0.1; done
  [ -s "$dir/pgbouncer.pid" ] || die "PgBouncer $name wrote no pid file, see $dir/pgbouncer.log"
  PGBOUNCER_PIDS+=("$(cat "$dir/pgbouncer.pid")")
}
PGBOUNCER_PORT="$(free_port)"
PGBOUNCER_TLS_PORT="$(free_port)"
log "starting PgBouncer $(pgbouncer --version | awk 'NR==1{print $2}') on 127.0.0.1:$PGBOUNCER_PORT (no TLS) and :$PGBOUNCER_TLS_PORT (TLS)"
start_pgbouncer plain "$PGBOUNCER_PORT" disable
start_pgbouncer tls "$PGBOUNCER_TLS_PORT" require

# ---- Sluice --------------------------------------------------------------------------------------------------
SLUICE_PORT="$(free_port)"
SLUICE_PLAIN_PORT="$(free_port)"
SLUICE_ADMIN_PORT="$(free_port)"
printf '%s' "$PASSWORD" >"$WORK/sluice/backend.password"
chmod 600 "$WORK/sluice/backend.password"
cat >"$WORK/sluice/sluice.yaml" <<EOF
data_directory: ./data
admin: { enabled: true, bind: 127.0.0.1:$SLUICE_ADMIN_PORT }
listeners:
  - { name: tls, protocol: postgres, bind: 127.0.0.1:$SLUICE_PORT, allow_plaintext: false }
  - { name: plain, protocol: postgres, bind: 127.0.0.1:$SLUICE_PLAIN_PORT, allow_plaintext: true }
identity:
  development_issuer: { enabled: true, max_token_lifetime: 12h }
connections:
  - name: $BENCH_DB
    protocol: postgres
    backend: { address: 127.0.0.1:$PG_PORT, database: $BENCH_DB, tls: disable }
    credentials: { username: $BENCH_USER, password: file:backend.password }
    allow: { groups: [bench] }
EOF
log "building Sluice if needed and starting it on 127.0.0.1:$SLUICE_PORT (TLS) and :$SLUICE_PLAIN_PORT (plaintext allowed)"
TOKEN="$("$root/bin/sluice" token --config "$WORK/sluice/sluice.yaml" --subject bench --groups bench --ttl 12h)" \
  || die "could not mint a token"
"$root/bin/sluice" serve --config "$WORK/sluice/sluice.yaml" >"$WORK/sluice/sluice.log" 2>&1 &
SLUICE_PID=$!
for _ in $(seq 300); do
  curl -sf "http://127.0.0.1:$SLUICE_ADMIN_PORT/readyz" >/dev/null 2>&1 && break
  kill -0 "$SLUICE_PID" 2>/dev/null || die "Sluice exited, see $WORK/sluice/sluice.log"
  sleep 0.1
done
curl -sf "http://127.0.0.1:$SLUICE_ADMIN_PORT/readyz" >/dev/null || die "Sluice not ready, see $WORK/sluice/sluice.log"

# ---- targets -------------------------------------------------------------------------------------------------
# target_conn NAME -> prints "port sslmode password proxy_pid"
target_conn() {
  case "$1" in
    direct)        echo "$PG_PORT disable $PASSWORD -" ;;
    pgbouncer)     echo "$PGBOUNCER_PORT disable $PASSWORD ${PGBOUNCER_PIDS[0]}" ;;
    pgbouncer-tls) echo "$PGBOUNCER_TLS_PORT require $PASSWORD ${PGBOUNCER_PIDS[1]}" ;;
    sluice)        echo "$SLUICE_PORT require $TOKEN $SLUICE_PID" ;;
    sluice-plain)  echo "$SLUICE_PLAIN_PORT disable $TOKEN $SLUICE_PID" ;;
    *) die "unknown target $1 (known: direct pgbouncer pgbouncer-tls sluice sluice-plain)" ;;
  esac
}

run_pgbench() { # target, then pgbench arguments
  local port sslmode password _pid
  read -r port sslmode password _pid <<<"$(target_conn "$1")"
  shift
  PGPASSWORD="$password" PGSSLMODE="$sslmode" PGCONNECT_TIMEOUT=10 \
    pgbench -h 127.0.0.1 -p "$port" -U "$BENCH_USER" "$@" "$BENCH_DB"
}

# CPU seconds (user + system) used so far by a process, from /proc; "-" for none.
cpu_seconds() {
  [ "$1" = - ] && { echo -; return; }
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) / hz }' "/proc/$1/stat" 2>/dev/null || echo -
}

log "initialising pgbench tables (scale $SCALE) directly"
run_pgbench direct -i -q -s "$SCALE" >"$WORK/pgbench-init.log" 2>&1 || die "pgbench -i failed, see $WORK/pgbench-init.log"

for target in $TARGETS; do
  target_conn "$target" >/dev/null
  if [ "$WARMUP" -gt 0 ]; then
    log "warming up $target for ${WARMUP}s"
    run_pgbench "$target" -S -M prepared -c 16 -j "$THREADS" -T "$WARMUP" >"$WORK/warmup-$target.log" 2>&1 \
      || die "warm-up against $target failed, see $WORK/warmup-$target.log"
  fi
done

# ---- measured runs -------------------------------------------------------------------------------------------
mkdir -p "$RESULTS_DIR"
stamp="$(date +%Y%m%d-%H%M%S)"
CSV="$RESULTS_DIR/pgbench-$stamp.csv"
echo "script,mode,clients,threads,duration_s,repeat,target,sslmode,tps,latency_avg_ms,transactions,failed,proxy_cpu_pct" >"$CSV"
failures=0
runs=$(( REPEAT * $(wc -w <<<"$SCRIPTS") * $(wc -w <<<"$MODES") * $(wc -w <<<"$CLIENTS") * $(wc -w <<<"$TARGETS") ))
n=0
log "$runs runs of ${DURATION}s; results go to $CSV; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- command: ${QUICK:+QUICK=$QUICK }DURATION=$DURATION WARMUP=$WARMUP SCALE=$SCALE REPEAT=$REPEAT CLIENTS=\"$CLIENTS\" MODES=\"$MODES\" SCRIPTS=\"$SCRIPTS\" TARGETS=\"$TARGETS\" bench/pgbench.sh"
  echo "- machine: $(nproc) cores ($(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)), $(free -h | awk '/^Mem:/{print $2}') memory"
  echo "- PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), $(pgbench --version), PgBouncer $(pgbouncer --version | awk 'NR==1{print $2}'), $(java -version 2>&1 | head -n1)"
  echo "- Sluice commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$( [ -n "$(git -C "$root" status --porcelain -- '*/src/main/*' 2>/dev/null)" ] && echo ' (with uncommitted source changes)')"
  echo "- load average before the benchmark started anything: $LOAD_AT_START"
} >"$WORK/meta.md"
for script in $SCRIPTS; do
  case "$script" in
    select-only) script_args=(-S) ;;
    tpcb) script_args=() ;;
    *) die "unknown script $script (known: select-only tpcb)" ;;
  esac
  for mode in $MODES; do
    for clients in $CLIENTS; do
      # Targets innermost, so any drift (caches, table growth under TPC-B, other load) touches every target alike.
      for round in $(seq "$REPEAT"); do
      for target in $TARGETS; do
        n=$((n + 1))
        read -r _ sslmode _ proxy_pid <<<"$(target_conn "$target")"
        out="$WORK/run-$script-$mode-$clients-$target-$round.log"
        cpu_before="$(cpu_seconds "$proxy_pid")"
        start_ns="$(date +%s%N)"
        if run_pgbench "$target" "${script_args[@]}" -M "$mode" -c "$clients" -j "$THREADS" -T "$DURATION" >"$out" 2>&1; then
          status=ok
        else
          status=failed
          failures=$((failures + 1))
        fi
        end_ns="$(date +%s%N)"
        cpu_after="$(cpu_seconds "$proxy_pid")"
        tps="$(awk '/^tps = /{print $3}' "$out")"
        lat="$(awk '/^latency average = /{print $4}' "$out")"
        txns="$(awk -F': ' '/^number of transactions actually processed/{print $2}' "$out" | awk -F/ '{print $1}')"
        failed="$(awk -F': ' '/^number of failed transactions/{print $2}' "$out" | awk '{print $1}')"
        cpu_pct=-
        if [ "$cpu_before" != - ] && [ "$cpu_after" != - ]; then
          cpu_pct="$(awk -v a="$cpu_before" -v b="$cpu_after" -v s="$start_ns" -v e="$end_ns" \
            'BEGIN { printf "%.0f", 100 * (b - a) / ((e - s) / 1e9) }')"
        fi
        if [ "$status" != ok ] || [ -z "$tps" ]; then
          log "run $n/$runs $script $mode c=$clients $target #$round FAILED: $(tail -n 3 "$out" | tr '\n' ' ')"
          [ "$status" = ok ] && failures=$((failures + 1))
          tps=""; lat=""
          cp "$out" "$RESULTS_DIR/failed-$stamp-$script-$mode-$clients-$target-$round.log"
        else
          log "run $n/$runs $script $mode c=$clients $target #$round: tps=$tps latency=${lat}ms proxy_cpu=${cpu_pct}%"
        fi
        echo "$script,$mode,$clients,$THREADS,$DURATION,$round,$target,$sslmode,$tps,$lat,${txns:-},${failed:-},$cpu_pct" >>"$CSV"
      done
      done
    done
  done
done

# ---- report --------------------------------------------------------------------------------------------------
TABLE="$RESULTS_DIR/pgbench-$stamp.md"
echo "- load average after the measured runs: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$WORK/meta.md"
python3 "$root/bench/report.py" "$CSV" "$TARGETS" "$(nproc)" >"$TABLE"
{ cat "$WORK/meta.md"; echo; cat "$TABLE"; } >"$TABLE.tmp" && mv "$TABLE.tmp" "$TABLE"
echo
echo "pgbench, ${DURATION}s per run, -j $THREADS, scale $SCALE; TPS (average latency in ms); ratios are of TPS"
echo
cat "$TABLE"
echo
echo "raw results: $CSV"
echo "table:       $TABLE"
if [ "$failures" -gt 0 ]; then
  log "$failures run(s) failed; their pgbench output is in $RESULTS_DIR/failed-$stamp-*.log"
  exit 1
fi
