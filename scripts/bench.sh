#!/usr/bin/env bash
# make bench: solves the generated weeks S, M, L, XL (one process per size, so peak memory is that
# size's) with the release build and writes bench/results.csv.
# make bench-peers (PEERS=1): also writes each week's full model as CPLEX LP and solves it with CBC
# in the same run, printing our time to a 0.1 % gap divided by CBC's time to optimality.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"S M L XL"}
LIMIT=${LIMIT:-120}
bin=$(swift build -c release --show-bin-path)
mkdir -p bench
results=bench/results.csv
rm -f "$results"
if [ "${PEERS:-0}" = 1 ] && ! command -v cbc >/dev/null 2>&1; then
  echo "bench: installing coinor-cbc" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO=sudo; fi
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq coinor-cbc >/dev/null
fi
for size in $SIZES; do
  echo "== $size"
  "$bin/roster-bench" --size "$size" --time-limit "$LIMIT" --results "$results"
  if [ "${PEERS:-0}" = 1 ]; then
    lp="bench/$size.lp"
    "$bin/roster-bench" --size "$size" --write-lp "$lp"
    start=$(date +%s.%N)
    cbc "$lp" sec "$LIMIT" solve > "bench/$size.cbc.log" 2>&1 || true
    end=$(date +%s.%N)
    cbc_s=$(echo "$end - $start" | bc)
    status=$(grep -m1 -E "^Result - " "bench/$size.cbc.log" || echo "Result - unknown")
    ours=$(awk -F, -v s="$size" '$1==s {print $8}' "$results" | tail -1)
    if [ -n "$ours" ]; then ratio=$(echo "scale=3; $ours / $cbc_s" | bc); else ratio="n/a (no 0.1 % gap reached)"; fi
    echo "CBC on the same model: ${cbc_s} s (${status#Result - }); ours to 0.1 % gap ÷ CBC: $ratio"
  fi
done
echo "results: $results"
