#!/usr/bin/env bash
# Regenerates docs/report.png: the HTML report of the sample match, as
# headless Chromium renders it (Debian package `chromium`).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/release/missionmatch match -q --data data --out "$work/out" --report "$work/report.html"
"${CHROMIUM:-chromium}" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --window-size=1280,2400 --screenshot="$PWD/docs/report.png" "file://$work/report.html" 2>/dev/null
echo "wrote docs/report.png"
