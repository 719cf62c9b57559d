#!/usr/bin/env bash
# Regenerates docs/workbook.png: the top of the first sheet of plan.xlsx
# (the sample match) as LibreOffice Calc prints it. Needs the Debian
# packages libreoffice-calc and poppler-utils (not needed by the tests).
#
#   scripts/workbook_screenshot.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/release/missionmatch match -q --out "$work/out"
soffice --headless --convert-to pdf --outdir "$work" "$work/out/plan.xlsx" >/dev/null 2>&1
pdftoppm -png -r 140 -f 1 -l 1 -x 40 -y 60 -W 1480 -H 420 "$work/plan.pdf" "$work/page"
cp "$work"/page-*.png docs/workbook.png
echo "wrote docs/workbook.png"
