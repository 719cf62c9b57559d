#!/usr/bin/env bash
# Times 50 what-if scenarios on generated M against 50 separate `match`
# runs (issue 5) and prints a Markdown table. The scenarios: the first 25
# services release two more officers, the first 25 missions at 40 % women.
#
#   scripts/bench_whatif.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/missionmatch
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" generate --preset M --seed 1 --out "$work/M" >/dev/null
{
  echo "scenario,target,id,field,value"
  tail -n +2 "$work/M/services.csv" | head -25 | cut -d, -f1 | awk '{printf "svc%02d,service,%s,max_deployed,+2\n", NR-1, $0}'
  tail -n +2 "$work/M/missions.csv" | head -25 | cut -d, -f1 | awk '{printf "women%02d,mission,%s,min_women_share,0.4\n", NR-1, $0}'
} >"$work/M50.csv"
seconds() { /usr/bin/time -f %e "$@" 2>&1 >/dev/null | tail -1; }
echo "| run | wall s |"
echo "|---|---|"
for r in 1 2 3; do
  echo "| whatif, 50 scenarios + baseline (run $r) | $(seconds "$bin" whatif -q --data "$work/M" --scenarios "$work/M50.csv" --out "$work/w") |"
done
start=$(date +%s.%N)
for _ in $(seq 50); do "$bin" match -q --data "$work/M" --out "$work/m" >/dev/null; done
end=$(date +%s.%N)
echo "| 50 separate match runs | $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') |"
