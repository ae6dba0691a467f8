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
#   sluice-NAME    another Sluice build or JVM setting, as sluice (TLS): SLUICE_VARIANTS="NAME=JAR ..." starts
#                  java -jar JAR on the same configuration, with the JVM options in SLUICE_VARIANT_OPTS_NAME;
#                  BASE_JAR=JAR is short for SLUICE_VARIANTS="base=JAR" (target sluice-base), e.g. an older
#                  commit's jar to measure what a change costs. A variant's target is added to the default TARGETS.
# Every proxy reaches PostgreSQL over plain TCP with scram-sha-256.
set -euo pipefail

NEED_PGBOUNCER=1
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
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
SLUICE_VARIANTS="${SLUICE_VARIANTS:-}${BASE_JAR:+ base=$BASE_JAR}"
declare -A VARIANT_JAR=() VARIANT_PORT=() VARIANT_TOKEN=() VARIANT_PID=()
variant_targets=""
for v in $SLUICE_VARIANTS; do
  name="${v%%=*}"
  [[ "$v" == *=* && "$name" =~ ^[a-z0-9_]+$ ]] || die "SLUICE_VARIANTS entry \"$v\" is not NAME=JAR (NAME: a-z 0-9 _)"
  [ -f "${v#*=}" ] || die "variant $name: no jar at ${v#*=}"
  VARIANT_JAR[$name]="$(cd "$(dirname "${v#*=}")" && pwd)/$(basename "${v#*=}")"
  variant_targets+=" sluice-$name"
done
TARGETS="${TARGETS:-direct pgbouncer pgbouncer-tls sluice sluice-plain$variant_targets}"
REPEAT="${REPEAT:-1}"
THREADS=2
RESULTS_DIR="${RESULTS_DIR:-$root/bench/results}"
wants() { [[ " $TARGETS " == *" $1 "* ]]; }

bench_start

# ---- PostgreSQL ----------------------------------------------------------------------------------------------
start_postgres

# ---- PgBouncer -----------------------------------------------------------------------------------------------
mkdir -p "$WORK/pgbouncer"
chmod 700 "$WORK/pgbouncer"
chown "$SERVICE_USER" "$WORK/pgbouncer"
declare -A PGBOUNCER_PID=()
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
  PGBOUNCER_PID[$name]="$(cat "$dir/pgbouncer.pid")"
  STOP_PIDS+=("${PGBOUNCER_PID[$name]}")
}
PGBOUNCER_PORT="$(free_port)"
PGBOUNCER_TLS_PORT="$(free_port)"
if wants pgbouncer || wants pgbouncer-tls; then
  log "starting PgBouncer $(pgbouncer --version | awk 'NR==1{print $2}') on 127.0.0.1:$PGBOUNCER_PORT (no TLS) and :$PGBOUNCER_TLS_PORT (TLS)"
  start_pgbouncer plain "$PGBOUNCER_PORT" disable
  start_pgbouncer tls "$PGBOUNCER_TLS_PORT" require
fi

# ---- Sluice --------------------------------------------------------------------------------------------------
SLUICE_PORT="$(free_port)"
SLUICE_PLAIN_PORT="$(free_port)"
SLUICE_ADMIN_PORT="$(free_port)"
sluice_config "$WORK/sluice" "$SLUICE_PORT" "$SLUICE_PLAIN_PORT" "$SLUICE_ADMIN_PORT"
log "building Sluice if needed and starting it on 127.0.0.1:$SLUICE_PORT (TLS) and :$SLUICE_PLAIN_PORT (plaintext allowed)"
TOKEN="$(sluice_token "" "$WORK/sluice" bench bench)"
sluice_start "" "" "$WORK/sluice" "$SLUICE_ADMIN_PORT"
SLUICE_MAIN_PID="$SLUICE_PID"
for name in "${!VARIANT_JAR[@]}"; do
  wants "sluice-$name" || continue
  port="$(free_port)"
  admin="$(free_port)"
  opts_var="SLUICE_VARIANT_OPTS_$name"
  # Each variant has its own data directory (certificate, issuer key) and ports; the configuration is the same.
  sluice_config "$WORK/sluice-$name" "$port" "$(free_port)" "$admin"
  log "starting variant sluice-$name from ${VARIANT_JAR[$name]} (${!opts_var:-no JVM options}) on 127.0.0.1:$port (TLS)"
  VARIANT_TOKEN[$name]="$(sluice_token "${VARIANT_JAR[$name]}" "$WORK/sluice-$name" bench bench)"
  sluice_start "${VARIANT_JAR[$name]}" "${!opts_var:-}" "$WORK/sluice-$name" "$admin"
  VARIANT_PORT[$name]="$port"
  VARIANT_PID[$name]="$SLUICE_PID"
done

# ---- targets -------------------------------------------------------------------------------------------------
# target_conn NAME -> prints "port sslmode password proxy_pid"
target_conn() {
  case "$1" in
    direct)        echo "$PG_PORT disable $PASSWORD -" ;;
    pgbouncer)     echo "$PGBOUNCER_PORT disable $PASSWORD ${PGBOUNCER_PID[plain]:-}" ;;
    pgbouncer-tls) echo "$PGBOUNCER_TLS_PORT require $PASSWORD ${PGBOUNCER_PID[tls]:-}" ;;
    sluice)        echo "$SLUICE_PORT require $TOKEN $SLUICE_MAIN_PID" ;;
    sluice-plain)  echo "$SLUICE_PLAIN_PORT disable $TOKEN $SLUICE_MAIN_PID" ;;
    sluice-*)
      [ -n "${VARIANT_PORT[${1#sluice-}]:-}" ] || die "unknown target $1 (no such entry in SLUICE_VARIANTS)"
      echo "${VARIANT_PORT[${1#sluice-}]} require ${VARIANT_TOKEN[${1#sluice-}]} ${VARIANT_PID[${1#sluice-}]}" ;;
    *) die "unknown target $1 (known: direct pgbouncer pgbouncer-tls sluice sluice-plain sluice-VARIANT)" ;;
  esac
}

run_pgbench() { # target, then pgbench arguments
  local port sslmode password _pid
  read -r port sslmode password _pid <<<"$(target_conn "$1")"
  shift
  PGPASSWORD="$password" PGSSLMODE="$sslmode" PGCONNECT_TIMEOUT=10 \
    pgbench -h 127.0.0.1 -p "$port" -U "$BENCH_USER" "$@" "$BENCH_DB"
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
  bench_meta
  echo "- command: ${QUICK:+QUICK=$QUICK }DURATION=$DURATION WARMUP=$WARMUP SCALE=$SCALE REPEAT=$REPEAT CLIENTS=\"$CLIENTS\" MODES=\"$MODES\" SCRIPTS=\"$SCRIPTS\" TARGETS=\"$TARGETS\" bench/pgbench.sh"
  echo "- $(pgbench --version), PgBouncer $(pgbouncer --version | awk 'NR==1{print $2}')"
  for name in "${!VARIANT_JAR[@]}"; do
    opts_var="SLUICE_VARIANT_OPTS_$name"
    echo "- sluice-$name: ${VARIANT_JAR[$name]}${!opts_var:+ with JVM options ${!opts_var}}"
  done
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
