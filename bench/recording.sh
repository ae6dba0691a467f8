#!/usr/bin/env bash
# Measures what recording sessions costs: pgbench through one Sluice process to the same PostgreSQL, on two
# connections that differ only in recording: `bench` is recorded at the default level (metadata: every
# statement with its decision and its outcome, one hash-chained line per statement, fsynced on a schedule),
# `bench_unrecorded` has a policy rule `record: none`. Same JVM, same JIT state, same TLS; the runs alternate so
# drift touches both alike.
#
#   bench/recording.sh                       # select-only and TPC-B, simple and prepared, 16 clients, 3 rounds
#   DURATION=5 REPEAT=1 bench/recording.sh   # a quick try
#
# Settings (environment): DURATION (seconds per run, default 10), REPEAT (rounds, default 3; the table shows
# the median), CLIENTS (default 16), SCALE (pgbench scale, default 10), KEEP_WORKDIR=1, SLUICE_JAVA_OPTS,
# SLUICE_JAR (another build's jar instead of this checkout's). The table also gives Sluice's CPU time (user +
# system, from /proc) per transaction on each connection.
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DURATION="${DURATION:-10}"
REPEAT="${REPEAT:-3}"
CLIENTS="${CLIENTS:-16}"
SCALE="${SCALE:-10}"
THREADS=2
UNRECORDED=bench_unrecorded

bench_start
start_postgres
log "initialising pgbench tables (scale $SCALE) directly"
PGPASSWORD="$PASSWORD" PGSSLMODE=disable pgbench -h 127.0.0.1 -p "$PG_PORT" -U "$BENCH_USER" -i -q -s "$SCALE" "$BENCH_DB" \
  >"$WORK/pgbench-init.log" 2>&1 || die "pgbench -i failed, see $WORK/pgbench-init.log"

SLUICE_PORT="$(free_port)"
SLUICE_PLAIN_PORT="$(free_port)"
SLUICE_ADMIN_PORT="$(free_port)"
sluice_config "$WORK/sluice" "$SLUICE_PORT" "$SLUICE_PLAIN_PORT" "$SLUICE_ADMIN_PORT" "bench" "  - name: $UNRECORDED
    protocol: postgres
    backend: { address: 127.0.0.1:$PG_PORT, database: $BENCH_DB, tls: disable }
    credentials: { username: $BENCH_USER, password: file:backend.password }
    allow: { groups: [bench] }
policies: { directory: policies }"
mkdir -p "$WORK/sluice/policies"
cat >"$WORK/sluice/policies/recording.yaml" <<EOF2
rules:
  - name: unrecorded-for-comparison
    match: { groups: [bench], connections: [$UNRECORDED] }
    record: none
EOF2
sluice_start "${SLUICE_JAR:-}" "${SLUICE_JAR:+${SLUICE_JAVA_OPTS:-}}" "$WORK/sluice" "$SLUICE_ADMIN_PORT"
TOKEN="$(sluice_token "${SLUICE_JAR:-}" "$WORK/sluice" bench-client bench)"

run() { # database, then pgbench arguments
  local db="$1"
  shift
  PGPASSWORD="$TOKEN" PGSSLMODE=require PGCONNECT_TIMEOUT=10 \
    pgbench -h 127.0.0.1 -p "$SLUICE_PORT" -U bench-client "$@" "$db"
}

log "warming up both connections"
for db in "$UNRECORDED" "$BENCH_DB"; do
  run "$db" -S -M prepared -c "$CLIENTS" -j "$THREADS" -T 5 >"$WORK/warmup-$db.log" 2>&1 || die "warm-up failed, see $WORK/warmup-$db.log"
done

RESULTS="$WORK/recording.csv"
echo "script,mode,round,connection,tps,transactions,cpu_seconds" >"$RESULTS"
for script in select-only tpcb; do
  args=()
  [ "$script" = select-only ] && args=(-S)
  for mode in simple prepared; do
    for round in $(seq "$REPEAT"); do
      for db in "$UNRECORDED" "$BENCH_DB"; do
        out="$WORK/run-$script-$mode-$round-$db.log"
        cpu_before="$(cpu_seconds "$SLUICE_PID")"
        run "$db" "${args[@]}" -n -M "$mode" -c "$CLIENTS" -j "$THREADS" -T "$DURATION" >"$out" 2>&1 \
          || die "pgbench failed, see $out"
        cpu_after="$(cpu_seconds "$SLUICE_PID")"
        tps="$(awk '/^tps = /{print $3}' "$out")"
        txns="$(awk -F': ' '/^number of transactions actually processed/{split($2, a, "/"); print a[1]}' "$out")"
        cpu="$(awk -v a="$cpu_before" -v b="$cpu_after" 'BEGIN{printf "%.2f", b - a}')"
        log "$script $mode round $round $db: $tps tps, $txns transactions, Sluice CPU ${cpu}s"
        echo "$script,$mode,$round,$db,$tps,$txns,$cpu" >>"$RESULTS"
      done
    done
  done
done

RECORDINGS="$(find "$WORK/sluice/data/recordings" -name '*.jsonl' ! -name index.jsonl | wc -l)"
python3 - "$RESULTS" "$UNRECORDED" "$BENCH_DB" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
off, on = sys.argv[2], sys.argv[3]
print("| script | mode | unrecorded TPS | recorded TPS | recorded / unrecorded | per round | Sluice CPU per transaction, unrecorded / recorded |")
print("|---|---|--:|--:|--:|---|--:|")
for script in ("select-only", "tpcb"):
    for mode in ("simple", "prepared"):
        cell = [r for r in rows if r["script"] == script and r["mode"] == mode]
        rounds = sorted({r["round"] for r in cell})
        per = []
        for rnd in rounds:
            t = {r["connection"]: float(r["tps"]) for r in cell if r["round"] == rnd}
            per.append(t[on] / t[off])
        tps_off = statistics.median(float(r["tps"]) for r in cell if r["connection"] == off)
        tps_on = statistics.median(float(r["tps"]) for r in cell if r["connection"] == on)
        def cpu_per_txn(conn):
            runs = [r for r in cell if r["connection"] == conn]
            return 1e6 * sum(float(r["cpu_seconds"]) for r in runs) / sum(int(r["transactions"]) for r in runs)
        print(f"| {script} | {mode} | {tps_off:,.0f} | {tps_on:,.0f} | {statistics.median(per):.2f} | "
              + ", ".join(f"{p:.2f}" for p in per)
              + f" | {cpu_per_txn(off):.1f} µs / {cpu_per_txn(on):.1f} µs |")
PY
echo
echo "recordings written: $RECORDINGS session files; raw results: $RESULTS"
bench_meta
