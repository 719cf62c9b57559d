#!/usr/bin/env bash
# Fuzzes every target (cargo fuzz, nightly Rust) for SECONDS each, JOBS at
# a time, and prints a Markdown table: executions, seconds, corpus size,
# peak memory, crashes. Crashing inputs land in fuzz/artifacts/TARGET/.
# The corpus starts from fuzz/corpus.tar.gz and is minimized (cargo fuzz
# cmin) and packed back into it afterwards; tests/fuzz_corpus.rs replays
# that archive on every `cargo test`.
#
#   scripts/fuzz.sh                      # 20 minutes per target, 2 at a time
#   SECONDS_PER_TARGET=60 scripts/fuzz.sh
#
# The crate forbids unsafe code, so the default is no sanitizer (about
# four times the executions of AddressSanitizer): the fuzzing looks for
# panics, hangs (10 s per input) and memory blowups (2 GB). SANITIZER=address
# turns ASan back on.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
SECS=${SECONDS_PER_TARGET:-1200}
JOBS=${JOBS:-2}
TOOLCHAIN=${TOOLCHAIN:-nightly}
SANITIZER=${SANITIZER:-none}
targets=$(cargo +"$TOOLCHAIN" fuzz list)
[ -d corpus ] || tar -xzf corpus.tar.gz
cargo +"$TOOLCHAIN" fuzz build -O -s "$SANITIZER" >/dev/null
logs=$(mktemp -d)
run() {
  local t=$1
  mkdir -p "corpus/$t"
  cargo +"$TOOLCHAIN" fuzz run "$t" -O -s "$SANITIZER" -- \
    -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 >"$logs/$t.log" 2>&1 || true
}
export -f run
export SECS TOOLCHAIN SANITIZER logs
printf '%s\n' $targets | xargs -P "$JOBS" -I{} bash -c 'run {}'
echo "| target | seconds | executions | exec/s | corpus files | peak RSS MB | crashes |"
echo "|---|---|---|---|---|---|---|"
for t in $targets; do
  log="$logs/$t.log"
  execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
  secs=$(grep -m1 -o 'runs in [0-9]* second' "$log" | awk '{print $3}' || true)
  rate=$(grep -m1 'stat::average_exec_per_sec' "$log" | awk '{print $2}')
  rss=$(grep -m1 'stat::peak_rss_mb' "$log" | awk '{print $2}')
  crashes=$(ls "artifacts/$t" 2>/dev/null | wc -l)
  files=$(ls "corpus/$t" | wc -l)
  echo "| $t | ${secs:-$SECS} | ${execs:-?} | ${rate:-?} | $files | ${rss:-?} | $crashes |"
done
rm -rf /tmp/fuzz-logs && cp -r "$logs" /tmp/fuzz-logs
for t in $targets; do
  cargo +"$TOOLCHAIN" fuzz cmin -O -s "$SANITIZER" "$t" >/dev/null 2>&1
done
tar -czf corpus.tar.gz --sort=name --owner=0 --group=0 --mtime=2026-01-01 corpus
