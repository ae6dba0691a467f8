#!/usr/bin/env bash
# Measures what result masking costs: one large SELECT streamed from PostgreSQL directly, through Sluice as a
# group without masking rules (dba) and as a group whose results are masked (support). Also records Sluice's
# peak heap during each run, and repeats the masked query at several result sizes to show whether the heap
# grows with the result. Everything runs on loopback and is stopped and removed on exit.
#
#   bench/masking.sh                  # 2,000,000 rows, 3 rounds, psql and pgbench; sizes 1M 2M 4M; ~2 minutes
#   ROWS=200000 SIZES="100000 200000" REPEAT=1 bench/masking.sh    # a quick try
#
# Settings (environment): ROWS (rows of the main comparison, default 2000000), SIZES (result sizes for the heap
# series, default "1000000 2000000 4000000"; the table holds max(ROWS, SIZES) rows), REPEAT (rounds of the main
# comparison, default 3; the table shows the median), TOOLS ("psql pgbench"), SSLMODE (client TLS towards
# Sluice: require, the default, or disable for its plaintext listener; direct is always disable),
# SAMPLE_MS (heap sampling period, default 200), RESULTS_DIR (default bench/results), KEEP_WORKDIR=1,
# SLUICE_JAVA_OPTS (passed to the JVM).
#
# Clients: psql -A -t (unaligned, no headers; the result goes to /dev/null and psql prints the row count it
# got) and pgbench -n -t 1 -M extended with the query as a custom script (libpq receives and discards the
# rows, no formatting). Both keep the whole result in client memory, as libpq does without a cursor; the
# client does the same work on every path, so the difference between paths is Sluice's.
set -euo pipefail

# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROWS="${ROWS:-2000000}"
SIZES="${SIZES:-1000000 2000000 4000000}"
REPEAT="${REPEAT:-3}"
TOOLS="${TOOLS:-psql pgbench}"
SSLMODE="${SSLMODE:-require}"
SAMPLE_MS="${SAMPLE_MS:-200}"
RESULTS_DIR="${RESULTS_DIR:-$root/bench/results}"
TABLE_ROWS="$ROWS"
for n in $SIZES; do [ "$n" -gt "$TABLE_ROWS" ] && TABLE_ROWS="$n"; done
command -v jcmd >/dev/null || die "jcmd (from the JDK) is needed to collect Sluice's heap between runs"

bench_start

# ---- PostgreSQL and the data ---------------------------------------------------------------------------------
start_postgres
log "loading $TABLE_ROWS customers (name, email, card number, notes with an SSN in one of ten)"
pg_setup -d "$BENCH_DB" <<EOF
CREATE TABLE customers (
  id          bigint NOT NULL,
  name        text   NOT NULL,
  email       text   NOT NULL,
  card_number text   NOT NULL,
  notes       text
);
ALTER TABLE customers OWNER TO $BENCH_USER;
EOF
# Deterministic synthetic data: Luhn-valid Visa/Mastercard numbers, addresses derived from names, and notes
# that sometimes carry an SSN or a second address (what the support group's detectors look for).
python3 - "$TABLE_ROWS" <<'PY' | pg_setup -d "$BENCH_DB" -c "COPY customers FROM STDIN"
import random, sys
rows = int(sys.argv[1])
rnd = random.Random(42)
first = "James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph Jessica Thomas Sarah Carlos Maria Wei Yuki Ahmed Fatima Olga Pierre Ana Lars Priya Kwame".split()
last = "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Nakamura Okafor Novak Dubois Jensen".split()
domains = "example.com mail.example.org corp.example.net inbox.example.io".split()
notes = [
    "Prefers contact by phone after 5pm; asked about invoice {n}.",
    "Upgraded to the annual plan, discount code SPRING{n} applied.",
    "Reported a late delivery for order {n}; refund issued.",
    "No notes.",
    "Called twice about the billing address; updated on file.",
    "VIP customer since 2019, account manager assigned.",
]
def luhn(prefix):
    digits = [int(c) for c in prefix]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return prefix + str((10 - total % 10) % 10)
