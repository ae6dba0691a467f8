#!/usr/bin/env bash
# Builds the "classification off" Sluice that bench/pgbench.sh compares against to measure what classifying
# and deciding every statement costs: the committed HEAD of this checkout with classification-off.patch
# applied (SessionPolicy.onSql allows every statement at once: no SQL classification, no policy decision per
# statement; decoding, counting and recording stay as they are). Built in a temporary copy that is removed
# afterwards; the checkout is not touched. Uncommitted changes are not included.
#
#   bench/classification-off.sh /tmp/classification-off.jar
#   BASE_JAR=/tmp/classification-off.jar TARGETS="direct sluice sluice-base" CLIENTS=16 REPEAT=3 bench/pgbench.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:?usage: bench/classification-off.sh OUTPUT_JAR}"
src="$(mktemp -d "${TMPDIR:-/tmp}/sluice-classification-off.XXXXXX")"
trap 'rm -rf "$src"' EXIT
git -C "$root" archive HEAD | tar -x -C "$src"
(cd "$src" && git apply "$root/bench/classification-off.patch") \
  || { echo "classification-off.patch no longer applies to SessionPolicy.onSql; update it" >&2; exit 1; }
echo "building Sluice $(git -C "$root" rev-parse --short HEAD) with classification off in $src" >&2
(cd "$src" && ./mvnw -B -q -DskipTests package)
mkdir -p "$(dirname "$out")"
cp "$src/gateway-server/target/sluice.jar" "$out"
echo "$out" >&2
