#!/usr/bin/env bash
# Measures every pool size on scarce and ample generated pools with
# scripts/bench.sh and prints one Markdown table with the speed target of
# each row and whether it is met, followed by every run.
#
#   scripts/bench_targets.sh                      # every row (about an hour and a half)
#   ROWS="s-ample s-scarce m-ample" scripts/bench_targets.sh
#   KEEP=/tmp/rows scripts/bench_targets.sh        # keep each row's runs there; rows
#                                                  # already there are not run again
#
# Rows (ROWS picks some, by name):
#   s-ample s-scarce      S (300 officers), seeds 1-3 / 1-10
#   m-ample               M (2,500 officers), ample, seeds 1-3, median of 3 runs
#   m-scarce m-scarce-gap M scarce, seeds 1-10, exact / --gap 0.5, 120 s limit
#   m-dated m-dated-gap   M scarce, dated, rotations until 2028-06-30, seeds 1-3,
#                         exact / with --gap 0.5
#   m-tight-ample m-tight m-tight-gap m-tight-dated
#                         M with targets the pool cannot all meet
#                         (generate --tight-targets): ample, seeds 1-3;
#                         scarce, seeds 1-10 exact / with --gap 0.5; scarce
#                         dated with rotations, seeds 1-3; 120 s limit
#   l-ample l-scarce      L (20,000 officers), 600 s limit
#   xl-ample xl-scarce    XL (100,000 officers), seed 1, 600 s limit
#
# A row is met when every run is proven (within its gap for --gap rows),
# the median and the worst wall time are within the target, and so is the
# peak memory.
set -euo pipefail
# KEEP is taken from where the script is run, before moving to the checkout.
if [ -n "${KEEP:-}" ]; then
  mkdir -p "$KEEP"
  KEEP=$(cd "$KEEP" && pwd)
fi
cd "$(dirname "$0")/.."
ROWS=${ROWS:-"s-ample s-scarce m-ample m-scarce m-scarce-gap m-dated m-dated-gap m-tight-ample m-tight m-tight-gap m-tight-dated l-ample l-scarce xl-ample xl-scarce"}
if [ -n "${KEEP:-}" ]; then
  work=$KEEP
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
ten="1 2 3 4 5 6 7 8 9 10"
# name|PRESETS|SUPPLY|TIME (more flags of generate)|MATCH_ARGS|SEEDS|RUNS|LIMIT|median target s|worst target s|memory target MB
specs="
s-ample|S|ample|||1 2 3|3||0.3|0.3|
s-scarce|S|scarce|||$ten|1||0.3|0.3|
m-ample|M|ample|||1 2 3|3||5|5|
m-scarce|M|scarce|||$ten|1|120|1|2|200
m-scarce-gap|M|scarce||--gap 0.5|$ten|1|120||||
m-dated|M|scarce|--time|--rotations-until 2028-06-30|1 2 3|1|120|2|2|
m-dated-gap|M|scarce|--time|--rotations-until 2028-06-30 --gap 0.5|1 2 3|1|120||||
m-tight-ample|M|ample|--tight-targets||1 2 3|1|120|5|5|
m-tight|M|scarce|--tight-targets||$ten|1|120|1|2|200
m-tight-gap|M|scarce|--tight-targets|--gap 0.5|$ten|1|120||||
m-tight-dated|M|scarce|--time --tight-targets|--rotations-until 2028-06-30|1 2 3|1|120|2|2|
l-ample|L|ample|||1 2 3|1|600|60|60|
l-scarce|L|scarce|||1|1|600|20|20|
xl-ample|XL|ample|||1|1|600|600|600|8192
xl-scarce|XL|scarce|||1|1|600|600|600|8192
"
for row in $ROWS; do
  grep -q "^$row|" <<<"$specs" || { echo "unknown row: $row" >&2; exit 2; }
