#!/usr/bin/env bash
# Times 50 what-if scenarios on generated M against 50 separate `match`
# runs and prints a Markdown table. The scenarios: the first 25
# services release two more officers, the first 25 missions at 40 % women.
#
#   scripts/bench_whatif.sh                 # ample and scarce M, seed 1
#   SUPPLY=scarce LIMIT=60 scripts/bench_whatif.sh
#   SUPPLY=scarce SEEDS="5 8" COUNT=6 RUNS=1 SEPARATE=0 BIN=/tmp/old scripts/bench_whatif.sh
#   SUPPLY=scarce COUNT=50 RUNS=1 GAP=0.5 scripts/bench_whatif.sh
#
# SUPPLY: "ample" (`generate --ample`) and/or "scarce" (the default of
# `generate`). LIMIT: a time limit in seconds per solve (`--time-limit`).
# RUNS: runs of the what-if batch per pool (3). SEEDS: generated pools
# (1). COUNT: scenarios, half services and half missions (50).
# SEPARATE=0 skips the COUNT separate `match` runs. GAP: settle each
# solve's Quality within this percentage (`--gap`, for `whatif` and the
# separate `match` runs alike). BIN: the binary to time (default: this
# checkout's release build).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-target/release/missionmatch}
if [ -z "${BIN:-}" ]; then cargo build --release --quiet; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
SUPPLY=${SUPPLY:-"ample scarce"}
RUNS=${RUNS:-3}
SEEDS=${SEEDS:-1}
COUNT=${COUNT:-50}
SEPARATE=${SEPARATE:-1}
half=$((COUNT / 2))
LIMIT=${LIMIT:-}
limit_args=()
if [ -n "$LIMIT" ]; then limit_args=(--time-limit "$LIMIT"); fi
GAP=${GAP:-}
if [ -n "$GAP" ]; then limit_args+=(--gap "$GAP"); fi
seconds() { /usr/bin/time -f %e "$@" 2>&1 >/dev/null | tail -1; }
echo "| pool | run | wall s |"
echo "|---|---|---|"
for seed in $SEEDS; do
for supply in $SUPPLY; do
  flag=()
  if [ "$supply" = ample ]; then flag=(--ample); fi
  "$bin" generate --preset M --seed "$seed" "${flag[@]}" --out "$work/M" >/dev/null
  {
    echo "scenario,target,id,field,value"
    tail -n +2 "$work/M/services.csv" | head -"$half" | cut -d, -f1 | awk '{printf "svc%02d,service,%s,max_deployed,+2\n", NR-1, $0}'
    tail -n +2 "$work/M/missions.csv" | head -"$((COUNT - half))" | cut -d, -f1 | awk '{printf "women%02d,mission,%s,min_women_share,0.4\n", NR-1, $0}'
  } >"$work/scenarios.csv"
  for r in $(seq "$RUNS"); do
    # Exit code 3 (some solve stopped by the time limit) is a result.
    echo "| M $supply seed $seed | whatif, $COUNT scenarios + baseline (run $r) | $(seconds "$bin" whatif -q --data "$work/M" --scenarios "$work/scenarios.csv" --out "$work/w" "${limit_args[@]}" || true) |"
  done
  if [ "$SEPARATE" != 0 ]; then
    start=$(date +%s.%N)
    for _ in $(seq "$COUNT"); do "$bin" match -q --data "$work/M" --out "$work/m" "${limit_args[@]}" >/dev/null || [ $? -eq 3 ]; done
    end=$(date +%s.%N)
    echo "| M $supply seed $seed | $COUNT separate match runs | $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') |"
  fi
  rm -rf "$work/M"
done
done
