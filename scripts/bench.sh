#!/usr/bin/env bash
# make bench: solves the generated weeks S, M, L, XL (one process per size and run, so peak memory
# is that size's) with the release build, RUNS times each for each of SEEDS, and writes every run to
# bench/results.csv and the medians to bench/summary.csv.
# make bench-peers (PEERS=1): also writes each week's full model as CPLEX LP and solves it with CBC
# RUNS times in the same run, printing the median of our time to a 0.1 % gap divided by the median
# of CBC's time to optimality, so the comparison holds on a noisy machine.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"S M L XL"}
# INTERVAL=15: the 15-minute weeks; BREAKS=1: shifts take breaks placed by the optimizer;
# QUEUES=4: four queues, agents with one to three skills.
EXTRA="${INTERVAL:+--interval $INTERVAL} ${BREAKS:+--breaks} ${QUEUES:+--queues $QUEUES}"
LIMIT=${LIMIT:-120}
RUNS=${RUNS:-3}
# SEEDS="48 49 50 51 52": each seed's week on its own (the ratio is per seed).
SEEDS=${SEEDS:-48}
bin=$(swift build -c release --show-bin-path)
mkdir -p bench
results=bench/results.csv
summary=bench/summary.csv
rm -f "$results"
echo "size,seed,runs,first_roster_s,gap_0.1pct_s,objective,bound,peak_mb,cbc_s,cbc_result,ratio" > "$summary"
if [ "${PEERS:-0}" = 1 ] && ! command -v cbc >/dev/null 2>&1; then
  echo "bench: installing coinor-cbc" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO=sudo; fi
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq coinor-cbc >/dev/null
fi
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for size in $SIZES; do
  for seed in $SEEDS; do
    echo "== $size seed $seed"
    runs="bench/runs-$size-$seed.csv"
    rm -f "$runs"
    for run in $(seq "$RUNS"); do
      "$bin/roster-bench" --size "$size" --seed "$seed" $EXTRA --time-limit "$LIMIT" --results "$runs" | grep -E "first_roster|gap_0.1pct|objective|bound|status|peak" | tr '\n' ' '
      echo
    done
    column() { awk -F, -v c="$1" 'NR > 1 && $c != "" { print $c }' "$runs"; }
    first=$(column 6 | median); ours=$(column 8 | median); objective=$(column 9 | median); bound=$(column 10 | median); peak=$(column 14 | median)
    reached=$(column 8 | wc -l)
    if [ -s "$results" ]; then tail -n +2 "$runs" >> "$results"; else cp "$runs" "$results"; fi
    rm -f "$runs"
    cbc_s=""; cbc_result=""; ratio=""
    if [ "${PEERS:-0}" = 1 ]; then
      lp="bench/$size-$seed.lp"
      "$bin/roster-bench" --size "$size" --seed "$seed" $EXTRA --write-lp "$lp"
      times=()
      for run in $(seq "$RUNS"); do
        start=$(date +%s.%N)
        cbc "$lp" sec "$LIMIT" solve > "bench/$size-$seed.cbc.log" 2>&1 || true
        end=$(date +%s.%N)
        times+=("$(echo "$end - $start" | bc)")
      done
      cbc_s=$(printf '%s\n' "${times[@]}" | median)
      cbc_result=$(grep -m1 -E "^Result - " "bench/$size-$seed.cbc.log" | sed 's/^Result - //' || echo unknown)
      if [ "$reached" = "$RUNS" ]; then ratio=$(echo "scale=3; $ours / $cbc_s" | bc); else ratio="n/a"; fi
      echo "CBC on the same model: median ${cbc_s} s of $RUNS ($cbc_result); ours to 0.1 % gap ÷ CBC: $ratio"
    fi
    echo "median of $RUNS: first roster ${first} s, 0.1 % gap ${ours:-not reached} s ($reached of $RUNS runs), objective $objective, bound $bound, peak ${peak} MB"
    echo "$size,$seed,$RUNS,$first,$ours,$objective,$bound,$peak,$cbc_s,$cbc_result,$ratio" >> "$summary"
  done
done
echo "results: $results, medians: $summary"
