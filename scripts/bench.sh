#!/usr/bin/env bash
# Times `missionmatch match` on generated presets and prints a Markdown table:
# median wall time of 3 runs per (preset, seed), time per phase from
# summary.json (load, eligibility, model build, each level's solve; export
# and process start-up are the rest of the wall time), the solver status,
# eligible pairs, and peak memory (GNU time).
#
#   scripts/bench.sh            # presets S and M, seeds 1-3, scarce and ample
#   PRESETS="S M L" SEEDS="1" scripts/bench.sh
#   PRESETS=M SEEDS="$(seq -s' ' 1 10)" SUPPLY=scarce RUNS=1 scripts/bench.sh
#   PRESETS=M SUPPLY=scarce TIME="--time" MATCH_ARGS="--rotations-until 2028-06-30" scripts/bench.sh
#   PRESETS=M SEEDS="$(seq -s' ' 1 10)" SUPPLY=scarce RUNS=1 MATCH_ARGS="--gap 0.1" scripts/bench.sh
#   PRESETS=XL SEEDS=1 RUNS=1 LIMIT=600 scripts/bench.sh
#   PRESETS="" ORLIB="assign800 assignp5000" scripts/bench.sh   # OR-Library instances
#
# SUPPLY: which generated pools, "scarce" (the default of `generate`: the
# services release officers for 55-90 % of the seats) and/or "ample"
# (`generate --ample`). TIME holds more flags of `generate`: "--time" dates
# them, "--tight-targets" asks for targets the pool cannot all meet (both
# may be given). LIMIT: a time limit in
# seconds per run (the status column then says time_limit).
#
# OR-Library files are read from ../shared/data/real/orlib (ORLIB_DIR) and
# mapped onto a data folder by scripts/orlib_to_folder.py.
set -euo pipefail
cd "$(dirname "$0")/.."
PRESETS=${PRESETS-"S M"}
ORLIB=${ORLIB:-}
ORLIB_DIR=${ORLIB_DIR:-../shared/data/real/orlib}
SEEDS=${SEEDS:-"1 2 3"}
RUNS=${RUNS:-3}
SUPPLY=${SUPPLY:-"scarce ample"}
TIME=${TIME:-}
LIMIT=${LIMIT:-}
MATCH_ARGS=${MATCH_ARGS:-}
limit_args=()
if [ -n "$LIMIT" ]; then limit_args=(--time-limit "$LIMIT"); fi
cargo build --release --quiet
bin=target/release/missionmatch
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "| instance | seed | pairs | load s | eligibility s | build s | fill s | balance s | quality s | export s | wall s (median of $RUNS) | peak MB | status |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
measure() { # name seed data
  local name=$1 seed=$2 data=$3 walls=() wall kb median peak=
  for r in $(seq "$RUNS"); do
    # Exit code 3 (plan written, not proven optimal) is a result, not a failure.
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin" match --quiet --data "$data" --out "$work/out" "${limit_args[@]}" $MATCH_ARGS >/dev/null ||
      [ $? -eq 3 ]
    read -r wall kb < <(tail -n 1 "$work/time")
    walls+=("$wall")
    if [ -z "$peak" ] || [ "$kb" -gt "$peak" ]; then peak=$kb; fi
  done
  median=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  python3 - "$work/out/summary.json" "$name" "$seed" "$median" "$peak" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
t, l = s["timings"], s["levels"]
f = lambda x: f"{x:.3f}"
status = s["status"]
for name, lv in l.items():
    if lv["status"] in ("unproven", "time_limit", "within_gap"):
        gap = lv["gap"]
        status += f" ({name}, gap {gap * 100:.3f}%)" if gap is not None else f" ({name})"
rest = float(sys.argv[4]) - sum(t[k] for k in ("load", "eligibility", "build", "solve"))
print(f"| {sys.argv[2]} | {sys.argv[3]} | {s['counts']['eligible_pairs']} | {f(t['load'])} | {f(t['eligibility'])} | {f(t['build'])} | "
      f"{f(l['fill']['seconds'])} | {f(l['balance']['seconds'])} | {f(l['quality']['seconds'])} | {max(rest, 0):.2f} | {sys.argv[4]} | {int(sys.argv[5]) // 1024} | {status} |")
PY
}
for p in $PRESETS; do
  for supply in $SUPPLY; do
    flag=()
    if [ "$supply" = ample ]; then flag=(--ample); fi
    for s in $SEEDS; do
      "$bin" generate --preset "$p" --seed "$s" "${flag[@]}" $TIME --out "$work/$p-$s" >/dev/null
      label="$p $supply"
      case " $TIME " in *" --time "*) label+=" dated" ;; esac
      case " $TIME " in *" --tight-targets "*) label+=" tight targets" ;; esac
      measure "$label" "$s" "$work/$p-$s"
    done
  done
done
for f in $ORLIB; do
  python3 scripts/orlib_to_folder.py "$ORLIB_DIR/$f.txt" "$work/$f"
  measure "$f" "-" "$work/$f"
done