out = sys.stdout
buf = []
for i in range(1, rows + 1):
    f, l = rnd.choice(first), rnd.choice(last)
    email = f"{f.lower()}.{l.lower()}{i}@{rnd.choice(domains)}"
    prefix = rnd.choice(("4", "51", "52", "55"))
    card = luhn(prefix + "".join(rnd.choice("0123456789") for _ in range(15 - len(prefix))))
    r = rnd.random()
    if r < 0.1:
        note = f"Identity verified by SSN {rnd.randint(100, 665):03d}-{rnd.randint(1, 99):02d}-{rnd.randint(1, 9999):04d} on the phone."
    elif r < 0.15:
        note = f"Asked to copy invoices to {l.lower()}.accounts@{rnd.choice(domains)}."
    elif r < 0.2:
        note = "\\N"
    else:
        note = rnd.choice(notes).format(n=rnd.randint(10000, 99999))
    buf.append(f"{i}\t{f} {l}\t{email}\t{card}\t{note}\n")
    if len(buf) == 10000:
        out.write("".join(buf))
        buf.clear()
out.write("".join(buf))
PY
pg_setup -d "$BENCH_DB" -c "ALTER TABLE customers ADD PRIMARY KEY (id)" -c "VACUUM (ANALYZE) customers"
TABLE_SIZE="$(pg_setup -d "$BENCH_DB" -At -c "SELECT pg_size_pretty(pg_table_size('customers'))")"
log "customers: $TABLE_ROWS rows, $TABLE_SIZE"

# ---- Sluice: dba unmasked, support masked --------------------------------------------------------------------
SLUICE_PORT="$(free_port)"
SLUICE_PLAIN_PORT="$(free_port)"
SLUICE_ADMIN_PORT="$(free_port)"
sluice_config "$WORK/sluice" "$SLUICE_PORT" "$SLUICE_PLAIN_PORT" "$SLUICE_ADMIN_PORT" "dba, support" \
  "policies: { directory: policies, reload_interval: 2s }"
mkdir -p "$WORK/sluice/policies"
cat >"$WORK/sluice/policies/bench.yaml" <<EOF
rules:
  - name: dba-unmasked
    match: { groups: [dba], connections: [$BENCH_DB] }
    allow: true
  - name: support-masked
    match: { groups: [support], connections: [$BENCH_DB] }
    allow: true
    mask:
      - columns: ["*email*"]
        masker: email
      - columns: ["*card*"]
        masker: { partial: { keep_last: 4 } }
      - detectors: [card, us_ssn, email]
        masker: redact
EOF
log "building Sluice if needed and starting it on 127.0.0.1:$SLUICE_PORT (TLS) and :$SLUICE_PLAIN_PORT (plaintext)"
TOKEN_DBA="$(sluice_token "" "$WORK/sluice" dora dba)"
TOKEN_SUPPORT="$(sluice_token "" "$WORK/sluice" sam support)"
sluice_start "" "" "$WORK/sluice" "$SLUICE_ADMIN_PORT"
[ "$SSLMODE" = disable ] && SLUICE_CLIENT_PORT="$SLUICE_PLAIN_PORT" || SLUICE_CLIENT_PORT="$SLUICE_PORT"

# target_conn NAME -> "port sslmode password"
target_conn() {
  case "$1" in
    direct)  echo "$PG_PORT disable $PASSWORD" ;;
    dba)     echo "$SLUICE_CLIENT_PORT $SSLMODE $TOKEN_DBA" ;;
    support) echo "$SLUICE_CLIENT_PORT $SSLMODE $TOKEN_SUPPORT" ;;
    *) die "unknown target $1" ;;
  esac
}

