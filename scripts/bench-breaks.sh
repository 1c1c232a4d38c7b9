#!/usr/bin/env bash
# make bench-breaks: what placing breaks together with the shifts saves against "shifts first,
# breaks placed afterwards" (issue 14). For the example week with breaks and the generated weeks
# with breaks (FAMILIES, SEEDS), solves each RUNS times both ways for LIMIT seconds with the
# release build and writes every run to bench/breaks.csv: objective, bound, status and
# under-staffed agent-hours, then the medians per case and way.
set -euo pipefail
cd "$(dirname "$0")/.."
LIMIT=${LIMIT:-60}
RUNS=${RUNS:-3}
SEEDS=${SEEDS:-"48 49 50"}
# Each family is roster-bench's options; "example" is examples/contact-center-week-breaks.
FAMILIES=${FAMILIES:-"example|--size S --interval 15 --breaks|--size M --interval 15 --breaks|--size M --breaks"}
bin=$(swift build -c release --show-bin-path)
mkdir -p bench
results=bench/breaks.csv
echo "case,seed,way,run,objective,bound,status,total_s,short_agent_hours" > "$results"
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
field() { grep -E "^$1:" | head -1 | sed "s/^$1: //"; }
IFS='|' read -r -a families <<< "$FAMILIES"
for family in "${families[@]}"; do
  if [ "$family" = example ]; then options="--scenario examples/contact-center-week-breaks/scenario.yaml"; seeds=-; else options=$family; seeds=$SEEDS; fi
  for seed in $seeds; do
    seedOption=""; [ "$seed" = - ] || seedOption="--seed $seed"
    for way in joint shifts-first; do
      wayOption=""; [ "$way" = joint ] || wayOption="--shifts-first"
      for run in $(seq "$RUNS"); do
        # shellcheck disable=SC2086
        out=$("$bin/roster-bench" $options $seedOption --time-limit "$LIMIT" $wayOption)
        echo "\"$family\",$seed,$way,$run,$(echo "$out" | field objective),$(echo "$out" | field bound),$(echo "$out" | field status),$(echo "$out" | field total_s),$(echo "$out" | field short_agent_hours)" >> "$results"
      done
      rows=$(grep -F "\"$family\",$seed,$way," "$results")
      objective=$(echo "$rows" | awk -F, '{ print $5 }' | median); short=$(echo "$rows" | awk -F, '{ print $9 }' | median)
      echo "$family seed $seed, $way: median of $RUNS objective $objective, short $short agent-hours"
    done
  done
done