done
for row in $ROWS; do
  line=$(grep "^$row|" <<<"$specs")
  IFS='|' read -r name presets supply time args seeds runs limit _ <<<"$line"
  if [ -n "${KEEP:-}" ] && [ -s "$work/$name.rows" ] && ! grep -q FAILED "$work/$name.rows"; then
    echo "$name: kept from $work" >&2
    continue
  fi
  echo "running $name ($(date +%H:%M:%S))" >&2
  # A run that fails (exit code other than 0 or 3) ends its row, not the
  # table: the row says so, and the runs before it are kept. A row cut
  # short (Ctrl-C) leaves no file, so KEEP runs it again.
  PRESETS=$presets SUPPLY=$supply TIME=$time MATCH_ARGS=$args SEEDS=$seeds RUNS=$runs LIMIT=$limit \
    scripts/bench.sh | tail -n +3 >"$work/$name.rows.part" || echo "FAILED" >>"$work/$name.rows.part"
  mv "$work/$name.rows.part" "$work/$name.rows"
done
printf '%s\n' "$specs" >"$work/specs"
python3 - "$work" "$ROWS" <<'PY'
import statistics, sys

work, rows = sys.argv[1], sys.argv[2].split()
specs = {}
for line in open(f"{work}/specs").read().strip().splitlines():
    f = line.split("|")
    specs[f[0]] = f
def secs(x):
    if x < 60:
        return f"{x:.2f} s".replace(".00 s", " s")
    return f"{x:.0f} s" if x < 600 else f"{x / 60:.1f} min".replace(".0 min", " min")
print("| pool | seeds | proven (`--gap`: within it) | median wall | worst wall | peak memory | target | |")
print("|---|---|---|---|---|---|---|---|")
every = []
for name in rows:
    f = specs[name]
    presets, supply, time, args, seeds, runs, limit, median_t, worst_t, mem_t = f[1:11]
    text = open(f"{work}/{name}.rows").read()
    lines = [l for l in text.splitlines() if l.startswith("|")]
    cells = [[c.strip() for c in l.strip("|").split("|")] for l in lines]
    label = (f"{presets} {supply}" + (" dated" if "--time" in time.split() else "")
             + (" tight targets" if "--tight-targets" in time.split() else "")
             + (f" `{args}`" if args else ""))
    if "FAILED" in text or not cells:
        print(f"| {label} | {seeds.replace(' ', ', ')} | **a run failed** (its error is above) | | | | | |")
        every += ["| " + " | ".join([label] + c[1:]) + " |" for c in cells]
        continue
    walls = [float(c[10]) for c in cells]
    peak = max(int(c[11]) for c in cells)
    settled = ("optimal", "within_gap") if "--gap" in args else ("optimal",)
    proven = sum(c[12].split(" ")[0] in settled for c in cells)
    median, worst = statistics.median(walls), max(walls)
    if median_t:
        if worst_t == median_t:
            target = f"≤ {secs(float(median_t))} each"
        else:
            target = f"median ≤ {secs(float(median_t))}, worst ≤ {secs(float(worst_t))}"
        if mem_t:
            mem = int(mem_t)
            target += f", ≤ {mem // 1024} GB" if mem % 1024 == 0 else f", ≤ {mem:,} MB"
        met = (proven == len(cells) and median <= float(median_t) and worst <= float(worst_t)
               and (not mem_t or peak <= int(mem_t)))
        verdict = "met" if met else "**not met**"
    else:
        target, verdict = "none", ""
    every += ["| " + " | ".join([label] + c[1:]) + " |" for c in cells]
    limit_note = f" (limit {limit} s)" if limit else ""
    # A run stopped at the limit would have taken longer to prove.
    at_least = "≥ " if proven < len(cells) else ""
    print(f"| {label} | {seeds.replace(' ', ', ')} | {proven} of {len(cells)}{limit_note} | "
          f"{at_least}{secs(median)} | {at_least}{secs(worst)} | {peak:,} MB | {target} | {verdict} |")
print()
print("Every run:")
print()
print("| instance | seed | pairs | load s | eligibility s | build s | fill s | balance s | quality s | export s | wall s | peak MB | status |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
print("\n".join(every))
PY