# Show what each group gets, and fail early if the support group's rows come back unmasked.
sample_sql="SELECT * FROM customers WHERE notes LIKE '%SSN%' ORDER BY id LIMIT 2"
for target in dba support; do
  read -r port sslmode password <<<"$(target_conn "$target")"
  PGPASSWORD="$password" PGSSLMODE="$sslmode" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" \
    -U "$BENCH_USER" -d "$BENCH_DB" -c "$sample_sql" >"$WORK/sample-$target.txt" 2>&1 \
    || die "sample query as $target failed: $(cat "$WORK/sample-$target.txt")"
done
grep -q 'SSN \*\*\*\*' "$WORK/sample-support.txt" || die "support's rows are not masked: $(cat "$WORK/sample-support.txt")"
grep -q 'SSN [0-9]' "$WORK/sample-dba.txt" || die "dba's rows are masked: $(cat "$WORK/sample-dba.txt")"

# One sample of Sluice's heap from /metrics: "heap_bytes old_gen_bytes" (G1's old generation, or any pool whose
# name says old/tenured).
heap_sample() {
  curl -sf "http://127.0.0.1:$SLUICE_ADMIN_PORT/metrics" | awk '
    /^jvm_memory_used_bytes\{/ && /area="heap"/ { heap += $NF; if (tolower($0) ~ /old gen|tenured/) old += $NF }
    END { printf "%.0f %.0f\n", heap, old }'
}

# run_query TARGET TOOL N -> prints "seconds rows_received sluice_cpu_s peak_heap_bytes peak_old_bytes"
run_query() {
  local target="$1" tool="$2" n="$3" port sslmode password out="$WORK/run.out" sampler="" samples="$WORK/heap.samples"
  read -r port sslmode password <<<"$(target_conn "$target")"
  local sql="SELECT * FROM customers"
  [ "$n" -lt "$TABLE_ROWS" ] && sql="$sql LIMIT $n"
  : >"$samples"
  if [ "$target" != direct ]; then
    # Start every Sluice run from a collected heap, then sample until the client is done.
    jcmd "$SLUICE_PID" GC.run >/dev/null 2>&1 || true
    heap_sample >>"$samples"
    ( while :; do heap_sample >>"$samples" || true; sleep "$(awk -v ms="$SAMPLE_MS" 'BEGIN{print ms/1000}')"; done ) \
      >/dev/null 2>&1 &
    sampler=$!
  fi
  local cpu_before cpu_after start_ns end_ns received status=0
  cpu_before="$(cpu_seconds "$SLUICE_PID")"
  start_ns="$(date +%s%N)"
  case "$tool" in
    psql)
      PGPASSWORD="$password" PGSSLMODE="$sslmode" PGCONNECT_TIMEOUT=10 \
        psql -X -A -t -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$BENCH_USER" -d "$BENCH_DB" \
        -c '\o /dev/null' -c "$sql" -c '\o' -c '\echo :ROW_COUNT' >"$out" 2>&1 || status=$?
      received="$(tail -n 1 "$out")"
      ;;
    pgbench)
      printf '%s;\n' "$sql" >"$WORK/query.sql"
      PGPASSWORD="$password" PGSSLMODE="$sslmode" PGCONNECT_TIMEOUT=10 \
        pgbench -n -t 1 -c 1 -M extended -f "$WORK/query.sql" -h 127.0.0.1 -p "$port" -U "$BENCH_USER" "$BENCH_DB" \
        >"$out" 2>&1 || status=$?
      # pgbench discards the rows: it reports a finished transaction, not a row count.
      grep -q '^number of failed transactions: 0' "$out" || status=1
      received=-
      ;;
    *) die "unknown tool $tool (known: psql pgbench)" ;;
  esac
  end_ns="$(date +%s%N)"
  cpu_after="$(cpu_seconds "$SLUICE_PID")"
  if [ -n "$sampler" ]; then
    kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
    heap_sample >>"$samples"
  fi
  if [ "$status" != 0 ] || { [ "$received" != - ] && [ "$received" != "$n" ]; }; then
    cp "$out" "$RESULTS_DIR/failed-$stamp-$target-$tool-$n.log"
    die "$tool against $target ($n rows) failed or got $received rows: $(tail -n 3 "$out" | tr '\n' ' ')"
  fi
  local cpu=-
  [ "$target" != direct ] && cpu="$(awk -v a="$cpu_before" -v b="$cpu_after" 'BEGIN { printf "%.2f", b - a }')"
  awk -v s="$start_ns" -v e="$end_ns" -v r="$received" -v c="$cpu" -v t="$target" '
    { if ($1 > h) h = $1; if ($2 > o) o = $2; n++ }
    END { printf "%.3f %s %s %s %s\n", (e - s) / 1e9, r, c, (t == "direct" || n == 0) ? "-" : h, (t == "direct" || n == 0) ? "-" : o }' "$samples"
}

