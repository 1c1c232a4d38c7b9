#!/usr/bin/env bash
# Runs roster-fuzz (every input reader fed mutated copies of the repository's files).
#   scripts/fuzz.sh BIN CASES SEED
# A crash leaves the input being read in .build/fuzz/current.*; it is kept as a reproducer in
# fuzz/crashes/ (named by reader and seed) and the script fails. Replay one with:
#   roster validate …, or the reader named in the file name, on that file.
set -uo pipefail
bin=$1; cases=$2; seed=$3
crash_dir=.build/fuzz
rm -rf "$crash_dir" && mkdir -p "$crash_dir"
"$bin" --cases "$cases" --seed "$seed" --crash-dir "$crash_dir"
status=$?
if [ $status -ne 0 ]; then
  mkdir -p fuzz/crashes
  for current in "$crash_dir"/current.*; do
    [ -e "$current" ] || continue
    name=$(basename "$current"); name=${name#current.}
    kept="fuzz/crashes/seed-$seed-$name"
    cp "$current" "$kept"
    echo "fuzz: the reader crashed (exit $status) on $kept" >&2
  done
  echo "fuzz: 0 passed, 1 failed"
  exit 1
fi
