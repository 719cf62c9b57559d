#!/usr/bin/env bash
# Runs two builds of missionmatch on the same pools and compares every
# output file (summary.json without its timings), plus the text of
# validate, explain, recommend, verify and whatif on the sample data.
# A refactor that must not change any plan is checked with it:
#
#   scripts/compare_binaries.sh OLD_BINARY NEW_BINARY [WORK_DIR]
#
# Pools: the sample data; generated S (seeds 1-3), M (seeds 1-3), L (seed 1);
# and scarce pools (every service's release cut to 30 % or 40 %: services
# run out of officers, head counts stay open) of S and M size.
set -euo pipefail
old=$(realpath "$1"); new=$(realpath "$2")
work=${3:-/tmp/compare_binaries}
repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$work"; cd "$work"

scarce() { # folder share
  python3 - "$1" "$2" <<'PY'
import csv, sys
folder, share = sys.argv[1], float(sys.argv[2])
path = f"{folder}/services.csv"
rows = list(csv.DictReader(open(path, newline="")))
for r in rows:
    r["max_deployed"] = str(int(int(r["max_deployed"]) * share))
w = csv.DictWriter(open(path, "w", newline=""), fieldnames=rows[0].keys())
w.writeheader(); w.writerows(rows)
PY
}

# Builds that generate scarce folders by default take --ample for the
# ample ones (older builds know only those).
ample=()
if "$old" generate --help | grep -q -- --ample; then ample=(--ample); fi
pools=(sample)
[ -d pools/sample ] || { mkdir -p pools; cp -r "$repo/data" pools/sample; }
for spec in S:1 S:2 S:3 M:1 M:2 M:3 L:1; do
  p=${spec%:*}; s=${spec#*:}; name="$p$s"; pools+=("$name")
  [ -d "pools/$name" ] || "$old" generate -q --preset "$p" --seed "$s" "${ample[@]}" --out "pools/$name"
done
for spec in S:4:0.3 S:5:0.4 M:4:0.3 M:5:0.4; do
  IFS=: read -r p s share <<<"$spec"; name="scarce-$p$s"; pools+=("$name")
  if [ ! -d "pools/$name" ]; then
    "$old" generate -q --preset "$p" --seed "$s" "${ample[@]}" --out "pools/$name"; scarce "pools/$name" "$share"
  fi
done

strip() { python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))
def drop(x):
    if isinstance(x,dict):
        return {k:drop(v) for k,v in x.items() if "second" not in k and k not in ("timings","command","version")}
    if isinstance(x,list): return [drop(v) for v in x]
    return x
print(json.dumps(drop(d),indent=1,sort_keys=True))' "$1"; }

fail=0
for bin in old new; do
  b=${!bin}
  for pool in "${pools[@]}"; do
    out="out-$bin/$pool"; rm -rf "$out"
    report=(); case $pool in sample|scarce-S4) report=(--report "$out/report.html") ;; esac
    "$b" match -q --data "pools/$pool" --out "$out" "${report[@]}" || [ $? -eq 3 ]
    strip "$out/summary.json" > "$out/summary.stripped"
  done
  s=pools/sample; t="text-$bin"; mkdir -p "$t"
  "$b" validate --data $s > "$t/validate.txt" 2>&1 || true
  "$b" explain --data $s --officer CPA-0001 > "$t/explain-officer.txt" 2>&1 || true
  "$b" explain --data $s --position MINUSCA/investigator > "$t/explain-position.txt" 2>&1 || true
  "$b" recommend --data $s UNMISS/team_leader --top 3 > "$t/recommend.txt" 2>&1 || true
  "$b" verify --data $s --plan "out-old/sample/assignments.csv" > "$t/verify.txt" 2>&1 || true
  rm -rf "whatif-$bin"
  "$b" whatif -q --data $s --scenarios $s/scenarios.csv --out "whatif-$bin" > "$t/whatif.txt" 2>&1 || true
  "$b" match -q --data $s --previous "out-$bin/sample/assignments.csv" --out "prev-$bin" > /dev/null 2>&1 || true
  # The HTML report (its timings and command line aside) and the letters,
  # on the sample and a scarce pool.
  for pool in sample scarce-S4; do
    sed -e 's/[0-9][0-9.]* s</ s</g; s/<td class="n">[0-9.]*<\/td><\/tr>/T/g; s#<code>[^<]*match -q[^<]*</code>#COMMAND#' \
      "out-$bin/$pool/report.html" > "out-$bin/$pool/report.stripped"
    rm -rf "letters-$bin/$pool"
    "$b" letters -q --data "pools/$pool" --plan "out-old/$pool/assignments.csv" --out "letters-$bin/$pool" > /dev/null 2>&1 || true
  done
done
for pool in sample scarce-S4; do
  cmp -s "out-old/$pool/report.stripped" "out-new/$pool/report.stripped" || { echo "DIFFERS: $pool/report.html"; fail=1; }
  diff -rq "letters-old/$pool" "letters-new/$pool" > /dev/null || { echo "DIFFERS: $pool letters"; fail=1; }
done
for pool in "${pools[@]}"; do
  for f in assignments.csv unfilled.csv alternates.csv mission_summary.csv service_summary.csv passed_over.csv summary.stripped; do
    if ! cmp -s "out-old/$pool/$f" "out-new/$pool/$f"; then echo "DIFFERS: $pool/$f"; fail=1; fi
  done
done
for f in text-old/*; do
  g=text-new/$(basename "$f")
  cmp -s "$f" "$g" || { echo "DIFFERS: $(basename "$f")"; diff "$f" "$g" | head -20 || true; fail=1; }
done
for f in $(cd whatif-old && find . -name '*.csv' | sort); do
  cmp -s "whatif-old/$f" "whatif-new/$f" || { echo "DIFFERS: whatif/$f"; fail=1; }
done
for f in $(cd prev-old && ls *.csv); do
  cmp -s "prev-old/$f" "prev-new/$f" || { echo "DIFFERS: previous/$f"; fail=1; }
done
echo "pools compared: ${pools[*]}"
[ $fail -eq 0 ] && echo "every output identical" || { echo "outputs differ"; exit 1; }