# ---- measured runs -------------------------------------------------------------------------------------------
mkdir -p "$RESULTS_DIR"
stamp="$(date +%Y%m%d-%H%M%S)"
CSV="$RESULTS_DIR/masking-$stamp.csv"
echo "series,tool,rows,round,target,sslmode,seconds,rows_per_s,rows_received,sluice_cpu_s,peak_heap_bytes,peak_old_gen_bytes" >"$CSV"
record() { # series tool n round target
  local result seconds received cpu heap old sslmode
  result="$(run_query "$5" "$2" "$3")"
  read -r seconds received cpu heap old <<<"$result"
  read -r _ sslmode _ <<<"$(target_conn "$5")"
  local rate
  rate="$(awk -v n="$3" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')"
  log "$1 $2 ${3} rows $5 #$4: ${seconds}s, $rate rows/s, Sluice CPU ${cpu}s, peak heap $( [ "$heap" = - ] && echo - || echo "$((heap / 1048576)) MB") (old gen $( [ "$old" = - ] && echo - || echo "$((old / 1048576)) MB"))"
  echo "$1,$2,$3,$4,$5,$sslmode,$seconds,$rate,$received,$cpu,$heap,$old" >>"$CSV"
}
{
  bench_meta
  echo "- command: ROWS=$ROWS SIZES=\"$SIZES\" REPEAT=$REPEAT TOOLS=\"$TOOLS\" SSLMODE=$SSLMODE SAMPLE_MS=$SAMPLE_MS bench/masking.sh"
  echo "- table: customers, $TABLE_ROWS rows, $TABLE_SIZE; Sluice JVM options: ${SLUICE_JAVA_OPTS:-none}"
  echo
  echo "Rows as the dba group gets them (\`$sample_sql\`):"
  echo; echo '```'; cat "$WORK/sample-dba.txt"; echo '```'; echo
  echo "and as the support group gets them:"
  echo; echo '```'; cat "$WORK/sample-support.txt"; echo '```'
} >"$WORK/meta.md"

WARM_ROWS=$(( TABLE_ROWS < 200000 ? TABLE_ROWS : 200000 ))
log "warming up: $WARM_ROWS rows per target and tool"
for tool in $TOOLS; do
  for target in direct dba support; do
    run_query "$target" "$tool" "$WARM_ROWS" >/dev/null
  done
done
log "main comparison: $ROWS rows, $REPEAT rounds, targets alternating within a round"
for tool in $TOOLS; do
  for round in $(seq "$REPEAT"); do
    for target in direct dba support; do
      record main "$tool" "$ROWS" "$round" "$target"
    done
  done
done
log "heap series: psql, sizes $SIZES, unmasked and masked"
for n in $SIZES; do
  for target in dba support; do
    record sizes psql "$n" 1 "$target"
  done
done
{ echo; echo "- load average after the measured runs: $(cut -d' ' -f1-3 /proc/loadavg)"; } >>"$WORK/meta.md"

# ---- report --------------------------------------------------------------------------------------------------
TABLE="$RESULTS_DIR/masking-$stamp.md"
{ cat "$WORK/meta.md"; echo; python3 "$root/bench/masking_report.py" "$CSV"; } >"$TABLE"
echo
cat "$TABLE"
echo
echo "raw results: $CSV"
echo "table:       $TABLE"
